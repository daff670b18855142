"""Reading sources: one reader per format in one table, chosen by sniffing the content.

`read_sources` never stops at a bad file: an unreadable one becomes a FileReport with its reason.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..model import FileReport, Location, Problem, Record
from .base import Reader, UndecodableFile, decode
from .arxiv_atom import ArxivAtomReader
from .bibtex import BibTeXReader
from .csl_json import CSLJSONReader
from .daily_papers import DailyPapersTextReader
from .hf_json import HuggingFaceJSONReader
from .medline import MedlineReader
from .ris import RISReader
from .tabular import CSVReader, YAMLListReader
from .wos import WebOfScienceReader

# Adding a format is adding one module and one entry here. Sniffing is by content; the order matters
# only where two formats could both accept a file: the stricter readers come first, plain text last.
READERS: tuple[Reader, ...] = (
    BibTeXReader(), RISReader(), MedlineReader(), ArxivAtomReader(), HuggingFaceJSONReader(), CSLJSONReader(),
    WebOfScienceReader(), CSVReader(), YAMLListReader(), DailyPapersTextReader(),
)

# Formats we recognise but do not read, so the message can say what the file looks like.
UNSUPPORTED = (
    (re.compile(r"\A\s*1\. .*?^PMID: \d+", re.M | re.S), "PubMed's Abstract text (save the search in PubMed "
                                                           "format, or send it to a citation manager: the .nbib file)"),
    (re.compile(r"^%0 ", re.M), "EndNote tagged text (export it as RIS or BibTeX)"),
    (re.compile(r"<records>\s*<record>"), "EndNote XML (export it as RIS or BibTeX)"),
    (re.compile(r"^%PDF-"), "a PDF document, not a reference export"),
    (re.compile(r"^\s*<(!DOCTYPE html|html)", re.I), "an HTML page (save the page as text, or export the listing)"),
)

FORMAT_LABELS = {reader.name: reader.label for reader in READERS}


def describe_sources(files: list[FileReport]) -> str:
    """What a collection was made from, for a site with no description of its own:
    "5 source files (BibTeX, RIS, arXiv Atom)"."""
    formats = Counter(FORMAT_LABELS.get(file.reader, "") for file in files if file.records)
    names = ", ".join(label for label, _ in sorted(formats.items(), key=lambda item: (-item[1], item[0])) if label)
    count = f"{len(files)} source file" + ("" if len(files) == 1 else "s")
    return f"{count} ({names})" if names else count


IGNORED_NAMES = {"README.md", "readme.md", ".gitkeep"}


def find_source_files(root: Path) -> list[Path]:
    """Every file under `root`, sorted so that reading order (and so output) is stable; hidden ones left out.

    A folder linked into the sources is read too (a folder of exports kept elsewhere; Path.rglob does not
    follow such links before Python 3.13, so its files were silently left out), each folder and file once
    however many links lead to it (a link back up is no loop). A link to nothing is listed: reading it
    reports it, where it was silently skipped."""
    if root.is_file():
        return [root]
    found: dict[Path, Path] = {}
    seen: set[Path] = set()
    for folder, folders, files in os.walk(root, followlinks=True):
        here = Path(folder)
        real = here.resolve()
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or name in IGNORED_NAMES or not (path.is_file() or path.is_symlink()):
                continue
            found.setdefault(path.resolve(), path)
    return sorted(found.values())


EMPTY_JSON = re.compile(r"\s*(?:\[\s*\]|\{\s*(?:\"items\"\s*:\s*\[\s*\]\s*)?\})\s*")  # [], {}, {"items": []}


def pick_reader(path: Path, text: str) -> Reader | None:
    """The reader for this text: by content first, the file extension only breaks ties."""
    accepting = [reader for reader in READERS if reader.sniff(text)]
    for reader in accepting:
        if path.suffix.lower() in reader.extensions:
            return reader
    return accepting[0] if accepting else None


def read_file(path: Path, shown_as: str, max_bytes: int | None = None) -> tuple[list[Record], FileReport]:
    """Read one file; `shown_as` is the path used in record ids and messages."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise UndecodableFile(f"{size / 1e6:,.0f} MB, over the limit of {max_bytes / 1e6:,.0f} MB per source "
                                  "file (limits.file_mb in litsite.yml): split the export, or raise the limit")
        text, decode_problems = decode(path.read_bytes(), shown_as)
    except (UndecodableFile, OSError) as error:
        problem = Problem(Location(shown_as, 1), f"not read: {error}", "rejected")
        return [], FileReport(shown_as, "-", 0, (), (problem,))
    looks_like = next((description for pattern, description in UNSUPPORTED if pattern.search(text[:5000])), None)
    reader: Reader | None = None
    try:
        reader = None if looks_like else pick_reader(path, text)
        if reader is not None:
            result = reader.read(text, shown_as)
    except Exception as error:  # noqa: BLE001 - readers isolate records; this is the net under them
        problem = Problem(Location(shown_as, 1), f"not read: the {reader.name if reader else 'format'} reader "
                                                 f"failed on this file ({type(error).__name__}: {error}); "
                                                 "please report it with the file", "rejected")
        return [], FileReport(shown_as, reader.name if reader else "-", 0, (), (*decode_problems, problem))
    if reader is None:
        formats = ", ".join(reader.name for reader in READERS)
        what = f"this looks like {looks_like} (supported: {formats})" if looks_like else \
            "the file holds an empty JSON list: no records" if EMPTY_JSON.fullmatch(text) else \
            f"no reader recognises this format (supported: {formats})"
        problem = Problem(Location(shown_as, 1), f"not read: {what}", "rejected")
        return [], FileReport(shown_as, "-", 0, (), (problem,))
    result.problems[:0] = decode_problems
    if not result.records and not result.problems and not result.skipped:  # an export of nothing: say so
        result.problems.append(Problem(Location(shown_as, 1), f"no records in this file (read as {reader.label}): "
                                                              "an empty export or query?"))
    return result.records, result.report(shown_as, reader.name)


def read_sources(root: Path, base: Path, advance: Callable[[float], None] | None = None,
                 max_bytes: int | None = None) -> tuple[list[Record], list[FileReport]]:
    """Read every file under `root`; paths in ids and messages are shown relative to `base`.
    `advance(size)` hears of each file read, by its bytes (progress)."""
    records: list[Record] = []
    reports: list[FileReport] = []
    for path in find_source_files(root):
        shown_as = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        file_records, report = read_file(path, shown_as, max_bytes)
        records.extend(file_records)
        reports.append(report)
        if advance:
            advance(path.stat().st_size)
    return unique_ids(records), reports


def unique_ids(records: list[Record]) -> list[Record]:
    """Source keys repeat across files (the same library exported twice): qualify a repeated id with its
    file, and with its line if it repeats within one file, so every record id names one record."""
    counts = Counter(record.record_id for record in records)
    qualified = [record if counts[record.record_id] == 1 else
                 replace(record, record_id=f"{record.location.path}#{record.record_id}") for record in records]
    counts = Counter(record.record_id for record in qualified)
    return [record if counts[record.record_id] == 1 else
            replace(record, record_id=f"{record.record_id}@{record.location.line}") for record in qualified]
