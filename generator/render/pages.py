"""Rendering: the corpus into Markdown pages with Jinja2 templates. Builds strings only; the writer writes.

Every `{{ value }}` is made inert by the environment's finalize hook unless a filter already marked it
safe (rich_text for math, front_matter for YAML), so a template cannot forget to escape source text.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Callable

import markdown
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from urllib.parse import quote

from . import charts, export, markup
from .feeds import atom_feed
from ..config import Config
from ..enrich.links import clean_url
from ..enrich.keyphrases import ABSTRACTS_BELOW
from ..enrich.tagging import FIELD_SHARE
from ..review.curation import find
from ..model import Corpus, Page, Paper, Stream
from ..review.notes import STATUSES
from ..review.permalinks import redirect_page
from ..readers import describe_sources
from ..readers.fields import display_name
from ..report import Report
from ..review.pages import screening_pages
from .search_terms import search_terms

TEMPLATES = Path(__file__).parent.parent / "templates"
TOP_TAGS_PER_TOPIC = 8
NEW_SHOWN = 20  # papers of the newest fetch listed on the home page (all are in the feed and the table)
LISTING_PAGE = 500  # papers per listing page (tags, topics, years, reading lists)
PARALLEL_FROM = 400  # below this many papers a second process costs more than it saves
PAPER_BATCH = 1000  # paper pages rendered, then written, at a time
MAP_LIMIT = 3000  # dots on the topic map: beyond this the SVG outweighs its use (newest papers shown)


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a content file, relative to the site root ("papers/x.md" -> "papers/x/")."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(here: str, target: str, directory_urls: bool) -> str:
    """A link from page `here` to `target` (both content paths). Generated pages write links as HTML, which
    MkDocs neither rewrites nor has to parse: most of a build's time was Markdown link handling."""
    here_url = page_url(here, directory_urls)
    base = here_url if here_url.endswith("/") or here_url == "" else posixpath.dirname(here_url)
    target_url = page_url(target, directory_urls)
    relative = relative_path(target_url, base)
    if target_url.endswith("/") or target_url == "":
        relative = relative.rstrip("/") + "/"
    return "./" if relative == "./" or relative == "/" else relative


def relative_path(target: str, base: str) -> str:
    """posixpath.relpath for paths relative to the site root without "." or ".." parts (what page_url
    gives), in string operations alone: relpath resolved both against the working folder, which was a
    tenth of rendering."""
    to, start = [part for part in target.split("/") if part], [part for part in base.split("/") if part]
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def _finalize(value: object) -> object:
    if value is None:
        return ""
    return value if isinstance(value, Markup) else markup.text(value)


PLAIN = re.compile(r"[a-z][a-z0-9_-]*")  # a YAML plain scalar that stays a string...
YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}  # ...unless it is one of these


def front_matter(values: dict) -> Markup:
    """YAML front matter from plain values, HTML-escaped (Material prints page.meta without escaping).
    Characters beyond Latin-1 become character references: a description's "…" would otherwise make
    Python hold the whole page at two bytes a character (100,000 pages are held at once)."""
    lines = []
    for key, value in values.items():
        if isinstance(value, str):
            # A JSON string is a YAML double-quoted scalar: written directly, it costs a fraction of
            # PyYAML's emitter, which was once the larger part of rendering a paper page.
            escaped = html.escape(value, quote=True).encode("latin-1", "xmlcharrefreplace").decode("latin-1")
            lines.append(f"{key}: {json.dumps(escaped)}\n")
        elif isinstance(value, (list, tuple)) and value and all(
                isinstance(item, str) and PLAIN.fullmatch(item) and item not in YAML_WORDS for item in value):
            lines.append(f"{key}:\n" + "".join(f"- {item}\n" for item in value))  # as PyYAML writes it ("hide: [toc]")
        else:
            lines.append(yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=10_000))
    return Markup("---\n" + "".join(lines) + "---\n")


