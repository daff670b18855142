"""Topic names: a phrase the central papers' titles (or abstracts) share far more often than the
collection's do ("State space models"), else the topic's leading terms as its titles write them
("Attention"), else the tag most of its papers carry; the topic's terms listed where nothing names it.
Topics themselves are found in topics.py."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..model import UNSORTED, Paper, Topic
from .keyphrases import ADJECTIVE_ENDINGS, GENERIC, singular, verb
from .text_features import OTHER_LANGUAGES_STOP_WORDS

ABSTRACT_SAMPLE = 2000  # abstracts, evenly spaced, whose phrases the Namer counts
# An abstract's phrase names a topic only with a word of its first terms: abstracts share many phrases, and
# one with the fifth term ("fine-tuning") named a topic of tools and knowledge.
ABSTRACT_LEADING_TERMS = 2


def usual_casing(terms: list[str], texts: list[str]) -> dict[str, str]:
    """Each term as the texts most often write it ("llms" -> "LLMs"), for readable labels."""
    cased = {}
    for term in terms:
        pattern = re.compile(r"(?<![\w-])" + r"[\s-]+".join(map(re.escape, term.split())) + r"(?![\w-])", re.I)
        forms = Counter(match.group(0) for text in texts for match in pattern.finditer(text))
        # Most frequent form; lowercase wins ties so ordinary words stay lowercase.
        cased[term] = min(forms.items(), key=lambda item: (-item[1], item[0] != item[0].lower(), item[0]))[0] \
            if forms else term
    return cased


def label_from_terms(terms: list[str]) -> str:
    label = ", ".join(terms[:3])
    return label[:1].upper() + label[1:]


NAMER = "phrases-6"  # how labels and terms are made; published ones from another namer are made afresh once
# Any alphabet's letters ("Schrödinger equation" was cut at its accent); numbers: inside ("type 2 diabetes")
TITLE_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'][^\W_]+)*|[0-9]+\b")
PHRASE_BREAK = re.compile(r"[^\w\s'’-]+")
EDGE_WORDS = {"via", "towards", "toward", "using", "based", "new", "novel", "approach", "approaches", "study",
              "case", "improving", "improved", "efficient", "effective", "simple", "large", "scale", "beyond",
              "learning", "comprehensive", "systematic", "empirical", "unified", "scalable", "robust", "fast",
              "better", "general", "generalized", "deep", "neural", "recent", "advances", "survey", "review",
              "overview", "revisiting", "rethinking", "understanding", "exploring", "evaluating"} | \
    set(ENGLISH_STOP_WORDS) | {word for word in OTHER_LANGUAGES_STOP_WORDS if len(word) > 1}
# (other languages' function words: "Kritik der" named a topic of Kant's titles; a letter is not one of
# them at a name's end: "Neuropeptide Y", not Spanish "y")

CLOSING_ONLY = {"learning"}  # ends a name ("Sequence learning", "Reinforcement learning"), never opens one
# opens a name ("Deep learning", "Deep neural networks"), never ends one; "neural" and "large" opening names
# made "Neural networks" of "Convolutional neural networks" and "Large language" on two corpora
OPENING_ONLY = {"deep"}


def title_phrases(title: str) -> dict[str, str]:
    """The phrases of two to four words a title (or an abstract) holds, never across punctuation ("Mamba:
    Linear", "models (LLMs)", "MEG/EEG" are apart), with no stop word at either end and none inside but
    "of", nor a number ("type 2 diabetes", never "type 2"), no verb ("reduces atherosclerosis"), and no
    opening word any title says of its subject ("Prevalence of", keyphrases.GENERIC); folded (case, a
    plural last word) -> as written. ("word embedding" and "word embeddings" are one phrase; the form
    written most often names it.) Each word is looked at once, not once per phrase it is in: the 2,000
    abstracts of a 10,000-paper collection's sample took a second before. A title in capitals throughout (as
    Web of Science writes older ones) is read in lower case: its words are no acronyms, and a topic named
    from such titles was "COCKER SPANIEL DOG"."""
    found: dict[str, str] = {}
    for part in PHRASE_BREAK.split(title.lower() if title.isupper() else title):
        words = TITLE_WORD.findall(part)
        if len(words) < 2:
            continue
        lower = [word.lower() for word in words]
        roles = [word_role(word) for word in lower]
        for size in (2, 3, 4):
            for start in range(len(words) - size + 1):
                end = start + size
                if not roles[start].opens or not roles[end - 1].ends or \
                        (size > 2 and any(role.splits for role in roles[start + 1:end - 1])):
                    continue
                found.setdefault(" ".join(lower[start:end - 1] + [roles[end - 1].folded]), " ".join(words[start:end]))
    return found


class Role(NamedTuple):
    """What a (lowercase) word can be in a phrase of title_phrases."""

    ends: bool  # its last word: no stop word, number or verb
    opens: bool  # its first word: as the last, or "deep", but no opening of a title's subject ("prevalence")
    splits: bool  # never inside one: a stop word but "of", or a verb
    folded: str  # as a last word: singular


@lru_cache(maxsize=1 << 17)
def word_role(word: str) -> Role:
    """A word's role, worked out once: the same few thousand words make up every title and abstract (the
    rules, applied to each word of each text, were most of the Namer's 1.9 s at 8,593 papers)."""
    is_verb = verb(word)
    ends = (word not in EDGE_WORDS or word in CLOSING_ONLY) and not word.isdigit() and not is_verb
    opens = (ends or word in OPENING_ONLY) and word not in CLOSING_ONLY and singular(word) not in GENERIC
    return Role(ends, opens, word in ENGLISH_STOP_WORDS and word != "of" or is_verb, singular(word))


