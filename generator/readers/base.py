"""The one interface every reader implements, and the decoding every reader shares."""

from __future__ import annotations

import codecs
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

from ..model import FileReport, Location, Problem, Record


@dataclass
class ReadResult:
    """What a reader returns for one file: its records, the chrome it skipped, its problems."""

    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    found: int | None = None  # entries the reader counted in the text, apart from reading them

    def report(self, path: str, reader: str) -> FileReport:
        """The file's report. Where the reader counted its entries, each is a record or a rejection: any
        entry neither read nor reported becomes a rejection of its own, so no entry goes uncounted."""
        problems = list(self.problems)
        if self.found is not None:
            lost = self.found - len(self.records) - sum(problem.level == "rejected" for problem in problems)
            problems += [Problem(Location(path, 1), f"an entry counted in this file was neither read nor reported "
                                                    f"({lost} such): please report this with the file",
                                 "rejected")] * max(lost, 0)
        return FileReport(path, reader, len(self.records), tuple(self.skipped), tuple(problems), self.found)


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


# What a reader's code raises on a value of an unexpected form (a number where a list belongs, a date
# Python's calendar refuses, a string too deep for a regex engine's recursion): data, not a bug to hide.
DATA_ERRORS = (ValueError, TypeError, AttributeError, LookupError, ArithmeticError, RecursionError, UnicodeError)


@contextmanager
def one_record(result: ReadResult, location: Location, what: str = "entry", level: str = "rejected"):
    """Read one record: a value its reader cannot use rejects that record alone, with its file and line,
    and the rest of the file is still read. (level "warning" for a part of a record that can be left out.)"""
    try:
        yield
    except DATA_ERRORS as error:
        result.problems.append(Problem(location, f"{what} not read: {unusable(error)}", level))


def attachments_left_out(location: Location, what: str, fields: list[str]) -> Problem:
    """The Report's line for a record whose attachment fields (paths on the computer that exported the
    library: BibTeX's file, RIS's L1) are not published."""
    return Problem(location, f"{what}: {', '.join(fields)} (paths of attachments on the computer that exported "
                             "it) left out of the site and its exports")


def tagged_fields(lines: list[str], field: re.Pattern, continuation: str) -> list[tuple[str, list[str]]]:
    """A record of a tagged text format (MEDLINE, Web of Science): its (tag, lines) in order, each field's
    first value then its continuation lines (those that start with `continuation`), stripped. `field`
    matches a field's first line, its groups the tag and the value; other lines are not read."""
    found: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith(continuation) and found:
            found[-1][1].append(line.strip())
            continue
        match = field.fullmatch(line.rstrip())
        if match:
            found.append((match.group(1), [(match.group(2) or "").strip()]))
    return found


def read_spans(path: str, lines: list[str], spans: list[tuple[int, int]],
               record_of: Callable[[list[str], Location], Record | None], what: str, title_tags: str) -> ReadResult:
    """The records of a tagged text, each span of its lines (start, end: indexes into `lines`) read on its
    own by `record_of`, which gives None for a record without a title: that one is reported with its line."""
    result = ReadResult(found=len(spans))
    for start, end in spans:
        location = Location(path, start + 1)
        with one_record(result, location, what):
            record = record_of(lines[start:end], location)
            if record is None:
                result.problems.append(Problem(location, f"{what} without a title ({title_tags}), not read", "rejected"))
            else:
                result.records.append(record)
    return result


def unusable(error: BaseException) -> str:
    detail = " ".join(str(error).split())[:160]
    return f"a value of an unexpected form ({type(error).__name__}{': ' + detail if detail else ''})"


def line_numbers(text: str, positions) -> list[int]:
    """1-based line numbers of increasing character positions, counting newlines once (not once each)."""
    lines, line, last = [], 1, 0
    for position in positions:
        line += text.count("\n", last, position)
        last = position
        lines.append(line)
    return lines


# JSON escapes of UTF-16 surrogates: json.loads joins a valid pair into one character and leaves a lone one
# as a string Python cannot write as UTF-8.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
SURROGATE = re.compile("[\ud800-\udfff]")
LONGEST_NUMBER = 100  # digits; a longer JSON number is kept as its text (Python refuses over 4,300 digits)


def _number(digits: str) -> int | str:
    return int(digits) if len(digits) <= LONGEST_NUMBER else digits


