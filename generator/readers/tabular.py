"""CSV exports with common column names, and a simple YAML list for hand-curated entries."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml

from ..model import Location, Problem, Record
from .base import Reader, ReadResult, one_record
from .fields import (arxiv_id_from_doi, clean_text, find_arxiv_id, html_to_text, normalize_doi, parse_date,
                     lists_more_authors, split_authors, split_keywords, year_of)

# Column name (lowercase, spaces and dashes as underscores) -> our field; the first present column wins,
# but for keywords, which every present column adds to (Scopus: author keywords, then index keywords).
COLUMNS = {
    "title": ("title", "primary_title", "article_title", "document_title", "ti"),
    "authors": ("authors", "author", "author_full", "author_names", "af", "au"),
    "year": ("year", "publication_year", "py", "pubyear"),
    "date": ("date", "published", "publication_date", "issued"),
    "venue": ("journal", "venue", "container_title", "source_title", "booktitle", "publication", "secondary_title",
              "so"),
    "doi": ("doi", "do", "di"),
    "abstract": ("abstract", "ab", "summary"),
    "url": ("url", "link", "ur"),
    "id": ("id", "record_id", "key", "citation_key", "eid"),
    "arxiv": ("arxiv", "arxiv_id", "eprint"),
    "keywords": ("keywords", "tags", "kw", "author_keywords", "index_keywords"),
    "volume": ("volume", "vl"),
    "number": ("number", "issue", "is"),
    "pages": ("pages", "pp"),
    # else a first and a last page (Scopus' "Page start", "Page end"; Web of Science's BP, EP), else an
    # article number (Scopus' "Art. No.", Web of Science's AR)
    "first_page": ("page_start", "bp"),
    "last_page": ("page_end", "ep"),
    "article_number": ("art._no.", "ar"),
    "entry_type": ("entrytype", "type", "entry_type"),
}
EVERY_PRESENT = {"keywords"}
# Web of Science's tab-delimited export names its columns by its two-letter tags: there "ID" is Keywords
# Plus (beside the authors' DE), not an identifier; UT is the record's accession number.
WOS_COLUMNS = {"id": ("ut",), "keywords": ("de", "id")}


FIELD_LIMIT = 16 * 1024 * 1024  # characters in one cell; Python's csv module stops at 128 KB by default


def delimiter(header: str) -> str:
    """The header row's most frequent separator among comma, semicolon and tab. (csv.Sniffer took time
    growing with the square of the line's length: 96 s on one crafted 100 KB line.)"""
    return max(",;\t", key=header.count)


def column_map(fieldnames: list[str]) -> dict[str, tuple[str, ...]]:
    """Our field -> the columns it is read from (one, but for keywords: every keyword column)."""
    normalized = {name.strip().lower().replace(" ", "_").replace("-", "_"): name for name in fieldnames if name}
    candidates_of = {**COLUMNS, **WOS_COLUMNS} if {"pt", "ut", "ti"} <= normalized.keys() else COLUMNS
    found = {}
    for ours, candidates in candidates_of.items():
        present = tuple(normalized[candidate] for candidate in candidates if candidate in normalized)
        if present:
            found[ours] = present if ours in EVERY_PRESENT else present[:1]
    return found


def cell_text(value) -> str:
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    return clean_text(str(value)) if value is not None else ""


def record_from_row(row: dict, columns: dict[str, tuple[str, ...]], location: Location, source_format: str,
                    keyed_id: str | None = None) -> Record | None:
    """The row's record: its columns read as `columns` maps them; every other column that holds a value is
    kept as written (Record.extra)."""
    read: dict[str, str] = {}

    def get(name: str) -> str:
        if name not in read:  # each cell cleaned once
            cells = [cell_text(row.get(column)) for column in (columns.get(name, ()) if columns else (name,))]
            read[name] = "; ".join(cell for cell in cells if cell)
        return read[name]

    title = html_to_text(get("title"))  # database exports keep <sup>, <i> in titles
    if not title:
        return None
    doi = normalize_doi(get("doi"))
    arxiv_id, version = find_arxiv_id(get("arxiv"), trusted=True)
    if not arxiv_id:
        arxiv_id, version = find_arxiv_id(get("url"), get("venue"))
    authors = split_authors(get("authors"))
    more_authors = lists_more_authors(get("authors"))
    date = parse_date(get("date")) or parse_date(get("year"))
    return Record(
        record_id=keyed_id or get("id") or str(location),
        location=location,
        title=title,
        abstract=get("abstract"),
        source_format=source_format,
        authors=authors,
        more_authors=more_authors,
        author_count=len(authors) or None,
        year=year_of(get("year")) or year_of(date),
        date=date,
        venue=get("venue"),
        doi=doi,
        arxiv_id=arxiv_id or arxiv_id_from_doi(doi),
        arxiv_version=version,
        url=get("url"),
        keywords=split_keywords(get("keywords")),
        entry_type=get("entry_type").lower(),
        volume=get("volume"),
        number=get("number"),
        pages=get("pages") or "–".join(part for part in (get("first_page"), get("last_page")) if part)
        or get("article_number"),
        extra=tuple((str(column), cell_text(value)) for column, value in row.items()
                    if column is not None and column not in used(columns) and cell_text(value)),
    )


