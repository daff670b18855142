"""PubMed's MEDLINE format: what PubMed saves as "PubMed" format and sends to a citation manager (.nbib).

PubMed offers no RIS: a systematic reviewer's PubMed search arrives in this format, one record per
"PMID- " line, each field a tag padded to four characters, then "- ", its value continued on lines
indented by six spaces. Titles, abstracts, full author names (FAU, else AU), the journal, the date, the
DOI (LID/AID "[doi]"), MeSH headings (MH) and the authors' keywords (OT, listed first) are read; every
other field is kept as written (Record.extra). A record without a title is reported, the rest of the
file is still read.
"""

from __future__ import annotations

import re

from ..model import Location, Record
from .base import Reader, ReadResult, line_numbers, read_spans, tagged_fields
from .fields import arxiv_id_from_doi, family_first, month_number, normalize_doi, parse_date

RECORD_START = re.compile(r"^PMID- ", re.M)
FIELD = re.compile(r"([A-Z][A-Z0-9]{0,3}) *- ?(.*)")
CONTINUATION = "      "  # six spaces
HELD = {"PMID", "TI", "BTI", "AB", "FAU", "AU", "DP", "JT", "TA", "VI", "IP", "PG", "LID", "AID", "MH", "OT", "PT",
        "PB", "CN"}
# PT, publication types: a chapter or a book whatever else it is (a chapter is often a "Review" too);
# anything else, a journal article
BOOK_TYPES = {"Book Chapter": "incollection", "Book": "book"}
DOI = re.compile(r"^(\S+) \[doi\]$")
DATE = re.compile(r"(\d{4})(?: ([A-Za-z]{3})[a-z]*(?:-[A-Za-z]+)?(?: (\d{1,2}))?)?")


def fields(lines: list[str]) -> list[tuple[str, str]]:
    """The record's (tag, value) pairs in order, continuation lines joined to their field's value."""
    return [(tag, " ".join(parts)) for tag, parts in tagged_fields(lines, FIELD, CONTINUATION)]


def medline_date(written: str) -> tuple[int | None, str | None]:
    """DP ("2019 Mar 15", "2019 Mar-Apr", "2019 Spring", "2019") as a year and an ISO date."""
    match = DATE.match(written.strip())
    if not match:
        return None, None
    year, month, day = match.groups()
    number = month_number(month) if month else None
    date = f"{year}-{number:02d}" + (f"-{int(day):02d}" if day else "") if number else year
    return int(year), parse_date(date) or parse_date(year)


def full_pages(written: str) -> str:
    """PG as a range: MEDLINE drops the end page's leading digits it shares with the start ("1123-30" is
    1123-1130); the range is written out, with an en dash as the other readers write it."""
    start, dash, end = written.partition("-")
    start, end = start.strip(), end.strip()
    if dash and start.isdigit() and end.isdigit() and len(end) < len(start):
        end = start[:len(start) - len(end)] + end
    return "–".join(part for part in (start, end) if part)


class MedlineReader(Reader):
    name = "medline"
    label = "PubMed MEDLINE"
    extensions = (".nbib", ".txt", ".medline")

    def sniff(self, text: str) -> bool:
        return text[:5000].lstrip("\ufeff \r\n").startswith("PMID- ")

    def read(self, text: str, path: str) -> ReadResult:
        lines = text.split("\n")  # as line_numbers counts them (splitlines also breaks at \x0b, \u2028...)
        starts = [line - 1 for line in line_numbers(text, (match.start() for match in RECORD_START.finditer(text)))]
        spans = list(zip(starts, [*starts[1:], len(lines)]))
        return read_spans(path, lines, spans, lambda record, location: self.record(fields(record), location),
                          "MEDLINE record", "TI/BTI")

    def record(self, pairs: list[tuple[str, str]], location: Location) -> Record | None:
        values: dict[str, list[str]] = {}
        for tag, value in pairs:
            values.setdefault(tag, []).append(value)

        def one(*tags: str) -> str:
            return next((values[tag][0] for tag in tags if values.get(tag) and values[tag][0]), "")
        title = one("TI", "BTI")
        if not title:
            return None
        # persons (full names, else PubMed's "Smith JA"), else the group that wrote it (CN: "Endotext Editorial Board")
        names = values.get("FAU") or values.get("AU") or values.get("CN") or []
        authors = tuple(filter(None, map(family_first, names)))
        kept = {"TA", "PT", "AU"} | ({"CN"} if names is not values.get("CN") else set())  # beside what is read
        doi = normalize_doi(next((match.group(1) for value in values.get("LID", []) + values.get("AID", [])
                                  for match in [DOI.match(value)] if match), ""))
        year, date = medline_date(one("DP"))
        pmid = one("PMID")
        types = values.get("PT", [])
        return Record(
            record_id=pmid or str(location),
            location=location,
            title=title,
            abstract=one("AB"),
            source_format=self.name,
            authors=authors,
            author_count=len(authors) or None,
            year=year,
            date=date,
            venue=one("JT", "TA"),
            doi=doi,
            arxiv_id=arxiv_id_from_doi(doi),
            url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else "",
            keywords=tuple(dict.fromkeys(value for tag in ("OT", "MH") for value in values.get(tag, []) if value)),
            entry_type=next((BOOK_TYPES[kind] for kind in BOOK_TYPES if kind in types), "article"),
            volume=one("VI"),
            number=one("IP"),
            pages=full_pages(one("PG")),
            publisher=one("PB"),
            extra=tuple((tag, value) for tag, value in pairs if tag not in HELD or tag in kept),
            source_names=(("entry_type", types[0] if types else ""),),
        )