# Where neither a tenth of a topic's central titles nor its abstracts share a phrase, three of its titles
# sharing one that holds a leading term and is rare elsewhere name it better than a list of its terms: in
# a 40-paper topic of a mixed collection, "Statistical learning theory" against "Statistical, theory,
# principles"; "Electrophysiological data" against "Data, research, effects".
FALLBACK_TITLES = 3
EXCLUSIVE = 0.8  # share of a phrase's titles in one topic that makes it that topic's own


def title_phrase_label(terms: list[str], titles: list[str], background: Counter, total: int,
                       taken: set[str] = frozenset(), leading_terms: int = 5, least: int | None = None) -> str:
    """A name for a topic from its most central papers' titles: the phrase of two to four words they share
    far more often than the collection's titles do (at least twice as often, or nearly only there; in at
    least three titles and a tenth of them, two in a topic of fewer than ten, or in `least` titles), holding
    one of the topic's leading terms ("State space models"), written as the titles most often write it; ""
    when there is none, or only names another topic took."""
    leading = {word for term in terms[:leading_terms] for word in term.lower().split()}
    counts: Counter = Counter()
    forms: dict[str, Counter] = {}
    for title in titles:
        for key, form in title_phrases(title).items():
            if leading & set(key.split()):
                counts[key] += 1
                forms.setdefault(key, Counter())[form] += 1
    # Two titles can name a topic of fewer than ten papers; a larger one needs three and a tenth of them.
    if least is None:
        least = max(2 if len(titles) < 10 else 3, math.ceil(len(titles) / 10))
    scored = {}
    for key, count in counts.items():
        lift = (count / len(titles)) / max(background[key] / max(total, 1), 1e-9)
        # A phrase nearly all of whose titles are in the topic names it, even where the topic is so large a
        # share of the collection that no phrase can be twice as frequent there.
        if count >= least and (lift >= 2 or count >= EXCLUSIVE * background[key] and lift > 1):
            # A longer phrase wins over a shorter one it contains when nearly as many titles share it.
            scored[key] = count * math.log(lift) * (1 + 0.3 * (len(key.split()) - 2))
    ranked = []
    for key in sorted(scored, key=lambda key: (-scored[key], key)):
        # "State space" shared by five titles, "state space models" by three: the longer names it better
        longer = [other for other in scored if f" {key} " in f" {other} " and other != key
                  and counts[other] * 2 >= counts[key]]
        if longer:
            ranked.append(max(longer, key=lambda other: (counts[other], len(other), other)))
        ranked.append(key)
    for key in dict.fromkeys(ranked):
        # A name in the plural where the titles write it so at all ("Multilingual models", not "Multilingual
        # model" of one title more): a topic is a kind of paper, named as a category is.
        plural = [item for item in forms[key].items() if item[0].split()[-1].lower() != key.split()[-1]]
        form = min(plural or forms[key].items(),
                   key=lambda item: (-item[1], item[0] != item[0].lower(), item[0]))[0]
        written = [word if word.isupper() or any(c.isupper() for part in word.split("-") for c in part[1:])
                   else word.lower() for word in form.split()]  # "Sequence-to-Sequence" is no acronym
        label = " ".join(written)
        label = label[:1].upper() + label[1:]
        if label.lower() not in taken:
            return label
    return ""


