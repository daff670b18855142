"""Deduplication: records of the same work become one paper, keeping every source and the richest metadata.

Tiers, strongest evidence first, over a union-find of records:
1. the same DOI or the same version-less arXiv id;
2. the same normalized title, when year and authors agree (generic titles need both);
3. a near-identical title (rapidfuzz), confirmed by authors and year; weaker matches are not merged but
   listed as possible duplicates for the researcher to decide in `dedup.yml`.
Cannot-link rules guard every tier: two different DOIs (or arXiv ids) are two works, numbered parts and
versions are different works, and a pair the researcher marked `different` is never merged.
Candidate pairs for tier 3 come from sorted neighbourhoods and author-year blocks, so the work grows
about linearly with the number of records.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from .model import Limits, Paper, Problem, Record
from .normalize import clean_text, short_hash, title_key
from .readers.fields import family_name
from .slugs import assign_unique, paper_slug

ID_LENGTH = 12
# Real titles stay under ~300 characters and abstracts under ~5,000; beyond these limits a field is
# almost surely a parsing accident or hostile, and would bloat every page and index that shows it.
WINDOW = 8  # neighbours compared in each sorted order
MAX_BLOCK = 60  # author-year blocks larger than this are too unspecific to compare all pairs
MERGE_SIMILARITY = 95.0
CONFIRMED_SIMILARITY = 90.0
POSSIBLE_SIMILARITY = 85.0
GENERIC_TITLES = {
    "introduction", "editorial", "preface", "foreword", "conclusion", "conclusions", "index", "reply",
    "response", "erratum", "correction", "corrigendum", "letter to the editor", "book review", "abstracts",
    "contents", "deep learning", "machine learning", "discussion", "commentary", "overview", "summary",
    "acknowledgments", "acknowledgements", "announcement", "in memoriam", "obituary", "news",
}
TRAILING_BRACKET = re.compile(r"\s*[\[(](?:[^\])]{1,40})[\])]\s*\.?$")
# Notes databases write into titles, anywhere: "[Erratum appears in Diabetes Care 2010;33:692]",
# "[16 refs]", "[Comment on ...]", and Web of Science's erratum "(vol 12, pg 345, 2001)".
TITLE_NOTES = re.compile(r"\s*\[[^\]]*\b(?:errat(?:um|a)|comment(?:ed)?|retract\w*|correct\w*|republished|published|"
                         r"reprint\w*|refs?|references|update[ds]?)\b[^\]]*\]|\s*\(\s*vol\.?\s*\d+[^)]*\)", re.I)
NUMBERS = re.compile(r"\b(\d+|[ivx]{1,4})\b")
# DOIs of preprint servers: bioRxiv/medRxiv (10.1101/ followed by a date or a number only: Cold Spring
# Harbor's journals share the prefix), Research Square, SSRN, Preprints.org, OSF and its archives, TechRxiv.
# Such a DOI and the journal version's DOI name one work in two states: they do not keep records apart.
PREPRINT_DOI = re.compile(r"^10\.1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d+(?:v\d+)?$|^10\.(?:21203/rs\.|2139/ssrn\.|"
                          r"20944/preprints|31219/osf\.io|31234/osf\.io|31235/osf\.io|36227/techrxiv)")
POPULATION_WORDS = {"adult", "adults", "pediatric", "paediatric", "child", "children", "childhood", "infant",
                    "infants", "adolescent", "adolescents", "youth", "women", "men", "woman", "man", "female",
                    "females", "male", "males", "elderly", "older", "rat", "rats", "mouse", "mice", "dog", "dogs",
                    "pig", "pigs", "cat", "cats", "human", "humans", "patients", "healthy", "neonatal", "neonates",
                    "newborn", "newborns", "pregnant", "pregnancy", "girls", "boys", "veterans", "monkeys"}
PREPRINT_VENUE = re.compile(r"arxiv|preprint|corr\b|biorxiv|medrxiv|ssrn|research square|techrxiv", re.I)


@dataclass(frozen=True)
class Decisions:
    """The researcher's verdicts on pairs of record ids, read from the user-owned dedup.yml."""

    same: tuple[tuple[str, str], ...] = ()
    different: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PossibleDuplicate:
    """A pair that looks alike but lacks the evidence to merge: shown on the report, decided by the user."""

    a: Record
    b: Record
    similarity: float
    reason: str


