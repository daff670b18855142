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
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..dedup import dedup_title_key
from ..model import Record
from ..writer import atomic_write

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


def dump_json(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def save_text(path: Path, text: str) -> bool:
    """Write only when the text changed: an unchanged cache is never rewritten."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write(path, text.encode("utf-8"))
    return True


def resolve_key(title: str) -> str:
    return dedup_title_key(title)


@dataclass
class Resolved:
    """resolved.json: title key -> {"title", "checked", "tried", "found": {...} or null, "evidence",
    "rejected"}."""

    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Resolved":
        data = load_json(path, "resolved")
        entries = data.get("titles", {})
        if not isinstance(entries, dict) or not all(isinstance(entry, dict) for entry in entries.values()):
            raise CacheError(f"{path}: \"titles\" must map title keys to objects")
        return cls(dict(entries))

    def dump(self) -> str:
        return dump_json({"version": VERSION, "titles": self.entries})

    def save(self, path: Path) -> bool:
        return save_text(path, self.dump())

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


@dataclass
class FetchLog:
    """fetched.json: {"files": {path relative to the project: {"fetched": day, "service", "request",
    "entries"}}}."""

    files: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "FetchLog":
        data = load_json(path, "fetch log")
        files = data.get("files", {})
        if not isinstance(files, dict) or not all(isinstance(entry, dict) for entry in files.values()):
            raise CacheError(f"{path}: \"files\" must map source files to objects")
        return cls(dict(files))

    def dump(self) -> str:
        return dump_json({"version": VERSION, "files": self.files})

    def save(self, path: Path) -> bool:
        return save_text(path, self.dump())

    def last_day(self) -> str:
        return max((str(entry.get("fetched", "")) for entry in self.files.values()), default="")

    def entered(self, records) -> str:
        """The day the first of these records' files was fetched ("" when none was fetched)."""
        days = [str(self.files[record.location.path].get("fetched", "")) for record in records
                if record.location.path in self.files]
        return min((day for day in days if day), default="")
