"""The reviewer's notes: user-owned Markdown files, one per paper, read (never written) at every build.

A note is `notes/<anything>.md` with optional YAML front matter:

    ---
    paper: 2312.00752      # the paper: its id, arXiv id, DOI or slug (default: the file name)
    status: read           # to-read, reading, read or skipped
    rating: 4              # 1 to 5
    tags: [my-favourites]  # tags to add (slugs from the vocabulary)
    untags: [survey]       # tags to remove
    topic: sequence-transformers   # topic key to put the paper in
    screening: include     # or a list of decisions per reviewer and stage (review.screening)
    ---
    Free Markdown: what you think of the paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..config import check_mapping
from ..model import Location, Paper, Problem, paper_keys
from .screening import parse_decisions

STATUSES = ("to-read", "reading", "read", "skipped")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
KEY_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:")  # a top-level key of the front matter, at its line's start
NOTE_OPTIONS = {
    "paper": ((str, int, float), "the paper's id, arXiv id, DOI or slug"),
    "status": (str, f"one of {', '.join(STATUSES)}"),
    "rating": (int, "a whole number from 1 to 5"),
    "tags": (list, "a list of tag slugs to add"),
    "untags": (list, "a list of tag slugs to remove"),
    "topic": (str, "a topic key"),
    "title": (str, "a title for your own reference (not shown)"),
    "screening": ((str, list), "include, exclude, maybe, or a list of {reviewer, stage, decision, reason}"),
}
NOTE_TEMPLATE = """---
paper: {paper_id}
status: to-read   # to-read, reading, read, skipped
# rating: 4       # 1 to 5
# tags: []        # tags to add
# untags: []      # tags to remove
---
# Notes on {title}

"""


@dataclass
class Note:
    path: str  # relative to the project, for messages
    body: str
    paper: str  # what the note points at (id, arXiv id, DOI, slug or file stem)
    status: str | None = None
    rating: int | None = None
    tags: tuple[str, ...] = ()
    untags: tuple[str, ...] = ()
    topic: str | None = None
    body_line: int = 1  # the line where the body starts, for messages
    screening: object = None  # the front matter's `screening:` value, read by ApplyNotes
    key_lines: dict = field(default_factory=dict)  # each front matter key's line, for messages

    def at(self, key: str) -> Location:
        return key_location(self.path, self.key_lines, key)


def key_location(path: str, key_lines: dict[str, int], key: str) -> Location:
    """Where a message about the front matter's `key` points: its line (line 1 without it)."""
    return Location(path, key_lines.get(key, 1))


@dataclass
class NoteSet:
    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_note(text: str, shown_as: str, stem: str) -> tuple[Note | None, list[Problem]]:
    """One note file; front matter errors are reported with file and line, all at once."""
    problems: list[Problem] = []
    match = FRONT_MATTER.match(text)
    data: dict = {}
    body, body_line = text, 1
    key_lines: dict[str, int] = {}
    if match:
        # the first line of each top-level key, counting the opening --- as line 1
        for number, line in enumerate((match.group(1) or "").splitlines(), start=2):
            key = KEY_LINE.match(line)
            if key:
                key_lines.setdefault(key.group(1), number)
        body = text[match.end():]
        body_line = text.count("\n", 0, match.end()) + 1
        try:
            data = yaml.safe_load(match.group(1) or "") or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening ---
            return None, [Problem(Location(shown_as, line),
                                  f"front matter is not valid YAML ({getattr(error, 'problem', error)}); "
                                  "the note is not shown until it is fixed", "rejected")]
        if not isinstance(data, dict):
            return None, [Problem(Location(shown_as, 2), "front matter must be a mapping (key: value lines)",
                                  "rejected")]
    elif text.startswith("---"):
        return None, [Problem(Location(shown_as, 1), "front matter opened with --- but never closed", "rejected")]
    def where(key: str) -> Location:
        return key_location(shown_as, key_lines, key)

    for error in check_mapping(data, NOTE_OPTIONS, ""):  # "key: ..." or "key.inner: ..."
        problems.append(Problem(where(re.split(r"[.:]", error, maxsplit=1)[0]), error))
    status = data.get("status")
    if status is not None and status not in STATUSES:
        problems.append(Problem(where("status"), f"status: expected one of {', '.join(STATUSES)}, got {status!r}"))
        status = None
    rating = data.get("rating")
    if rating is not None and not (isinstance(rating, int) and not isinstance(rating, bool) and 1 <= rating <= 5):
        problems.append(Problem(where("rating"), f"rating: expected a whole number from 1 to 5, got {rating!r}"))
        rating = None

    def slugs(name: str) -> tuple[str, ...]:
        value = data.get(name) or []
        return tuple(str(item) for item in value) if isinstance(value, list) else ()

    topic = data.get("topic")
    return Note(shown_as, body.strip("\n"), str(data.get("paper") or stem), status if isinstance(status, str) else None,
                rating, slugs("tags"), slugs("untags"), topic if isinstance(topic, str) else None, body_line,
                data.get("screening"), key_lines), problems


