"""Topics (NMF), related papers (words and meaning) and links found in abstracts."""

import json
import re
import shutil

import pytest

from generator.enrich.links import clean_url, find_links
from generator.enrich.related import RelatedPapers
from generator.enrich.topics import TopicModel, choose_topic_count, distinct_terms
from generator.model import Paper, Topic
from generator.normalize import title_key
from generator.review.permalinks import pin_topics

from generator.dedup import deduplicate
from generator.readers import read_file

from .conftest import REPO
from .test_readers_formats import REALWORLD, needs_realworld


def test_topics_are_deterministic_and_cover_every_paper(seed_papers):
    first_model, second_model = TopicModel(), TopicModel()
    first = first_model(seed_papers)
    second = second_model(list(seed_papers))
    assert [p.topic for p in first] == [p.topic for p in second]
    assert first_model.topics == second_model.topics
    assert 8 <= len(first_model.topics) <= 20
    assert all(p.topic in first_model.topics for p in first)
    for key, topic in first_model.topics.items():
        assert topic.label and (len(topic.terms) >= 5 or key == "unsorted")


def test_surveys_join_the_topics_of_their_subjects_not_a_topic_of_surveys(seed_papers):
    """Issue #14: on the default corpus "surveys are grouped by genre away from their subjects": a 27-paper
    topic led by "survey, large language, research" held the surveys of long context, state space models,
    multilingual and multimodal models. A topic led by a word of the kind of paper is no subject."""
    model = TopicModel()
    papers = {paper.title: paper for paper in model(seed_papers)}
    for key, topic in model.topics.items():
        if key == "unsorted":  # a survey whose subject no topic holds
            continue
        titles = [title for title, paper in papers.items() if paper.topic == key]
        surveys = [title for title in titles if re.search(r"\b(?:Survey|Review)\b", title)]
        assert len(surveys) < 0.5 * len(titles), (topic.label, surveys)
    pairs = [("A Comprehensive Survey on Long Context Language Modeling",
              "LongHeads: Multi-Head Attention is Secretly a Long Context Processor"),
             ("A Survey on Structured State Space Sequence (S4) Models",
              "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"),
             ("Multilingual Large Language Models: A Systematic Survey",
              "LangSAMP: Language-Script Aware Multilingual Pretraining"),
             ("A Review of Multi-Modal Large Language and Vision Models",
              "Generating Images with Multimodal Language Models")]
    for survey, subject in pairs:
        assert papers[survey].topic == papers[subject].topic != "unsorted", (survey, papers[survey].topic)


def test_topic_labels_can_be_set_by_key(seed_papers):
    model = TopicModel()
    model(seed_papers)
    key = sorted(model.topics)[0]
    relabelled = TopicModel(labels={key: "My own label"})
    relabelled(seed_papers)
    assert relabelled.topics[key].label == "My own label"


def test_topic_count_is_bounded():
    assert choose_topic_count(268) == 12
    assert choose_topic_count(3) == 1
    assert choose_topic_count(100_000) == 20


def test_distinct_terms_drops_plurals_and_contained_terms():
    assert distinct_terms(["heads", "head", "attention", "attention heads", "diffusion"], 5) == \
        ["heads", "attention", "diffusion"]


def test_related_papers_exclude_self_and_are_ranked(seed_papers):
    papers = RelatedPapers(5)(seed_papers)
    ids = {p.id for p in papers}
    for paper in papers:
        assert len(paper.related) <= 5
        assert paper.id not in {r.paper_id for r in paper.related}
        assert {r.paper_id for r in paper.related} <= ids
        scores = [r.score for r in paper.related]
        assert scores == sorted(scores, reverse=True)
    mamba = next(p for p in papers if p.title.startswith("Mamba: Linear-Time"))
    titles = {next(q.title for q in papers if q.id == r.paper_id) for r in mamba.related}
    # The Mamba paper's neighbours are state-space-model papers.
    assert sum("Mamba" in t or "State Space" in t or "SSM" in t for t in titles) >= 3


def test_links_are_http_only_and_lose_sentence_punctuation():
    text = ("Code at https://github.com/kyutai-labs/delayed-streams-modeling. Data (https://huggingface.co/datasets/x/y), "
            "demo https://example.org/page?a=1&b=2; javascript:alert(1) and https://en.wikipedia.org/wiki/Foo_(bar).")
    assert [(link.kind, link.url) for link in find_links(text)] == [
        ("code", "https://github.com/kyutai-labs/delayed-streams-modeling"),
        ("dataset", "https://huggingface.co/datasets/x/y"),
        ("project page", "https://example.org/page?a=1&b=2"),
        ("project page", "https://en.wikipedia.org/wiki/Foo_(bar)"),
    ]
    assert clean_url("https://") is None


def test_pinned_topic_keeps_its_key_and_label_when_its_terms_reorder():
    published = {"networks-learning": {"terms": ["networks", "learning", "modeling", "deep"],
                                       "label": "Networks, learning, modeling"}}
    fresh = Topic("learning-networks", "Learning, networks, modeling", ("learning", "networks", "modeling", "deep"))
    pinned = pin_topics([fresh], published)["learning-networks"]
    assert (pinned.key, pinned.label) == ("networks-learning", "Networks, learning, modeling")


def test_pinned_topic_with_new_leading_terms_keeps_its_key_but_takes_the_new_label():
    published = {"speech-asr": {"terms": ["speech", "asr", "audio", "whisper", "spoken"], "label": "Speech, ASR, audio"}}
    fresh = Topic("audio-speech", "Audio, speech, tokens", ("audio", "speech", "tokens", "asr", "whisper"))
    pinned = pin_topics([fresh], published)["audio-speech"]
    assert (pinned.key, pinned.label) == ("speech-asr", "Audio, speech, tokens")


def test_each_published_topic_is_claimed_once_best_match_first_and_new_topics_avoid_its_key():
    published = {"graphs": {"terms": ["graph", "node", "edge", "gnn"], "label": "Graph, node, edge"}}
    close = Topic("graph-node", "Graph, node, edge", ("graph", "node", "edge", "gnn"))
    looser = Topic("graph-molecule", "Graph, molecule, edge", ("graph", "molecule", "edge", "chemistry"))
    unrelated = Topic("graphs", "Graphs, plots, charts", ("graphs", "plots", "charts", "figures"))
    pinned = pin_topics([looser, unrelated, close], published)
    assert pinned["graph-node"].key == "graphs"
    assert pinned["graph-molecule"].key == "graph-molecule"
    assert pinned["graphs"].key == "graphs-2"  # its own key is taken by the published topic
    assert len({topic.key for topic in pinned.values()}) == 3


JUDGED = REPO.parent / "shared" / "judged" / "default_corpus.json"
REALWORLD = REPO.parent / "shared" / "realworld"


@pytest.mark.skipif(not JUDGED.exists(), reason=f"no judged samples at {JUDGED}")
def test_links_a_reader_judged_unrelated_are_mostly_gone_and_relevant_ones_stay(seed_papers):
    """Issue #14: of 65 related-paper links a reader judged on the default corpus, 25 were unrelated
    (coincidental words). Words alone still showed 21 of those 25; words and meaning together, with a
    minimum closeness, show at most a fifth of them and keep most links judged relevant. (A development
    set: benchmarks/quality.py prints fresh random lists to judge.)"""
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["related"]
    papers = RelatedPapers(5)(seed_papers)
    by_title = {title_key(paper.title): paper for paper in papers}
    shown = {"R": 0, "U": 0}
    total = {"R": 0, "U": 0}
    for item in judged:
        if item["verdict"] not in shown:
            continue
        paper, other = by_title[title_key(item["paper"])], by_title[title_key(item["related"])]
        total[item["verdict"]] += 1
        shown[item["verdict"]] += other.id in {related.paper_id for related in paper.related}
    assert total == {"R": 27, "U": 25}
    assert shown["U"] <= 5 and shown["R"] >= 15, shown


def test_a_paper_with_nothing_close_lists_no_related_paper(seed_papers):
    cake = Paper(id="pcake00000000", slug="cake", title="A chocolate cake for twelve guests", records=(),
                 abstract="Melt the butter and the chocolate, whisk the eggs with sugar, fold in flour and bake "
                          "for forty minutes at 180 degrees; serve with cream.")
    papers = RelatedPapers(5)([*seed_papers, cake])
    assert next(paper for paper in papers if paper.id == cake.id).related == ()
    assert all(cake.id not in {related.paper_id for related in paper.related} for paper in papers)