class Namer:
    """Names topics from their central papers' titles (title_phrase_label), or their abstracts when the
    titles share no phrase; knows how often each phrase is in the whole collection's titles, and in an
    evenly spaced sample of its abstracts (every abstract's phrases cost seconds at 10,000 papers)."""

    def __init__(self, papers: list[Paper]):
        self.titles = Counter(key for paper in papers for key in title_phrases(paper.title))
        self.total = len(papers)
        sample = [papers[int(i)].abstract for i in np.linspace(0, len(papers) - 1, min(len(papers), ABSTRACT_SAMPLE))]
        self.abstracts = Counter(key for text in sample for key in title_phrases(text))
        self.sampled = len(sample)

    def __call__(self, terms: list[str], members: list[Paper], taken: set[str]) -> str:
        titles = [paper.title for paper in members]
        abstracts = [paper.abstract for paper in members]
        label = title_phrase_label(terms, titles, self.titles, self.total, taken) or \
            title_phrase_label(terms, abstracts, self.abstracts, self.sampled, taken,
                               leading_terms=ABSTRACT_LEADING_TERMS) or \
            title_phrase_label(terms, titles, self.titles, self.total, taken, least=FALLBACK_TITLES) or \
            leading_terms_label(terms, titles, taken)
        return proper_casing(label, abstracts)


# Where no phrase names a topic, its two leading terms written together ("Neural network": d2l's 17-paper
# topic was "Network, neural, prediction", 8 of its titles saying "neural network"), or its leading word
# alone ("Attention": NeMo's "Attention, fast, sentence", 7 of 14 titles), name it when at least this share of
# its central titles (and LEADING_LEAST) hold them. A phrase too common in the collection to be any topic's
# own (title_phrase_label) is still what most of this topic's titles say. A word alone names no topic when
# it says what kind of work a paper is ("analysis": MNE's and d2l's mixes of time-frequency, convex and
# functional analysis), is generic ("prediction"), an adjective or a verb.
LEADING_SHARE = 0.4
LEADING_LEAST = 3
KIND_WORDS = {"analysis", "analyse", "study", "method", "approach", "model", "system", "theory", "application",
              "framework", "technique", "problem", "result", "effect", "use", "data", "research", "work", "task",
              "human", "high", "low", "small", "good", "long", "short", "first", "open", "real"}


def leading_terms_label(terms: list[str], titles: list[str], taken: set[str] = frozenset()) -> str:
    """The topic's two leading terms as a phrase, or its leading word, as its titles write them (the plural
    where they write it); "" where too few of the titles hold them, or the name is taken."""
    least = max(LEADING_LEAST, math.ceil(LEADING_SHARE * len(titles)))
    words = [term.lower() for term in terms[:2] if TITLE_WORD.fullmatch(term) and not term.isdigit()]
    candidates = [f"{words[0]} {words[1]}", f"{words[1]} {words[0]}"] if len(words) == 2 and \
        not {words[0], words[1]} & set(ENGLISH_STOP_WORDS) else []
    if words and words[0] == terms[0].lower() and not verb(words[0]) and not words[0].endswith(ADJECTIVE_ENDINGS) \
            and words[0] not in EDGE_WORDS and not {singular(words[0])} & (GENERIC | KIND_WORDS):
        candidates.append(words[0])
    for candidate in candidates:
        parts = candidate.split()
        pattern = re.compile(r"(?<![\w-])" + r"\s+".join(re.escape(singular(part)) + r"(?:s|es)?" for part in parts)
                             + r"(?![\w-])", re.I)
        forms = Counter(match.group(0) for title in titles if (match := pattern.search(title)))
        if sum(forms.values()) < least:
            continue
        plural = [item for item in forms.items() if item[0].lower().split()[-1] != singular(parts[-1])]
        form = min(plural or forms.items(), key=lambda item: (-item[1], item[0] != item[0].lower(), item[0]))[0]
        written = [word if word.isupper() or any(c.isupper() for c in word[1:]) else word.lower() for word in form.split()]
        label = " ".join(written)
        label = label[:1].upper() + label[1:]
        if label.lower() not in taken:
            return label
    return ""


PROPER_SHARE = 0.8
CAPITALIZED_BEFORE = re.compile(r"\b[A-Z][\w-]*\s+$")


def proper_casing(label: str, texts: list[str]) -> str:
    """The label with the capitals the texts nearly always give its words ("Quantum monte carlo", lowercased
    from title case, is "Quantum Monte Carlo" where the abstracts say "quantum Monte Carlo"). Not a capital
    some texts give by habit: at least PROPER_SHARE of the label's occurrences, not counting those after a
    capitalized word (an arXiv export's "Language models" inside "Large Language Models")."""
    words = label.split()
    if len(words) < 2:
        return label
    pattern = re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])", re.I)
    forms = [match.group(0).split() for text in texts for match in pattern.finditer(text)
             if not CAPITALIZED_BEFORE.search(text, max(0, match.start() - 40), match.start())]
    if len(forms) < 2:
        return label
    cased = [word if word != word.lower() or sum(form[i][:1].isupper() for form in forms) < PROPER_SHARE * len(forms)
             else word[:1].upper() + word[1:] for i, word in enumerate(words)]
    return " ".join(cased)