def used(columns: dict[str, tuple[str, ...]]) -> set[str]:
    return {column for names in (columns or {}).values() for column in names}


class CSVReader(Reader):
    name = "csv"
    label = "CSV"
    extensions = (".csv", ".tsv")

    def sniff(self, text: str) -> bool:
        first_line = text.lstrip("\ufeff").split("\n", 1)[0]
        if not ("," in first_line or "\t" in first_line or ";" in first_line):
            return False
        try:
            header = next(csv.reader([first_line], delimiter=delimiter(first_line)))
        except (csv.Error, StopIteration):
            return False
        return "title" in column_map(header)

    def read(self, text: str, path: str) -> ReadResult:
        result = ReadResult()
        text = text.lstrip("\ufeff")
        csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter(text.split("\n", 1)[0]))
        try:
            columns = column_map(reader.fieldnames or [])
        except csv.Error as error:
            result.problems.append(Problem(Location(path, 1), f"header row not read: {error}", "rejected"))
            return result
        rows = iter(reader)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as error:  # a field over FIELD_LIMIT, a NUL: that row alone
                result.problems.append(Problem(Location(path, reader.line_num), f"row not read: {error}", "rejected"))
                continue
            location = Location(path, reader.line_num)
            with one_record(result, location, "row"):
                if None in row:
                    result.problems.append(Problem(location, f"row has {len(row) - 1 + len(row[None])} cells for "
                                                             f"{len(row) - 1} columns; extra cells ignored"))
                record = record_from_row(row, columns, location, self.name)
                if record is None:
                    if any((value or "").strip() for value in row.values() if isinstance(value, str)):
                        result.problems.append(Problem(location, "row without a title, not read", "rejected"))
                    continue
                result.records.append(record)
        return result


class YAMLListReader(Reader):
    """A hand-curated list: - title: ..., authors: [...], year: ..., doi: ..., abstract: ..."""

    name = "yaml-list"
    label = "YAML"
    extensions = (".yml", ".yaml")

    def sniff(self, text: str) -> bool:
        stripped = "\n".join(line for line in text.split("\n")[:50] if not line.lstrip().startswith("#"))
        # a list whose entries have titles; the first title may come late (keys in alphabetical order)
        return stripped.lstrip().startswith("- ") and "title:" in text

    def read(self, text: str, path: str) -> ReadResult:
        import yaml  # only here: `litsite dedup` on a CSV starts without it

        result = ReadResult()
        try:
            nodes = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            result.problems.append(Problem(Location(path, mark.line + 1 if mark else 1),
                                           f"not valid YAML: {getattr(error, 'problem', error)}", "rejected"))
            return result
        if not isinstance(nodes, yaml.SequenceNode):
            result.problems.append(Problem(Location(path, 1), "expected a list of entries", "rejected"))
            return result
        result.found = len(nodes.value)
        for node in nodes.value:
            location = Location(path, node.start_mark.line + 1)
            if uses_aliases(node):
                result.problems.append(Problem(location, "entry not read: it uses YAML aliases (*name), which can "
                                                         "expand without bound; write the values out", "rejected"))
                continue
            with one_record(result, location):
                item = yaml.constructor.SafeConstructor().construct_document(node)
                if not isinstance(item, dict):
                    result.problems.append(Problem(location, "entry is not a mapping, not read", "rejected"))
                    continue
                row = {str(key).lower(): value for key, value in item.items()}
                record = record_from_row(row, column_map(list(row)), location, self.name)
                if record is None:
                    result.problems.append(Problem(location, "entry without a title, not read", "rejected"))
                else:
                    result.records.append(record)
        return result


def uses_aliases(node: yaml.Node) -> bool:
    """Whether a node reaches some node twice (what `*name` makes): found before any expansion, in time
    linear in the entry's own size."""
    import yaml

    seen: set[int] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            return True
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                pending.extend((key, value))
    return False
