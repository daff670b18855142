"""All of a paper's tags, in one step: the vocabulary's, the collection's own title phrases, the broad
ones cut back (tags.Tagger, keyphrases.corpus_tags and PhraseTagger, tags.BroadTags), those its title
does not name set apart as mentions where it names others (title_first), and for a paper none of these
covers, the subject its own title names (subjects.own_subjects).

The vocabulary shipped with litsite names machine-learning subjects. On a collection from another field
its phrases match words with other meanings there ("clinical" and "protein" gave *Domain applications* to
a fifth of a diabetes review, "agents" gave *Tool use*), so it is set aside unless it describes the
collection: at least FIELD_SHARE of the papers (and two; one in fewer than five) get two of its tags (a
paper about its subjects usually gets several: 78% of the default corpus; a veterinary, a diabetes and a
neuroscience-methods export 0-3%). Each source file's papers are judged apart (not_described), a file of
fewer than five papers with the whole collection. A vocabulary the user names in litsite.yml is always used.
Set aside, its entries remain tags that notes and curation may name; they are only not given by their
phrases. A meeting's abstract book is tagged from its title alone (abstract_book)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Paper, Tag
from .keyphrases import PhraseTagger, collection_phrases, corpus_tags
from .subjects import own_subjects
from .tags import BroadTags, Tagger

FIELD_SHARE = 0.08
TWO_FROM = 5  # papers: from this many, two must have two of the vocabulary's tags


def describes(tagged: list[Paper]) -> bool:
    """Whether the vocabulary whose tags these papers got describes their field: in a collection of
    TWO_FROM papers or more, two papers at least. One can be chance: in a Scopus export of 10 veterinary
    papers, a radiograph study's "images" and "clinical" gave it *Vision* and *Domain applications*, which
    then went to 3 more papers. (Where a paper of another field has two of its tags by chance, 1 to 3% of
    papers, one in 2-4 papers is far likelier from the field itself, where most papers have two.)"""
    least = 2.0 if len(tagged) >= TWO_FROM else 1.0
    return sum(len(paper.tags) >= 2 for paper in tagged) >= max(least, FIELD_SHARE * len(tagged))


# A meeting's abstract book, one record of an export ("ESICON 2017 Abstracts", "Abstracts of the 79th EAS
# Congress", "Proceedings and Abstracts of the 2nd International Symposium on ..."): its abstract strings
# together what many talks are about, and tags read from it were judged loose (a diabetes export,
# session 28). Its tags come from its title alone.
ABSTRACT_BOOK = re.compile(r"^(?:abstracts|proceedings) (?:of|from|and)\b"
                           r"|\b(?:meeting|conference|congress|symposium|poster|sessions?|\d{4}) abstracts$",
                           re.IGNORECASE)
MEETING = re.compile(r"\b(?:Meeting|Conference|Congress|Symposium)\b.*\b(?:19|20)\d\d$")  # its name, its year


def abstract_book(title: str) -> bool:
    title = title.strip().rstrip(".")
    return bool(ABSTRACT_BOOK.search(title) or MEETING.search(title))


def sources(papers: list[Paper]) -> set[str]:
    return {record.location.path for paper in papers for record in paper.records}


def not_described(tagged: list[Paper]) -> tuple[str, ...]:
    """The source files whose papers the vocabulary that gave these tags does not describe, each file's papers
    judged apart (a paper from several, with each): a collection of several exports may join fields. Seven
    real exports together (a deep-learning and a neuroscience-methods bibliography, veterinary RIS, arXiv's
    software testing, 870 papers) got two of its tags on 8% of the papers, nearly all from the deep-learning
    bibliography: the whole collection took it, and "visual cortex" gave neuroscience papers *Computer
    vision*, "clinical" veterinary ones *Domain applications*."""
    by_source: dict[str, list[Paper]] = {}
    for paper in tagged:
        for path in {record.location.path for record in paper.records}:
            by_source.setdefault(path, []).append(paper)
    whole = describes(tagged)  # a file of fewer than TWO_FROM papers says too little alone: it goes with all
    return tuple(sorted(path for path, group in by_source.items()
                        if not (describes(group) if len(group) >= TWO_FROM else whole)))


def described_in(paper: Paper, set_aside_for: tuple[str, ...]) -> bool:
    """Whether one of the files the paper's records come from is described by the vocabulary."""
    return any(record.location.path not in set_aside_for for record in paper.records)


