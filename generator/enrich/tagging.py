"""All of a paper's tags, in one step: the vocabulary's, the collection's own title phrases, and the broad
ones cut back (tags.Tagger, keyphrases.corpus_tags and PhraseTagger, tags.BroadTags).

The vocabulary shipped with litsite names machine-learning subjects. On a collection from another field
its phrases match words with other meanings there ("clinical" and "protein" gave *Domain applications* to
a fifth of a diabetes review, "agents" gave *Tool use*), so it is set aside unless it describes the
collection: at least FIELD_SHARE of the papers (and one) get two of its tags (a paper about its subjects
usually gets several: 78% of the default corpus; a veterinary, a diabetes and a neuroscience-methods
export 0-3%). A vocabulary the user names in litsite.yml is always used. Set aside, its entries remain
tags that notes and curation may name; they are only not given by their phrases."""

from __future__ import annotations

from ..model import Paper, Tag
from .keyphrases import PhraseTagger, corpus_tags
from .tags import BroadTags, Tagger

FIELD_SHARE = 0.08


def describes(tagged: list[Paper]) -> bool:
    """Whether the vocabulary whose tags these papers got describes their field."""
    return sum(len(paper.tags) >= 2 for paper in tagged) >= max(1.0, FIELD_SHARE * len(tagged))


class Tagging:
    """`shipped`: the vocabulary is litsite's own, which is set aside where it does not describe the
    collection. After a call, `tags` holds every tag the papers may carry, `set_aside` says whether the
    vocabulary was left out and `broad` which tags were cut back."""

    def __init__(self, vocabulary: dict[str, Tag], title_tags: bool = True, shipped: bool = False):
        self.vocabulary = vocabulary
        self.title_tags = title_tags
        self.shipped = shipped
        self.tags: dict[str, Tag] = dict(vocabulary)
        self.set_aside = False
        self.broad = BroadTags({})

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        vocabulary = self.vocabulary
        tagged = Tagger(vocabulary)(papers)
        if self.shipped and not describes(tagged):
            vocabulary, tagged, self.set_aside = {}, list(papers), True
        phrases = corpus_tags(papers, vocabulary) if self.title_tags else {}
        self.tags = {**self.vocabulary, **phrases}
        self.broad = BroadTags(self.tags)
        return self.broad(PhraseTagger(phrases)(tagged))