@dataclass
class DedupResult:
    papers: list[Paper]
    problems: list[Problem] = field(default_factory=list)
    possible: list[PossibleDuplicate] = field(default_factory=list)
    clusters: list[list[Record]] = field(default_factory=list)


def bounded(record: Record, problems: list[Problem], limits: Limits) -> Record:
    """The record with an over-long title or abstract cut to the limit, and a warning saying so."""
    changes = {}
    for name, limit in (("title", limits.title), ("abstract", limits.abstract)):
        value = getattr(record, name)
        if len(value) > limit:
            changes[name] = value[:limit].rsplit(" ", 1)[0] + " …"
            problems.append(Problem(record.location, f"{name} of {len(value):,} characters cut to {limit:,} "
                                                     f"(limits.{name} in litsite.yml)"))
    return replace(record, **changes) if changes else record


def dedup_title_key(title: str) -> str:
    """title_key without notes: a trailing language or format note ("Title [Chinese]", "Title (Abstract)")
    and erratum, comment or reference-count notes anywhere (TITLE_NOTES)."""
    title = clean_text(title)
    if "[" not in title and "(" not in title:  # no note to remove (both patterns need a bracket)
        return title_key(title)
    return title_key(TRAILING_BRACKET.sub("", TITLE_NOTES.sub("", title))) or title_key(title)


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if char.isalpha()).lower()


NOT_NAMES = {"null", "na", "nan", "none", "anonymous", "anon", "unknown"}
FAMILY_PARTICLES = ("van", "von", "der", "den", "de", "del", "della", "di", "da", "la", "le", "du", "dos", "das",
                    "ter", "ten")


@lru_cache(maxsize=262144)
def family_key(author: str) -> str:
    """A family name as dedup compares it: folded, without particles ("De Smet", "Smet" and "de smet"
    all give "smet"), "" for the placeholders some exports write ("null", "NA", "Anonymous")."""
    words = [ascii_fold(word) for word in family_name(author).split()]
    words = [word for word in words if word]
    while len(words) > 1 and words[0] in FAMILY_PARTICLES:
        words = words[1:]
    key = "".join(words)
    return "" if key in NOT_NAMES else key


def first_family(record: Record) -> str:
    """The first author's family name, folded: "Müller, J." and "J. Muller" both give "muller"."""
    return next((key for key in map(family_key, record.authors) if key), "")


def families(record: Record) -> set[str]:
    return set(map(family_key, record.authors)) - {""}


@lru_cache(maxsize=65536)
def name_words(author: str) -> frozenset[str]:
    """Every word of an author's name, folded (family and given swapped by an export still meet)."""
    return frozenset(word for word in map(ascii_fold, re.split(r"[\s,.-]+", author)) if len(word) > 1)


@lru_cache(maxsize=65536)
def venue_title_key(venue: str) -> str:
    return dedup_title_key(venue) if venue else ""


VENUE_NOISE = {"the", "of", "in", "and", "for", "on", "journal", "j", "proceedings", "proc", "conference",
               "international", "int", "annual", "meeting", "abstracts", "supplement", "suppl"}


VENUE_KINDS = {"journal": "journal", "transactions": "journal", "letters": "journal", "workshop": "workshop",
               "conference": "conference", "proceedings": "conference", "symposium": "conference",
               "congress": "conference", "meeting": "conference"}
COCHRANE_VERSION = re.compile(r"\.pub\d+$")


@lru_cache(maxsize=65536)
def venue_kinds(venue: str) -> frozenset[str]:
    return frozenset(VENUE_KINDS[word] for word in title_key(venue).split() if word in VENUE_KINDS)


