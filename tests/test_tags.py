"""Tags from the vocabulary: matching rules, validation, and how the default vocabulary fits the corpus."""

from collections import Counter

import pytest

from generator.config import DEFAULT_VOCABULARY, ConfigError
from generator.enrich.tags import Tagger, load_vocabulary
from generator.model import Tag

MOE = Tag("mixture-of-experts", "Mixture of experts", phrases=("mixture of experts",), acronyms=("MoE",))
LLM = Tag("llm", "LLMs", phrases=("large language model",), acronyms=("LLM",))


@pytest.mark.parametrize("text, expected", [
    ("A Survey on Mixture of Experts", ("mixture-of-experts",)),
    ("sparse mixture-of-experts layers", ("mixture-of-experts",)),
    ("MIXTURE OF EXPERTS", ("mixture-of-experts",)),
    ("we route tokens in a MoE layer", ("mixture-of-experts",)),
    ("Linear-MoE: linear models", ("mixture-of-experts",)),
    ("MoEs scale well", ("mixture-of-experts",)),
    ("moe is an acronym only in exact case", ()),
    ("the word Moelleux is not an acronym", ()),
    ("Large Language Models and LLMs", ("llm",)),
    ("mixture of expertise", ()),
])
def test_matching_is_whole_word_and_case_aware_for_acronyms(text, expected):
    tagger = Tagger({"mixture-of-experts": MOE, "llm": LLM})
    assert tagger.tags_for(text) == expected


def test_vocabulary_errors_are_reported_all_at_once(tmp_path):
    path = tmp_path / "vocabulary.yml"
    path.write_text("Bad Slug:\n  label: x\ngood:\n  match: not-a-list\n  colour: red\nother:\n  acronyms: ['']\n")
    with pytest.raises(ConfigError) as caught:
        load_vocabulary(path)
    assert caught.value.errors == [
        "'Bad Slug': a tag slug is lowercase letters, digits and single hyphens",
        "good.match: expected a list of phrases matched in any case, got 'not-a-list'",
        "good.colour: unknown option (known: acronyms, description, label, match)",
        "other.acronyms: every item must be non-empty text",
    ]


def test_default_vocabulary_groups_the_seed_corpus(seed_papers):
    vocabulary = load_vocabulary(DEFAULT_VOCABULARY)
    papers = Tagger(vocabulary)(seed_papers)
    counts = Counter(tag for paper in papers for tag in paper.tags)
    used = [slug for slug in vocabulary if counts[slug]]
    assert len(used) >= 30
    assert sum(counts[slug] >= 3 for slug in used) / len(used) >= 0.9  # most tags group several papers
    assert sum(1 for paper in papers if not paper.tags) <= len(papers) * 0.05
    survey = next(p for p in papers if p.title == "A Survey on Mixture of Experts")
    assert {"mixture-of-experts", "survey"} <= set(survey.tags)
