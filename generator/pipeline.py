"""The whole generation, one stage after another: sources -> records -> papers -> enriched -> pages -> files."""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from threadpoolctl import threadpool_limits

from .config import CONFIG_NAME, DEFAULT_VOCABULARY, Config, load_decisions
from .review.curation import RenameTags, exclude
from .dedup import deduplicate
from .enrich.links import add_links
from .enrich.related import RelatedPapers
from .enrich.tagging import Tagging
from .enrich.tags import load_vocabulary
from .enrich.text_features import paper_text, readable, term_counts, with_abstracts
from .enrich.topic_names import NAMER, named_by_tags
from .enrich.topics import TopicModel
from .model import UNSORTED, Corpus, Problem
from .parallel import Background, Turns
from .fingerprint import Stamp, fingerprint
from .online.files import FetchLog, Resolved, apply_resolved
from .review.notes import ApplyNotes, NoteSet, load_notes, match_notes
from .review.permalinks import Permalinks, settle_topics, stabilize
from .progress import Progress
from .readers import find_source_files, read_sources
from .render.pages import PAPER_TURN, PARALLEL_FROM, Renderer
from .report import Report
from .site.search_index import SLOW_FROM as SLOW_SEARCH_FROM, titles_first

SILENT = Progress()
from .writer import WriteSummary, Writer, Writing


class NothingToGenerate(Exception):
    """No source could be read: there is no site to make."""


@dataclass
class Result:
    corpus: Corpus | None
    report: Report | None
    written: WriteSummary
    timings: dict[str, float] = field(default_factory=dict)
    unchanged: dict | None = None  # the last run's summary, when nothing changed since (no work done)


@contextmanager
def timed(timings: dict[str, float], stage: str, progress: Progress, total: float | None = None):
    progress.stage(stage, total)
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start


ENRICH_STEPS = 3  # tags (vocabulary, title phrases, broad ones capped); related papers and links (topics with them)


def enrich(corpus: Corpus, config: Config, progress: Progress = SILENT, links: Permalinks | None = None) -> Corpus:
    """Run the enrichment steps; each takes papers and returns papers. The reviewer's notes come after
    (apply_notes), so a note edit redoes none of this (see Memo).

    Topics, related papers and links read only titles and abstracts, and the first two weigh the same
    terms: one child process counts the terms (term_counts), then finds related papers and links while a
    process of its own fits the topics, and this one tags; their fields are then set on the papers (the
    same result as running in order). Measured at 8,593 synthetic papers: topics 14.4 s, tags 10.3, related
    8.6, links 0.3: with related papers in this process it waited 19 s for its steps, with three
    processes the two cores share the 33 s of work. Each process keeps to one BLAS thread. (Counting
    the terms once instead of in each of the two took 1.6 s of work off at 8,579 papers.)
    Topics keep the keys and labels published in `links` (pin_topics), which then records them with each
    paper's topic; while few papers arrived since the last fit, topics are not refitted at all
    (TopicModel.keep): papers keep their topic and new ones join the nearest.
    """
    tagging = Tagging(load_vocabulary(config.vocabulary), config.title_tags,
                      shipped=config.vocabulary == DEFAULT_VOCABULARY)
    topic_model = TopicModel(config.topic_count, extra_stop_words=config.extra_stop_words)
    related = RelatedPapers(config.related_count, config.extra_stop_words)
    papers, abstracts = readable(corpus.papers)  # markup and rights statements out, put back below
    published, previous = (links.topics, links.paper_topics()) if links else ({}, {})
    keep = topic_model.can_keep(papers, published, previous)

    def fit_topics(counts):
        grouped = topic_model.keep(papers, published, previous, counts) if keep else topic_model(papers, counts)
        return ([(paper.topic, paper.centrality) for paper in grouped], topic_model.topics, topic_model.positions,
                topic_model.placed)

    def text_steps(texts=tuple(papers)):  # the papers as they are now: these steps read only their text
        try:
            counts = term_counts([paper_text(paper) for paper in texts], config.extra_stop_words)
        except ValueError:  # no usable word at all: each step says so in its own way
            counts = None
        topics = Background(lambda counts=counts: fit_topics(counts))
        try:
            weighted = related.weigh(counts) if counts else None
        except ValueError:
            weighted = None
        del counts  # only the topics' process needs them now (at 25,009 papers, 90 MB)
        found = [(paper.related, paper.links) for paper in add_links(related(list(texts), weighted))]
        return [topics.result(), *found]  # a list: sent back in slices (parallel.SLICE)

    with threadpool_limits(limits=1):
        background = Background(text_steps, starts_more=True)
        papers = tagging(papers)
        progress.advance()
        (topic_keys, found, positions, placed), *neighbours = background.result()
        papers = [replace(paper, related=near, links=urls) for paper, (near, urls) in zip(papers, neighbours)]
        progress.advance(2)
    found = named_by_tags(found, [key for key, _ in topic_keys], papers,
                          {slug: tag.label for slug, tag in tagging.tags.items()}, fresh=not keep)
    papers, pinned = settle_topics(papers, topic_keys, found, placed, links or Permalinks(), keep, NAMER,
                                   config.topic_count)
    # In the order of their keys (unsorted last): the same whether they were fitted now or kept.
    topics = {topic.key: replace(topic, label=config.topic_labels.get(topic.key, topic.label),
                                 named=topic.named or topic.key in config.topic_labels)
              for topic in sorted(pinned, key=lambda topic: (topic.key == UNSORTED.key, topic.key))}
    papers = with_abstracts(RenameTags(config.curation.rename_tags, tagging.tags)(papers), abstracts)
    return Corpus(papers, tagging.tags, topics, corpus.files, corpus.problems, positions, tagging.set_aside,
                  tagging.set_aside_for)


