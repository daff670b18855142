"""RIS (Zotero, Scopus, Web of Science, PubMed, EndNote exports), parsed with rispy."""

from __future__ import annotations

import re

import rispy

from ..model import Location, Problem, Record
from .base import Reader, ReadResult, line_numbers, one_record
from .fields import (arxiv_id_from_doi, family_first, find_arxiv_id, html_to_text, lists_more_authors, month_number,
                     normalize_doi, parse_date, split_authors, year_of)

RIS_TAG = re.compile(r"^[A-Z][A-Z0-9]  - ?", re.M)
RECORD_START = re.compile(r"^TY  - ", re.M)
ENTRY_TYPES = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "CONF": "inproceedings",
               "CPAPER": "inproceedings", "BOOK": "book", "CHAP": "incollection", "THES": "phdthesis",
               "RPRT": "techreport", "UNPB": "unpublished", "GEN": "misc", "ELEC": "misc", "PAT": "patent"}


def first(entry: dict, *names: str) -> str:
    for name in names:
        value = entry.get(name)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value and str(value).strip():
            return str(value).strip()
    return ""


def ris_date(written: str, year: str) -> str | None:
    """DA as an ISO date; Web of Science writes only the month and day there ("SEP 30", "MAR-APR"), with
    the year in PY: the two together give "1999-09-30"."""
    date = parse_date(written.replace("/", "-"))
    if date or not year_of(year):
        return date or parse_date(year)
    month = month_number(written[:3])
    day = re.fullmatch(r"[A-Za-z]{3}\w*\s+(\d{1,2})", written.strip())
    return parse_date(f"{year_of(year)}-{month:02d}" + (f"-{int(day.group(1)):02d}" if day else "")) if month \
        else parse_date(year)


class RISReader(Reader):
    name = "ris"
    label = "RIS"
    extensions = (".ris", ".txt", ".nbib")

    def sniff(self, text: str) -> bool:
        head = text[:5000].lstrip("\ufeff \n")
        return head.startswith("TY  -") or bool(RECORD_START.search(head) and len(RIS_TAG.findall(head)) >= 3)

    def read(self, text: str, path: str) -> ReadResult:
        result = ReadResult()
        starts = line_numbers(text, (match.start() for match in RECORD_START.finditer(text)))
        try:
            entries = rispy.loads(text.lstrip("\ufeff"), skip_unknown_tags=True)
        except Exception as error:  # rispy raises IOError/ParseError types on structure it cannot follow
            result.problems.append(Problem(Location(path, 1), f"not read as RIS: {error}", "rejected"))
            return result
        result.found = len(starts)
        if len(entries) != len(starts):
            result.problems.append(Problem(Location(path, 1), f"{len(starts)} records start with 'TY  -' but "
                                           f"{len(entries)} were parsed; line numbers may be approximate"))
        for index, entry in enumerate(entries):
            location = Location(path, starts[index] if index < len(starts) else 1)
            with one_record(result, location, "RIS record"):
                title = html_to_text(first(entry, "title", "primary_title", "translated_title"))
                if not title:
                    result.problems.append(Problem(location, "RIS record without a title (TI/T1), not read", "rejected"))
                    continue
                names = entry.get("authors") or entry.get("first_authors") or []
                authors = tuple(filter(None, (family_first(name) for name in names if name.strip())))
                if not authors and entry.get("secondary_authors"):
                    authors = split_authors("; ".join(entry["secondary_authors"]))
                doi = normalize_doi(first(entry, "doi"))
                urls = entry.get("urls") or []
                arxiv_id, version = find_arxiv_id(*urls, first(entry, "journal_name", "secondary_title"))
                date = ris_date(first(entry, "date"), first(entry, "publication_year", "year"))
                pages = "–".join(p for p in (first(entry, "start_page"), first(entry, "end_page")) if p)
                result.records.append(Record(
                    record_id=first(entry, "id") or str(location),
                    location=location,
                    title=title,
                    abstract=html_to_text(first(entry, "abstract", "notes_abstract")),
                    source_format=self.name,
                    authors=authors,
                    more_authors=bool(names) and lists_more_authors(names[-1]),
                    author_count=len(authors) or None,
                    year=year_of(first(entry, "publication_year", "year", "date")),
                    date=date,
                    venue=html_to_text(first(entry, "journal_name", "secondary_title", "alternate_title1",
                                             "tertiary_title")),
                    doi=doi,
                    arxiv_id=arxiv_id or arxiv_id_from_doi(doi),
                    arxiv_version=version,
                    url=next((url for url in urls if url.startswith(("http://", "https://"))), ""),
                    keywords=tuple(dict.fromkeys(k.strip() for k in entry.get("keywords") or [] if k.strip())),
                    entry_type=ENTRY_TYPES.get(first(entry, "type_of_reference"), "misc"),
                    volume=first(entry, "volume"),
                    number=first(entry, "number"),
                    pages=pages,
                    publisher=first(entry, "publisher"),
                ))
        return result
