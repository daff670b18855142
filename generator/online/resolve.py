"""`litsite resolve`: find the arXiv id or DOI of papers that have neither, by their title.

A candidate is accepted only on strong evidence: its title equals the paper's (after folding case,
accents and punctuation; or equal but for spacing, "GPT-4" and "GPT4"), and its year (within one, a
preprint and its publication) and first author agree wherever the paper has them. A title alone must
have at least MIN_WORDS words. Two different works passing within one service's answer are ambiguous
and refused. Titles that differ by one word or one number never match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..dedup import ascii_fold
from ..model import Paper, Record
from ..readers.fields import family_name
from .files import Resolved, resolve_key
from .http import Client, FetchError
from .services import LABELS, SEARCHES, Services

MIN_WORDS = 4
ORDER = ("hf", "arxiv", "crossref", "openalex")


def first_family(authors) -> str:
    return ascii_fold(family_name(authors[0])) if authors else ""


def judge(paper: Paper | Record, candidate: Record) -> tuple[list[str], str]:
    """(evidence, "") when the candidate is the paper, else ([], the reason it is not)."""
    if not candidate.arxiv_id and not candidate.doi:
        return [], "has no arXiv id or DOI"
    mine, theirs = resolve_key(paper.title), resolve_key(candidate.title)
    if mine == theirs:
        evidence = ["title equal (case, accents and punctuation folded)"]
    elif mine.replace(" ", "") == theirs.replace(" ", ""):
        evidence = ["title equal but for spacing"]
    else:
        return [], f"title differs ({candidate.title!r})"
    year = paper.year or (int(paper.date[:4]) if paper.date and paper.date[:4].isdigit() else None)
    if year and candidate.year:
        if abs(year - candidate.year) > 1:
            return [], f"year {candidate.year} there, {year} here"
        evidence.append(f"year {candidate.year} there, {year} here" if year != candidate.year
                        else f"year {year} agrees")
    mine_author, theirs_author = first_family(paper.authors), first_family(candidate.authors)
    if mine_author and theirs_author:
        if mine_author != theirs_author:
            return [], f"first author {family_name(candidate.authors[0])} there, {family_name(paper.authors[0])} here"
        evidence.append(f"first author {family_name(paper.authors[0])} agrees")
    if len(evidence) == 1 and len(mine.split()) < MIN_WORDS:
        return [], f"a title of fewer than {MIN_WORDS} words, with no year or author to confirm it"
    return evidence, ""


def identity(record: Record) -> str:
    return record.arxiv_id or record.doi


def found_entry(service: str, candidate: Record) -> dict:
    arxiv = candidate.arxiv_id
    url = (f"https://huggingface.co/papers/{arxiv}" if service == "hf" and arxiv
           else f"https://arxiv.org/abs/{arxiv}" if arxiv else candidate.url)
    return {"service": service, "title": candidate.title, "arxiv_id": arxiv, "doi": candidate.doi,
            "authors": list(candidate.authors), "date": candidate.date or "", "url": url,
            "pdf_url": f"https://arxiv.org/pdf/{arxiv}" if arxiv else ""}


def lookup(client: Client, services: Services, paper: Paper, order=ORDER) -> dict:
    """Ask each service in turn until one gives a candidate with strong evidence."""
    refused: list[str] = []
    tried = []
    for service in order:
        tried.append(service)
        candidates = SEARCHES[service](client, services, paper.title)
        passed = []
        for candidate in candidates:
            evidence, reason = judge(paper, candidate)
            if evidence:
                passed.append((candidate, evidence))
            else:
                refused.append(f"{LABELS[service]}: {candidate.title!r}: {reason}")
        works = {identity(candidate) for candidate, _ in passed}
        if len(works) == 1:
            candidate, evidence = passed[0]
            return {"found": found_entry(service, candidate), "evidence": evidence, "tried": tried,
                    "refused": refused[:5]}
        if len(works) > 1:
            refused.append(f"{LABELS[service]}: {len(works)} different works have this title ({', '.join(sorted(works))}); "
                           "ambiguous, none taken")
    return {"found": None, "evidence": [], "tried": tried, "refused": refused[:5]}


@dataclass
class Outcome:
    looked_up: int = 0
    found: int = 0
    already: int = 0
    left: int = 0  # not looked up this run (over --limit)
    error: str = ""
    found_titles: list[str] = field(default_factory=list)


def needs_lookup(paper: Paper) -> bool:
    return not paper.arxiv_id and not paper.dois


def resolve(papers: list[Paper], resolved: Resolved, client: Client, services: Services, today: str,
            order=ORDER, limit: int | None = None, retry: bool = False,
            save: Callable[[], None] = lambda: None) -> Outcome:
    """Look up every paper without an identifier whose title is not in the cache yet (with `retry`, also
    those nothing was found for). Saves after every 20 lookups, so an interrupted run keeps its work."""
    outcome = Outcome()
    todo = []
    for paper in sorted(papers, key=lambda paper: paper.id):
        if not needs_lookup(paper):
            continue
        entry = resolved.entries.get(resolve_key(paper.title))
        if entry is not None and (entry.get("found") or entry.get("rejected") or not retry):
            outcome.already += 1
            continue
        todo.append(paper)
    if limit is not None:
        outcome.left, todo = max(0, len(todo) - limit), todo[:limit]
    for number, paper in enumerate(todo, start=1):
        try:
            result = lookup(client, services, paper, order)
        except FetchError as error:
            outcome.error = str(error)
            outcome.left += len(todo) - number + 1
            break
        resolved.entries[resolve_key(paper.title)] = {"title": paper.title, "checked": today, **result,
                                                      "rejected": False}
        outcome.looked_up += 1
        if result["found"]:
            outcome.found += 1
            outcome.found_titles.append(paper.title)
        if number % 20 == 0:
            save()
    save()
    return outcome