SUBJECTS = ["graph neural networks", "coral reef bleaching", "medieval trade routes", "quantum error correction",
            "soil carbon storage", "bird song learning", "volcanic ash clouds", "railway timetabling", "protein folding",
            "glacier retreat"]  # papers about unrelated things, so that a few close ones stand out


def test_every_related_paper_shares_a_key_term_the_page_can_show_as_the_reason(seed_papers):
    """Issue #14: reasons name the shared subject. Of the links judged by reading on the default corpus,
    every one that shared no key term with its paper (closeness of meaning alone, shown without a reason)
    was unrelated: 6 of 6."""
    papers = RelatedPapers(5)(seed_papers)
    links = [related for paper in papers for related in paper.related]
    assert len(links) > 200
    assert all(related.shared_terms for related in links), [related for related in links if not related.shared_terms][:3]


def test_words_with_accents_relate_papers_and_name_the_reason():
    """Words were read as ASCII letters only, so "phréatique" or "dénitrification" counted for nothing: two
    French papers sharing only such words were not related (and a German or Spanish collection lost most
    of its subject words)."""
    texts = [("Dénitrification des eaux phréatiques", "Nous mesurons la dénitrification dans les eaux phréatiques "
              "sous les sédiments alluviaux, et son évolution saisonnière."),
             ("Sédiments alluviaux et dénitrification", "La dénitrification des eaux phréatiques dépend des sédiments "
              "alluviaux et de leur évolution."),
             *((subject.capitalize(), f"A study of {subject} and what drives it.") for subject in SUBJECTS)]
    papers = RelatedPapers(5)([Paper(id=f"p{i:012d}", slug=f"p{i}", title=title, abstract=abstract, records=())
                               for i, (title, abstract) in enumerate(texts)])
    links = {related.paper_id: related.shared_terms for related in papers[0].related}
    assert papers[1].id in links, papers[0].related
    assert {"dénitrification", "phréatiques", "sédiments alluviaux"} & set(links[papers[1].id]), links


def test_a_links_reason_names_the_subject_both_share_before_everyday_words():
    """Read on the default corpus: "Best of Both Worlds: ... Hybrid Graph Sequence Models" was related to
    an AMR-graph paper "through" graph, best; "Order Matters: Sequence to sequence for sets" through
    seq2seq, order. An everyday word is a reason only when the papers share nothing rarer."""
    from generator.enrich.related import shared_terms

    terms = ["best", "graph", "order", "seq2seq", "long range"]
    assert shared_terms({0: 0.6, 1: 0.3}, {0: 0.6, 1: 0.3}, terms) == ("graph",)
    assert shared_terms({2: 0.6, 3: 0.2, 4: 0.1}, {2: 0.6, 3: 0.2, 4: 0.1}, terms) == ("seq2seq", "long range")
    assert shared_terms({0: 0.6, 2: 0.3}, {0: 0.6, 2: 0.3}, terms) == ("best", "order")


@needs_realworld
def test_papers_that_share_only_one_everyday_word_are_not_related():
    """d2l's bibliography (titles alone), read in session 24: "Squeeze-and-excitation networks" was related to
    "Max-margin Markov networks" through "networks", "Deep blue" to "Deep unsupervised learning using
    nonequilibrium thermodynamics" through "deep". Of 46 such links read on five collections (one everyday word
    their only shared term), 8 were relevant, 10 loosely related, 28 unrelated; the lists shown are about 70%
    relevant. A link needs a rarer shared term, or two."""
    from generator.dedup import deduplicate
    from generator.enrich.keyphrases import everyday_word
    from generator.readers import read_file

    path = REALWORLD / "bibtex" / "d2l-en_d2l.bib"
    papers = RelatedPapers(5)(deduplicate(read_file(path, path.name)[0]).papers)
    title = {paper.id: paper.title for paper in papers}
    links = [(paper.title, title[link.paper_id], link.shared_terms) for paper in papers for link in paper.related]
    assert len(links) > 1500
    assert not [link for link in links if len(link[2]) == 1 and everyday_word(link[2][0])], links[:3]
    assert not [link for link in links if link[0] == "Squeeze-and-excitation networks"
                and link[1] == "Max-margin Markov networks"]


def test_latex_commands_in_abstracts_are_no_words_of_them():
    """arXiv abstracts write their mathematics in LaTeX: a gradient-testing paper was related to a
    distribution-testing paper through "varepsilon" (arXiv testing export, seed 66)."""
    from generator.enrich.text_features import paper_text, vectorizer

    papers = [Paper(id=f"p{i}", slug=f"p{i}", title=title, abstract=abstract, records=()) for i, (title, abstract) in enumerate([
        ("Gradient testing by comparisons", r"For $\varepsilon>0$ and $f\colon\mathbb R^n\to\mathbb R$ we test gradients."),
        ("Distribution testing with conditional samples", r"We test distributions to accuracy $\varepsilon$ in $\mathbb{R}$."),
        ("Sorting networks", "Comparators sort numbers.")])]
    features = vectorizer(min_df=1)
    features.fit([paper_text(paper) for paper in papers])
    assert not {"varepsilon", "mathbb", "colon"} & set(features.get_feature_names_out())
    assert "gradient" in paper_text(papers[0])


def test_versus_and_et_al_are_never_a_shared_term():
    """A biomedical list was "related" through "vs" alone (seed 64 of quality.py on the diabetes export):
    abbreviations every field writes name no subject."""
    def paper(index, title, abstract):
        return Paper(id=f"p{index:012d}", slug=str(index), title=title, abstract=abstract, records=())
    trials = [paper(1, "Sitagliptin vs placebo in type 2 diabetes", "Sitagliptin vs placebo lowered HbA1c vs baseline in type 2 diabetes, et al."),
              paper(2, "Sitagliptin vs metformin in type 2 diabetes", "Sitagliptin vs metformin lowered HbA1c vs baseline in type 2 diabetes, et al.")]
    others = [paper(10 + index, f"A study of {subject}", f"We examine {subject} with new field data and models of {subject}.")
              for index, subject in enumerate(SUBJECTS)]
    first = RelatedPapers(5)([*trials, *others])[0]
    assert [related.paper_id for related in first.related] == [trials[1].id]
    assert "sitagliptin" in first.related[0].shared_terms
    assert not {"vs", "et", "al", "et al"} & set(first.related[0].shared_terms), first.related[0].shared_terms


def test_papers_in_another_language_are_not_related_through_its_function_words():
    """Issue #14: a French memoir was the top match of a French neuroanatomy book through "les, la, sur"."""
    def paper(index, title, abstract):
        return Paper(id=f"p{index:012d}", slug=str(index), title=title, abstract=abstract, records=())
    french = [paper(1, "Les souvenirs de la guerre sur le front", "Les mémoires d'un soldat sur la vie dans les tranchées."),
              paper(2, "Anatomie du cerveau et de la moelle", "Les voies nerveuses de la moelle épinière sur les coupes.")]
    english = [paper(10 + index, f"Graph neural networks study {index}", f"Message passing on graphs for molecules, part {index}.")
               for index in range(8)]
    papers = RelatedPapers(5)([*french, *english])
    assert papers[0].related == () and papers[1].related == ()


def test_the_fast_token_mean_is_wordllamas_own_embedding():
    """embeddings.token_means computes the mean token vector as one sparse product; it must give the
    vectors wordllama's own embed() gives (which loops over padded batches, five times slower)."""
    import numpy as np

    from generator.enrich.embeddings import model, token_means
    texts = ["State space models for long sequences.", "", "Mixture-of-experts routing, with ünïcödé and 数字 too.",
             "A much longer text " * 40]
    assert np.allclose(token_means(texts), model().embed(texts), atol=1e-6)


