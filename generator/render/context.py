"""What every page family reads, computed once (Pelican's context): the papers by tag, topic and recency,
the settings, the report, citation keys; and how a page is rendered from a template."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from ..config import Config
from ..model import UNSORTED, Corpus, Page, Paper
from ..report import Report
from ..review.curation import find
from . import export, markup
from .environment import make_environment, page_links


class Download(NamedTuple):
    """One format the whole collection is published in: its name in the settings, its file in downloads/,
    its label, and the name the export buttons (export.js) give it, if they save papers in it."""

    format: str
    file: str
    label: str
    export: str = ""


DOWNLOADS = (Download("bibtex", "papers.bib", "BibTeX", "bibtex"), Download("ris", "papers.ris", "RIS", "ris"),
             Download("csl-json", "papers-csl.json", "CSL-JSON", "csl"), Download("json", "papers.json", "JSON"),
             Download("csv", "papers.csv", "CSV"))
LISTING_PAGE = 500  # papers per listing page (tags, topics, years, reading lists)


class Site:
    """The corpus with its listings' orders, the settings and the report, and the values every template
    sees (`common`)."""

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
            "downloads_published": [download for download in DOWNLOADS if download.format in config.downloads],
        }
        self.common["export_formats"] = [download for download in self.common["downloads_published"] if download.export]

    def render(self, template: str, path: str, **context) -> Page:
        text = self.env.get_template(template).render(**self.common, here=path,
                                                      **page_links(path, self.config.directory_urls), **context)
        return Page(path, text)

    def used_tags(self) -> list[str]:
        """The tags any paper carries or mentions, the largest first."""
        return sorted(self.by_tag.keys() | self.mentioned.keys(),
                      key=lambda slug: (-len(self.by_tag[slug]), -len(self.mentioned[slug]), slug))

    def topic_order(self) -> list[str]:
        """The topics any paper is in, the largest first; the papers in none ("unsorted") after them all."""
        return sorted(self.by_topic, key=lambda key: (key == UNSORTED.key, -len(self.by_topic[key]), key))

    def paginated(self, template: str, base: str, papers: list[Paper], also: list[Paper] = (),
                  **context) -> list[Page]:
        """A listing split into pages of LISTING_PAGE papers: base.md, base/page-2.md, ... so no listing
        page grows with the collection (a 4,000-paper tag page would weigh well over 1 MB). `also` is a
        second list after the first (a tag's mentions), paged with it: a page gets `papers` and `also`."""
        listed = [*papers, *also]
        chunks = [range(start, min(start + LISTING_PAGE, len(listed)))
                  for start in range(0, len(listed), LISTING_PAGE)] or [range(0)]
        paths = [f"{base}.md"] + [f"{base}/page-{number}.md" for number in range(2, len(chunks) + 1)]
        return [self.render(template, path, papers=[listed[i] for i in chunk if i < len(papers)],
                            also=[listed[i] for i in chunk if i >= len(papers)], total=len(papers),
                            also_total=len(also), pager=list(enumerate(paths, 1)), page_number=number, **context)
                for number, (path, chunk) in enumerate(zip(paths, chunks), start=1)]


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


def by_recency(papers: list[Paper]) -> list[Paper]:
    """Newest first, undated last, then by title: the order every listing uses."""
    return sorted(papers, key=lambda paper: (-(int(paper.date.replace("-", "")) if paper.date else 0),
                                             markup.plain_text(paper.title).casefold(), paper.id))