def apply_notes(corpus: Corpus, notes: dict, reasons: tuple[str, ...] = ()) -> tuple[Corpus, list[Problem]]:
    """The reviewer's notes on the enriched papers: status, rating, tags added or removed, topic, screening."""
    step = ApplyNotes(notes, set(corpus.tags), set(corpus.topics), reasons)
    return replace(corpus, papers=step(corpus.papers)), step.problems


@dataclass
class Enriched:
    """Everything generation knows before the reviewer's notes: what a note edit leaves as it was."""

    corpus: Corpus
    files: list
    deduped: object  # dedup.DedupResult
    links: Permalinks
    excluded: list
    problems: list[Problem]
    resolved: list = field(default_factory=list)  # (record, resolved.json entry) applied, for the report
    not_found: int = 0  # titles resolve looked up in vain
    last_fetch: str = ""  # the day of the newest fetch in fetched.json


@dataclass
class Memo:
    """Kept across runs by a long-lived process (`litsite serve`): the last run's Enriched, by the
    fingerprint of every input but the notes. A run whose sources and settings are unchanged reuses it,
    so a note edit costs matching notes, rendering and writing (on the default corpus about a second
    instead of a full generation)."""

    key: str = ""
    enriched: Enriched | None = None


def prepare(config: Config, progress: Progress, timings: dict[str, float]) -> Enriched:
    """Sources -> records -> papers -> enriched papers, with everything the report needs."""
    if not config.sources.exists():
        raise NothingToGenerate(f"the sources folder {config.sources} does not exist")
    source_bytes = sum(path.stat().st_size for path in find_source_files(config.sources))
    with timed(timings, "read", progress, total=source_bytes):
        records, files = read_sources(config.sources, config.project, progress.advance,
                                      max_bytes=config.limits.file_mb * 1_000_000)
    if not files:
        raise NothingToGenerate(f"no source files in {config.sources}")
    if not records:
        reasons = "; ".join(str(problem) for file in files for problem in file.problems[:1])
        raise NothingToGenerate(f"no records could be read from {len(files)} file(s): {reasons}")
    with timed(timings, "dedup", progress):
        try:
            resolved = Resolved.load(config.resolved) if config.resolved else Resolved()
            fetched = FetchLog.load(config.fetched) if config.fetched else FetchLog()
            links = Permalinks.load(config.permalinks) if config.permalinks else Permalinks()
        except ValueError as error:  # CacheError too: a broken committed file is the user's to restore
            raise NothingToGenerate(str(error))
        records, applied = apply_resolved(records, resolved)
        not_found = resolved.not_found(records)
        deduped = deduplicate(records, load_decisions(config.dedup_decisions), config.limits)
        papers, links = stabilize(deduped.papers, links)
        if fetched.entries:
            papers = [replace(paper, entered=fetched.entered(paper.records)) for paper in papers]
        papers, excluded, problems = exclude(papers, config.curation, CONFIG_NAME)
    with timed(timings, "enrich", progress, total=ENRICH_STEPS):
        corpus = enrich(Corpus(papers, files=files, problems=deduped.problems), config, progress, links)
    return Enriched(corpus, files, deduped, links, excluded, problems, applied, not_found, fetched.last_day())


def render_and_write(renderer: Renderer, writing: Writing, advance: Callable[[float], None]) -> None:
    """Every page but the report (it lists the pages that could not be written: it comes last), each
    batch written as soon as it is rendered, so no process holds every page (at 100,000 records they took
    1.4 GB). In a large collection two child processes and this one share the work: the listings in three
    pieces, then the paper pages PAPER_TURN at a time, each piece taken by whichever process is free
    (Turns), so all three end together; the children send back only what they wrote. (With the listings
    in one child and half the papers in each of the others, that child ended a second after them at
    10,000 records.) `advance` hears of paper pages, this process's twice."""
    papers = renderer.corpus.papers
    if len(papers) < PARALLEL_FROM:
        writing.run(renderer.paper_batches(papers, advance))
        writing.run(renderer.listing_batches())
        return

    def papers_job(turn: slice) -> Callable:
        return lambda advance: renderer.paper_batches(papers[turn], advance, 2)
    jobs = [*(lambda advance, job=job: job() for job in renderer.listing_jobs()),
            *(papers_job(slice(start, start + PAPER_TURN)) for start in range(0, len(papers), PAPER_TURN))]
    turns = Turns(len(jobs), 1, shared=True)

    def work(advance: Callable[[float], None] | None = None) -> Iterator[list]:
        while (taken := turns.take()) is not None:
            yield from jobs[taken.start](advance)

    # (without a counter they can share, no fork or no /dev/shm, this process takes every turn)
    children = [Background(lambda: writing.part().run(work())) for _ in range(2)] if turns.shared else []
    writing.run(work(advance))
    for child in children:
        writing.merge(child.result())


