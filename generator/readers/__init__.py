"""Reading sources: one reader per format in one table, chosen by sniffing the content.

`read_sources` never stops at a bad file: an unreadable one becomes a FileReport with its reason.
"""

from __future__ import annotations

from pathlib import Path

from ..model import FileReport, Location, Problem, Record
from .base import Reader, UndecodableFile, decode
from .daily_papers import DailyPapersTextReader

# Adding a format is adding one module and one entry here; the first reader whose sniff accepts wins.
READERS: tuple[Reader, ...] = (DailyPapersTextReader(),)

IGNORED_NAMES = {"README.md", "readme.md", ".gitkeep"}


def find_source_files(root: Path) -> list[Path]:
    """Every regular file under `root`, sorted so that reading order (and so output) is stable."""
    if root.is_file():
        return [root]
    return sorted(
        path for path in root.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and path.name not in IGNORED_NAMES
    )


def pick_reader(path: Path, text: str) -> Reader | None:
    """The reader for this text: by content first, the file extension only breaks ties."""
    accepting = [reader for reader in READERS if reader.sniff(text)]
    for reader in accepting:
        if path.suffix.lower() in reader.extensions:
            return reader
    return accepting[0] if accepting else None


def read_file(path: Path, shown_as: str) -> tuple[list[Record], FileReport]:
    """Read one file; `shown_as` is the path used in record ids and messages."""
    try:
        text, decode_problems = decode(path.read_bytes(), shown_as)
    except (UndecodableFile, OSError) as error:
        problem = Problem(Location(shown_as, 1), f"not read: {error}", "rejected")
        return [], FileReport(shown_as, "-", 0, (), (problem,))
    reader = pick_reader(path, text)
    if reader is None:
        formats = ", ".join(reader.name for reader in READERS)
        problem = Problem(Location(shown_as, 1), f"not read: no reader recognises this format (supported: {formats})",
                          "rejected")
        return [], FileReport(shown_as, "-", 0, (), (problem,))
    result = reader.read(text, shown_as)
    result.problems[:0] = decode_problems
    return result.records, result.report(shown_as, reader.name)


def read_sources(root: Path, base: Path) -> tuple[list[Record], list[FileReport]]:
    """Read every file under `root`; paths in ids and messages are shown relative to `base`."""
    records: list[Record] = []
    reports: list[FileReport] = []
    for path in find_source_files(root):
        shown_as = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        file_records, report = read_file(path, shown_as)
        records.extend(file_records)
        reports.append(report)
    return records, reports