def _without_surrogates(value, found: list[str]):
    """`value` with every lone surrogate in its strings (keys too) replaced by U+FFFD; `found` hears of each."""
    if isinstance(value, str):
        if SURROGATE.search(value):
            found.append(value)
            return SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, list):
        return [_without_surrogates(item, found) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(key, found): _without_surrogates(item, found) for key, item in value.items()}
    return value


def parse_json(text: str, path: str, result: "ReadResult"):
    """The parsed JSON, or None with the reason (and its line) added to the result's problems. Input data
    never raises here: syntax errors, nesting too deep for Python's parser and overlong numbers are
    reported; lone UTF-16 surrogates become U+FFFD, with a problem naming the line of the first."""
    try:
        data = json.loads(text, parse_int=_number)
    except json.JSONDecodeError as error:
        result.problems.append(Problem(Location(path, error.lineno), f"not valid JSON: {error.msg}", "rejected"))
        return None
    except RecursionError:
        result.problems.append(Problem(Location(path, 1), "not read: JSON nested deeper than the reader can "
                                                          "follow (about 1,000 levels)", "rejected"))
        return None
    escape = SURROGATE_ESCAPE.search(text)
    if escape:
        found: list[str] = []
        data = _without_surrogates(data, found)
        if found:
            line = text.count("\n", 0, escape.start()) + 1
            result.problems.append(Problem(Location(path, line), f"{len(found)} text value(s) held a lone UTF-16 "
                                                                 "surrogate (\\ud800-\\udfff, not a character): "
                                                                 "shown as \ufffd"))
    return data


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
    Binary data (over 1% NUL bytes, outside UTF-16) and empty files raise UndecodableFile; a few NUL bytes in
    text are removed and reported.
    """
    problems: list[Problem] = []
    if not data.strip():
        raise UndecodableFile("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UndecodableFile(f"UTF-16 byte order mark, but the content is not UTF-16 ({error.reason})")
    elif b"\x00" in data and data.count(b"\x00") * 100 > len(data):
        raise UndecodableFile("binary data (NUL bytes), not a text export")
    else:
        if b"\x00" in data:  # a few stray NUL bytes in a text export: removed, and said where
            first, count = data.index(b"\x00"), data.count(b"\x00")
            problems.append(Problem(Location(path, data.count(b"\n", 0, first) + 1),
                                    f"{count} NUL byte(s) removed (the first on this line)"))
            data = data.replace(b"\x00", b"")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            text, problem = _not_utf8(data, error, path)
            problems.append(problem)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, repaired = repaired_mojibake(text, path)
    return text, problems + repaired


# UTF-8 read as Latin-1 or Windows-1252 and saved again ("ClÃ©ment", "$Î±$", "â€™"): a lead byte of a
# two- or three-byte sequence shown as its Latin-1 character, followed by a continuation byte's.
MOJIBAKE = re.compile(r"[ÂÃÎÏÐÑ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                      r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|â€")
MOJIBAKE_LEADS = ("Â", "Ã", "Î", "Ï", "Ð", "Ñ", "â€")


def repaired_mojibake(text: str, path: str) -> tuple[str, list[Problem]]:
    """Text that was encoded twice, repaired line by line where it shows (ftfy's fix_encoding, which undoes
    only what it can prove): an arXiv Atom export named "ClÃ©ment L. Canonne" and wrote "$Î±$" for α. Said
    once per file, with the first repair and its line: nothing is changed silently."""
    if not any(lead in text for lead in MOJIBAKE_LEADS) or not MOJIBAKE.search(text):  # `in` is the fast test
        return text, []
    from ftfy import fix_encoding  # imported here: most files hold no such text

    lines = text.split("\n")
    first, changed = None, 0
    for index, line in enumerate(lines):
        if MOJIBAKE.search(line):
            fixed = fix_encoding(line)
            if fixed != line:
                changed += 1
                if first is None:
                    first = (index + 1, first_word(line))
                lines[index] = fixed
    if not changed:
        return text, []
    line, shown = first
    message = (f"text encoded twice (UTF-8 read as Latin-1) repaired on {changed} line(s), the first here: "
               f"\"{shown}\" -> \"{fix_encoding(shown)}\"")
    return "\n".join(lines), [Problem(Location(path, line), message)]


def first_word(line: str) -> str:
    """The first word of a line that shows text encoded twice, without XML's tags around it."""
    found = MOJIBAKE.search(line)
    start, end = line.rfind(" ", 0, found.start()) + 1, line.find(" ", found.end())
    return re.sub(r"<[^<>]*>?|^[^<]*>", "", line[start:end if end >= 0 else len(line)])[:40]