class Tagging:
    """`shipped`: the vocabulary is litsite's own, which is set aside where it does not describe the
    collection. After a call, `tags` holds every tag the papers may carry, `set_aside` says whether the
    vocabulary was left out, `set_aside_for` for the papers of which source files when only for some, and
    `broad` which tags were cut back."""

    def __init__(self, vocabulary: dict[str, Tag], title_tags: bool = True, shipped: bool = False):
        self.vocabulary = vocabulary
        self.title_tags = title_tags
        self.shipped = shipped
        self.tags: dict[str, Tag] = dict(vocabulary)
        self.set_aside = False
        self.set_aside_for: tuple[str, ...] = ()  # the source files whose papers it does not describe, of several
        self.broad = BroadTags({})

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        books = {index for index, paper in enumerate(papers) if abstract_book(paper.title)}
        if not books:
            return self.tag(papers)
        tagged = self.tag([replace(paper, abstract="") if index in books else paper
                           for index, paper in enumerate(papers)])
        return [replace(paper, abstract=papers[index].abstract) if index in books else paper  # theirs back
                for index, paper in enumerate(tagged)]

    def tag(self, papers: list[Paper]) -> list[Paper]:
        vocabulary = self.vocabulary
        tagger = Tagger(vocabulary)
        tagged = tagger(papers)
        if self.shipped:
            self.set_aside_for = not_described(tagged)
            if len(self.set_aside_for) == len(sources(tagged)):
                vocabulary, tagger, tagged, self.set_aside, self.set_aside_for = {}, Tagger({}), list(papers), True, ()
            elif self.set_aside_for:
                tagged = [paper if described_in(paper, self.set_aside_for) else replace(paper, tags=())
                          for paper in tagged]
        found = collection_phrases(papers) if self.title_tags else None  # read once for both steps below
        phrases = corpus_tags(papers, vocabulary, found) if self.title_tags else {}
        self.tags = {**self.vocabulary, **phrases}
        self.broad = BroadTags(self.tags)
        phrase_tagger = PhraseTagger(phrases)
        tagged = title_first(self.broad(phrase_tagger(tagged)), tagger, phrase_tagger)
        if not self.title_tags:
            return tagged
        tagged, own = own_subjects(tagged, self.tags, vocabulary, found)
        self.tags.update(own)
        return tagged


def title_first(papers: list[Paper], tagger: Tagger, phrase_tagger: PhraseTagger) -> list[Paper]:
    """A paper whose title (or its record's keywords) names some of its tags is about those: the others,
    which only its abstract repeats, become its mentions (listed apart on the tag's page). A paper whose
    title names none keeps the tags its abstract repeats.

    On the default corpus a reader judged 30 random vocabulary tags given for abstract mentions alone
    (seed 41): 18 right, 12 another sense or a passing mention ("Recommendation" for recommendation
    letters, "Embeddings" for an attention formula's key embeddings); title tags were about 95% right.
    Neither the number of mentions, nor their place, nor how alike the paper is to the tag's other papers
    told the two apart; the title does: 26 of the 30 were on papers whose titles name other tags."""
    result = []
    for paper in papers:
        # what the title names, as the taggers found it in their pass (looking again took 3 s at 8,593 papers)
        named = set(tagger.named.get(paper.id, ())) | phrase_tagger.named.get(paper.id, set()) \
            if len(paper.tags) > 1 else set()
        about = tuple(tag for tag in paper.tags if tag in named)
        if about and len(about) < len(paper.tags):
            paper = replace(paper, tags=about, mentions=tuple(tag for tag in paper.tags if tag not in named))
        result.append(paper)
    return result