def test_tokens_counted_piece_by_piece_are_those_of_whole_texts(monkeypatch):
    """token_counts tokenizes each distinct space-led piece once; every text must still get exactly the
    tokens the tokenizer gives the whole text: runs of spaces, spaces at either end, tabs and newlines,
    letters outside ASCII, an empty text."""
    import copy
    from collections import Counter

    from generator.enrich.embeddings import model, splits_at_spaces, token_counts
    tokenizer = copy.copy(model().tokenizer)
    tokenizer.no_padding()
    texts = ["  two  spaces   three   ", "tab\there\nnewline\n\n end", "", " ", "Ünïcödé 数字 🙂  naïve café",
             "x" * 300 + "  " + "déjà-vu " * 30, "A. B.  C.\u00a0nbsp \u2581 already"]
    assert splits_at_spaces(tokenizer)
    counts = token_counts(texts, tokenizer)
    for row, text in enumerate(texts):
        whole = Counter(tokenizer.encode(text, add_special_tokens=False).ids)
        start, end = counts.indptr[row], counts.indptr[row + 1]
        assert dict(zip(counts.indices[start:end].tolist(), counts.data[start:end].tolist())) == \
            {token: float(count) for token, count in whole.items()}, text
    # a tokenizer the pieces do not fit (a wordllama release with a pre-tokenizer) gets whole texts
    import generator.enrich.embeddings as embeddings
    monkeypatch.setattr(embeddings, "splits_at_spaces", lambda tokenizer: False)
    assert (token_counts(texts, tokenizer) != counts).nnz == 0


# Issue #14, point 3: topics named as a reader would name them, papers ordered by centrality, topics as data.

def test_a_topic_is_named_in_the_plural_where_its_titles_write_the_plural_at_all():
    """The default corpus's multilingual topic was "Multilingual model" and a diabetes export's "Vascular smooth
    muscle cell": the singular, one title more often. A topic is a kind of paper, named as a category is."""
    from collections import Counter

    from generator.enrich.topic_names import title_phrase_label, title_phrases

    titles = ["A multilingual model for low-resource speech", "Scaling a multilingual model to 100 languages",
              "Pruning a multilingual model", "Multilingual models share a script space",
              "What multilingual models forget", "Transliteration for speech"]
    others = [f"Image segmentation, part {i}" for i in range(40)]
    background = Counter(key for title in titles + others for key in title_phrases(title))
    total = len(titles) + len(others)
    assert title_phrase_label(["multilingual", "model"], titles, background, total) == "Multilingual models"
    singular_only = [title.replace("models", "model") for title in titles]
    assert title_phrase_label(["multilingual", "model"], singular_only, background, total) == "Multilingual model"


def test_a_topic_is_named_by_the_phrase_its_central_titles_share_and_the_collection_does_not():
    from collections import Counter

    from generator.enrich.topic_names import title_phrase_label, title_phrases

    titles = ["Mamba: linear-time sequence modeling with selective state spaces",
              "Efficiently modeling long sequences with structured state spaces",
              "Hungry hungry hippos: towards language modeling with state space models",
              "State space models are amortized online learners", "Repeat after me: transformers vs state space models"]
    others = [f"Large language models for task {i}" for i in range(40)] + [f"Image segmentation, part {i}" for i in range(5)]
    background = Counter(key for title in titles + others for key in title_phrases(title))
    total = len(titles) + len(others)
    terms = ["state", "space", "sequence", "mamba"]
    assert title_phrase_label(terms, titles, background, total) == "State space models"
    # a phrase every title of the collection has is no name for one topic; another topic's name is not reused
    common = [f"Large language models for {word}" for word in ("law", "code", "math", "chess")]
    assert title_phrase_label(["large", "language"], common, background, total) == ""
    assert title_phrase_label(terms, titles, background, total, taken={"state space models"}) == "State spaces"
    # in a topic of a dozen papers, two titles sharing a phrase are too few to name it
    few = titles[:2] + [f"Large language models for task {i}" for i in range(10)]
    assert title_phrase_label(terms, few, background, total) == ""


def test_a_topic_name_keeps_accents_proper_names_and_ends_on_no_word_of_any_language_s_grammar():
    """biblatex's examples with a physics author search: topics named "Quantum monte carlo" (the abstracts
    write "quantum Monte Carlo") and "Kritik der" (a German article ending the name); a title phrase with an
    accent was cut where the accent stood ("Schrödinger equation" read as "dinger equation")."""
    from generator.enrich.topic_names import Namer

    def paper(number, title, abstract):
        return Paper(id=f"p{number:012d}", slug=f"p{number}", title=title, abstract=abstract, records=())

    carlo = [paper(i, f"Quantum Monte Carlo study of {thing}", f"We use quantum Monte Carlo simulations of {thing}.")
             for i, thing in enumerate(["helium films", "the Hubbard model", "Bose gases", "spin chains"])]
    kant = [paper(10 + i, f"Kritik der {rest}", "") for i, rest in enumerate(["reinen Vernunft", "Urteilskraft",
                                                                            "praktischen Vernunft"])]
    waves = [paper(20 + i, f"{how} the Schrödinger equation {where}", "")
             for i, (how, where) in enumerate([("Solving", "with neural networks"), ("Integrating", "on GPUs"),
                                               ("Spectral methods for", "in two dimensions")])]
    others = [paper(30 + i, f"Coral reef bleaching, survey {i}", "Reefs bleach in warm water.") for i in range(12)]
    namer = Namer(carlo + kant + waves + others)
    assert namer(["monte", "carlo", "quantum"], carlo, set()) == "Quantum Monte Carlo"
    assert namer(["schrödinger", "equation"], waves, set()) == "Schrödinger equation"
    assert not namer(["kritik", "vernunft"], kant, set()).lower().endswith(" der")



def test_a_topic_no_phrase_names_is_named_by_its_leading_terms_where_most_of_its_titles_hold_them():
    """Bibliographies without abstracts: d2l's 17-paper topic was "Network, neural, prediction" (8 titles say
    "neural network", too common in d2l to be any topic's own phrase) and NeMo's "Attention, fast, sentence"
    (7 of 14 titles say "attention"). A word that says what kind of work a paper is names no topic."""
    from generator.enrich.topic_names import Namer

    def paper(number, title):
        return Paper(id=f"p{number:012d}", slug=f"p{number}", title=title, abstract="", records=())

    nets = [paper(i, title) for i, title in enumerate([
        "A neural network for isolated word recognition", "Neural network acceptability judgments",
        "A convolutional neural network for modelling sentences", "Shift-invariant neural network architectures",
        "Network in network", "Designing network design spaces", "Ad click prediction in practice"])]
    attention = [paper(20 + i, title) for i, title in enumerate([
        "Attention is all you need", "Show, attend and tell", "A neural attention model for summarization",
        "Fast exact attention with IO-awareness", "Listen, attend and spell", "Sentence embeddings with siamese"])]
    analysis = [paper(40 + i, f"{kind} analysis") for i, kind in enumerate(["Convex", "Functional", "Linear"])] + \
        [paper(50 + i, title) for i, title in enumerate(["Smooth regression", "Word vectors for sentiment"])]
    others = [paper(100 + i, f"Neural network models of task {i}") for i in range(40)] + \
        [paper(200 + i, f"Coral reef bleaching in region {i}") for i in range(40)]
    namer = Namer(nets + attention + analysis + others)
    assert namer(["network", "neural", "prediction"], nets, set()) == "Neural network"
    assert namer(["attention", "fast", "sentence"], attention, set()) == "Attention"
    assert namer(["analysis", "regression", "linear"], analysis, set()) == ""
    # too few of the titles, or the name taken by another topic: no name
    assert namer(["attention", "fast"], attention[:2] + nets, set()) == ""
    assert namer(["attention", "fast", "sentence"], attention, {"attention"}) == ""

@needs_realworld
def test_a_paper_that_weighs_next_to_nothing_in_every_topic_is_unsorted(seed_papers):
    """d2l's bibliography (titles alone): "Why tanh: choosing a sigmoidal function" was a paper of "Object
    detection" and a paper on ad auctions one of "Speech recognition", at the foot of their pages with next to
    no weight there. Papers with abstracts (the default corpus) all stay in topics."""
    from generator.enrich.text_features import readable

    records = read_file(REALWORLD / "bibtex" / "d2l-en_d2l.bib", "d2l.bib")[0]
    papers = {paper.title: paper for paper in TopicModel()(readable(deduplicate(records).papers)[0])}
    for title in ("Why tanh: choosing a sigmoidal function",
                  "Internet advertising and the generalized second-price auction: Selling billions of dollars "
                  "worth of keywords"):
        assert papers[title].topic == "unsorted", (title, papers[title].topic)
    assert all(paper.topic == "unsorted" or paper.centrality >= 0.05 for paper in papers.values())
    # Of the default corpus, only surveys whose subject no topic holds (without_genres) are unsorted.
    unsorted = [paper.title for paper in TopicModel()(seed_papers) if paper.topic == "unsorted"]
    assert all(re.search(r"\bSurvey\b", title) for title in unsorted), unsorted


