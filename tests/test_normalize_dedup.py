"""Normalization of titles and deduplication into papers."""

import random

from generator.dedup import deduplicate, paper_id
from generator.model import Location, Record
from generator.normalize import clean_text, title_key


def record(title, line=1, path="s.txt", abstract="An abstract.", **fields):
    where = Location(path, line)
    return Record(str(where), where, title, abstract, **fields)


def test_title_key_folds_case_punctuation_whitespace_and_unicode():
    same = ["A Markov Categorical Framework for Language Modeling",
            "a markov  categorical framework for language modeling.",
            "A Markov Categorical Framework for Language-Modeling",
            "Ａ Ｍarkov Categorical Framework for Language Modeling",   # full-width letters
            "A Márkov Categorical Framework for Language Modeling"]      # accent
    assert len({title_key(title) for title in same}) == 1
    assert title_key("Mamba-2") != title_key("Mamba 3")


def test_clean_text_removes_control_and_bidi_characters():
    assert clean_text("Title\u202e with\tcontrol\x00 chars\n") == "Title with control chars"


def test_merged_paper_keeps_every_source_and_the_richest_metadata():
    records = [
        record("Looped Transformers", 1, "a.txt", "Short."),
        record("looped transformers!", 7, "b.txt", "A much longer abstract than the first one.", author_count=4,
               date="2024-10-15", upvotes=3),
        record("Looped  Transformers", 9, "c.txt", "Mid abstract here.", author_count=5, date="2024-09-01",
               upvotes=1),
    ]
    papers, problems = deduplicate(records)
    assert problems == [] and len(papers) == 1
    paper = papers[0]
    assert [str(r.location) for r in paper.records] == ["a.txt:1", "b.txt:7", "c.txt:9"]
    assert paper.abstract == "A much longer abstract than the first one."
    assert paper.title == "looped transformers!"  # the title of the record with the richest abstract
    assert (paper.author_count, paper.date, paper.upvotes) == (5, "2024-09-01", 3)


def test_ids_and_slugs_do_not_depend_on_input_order():
    records = [record(f"Paper number {i}", i) for i in range(30)]
    first, _ = deduplicate(records)
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    second, _ = deduplicate(shuffled)
    assert [(p.id, p.slug) for p in first] == [(p.id, p.slug) for p in second]


def test_adding_a_paper_keeps_the_other_slugs():
    base, _ = deduplicate([record("Attention Is All You Need"), record("Mamba", 2)])
    grown, _ = deduplicate([record("Attention Is All You Need"), record("Mamba", 2), record("Attention is all", 3)])
    assert {p.id: p.slug for p in base}.items() <= {p.id: p.slug for p in grown}.items()


def test_title_without_letters_is_rejected():
    papers, problems = deduplicate([record("?!?"), record("Real Title", 2)])
    assert [p.title for p in papers] == ["Real Title"]
    assert [(str(p.location), p.level) for p in problems] == [("s.txt:1", "rejected")]


def test_seed_corpus_dedupes_to_268_papers(seed_papers):
    assert len(seed_papers) == 268
    assert len({p.slug for p in seed_papers}) == 268
    markov = [p for p in seed_papers if p.title == "A Markov Categorical Framework for Language Modeling"]
    assert len(markov) == 1 and len(markov[0].records) == 5
    assert len({r.location.path for r in markov[0].records}) == 5
    assert markov[0].id == paper_id(title_key(markov[0].title))
