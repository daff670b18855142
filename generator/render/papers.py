"""Paper pages, PAPER_BATCH at a time, and the All-papers table's data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Callable

from ..model import Page, Paper, Stream
from ..readers.fields import display_name
from ..site.search_index import TITLES_LIST, titles_listed
from . import export, markup
from .context import Site
from .environment import _year

PAPER_BATCH = 1000  # paper pages rendered, then written, at a time


def paper_batches(site: Site, papers: list[Paper], advance: Callable[[float], None] | None = None,
                  step: float = 1) -> Iterator[list[Page]]:
    """One page per paper, PAPER_BATCH at a time; `advance(step)` hears of each."""
    for start in range(0, len(papers), PAPER_BATCH):
        pages = []
        for paper in papers[start:start + PAPER_BATCH]:
            pages.append(site.render("paper.md.j2", f"papers/{paper.slug}.md", paper=paper,
                                     related_shown=related_shown(paper, site.common["possible_twins"])))
            if advance:
                advance(step)
        yield pages


def related_shown(paper: Paper, twins: dict[str, list[tuple[Paper, str]]]) -> list:
    """The related papers a paper's page lists: never its own possible duplicates (shown as such), and of
    papers that are possible duplicates of one another, only the first (a list showed one hamster study
    twice under the same title)."""
    hidden = {other.id for other, _ in twins.get(paper.id, ())}
    shown = []
    for related in paper.related:
        if related.paper_id not in hidden:
            shown.append(related)
            hidden.update(other.id for other, _ in twins.get(related.paper_id, ()))
    return shown


def table_data(site: Site) -> Stream:
    """What the All-papers table needs, one small row per paper, fetched by assets/papers-table.js.
    Titles are pre-rendered by rich_text (escaped text and sanitized MathML), the same as on pages.
    Written a row at a time (35 MB at 100,000 records)."""
    keys = site.common["citation_keys"]

    def row(paper: Paper) -> dict:
        return {"t": str(markup.rich_text(paper.title)), "p": markup.plain_text(paper.title), "u": f"{paper.slug}/",
                "d": paper.date or (str(paper.year) if paper.year else ""), "y": paper.year or _year(paper.date),
                "o": paper.topic or "", "g": list(paper.tags), "s": paper.status or "", "r": paper.rating or 0,
                "v": paper.upvotes or 0, "a": [display_name(author) for author in paper.authors[:3]],
                "k": keys[paper.id]}

    def chunks() -> Iterator[str]:
        head = {"topics": {key: topic.label for key, topic in site.corpus.topics.items()},
                "tags": {slug: site.corpus.tags[slug].label for slug in sorted(site.by_tag)}}
        yield json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"papers":['
        yield from export.joined((json.dumps(row(paper), ensure_ascii=False, separators=(",", ":"))
                                  for paper in site.recent), ",")
        yield "]}\n"
    return Stream("papers/table.json", chunks)


def titles_data(site: Site) -> list[Stream]:
    """Each paper's title (as plain text) and page, newest first: the search box finds titles in it while
    it waits for Pagefind (content/assets/search.js), so results show as a key is typed (at 8,593 papers
    Pagefind's answer to "transformer models" came up to 950 ms after the last key). 1.35 MB at 8,579
    papers (0.37 MB compressed), fetched when the box is first focused. Not written where litsite.yml's
    search_titles_first asks for the titles' own Pagefind index or for no titles (site/search_index.py)."""
    if not titles_listed(site.config.search_titles_first):
        return []

    def chunks() -> Iterator[str]:
        yield "["
        yield from export.joined((json.dumps([markup.plain_text(paper.title), f"papers/{paper.slug}/"],
                                             ensure_ascii=False, separators=(",", ":")) for paper in site.recent), ",")
        yield "]\n"
    return [Stream(TITLES_LIST, chunks)]
