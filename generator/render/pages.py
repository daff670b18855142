"""Rendering: the corpus into pages, a family at a time (papers.py, listings.py, figures.py, data.py, the
screening pages of review/pages.py, and the report), all from one Site (context.py) and Jinja2 templates
(environment.py). Builds strings only; the writer writes.

Every `{{ value }}` is made inert by the environment's finalize hook unless a filter already marked it
safe (rich_text for math, front_matter for YAML), so a template cannot forget to escape source text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Callable

from ..config import Config
from ..enrich.keyphrases import ABSTRACTS_BELOW
from ..enrich.tagging import FIELD_SHARE
from ..model import Corpus, Page, Paper, Stream
from ..report import Report
from ..review.pages import screening_pages
from . import data, figures, listings, papers as paper_pages
from .context import Site

PARALLEL_FROM = 400  # below this many papers a second process costs more than it saves
PAPER_TURN = 250  # paper pages a process takes at a time when several share them (pipeline.render_and_write)


class Renderer:
    """Every page family over one Site. The pipeline asks for paper pages and for the rest in batches, and
    writes each batch before the next is rendered; the report page comes last."""

    def __init__(self, corpus: Corpus, report: Report, config: Config):
        self.site = Site(corpus, report, config)
        self.corpus = corpus

    def pages(self, advance: Callable[[float], None] | None = None) -> list[Page]:
        """Every page, at once, in this process (litsite check and note, which write nothing). The
        pipeline writes pages as they are rendered instead (pipeline.render_and_write)."""
        return [page for batch in self.paper_batches(self.corpus.papers, advance) for page in batch] + \
            [page for batch in self.listing_batches() for page in batch] + [self.report_page()]

    def paper_batches(self, papers: list[Paper], advance: Callable[[float], None] | None = None,
                      step: float = 1) -> Iterator[list[Page]]:
        return paper_pages.paper_batches(self.site, papers, advance, step)

    def listing_batches(self) -> Iterator[list[Page | Stream]]:
        """Every page but the papers' own and the report (which lists the pages that could not be written,
        so it comes last), a batch at a time: tags, topics, indexes, downloads (one at a time: each is the
        whole collection), reading lists, redirects, timeline, figures, feeds, table data, the titles the
        search box finds while Pagefind works, screening."""
        for job in self.listing_jobs():
            yield from job()

    def listing_jobs(self) -> list[Callable[[], Iterable[list[Page | Stream]]]]:
        """The listing pages as three pieces of work that processes can share (the largest first): the
        downloads (together: sections.json records where the others put each paper), the tag pages, and
        the rest."""
        site = self.site

        def rest() -> Iterator[list[Page | Stream]]:
            yield from listings.topic_pages(site)
            yield listings.index_pages(site)
            yield [*listings.reading_lists(site), *listings.redirects(site), *listings.timeline(site),
                   figures.stats(site), figures.topic_map(site), *data.feeds(site)]
            yield [paper_pages.table_data(site), *paper_pages.titles_data(site), *screening_pages(site)]
        return [lambda: data.downloads(site), lambda: listings.tag_pages(site), rest]

    def report_page(self) -> Page:
        # the papers tagged only with subjects of their own (enrich/subjects.py), listed apart
        own = {slug for slug, tag in self.site.corpus.tags.items() if tag.own}
        return self.site.render("report.md.j2", "report.md", report=self.site.report,
                                own_papers=[paper for paper in self.site.report.papers
                                            if paper.tags and own.issuperset(paper.tags)],
                                field_share=f"{FIELD_SHARE:.0%}", abstracts_below=f"{ABSTRACTS_BELOW:,}")