def doi_work(doi: str) -> str:
    """The DOI of the work: Cochrane reviews add .pub2, .pub3 for each update of the same review."""
    return COCHRANE_VERSION.sub("", doi)


@lru_cache(maxsize=65536)
def venue_words(venue: str) -> tuple[str, ...]:
    return tuple(word for word in title_key(venue).split() if word not in VENUE_NOISE and not word.isdigit())


def abbreviated(short: tuple[str, ...], long: tuple[str, ...]) -> int:
    """How many words of `short`, in order, begin a word of `long` or go on where the last one stopped
    inside a compound word ("Neuro Endocrinol Lett" in "Neuroendocrinology Letters")."""
    joined = "".join(long)
    starts, offset = set(), 0
    for word in long:
        starts.add(offset)
        offset += len(word)
    matched = cursor = 0
    for word in short:
        position = next((p for p in range(cursor, len(joined)) if (p in starts or p == cursor)
                         and joined.startswith(word, p)), None)
        if position is not None:
            matched += 1
            cursor = position + len(word)
    return matched


def venues_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same venue, allowing abbreviations either way round: "Curr Opin Lipidol" is "Current Opinion in
    Lipidology", whichever record comes first."""
    if not a or not b or a == b:
        return True
    for short, long in ((a, b), (b, a)):
        # One unmatched word is allowed: "Nutr Metab (Lond)" is "Nutrition and Metabolism".
        if abbreviated(short, long) >= max(1, len(short) - 1) and len("".join(short)) <= len("".join(long)):
            return True
    return fuzz.token_set_ratio(" ".join(a), " ".join(b)) >= 90


# Other names of the venue a record keeps in Record.extra (BibTeX's fields, RIS's tags: secondary and
# tertiary titles, journal abbreviations): a paper in "ECCV 2018" is also in the series "Lecture Notes in
# Computer Science", which another export may give as its only venue.
OTHER_VENUES = {"series", "booktitle", "journal", "journaltitle", "T2", "T3", "BT", "JO", "JF", "JA", "J1", "J2"}
# Formats whose extra fields are the user's own column names: a CSV's "booktitle" beside its "journal"
# (bibdedupe's special cases: "Amcis 2017 Proceedings") is no second name of one venue.
COLUMNS_IN_EXTRA = {"csv", "yaml-list"}


def venue_names(record: Record) -> tuple[tuple[str, ...], ...]:
    """The venue's words, then those of each other venue name the record holds."""
    names = [record.venue] + [value for name, value in record.extra
                              if name in OTHER_VENUES and record.source_format not in COLUMNS_IN_EXTRA]
    return tuple(dict.fromkeys(words for words in map(venue_words, names) if words))


def any_venues_agree(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> bool:
    return not a or not b or any(venues_agree(x, y) for x in a for y in b)


def pages_agree(a: str, b: str) -> bool:
    """Two first pages that name the same page: equal, equal but for an article-number letter ("e1230"
    and "1230"), or two neighbouring digits swapped by a typing slip ("1223" and "1232")."""
    if a == b or not a or not b:
        return True
    a, b = a.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), b.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if a == b:
        return True
    differ = [i for i in range(len(a)) if len(a) == len(b) and a[i] != b[i]]
    return len(differ) == 2 and differ[1] == differ[0] + 1 and a[differ[0]] == b[differ[1]] and \
        a[differ[1]] == b[differ[0]]


def clean_number(value: str) -> str:
    """A volume or first page only when the field is plainly one ("61", "E2048", "413-420"); exports
    often hold noise like "1)" or "61 (Supplement 1)", which must not count as a difference."""
    match = re.fullmatch(r"\s*([A-Za-z]?\d+)(?:\s*[-–]+\s*[A-Za-z]?\d+)?\s*", value or "")
    return match.group(1).lstrip("0").upper() if match else ""