# Python's cyclic garbage collector runs every 700 allocations by default, and each run that reaches the
# older generations walks millions of objects (records, papers, their strings and tuples), nearly all of
# them alive and in no cycle. Collecting less often: at 10,000 records generation took 16.0-16.5 s against
# 17.6 s, with the same peak memory (collection off entirely: 15.4-15.8 s, 40 MB more).
COLLECTION_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def fewer_collections():
    """The garbage collector's thresholds raised (COLLECTION_THRESHOLDS) for one generation, then put back
    (`litsite serve` generates again and again in one process). Forked workers inherit them."""
    before = gc.get_threshold()
    gc.set_threshold(*COLLECTION_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def generate(config: Config, write: bool = True, progress: Progress = SILENT, memo: Memo | None = None) -> Result:
    """The whole pipeline; with write=False nothing is written (litsite check, litsite note).

    When no input changed since the last run and its files are intact, nothing is redone (Result.unchanged).
    With a `memo` from the last run and only notes changed, the enriched papers are reused.
    """
    with fewer_collections():
        return generated(config, write, progress, memo)


def generated(config: Config, write: bool, progress: Progress, memo: Memo | None) -> Result:
    timings: dict[str, float] = {}
    stamp = Stamp(config.content)
    if write and (memo is None or memo.enriched is not None):  # an empty memo is filled by a full run
        with timed(timings, "check", progress):
            saved = stamp.unchanged(fingerprint(config))
        if saved is not None:
            return Result(None, None, WriteSummary(unchanged=saved.get("files", 0)), timings, unchanged=saved)
    if write:
        stamp.clear()
    if memo is not None and memo.enriched is not None and memo.key == fingerprint(config, notes=False):
        enriched = memo.enriched
    else:
        enriched = prepare(config, progress, timings)
    with timed(timings, "notes", progress):
        note_set = load_notes(config.notes, config.project) if config.notes else NoteSet()
        notes, orphans, note_problems = match_notes(enriched.corpus.papers, note_set,
                                                    enriched.links.previous_slugs())
        corpus, step_problems = apply_notes(enriched.corpus, notes, config.exclusion_reasons)
    deduped, links = enriched.deduped, enriched.links
    report = Report(enriched.files, corpus.papers,
                    [*deduped.problems, *enriched.problems, *note_set.problems, *note_problems, *step_problems],
                    possible=deduped.possible, excluded=enriched.excluded, orphans=orphans,
                    redirects=links.redirects, topic_redirects=links.topic_redirects,
                    placed=sum(not fitted for _, fitted, _ in links.paper_topics().values()),
                    tags=len({tag for paper in corpus.papers for tag in (*paper.tags, *paper.mentions)}),  # with a page
                    topics=sum(key != UNSORTED.key for key in corpus.topics),  # Unsorted is no topic
                    resolved=enriched.resolved, not_found=enriched.not_found,
                    last_fetch=enriched.last_fetch, vocabulary_set_aside=corpus.vocabulary_set_aside,
                    vocabulary_set_aside_for=corpus.vocabulary_set_aside_for,
                    slow_search=config.search_abstracts and len(corpus.papers) >= SLOW_SEARCH_FROM,
                    titles_first=titles_first(config.search_titles_first))
    renderer = Renderer(corpus, report, config)
    if not write:
        with timed(timings, "render", progress, total=len(corpus.papers)):
            renderer.pages(progress.advance)
        return Result(corpus, report, WriteSummary(), timings)
    with timed(timings, "render", progress, total=len(corpus.papers)):
        writing = Writer(config.content).begin()
        render_and_write(renderer, writing, progress.advance)
    rendered_writing = writing.seconds
    timings["render"] -= rendered_writing  # the stage figures stay rendering and writing
    with timed(timings, "write", progress, total=1):
        refused = list(writing.refused)
        report.problems.extend(refused)
        writing.add([renderer.report_page()], progress.advance)
        written = writing.finish()
        if config.permalinks:
            links.save(config.permalinks)
    timings["write"] += rendered_writing
    report.problems.extend(problem for problem in written.problems if problem not in refused)
    # Fingerprint again: this run itself may have written an input (permalinks.json). A run that refused a
    # page (a file of the user's stood at its path) leaves no stamp: the next run tries that page again.
    if not refused:
        stamp.save(fingerprint(config), {"files": writing.pages, "papers": len(report.papers),
                                         "entries": report.entries, "merged": report.merged,
                                         "rejected": len(report.rejected_entries),
                                         "warnings": len(report.all_problems) - len(report.rejected_entries)})
    if memo is not None:
        memo.key, memo.enriched = fingerprint(config, notes=False), enriched
    return Result(corpus, report, written, timings)
