"""The whole generation, one stage after another: sources -> records -> papers -> enriched -> pages -> files."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from threadpoolctl import threadpool_limits

from .config import CONFIG_NAME, Config, load_decisions
from .curation import RenameTags, exclude
from .dedup import deduplicate
from .enrich.links import add_links
from .enrich.related import RelatedPapers
from .enrich.tags import Tagger, load_vocabulary
from .enrich.topics import UNSORTED, TopicModel
from .model import Corpus, Problem
from .parallel import Background
from .fingerprint import Stamp, fingerprint
from .notes import ApplyNotes, NoteSet, load_notes, match_notes
from .permalinks import Permalinks, pin_topics, stabilize
from .progress import Progress
from .readers import find_source_files, read_sources
from .render import Renderer
from .report import Report

SILENT = Progress()
from .writer import WriteSummary, Writer


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


ENRICH_STEPS = 3  # tags, links, related papers here (topics, in the child, finish about with them)


def enrich(corpus: Corpus, config: Config, notes: dict | None = None, progress: Progress = SILENT,
           links: Permalinks | None = None) -> tuple[Corpus, list[Problem]]:
    """Run the enrichment steps; each takes papers and returns papers.

    Topics read only titles and abstracts and take as long as the other steps together (measured at
    10,000 papers: topics 3.7 s; tags 1.8, links 0.2, related 1.7), so they are fitted in a second process
    while this one tags, finds links and related papers; their field is then set on the papers (the same
    result as running in order). Each process keeps to one BLAS thread: two processes on two cores.
    Topics keep the keys and labels published in `links` (pin_topics), which then records them.
    """
    tags = load_vocabulary(config.vocabulary)
    topic_model = TopicModel(config.topic_count, extra_stop_words=config.extra_stop_words)
    related = RelatedPapers(config.related_count, config.extra_stop_words)
    papers = corpus.papers

    def fit_topics():
        grouped = topic_model(papers)
        return [paper.topic for paper in grouped], topic_model.topics, topic_model.positions

    with threadpool_limits(limits=1):
        background = Background(fit_topics)
        for step in (Tagger(tags), add_links, related):
            papers = step(papers)
            progress.advance()
        topic_keys, found, positions = background.result()
    pinned = pin_topics(list(found.values()), links.topics if links else {})
    if links is not None:
        links.topics = {topic.key: {"terms": list(topic.terms), "label": topic.label}
                        for topic in pinned.values() if topic.key != UNSORTED.key}
    topics = {topic.key: replace(topic, label=config.topic_labels.get(topic.key, topic.label))
              for topic in pinned.values()}
    papers = [replace(paper, topic=pinned[key].key if key in pinned else key) for paper, key in zip(papers, topic_keys)]
    papers = RenameTags(config.curation.rename_tags, tags)(papers)
    apply_notes = ApplyNotes(notes or {}, set(tags), set(topics))
    papers = apply_notes(papers)
    return Corpus(papers, tags, topics, corpus.files, corpus.problems, positions), apply_notes.problems


def generate(config: Config, write: bool = True, progress: Progress = SILENT) -> Result:
    """The whole pipeline; with write=False nothing is written (litsite check, litsite note).

    When no input changed since the last run and its files are intact, nothing is redone (Result.unchanged).
    """
    timings: dict[str, float] = {}
    stamp = Stamp(config.content)
    if write:
        with timed(timings, "check", progress):
            saved = stamp.unchanged(fingerprint(config))
        if saved is not None:
            return Result(None, None, WriteSummary(unchanged=saved.get("files", 0)), timings, unchanged=saved)
        stamp.clear()
    if not config.sources.exists():
        raise NothingToGenerate(f"the sources folder {config.sources} does not exist")
    source_bytes = sum(path.stat().st_size for path in find_source_files(config.sources))
    with timed(timings, "read", progress, total=source_bytes):
        records, files = read_sources(config.sources, config.project, progress.advance)
        note_set = load_notes(config.notes, config.project) if config.notes else NoteSet()
    if not files:
        raise NothingToGenerate(f"no source files in {config.sources}")
    if not records:
        reasons = "; ".join(str(problem) for file in files for problem in file.problems[:1])
        raise NothingToGenerate(f"no records could be read from {len(files)} file(s): {reasons}")
    with timed(timings, "dedup", progress):
        deduped = deduplicate(records, load_decisions(config.dedup_decisions))
        try:
            links = Permalinks.load(config.permalinks) if config.permalinks else Permalinks()
        except ValueError as error:
            raise NothingToGenerate(str(error))
        papers, links = stabilize(deduped.papers, links)
        papers, excluded, problems = exclude(papers, config.curation, CONFIG_NAME)
        notes, orphans, note_problems = match_notes(papers, note_set, links.previous_slugs())
    with timed(timings, "enrich", progress, total=ENRICH_STEPS):
        corpus, step_problems = enrich(Corpus(papers, files=files, problems=deduped.problems), config, notes,
                                       progress, links)
    report = Report(files, corpus.papers, [*deduped.problems, *problems, *note_set.problems, *note_problems,
                                           *step_problems],
                    possible=deduped.possible, excluded=excluded, orphans=orphans, redirects=links.redirects,
                    tags=len({tag for paper in corpus.papers for tag in paper.tags}), topics=len(corpus.topics))
    with timed(timings, "render", progress, total=len(corpus.papers)):
        renderer = Renderer(corpus, report, config)
        pages = renderer.pages(progress.advance)
    if not write:
        return Result(corpus, report, WriteSummary(), timings)
    with timed(timings, "write", progress, total=len(pages)):
        writer = Writer(config.content)
        _, refused = writer.plan(pages)
        if refused:  # pages that will not be written belong on the report page too
            report.problems.extend(refused)
            pages = [renderer.report_page() if page.path == "report.md" else page for page in pages]
        written = writer.write(pages, progress.advance)
        if config.permalinks:
            links.save(config.permalinks)
    report.problems.extend(problem for problem in written.problems if problem not in refused)
    # Fingerprint again: this run itself may have written an input (permalinks.json).
    stamp.save(fingerprint(config), {"files": len(pages), "papers": len(report.papers), "entries": report.entries,
                        "merged": report.merged, "rejected": len(report.rejected), "warnings": len(report.warnings)})
    return Result(corpus, report, written, timings)