@dataclass
class Features:
    """What dedup compares, computed once per record."""

    key: str
    doi: str
    arxiv: str
    year: int | None
    first_author: str
    authors: set[str]
    preprint: bool
    generic: bool
    numbers: tuple[str, ...]
    venue: tuple[str, ...] = ()
    venues: tuple[tuple[str, ...], ...] = ()  # the venue and its other names (a book's series)
    volume: str = ""
    first_page: str = ""
    venue_kinds: frozenset[str] = frozenset()
    venue_key: str = ""  # the venue as a title key: a chapter's book title is its book's title
    first_words: frozenset[str] = frozenset()  # every word of the first author's name (swapped names meet)
    first_year: int | None = None  # the year an arXiv id says the work was first posted


def is_preprint(record: Record) -> bool:
    return bool(record.arxiv_id) or bool(PREPRINT_VENUE.search(record.venue)) or bool(PREPRINT_DOI.match(record.doi)) or \
        record.entry_type in ("unpublished", "preprint") or (record.entry_type == "misc" and not record.venue)


def features(record: Record) -> Features:
    key = dedup_title_key(record.title)
    doi = "" if record.doi.startswith("10.48550/arxiv.") else doi_work(record.doi)
    preprint = is_preprint(record)
    return Features(
        key=key, doi=doi, arxiv=record.arxiv_id, year=record.year or _year(record.date),
        first_author=first_family(record), authors=families(record), preprint=preprint,
        generic=key in GENERIC_TITLES,
        numbers=tuple(NUMBERS.findall(key)),
        venue=venue_words(record.venue), venues=venue_names(record), volume=clean_number(record.volume),
        first_page=clean_number(record.pages), venue_kinds=venue_kinds(record.venue),
        venue_key=venue_title_key(record.venue),
        first_words=next((name_words(author) for author in record.authors if family_key(author)), frozenset()),
        first_year=arxiv_year(record.arxiv_id),
    )


ARXIV_YEAR = re.compile(r"^(\d{2})\d{2}\.\d{4,5}$|/(\d{2})\d{5}$")


def arxiv_year(arxiv_id: str) -> int | None:
    """The year of an arXiv id's first version: "1706.03762" -> 2017, "hep-th/9901001" -> 1999."""
    match = ARXIV_YEAR.search(arxiv_id or "")
    if not match:
        return None
    year = int(match.group(1) or match.group(2))
    return year + (1900 if year >= 91 else 2000)


def publication_conflict(a: Features, b: Features) -> str | None:
    """Why two records with alike titles are still two publications (a conference abstract and the
    journal article, two abstracts in one supplement), or None. Preprints are exempt: their venue,
    volume and pages are the preprint server's. A chapter and the book it is in are two works whose
    titles may read alike ("On Alternative Modernities" in "Alternative Modernities")."""
    if a.venue_key and a.venue_key == b.key or b.venue_key and b.venue_key == a.key:
        return "one is a part of the other (its venue is the other's title)"
    if a.preprint or b.preprint:
        return None
    if not any_venues_agree(a.venues, b.venues) or (a.venue_kinds and b.venue_kinds and not a.venue_kinds & b.venue_kinds):
        return "venues differ"
    if a.year is not None and b.year is not None and a.year != b.year:
        # A year apart is an online-first article and its issue only in the same venue (the online-first
        # record has no volume yet, and its own page numbers); otherwise it is a conference abstract or
        # paper and its journal version.
        if not (a.venue and b.venue):
            return "years differ and a venue is missing"
        return "years and volumes differ" if a.volume and b.volume and a.volume != b.volume else None
    if a.volume and b.volume and a.volume != b.volume:
        return "volumes differ"
    if not pages_agree(a.first_page, b.first_page):
        return "pages differ"
    return None


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