def load_notes(folder: Path, project: Path) -> NoteSet:
    result = NoteSet()
    if not folder.exists():
        return result
    for path in sorted(folder.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        shown_as = path.relative_to(project).as_posix() if path.is_relative_to(project) else path.as_posix()
        try:
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError) as error:
            result.problems.append(Problem(Location(shown_as, 1), f"note not read: {error}", "rejected"))
            continue
        note, problems = parse_note(text, shown_as, path.stem)
        result.problems += problems
        if note is not None:
            result.notes.append(note)
    return result


def match_notes(papers: list[Paper], notes: NoteSet, previous_slugs: dict[str, str] | None = None
                ) -> tuple[dict[str, Note], list[Note], list[Problem]]:
    """Notes by paper id, orphans (paper gone: kept, listed, never deleted), and duplicate-note problems.

    `previous_slugs` maps old slugs to paper ids, so a note named after a paper's old URL still finds it.
    """
    index: dict[str, str] = {}
    for paper in papers:
        for key in paper_keys(paper):
            index[key] = paper.id
    for slug, paper_id in (previous_slugs or {}).items():
        index.setdefault(slug.lower(), paper_id)
    by_paper: dict[str, Note] = {}
    orphans: list[Note] = []
    problems: list[Problem] = []
    for note in notes.notes:
        paper_id = index.get(note.paper.lower())
        if paper_id is None:
            orphans.append(note)
            problems.append(Problem(note.at("paper"), f"orphan note: no paper {note.paper!r} in the "
                                                            "collection (kept; shown on the Report page)"))
        elif paper_id in by_paper:
            problems.append(Problem(note.at("paper"), f"second note for the same paper as "
                                                            f"{by_paper[paper_id].path}: not shown; merge the two"))
        else:
            by_paper[paper_id] = note
    return by_paper, orphans, problems


class ApplyNotes:
    """Enrichment step: a note's status, rating, tags, untags, topic and screening decisions land on its
    paper (an exclusion reason is checked against the review's list, `reasons`)."""

    def __init__(self, notes: dict[str, Note], known_tags: set[str], known_topics: set[str],
                 reasons: tuple[str, ...] = ()):
        self.notes = notes
        self.known_tags = known_tags
        self.known_topics = known_topics
        self.reasons = reasons
        self.problems: list[Problem] = []

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        result = []
        for paper in papers:
            note = self.notes.get(paper.id)
            if note is None:
                result.append(paper)
                continue
            for key, slugs in (("tags", note.tags), ("untags", note.untags)):
                self.problems += [Problem(note.at(key), f"unknown tag {slug!r} (not in the vocabulary): ignored")
                                  for slug in slugs if slug not in self.known_tags]
            tags = [tag for tag in paper.tags if tag not in note.untags]
            tags += [tag for tag in note.tags if tag in self.known_tags and tag not in tags]
            mentions = tuple(tag for tag in paper.mentions if tag not in note.untags and tag not in tags)
            topic = paper.topic
            if note.topic:
                if note.topic in self.known_topics:
                    topic = note.topic
                else:
                    self.problems.append(Problem(note.at("topic"), f"unknown topic {note.topic!r}: ignored "
                                                        f"(known: {', '.join(sorted(self.known_topics))})"))
            decisions, errors = parse_decisions(note.screening, self.reasons)
            self.problems += [Problem(note.at("screening"), error) for error in errors]
            result.append(replace(paper, tags=tuple(sorted(tags)), mentions=mentions, topic=topic, note=note.body,
                                  note_path=note.path, status=note.status, rating=note.rating, screening=decisions))
        return result
