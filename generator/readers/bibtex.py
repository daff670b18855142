"""BibTeX and BibLaTeX (Zotero, Mendeley, JabRef, Google Scholar exports), parsed with bibtexparser 2.

bibtexparser resolves @string macros and keeps unparseable blocks with their line, so one broken entry is
reported and the rest of the file is still read. LaTeX accents and braces become Unicode (pylatexenc).
"""

from __future__ import annotations

import re

import bibtexparser

from ..model import Location, Problem, Record
from .base import Reader, ReadResult, attachments_left_out, one_record
from .fields import (arxiv_id_from_doi, find_arxiv_id, latex_to_text, month_number, normalize_doi, parse_date,
                     family_first, lists_more_authors, split_keywords, year_of)

ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]", re.M)
NOT_PAPERS = {"string", "preamble", "comment", "set", "xdata"}
# bibtexparser accepts a missing comma between fields and swallows the next field into the value.
# Only spaces before the line break, so a field ending in blank lines is scanned once, not from each break.
RUN_TOGETHER = re.compile(r"[}\"][ \t]*\n\s*([A-Za-z_-]{1,40})[ \t]*=[ \t]*[{\"]")
# A title's brace groups, which keep their case in every style ({SURF}, {CNN}s, {{Whole Title}}): at most
# one level of nesting, read in one pass. A group right after a letter or an accent sign is a command's
# argument (\emph{X}, \"{U}), not a protection.
PROTECTED = re.compile(r"(?<![A-Za-z\"'^`~=.])\{((?:[^{}\\]|\\[^{}]|\{[^{}]*\})*)\}")
URL_COMMAND = re.compile(r"\\(?:url|href)\s*\{([^{}\s]+)\}(?:\s*\{[^{}]*\})?")
INHERITED = ("booktitle", "journal", "journaltitle", "year", "date", "publisher", "editor", "volume", "series")
# Fields a Record holds under attributes of its own; every other field of an entry is kept as written in
# Record.extra. Where several names mean one thing (journal or booktitle, number or issue), only the one
# read is held. crossref is resolved by copying the parent's fields in.
HELD = {"title", "author", "year", "volume", "pages", "publisher", "doi", "url", "abstract", "keywords", "eprint",
        "archiveprefix", "eprinttype", "crossref"}
VENUES = ("journal", "journaltitle", "booktitle", "series", "school", "institution", "howpublished")


def private(name: str) -> bool:
    """Paths of attachments on the computer that exported the library (Zotero and JabRef's file, BibDesk's
    local-url and bdsk-file-N): never published."""
    return name in ("file", "local-url") or name.startswith("bdsk-file-")


def bibtex_names(value: str) -> tuple[str, ...]:
    """A BibTeX name list ("Doe, Jane and {World Health Organization} and others") as 'Family, Given'
    names. It is split at the "and"s outside braces, and a name that is one brace group is an
    organisation's, kept whole and as written ("{Barnes and Noble}" is one name, not two)."""
    parts, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group(0)
        if token in "{}":
            depth += 1 if token == "{" else -1
        elif depth == 0:
            parts.append(value[start:match.start()])
            start = match.end()
    parts.append(value[start:])
    names = []
    for part in (part.strip() for part in parts):
        whole = part.startswith("{") and part.endswith("}") and PROTECTED.fullmatch(part)
        names.append(latex_to_text(part) if whole else family_first(latex_to_text(part)))
    return tuple(name for name in names if name)


def named(fields: dict, *names: str) -> tuple[str, str]:
    """The first of `names` the entry fills, and its value."""
    for name in names:
        value = fields.get(name)
        if value is not None and str(value).strip():
            return name, str(value)
    return "", ""


def field(fields: dict, *names: str) -> str:
    return named(fields, *names)[1]