class Clusters:
    """Union-find over record indexes that refuses unions breaking a cannot-link rule."""

    def __init__(self, items: list[Features], different: set[frozenset[int]]):
        self.parent = list(range(len(items)))
        self.members = {i: [i] for i in range(len(items))}
        # a preprint server's DOI never stands against a journal's (see PREPRINT_DOI)
        self.dois = {i: {items[i].doi} - {""} if not PREPRINT_DOI.match(items[i].doi) else set()
                     for i in range(len(items))}
        self.arxiv = {i: {items[i].arxiv} - {""} for i in range(len(items))}
        self.different: dict[int, set[int]] = defaultdict(set)
        for pair in different:
            a, b = tuple(pair)
            self.different[a].add(b)
            self.different[b].add(a)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def conflict(self, a: int, b: int) -> str | None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        if self.dois[ra] and self.dois[rb] and not self.dois[ra] & self.dois[rb]:
            return "different DOIs"
        if self.arxiv[ra] and self.arxiv[rb] and not self.arxiv[ra] & self.arxiv[rb]:
            return "different arXiv ids"
        small, large = sorted((ra, rb), key=lambda root: len(self.members[root]))
        large_members = set(self.members[large])
        if any(self.different[i] & large_members for i in self.members[small]):
            return "marked different in dedup.yml"
        return None

    def union(self, a: int, b: int, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (not force and self.conflict(a, b)):
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)
        self.dois[ra] |= self.dois.pop(rb)
        self.arxiv[ra] |= self.arxiv.pop(rb)
        return True


def years_agree(a: Features, b: Features) -> bool:
    """Same year, or one year apart (online first vs print); a preprint may precede its version by three.
    An arXiv record is dated from its first version to the one its year names (arXiv's BibTeX gives the
    latest version's year: 2023 for v7 of 1706.03762), so the gap is counted from the nearer end."""
    if a.year is None or b.year is None:
        return True
    gap = max(0, min(a.year, a.first_year or a.year) - b.year, min(b.year, b.first_year or b.year) - a.year)
    return gap <= 1 or ((a.preprint or b.preprint) and gap <= 3)


def authors_agree(a: Features, b: Features) -> bool | None:
    """True/False when both list authors; None when one side has none (no evidence either way)."""
    if not a.authors or not b.authors:
        return None
    if a.first_author and a.first_author == b.first_author:
        return True
    overlap = len(a.authors & b.authors) / min(len(a.authors), len(b.authors))
    # A first author whose family and given names an export swapped ("Wei, Li" / "Li, Wei") shares
    # both words with the other: that, with the same title, is the same person.
    return overlap >= 0.5 or (len(a.first_words) > 1 and a.first_words == b.first_words)


def shorter(a: Features, b: Features) -> Features:
    return a if len(a.key) <= len(b.key) else b


def longer(a: Features, b: Features) -> Features:
    return b if len(a.key) <= len(b.key) else a