def human_date(iso: str | None) -> str:
    """"2024-10-15" -> "Oct 15, 2024"; "2024-10" -> "Oct 2024"; "2024" stays."""
    if not iso:
        return ""
    if len(iso) == 4:
        return iso
    if len(iso) == 7:
        return f"{date.fromisoformat(iso + '-01'):%b %Y}"
    day = date.fromisoformat(iso)
    return f"{day:%b} {day.day}, {day.year}"


NEW_STYLE_ARXIV = re.compile(r"\d{4}\.\d{4,5}")


def identifier_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) for the paper's arXiv page and PDF, DOI and own URL: built from validated ids."""
    links = []
    if paper.arxiv_id:
        links.append((f"arXiv:{paper.arxiv_id}{paper.arxiv_version}", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    pdf = clean_url(paper.pdf_url) if paper.pdf_url else None
    if pdf:
        links.append(("PDF", pdf))
    for doi in paper.dois:
        links.append((f"DOI {doi}", "https://doi.org/" + quote(doi, safe="/:;()._-")))
    url = clean_url(paper.url) if paper.url else None
    if NEW_STYLE_ARXIV.fullmatch(paper.arxiv_id):  # Hugging Face has a page (discussion, models) for each
        links.append(("Hugging Face", f"https://huggingface.co/papers/{paper.arxiv_id}"))
    if url and not any(url == link for _, link in links) and "arxiv.org/abs/" not in url:
        links.append(("Link", url))
    return links


AUTHORS_SHOWN = 20  # on a paper's page; the others are in its hidden search terms


def author_list(paper: Paper, limit: int = AUTHORS_SHOWN) -> str:
    names = [display_name(author) for author in paper.authors]
    others = " et al." if paper.more_authors else ""  # the source's own list was incomplete
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more" + others
    return ", ".join(names) + others


NOTE_EXTENSIONS = ["admonition", "tables", "fenced_code", "sane_lists", "attr_list", "footnotes"]


def note_block(body: str) -> Markup:
    """The reviewer's own Markdown (their file, so trusted) as HTML, for pages that skip MkDocs' Markdown."""
    return Markup(markdown.markdown(body, extensions=NOTE_EXTENSIONS))


def groupby_month(papers: list[Paper]) -> list[tuple[str, list[Paper]]]:
    """Consecutive papers of one month (papers come newest first), keyed "yyyy-mm" or "yyyy"."""
    groups: list[tuple[str, list[Paper]]] = []
    for paper in papers:
        month = paper.date[:7] if paper.date and len(paper.date) >= 7 else str(paper.year or _year(paper.date))
        if groups and groups[-1][0] == month:
            groups[-1][1].append(paper)
        else:
            groups.append((month, [paper]))
    return groups


def stars(rating: int | None) -> str:
    return "★" * rating + "☆" * (5 - rating) if rating else ""


@pass_context
def bibtex_block(context, paper: Paper) -> str:
    """The paper's BibTeX entry as plain text (the template escapes it into a <pre><code> block), under the
    same key as in the downloads; without the abstract, which the page shows above it."""
    return export.bibtex_entry(paper, context["citation_keys"][paper.id], abstract=False).rstrip("\n")


def html_text(value: object) -> Markup:
    """Text for raw HTML blocks, where Markdown never looks: HTML escaping is enough."""
    return Markup(html.escape(str(value), quote=True))


def make_environment(directory_urls: bool = True) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,  # output is Markdown; escaping is done by finalize and markup.text
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    @pass_context
    def href(context, target: str) -> Markup:
        return Markup(relative_url(context["here"], target, directory_urls))

    @pass_context
    def md_link(context, target: str) -> Markup:
        """For Markdown links, which MkDocs checks and rewrites itself: a path between source files."""
        return Markup(posixpath.relpath(target, posixpath.dirname(context["here"]) or "."))

    @pass_context
    def paper_search_terms(context, paper: Paper) -> str:
        keys = [context["citation_keys"][paper.id], *export.source_keys(paper)]
        return search_terms(paper, context["tags"], AUTHORS_SHOWN, keys)

    @pass_context
    def downloads(context) -> Markup:
        """The downloads folder, relative to the page: the export buttons fetch papers.bib and the like there."""
        return Markup(posixpath.dirname(relative_url(context["here"], "downloads/papers.bib", directory_urls)) + "/")

    env.globals["href"] = href
    env.globals["downloads"] = downloads
    env.globals["md_link"] = md_link
    env.filters.update(
        h=html_text,
        rich_html=markup.rich_html,
        rich=markup.rich_text,
        search_terms=paper_search_terms,
        plain=markup.plain_text,
        summary=markup.summary,
        attribute=markup.attribute,
        front_matter=front_matter,
        human_date=human_date,
        identifier_links=identifier_links,
        author_list=author_list,
        bibtex=bibtex_block,
        note_block=note_block,
        groupby_month=groupby_month,
        stars=stars,
    )
    return env


def possible_twins(papers: list[Paper], possible: list) -> dict[str, list[tuple[Paper, str]]]:
    """For each paper, the papers dedup left apart from it as possible duplicates, with the reason: shown
    as such on its page, never as related papers."""
    owner = {record.record_id: paper for paper in papers for record in paper.records}
    twins: dict[str, dict[str, tuple[Paper, str]]] = defaultdict(dict)
    for pair in possible:
        a, b = owner.get(pair.a.record_id), owner.get(pair.b.record_id)
        if a is not None and b is not None and a.id != b.id:
            twins[a.id].setdefault(b.id, (b, pair.reason))
            twins[b.id].setdefault(a.id, (a, pair.reason))
    return {paper_id: sorted(found.values(), key=lambda item: item[0].id) for paper_id, found in twins.items()}


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


def by_recency(papers: list[Paper]) -> list[Paper]:
    """Newest first, undated last, then by title: the order every listing uses."""
    return sorted(papers, key=lambda paper: (-(int(paper.date.replace("-", "")) if paper.date else 0),
                                             markup.plain_text(paper.title).casefold(), paper.id))


class Renderer:
    """Builds the context once (Pelican-style), then renders every page from it."""

    def __init__(self, corpus: Corpus, report: Report, config: Config):
        self.env = make_environment(config.directory_urls)
        self.corpus = corpus
        self.report = report
        self.config = config
        self.papers_by_id = {paper.id: paper for paper in corpus.papers}
        self.by_tag: dict[str, list[Paper]] = defaultdict(list)
        self.mentioned: dict[str, list[Paper]] = defaultdict(list)  # by the papers whose titles name other tags
        self.by_topic: dict[str, list[Paper]] = defaultdict(list)
        # Every listing's order, sorted once (each sort reads every title's plain text: 0.15 s at 8,593 papers)
        self.recent = by_recency(corpus.papers)
        for paper in self.recent:
            for tag in paper.tags:
                self.by_tag[tag].append(paper)
            for tag in paper.mentions:
                self.mentioned[tag].append(paper)
            if paper.topic:
                self.by_topic[paper.topic].append(paper)
        for members in self.by_topic.values():  # a topic lists its most central papers first
            members.sort(key=lambda paper: (-paper.centrality, paper.id))
        featured = [find(corpus.papers, key) for key in config.curation.featured]
        self.common = {
            "featured": [paper for paper in featured if paper is not None],
            "with_notes": any(paper.status or paper.rating for paper in corpus.papers),
            "collection": config,
            "tags": corpus.tags,
            "vocabulary_set_aside": corpus.vocabulary_set_aside,
            "topics": corpus.topics,
            "papers_by_id": self.papers_by_id,
            "citation_keys": export.citation_keys(corpus.papers),
            "possible_twins": possible_twins(corpus.papers, report.possible),
        }

    def _render(self, template: str, path: str, **context) -> Page:
        text = self.env.get_template(template).render(**self.common, here=path, **context)
        return Page(path, text)

    def topic_tags(self, topic: str) -> list[tuple[str, int]]:
        counts = Counter(tag for paper in self.by_topic[topic] for tag in paper.tags)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_TAGS_PER_TOPIC]

    def pages(self, advance: Callable[[float], None] | None = None) -> list[Page]:
        """Every page, at once, in this process (litsite check and note, which write nothing). The
        pipeline writes pages as they are rendered instead (pipeline.render_and_write)."""
        return [page for batch in self.paper_batches(self.corpus.papers, advance) for page in batch] + \
            [page for batch in self.listing_batches() for page in batch] + [self.report_page()]

    def listing_batches(self) -> Iterator[list[Page]]:
        """Every page but the papers' own and the report (which lists the pages that could not be written,
        so it comes last), a batch at a time: tags, topics, indexes, timeline, downloads (one at a time:
        each is the whole collection), feeds, data."""
        corpus = self.corpus
        used_tags = sorted(self.by_tag.keys() | self.mentioned.keys(),
                           key=lambda slug: (-len(self.by_tag[slug]), -len(self.mentioned[slug]), slug))
        topics = sorted(self.by_topic, key=lambda key: (-len(self.by_topic[key]), key))
        for slug in used_tags:
            yield self.paginated("tag.md.j2", f"tags/{slug}", self.by_tag[slug], self.mentioned[slug],
                                 tag=corpus.tags[slug])
        for key in topics:
            yield self.paginated("topic.md.j2", f"topics/{key}", self.by_topic[key], topic=corpus.topics[key],
                                 top_tags=self.topic_tags(key))
        listing = {"by_tag": self.by_tag, "mentioned": self.mentioned, "by_topic": self.by_topic, "used_tags": used_tags, "topic_order": topics}
        yield [
            self._render("home.md.j2", "index.md", report=self.report, description=self.description(),
                         new_papers=self.new_papers(), new_shown=NEW_SHOWN, **listing),
            self._render("tags_index.md.j2", "tags/index.md", **listing),
            self._render("topics_index.md.j2", "topics/index.md", **listing),
            self._render("papers_index.md.j2", "papers/index.md", papers=self.recent),
        ]
        for page in self.downloads():
            yield [page]
        yield [*self.reading_lists(), *self.redirects(), *self.timeline(), self.stats(), self.topic_map(),
               *self.feeds()]
        yield [self.table_data(), *screening_pages(self)]

    def new_papers(self) -> list[Paper]:
        """The papers the newest fetch brought (fetched.json), newest first."""
        last = self.report.last_fetch
        return [paper for paper in self.recent if last and paper.entered == last]

    def description(self) -> str:
        """The collection's description (litsite.yml), else what it was made from: never the demo's."""
        papers = len(self.report.papers)
        return self.config.description or (
            f"A literature review of {papers} paper{'' if papers == 1 else 's'} read from "
            f"{describe_sources(self.report.files)}, deduplicated, tagged and grouped by topic.")

    def table_data(self) -> Stream:
        """What the All-papers table needs, one small row per paper, fetched by assets/papers-table.js.
        Titles are pre-rendered by rich_text (escaped text and sanitized MathML), the same as on pages.
        Written a row at a time (35 MB at 100,000 records)."""
        keys = self.common["citation_keys"]

        def row(paper: Paper) -> dict:
            return {"t": str(markup.rich_text(paper.title)), "p": markup.plain_text(paper.title), "u": f"{paper.slug}/",
                    "d": paper.date or (str(paper.year) if paper.year else ""), "y": paper.year or _year(paper.date),
                    "o": paper.topic or "", "g": list(paper.tags), "s": paper.status or "", "r": paper.rating or 0,
                    "v": paper.upvotes or 0, "a": [display_name(author) for author in paper.authors[:3]],
                    "k": keys[paper.id]}

        def chunks() -> Iterator[str]:
            head = {"topics": {key: topic.label for key, topic in self.corpus.topics.items()},
                    "tags": {slug: self.corpus.tags[slug].label for slug in sorted(self.by_tag)}}
            yield json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"papers":['
            yield from export.joined((json.dumps(row(paper), ensure_ascii=False, separators=(",", ":"))
                                      for paper in self.recent), ",")
            yield "]}\n"
        return Stream("papers/table.json", chunks)

    def timeline(self) -> list[Page]:
        """Papers by year and month: an index of counts, and one page per year (no page lists every paper)."""
        by_year: dict[int, dict[str, list[Paper]]] = defaultdict(lambda: defaultdict(list))
        undated = []
        for paper in self.recent:
            year = paper.year or _year(paper.date)
            if year is None:
                undated.append(paper)
                continue
            month = paper.date[:7] if paper.date and len(paper.date) >= 7 else f"{year}"
            by_year[year][month].append(paper)
        years = sorted(by_year, reverse=True)
        pages = [page for year in years for page in self.paginated(
            "timeline_year.md.j2", f"timeline/{year}", [p for month in by_year[year].values() for p in month],
            year=year)]
        return pages + [self._render("timeline_index.md.j2", "timeline/index.md", years=years, by_year=by_year,
                                     undated=len(undated))]

    def stats(self) -> Page:
        papers = self.corpus.papers
        years = Counter(paper.year or _year(paper.date) for paper in papers)
        year_bars = [charts.Bar(str(year), years[year], f"../timeline/{year}/") for year in sorted(y for y in years if y)]
        topic_bars = [charts.Bar(self.corpus.topics[key].label, len(self.by_topic[key]), f"../topics/{key}/")
                      for key in sorted(self.by_topic, key=lambda k: (-len(self.by_topic[k]), k))]
        top_tags = sorted(self.by_tag, key=lambda slug: (-len(self.by_tag[slug]), slug))
        tag_bars = [charts.Bar(self.corpus.tags[slug].label, len(self.by_tag[slug]), f"../tags/{slug}/")
                    for slug in top_tags[:25]]
        grid_tags = top_tags[:15]
        position = {slug: index for index, slug in enumerate(grid_tags)}
        pairs: Counter = Counter()
        for paper in papers:
            present = sorted(position[tag] for tag in paper.tags if tag in position)
            for index, i in enumerate(present):
                for j in present[index:]:
                    pairs[(i, j)] += 1
        figures = {
            "years": charts.vertical_bars(year_bars, "Papers per year") if year_bars else "",
            "topics": charts.horizontal_bars(topic_bars, "Papers per topic"),
            "tags": charts.horizontal_bars(tag_bars, "Papers per tag (25 largest)"),
            "cooccurrence": charts.cooccurrence([self.corpus.tags[s].label for s in grid_tags], dict(pairs),
                                                "Tags that appear together (15 largest tags)",
                                                [f"../tags/{s}/" for s in grid_tags]) if grid_tags else "",
        }
        return self._render("stats.md.j2", "stats/index.md", figures={k: Markup(v) for k, v in figures.items()})

    def topic_map(self) -> Page:
        """One dot per paper, placed by text similarity, coloured by topic; capped so the page stays light."""
        order = [key for key in sorted(self.by_topic, key=lambda k: (-len(self.by_topic[k]), k))]
        group = {key: index for index, key in enumerate(order)}
        shown = self.recent[:MAP_LIMIT]
        points = [charts.Point(*self.corpus.positions.get(paper.id, (0.5, 0.5)), group.get(paper.topic, 0),
                               markup.plain_text(paper.title), f"../papers/{paper.slug}/") for paper in shown]
        key = charts.legend([(self.corpus.topics[key].label, f"../topics/{key}/") for key in order])
        svg = charts.scatter(points, "Papers placed by text similarity, coloured by topic")
        return self._render("map.md.j2", "map/index.md", svg=Markup(svg), legend=Markup(key), shown=len(shown),
                            total=len(self.corpus.papers))

    def feeds(self) -> list[Page]:
        site_url, title = self.config.site_url, self.config.title
        pages = [Page("feed.xml", atom_feed(self.corpus.papers, f"{title}: newest papers", "feed.xml", site_url))]
        for key, papers in self.by_topic.items():
            pages.append(Page(f"topics/{key}.xml", atom_feed(papers, f"{title}: {self.corpus.topics[key].label}",
                                                             f"topics/{key}.xml", site_url)))
        return pages

    def paginated(self, template: str, base: str, papers: list[Paper], also: list[Paper] = (),
                  **context) -> list[Page]:
        """A listing split into pages of LISTING_PAGE papers: base.md, base/page-2.md, ... so no listing
        page grows with the collection (a 4,000-paper tag page would weigh well over 1 MB). `also` is a
        second list after the first (a tag's mentions), paged with it: a page gets `papers` and `also`."""
        listed = [*papers, *also]
        chunks = [range(start, min(start + LISTING_PAGE, len(listed)))
                  for start in range(0, len(listed), LISTING_PAGE)] or [range(0)]
        paths = [f"{base}.md"] + [f"{base}/page-{number}.md" for number in range(2, len(chunks) + 1)]
        return [self._render(template, path, papers=[listed[i] for i in chunk if i < len(papers)],
                             also=[listed[i] for i in chunk if i >= len(papers)], total=len(papers),
                             also_total=len(also), pager=list(enumerate(paths, 1)), page_number=number, **context)
                for number, (path, chunk) in enumerate(zip(paths, chunks), start=1)]

    def paper_batches(self, papers: list[Paper], advance: Callable[[float], None] | None = None,
                      step: float = 1) -> Iterator[list[Page]]:
        """One page per paper, PAPER_BATCH at a time; `advance(step)` hears of each."""
        for start in range(0, len(papers), PAPER_BATCH):
            pages = []
            for paper in papers[start:start + PAPER_BATCH]:
                pages.append(self._render("paper.md.j2", f"papers/{paper.slug}.md", paper=paper,
                                          related_shown=related_shown(paper, self.common["possible_twins"])))
                if advance:
                    advance(step)
            yield pages

    def reading_lists(self) -> list[Page]:
        """One page per reading status, from the notes' front matter, and an index of them."""
        by_status = {status: [p for p in self.recent if p.status == status] for status in STATUSES}
        pages = [page for status, papers in by_status.items()
                 for page in self.paginated("reading_list.md.j2", f"reading/{status}", papers, status=status)]
        return pages + [self._render("reading_index.md.j2", "reading/index.md", by_status=by_status)]

    def redirects(self) -> list[Page]:
        return [Page(f"papers/{old}/index.html", redirect_page(new)) for old, new in self.report.redirects.items()] + \
            [Page(f"topics/{old}/index.html", redirect_page(new, "topic"))
             for old, new in sorted(self.report.topic_redirects.items())]

    def downloads(self) -> Iterator[Page | Stream]:
        """The whole collection as BibTeX, JSON, CSV, RIS and CSL-JSON (data files: no template, no Markdown),
        each a stream the writer writes as it comes; and the topics."""
        papers = self.recent
        urls = {paper.id: f"papers/{paper.slug}/" for paper in papers}
        keys = self.common["citation_keys"]
        yield Stream("downloads/papers.bib", lambda: export.papers_bib_chunks(papers, keys))
        yield Stream("downloads/papers.json", lambda: export.papers_json_chunks(papers, urls))
        yield Stream("downloads/papers.csv", lambda: export.papers_csv_chunks(papers, urls))
        yield Stream("downloads/papers.ris", lambda: export.papers_ris_chunks(papers, keys))
        yield Stream("downloads/papers-csl.json", lambda: export.papers_csl_chunks(papers, keys))
        yield Page("downloads/topics.json", self.topics_json())

    def topics_json(self) -> str:
        """The topics as data: key, label, terms in order, papers from most to least central."""
        topics = [{"key": key, "label": topic.label, "terms": list(topic.terms), "page": f"topics/{key}/",
                   "papers": [{"title": paper.title, "page": f"papers/{paper.slug}/", "centrality": paper.centrality}
                              for paper in self.by_topic.get(key, [])]}
                  for key, topic in sorted(self.corpus.topics.items(), key=lambda item: (-len(self.by_topic.get(item[0], [])), item[0]))]
        return json.dumps({"topics": topics}, indent=1, ensure_ascii=False) + "\n"

    def report_page(self) -> Page:
        return self._render("report.md.j2", "report.md", report=self.report, field_share=f"{FIELD_SHARE:.0%}",
                            abstracts_below=f"{ABSTRACTS_BELOW:,}")