@needs_realworld
def test_unsorted_papers_come_after_every_topic_however_many(project):
    """d2l's bibliography: 72 papers are in no topic, more than in any topic, and "Unsorted" headed the tables
    of topics on the home page and the Topics page as if it were the largest topic."""
    from generator.pipeline import generate

    root, config = project(sources={"d2l.bib": (REALWORLD / "bibtex" / "d2l-en_d2l.bib").read_bytes()})
    corpus = generate(config).corpus
    sizes = {key: sum(paper.topic == key for paper in corpus.papers) for key in corpus.topics}
    assert sizes["unsorted"] > max(size for key, size in sizes.items() if key != "unsorted")
    for page in ("index.md", "topics/index.md"):
        rows = [line for line in (root / "content" / page).read_text(encoding="utf-8").splitlines()
                if line.startswith("| [")]
        assert len(rows) == len(corpus.topics) and "unsorted.md)" in rows[-1], (page, rows[0])


@needs_realworld
def test_the_tags_table_shows_mentions_only_in_a_collection_that_has_some(project):
    """d2l's bibliography has titles alone, so no paper mentions a tag: its Tags table had a column of
    zeros ("Also mentioned by"). The default corpus, whose abstracts mention tags, keeps the column."""
    from generator.pipeline import generate

    for sources, shown in (({"d2l.bib": (REALWORLD / "bibtex" / "d2l-en_d2l.bib").read_bytes()}, False),
                           (None, True)):
        root, config = project(sources=sources, seeds=sources is None)
        generate(config)
        page = (root / "content" / "tags" / "index.md").read_text(encoding="utf-8")
        rows = [line for line in page.splitlines() if line.startswith("|")]
        assert ("Also mentioned by" in rows[0]) is shown
        assert {row.count("|") for row in rows} == {4 if shown else 3}
        shutil.rmtree(root)


