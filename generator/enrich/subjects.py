"""A paper's own subject: the tag a paper gets when no tag the collection shares covers it.

Tags from the collection are phrases that recur across papers; in a small export most papers' subjects do
not recur. In a 50-record Web of Science export of case reports, 12 papers got no tag ("Septic fibrinous
pericarditis in a cocker spaniel", "Gallbladder mucocele in a 12-year-old cocker spaniel"), in a
100-record arXiv export 20 ("White Box Testing", "Fairness Testing"): each names its subject in its title,
which no other title shares. Such a paper (with an abstract: a title alone says too little to be sure)
gets the phrase of its title that its abstract repeats most, longer phrases first ("Strip planarity
testing" over "Planarity", "Gradient testing" over "Gradient"), as a tag of its own. No phrase opening with
a verb, holding a stop word inside or going on into a longer name (candidate), none in more than MAX_SHARE
of the titles (the "Cocker spaniel" of every title), none another tag's and none a vocabulary tag's
phrase (the vocabulary says what it covers)."""

from __future__ import annotations

import re
from dataclasses import replace

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..model import Paper, Tag
from ..slugs import words_slug
from .keyphrases import (ACRONYM, MAX_SHARE, NOUNS_LIKE_ADJECTIVES, SINGLE_ADJECTIVE_ENDINGS, Phrases,
                         collection_phrases, singular, tag_label, text_words, title_phrases, verb)
from .tags import FEWEST_FOR_BROAD, tag_pattern

OWN_SUBJECT = "The subject this paper's title names, given where no tag the collection shares covers the paper."
LENGTH_WEIGHT = 1.5  # a phrase of n words weighs n ** 1.5: "Gradient testing" said twice over "Gradient" six times


def occurrences(phrase: tuple[str, ...], text: list[str]) -> int:
    size = len(phrase)
    return sum(1 for start in range(len(text) - size + 1) if tuple(text[start:start + size]) == phrase)


def candidate(phrase: tuple[str, ...], spelling: str, title: str) -> bool:
    """Whether a phrase of the title may name its subject."""
    written = spelling.split()
    lower = [word.lower() for word in written]
    if len(lower) > 1 and lower[0].endswith("ing"):  # a verb's -ing form: "Testing data types"
        return False
    if any(word.endswith("ing") and not continues(after) for word, after in zip(lower[1:], lower[2:])):
        return False  # a verb before an adjective, "analog displaying potent" ("writing styles" is a name)
    if any(word in ENGLISH_STOP_WORDS for word in phrase[1:-1]):  # "Thoracolumbar and lumbar"
        return False
    if not (ACRONYM.fullmatch(written[-1]) or continues(lower[-1])):  # no noun at its end: "... potent"
        return False
    if re.search(rf"\bto\s+{re.escape(written[0])}\b", title, re.IGNORECASE):  # "Learning to Generate Text"
        return False
    return not goes_on(written, title)


def goes_on(written: list[str], title: str) -> bool:
    """Whether the title goes on with the phrase into a longer name ("Pre-trained language" of "... models",
    "Explainable Test" of "Explainable Test Case Prioritisation"), or uses a last word in -ing as a verb
    with an object ("analog displaying potent activity")."""
    pattern = r"(?<![\w-])" + r"\s+".join(map(re.escape, written)) + r"\s+([A-Za-z][\w-]*)"
    participle = written[-1].lower().endswith("ing")
    return any(continues(after.lower()) or participle and after.lower() not in ENGLISH_STOP_WORDS
               for after in re.findall(pattern, title, re.IGNORECASE))


def continues(word: str) -> bool:
    """Whether a word after a phrase makes it part of a longer name: a noun, not a function word, an
    adjective ("Is glycemic control relevant") or a verb ("... microRNA improves")."""
    return word not in ENGLISH_STOP_WORDS and not verb(word) and not (
        word.endswith(SINGLE_ADJECTIVE_ENDINGS) and singular(word) not in NOUNS_LIKE_ADJECTIVES)


def own_subject(paper: Paper, usable) -> tuple[tuple[str, ...], str] | None:
    """The phrase of the paper's title that names its subject (module docstring) and its spelling, or None.
    `usable(phrase, spelling)` says whether a phrase may become a tag of its own."""
    text = text_words(paper.abstract)
    present = set(text)
    ranked = []
    for phrase, spelling in title_phrases(paper.title).items():
        if not candidate(phrase, spelling, paper.title) or not usable(phrase, spelling):
            continue
        said = occurrences(phrase, text)
        if said or present.intersection(phrase):  # a title's words the abstract never uses name no subject it has
            ranked.append((-(said + 1) * len(phrase) ** LENGTH_WEIGHT, -len(phrase), phrase, spelling))
    return min(ranked)[2:] if ranked else None


def own_subjects(papers: list[Paper], tags: dict[str, Tag], vocabulary: dict[str, Tag],
                 phrases: Phrases | None = None) -> tuple[list[Paper], dict[str, Tag]]:
    """The papers, those with an abstract and no tag given their own subject, and the tags so made.
    `phrases`: the papers' collection_phrases, where the caller has them."""
    bare = [index for index, paper in enumerate(papers) if not paper.tags and paper.abstract]
    if not bare:
        return papers, {}
    phrases = phrases or collection_phrases(papers)
    patterns = [tag_pattern(tag) for tag in vocabulary.values()]

    def usable(phrase: tuple[str, ...], spelling: str) -> bool:
        text = " ".join(phrase)
        broad = len(papers) >= FEWEST_FOR_BROAD and phrases.in_titles(phrase) > MAX_SHARE * len(papers)
        return not broad and words_slug(text) not in tags and \
            not any(pattern.fullmatch(text) or pattern.fullmatch(spelling) for pattern in patterns)

    made: dict[str, Tag] = {}
    result = list(papers)
    for index in bare:
        found = own_subject(papers[index], usable)
        if found is None:
            continue
        phrase, spelling = found
        slug = words_slug(" ".join(phrase))
        made.setdefault(slug, Tag(slug, tag_label(spelling), OWN_SUBJECT, (" ".join(phrase),),
                                  (spelling,) if ACRONYM.fullmatch(spelling) else (), own=True))
        result[index] = replace(papers[index], tags=(slug,))
    return result, made
