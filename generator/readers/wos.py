"""Web of Science's own text export: what it saves as "Plain text file" (savedrecs.txt) and as "Other
reference software" (.ciw), the format bibliometric tools read.

A file opens with "FN" and "VR" lines; each record starts with "PT" and ends with "ER"; each field is a
two-character tag, a space, then its value, continued on lines indented by three spaces. In the fields of
names and cited references (AU, AF, CR, ...) each line is one item; in the others the lines are one text
wrapped. Titles, abstracts, full author names (AF, else AU; else the group, CA), the source, the date (PY
and PD, else EA), volume, issue, pages, the DOI, the authors' keywords (DE) and Keywords Plus (ID) are read; every
other field is kept as written (Record.extra), one entry per item. A record without a title is reported,
the rest of the file is still read.
"""

from __future__ import annotations

import re

from ..model import Location, Record
from .base import Reader, ReadResult, read_spans, tagged_fields
from .fields import arxiv_id_from_doi, family_first, month_number, normalize_doi, parse_date

SNIFF = re.compile(r"(?:FN [^\n]*\r?\n(?:VR [^\n]*\r?\n)?\s*)?PT \S")
RECORD_END = "ER"
FIELD = re.compile(r"([A-Z][A-Z0-9])(?: (.*))?")  # "ER" and "EF" stand alone
CONTINUATION = "   "  # three spaces
LISTS = {"AU", "AF", "BA", "BF", "CA", "GP", "BE", "ED", "CR", "C1", "C3", "RP", "RI", "OI"}  # a line per item
HELD = {"PT", "TI", "AB", "AU", "AF", "CA", "SO", "PY", "PD", "VL", "IS", "BP", "EP", "AR", "DI", "DE", "ID", "UT",
        "DT", "PU"}
KEPT = {"AU", "DT", "PT"}  # read and kept as written as well: the short names beside the full ones, the kinds
# DT, the document type: a chapter, a book or a paper of proceedings whatever else it is
DOCUMENT_TYPES = {"Book Chapter": "incollection", "Book": "book", "Proceedings Paper": "inproceedings"}
PD = re.compile(r"([A-Za-z]{3})[A-Za-z]*(?:-[A-Za-z]+)?(?: (\d{1,2}))?")


EARLY = re.compile(r"(?:([A-Za-z]{3})[A-Za-z]* )?(\d{4})")


def wos_date(year: str, published: str, early: str = "") -> tuple[int | None, str | None]:
    """PY ("2004") and PD ("JUN 8", "JAN", "SPR", "MAR-APR") as a year and an ISO date; a record online
    before its issue has no PY but EA, its early access date ("MAR 2023")."""
    match = EARLY.fullmatch(early.strip())
    if not year.strip() and match:
        year, published = match.group(2), match.group(1) or ""
    if not year.strip().isdigit():
        return None, None
    match = PD.match(published.strip())
    month = month_number(match.group(1)) if match else None
    if month is None:
        return int(year), parse_date(year.strip())
    day = match.group(2)
    return int(year), parse_date(f"{year.strip()}-{month:02d}" + (f"-{int(day):02d}" if day else "")) \
        or parse_date(year.strip())


def keyword_list(value: str) -> list[str]:
    """DE and ID: keywords separated by semicolons (wrapped lines already joined)."""
    return [keyword.strip() for keyword in value.split(";") if keyword.strip()]


def records(lines: list[str]) -> list[tuple[int, int]]:
    """Each record's lines (start, end: indexes into `lines`): from a "PT" line outside a record to its "ER"
    line (or the file's end, where a truncated file lost it). Lines between records (FN, VR, EF) are not
    read; a "PT" inside a record is one of its fields."""
    spans: list[tuple[int, int]] = []
    start = None
    for index, line in enumerate(lines):
        if start is None:
            if line.startswith("PT "):
                start = index
        elif line.rstrip() == RECORD_END:
            spans.append((start, index))
            start = None
    if start is not None:
        spans.append((start, len(lines)))
    return spans


class WebOfScienceReader(Reader):
    name = "wos-text"
    label = "Web of Science text"
    extensions = (".txt", ".ciw")

    def sniff(self, text: str) -> bool:
        """The file's header ("FN Clarivate Analytics Web of Science", "VR 1.0"), or a record's first field."""
        return bool(SNIFF.match(text[:5000].lstrip("\ufeff \r\n")))

    def read(self, text: str, path: str) -> ReadResult:
        lines = text.split("\n")  # as decode() leaves them: every line break is a \n
        return read_spans(path, lines, records(lines),
                          lambda record, location: self.record(self.fields(record), location),
                          "Web of Science record", "TI")

    @staticmethod
    def fields(lines: list[str]) -> list[tuple[str, str]]:
        """The record's (tag, value) pairs: one per item in LISTS, else one per field."""
        pairs: list[tuple[str, str]] = []
        for tag, parts in tagged_fields(lines, FIELD, CONTINUATION):
            pairs.extend((tag, part) for part in parts) if tag in LISTS else pairs.append((tag, " ".join(parts)))
        return pairs

    def record(self, pairs: list[tuple[str, str]], location: Location) -> Record | None:
        values: dict[str, list[str]] = {}
        for tag, value in pairs:
            values.setdefault(tag, []).append(value)

        def one(tag: str) -> str:
            return next((value for value in values.get(tag, []) if value), "")
        title = one("TI")
        if not title:
            return None
        names = values.get("AF") or values.get("AU") or values.get("CA") or []
        authors = tuple(filter(None, map(family_first, names)))
        kept = KEPT | ({"CA"} if names is not values.get("CA") else set())
        doi = normalize_doi(one("DI"))
        year, date = wos_date(one("PY"), one("PD"), one("EA"))
        kinds = keyword_list(one("DT"))
        start, end = one("BP"), one("EP")
        return Record(
            record_id=one("UT") or str(location),
            location=location,
            title=title,
            abstract=one("AB"),
            source_format=self.name,
            authors=authors,
            author_count=len(authors) or None,
            year=year,
            date=date,
            venue=one("SO") or one("SE"),
            doi=doi,
            arxiv_id=arxiv_id_from_doi(doi),
            keywords=tuple(dict.fromkeys(keyword for tag in ("DE", "ID") for keyword in keyword_list(one(tag)))),
            entry_type="book" if one("PT") == "B" and not kinds else
            next((DOCUMENT_TYPES[kind] for kind in DOCUMENT_TYPES if kind in kinds), "article"),
            volume=one("VL"),
            number=one("IS"),
            pages="–".join(part for part in (start, end) if part) or one("AR"),
            publisher=one("PU"),
            extra=tuple((tag, value) for tag, value in pairs if tag not in HELD or tag in kept),
            source_names=(("entry_type", kinds[0] if kinds else one("PT")),),
        )
