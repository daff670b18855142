"""Tags from the collection itself: phrases that recur in titles, so a collection in any field gets tags
(a medical or ecological review got none from the shipped machine-learning vocabulary).

A title says what a paper is about most densely, so candidates are the two- and three-word phrases of
titles that neither begin nor end with a stop word nor end with an adjective ("deep convolutional"), and
single words written as acronyms (MEG, EEG, BERT). A phrase becomes a tag when at least MIN_TITLES titles
(and MIN_SHARE of them in a large collection) hold it, and at most MAX_SHARE of all titles. Where one
candidate holds another and has most of its titles, the longer one stays ("cocker spaniel dog", not
"cocker spaniel"); a phrase a vocabulary tag already matches is left to that tag.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..model import Paper, Tag
from ..slugs import words_slug
from .tags import MENTIONS, tag_pattern
from .text_features import DOMAIN_STOP_WORDS, GENRE_WORDS, OTHER_LANGUAGES_STOP_WORDS

MIN_TITLES = 3
MIN_SHARE = 0.002
MAX_SHARE = 0.25
MIN_TAGS = 20  # at most one tag per 25 papers, and at least this many
PAPERS_PER_TAG = 25
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
PUNCTUATION = re.compile(r"[^\w\s-]+")
ACRONYM = re.compile(r"[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?")
ADJECTIVE_ENDINGS = ("al", "ive", "ous", "ic", "ed", "ful", "less", "able", "ible", "ary")
STOP = ENGLISH_STOP_WORDS | DOMAIN_STOP_WORDS | OTHER_LANGUAGES_STOP_WORDS | set(GENRE_WORDS) | {
    "towards", "toward", "via", "vs", "versus", "beyond", "revisited", "revisiting", "rethinking", "learning",
    "large", "analysis", "case", "effects", "effect", "role", "impact", "evaluation", "assessment", "report",
    "part", "ii", "iii", "one", "two", "data", "better", "efficient", "simple", "scalable", "good", "deep", "high",
    "low", "small", "general", "unified", "dynamic", "adaptive", "understanding", "framework", "application",
    "applications"}


@lru_cache(maxsize=1 << 17)
def singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def title_phrases(title: str) -> dict[tuple[str, ...], str]:
    """The title's candidate phrases (lowercase, singular words) with the spelling the title used; a
    phrase never spans punctuation ("MEG/EEG", "Mamba: Linear" are two words apart)."""
    shouting = title.isupper()  # Web of Science writes whole titles in capitals: no acronym can be told
    phrases: dict[tuple[str, ...], str] = {}
    for part in PUNCTUATION.split(title.lower() if shouting else title):
        phrases.update(part_phrases(WORD.findall(part)))
    return phrases


def part_phrases(written: list[str]) -> dict[tuple[str, ...], str]:
    words = [singular(word.lower()) for word in written]
    phrases = {}
    for length in (1, 2, 3):
        for start in range(len(words) - length + 1):
            phrase = tuple(words[start:start + length])
            if phrase[0] in STOP or phrase[-1] in STOP or phrase[-1].endswith(ADJECTIVE_ENDINGS):
                continue
            if length == 1 and not ACRONYM.fullmatch(written[start]):  # one common word names no subject
                continue
            phrases[phrase] = " ".join(written[start:start + length])
    return phrases


def corpus_tags(papers: list[Paper], vocabulary: dict[str, Tag]) -> dict[str, Tag]:
    """Tags for the phrases the collection's titles share, keyed by slug; none that a vocabulary tag covers."""
    counts: Counter = Counter()
    spellings: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for paper in papers:
        for phrase, spelling in title_phrases(paper.title).items():
            counts[phrase] += 1
            spellings[phrase][spelling] += 1
    needed = max(MIN_TITLES, round(MIN_SHARE * len(papers)))
    candidates = {phrase: count for phrase, count in counts.items() if needed <= count <= MAX_SHARE * len(papers)}

    def holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
        return len(longer) > len(shorter) and any(longer[i:i + len(shorter)] == shorter
                                                  for i in range(len(longer) - len(shorter) + 1))
    kept = {phrase: count for phrase, count in candidates.items()
            if not any(holds(other, phrase) and other_count >= 0.6 * count for other, other_count in candidates.items())}
    # Ranked by how many titles hold a phrase and how rare its words are in the whole collection's text:
    # "sequence" in every other machine-learning abstract separates little.
    texts = [set(WORD.findall((paper.title + " " + paper.abstract).lower())) for paper in papers]
    frequency = Counter(word for text in texts for word in text)

    def rank(item):
        phrase, count = item
        rarest = max(frequency[word] or frequency[word + "s"] or 1 for word in phrase)
        return (-count * math.log(len(papers) / min(rarest, len(papers)) + 1), phrase)
    patterns = [tag_pattern(tag) for tag in vocabulary.values()]
    tags: dict[str, Tag] = {}
    for phrase, _ in sorted(kept.items(), key=rank)[:max(MIN_TAGS, len(papers) // PAPERS_PER_TAG)]:
        spelling = min(spellings[phrase].items(), key=lambda item: (-item[1], item[0]))[0]
        text = " ".join(phrase)
        slug = words_slug(text)
        if not slug or slug in vocabulary or slug in tags or \
                any(pattern.fullmatch(text) or pattern.fullmatch(spelling) for pattern in patterns):
            continue
        label = " ".join(word if ACRONYM.fullmatch(word) or index == 0 else word.lower()
                         for index, word in enumerate(spelling.split()))
        tags[slug] = Tag(slug, label[:1].upper() + label[1:], "A phrase that recurs in this collection's titles.",
                         (text,), (spelling,) if ACRONYM.fullmatch(spelling) else ())
    return tags


class PhraseTagger:
    """Gives the collection's phrase tags (corpus_tags) as the vocabulary's are given: for a phrase in the
    title or twice in the abstract. The phrases are looked up among each text's word sequences, read
    once, instead of one regular expression per tag over every paper (hundreds of tags at 10,000 papers)."""

    def __init__(self, tags: dict[str, Tag]):
        # hyphens separate words here, as the patterns take "signal-space" for "signal space"
        self.slugs = {self.words(tag.phrases[0]): slug for slug, tag in tags.items()}
        self.longest = max(map(len, self.slugs), default=0)
        self.first_words = {phrase[0] for phrase in self.slugs if phrase}  # where a phrase can begin

    @staticmethod
    def words(text: str) -> tuple[str, ...]:
        return tuple(singular(word) for word in WORD.findall(text.replace("-", " ")))

    def found(self, text: str) -> Counter:
        counts: Counter = Counter()
        for part in PUNCTUATION.split(text.lower()):
            words = self.words(part)
            for start, word in enumerate(words):
                if word not in self.first_words:
                    continue
                for length in range(1, min(self.longest, len(words) - start) + 1):
                    slug = self.slugs.get(words[start:start + length])
                    if slug:
                        counts[slug] += 1
        return counts

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        if not self.slugs:
            return papers
        result = []
        for paper in papers:
            in_abstract = self.found(paper.abstract)
            mine = set(self.found(paper.title)) | {slug for slug, count in in_abstract.items() if count >= MENTIONS}
            result.append(replace(paper, tags=tuple(sorted({*paper.tags, *mine}))) if mine else paper)
        return result