def subtitle_dropped(a: str, b: str) -> bool:
    """One title is the other's main title without its subtitle: a prefix ending at a word, of four words
    or more (shorter prefixes are too common to be evidence)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long.startswith(short) and long[len(short):len(short) + 1] == " " and short.count(" ") >= 3


def population_differs(a: str, b: str) -> str:
    """The population words only one title has ("... in adults" / "... in children"): two studies."""
    return ", ".join(sorted((set(a.split()) ^ set(b.split())) & POPULATION_WORDS))


def candidate_pairs(items: list[Features]) -> list[tuple[int, int]]:
    """Pairs worth a fuzzy look, in order and each once: neighbours in title order and in reversed-title
    order (a typo near the start moves a title far away in the first), and pairs within small
    first-author-and-year blocks. Kept as numbers (i * len(items) + j) until sorted: a set of 213,000
    tuples and its sort took 0.66 s at 10,000 records, in the serial part of generation."""
    size = len(items)
    keys = []
    for order_key in (lambda i: items[i].key, lambda i: items[i].key[::-1]):
        order = np.array(sorted(range(size), key=order_key), dtype=np.int64)
        for step in range(1, WINDOW + 1):
            first, second = order[:-step], order[step:]
            keys.append(np.minimum(first, second) * size + np.maximum(first, second))
    blocks: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        if item.first_author:
            blocks[(item.first_author, item.year)].append(i)
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            first, second = np.triu_indices(len(members), k=1)
            ordered = np.array(members, dtype=np.int64)  # ascending: each pair's first is the smaller
            keys.append(ordered[first] * size + ordered[second])
    unique = np.unique(np.concatenate(keys)) if keys else np.array([], dtype=np.int64)
    return list(zip((unique // size).tolist(), (unique % size).tolist()))


def deduplicate(records: list[Record], decisions: Decisions | None = None, limits: Limits = Limits(),
                papers: bool = True) -> DedupResult:
    """Records to papers; papers come out sorted by id, whatever the input order. With papers=False only
    the clusters and the queue (`litsite dedup`)."""
    decisions = decisions or Decisions()
    problems: list[Problem] = []
    kept: list[Record] = []
    # In a stable order of their own, so the clusters do not depend on the order the files were read in.
    for record in sorted(records, key=lambda r: (r.record_id, r.location.path, r.location.line)):
        record = bounded(record, problems, limits)
        if not dedup_title_key(record.title):
            problems.append(Problem(record.location, f"title has no letters or digits: {record.title[:80]!r}",
                                    "rejected"))
            continue
        kept.append(record)
    items = [features(record) for record in kept]
    index_of = {record.record_id: i for i, record in enumerate(kept)}
    different = {frozenset((index_of[a], index_of[b])) for a, b in decisions.different
                 if a in index_of and b in index_of and a != b}
    clusters = Clusters(items, different)
    reasons: dict[int, list[str]] = defaultdict(list)
    possible: list[PossibleDuplicate] = []

    def merge(a: int, b: int, reason: str, force: bool = False, similarity: float = 100.0) -> None:
        """Merge, or, when a cannot-link rule refuses it (two DOIs, dedup.yml), put the pair in the queue
        with both reasons: a refused pair is never silently dropped."""
        if clusters.union(a, b, force):
            reasons[a].append(f"{kept[a].record_id} + {kept[b].record_id}: {reason}")
        elif clusters.find(a) != clusters.find(b):
            possible.append(PossibleDuplicate(kept[a], kept[b], similarity,
                                              f"{reason}, but {clusters.conflict(a, b) or 'refused'}"))

    for a, b in decisions.same:
        if a in index_of and b in index_of:
            merge(index_of[a], index_of[b], "marked same in dedup.yml", force=True)

    # Tier 1: identifiers.
    for attribute, label in (("doi", "same DOI"), ("arxiv", "same arXiv id")):
        first_with: dict[str, int] = {}
        for i, item in enumerate(items):
            value = getattr(item, attribute)
            if not value:
                continue
            if value not in first_with:
                first_with[value] = i
                continue
            j = first_with[value]
            # One DOI on two different titles is usually a whole supplement or proceedings volume.
            similarity = max(fuzz.ratio(items[i].key, items[j].key), fuzz.partial_ratio(items[i].key, items[j].key)
                             if min(len(items[i].key), len(items[j].key)) > 30 else 0)
            conflict = publication_conflict(items[i], items[j]) if attribute == "doi" and similarity < 95 else None
            if similarity < 80 or conflict:
                why = conflict or "different titles"
                possible.append(PossibleDuplicate(kept[j], kept[i], similarity, f"{label} {value}, but {why}"))
            else:
                merge(j, i, f"{label} {value}")

    # Tier 2: the same normalized title, with agreeing year and authors.
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        by_key[item.key].append(i)
    for group in by_key.values():
        for position, i in enumerate(group):
            for j in group[:position]:
                a, b = items[j], items[i]
                agree = authors_agree(a, b)
                conflict = publication_conflict(a, b)
                if a.generic or b.generic:
                    ok = a.year is not None and a.year == b.year and agree is True and not conflict
                else:
                    ok = years_agree(a, b) and agree is not False and not conflict
                if ok:
                    evidence = "same title" + (", same first author" if agree else "") + \
                        (f", {a.year}" if a.year and a.year == b.year else "")
                    merge(j, i, evidence)
                elif clusters.find(i) != clusters.find(j):
                    why = conflict or ("years differ" if not years_agree(a, b) else "authors differ"
                                       if agree is False else "generic title without matching year and first author")
                    possible.append(PossibleDuplicate(kept[j], kept[i], 100.0, f"same title, but {why}"))

    # Tier 3: near-identical titles (or one title the other without its subtitle), confirmed by other evidence.
    for i, j in candidate_pairs(items):
        if clusters.find(i) == clusters.find(j):
            continue
        a, b = items[i], items[j]
        if a.key == b.key or not a.key or not b.key:
            continue
        subtitle = subtitle_dropped(a.key, b.key)
        similarity = 100.0 if subtitle else fuzz.ratio(a.key, b.key, score_cutoff=POSSIBLE_SIMILARITY)
        if similarity < POSSIBLE_SIMILARITY:
            continue
        agree = authors_agree(a, b)
        same_numbers = a.numbers == b.numbers or (subtitle and set(shorter(a, b).numbers) <= set(longer(a, b).numbers))
        population = population_differs(a.key, b.key)
        conflict = publication_conflict(a, b)
        confirmed = agree is True and years_agree(a, b) and same_numbers and not (a.generic or b.generic) \
            and not conflict and not population
        strong = confirmed and a.year is not None and a.year == b.year
        if (similarity >= MERGE_SIMILARITY and confirmed and not subtitle) or \
                (similarity >= CONFIRMED_SIMILARITY and strong):
            how = "one title is the other without its subtitle" if subtitle else f"similar title ({similarity:.0f}%)"
            merge(i, j, f"{how}, same first author, year {a.year or '?'}", similarity=similarity)
            continue
        reason = "numbers in the titles differ" if not same_numbers else conflict if conflict else \
            f"the titles name different populations ({population})" if population else \
            "authors differ" if agree is False else "years differ" if not years_agree(a, b) else \
            "no authors to confirm" if agree is None else "not similar enough to merge automatically"
        kind = "one title is the other's without its subtitle" if subtitle else "similar titles"
        possible.append(PossibleDuplicate(kept[i], kept[j], similarity, f"{kind}, but {reason}"))

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(kept)):
        groups[clusters.find(i)].append(i)
    built = build_papers([[kept[i] for i in sorted(members)] for members in groups.values()],
                         {root: [r for i in members for r in reasons.get(i, [])] for root, members in groups.items()},
                         list(groups)) if papers else []
    unresolved = [pair for pair in possible if clusters.find(index_of[pair.a.record_id]) !=
                  clusters.find(index_of[pair.b.record_id])] if len(index_of) == len(kept) else possible
    # a pair the researcher decided is different (dedup.yml) is settled: no longer listed
    settled = {frozenset(pair) for pair in decisions.different}
    unresolved = [pair for pair in unresolved if frozenset((pair.a.record_id, pair.b.record_id)) not in settled]
    unresolved = sorted({(p.a.record_id, p.b.record_id): p for p in unresolved}.values(),
                        key=lambda p: (-p.similarity, p.a.record_id, p.b.record_id))
    clusters_out = [[kept[i] for i in sorted(members)] for members in groups.values()]
    return DedupResult(built, problems, unresolved, clusters_out)


def primary(records: list[Record]) -> Record:
    """The record to take the citation from: a published version with a DOI over a preprint."""
    def rank(item: tuple[int, Record]):
        position, record = item
        published = not is_preprint(record)
        return (bool(record.doi) and published, published, bool(record.venue), len(record.abstract),
                len(record.authors), -position)
    return max(enumerate(records), key=rank)[1]


def first_value(records: list[Record], name: str, preferred: Record):
    value = getattr(preferred, name)
    return value or next((getattr(r, name) for r in records if getattr(r, name)), type(value)())


def paper_identity(records: list[Record]) -> str:
    """arXiv id, else DOI, else the normalized title: what identifies the work, not the order of arrival."""
    arxiv = sorted({r.arxiv_id for r in records if r.arxiv_id})
    if arxiv:
        return "arxiv:" + arxiv[0]
    dois = sorted({r.doi for r in records if r.doi})
    if dois:
        return "doi:" + dois[0]
    return "title:" + dedup_title_key(primary(records).title)


def build_papers(groups: list[list[Record]], reasons: dict[int, list[str]], roots: list[int]) -> list[Paper]:
    identities = [paper_identity(group) for group in groups]
    counts: dict[str, int] = defaultdict(int)
    for identity in identities:
        counts[identity] += 1
    papers = []
    for group, identity, root in zip(groups, identities, roots):
        if counts[identity] > 1:  # same title, different works (not merged): tell them apart by year, authors
            best = primary(group)
            identity += f"|{best.year or ''}|{first_family(best)}|{min(r.record_id for r in group)}"
        papers.append(merge_records(group, "p" + short_hash(identity, ID_LENGTH), tuple(reasons.get(root, ()))))
    titles = {paper.id: paper.title for paper in papers}
    slugs = assign_unique({paper.id: paper.slug for paper in papers},
                          lambda pid: paper_slug(titles[pid], pid, ID_LENGTH + 1))
    papers = [paper if paper.slug == slugs[paper.id] else replace(paper, slug=slugs[paper.id]) for paper in papers]
    return sorted(papers, key=lambda paper: paper.id)


def merge_records(records: list[Record], pid: str, reasons: tuple[str, ...]) -> Paper:
    """One paper from records of the same work; each field from the record that has the most of it.

    Ties go to the first record in reading order (files sorted by path, then line), so the choice is the
    same on every run.
    """
    best = primary(records)
    title = clean_text(best.title)
    dates = sorted(r.date for r in records if r.date)
    author_counts = [r.author_count or len(r.authors) for r in records if r.author_count or r.authors]
    upvotes = [r.upvotes for r in records if r.upvotes is not None]
    authors = max((r.authors for r in records), key=len)
    if len(best.authors) == len(authors):
        authors = best.authors
    # the list is incomplete when the record it came from said so ("and others")
    more_authors = any(r.more_authors for r in records if r.authors == authors)
    arxiv_records = sorted((r for r in records if r.arxiv_id), key=lambda r: int(r.arxiv_version[1:] or 0)
                           if r.arxiv_version[1:].isdigit() else 0)
    arxiv = arxiv_records[-1] if arxiv_records else None
    dois = tuple(dict.fromkeys([best.doi] * bool(best.doi) + [r.doi for r in records if r.doi]))
    pdf = first_value(records, "pdf_url", best) or (f"https://arxiv.org/pdf/{arxiv.arxiv_id}" if arxiv else "")
    return Paper(
        id=pid,
        slug=paper_slug(title, pid),
        title=title,
        protected=best.protected,
        abstract=clean_text(max((r.abstract for r in records), key=len)),
        records=tuple(records),
        author_count=max(author_counts) if author_counts else None,
        # A published version's date is the citation date; otherwise the earliest: when the work appeared.
        date=best.date if best.date and best.venue and not is_preprint(best) else dates[0] if dates else None,
        upvotes=max(upvotes) if upvotes else None,
        authors=authors,
        more_authors=more_authors,
        year=best.year or min((r.year or _year(r.date) for r in records if r.year or _year(r.date)), default=None),
        venue=first_value(records, "venue", best),
        dois=dois,
        arxiv_id=arxiv.arxiv_id if arxiv else "",
        arxiv_version=arxiv.arxiv_version if arxiv else "",
        url=first_value(records, "url", best),
        pdf_url=pdf,
        keywords=tuple(dict.fromkeys(k for r in records for k in r.keywords)),
        entry_type=first_value(records, "entry_type", best),
        volume=first_value(records, "volume", best),
        number=first_value(records, "number", best),
        pages=first_value(records, "pages", best),
        publisher=first_value(records, "publisher", best),
        merge_reasons=reasons,
    )
