"""`litsite fetch`: bring new papers into sources/ as files the readers already know.

`fetch arxiv --query Q`: the newest submissions matching an arXiv API query, kept as arXiv sent them
(one Atom file holding only the entries no source has yet). `fetch hf-daily --from D --to D`: each day's
Hugging Face Daily Papers list, one JSON file per day, as the API sent it. Every request is made and
checked before anything is written: a fetch that fails half-way leaves sources/ as it was. Each file
written is recorded in fetched.json with the day and the request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from slugify import slugify

from ..readers import read_sources
from ..readers.arxiv_atom import ATOM
from ..readers.fields import find_arxiv_id
from ..writer import atomic_write
from .files import FetchLog
from .http import Client, FetchError
from .services import Services, arxiv_page, check_atom, check_json, hf_daily

ENTRY = re.compile(r"<entry[\s>].*?</entry>", re.S)
PAGE = 100  # entries per arXiv request
MAX_DAYS = 366


@dataclass
class Fetched:
    """What a fetch would write: file path (relative to the project) -> text, and what it skipped."""

    files: dict[str, str] = field(default_factory=dict)
    entries: dict[str, int] = field(default_factory=dict)
    requests: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def known_arxiv_ids(sources: Path, project: Path) -> set[str]:
    records, _ = read_sources(sources, project) if sources.exists() else ([], [])
    return {record.arxiv_id for record in records if record.arxiv_id}


def free_name(project: Path, relative: str) -> str:
    """The path itself, or with -2, -3... before the extension: never a file that exists."""
    stem, dot, extension = relative.partition(".")
    candidate, number = relative, 1
    while (project / candidate).exists():
        number += 1
        candidate = f"{stem}-{number}{dot}{extension}"
    return candidate


def fetch_arxiv(client: Client, services: Services, query: str, known: set[str], folder: str, today: str,
                project: Path, most: int = 200) -> Fetched:
    head, entries, seen, start = "", [], set(known), 0
    while start < most:
        size = min(PAGE, most - start)
        text = arxiv_page(client, services, query, start, size)
        root = check_atom(text, "arXiv")
        parsed = root.findall(f"{ATOM}entry")
        if len(parsed) == 1 and (parsed[0].findtext(f"{ATOM}title") or "").strip() == "Error":
            raise FetchError(f"arXiv refused the query {query!r}: {(parsed[0].findtext(f'{ATOM}summary') or '').strip()}")
        raw = ENTRY.findall(text)
        if len(raw) != len(parsed):
            raise FetchError("arXiv: the answer's entries could not be told apart; nothing was written")
        head = head or text[:ENTRY.search(text).start() if raw else text.rindex("</feed>")]
        for element, entry in zip(parsed, raw):
            arxiv_id, _ = find_arxiv_id(element.findtext(f"{ATOM}id") or "")
            if arxiv_id and arxiv_id not in seen:
                seen.add(arxiv_id)
                entries.append(entry)
        if len(parsed) < size:
            break
        start += size
    result = Fetched()
    request = f"{services.arxiv}?{urlencode({'search_query': query, 'sortBy': 'submittedDate', 'sortOrder': 'descending'})}"
    if not entries:
        result.skipped.append(f"arXiv query {query!r}: no entry that sources/ does not hold already")
        return result
    name = free_name(project, f"{folder}/arxiv/{today}-{slugify(query, max_length=60) or 'query'}.atom.xml")
    result.files[name] = head.rstrip() + "\n  " + "\n  ".join(entries) + "\n</feed>\n"
    result.entries[name], result.requests[name] = len(entries), request
    return result


def days_between(first: str, last: str) -> list[str]:
    try:
        start, end = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError as error:
        raise FetchError(f"dates must be written YYYY-MM-DD ({error})")
    if end < start:
        raise FetchError(f"--to {last} is before --from {first}")
    if (end - start).days >= MAX_DAYS:
        raise FetchError(f"at most {MAX_DAYS} days in one fetch")
    return [(start + timedelta(days=offset)).isoformat() for offset in range((end - start).days + 1)]


def fetch_hf_daily(client: Client, services: Services, first: str, last: str, folder: str,
                   project: Path) -> Fetched:
    result = Fetched()
    for day in days_between(first, last):
        name = f"{folder}/hf-daily/{day}.json"
        if (project / name).exists():
            result.skipped.append(f"{day}: {name} exists (a day's list is fetched once)")
            continue
        text = hf_daily(client, services, day)
        items = check_json(text, f"Hugging Face daily papers of {day}", list)
        if not items:
            result.skipped.append(f"{day}: no papers listed")
            continue
        result.files[name] = text if text.endswith("\n") else text + "\n"
        result.entries[name] = len(items)
        result.requests[name] = f"{services.hf}/daily_papers?{urlencode({'date': day})}"
    return result


def write_fetched(fetched: Fetched, project: Path, log: FetchLog, service: str, today: str) -> None:
    """Write the files (each atomically) and record them in the log; called only once every request
    of the fetch has succeeded."""
    for name, text in sorted(fetched.files.items()):
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
        log.entries[name] = {"fetched": today, "service": service, "request": fetched.requests[name],
                           "entries": fetched.entries[name]}
