"""Deduplication: records with the same normalized title become one paper with the richest metadata."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .model import Paper, Problem, Record
from .normalize import clean_text, short_hash, title_key
from .slugs import assign_unique, paper_slug

ID_LENGTH = 12
# Real titles stay under ~300 characters and abstracts under ~5,000; beyond these limits a field is
# almost surely a parsing accident or hostile, and would bloat every page and index that shows it.
MAX_TITLE = 1_000
MAX_ABSTRACT = 20_000


def paper_id(key: str) -> str:
    return "p" + short_hash(key, ID_LENGTH)


def merge(records: list[Record], key: str) -> Paper:
    """One paper from records of the same work; each field from the record that has the most of it.

    Ties go to the first record in reading order (files sorted by path, then line), so the choice
    is the same on every run.
    """
    richest = max(records, key=lambda record: len(record.abstract))  # max() keeps the first of equals
    dates = sorted(record.date for record in records if record.date)
    author_counts = [record.author_count for record in records if record.author_count is not None]
    upvotes = [record.upvotes for record in records if record.upvotes is not None]
    pid = paper_id(key)
    title = clean_text(richest.title)
    return Paper(
        id=pid,
        slug=paper_slug(title, pid),
        title=title,
        abstract=clean_text(richest.abstract),
        records=tuple(records),
        author_count=max(author_counts) if author_counts else None,
        date=dates[0] if dates else None,  # the earliest: when the paper first appeared
        upvotes=max(upvotes) if upvotes else None,
    )


def bounded(record: Record, problems: list[Problem]) -> Record:
    """The record with an over-long title or abstract cut to the limit, and a warning saying so."""
    changes = {}
    for name, limit in (("title", MAX_TITLE), ("abstract", MAX_ABSTRACT)):
        value = getattr(record, name)
        if len(value) > limit:
            changes[name] = value[:limit].rsplit(" ", 1)[0] + " …"
            problems.append(Problem(record.location, f"{name} of {len(value):,} characters cut to {limit:,}"))
    return replace(record, **changes) if changes else record


def deduplicate(records: list[Record]) -> tuple[list[Paper], list[Problem]]:
    """Group records by title key; papers come out sorted by id, whatever the input order."""
    groups: dict[str, list[Record]] = defaultdict(list)
    problems: list[Problem] = []
    for record in records:
        record = bounded(record, problems)
        key = title_key(clean_text(record.title))
        if not key:
            problems.append(Problem(record.location, f"title has no letters or digits: {record.title[:80]!r}",
                                    "rejected"))
            continue
        groups[key].append(record)
    papers = [merge(group, key) for key, group in groups.items()]
    slugs = assign_unique({paper.id: paper.slug for paper in papers},
                          {paper.id: paper_slug(paper.title, paper.id, ID_LENGTH + 1) for paper in papers})
    papers = [paper if paper.slug == slugs[paper.id] else replace(paper, slug=slugs[paper.id]) for paper in papers]
    return sorted(papers, key=lambda paper: paper.id), problems