@needs_realworld
def test_the_timeline_names_months_and_says_when_a_year_s_month_is_unknown(project):
    """The Timeline's table listed months as "03 (5)" and BibTeX's year-only entries as "? (8)"."""
    from generator.pipeline import generate

    root, config = project(sources={"d2l.bib": (REALWORLD / "bibtex" / "d2l-en_d2l.bib").read_bytes()}, seeds=True)
    generate(config)
    rows = [line for line in (root / "content" / "timeline" / "index.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| [")]
    months = [cell for row in rows for cell in row.split(" | ")[2].rstrip(" |").split(", ")]
    assert "?" not in " ".join(months) and any(cell.startswith("month unknown (") for cell in months)
    assert any(re.fullmatch(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \(\d+\)", cell) for cell in months)


def test_a_topic_is_named_with_the_numbers_inside_its_phrase():
    """The diabetes export's largest topic was named "Type diabetes": its titles' "type 2 diabetes" lost the
    2. A number stays inside a phrase, never at its edge ("type 2" is no name)."""
    from collections import Counter

    from generator.enrich.topic_names import title_phrase_label, title_phrases

    assert "type 2 diabetes" in title_phrases("Sitagliptin in type 2 diabetes mellitus")
    assert "type diabetes" not in title_phrases("Sitagliptin in type 2 diabetes mellitus")
    assert not any(key.split()[0].isdigit() or key.split()[-1].isdigit() for key in title_phrases("Type 2 diabetes in 2019"))
    titles = [f"Drug {name} in type 2 diabetes" for name in ("A", "B", "C", "D")]
    others = [f"Stroke outcome in rats, part {i}" for i in range(20)]
    background = Counter(key for title in titles + others for key in title_phrases(title))
    assert title_phrase_label(["diabetes", "type"], titles, background, len(titles) + len(others)) == "Type 2 diabetes"


def test_a_topic_is_not_named_by_a_verb_or_by_what_any_title_says_of_its_subject():
    """The diabetes export's atherosclerosis topic was named "Reduces atherosclerosis" ("SGLT2 inhibition
    reduces atherosclerosis in ..."), and a sepsis topic "Comparison of linagliptin sitagliptin": a
    phrase neither holds a verb nor opens with a word any title says of its subject ("Comparison",
    "Prevalence")."""
    from generator.enrich.topic_names import title_phrases

    phrases = title_phrases("SGLT2 inhibition reduces atherosclerosis in diabetic mice")
    assert not any("reduce" in key.split() for key in phrases) and "diabetic mice" in phrases
    phrases = title_phrases("Prevalence of primary cataracts in English Cocker Spaniels")
    assert "primary cataract" in phrases and not any(key.startswith("prevalence") for key in phrases)


def test_a_topic_can_be_named_by_a_kind_of_learning_or_deep_learning_written_as_a_name():
    """The default corpus's topic of "A Critical Review of Recurrent Neural Networks for Sequence Learning",
    "Semi-supervised Sequence Learning" and three "Sequence-to-Sequence Learning" titles was "Networks,
    learning, sequence", and d2l's machine-learning topic "Learning, machine, systems": no phrase could end
    in "learning". It ends one ("Sequence learning"), never opens one ("Learning to rank" is no subject),
    and a word the titles capitalize part by part is written as a word, not kept as if an acronym."""
    from collections import Counter

    from generator.enrich.topic_names import title_phrase_label, title_phrases

    assert "sequence learning" in title_phrases("Semi-supervised Sequence Learning")
    assert not any(key.startswith("learning") for key in title_phrases("Learning to Rank with Selection Bias"))
    # "deep" the other way round: d2l's "Deep, learning, generalization" is "Deep learning"
    assert "deep learning" in title_phrases("Generalization in deep learning")
    assert not any(key.endswith(" deep") for key in title_phrases("How networks go deep and wide"))
    titles = [f"{name}: Sequence-to-Sequence Learning for {task}" for name, task in
              (("A", "translation"), ("B", "speech"), ("C", "parsing"), ("D", "summaries"))]
    others = [f"Stroke outcome in rats, part {i}" for i in range(20)]
    background = Counter(key for title in titles + others for key in title_phrases(title))
    assert title_phrase_label(["sequence", "learning"], titles, background, 24) == "Sequence-to-sequence learning"


def test_a_small_collections_topics_are_named_from_their_own_papers():
    """On a Web of Science export of 50 cocker spaniel papers every topic was a list of terms: the namer
    read the 40 papers weighing most on a topic, most of them in other topics; a phrase nearly all of whose
    titles are in the topic ("American Cocker Spaniel": 10 of 10, in a topic of half the collection) could
    not be twice as frequent there as in the collection; and two titles of a five-paper topic were too few."""
    from collections import Counter

    from generator.enrich.topic_names import title_phrase_label, title_phrases

    american = [f"Case {i} of hepatitis in an American Cocker Spaniel" for i in range(10)] + \
        [f"Report on {word} in dogs" for word in ("otitis", "dysplasia", "intussusception", "cardiomyopathy",
                                                  "dermoid sinus", "hepatitis", "thrombosis", "taurine", "cataract",
                                                  "atrophy", "nephritis", "pancreatitis", "lipofuscinosis", "anury",
                                                  "seizures", "glaucoma", "obesity", "allergy")]
    rest = [f"Hereditary nephropathy in English Cocker Spaniels, family {i}" for i in range(20)] + \
        ["Aggressive behavior in English cocker spaniels", "Owner-defined aggressive behavior in spaniels",
         "Serotonin in dogs", "Pancreatitis in spaniels", "Salivary glands of spaniels"]
    background = Counter(key for title in american + rest for key in title_phrases(title))
    total = len(american) + len(rest)
    assert title_phrase_label(["american", "clinical"], american, background, total) == "American cocker spaniel"
    assert title_phrase_label(["aggressive", "behavior"], rest[-5:], background, total) == "Aggressive behavior"


def test_a_topic_whose_central_titles_fall_short_of_a_tenth_is_still_named_by_a_phrase_three_share():
    """On d2l's bibliography (and the deployed test's mixed sources) a 40-paper topic was "Theory, statistical,
    mathematical": "statistical learning theory" is in 3 of its 40 central titles, short of a tenth, and its
    papers have no abstracts. Three titles sharing a phrase rare elsewhere name it better than its terms."""
    from generator.enrich.topic_names import Namer

    def paper(index, title):
        return Paper(id=f"p{index:012d}", slug=str(index), title=title, abstract="", records=())
    theory = [paper(i, title) for i, title in enumerate(["The nature of statistical learning theory",
                                                         "Statistical learning theory",
                                                         "An overview of statistical learning theory"])] + \
        [paper(10 + i, f"A note on {word}") for i, word in enumerate(
            ["estimation", "risk", "inference", "probability", "information", "induction", "sampling", "bounds",
             "entropy", "regression", "likelihood", "consistency", "convexity", "margins", "kernels", "priors",
             "posteriors", "moments", "tails", "martingales", "ergodicity", "coding", "channels", "testing",
             "design", "surveys", "ranking", "voting", "games", "auctions", "markets", "equilibria", "proofs",
             "logic", "sets", "graphs", "fields"])]
    others = [paper(100 + i, f"Convolutional networks for task {i}") for i in range(60)]
    namer = Namer(theory + others)
    assert namer(["theory", "statistical", "mathematical"], theory, set()) == "Statistical learning theory"
    # still only where nothing stricter names it, and never a name another topic took
    assert namer(["theory", "statistical"], theory, {"statistical learning theory", "statistical learning"}) == ""


@needs_realworld
def test_the_topics_of_a_real_bibliography_without_abstracts_are_named_where_three_titles_agree():
    records, problems = read_file(REALWORLD / "bibtex" / "d2l-en_d2l.bib", REALWORLD)
    model = TopicModel(None)
    model(deduplicate(records).papers)
    labels = [topic.label for topic in model.topics.values()]
    assert "Statistical learning theory" in labels, labels


def test_a_published_list_of_terms_gives_way_once_to_a_name_then_the_name_stays():
    from generator.enrich.topic_names import NAMER

    published = {"speech-asr": {"terms": ["speech", "recognition", "asr"], "label": "Speech, recognition, ASR"}}
    fresh = Topic("speech-recognition", "Speech recognition", ("speech", "recognition", "asr"))
    assert pin_topics([fresh], published, NAMER)["speech-recognition"].label == "Speech recognition"
    published["speech-asr"].update(label="Speech recognition", namer=NAMER, named=True)
    renamed = Topic("speech-recognition", "Automatic speech recognition", ("speech", "recognition", "asr"))
    assert pin_topics([renamed], published, NAMER)["speech-recognition"].label == "Speech recognition"
    # whether the kept label is a name travels with it (the Report lists the unnamed topics)
    unnamed = Topic("speech-recognition", "Speech, recognition, ASR", ("speech", "recognition", "asr"), named=False)
    assert pin_topics([unnamed], published, NAMER)["speech-recognition"].named is True
    published["speech-asr"].update(label="Speech, recognition, ASR", named=False)
    named = Topic("speech-recognition", "Speech recognition", ("speech", "recognition", "asr"), named=True)
    kept = pin_topics([named], published, NAMER)["speech-recognition"]
    assert (kept.label, kept.named) == ("Speech, recognition, ASR", False)


def test_topic_pages_and_topics_json_list_papers_from_most_to_least_central(project):
    from generator.pipeline import generate

    root, config = project(seeds=True)
    result = generate(config)
    data = json.loads((root / "content" / "downloads" / "topics.json").read_text(encoding="utf-8"))["topics"]
    assert {topic["key"] for topic in data} == set(result.corpus.topics)
    by_title = {paper.title: paper for paper in result.corpus.papers}
    for topic in data:
        scores = [paper["centrality"] for paper in topic["papers"]]
        assert scores == sorted(scores, reverse=True) and (scores[0] == 1.0 or topic["key"] == "unsorted")
        assert all(by_title[paper["title"]].topic == topic["key"] for paper in topic["papers"])
        page = (root / "content" / "topics" / f"{topic['key']}.md").read_text(encoding="utf-8")
        first = page.index(f"papers/{topic['papers'][0]['page'].split('/')[1]}")
        last = page.index(f"papers/{topic['papers'][-1]['page'].split('/')[1]}")
        assert first <= last


BROWN_TWINS = (  # Brown et al.'s 1988 and 1990 papers (d2l's bibliography): left apart by dedup, years differ
    "@inproceedings{brown1988, title={A statistical approach to language translation}, author={Brown, P. "
    "and Cocke, J.}, year={1988}, abstract={We translate French into English with a statistical model "
    "of alignments between words.}}\n"
    "@article{brown1990, title={A statistical approach to machine translation}, author={Brown, P. and "
    "Cocke, J.}, year={1990}, journal={Computational Linguistics}, abstract={A statistical model of "
    "translation from French into English, with word alignments.}}\n")


def test_an_unmerged_near_duplicate_is_shown_as_a_possible_duplicate_not_as_related(project):
    """Issue #14, point 2: Brown et al.'s 1988 and 1990 papers (d2l's bibliography) are left apart by dedup."""
    from generator.pipeline import generate

    bib = (BROWN_TWINS
           + "".join(f"@misc{{other{i}, title={{Protein folding study number {i}}}, abstract={{Proteins fold "
                     f"into shapes; study {i} of folding kinetics.}}}}\n" for i in range(8)))
    root, config = project(sources={"refs.bib": bib})
    result = generate(config)
    papers = {paper.title: paper for paper in result.corpus.papers}
    first = papers["A statistical approach to language translation"]
    second = papers["A statistical approach to machine translation"]
    assert first.id != second.id
    page = (root / "content" / "papers" / f"{first.slug}.md").read_text(encoding="utf-8")
    twins, related = page.split("<h2>Possible duplicates</h2>")[1].split("<h2>Related papers</h2>")
    assert second.slug in twins and "years differ" in twins
    assert second.slug not in related.split("<h2>Cite</h2>")[0]


def test_a_list_shows_one_of_two_papers_left_apart_as_possible_duplicates(project):
    """A diabetes paper's list showed the same hamster study twice, under one title: two records dedup left
    apart as possible duplicates. A third paper lists the first of them only."""
    from generator.pipeline import generate

    bib = (BROWN_TWINS +
           "@article{och2003, title={Statistical alignment models for machine translation from French}, author={Och, F.}, "
           "year={2003}, abstract={Word alignments between French and English for statistical translation models.}}\n"
           + "".join(f"@misc{{other{i}, title={{A study of {subject}}}, abstract={{We examine {subject} with "
                     f"new field data and models of {subject}.}}}}\n" for i, subject in enumerate(SUBJECTS)))
    root, config = project(sources={"refs.bib": bib})
    result = generate(config)
    papers = {paper.title: paper for paper in result.corpus.papers}
    twins = [papers["A statistical approach to language translation"], papers["A statistical approach to machine translation"]]
    third = papers["Statistical alignment models for machine translation from French"]
    assert {twin.id for twin in twins} <= {related.paper_id for related in third.related}
    page = (root / "content" / "papers" / f"{third.slug}.md").read_text(encoding="utf-8")
    listed = page.split("<h2>Related papers</h2>")[1].split("<h2>Cite</h2>")[0]
    assert sum(twin.slug in listed for twin in twins) == 1


def test_the_report_lists_papers_tagged_with_a_subject_of_their_own_one_per_line(project):
    """Papers no shared tag covers get the subject their title names (enrich/subjects.py): the Report
    lists them apart, each on a line of its own with its tag, and the tags index says where they come from."""
    from generator.pipeline import generate

    entries = {"Soil erosion on hillsides": "Soil erosion is measured; soil erosion grows on steep hillsides.",
               "Coral bleaching events": "Coral bleaching follows heat; coral bleaching events recur on reefs."}
    root, config = project(sources={"refs.bib": "".join(f"@misc{{k{i}, title={{{title}}}, abstract={{{abstract}}}}}\n"
                                                        for i, (title, abstract) in enumerate(entries.items()))})
    generate(config)
    report = (root / "content" / "report.md").read_text(encoding="utf-8")
    section = report.split("## Papers with a subject of their own")[1].split("##")[0]
    assert "2 of 2 papers share no tag with others" in section
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == 2 and any(line.endswith("[Soil erosion](tags/soil-erosion.md)") for line in lines), lines
    index = (root / "content" / "tags" / "index.md").read_text(encoding="utf-8")
    assert "2 of them are the subject one paper's own title names" in index
    assert "tagged with the subject its own title names" in report.split("## Vocabulary")[1]


def test_the_report_lists_papers_without_a_tag_and_topics_without_a_name(project):
    from generator.pipeline import generate

    titles = ["Soil erosion on hillsides", "Migratory birds of Finland", "Bread fermentation chemistry",
              "Medieval trade routes", "Glacier retreat measurements", "Coral bleaching events"]
    root, config = project(sources={"refs.bib": "".join(f"@misc{{k{i}, title={{{title}}}}}\n"
                                                        for i, title in enumerate(titles))})
    result = generate(config)
    report = (root / "content" / "report.md").read_text(encoding="utf-8")
    untagged = [paper for paper in result.corpus.papers if not paper.tags]
    assert untagged and f"{len(untagged)} of {len(result.corpus.papers)} papers have no tag" in report
    assert "<small>(title only)</small> [Soil erosion on hillsides]" in report
    unnamed = [topic for topic in result.corpus.topics.values() if not topic.named and topic.key != "unsorted"]
    section = report.split("## Topics without a name")[1].split("##")[0]
    assert all(f"<code>{topic.key}</code>" in section for topic in unnamed)
    page = next(p for p in (root / "content" / "papers").glob("soil-*.md")).read_text(encoding="utf-8")
    assert "rest on the title alone" in page


@pytest.mark.parametrize("corpus", ["seed", "bibtex"])
def test_related_papers_through_the_index_are_those_of_all_pairs(corpus, seed_papers, monkeypatch):
    """Issue #17: from INDEXED_FROM papers on, candidates come from shared specific terms instead of all
    pairs. Forced on at small sizes (the default corpus; an MNE-Python bibliography from another field),
    its lists hold at least 9 in 10 of the items all pairs give, the same papers lack neighbours, and the
    minimum score estimated from sampled pairs is within 1% of the exact one."""
    from generator.enrich import related

    if corpus == "seed":
        papers = seed_papers
    else:
        if not REALWORLD.exists():
            pytest.skip(f"no real exports at {REALWORLD}")
        from generator.dedup import deduplicate
        from generator.readers import read_sources
        source = REALWORLD / "bibtex" / "mne-python_doc_references.bib"
        papers = deduplicate(read_sources(source, source.parent)[0]).papers
    exact_model = RelatedPapers(5)
    exact = exact_model(papers)
    monkeypatch.setattr(related, "INDEXED_FROM", 0)
    monkeypatch.setattr(related, "exact_neighbours", None)  # the index must not fall back on all pairs
    indexed_model = RelatedPapers(5)
    indexed = indexed_model(papers)
    assert abs(indexed_model.minimum - exact_model.minimum) <= 0.01 * exact_model.minimum
    both = sum(len({r.paper_id for r in a.related} & {r.paper_id for r in b.related}) for a, b in zip(exact, indexed))
    shown = sum(len(paper.related) for paper in exact)
    assert shown > len(papers) and both >= 0.9 * shown, (both, shown)
    assert sum(not paper.related for paper in indexed) <= sum(not paper.related for paper in exact) + len(papers) // 50


def test_kept_topics_keep_their_labels_named_or_not(seed_papers):
    """Topics are not refitted while few papers changed (TopicModel.keep), and their labels stay too: a
    kept run that named topics published as lists of terms made `make bench`'s one edited record rewrite
    489 files instead of 16 (every page showing those topics' labels)."""
    from generator.enrich.topic_names import NAMER

    model = TopicModel()
    fitted = model(seed_papers)
    published = {key: {"label": ", ".join(topic.terms[:3]), "terms": list(topic.terms), "named": False,
                       "namer": NAMER} for key, topic in model.topics.items() if key != "unsorted"}
    chosen = sorted(published)[0]
    published[chosen].update(label="A reader's own name", named=True)
    previous = {paper.id: (paper.topic, True, paper.centrality) for paper in fitted}
    kept = TopicModel()
    assert [paper.topic for paper in kept.keep(seed_papers, published, previous)] == [paper.topic for paper in fitted]
    assert {key: (topic.label, topic.named) for key, topic in kept.topics.items() if key != "unsorted"} == \
        {key: (entry["label"], entry["named"]) for key, entry in published.items()}


@needs_realworld
def test_the_topics_of_a_small_veterinary_export_are_named():
    """Every topic of this 50-record Web of Science export was a list of terms ("Hereditary, disease,
    nephropathy"): its topics are named from their own papers' titles now."""
    wos = deduplicate(read_file(REALWORLD / "ris" / "asysd_tests_wos_test.ris", "wos.ris")[0]).papers
    model = TopicModel()
    model(wos)
    named = [topic.label for topic in model.topics.values() if topic.named and topic.key != "unsorted"]
    assert len(named) >= 3 and "Aggressive behavior" in named, named


def test_topics_are_named_from_abstracts_when_titles_share_no_phrase(seed_papers):
    """Issue #14 item 3: labels were keyword triples ("Heads, attention, recall") for 10 of the 12 default
    topics, as their titles share no phrase. The central papers' abstracts name them ("Attention heads",
    "Beam search"); a phrase never runs across punctuation ("large language models (LLMs)" gave
    "Language models LLMs")."""
    from generator.enrich.topic_names import title_phrases

    assert "language models llm" not in title_phrases("Large language models (LLMs) for code")
    assert "mamba linear" not in {key for key in title_phrases("Mamba: Linear-Time Sequence Modeling")}
    model = TopicModel()
    model(seed_papers)
    topics = [topic for topic in model.topics.values() if topic.key != "unsorted"]
    named = [topic.label for topic in topics if topic.named]
    assert len(named) >= 8 and 12 <= len(topics) <= 12 + 12 // 2, named  # 12 fitted, a catch-all may split
    assert all("," not in label and len(label.split()) <= 4 for label in named)


def test_topics_of_a_large_collection_are_fitted_on_a_sample_and_applied_to_all(seed_papers, monkeypatch):
    """Issue #17: topics fitted on a sample of at most FIT_SAMPLE papers and applied to every paper (forced
    on here at 100 of the 268 default papers): every paper gets a topic, none is a catch-all."""
    from sklearn.decomposition import NMF

    from generator.enrich import topics

    fitted_rows = []
    original = NMF.fit

    def fit(self, matrix, *args, **kwargs):
        fitted_rows.append(matrix.shape[0])
        return original(self, matrix, *args, **kwargs)

    monkeypatch.setattr(NMF, "fit", fit)
    monkeypatch.setattr(topics, "FIT_SAMPLE", 100)
    papers = TopicModel()(seed_papers)
    assert fitted_rows == [100]
    counts = {}
    for paper in papers:
        counts[paper.topic] = counts.get(paper.topic, 0) + 1
    unsorted = [paper.title for paper in papers if paper.topic == "unsorted" and not re.search(r"\bSurvey\b", paper.title)]
    assert sum(counts.values()) == len(seed_papers) and len(unsorted) <= len(seed_papers) // 50, unsorted
    assert max(counts.values()) <= 0.3 * len(seed_papers), counts


def test_a_topic_shows_terms_that_occur_together_after_its_leading_ones():
    """Issue #14: a topic showed its strongest terms in the fit's order, which mixes in words every topic
    uses (NPMI of the ten shown terms 0.17 on the default corpus, against the 0.22 asked). After its three
    leading terms, a topic shows the candidates whose papers overlap most with those of the terms chosen."""
    from generator.enrich.topics import coherent_terms
    import numpy as np
    columns = {"beam": np.arange(0, 10), "search": np.arange(0, 12), "decoding": np.arange(2, 14),
               "better": np.arange(50, 90), "greedy": np.arange(1, 9), "nucleus": np.arange(3, 8),
               "pair": np.array([0, 1])}
    candidates = ["beam", "search", "decoding", "better", "pair", "greedy", "nucleus"]
    assert coherent_terms(candidates, columns, 100, count=5) == ["beam", "search", "decoding", "greedy", "nucleus"]


def test_the_default_corpus_topics_show_coherent_terms(seed_papers):
    import math
    import re
    from itertools import combinations
    model = TopicModel()
    model(seed_papers)
    documents = [set(re.findall(r"[a-z][a-z0-9\-]+", (paper.title + " " + paper.abstract).lower()))
                 for paper in seed_papers]

    def npmi(terms):
        where = {term: {i for i, document in enumerate(documents) if set(term.lower().split()) <= document}
                 for term in terms}
        scores = []
        for a, b in combinations(terms, 2):
            both, total = len(where[a] & where[b]), len(documents)
            if where[a] and where[b]:
                joint = both / total
                scores.append(-1.0 if not both else 1.0 if joint >= 1 else
                              math.log(joint / (len(where[a]) * len(where[b]) / total ** 2)) / -math.log(joint))
        return sum(scores) / len(scores)
    scores = [npmi(list(topic.terms[:10])) for key, topic in model.topics.items() if key != "unsorted"]
    assert sum(scores) / len(scores) >= 0.22, scores


def csv_records(groups: list[tuple[str, str, str]], per_group: int = 10) -> str:
    """A CSV export (as the ASySD diabetes set): for each (subject, words, ending), `per_group` papers on
    the subject whose abstracts end so."""
    rows = ['"title","year","abstract"']
    for subject, words, ending in groups:
        for index in range(per_group):
            first, second = words.split()[index % 4], words.split()[(index + 1) % 4]
            rows.append(f'"{subject} study {index}",2015,"We examined {subject} with {first} and {second} '
                        f'measurements in cohort {index}.{ending}"')
    return "\n".join(rows) + "\n"


def test_rights_statements_and_inline_markup_are_read_as_no_words_of_a_paper_yet_shown_as_given(project):
    """Read on real exports (session 13): 240 of the diabetes export's 585 abstracts end with a publisher's
    rights statement ("(C) 2009 Elsevier Inc. All rights reserved."), 126 of its records write
    "Ldlr<sup>-/-</sup>"; "elsevier rights" and "reserved" were terms of a topic of the veterinary export
    and "sup" the first term of a diabetes topic. Enrichment reads abstracts without them; pages and
    downloads keep the abstract as the source gave it."""
    from generator.pipeline import generate

    rights = " © 2015 Elsevier B.V. All rights reserved."
    root, config = project(sources={"export.csv": csv_records([
        ("Kidney fibrosis in rats", "collagen creatinine tubular glomerular", rights),
        ("Plaque in Ldlr<sup>-/-</sup> mice", "aortic lesion macrophage cholesterol", " Copyright 2016 the authors."),
        ("Songbird migration routes", "stopover flyway wintering breeding", "")])})
    result = generate(config)
    downloads = root / "content" / "downloads"
    topics = json.loads((downloads / "topics.json").read_text(encoding="utf-8"))["topics"]
    papers = json.loads((downloads / "papers.json").read_text(encoding="utf-8"))
    papers = papers["papers"] if isinstance(papers, dict) else papers
    shown = [term.lower() for topic in topics for term in topic["terms"]] + \
        [term.lower() for paper in result.corpus.papers for link in paper.related for term in link.shared_terms]
    noise = {"elsevier", "rights", "reserved", "sup", "copyright", "authors", "2015", "2016"}
    assert shown and not noise & {word for term in shown for word in term.split()}, shown
    kidney = [paper for paper in papers if paper["title"].startswith("Kidney fibrosis")]
    plaque = [paper for paper in papers if paper["title"].startswith("Plaque")]
    assert kidney and all(paper["abstract"].endswith(rights.strip()) for paper in kidney)
    assert plaque and all("<sup>-/-</sup>" in paper["abstract"] for paper in plaque)


@pytest.mark.parametrize("abstract, read", [
    ("Mice fed fat. (C) 2009 Elsevier Inc. All rights reserved.", "Mice fed fat."),
    ("Mice fed fat. © 2013 by the American Diabetes Association.", "Mice fed fat."),
    ("Mice fed fat. Copyright © 2015 CPS and SIMM.", "Mice fed fat."),
    ("Mice fed fat.Copyright ", "Mice fed fat."),
    ("Ldlr<sup>-/-</sup> mice fed fat.", "Ldlr-/- mice fed fat."),
    ("<jats:p>In <i>E. coli</i>, CO<sub>2</sub> rose.</jats:p>", "In E. coli, CO2 rose."),
    # angle brackets an abstract writes as text stay: "<RET>" and "<obj>" are tokens the papers are about
    ("The model emits a special token, <RET>, when unsure.", "The model emits a special token, <RET>, when unsure."),
    ("a special <obj> token marks word-box alignments", "a special <obj> token marks word-box alignments"),
    # no statement: copyright as a subject, "(c)" as an item of a list
    ("We study copyright law and fair use.", "We study copyright law and fair use."),
    ("Three aims: (a) data, (b) models, (c) the evaluation of both.", "Three aims: (a) data, (b) models, (c) the evaluation of both."),
])
def test_reading_an_abstract_leaves_out_markup_and_the_rights_statement_only(abstract, read):
    from generator.enrich.text_features import reading_abstract
    assert reading_abstract(abstract) == read


def blocks_matrix(groups: list[tuple[int, list[int]]], terms: int = 30):
    """A TF-IDF-like matrix: for each (papers, term columns), that many rows holding those terms."""
    from scipy.sparse import csr_matrix
    import numpy as np
    rows = []
    for count, columns in groups:
        for _ in range(count):
            row = np.zeros(terms)
            row[columns] = 1.0
            rows.append(row / np.linalg.norm(row))
    return csr_matrix(np.array(rows, dtype=np.float32))


def test_a_topic_holding_more_than_its_share_of_two_subjects_is_split_in_two_the_rest_stay():
    """Issue #14: no catch-all above 15% of the papers. The diabetes export's largest topic held 93 of 585
    papers (clinical trials and cardiovascular outcomes); on the default corpus a 47-paper topic of LLM
    papers held the 9 on sequential recommendation. A topic past the share is fitted again as two."""
    import numpy as np
    from generator.enrich.topics import split_catch_alls

    matrix = blocks_matrix([(30, [0, 1, 2, 10, 11]), (30, [5, 6, 7, 10, 11]),
                            *[(10, [12 + 4 * group, 13 + 4 * group]) for group in range(4)]])
    weights = np.zeros((100, 5))
    weights[:60, 0] = 1.0
    for group in range(4):
        weights[60 + 10 * group:70 + 10 * group, 1 + group] = 1.0
    components = np.eye(5, 30)
    split, terms = split_catch_alls(matrix, weights, components, 5)
    chosen = split.argmax(axis=1)
    assert split.shape == (100, 6) and terms.shape == (6, 30)
    assert len(set(chosen[:30])) == 1 and len(set(chosen[30:60])) == 1 and chosen[0] != chosen[30]
    assert {chosen[0], chosen[30]} == {0, 1}  # the two halves take the old topic's place
    assert list(chosen[60:]) == [2 + index // 10 for index in range(40)]  # the others keep their topics


def test_a_large_topic_of_one_subject_or_of_a_small_collection_is_not_split():
    import numpy as np
    from generator.enrich.topics import split_catch_alls

    # 56 papers on one subject and 4 on another: a half would hold under a tenth of the topic
    matrix = blocks_matrix([(56, [0, 1, 2, 10, 11]), (4, [5, 6, 7, 10, 11]), (40, [20, 21])])
    weights = np.zeros((100, 2))
    weights[:60, 0], weights[60:, 1] = 1.0, 1.0
    assert split_catch_alls(matrix, weights, np.eye(2, 30), 2)[0].shape == (100, 2)
    # 30 papers of 50, two clear subjects: too few papers to be split, whatever their share
    small = blocks_matrix([(15, [0, 1, 2]), (15, [5, 6, 7]), (20, [20, 21])])
    weights = np.zeros((50, 2))
    weights[:30, 0], weights[30:, 1] = 1.0, 1.0
    assert split_catch_alls(small, weights, np.eye(2, 30), 2)[0].shape == (50, 2)


def test_a_topic_named_from_titles_in_capitals_is_not_named_in_capitals():
    """Web of Science writes older titles in capitals ("ILEOCOLIC INTUSSUSCEPTION IN A COCKER SPANIEL DOG"):
    a topic of the WoS export named from them was "COCKER SPANIEL DOG". Such a title is read in lower case,
    as the tags read it."""
    from collections import Counter

    from generator.enrich.topic_names import title_phrase_label, title_phrases

    titles = ["ILEOCOLIC INTUSSUSCEPTION IN A COCKER SPANIEL DOG", "INHERITED XX SEX REVERSAL IN THE COCKER SPANIEL DOG",
              "Ceroid-lipofuscinosis in a Cocker Spaniel dog", "MRI studies in dogs"]
    assert "COCKER SPANIEL DOG" not in title_phrases(titles[0]).values()
    background = Counter(key for title in titles for key in title_phrases(title))
    label = title_phrase_label(["cocker", "spaniel", "dog"], titles[:3], background, 40)
    assert label.lower() == "cocker spaniel dog" and not label.isupper(), label


@needs_realworld
def test_papers_of_another_field_are_not_related_through_meaning_alone():
    """A library of several fields, as in the deployed end-to-end test: Web of Science's plain text of two
    biochemistry papers beside MNE's and d2l's bibliographies, a veterinary search's RIS, arXiv's 'testing'
    and a PubMed export. The static meaning vectors put any two biomedical texts close, and the
    biochemistry papers listed dog case reports through one shared everyday word ("complex", "acids"). A
    link needs its words to be closer than usual too; the two (ligand binding in heme proteins, both in
    Biochemistry 2004) still list each other."""
    from .test_deployed import OWN_SOURCES, PUBMED
    records = read_file(PUBMED, PUBMED.name)[0]
    for name in OWN_SOURCES:
        records += read_file(REALWORLD / name, name)[0]
    papers = RelatedPapers(5)(deduplicate(records).papers)
    titles = {paper.id: paper.title for paper in papers}
    biochemistry = [paper for paper in papers if paper.venue == "BIOCHEMISTRY"]
    assert len(biochemistry) == 2
    for paper in biochemistry:
        assert [titles[link.paper_id] for link in paper.related] == [
            other.title for other in biochemistry if other is not paper], paper.title


def tagged(number: int, *tags: str) -> Paper:
    return Paper(id=f"p{number:04d}", slug=f"p{number}", title=f"Paper {number}", abstract="", records=(),
                 tags=tags)


def test_a_topic_no_phrase_named_takes_the_label_of_the_tag_its_papers_share():
    """Issue #14 point 3: a topic whose titles share no phrase was labelled with its terms ("Survey, LLMs,
    research") although most of its papers carry one tag that is rare elsewhere (Surveys and reviews)."""
    from generator.enrich.topic_names import named_by_tags

    papers = [tagged(0, "survey", "llm"), tagged(1, "survey", "llm"), tagged(2, "survey"), tagged(3, "llm"),
              tagged(4, "llm"), tagged(5, "llm"), tagged(6, "llm", "ssm"), tagged(7, "llm"), tagged(8, "ssm"),
              tagged(9, "llm"), tagged(10, "llm"), tagged(11, "survey")]
    keys = ["a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c"]
    topics = {"a": Topic("a", "Survey, LLMs, research", ("survey",), named=False),
              "b": Topic("b", "LLMs, data, tool", ("llm",), named=False),  # llm is on 10 of 12 papers: no lift
              "c": Topic("c", "Sequence modeling", ("ssm",), named=True)}
    labels = {"survey": "Surveys and reviews", "llm": "Large language models", "ssm": "State space models"}
    named = named_by_tags(topics, keys, papers, labels)
    assert named["a"] == Topic("a", "Surveys and reviews", ("survey",), named=True)
    assert named["b"] == topics["b"] and named["c"] == topics["c"]
    # A label another topic has is not given twice.
    taken = dict(topics, c=Topic("c", "Surveys and reviews", ("ssm",), named=True))
    assert named_by_tags(taken, keys, papers, labels)["a"] == topics["a"]


def test_a_fresh_topic_named_by_a_phrase_of_few_titles_takes_the_tag_most_of_its_papers_carry():
    """"Natural language processing" named the default corpus's surveys from one title of 27, 22 of them
    tagged Surveys and reviews; a tag saying the phrase more broadly does not replace it, nor does any tag
    replace the name of a topic kept as published."""
    from generator.enrich.topic_names import named_by_tags

    def titled(number, title, *tags):
        return Paper(id=f"p{number:04d}", slug=f"p{number}", title=title, abstract="", records=(), tags=tags)

    papers = [titled(0, "Surveys of natural language processing", "survey"), titled(1, "A survey of agents", "survey"),
              titled(2, "A review of reasoning", "survey"), titled(3, "Planning: a survey", "survey"),
              titled(4, "Convolutional neural networks for text", "nn"), titled(5, "Deep nets", "nn"),
              titled(6, "Residual learning", "nn"), titled(7, "Convolutional neural networks at scale", "nn"),
              *[titled(number, f"Paper {number}", "other") for number in range(8, 20)]]
    keys = ["a"] * 4 + ["b"] * 4 + ["c"] * 12
    topics = {"a": Topic("a", "Natural language processing", ("survey",)),
              "b": Topic("b", "Convolutional neural networks", ("convolutional",)),
              "c": Topic("c", "Other papers", ("other",))}
    labels = {"survey": "Surveys and reviews", "nn": "Neural networks", "other": "Other"}
    named = named_by_tags(topics, keys, papers, labels)
    assert named["a"] == Topic("a", "Surveys and reviews", ("survey",), named=True)
    assert named["b"] == topics["b"]  # the tag shares "neural networks" with the phrase: the phrase says more
    assert named_by_tags(topics, keys, papers, labels, fresh=False) == topics
    # Three of the four titles hold the phrase: the tag's four papers are not twice as many.
    papers[1] = titled(1, "Natural language processing agents", "survey")
    papers[2] = titled(2, "Reasoning in natural language processing", "survey")
    assert named_by_tags(topics, keys, papers, labels)["a"] == topics["a"]


def test_a_topic_named_in_the_singular_takes_its_papers_tag_naming_it_in_the_plural():
    """d2l's and NeMo's bibliographies together: a topic named "Transformer" by its leading term (titles say
    "Longformer: the long-document transformer"), 12 of its 21 papers tagged *Transformers*."""
    from generator.enrich.topic_names import named_by_tags

    def titled(number, title, *tags):
        return Paper(id=f"p{number:04d}", slug=f"p{number}", title=title, abstract="", records=(), tags=tags)

    papers = [titled(number, f"A transformer for task {number}", "transformers") for number in range(4)] + \
        [titled(4, "Vision models", "vision"), *[titled(number, f"Paper {number}", "other") for number in range(5, 20)]]
    keys = ["t"] * 5 + ["c"] * 15
    topics = {"t": Topic("t", "Transformer", ("transformer",), named=True),
              "c": Topic("c", "Other papers", ("other",), named=True)}
    labels = {"transformers": "Transformers", "vision": "Vision", "other": "Other"}
    assert named_by_tags(topics, keys, papers, labels)["t"] == Topic("t", "Transformers", ("transformer",), named=True)
    # a tag that shares a word with the name and says something else still does not replace it
    labels["transformers"] = "Vision transformers"
    assert named_by_tags(topics, keys, papers, labels)["t"] == topics["t"]



@pytest.mark.parametrize("sampled", [False, True])
def test_terms_counted_once_weigh_as_each_step_weighed_them_alone(seed_papers, monkeypatch, sampled):
    """Topics and related papers share one count of the papers' terms (text_features.TermCounts): the
    topics' TF-IDF over their MAX_FEATURES terms is, number for number, what a TfidfVectorizer with
    max_features gives, also where the vocabulary is learned from a sample (forced here on the seed
    corpus). Related papers leave out every term holding a genre word."""
    import numpy as np

    from generator.enrich import text_features
    from generator.enrich.text_features import GENRE_WORDS, fit_transform, paper_text, term_counts, vectorizer
    from generator.enrich.topics import MAX_FEATURES
    if sampled:
        monkeypatch.setattr(text_features, "VOCABULARY_SAMPLE", len(seed_papers) // 2)
    texts = [paper_text(paper) for paper in seed_papers]
    counts = term_counts(texts)
    most = min(MAX_FEATURES, len(counts.terms) // 2)  # fewer than there are, so that some are left out
    alone = vectorizer((), min_df=2)
    alone.set_params(max_features=most)
    expected = fit_transform(alone, texts)
    matrix, terms = counts.tf_idf(counts.most_frequent(most))
    assert list(terms) == list(alone.get_feature_names_out())
    assert np.array_equal(matrix.toarray(), expected.toarray())
    _, related_terms = counts.tf_idf(counts.without_words(GENRE_WORDS))
    assert "survey" in counts.terms and not any(set(term.split()) & set(GENRE_WORDS) for term in related_terms)
