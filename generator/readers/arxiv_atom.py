"""arXiv API Atom feeds (old and new formats): versioned and old-style ids, hard-wrapped summaries."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from ..model import Location, Problem, Record
from .base import Reader, ReadResult, line_numbers, one_record
from .fields import find_arxiv_id, family_first, normalize_doi, parse_date, year_of, clean_text

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ENTRY_START = re.compile(r"<entry[\s>]")


class ArxivAtomReader(Reader):
    name = "arxiv-atom"
    label = "arXiv Atom"
    extensions = (".xml", ".atom")

    def sniff(self, text: str) -> bool:
        head = text[:3000]
        return "http://www.w3.org/2005/Atom" in head and "arxiv" in head.lower()

    def read(self, text: str, path: str) -> ReadResult:
        result = ReadResult()
        try:
            # The feed is untrusted XML: ElementTree does not fetch external entities, and we refuse DTDs
            # outright so entity-expansion bombs never reach the parser.
            if "<!DOCTYPE" in text[:2000] or "<!ENTITY" in text:
                raise ElementTree.ParseError("a DTD or entity declaration is not allowed in a feed")
            root = ElementTree.fromstring(text.encode("utf-8"))
        except ElementTree.ParseError as error:
            line = getattr(error, "position", (1, 0))[0]
            result.problems.append(Problem(Location(path, line), f"not well-formed XML: {error}", "rejected"))
            return result
        lines = line_numbers(text, (match.start() for match in ENTRY_START.finditer(text)))
        result.found = len(root.findall(f"{ATOM}entry"))
        for index, entry in enumerate(root.findall(f"{ATOM}entry")):
            location = Location(path, lines[index] if index < len(lines) else 1)
            with one_record(result, location, "arXiv entry"):
                title = clean_text(entry.findtext(f"{ATOM}title") or "")
                entry_id = entry.findtext(f"{ATOM}id") or ""
                if not title or title == "Error":
                    result.problems.append(Problem(location, f"arXiv entry {entry_id!r} without a title, not read",
                                                   "rejected"))
                    continue
                arxiv_id, version = find_arxiv_id(entry_id)
                links = entry.findall(f"{ATOM}link")
                pdf = next((link.get("href", "") for link in links if link.get("title") == "pdf"), "")
                page = next((link.get("href", "") for link in links if link.get("rel") == "alternate"), entry_id)
                authors = tuple(family_first(clean_text(author.findtext(f"{ATOM}name") or ""))
                                for author in entry.findall(f"{ATOM}author"))
                authors = tuple(name for name in authors if name)
                published = parse_date((entry.findtext(f"{ATOM}published") or "")[:10])
                journal_ref = clean_text(entry.findtext(f"{ARXIV}journal_ref") or "")
                categories = tuple(dict.fromkeys(c.get("term", "") for c in entry.findall(f"{ATOM}category")
                                                 if c.get("term")))
                result.records.append(Record(
                    record_id=f"arXiv:{arxiv_id}{version}" if arxiv_id else str(location),
                    location=location,
                    title=title,
                    abstract=clean_text(entry.findtext(f"{ATOM}summary") or ""),
                    source_format=self.name,
                    authors=authors,
                    author_count=len(authors) or None,
                    year=year_of(published),
                    date=published,
                    venue=journal_ref,
                    doi=normalize_doi(entry.findtext(f"{ARXIV}doi") or ""),
                    arxiv_id=arxiv_id,
                    arxiv_version=version,
                    url=page,
                    pdf_url=pdf,
                    keywords=categories,
                    entry_type="article" if journal_ref else "misc",
                ))
        return result
