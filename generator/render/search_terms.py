"""Words a reader types to find a paper that its page does not show in the indexed part: a venue's short
name ("ICLR" for "International Conference on Learning Representations"), a tag's acronyms ("SSM" for
"State space models"), the authors past the ones the page lists, and its citation keys (the Cite block is
left out of the index, as it repeats the title and authors). The paper template puts them in a hidden paragraph
of the page, which the search index (generator/site/search_index.py) reads with the rest of the page; the
index itself folds accents and stems words, so "Merrienboer" finds "Merriënboer" and "SSMs" finds "SSM".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from . import markup
from ..model import Paper, Tag
from ..readers.fields import display_name

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


def fold(text: str) -> str:
    """Letters without their accents: "Merriënboer" -> "Merrienboer", "Ångström" -> "Angstrom"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


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


def search_terms(paper: Paper, tags: dict[str, Tag], authors_shown: int, keys: Sequence[str] = ()) -> str:
    """The paper's words for the search index that its page does not show."""
    venue = markup.plain_text(paper.venue) if paper.venue else ""
    words = venue_short_names(venue) if venue else []
    for slug in paper.tags:
        if slug in tags:  # and their plurals, which Pagefind's stemmer does not fold ("SSMs" found 10 of 18)
            for acronym in tags[slug].acronyms:
                words += [acronym, acronym + "s"] if acronym[-1:].isalpha() and acronym[-1] != "s" else [acronym]
    words.extend(display_name(author) for author in paper.authors[authors_shown:])
    words.extend(keys)
    return " ".join(dict.fromkeys(words))
