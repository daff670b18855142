"""The collection as data: the downloads (BibTeX, JSON, CSV, RIS, CSL-JSON, streamed), topics.json and the
Atom feeds."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ..model import Page, Paper, Stream
from . import export
from .context import Site
from .feeds import atom_feed


def downloads(site: Site) -> Iterator[list[Page | Stream]]:
    """Batches to write one after another: the whole collection in each format the settings publish (BibTeX,
    RIS, CSL-JSON, JSON, CSV: data files, no template, no Markdown), each alone, a stream the writer writes as
    it comes; then where each paper's entry is in those a paper page's buttons save from (EntryIndex), and
    the topics. The formats the buttons save in list the papers by id, so that each file of the index covers
    one stretch of them (EntryIndex); JSON and CSV list them newest first."""
    papers = site.recent
    by_id = sorted(papers, key=lambda paper: paper.id)
    urls = {paper.id: f"papers/{paper.slug}/" for paper in papers}
    keys = site.common["citation_keys"]
    chunks = {"bibtex": lambda: export.papers_bib_chunks(by_id, keys),
              "ris": lambda: export.papers_ris_chunks(by_id, keys),
              "csl-json": lambda: export.papers_csl_chunks(by_id, keys),
              "json": lambda: export.papers_json_chunks(papers, urls),
              "csv": lambda: export.papers_csv_chunks(papers, urls)}
    index = EntryIndex(by_id, keys)
    for download in site.common["downloads_published"]:
        made = chunks[download.format]
        yield [Stream(f"downloads/{download.file}", index.recording(download.export, made) if download.export else made)]
    yield [*index.files(), Page("downloads/topics.json", topics_json(site))]


# What the paper pages' buttons save one paper from. The downloads hold every paper's entry, by paper id;
# downloads/entries/<export.entry_shard of the id>.json says where each of its papers' entries is (bytes, from
# and to) in each download, counted from where that stretch of papers begins, which
# downloads/entries/sections.json says. The button reads both, then asks for the entry's bytes alone (an HTTP
# range request, which GitHub Pages answers); a server that sends the whole file instead still gives it.
# (A button fetched the whole file before: 12 MB of RIS at 8,579 papers for one entry.) One edited record
# changes the downloads, sections.json and its own file of the index. (Places counted from each download's
# start would move for every later paper at each edit, and up to 256 files with them.)


class EntryIndex:
    """Where each paper's entry lies in each download it is recorded for, found while the writer streams it.
    `papers` are in the downloads' order, by id, so those of one shard are one stretch."""

    LEADING = {"bibtex": "\n", "ris": "\n", "csl": "[,\n "}  # what a chunk holds before its paper's entry

    def __init__(self, papers: list[Paper], keys: dict[str, str]):
        self.papers, self.keys = papers, keys
        self.ranges: dict[str, dict[str, tuple[int, int]]] = {}  # export name -> paper id -> (from, to)
        self.sources: dict[str, Callable[[], Iterator[str]]] = {}

    def recording(self, name: str, chunks: Callable[[], Iterator[str]]) -> Callable[[], Iterator[str]]:
        """`chunks`, whose first len(papers) chunks are the papers' entries in order, noting where each is."""
        self.sources[name] = chunks

        def recorded() -> Iterator[str]:
            ranges = self.ranges[name] = {}
            position, leading = 0, self.LEADING[name]
            for number, chunk in enumerate(chunks()):
                size = len(chunk.encode("utf-8"))
                if number < len(self.papers):
                    ranges[self.papers[number].id] = (position + len(chunk) - len(chunk.lstrip(leading)),
                                                      position + size)
                position += size
                yield chunk
        return recorded

    def files(self) -> list[Page]:
        """The index's files (made after the downloads were written; where they were not, as with `litsite
        check`, which writes nothing, the entries are found here). None where no button saves papers."""
        if not self.sources:
            return []
        for name, chunks in self.sources.items():
            if len(self.ranges.get(name, ())) != len(self.papers):
                for _ in self.recording(name, chunks)():
                    pass
        sections: dict[str, dict[str, int]] = {name: {} for name in self.ranges}
        shards: dict[str, dict[str, dict[str, list[int]]]] = {}
        for paper in self.papers:
            shard = export.entry_shard(paper.id)
            entry = shards.setdefault(shard, {})[self.keys[paper.id]] = {}
            for name, ranges in sorted(self.ranges.items()):
                first, end = ranges[paper.id]
                start = sections[name].setdefault(shard, first)  # the stretch begins with its first paper
                entry[name] = [first - start, end - start]
        return [Page("downloads/entries/sections.json", dumps(sections)),
                *(Page(f"downloads/entries/{shard}.json", dumps(entries)) for shard, entries in sorted(shards.items()))]


def dumps(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":")) + "\n"


def topics_json(site: Site) -> str:
    """The topics as data: key, label, terms in order, papers from most to least central."""
    topics = [{"key": key, "label": topic.label, "terms": list(topic.terms), "page": f"topics/{key}/",
               "papers": [{"title": paper.title, "page": f"papers/{paper.slug}/", "centrality": paper.centrality}
                          for paper in site.by_topic.get(key, [])]}
              for key, topic in sorted(site.corpus.topics.items(), key=lambda item: (-len(site.by_topic.get(item[0], [])), item[0]))]
    return json.dumps({"topics": topics}, indent=1, ensure_ascii=False) + "\n"


def feeds(site: Site) -> list[Page]:
    site_url, title = site.config.site_url, site.config.title
    pages = [Page("feed.xml", atom_feed(site.corpus.papers, f"{title}: newest papers", "feed.xml", site_url))]
    for key, papers in site.by_topic.items():
        pages.append(Page(f"topics/{key}.xml", atom_feed(papers, f"{title}: {site.corpus.topics[key].label}",
                                                         f"topics/{key}.xml", site_url)))
    return pages
