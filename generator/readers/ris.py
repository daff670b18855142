"""RIS (Zotero, Scopus, Web of Science, EndNote exports), parsed with rispy. PubMed's own export is
MEDLINE text (medline.py)."""

from __future__ import annotations

import re

import rispy

from ..model import Location, Problem, Record
from .base import Reader, ReadResult, attachments_left_out, line_numbers, one_record
from .fields import (arxiv_id_from_doi, family_first, find_arxiv_id, html_to_text, lists_more_authors, month_number,
                     normalize_doi, parse_date, split_authors, year_of)

RIS_TAG = re.compile(r"^[A-Z][A-Z0-9]  - ?", re.M)
RECORD_START = re.compile(r"^TY  - ", re.M)
ENTRY_TYPES = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "CONF": "inproceedings",
               "CPAPER": "inproceedings", "BOOK": "book", "CHAP": "incollection", "THES": "phdthesis",
               "RPRT": "techreport", "UNPB": "unpublished", "GEN": "misc", "ELEC": "misc", "PAT": "patent"}


# Each field's tag, for the fields a Record does not hold, kept in Record.extra for the RIS download.
TAGS = {name: tag for tag, name in rispy.TAG_KEY_MAPPING.items()}
# Attachments: paths on the computer that exported the library (Zotero, EndNote), never published.
PRIVATE = {"file_attachments1", "file_attachments2"}


def first(entry: dict, *names: str, used: set | None = None) -> str:
    """The first of `names` the record fills (a list's first item); its name goes into `used`."""
    for name in names:
        value = entry.get(name)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value and str(value).strip():
            if used is not None:
                used.add(name)
            return str(value).strip()
    return ""


def other_fields(entry: dict, used: set) -> tuple[tuple[str, str], ...]:
    """The record's fields nothing else holds, as (tag, value) in the file's order; unknown tags too."""
    pairs = []
    for name, value in entry.items():
        if name in used or name in PRIVATE:
            continue
        if name == "unknown_tag":
            pairs += [(tag, item) for tag, items in value.items() for item in items]
        elif name in TAGS:
            pairs += [(TAGS[name], item) for item in (value if isinstance(value, list) else [value])]
    return tuple((tag, " ".join(str(item).split())) for tag, item in pairs if str(item).strip())


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
    extensions = (".ris", ".txt")

    def sniff(self, text: str) -> bool:
        head = text[:5000].lstrip("\ufeff \n")
        return head.startswith("TY  -") or bool(RECORD_START.search(head) and len(RIS_TAG.findall(head)) >= 3)

    def read(self, text: str, path: str) -> ReadResult:
        result = ReadResult()
        starts = line_numbers(text, (match.start() for match in RECORD_START.finditer(text)))
        try:
            # enforce_list_tags=False: a tag repeated where rispy expects one value (Web of Science's AD for
            # each address, SN for the ISSN and the eISSN) keeps every value; rispy kept the first alone.
            entries = rispy.loads(text.lstrip("\ufeff"), skip_unknown_tags=False, enforce_list_tags=False)
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
                used = {"type_of_reference", "id", "doi", "urls", "date", "publication_year", "year", "start_page",
                        "end_page", "keywords", "volume", "number", "publisher"}
                title = html_to_text(first(entry, "title", "primary_title", "translated_title", used=used))
                if not title:
                    result.problems.append(Problem(location, "RIS record without a title (TI/T1), not read", "rejected"))
                    continue
                names_field = "authors" if entry.get("authors") else "first_authors"
                names = entry.get(names_field) or []
                used.add(names_field)
                authors = tuple(filter(None, (family_first(name) for name in names if name.strip())))
                if not authors and entry.get("secondary_authors"):
                    authors = split_authors("; ".join(entry["secondary_authors"]))
                    used.add("secondary_authors")
                attachments = sorted(TAGS[name] for name in PRIVATE if entry.get(name))
                if attachments:
                    result.problems.append(attachments_left_out(location, "RIS record", attachments))
                doi = normalize_doi(first(entry, "doi"))
                urls = entry.get("urls") or []
                arxiv_id, version = find_arxiv_id(*urls, first(entry, "journal_name", "secondary_title"))
                date = ris_date(first(entry, "date"), first(entry, "publication_year", "year"))
                pages = "–".join(p for p in (first(entry, "start_page"), first(entry, "end_page")) if p)
                result.records.append(Record(
                    record_id=first(entry, "id") or str(location),
                    location=location,
                    title=title,
                    abstract=html_to_text(first(entry, "abstract", "notes_abstract", used=used)),
                    source_format=self.name,
                    authors=authors,
                    more_authors=bool(names) and lists_more_authors(names[-1]),
                    author_count=len(authors) or None,
                    year=year_of(first(entry, "publication_year", "year", "date")),
                    date=date,
                    venue=html_to_text(first(entry, "journal_name", "secondary_title", "alternate_title1",
                                             "tertiary_title", used=used)),
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
                    extra=other_fields(entry, used),
                    source_names=(("entry_type", first(entry, "type_of_reference")),),
                ))
        return result
