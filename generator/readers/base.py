"""The one interface every reader implements, and the decoding every reader shares."""

from __future__ import annotations

import codecs
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
    extensions: tuple[str, ...] = ()

    def sniff(self, text: str) -> bool:
        raise NotImplementedError

    def read(self, text: str, path: str) -> ReadResult:
        raise NotImplementedError


class UndecodableFile(Exception):
    """The bytes are not text we can read (binary, or empty)."""


def decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; CRLF and CR become LF.

    Invalid UTF-8 is not fatal: the bad bytes become U+FFFD and each line holding one is reported,
    so nothing is dropped silently. Binary data (NUL bytes outside UTF-16) and empty files raise.
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
        text = data.decode("utf-8-sig", errors="replace")
        if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
            for number, line in enumerate(text.splitlines(), start=1):
                if "\ufffd" in line:
                    column = line.index("\ufffd") + 1
                    problems.append(Problem(
                        Location(path, number),
                        f"invalid UTF-8 at column {column}: the bad bytes are shown as \ufffd; "
                        "save the file as UTF-8 to keep those characters",
                    ))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems
