"""Tags from an editable vocabulary: whole-word phrases (any case) and acronyms (exact case) in title and abstract.

A tag is given for what a paper is about, not for a passing mention: its phrase is in the title, or the
abstract uses it at least MENTIONS times. (On issue #14's judged sample of 50 tags, a single mention gave
13 of 13 judged wrong and 37 of 37 judged right; this rule keeps 2 wrong and 24 right.)"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from itertools import islice
from pathlib import Path

from ..config import ConfigError, check_mapping, load_yaml
from ..model import Paper, Tag
from ..slugs import SAFE_SLUG

ENTRY_OPTIONS = {
    "label": (str, "the name shown on pages"),
    "description": (str, "a sentence shown on the tag's page"),
    "match": (list, "a list of phrases matched in any case"),
    "acronyms": (list, "a list of acronyms matched in exact case"),
    "broad": (bool, "true: the tag may be on more than a quarter of the papers"),
    "not_in": (list, "a list of longer phrases inside which its phrases do not count"),
}


def load_vocabulary(path: Path) -> dict[str, Tag]:
    """Read the vocabulary; every malformed entry is reported at once."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(str(path), [f"expected a mapping of tag slug to entry, got {type(data).__name__}"])
    errors: list[str] = []
    tags: dict[str, Tag] = {}
    for slug, entry in data.items():
        slug = str(slug)
        if not SAFE_SLUG.match(slug):
            errors.append(f"{slug!r}: a tag slug is lowercase letters, digits and single hyphens")
            continue
        entry = entry or {}
        entry_errors = check_mapping(entry, ENTRY_OPTIONS, f"{slug}.")
        for key in ("match", "acronyms", "not_in"):
            if isinstance(entry, dict) and not all(isinstance(item, str) and item.strip()
                                                   for item in entry.get(key) or []):
                entry_errors.append(f"{slug}.{key}: every item must be non-empty text")
        if entry_errors:
            errors += entry_errors
            continue
        phrases = tuple(entry.get("match") or [slug.replace("-", " ")])
        tags[slug] = Tag(slug, entry.get("label", slug.replace("-", " ").title()), entry.get("description", ""),
                         phrases, tuple(entry.get("acronyms") or ()), bool(entry.get("broad", False)),
                         tuple(entry.get("not_in") or ()))
    if errors:
        raise ConfigError(str(path), errors)
    return tags


Y_PLURAL = re.compile(r"(?i)(?<=[^aeiou])y$")  # nephropathy -> nephropathies, therapy -> therapies


def tag_pattern(tag: Tag) -> re.Pattern:
    """One regex per tag. Phrases: any case, hyphen or space between words, optional plural ("-s", "-es",
    and "-ies" for a last word ending in a consonant and "y"). Acronyms: exact case, optional plural "s"
    (LLMs). Both only as whole words."""
    parts = []
    for phrase in tag.phrases:
        words = [re.escape(word) for word in re.split(r"[\s-]+", phrase.strip())]
        words[-1] = Y_PLURAL.sub("(?:y|ies)", words[-1])
        parts.append("(?i:" + r"[\s-]+".join(words) + r"(?:s|es)?)")
    for acronym in tag.acronyms:
        parts.append(re.escape(acronym) + "s?")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?![\w])")


WORD = re.compile(r"\w+")
MENTIONS = 2


def needles(tag: Tag) -> tuple[tuple[frozenset[str], ...], tuple[str, ...]]:
    """What must be in a text for the tag's regex to have a chance: all words of one of its phrases (as a
    set of lowercase words), or one of its acronyms as a substring. Checking these first, with a set
    lookup, skips most regex searches."""
    phrases = []
    for phrase in tag.phrases:
        words = [word for word in re.split(r"[\s-]+", phrase.strip().lower()) if word]
        phrases.append(frozenset(words))
        if words and Y_PLURAL.search(words[-1]):  # or its plural in "-ies"
            phrases.append(frozenset([*words[:-1], words[-1][:-1] + "ies"]))
    return tuple(phrases), tuple(tag.acronyms)


def word_counts(text: str) -> Counter:
    """How often each lowercase word occurs; a plural ("models") counts for its singular ("model") too."""
    counts = Counter(WORD.findall(text.lower()))
    # The words ending in "s" picked first: two str.endswith calls for every word were a fifth of the time.
    for word, count in [(word, count) for word, count in counts.items() if word[-1] == "s"]:
        if word[-2:] == "es":
            counts[word[:-2]] += count
        counts[word[:-1]] += count
    return counts


def mentioned(pattern: re.Pattern, text: str) -> bool:
    """Whether the text holds the pattern MENTIONS times (the search stops there)."""
    return next(islice(pattern.finditer(text), MENTIONS - 1, None), None) is not None


class Tagger:
    """Compiled once per vocabulary, then applied to every paper."""

    def __init__(self, tags: dict[str, Tag]):
        self.patterns = [(slug, tag_pattern(tag), *needles(tag)) for slug, tag in sorted(tags.items())]
        # where a tag's phrases do not count (a vocabulary's not_in: "language model" in "large language
        # model" is the other tag's), those phrases are blanked out of the text before its pattern is tried
        blanked = {index: replace(tags[slug], phrases=tags[slug].not_in, acronyms=())
                   for index, (slug, *_) in enumerate(self.patterns) if tags[slug].not_in}
        self.blanks = {index: (tag_pattern(tag), needles(tag)[0]) for index, tag in blanked.items()}
        # Which tags a word can bring in (each phrase by one of its words: all must be there), and the tags
        # with acronyms, looked for in every text: the rest are never tried on a text without their words.
        self.by_word: dict[str, set[int]] = {}
        for index, (_, _, phrases, _) in enumerate(self.patterns):
            for phrase in phrases:
                if phrase:
                    self.by_word.setdefault(min(phrase), set()).add(index)
        self.always = {index for index, (_, _, _, acronyms) in enumerate(self.patterns) if acronyms}
        self.named: dict[str, tuple[str, ...]] = {}  # paper id -> the tags its title names (the last call's)

    def tags_for(self, title: str, abstract: str = "") -> tuple[str, ...]:
        """The tags whose phrase is in the title or MENTIONS times in the abstract."""
        return self.found(title, abstract)[0]

    def found(self, title: str, abstract: str = "") -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The tags whose phrase is in the title or MENTIONS times in the abstract, and those of them the
        title names. Word counts rule out most tags before a regex runs: a phrase can only be there twice
        if each of its words is."""
        in_title = set(word_counts(title))
        in_abstract = word_counts(abstract)
        twice = {word for word, count in in_abstract.items() if count >= MENTIONS}
        found, named = [], []
        candidates = set(self.always)
        for word in in_title | twice:
            candidates |= self.by_word.get(word, set())
        for index in sorted(candidates):
            slug, pattern, phrases, acronyms = self.patterns[index]
            blank, needles = self.blanks.get(index, (None, ()))  # only where a text holds a not_in phrase's words
            if (any(phrase <= in_title for phrase in phrases) or any(acronym in title for acronym in acronyms)) \
                    and pattern.search(blank.sub(" ", title) if any(words <= in_title for words in needles)
                                       else title):
                found.append(slug)
                named.append(slug)
            elif (any(phrase <= twice for phrase in phrases) or any(abstract.count(acronym) >= MENTIONS
                                                                    for acronym in acronyms)) \
                    and mentioned(pattern, blank.sub(" ", abstract) if any(words <= in_abstract.keys()
                                                                           for words in needles) else abstract):
                found.append(slug)
        return tuple(found), tuple(named)

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        """The papers with their tags; `named` keeps, by paper id, the tags each title names."""
        result = []
        self.named = {}
        for paper in papers:
            found, self.named[paper.id] = self.found(paper.title, paper.abstract)
            result.append(replace(paper, tags=found))
        return result


MAX_SHARE = 0.25
FEWEST_FOR_BROAD = 20  # papers: in fewer, any tag of two is on a tenth of them


class BroadTags:
    """A tag on more than MAX_SHARE of the papers separates little (in a collection about language models,
    "Large language models" was on 41% of them, most for a passing mention): it stays only where the title
    names it, and if that is still too many, on the papers whose abstracts mention it most. A vocabulary
    entry with `broad: true` is left as it is."""

    def __init__(self, tags: dict[str, Tag]):
        self.tags = tags
        self.capped: dict[str, tuple[int, int]] = {}  # slug -> (papers before, after): benchmarks/quality.py

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        limit = int(MAX_SHARE * len(papers))
        counts = Counter(slug for paper in papers for slug in paper.tags)
        dropped: dict[str, set[str]] = {}
        for slug, count in sorted(counts.items()):
            tag = self.tags.get(slug)
            if tag is None or tag.broad or count <= limit or len(papers) < FEWEST_FOR_BROAD:
                continue
            pattern = tag_pattern(tag)
            holders = [paper for paper in papers if slug in paper.tags]
            ranked = sorted(holders, key=lambda paper: (not pattern.search(paper.title),
                                                        -len(pattern.findall(paper.abstract)), paper.id))
            kept = {paper.id for paper in ranked[:limit] if pattern.search(paper.title)}
            dropped[slug] = {paper.id for paper in holders} - kept
            self.capped[slug] = (count, len(kept))
        if not dropped:
            return papers
        return [replace(paper, tags=tuple(slug for slug in paper.tags if paper.id not in dropped.get(slug, ())))
                if any(paper.id in ids for ids in dropped.values()) else paper for paper in papers]
