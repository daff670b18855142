"""The one interface every reader implements, and the decoding every reader shares."""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field

from ..model import FileReport, Location, Problem, Record


@dataclass
class ReadResult:
    """What a reader returns for one file: its records, the chrome it skipped, its problems."""

    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def report(self, path: str, reader: str) -> FileReport:
        return FileReport(path, reader, len(self.records), tuple(self.skipped), tuple(self.problems))


class Reader:
    """Base class: `sniff` says whether a decoded text is in this format, `read` turns it into records.

    Readers never raise for bad content: what they cannot use becomes a Problem with file and line.
    """

    name = ""
    label = ""  # the format's name for people: "BibTeX", "RIS"
    extensions: tuple[str, ...] = ()

    def sniff(self, text: str) -> bool:
        raise NotImplementedError

    def read(self, text: str, path: str) -> ReadResult:
        raise NotImplementedError


def line_numbers(text: str, positions) -> list[int]:
    """1-based line numbers of increasing character positions, counting newlines once (not once each)."""
    lines, line, last = [], 1, 0
    for position in positions:
        line += text.count("\n", last, position)
        last = position
        lines.append(line)
    return lines


def parse_json(text: str, path: str, result: "ReadResult"):
    """The parsed JSON, or None with the syntax error (and its line) added to the result's problems."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        result.problems.append(Problem(Location(path, error.lineno), f"not valid JSON: {error.msg}", "rejected"))
        return None


class UndecodableFile(Exception):
    """The bytes are not text we can read (binary, or empty)."""


def _not_utf8(data: bytes, error: UnicodeDecodeError, path: str) -> tuple[str, Problem]:
    """Text that is not valid UTF-8: a legacy single-byte export (EndNote, Excel CSV) is read as
    Windows-1252; mostly-UTF-8 text with a few bad bytes keeps its UTF-8 and shows U+FFFD for them."""
    line = data.count(b"\n", 0, error.start) + 1
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    where = Location(path, line)
    lenient = data.decode("utf-8", errors="replace")
    if any(ord(char) > 127 and char != "\ufffd" for char in lenient):
        return lenient, Problem(where, f"invalid UTF-8 at column {column}: the bad bytes are shown as \ufffd; "
                                       "save the file as UTF-8 to keep those characters")
    return data.decode("cp1252", errors="replace"), Problem(
        where, f"not UTF-8 (byte 0x{data[error.start]:02x} at column {column}): read as Windows-1252; "
               "save the file as UTF-8 if characters look wrong")


def decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, or a legacy Windows-1252 export;
    CRLF and CR become LF. Encoding trouble is reported with file, line and column, never fatal.
    Binary data (NUL bytes outside UTF-16) and empty files raise UndecodableFile.
    """
    problems: list[Problem] = []
    if not data.strip():
        raise UndecodableFile("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UndecodableFile(f"UTF-16 byte order mark, but the content is not UTF-16 ({error.reason})")
    elif b"\x00" in data[:8192]:
        raise UndecodableFile("binary data (NUL bytes), not a text export")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            text, problem = _not_utf8(data, error, path)
            problems.append(problem)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems
