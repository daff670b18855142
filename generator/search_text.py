"""What Material's search holds for a paper: every word a reader may type to find it.

One entry per paper (the litsite plugin hands it to the search plugin instead of the whole page): authors,
venue with its short name, year, tags with their acronyms, topic, the abstract's most distinctive words (see
AbstractTerms), and the opening of the reviewer's note. Words with accents are added once more without them, so "Merrienboer" finds
"Merriënboer"; Material's search tokenizes and stems the rest ("SSMs" and "SSM" meet).
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from . import markup
from .model import Paper, Tag, Topic
from .readers.fields import display_name

AUTHORS_INDEXED = 30
# Venues whose usual short name is not their initials. Matched as a case-insensitive phrase of the venue.
KNOWN_VENUES = {
    "neural information processing systems": "NeurIPS NIPS",
    "international conference on learning representations": "ICLR",
    "international conference on machine learning": "ICML",
    "computer vision and pattern recognition": "CVPR",
    "international conference on computer vision": "ICCV",
    "european conference on computer vision": "ECCV",
    "association for computational linguistics": "ACL",
    "empirical methods in natural language processing": "EMNLP",
    "north american chapter of the association for computational linguistics": "NAACL",
    "aaai conference on artificial intelligence": "AAAI",
    "international joint conference on artificial intelligence": "IJCAI",
    "knowledge discovery and data mining": "KDD",
    "transactions on pattern analysis and machine intelligence": "TPAMI PAMI",
    "journal of machine learning research": "JMLR",
    "transactions of the association for computational linguistics": "TACL",
    "transactions on machine learning research": "TMLR",
    "artificial intelligence and statistics": "AISTATS",
    "uncertainty in artificial intelligence": "UAI",
    "conference on robot learning": "CoRL",
    "acoustics, speech and signal processing": "ICASSP",
    "interspeech": "INTERSPEECH",
    "proceedings of the national academy of sciences": "PNAS",
    "journal of the american medical association": "JAMA",
    "new england journal of medicine": "NEJM",
    "british medical journal": "BMJ",
}
MINOR_WORDS = {"a", "an", "and", "at", "de", "der", "for", "in", "of", "on", "the", "to", "und", "&"}
WORD = re.compile(r"\w+(?:['’]\w+)*")
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)
ABSTRACT_TERMS = 20


def fold(text: str) -> str:
    """Letters without their accents: "Merriënboer" -> "Merrienboer", "Ångström" -> "Angstrom"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def folded_words(text: str) -> list[str]:
    """Each word of `text` that reads differently without accents, once, in its accent-free form."""
    seen: dict[str, None] = {}
    for word in WORD.findall(text):
        if word.isascii():
            continue
        plain = fold(word)
        if plain != word and plain.isascii():
            seen.setdefault(plain, None)
    return list(seen)


def venue_short_names(venue: str) -> list[str]:
    """The short names a reader types for a venue: known ones ("NeurIPS" for "Advances in Neural
    Information Processing Systems"), else the initials of a name of three or more words
    ("International Conference on Learning Representations" -> "ICLR")."""
    lowered = venue.casefold()
    known = [short for phrase, short in KNOWN_VENUES.items() if phrase in lowered]
    if known:
        return " ".join(known).split()
    words = [word for word in WORD.findall(fold(venue)) if word.casefold() not in MINOR_WORDS]
    words = [word for word in words if not word.isdigit()]
    if len(words) >= 3 and all(word[0].isupper() for word in words):
        return ["".join(word[0] for word in words)]
    return []


def abstract_words(abstract: str, title: str) -> list[str]:
    """The abstract's distinct words, in order, less stop words, numbers and the title's words (the title
    is indexed on its own). LaTeX commands are dropped."""
    skip = {word.casefold() for word in WORD.findall(title)} | STOP_WORDS
    seen: dict[str, None] = {}
    for word in WORD.findall(LATEX_COMMAND.sub(" ", abstract)):
        key = word.casefold()
        if key not in skip and not key.isdigit() and len(key) > 1:
            skip.add(key)
            seen.setdefault(word, None)
    return list(seen)


class AbstractTerms:
    """Each paper's most distinctive abstract words, for its search entry.

    Material's search builds its index in the reader's browser on every visit, so each word indexed costs
    every reader time: with every distinct word of every abstract, 10,000 papers took 8.2 s to a first
    result instead of 2.2 s (measured on the same machine, benchmarks/RESULTS.md). So an entry keeps the
    ABSTRACT_TERMS words of its abstract that the fewest other abstracts use: the words a reader types to
    find that paper ("genomics", "quadratically"). Words most abstracts share still find papers through
    titles, tags and topics, but not through the abstract."""

    def __init__(self, papers: list[Paper], limit: int = ABSTRACT_TERMS):
        # Only the counts are kept: holding every paper's word list cost about 400 MB at 77,000 papers.
        # Each entry's words are found again when its page is rendered (in the rendering processes).
        self.frequency = Counter(word.casefold() for paper in papers if paper.abstract
                                 for word in abstract_words(paper.abstract, markup.plain_text(paper.title)))
        self.limit = limit

    def __call__(self, paper: Paper) -> str:
        if not paper.abstract:
            return ""
        words = abstract_words(paper.abstract, markup.plain_text(paper.title))
        if len(words) > self.limit:
            counts = [self.frequency[word.casefold()] for word in words]
            rarest = heapq.nsmallest(self.limit, range(len(words)), key=counts.__getitem__)  # stable: ties by order
            words = [words[index] for index in sorted(rarest)]
        return " ".join(words)


def search_text(paper: Paper, tags: dict[str, Tag], topics: dict[str, Topic], terms: AbstractTerms) -> str:
    """The paper's search entry besides its title (Material indexes the title on its own)."""
    authors = [display_name(author) for author in paper.authors[:AUTHORS_INDEXED]]
    venue = markup.plain_text(paper.venue) if paper.venue else ""
    facts = [", ".join(authors), venue, " ".join(venue_short_names(venue)) if venue else "",
             str(paper.year or "")]
    parts = [" · ".join(fact for fact in facts if fact)]
    labels = []
    for slug in paper.tags:
        if slug in tags:
            tag = tags[slug]
            labels.append(tag.label + (f" ({', '.join(tag.acronyms)})" if tag.acronyms else ""))
    if labels:
        parts.append("Tags: " + "; ".join(labels) + ".")
    if paper.topic and paper.topic in topics:
        parts.append(f"Topic: {topics[paper.topic].label}.")
    if paper.abstract:
        parts.append(terms(paper))
    if paper.note:
        parts.append("Note: " + markup.summary(paper.note, limit=300))
    text = " ".join(part for part in parts if part)
    extra = folded_words(markup.plain_text(paper.title) + " " + text)
    return text + (" " + " ".join(extra) if extra else "")
