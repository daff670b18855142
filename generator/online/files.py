"""The files `litsite resolve` and `litsite fetch` leave for the build, read offline and deterministically.

resolved.json: for each title looked up, what was found (or that nothing was), where, and on what
evidence. A researcher rejects a match by setting `"rejected": true` on its entry; resolve then never
looks that title up again and the build ignores the match.

fetched.json: each source file a fetch wrote, with the day it was fetched and the request that gave it;
a paper entered the review on the first day one of its files was fetched.

Both are written sorted, one key per line, so a run that found nothing new leaves them byte for byte.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ..dedup import dedup_title_key
from ..model import Record
from ..writer import write_if_changed

VERSION = 1
FILLED = ("arxiv_id", "doi", "authors", "date", "url", "pdf_url")  # what a match may give a record


class CacheError(ValueError):
    """resolved.json or fetched.json is not what litsite wrote: say where, keep the user's file."""


def load_json(path: Path, what: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (ValueError, UnicodeDecodeError) as error:
        raise CacheError(f"{path}: not a {what} file ({error}); restore it from git, or delete it to start again")
    if not isinstance(data, dict):
        raise CacheError(f"{path}: not a {what} file (expected a JSON object)")
    return data


def resolve_key(title: str) -> str:
    return dedup_title_key(title)


class KeptFile:
    """A JSON file of one mapping (`KEY`: name -> object), loaded, dumped sorted, saved when changed."""

    KEY, WHAT = "", ""

    def __init__(self, entries: dict[str, dict] | None = None):
        self.entries = dict(entries or {})

    @classmethod
    def load(cls, path: Path):
        entries = load_json(path, cls.WHAT).get(cls.KEY, {})
        if not isinstance(entries, dict) or not all(isinstance(entry, dict) for entry in entries.values()):
            raise CacheError(f"{path}: \"{cls.KEY}\" must map names to objects")
        return cls(entries)

    def dump(self) -> str:
        return json.dumps({"version": VERSION, self.KEY: self.entries}, indent=1, ensure_ascii=False,
                          sort_keys=True) + "\n"

    def save(self, path: Path) -> bool:
        return write_if_changed(path, self.dump())


class Resolved(KeptFile):
    """resolved.json: title key -> {"title", "checked", "tried", "found": {...} or null, "evidence",
    "refused", "rejected"}."""

    KEY, WHAT = "titles", "resolved"

    def not_found(self, records: list[Record]) -> int:
        """Titles of records without identifier that resolve looked up and found nothing for."""
        keys = {resolve_key(record.title) for record in records if needs_identity(record)}
        return sum(1 for key in keys if key in self.entries and not self.entries[key].get("found"))

    def match(self, title: str) -> dict | None:
        """The accepted match for a title, or None (not looked up, nothing found, or rejected)."""
        entry = self.entries.get(resolve_key(title))
        if not entry or entry.get("rejected") or not isinstance(entry.get("found"), dict):
            return None
        return entry


def needs_identity(record: Record) -> bool:
    return not record.arxiv_id and not record.doi


def apply_resolved(records: list[Record], resolved: Resolved) -> tuple[list[Record], list[tuple[Record, dict]]]:
    """Records without an identifier gain what resolve found for their title: the identifier, and the
    authors, date and links they lack (never replacing what their source gave). Returns the records and
    the (record, entry) pairs applied, for the Report page."""
    out, applied = [], []
    for record in records:
        entry = resolved.match(record.title) if needs_identity(record) else None
        if entry is None:
            out.append(record)
            continue
        found = entry["found"]
        changes = {}
        for name in FILLED:
            value = found.get(name)
            if name == "authors":
                value = tuple(str(author) for author in value or () if author)
            if value and not getattr(record, name):
                changes[name] = value if name == "authors" else str(value)
        if "authors" in changes and not record.author_count:
            changes["author_count"] = len(changes["authors"])
        if "date" in changes and not record.year and changes["date"][:4].isdigit():
            changes["year"] = int(changes["date"][:4])
        if changes:
            out.append(replace(record, **changes))
            applied.append((record, entry))
        else:
            out.append(record)
    return out, applied


class FetchLog(KeptFile):
    """fetched.json: source file (relative to the project) -> {"fetched": day, "service", "request",
    "entries"}."""

    KEY, WHAT = "files", "fetch log"

    def last_day(self) -> str:
        return max((str(entry.get("fetched", "")) for entry in self.entries.values()), default="")

    def entered(self, records) -> str:
        """The day the first of these records' files was fetched ("" when none was fetched)."""
        days = [str(self.entries[record.location.path].get("fetched", "")) for record in records
                if record.location.path in self.entries]
        return min((day for day in days if day), default="")