# A topic no phrase named takes the label of a tag its papers share, where the tag is on at least TAG_SHARE of
# them (and TAG_LEAST) and TAG_LIFT times as common there as in the collection: on the default corpus the
# surveys' topic was "Survey, LLMs, research" while 23 of its 28 papers carry *Surveys and reviews*.
TAG_SHARE = 0.4
TAG_LIFT = 2.0
TAG_LEAST = 3
# A freshly fitted topic a phrase named takes such a tag's label too where the tag is on at least
# TAG_MAJORITY of its papers and on OUTNUMBER times as many as the titles that hold its phrase: the same
# surveys' topic, fitted with the repository's settings, was "Natural language processing" (one title of
# 27) with 22 of them tagged; a diabetes export's "ApoE KO mice" (3 titles of 41) is *Atherosclerosis* (30).
# Not a tag that shares a word with the phrase: it says the same more broadly ("Convolutional neural networks"
# stays, not *Neural networks*; "Sequential recommendation", not *Recommendation and personalization*).
TAG_MAJORITY = 0.5
OUTNUMBER = 2


def label_words(label: str) -> set[str]:
    return {word_role(word).folded for word in TITLE_WORD.findall(label.lower())} - ENGLISH_STOP_WORDS


def phrase_titles(label: str, titles: list[str]) -> int:
    """How many of the titles hold the phrase `label` (as title_phrases folds it: case, a plural last word)."""
    words = label.lower().split()
    key = " ".join(words[:-1] + [word_role(words[-1]).folded]) if words else ""
    return sum(key in title_phrases(title) for title in titles)


def plural_of(plural: str, label: str) -> bool:
    """Whether `plural` is `label` with its last word in the plural ("Transformers" of "Transformer": a topic
    its titles name in the singular, whose papers' tag the titles of the whole collection name in the plural)."""
    words, others = plural.lower().split(), label.lower().split()
    return len(words) == len(others) and words[:-1] == others[:-1] and words[-1] != others[-1] and \
        word_role(words[-1]).folded == others[-1]


def named_by_tags(topics: dict[str, Topic], keys: list[str], papers: list[Paper], labels: dict[str, str],
                  fresh: bool = True) -> dict[str, Topic]:
    """The topics, those whose label lists their terms (not `named`) named after the tag most of their papers
    carry, when one is theirs (TAG_SHARE, TAG_LEAST, TAG_LIFT) and its label names no other topic; and, when
    `fresh` (fitted now, not kept as published: a kept topic keeps its name), those a phrase of few of their
    titles named, after a tag on most of them (TAG_MAJORITY, OUTNUMBER), not one sharing a word with the
    name unless it is the name in the plural. `keys` holds each paper's topic key; `labels` each tag's
    label."""
    members: dict[str, list[Paper]] = {}
    for paper, key in zip(papers, keys):
        members.setdefault(key, []).append(paper)
    overall = Counter(tag for paper in papers for tag in paper.tags)
    taken = {topic.label.lower() for topic in topics.values()}
    named = dict(topics)
    for key in sorted(topics, key=lambda key: (topics[key].named, key)):  # those with no name first
        topic, own = topics[key], members.get(key, [])
        if key == UNSORTED.key or not own or (topic.named and not fresh):
            continue
        if topic.named:
            least = max(math.ceil(TAG_MAJORITY * len(own)), OUTNUMBER * phrase_titles(topic.label, [
                paper.title for paper in own]), TAG_LEAST)
        else:
            least = max(TAG_LEAST, math.ceil(TAG_SHARE * len(own)))
        counts = Counter(tag for paper in own for tag in paper.tags)
        candidates = [(count, count * len(papers) / (len(own) * overall[tag]), tag) for tag, count in counts.items()
                      if count >= least and tag in labels and labels[tag].lower() not in taken
                      and not (topic.named and label_words(labels[tag]) & label_words(topic.label)
                               and not plural_of(labels[tag], topic.label))]
        candidates = [candidate for candidate in candidates if candidate[1] >= TAG_LIFT]
        if candidates:
            _, _, tag = max(candidates)  # the most papers; then the rarest elsewhere
            named[key] = replace(topic, label=labels[tag], named=True)
            taken.add(labels[tag].lower())
    return named