class BibTeXReader(Reader):
    name = "bibtex"
    label = "BibTeX"
    extensions = (".bib", ".bibtex", ".biblatex")

    def sniff(self, text: str) -> bool:
        return bool(ENTRY_START.search(text[:20000]))

    def read(self, text: str, path: str) -> ReadResult:
        result = ReadResult()
        library = bibtexparser.parse_string(text)
        result.found = sum(match.group(1).lower() not in NOT_PAPERS for match in ENTRY_START.finditer(text))
        entries_in_order = list(library.entries)
        for block in library.failed_blocks:
            duplicate = getattr(block, "ignore_error_block", None)
            if isinstance(duplicate, bibtexparser.model.Entry):  # a repeated key is still an entry of its own
                entries_in_order.append(duplicate)
                result.problems.append(Problem(Location(path, block.start_line + 1),
                                               f"key {block.key!r} is used twice in this file; both entries read"))
                continue
            error = getattr(block, "error", None)
            reason = f"{type(error).__name__}: {error}" if error else type(block).__name__
            raw = " ".join(str(getattr(block, "raw", "")).split())[:80]
            result.problems.append(Problem(Location(path, block.start_line + 1),
                                           f"malformed BibTeX entry, not read ({reason}): {raw!r}", "rejected"))
        entries = {entry.key: entry for entry in library.entries}
        for entry in sorted(entries_in_order, key=lambda entry: entry.start_line):
            location = Location(path, entry.start_line + 1)
            with one_record(result, location, f"BibTeX entry {entry.key!r}"):
                kind = entry.entry_type.lower()
                if kind in NOT_PAPERS:
                    result.skipped.append(f"line {location.line}: @{kind} {entry.key!r} is not a paper")
                    continue
                fields = {name.lower(): value.value for name, value in entry.fields_dict.items()}
                broken = [name for name, value in fields.items() if isinstance(value, str) and RUN_TOGETHER.search(value)]
                if broken:
                    swallowed = RUN_TOGETHER.search(fields[broken[0]]).group(1)
                    result.problems.append(Problem(location, f"malformed BibTeX entry {entry.key!r}: missing comma after "
                                                             f"field {broken[0]!r} (it swallowed {swallowed!r}), not read",
                                                   "rejected"))
                    continue
                parent = entries.get(field(fields, "crossref"))
                if parent is not None:
                    for name in INHERITED:
                        if name not in fields and name in parent.fields_dict:
                            fields[name] = parent.fields_dict[name].value
                record = self.record(entry.key, kind, fields, location)
                attachments = sorted(name for name in fields if private(name))
                if attachments and record is not None:
                    result.problems.append(attachments_left_out(location, f"BibTeX entry {entry.key!r}", attachments))
                if record is None:
                    result.problems.append(Problem(location, f"BibTeX entry {entry.key!r} has no title, not read",
                                                   "rejected"))
                else:
                    result.records.append(record)
        return result

    def record(self, key: str, kind: str, fields: dict, location: Location) -> Record | None:
        title = latex_to_text(field(fields, "title"))
        protected = tuple(dict.fromkeys(latex_to_text(group) for group in PROTECTED.findall(field(fields, "title"))))
        subtitle = latex_to_text(field(fields, "subtitle"))
        if subtitle:
            title = f"{title}: {subtitle}"
        if not title:
            return None
        doi = normalize_doi(field(fields, "doi"))
        eprint_type = field(fields, "archiveprefix", "eprinttype").lower()
        arxiv_id, version = find_arxiv_id(field(fields, "eprint"), trusted=eprint_type in ("arxiv", ""))
        if not arxiv_id:
            arxiv_id, version = find_arxiv_id(field(fields, "journal", "journaltitle"), field(fields, "url"),
                                              field(fields, "note"), field(fields, "howpublished"))
        arxiv_id = arxiv_id or arxiv_id_from_doi(doi)
        date = parse_date(field(fields, "date"))
        year = year_of(field(fields, "year")) or year_of(date)
        if not date and year:
            month = month_number(field(fields, "month"))
            date = f"{year}-{month:02d}" if month else str(year)
        # howpublished = {\url{...}} (how software and web pages are cited) is the address, not a venue
        url = field(fields, "url").strip()
        for name in ("howpublished", "note"):
            only_url = URL_COMMAND.fullmatch(field(fields, name).strip())
            if only_url:
                url = url or only_url.group(1).strip()
                fields = {**fields, name: ""}
        venue_name, venue = named(fields, *VENUES)
        names_name, names = named(fields, "author", "editor")
        number_name, number = named(fields, "number", "issue")
        author_field = latex_to_text(names)
        authors = bibtex_names(names)
        held = HELD | {venue_name, names_name, number_name}
        # and the title as written: its braces and commands hold case protection and markup the text cannot
        extra = tuple((name, " ".join(str(value).split())) for name, value in fields.items()
                      if (name == "title" or name not in held) and not private(name) and str(value).strip())
        keywords = split_keywords(latex_to_text(field(fields, "keywords")))
        return Record(
            record_id=key or str(location),
            location=location,
            title=title,
            abstract=latex_to_text(field(fields, "abstract")),
            source_format=self.name,
            authors=authors,
            author_count=len(authors) or None,
            year=year,
            date=date,
            venue=latex_to_text(venue),
            doi=doi,
            arxiv_id=arxiv_id,
            arxiv_version=version,
            url=url,
            keywords=keywords,
            entry_type=kind,
            volume=latex_to_text(field(fields, "volume")),
            number=latex_to_text(number),
            pages=latex_to_text(field(fields, "pages")).replace("--", "–"),
            publisher=latex_to_text(field(fields, "publisher")),
            citation_key=key,
            more_authors=lists_more_authors(author_field),
            protected=tuple(words for words in protected if words and words in title),
            extra=extra,
            source_names=tuple((attribute, name) for attribute, name, usual in (
                ("venue", venue_name, ""), ("authors", names_name, "author"), ("number", number_name, "number"))
                if name and name != usual),
        )
