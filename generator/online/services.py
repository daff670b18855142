"""The services litsite asks, their base addresses (a setting, overridden by the environment, so tests,
mirrors and proxies can point elsewhere) and the exact requests it sends. README "Living review" lists
the same endpoints and parameters, so a user can check them against each service's terms."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from ..model import Location, Record
from ..normalize import clean_text, title_key
from ..readers.arxiv_atom import ATOM, ArxivAtomReader
from ..readers.fields import family_first, normalize_doi, parse_date
from ..readers.hf_json import HuggingFaceJSONReader
from .http import Client, FetchError

DEFAULTS = {
    "arxiv": "https://export.arxiv.org/api/query",  # the arXiv API's query endpoint (Atom)
    "hf": "https://huggingface.co/api",  # Hugging Face API root: /daily_papers, /papers/search
    "crossref": "https://api.crossref.org",  # /works
    "openalex": "https://api.openalex.org",  # /works
}
ENVIRONMENT = {"arxiv": "LITSITE_ARXIV_API", "hf": "LITSITE_HF_API", "crossref": "LITSITE_CROSSREF_API",
               "openalex": "LITSITE_OPENALEX_API"}
# Seconds between two requests to one service: arXiv's terms ask for one request every 3 seconds;
# the others publish higher limits, which one request a second stays well under.
INTERVALS = {"arxiv": 3.0, "hf": 1.0, "crossref": 1.0, "openalex": 1.0}
LABELS = {"arxiv": "arXiv", "hf": "Hugging Face", "crossref": "Crossref", "openalex": "OpenAlex"}
CANDIDATES = 5  # results asked for per title lookup


@dataclass(frozen=True)
class Services:
    """Base address of each service and the contact address sent to Crossref and OpenAlex (their
    "polite pool"), from litsite.yml's `services` mapping; the LITSITE_*_API variables override."""

    arxiv: str = DEFAULTS["arxiv"]
    hf: str = DEFAULTS["hf"]
    crossref: str = DEFAULTS["crossref"]
    openalex: str = DEFAULTS["openalex"]
    contact: str = ""

    @classmethod
    def from_settings(cls, settings: dict | None = None) -> "Services":
        settings = settings or {}
        bases = {name: (os.environ.get(ENVIRONMENT[name]) or str(settings.get(name) or DEFAULTS[name])).rstrip("/")
                 for name in DEFAULTS}
        return cls(**bases, contact=str(settings.get("contact") or ""))

    def client(self, **options) -> Client:
        return Client(interval={getattr(self, name): seconds for name, seconds in INTERVALS.items()}, **options)


def check_atom(text: str, where: str) -> ElementTree.Element:
    """The feed's root, or FetchError: a truncated or malformed answer is never written to sources/."""
    if "<!DOCTYPE" in text[:2000] or "<!ENTITY" in text:
        raise FetchError(f"{where}: the answer declares a DTD or entities; refused")
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as error:
        raise FetchError(f"{where}: the answer is not well-formed XML ({error}); nothing was written")
    if root.tag != f"{ATOM}feed":
        raise FetchError(f"{where}: the answer is not an Atom feed")
    return root


def check_json(text: str, where: str, kind: type):
    try:
        data = json.loads(text)
    except ValueError as error:
        raise FetchError(f"{where}: the answer is not valid JSON ({error}); nothing was written")
    if not isinstance(data, kind):
        raise FetchError(f"{where}: expected a JSON {'list' if kind is list else 'object'}, got something else")
    return data


def arxiv_page(client: Client, services: Services, query: str, start: int, size: int) -> str:
    """One page of an arXiv query, newest submissions first."""
    response = client.get(services.arxiv, {"search_query": query, "start": start, "max_results": size,
                                           "sortBy": "submittedDate", "sortOrder": "descending"})
    return response.text


def hf_daily(client: Client, services: Services, day: str) -> str:
    return client.get(f"{services.hf}/daily_papers", {"date": day}).text


def search_arxiv(client: Client, services: Services, title: str) -> list[Record]:
    words = title_key(title)  # folded words: arXiv's query syntax gives meaning to quotes, colons, brackets
    text = client.get(services.arxiv, {"search_query": f'ti:"{words}"', "start": 0,
                                       "max_results": CANDIDATES}).text
    check_atom(text, "arXiv")
    return ArxivAtomReader().read(text, "arXiv").records


def search_hf(client: Client, services: Services, title: str) -> list[Record]:
    text = client.get(f"{services.hf}/papers/search", {"q": clean_text(title)}).text
    check_json(text, "Hugging Face", list)
    return HuggingFaceJSONReader().read(text, "Hugging Face").records[:CANDIDATES]


def polite(services: Services) -> dict:
    return {"mailto": services.contact} if services.contact else {}


def search_crossref(client: Client, services: Services, title: str) -> list[Record]:
    text = client.get(f"{services.crossref}/works", {"query.bibliographic": clean_text(title),
                                                    "rows": CANDIDATES, **polite(services)}).text
    items = (check_json(text, "Crossref", dict).get("message") or {}).get("items") or []
    records = []
    for item in items if isinstance(items, list) else []:
        titles = item.get("title") or [""]
        parts = ((item.get("issued") or {}).get("date-parts") or [[None]])[0]
        date = "-".join(f"{int(part):02d}" if index else str(part) for index, part in enumerate(parts)
                        if isinstance(part, int)) if parts and isinstance(parts[0], int) else None
        authors = tuple(family_first(f"{a.get('given', '')} {a.get('family', '')}".strip() or a.get("name", ""))
                        for a in item.get("author") or [] if isinstance(a, dict))
        records.append(Record(record_id=f"crossref:{item.get('DOI', '')}", location=Location("Crossref", 0),
                              title=clean_text(str(titles[0] if titles else "")), doi=normalize_doi(item.get("DOI", "")),
                              authors=tuple(name for name in authors if name), date=parse_date(date or ""),
                              year=int(date[:4]) if date else None, url=str(item.get("URL") or "")))
    return records


def search_openalex(client: Client, services: Services, title: str) -> list[Record]:
    text = client.get(f"{services.openalex}/works", {"search": clean_text(title), "per-page": CANDIDATES,
                                                    **polite(services)}).text
    items = check_json(text, "OpenAlex", dict).get("results") or []
    records = []
    for item in items if isinstance(items, list) else []:
        date = parse_date(str(item.get("publication_date") or ""))
        authors = tuple(family_first(str((a.get("author") or {}).get("display_name") or ""))
                        for a in item.get("authorships") or [] if isinstance(a, dict))
        records.append(Record(record_id=f"openalex:{item.get('id', '')}", location=Location("OpenAlex", 0),
                              title=clean_text(str(item.get("title") or item.get("display_name") or "")),
                              doi=normalize_doi(str(item.get("doi") or "")), authors=tuple(a for a in authors if a),
                              date=date, year=item.get("publication_year") if isinstance(item.get("publication_year"), int)
                              else None, url=str(item.get("id") or "")))
    return records


SEARCHES = {"hf": search_hf, "arxiv": search_arxiv, "crossref": search_crossref, "openalex": search_openalex}
