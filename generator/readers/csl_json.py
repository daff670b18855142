"""CSL-JSON (Zotero, Manubot, pandoc-citeproc): HTML in titles turned into text, date parts or ranges."""

from __future__ import annotations

import json
import re

from ..model import Location, Problem, Record
from .base import Reader, ReadResult, one_record, parse_json
from .fields import (arxiv_id_from_doi, family_first, find_arxiv_id, html_to_text, normalize_doi, parse_date,
                     split_keywords, year_of)

ENTRY_TYPES = {"article-journal": "article", "paper-conference": "inproceedings", "book": "book",
               "chapter": "incollection", "thesis": "phdthesis", "report": "techreport", "manuscript": "unpublished"}


def csl_date(value) -> str | None:
    """The first date of {"date-parts": [[2014, 12, 31], [2015, 1, 1]]} (a range) or {"raw": "..."}."""
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [str(part) for part in parts[0][:3] if str(part).strip().lstrip("-").isdigit()]
        if numbers:
            return parse_date("-".join([numbers[0].zfill(4), *[n.zfill(2) for n in numbers[1:]]]))
    return parse_date(str(value.get("raw") or value.get("literal") or ""))


def csl_names(names) -> tuple[str, ...]:
    result = []
    for name in names if isinstance(names, list) else []:
        if not isinstance(name, dict):
            continue
        part = {key: html_to_text(str(name.get(key, ""))) for key in
                ("family", "given", "non-dropping-particle", "dropping-particle", "suffix", "literal")}
        # "van Gogh, Vincent" and "King, Jr., Martin Luther", as BibTeX writes them
        family = " ".join(filter(None, (part["non-dropping-particle"], part["family"])))
        given = " ".join(filter(None, (part["given"], part["dropping-particle"])))
        literal = family_first(part["literal"])
        if family and given:
            result.append(", ".join(filter(None, (family, part["suffix"], given))))
        else:
            result.append(family or literal or given)
    return tuple(name for name in result if name)


class LineFinder:
    """The line where each item's id appears in a JSON file, found in one forward pass over the text
    (items come in file order), so messages can point at them; 1 when an id is not found."""

    def __init__(self, text: str):
        self.text, self.position, self.line = text, 0, 1

    def __call__(self, item_id: str) -> int:
        found = self.text.find(json.dumps(item_id), self.position) if item_id else -1
        if found < 0:
            return 1
        self.line += self.text.count("\n", self.position, found)
        self.position = found
        return self.line


# An item's id is its citation key where it reads as one: Better BibTeX and Pandoc users cite items by it
# ("Dunning2016"), so the site's BibTeX must keep it. Zotero's own ids are addresses
# ("http://zotero.org/users/1/items/ABCD1234"), and some tools number items: no one cites by those.
CITATION_KEY = re.compile(r"[^\W\d_][\w:.+-]*")

# Fields a Record holds under attributes of its own; every other field of an item is kept in Record.extra
# (as JSON text) for the CSL-JSON download.
HELD = {"id", "type", "title", "author", "DOI", "URL", "issued", "keyword", "abstract", "container-title", "volume",
        "issue", "page", "publisher"}


class CSLJSONReader(Reader):
    name = "csl-json"
    label = "CSL-JSON"
    extensions = (".json", ".csljson")

    def sniff(self, text: str) -> bool:
        head = text.lstrip("\ufeff \n\t")[:4000]
        return head.startswith("[") and ('"type"' in head or '"issued"' in head) and '"title"' in head \
            and '"paper"' not in head and '"arxiv' not in head.lower()[:200]

    def read(self, text: str, path: str) -> ReadResult:
        result = ReadResult()
        items = parse_json(text, path, result)
        if items is None:
            return result
        if isinstance(items, dict) and isinstance(items.get("items"), list):
            items = items["items"]
        line_of = LineFinder(text)
        result.found = len(items) if isinstance(items, list) else None
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                result.problems.append(Problem(Location(path, 1), f"item {index + 1} is not an object", "rejected"))
                continue
            item_id = str(item.get("id", ""))
            location = Location(path, line_of(item_id))
            with one_record(result, location, f"CSL item {item_id or index + 1}"):
                title = html_to_text(str(item.get("title", "")))
                if not title:
                    result.problems.append(Problem(location, f"CSL item {item_id or index + 1} has no title, not read",
                                                   "rejected"))
                    continue
                authors = csl_names(item.get("author"))
                names_field = "author" if authors else "editor"
                authors = authors or csl_names(item.get("editor"))
                held = HELD | {names_field}
                extra = tuple((name, json.dumps(value, ensure_ascii=False, sort_keys=True))
                              for name, value in item.items() if name not in held and value not in (None, "", [], {}))
                kind = str(item.get("type", ""))
                doi = normalize_doi(str(item.get("DOI", "")))
                url = str(item.get("URL", ""))
                arxiv_id, version = find_arxiv_id(url, str(item.get("number", "")), str(item.get("container-title", "")))
                date = csl_date(item.get("issued"))
                keywords = split_keywords(html_to_text(str(item.get("keyword", ""))))
                result.records.append(Record(
                    record_id=item_id or str(location),
                    location=location,
                    title=title,
                    abstract=html_to_text(str(item.get("abstract", ""))),
                    source_format=self.name,
                    authors=authors,
                    author_count=len(authors) or None,
                    year=year_of(date),
                    date=date,
                    venue=html_to_text(str(item.get("container-title", ""))),
                    doi=doi,
                    arxiv_id=arxiv_id or arxiv_id_from_doi(doi),
                    arxiv_version=version,
                    url=url,
                    keywords=keywords,
                    entry_type=ENTRY_TYPES.get(kind, "misc"),
                    volume=str(item.get("volume", "")),
                    number=str(item.get("issue", "")),
                    pages=str(item.get("page", "")),
                    publisher=html_to_text(str(item.get("publisher", ""))),
                    extra=extra,
                    citation_key=item_id if CITATION_KEY.fullmatch(item_id) else "",
                    source_names=tuple(pair for pair in (("entry_type", kind), ("authors", names_field))
                                       if pair[1] and pair != ("authors", "author")),
                ))
        return result
