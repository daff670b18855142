"""Tags from the vocabulary: matching rules, validation, and how the default vocabulary fits the corpus."""

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import DEFAULT_VOCABULARY, ConfigError
from generator.enrich.keyphrases import PhraseTagger, corpus_tags
from generator.enrich.tagging import Tagging
from generator.enrich.tags import Tagger, load_vocabulary
from generator.model import Tag
from generator.normalize import title_key

from .test_readers_formats import REALWORLD, needs_realworld

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
        "good.colour: unknown option (known: acronyms, broad, description, label, match, not_in)",
        "other.acronyms: every item must be non-empty text",
    ]


def test_default_vocabulary_groups_the_seed_corpus(seed_papers):
    vocabulary = load_vocabulary(DEFAULT_VOCABULARY)
    papers = Tagger(vocabulary)(seed_papers)
    counts = Counter(tag for paper in papers for tag in paper.tags)
    used = [slug for slug in vocabulary if counts[slug]]
    assert len(used) >= 30
    assert sum(counts[slug] >= 3 for slug in used) / len(used) >= 0.9  # most tags group several papers
    with_titles = PhraseTagger(corpus_tags(seed_papers, vocabulary))(papers)
    assert sum(1 for paper in with_titles if not paper.tags) <= len(papers) * 0.05
    survey = next(p for p in papers if p.title == "A Survey on Mixture of Experts")
    assert {"mixture-of-experts", "survey"} <= set(survey.tags)


JUDGED = Path(__file__).resolve().parent.parent.parent / "shared" / "judged" / "default_corpus.json"


@pytest.mark.skipif(not JUDGED.exists(), reason=f"no judged samples at {JUDGED}")
def test_tags_a_reader_judged_passing_mentions_are_mostly_gone(seed_papers):
    """Issue #14: of 50 (paper, tag) pairs a reader judged, 13 were a passing mention or another sense of
    the word ("bias" in inductive bias, one "benchmark"), all given. A tag now needs its phrase in the
    title or twice in the abstract."""
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["tags"]
    papers = {title_key(paper.title): paper for paper in Tagger(load_vocabulary(DEFAULT_VOCABULARY))(seed_papers)}
    given = Counter(item["verdict"] for item in judged if item["tag"] in papers[title_key(item["paper"])].tags)
    assert Counter(item["verdict"] for item in judged) == {"yes": 37, "no": 13}
    assert given["no"] <= 3 and given["yes"] >= 20, given


@needs_realworld
def test_a_collection_outside_machine_learning_gets_tags_from_its_titles():
    """Issue #14: tags only existed for LLM papers. MNE-Python's neuroscience bibliography and a veterinary
    Web of Science export (titles in capitals) get tags named for their subjects; each holds at least two
    papers and at most a quarter, and none repeats a vocabulary tag."""
    from generator.dedup import deduplicate
    from generator.readers import read_file
    vocabulary = load_vocabulary(DEFAULT_VOCABULARY)
    mne = deduplicate(read_file(REALWORLD / "bibtex" / "mne-python_doc_references.bib", "mne.bib")[0]).papers
    wos = deduplicate(read_file(REALWORLD / "ris" / "asysd_tests_wos_test.ris", "wos.ris")[0]).papers
    for papers in (mne, wos):
        found = corpus_tags(papers, vocabulary)
        texts = [replace(paper, keywords=()) for paper in papers]  # the patterns read title and abstract only
        tagged = PhraseTagger(found)(Tagger(vocabulary)(texts))
        assert tagged == Tagger({**vocabulary, **found})(texts)  # the fast lookup gives what the patterns give
        tagged = PhraseTagger(found)(Tagger(vocabulary)(papers))
        counts = Counter(tag for paper in tagged for tag in paper.tags if tag in found)
        assert found and all(2 <= counts[slug] <= len(papers) / 4 for slug in found), counts
        assert not set(found) & set(vocabulary)
    labels = {tag.label for tag in corpus_tags(mne, vocabulary).values()}
    assert {"MEG", "Source localization", "Independent component analysis"} <= labels
    assert all(not label.isupper() or " " not in label for label in
               (tag.label for tag in corpus_tags(wos, vocabulary).values()))


@needs_realworld
@pytest.mark.parametrize("corpus", ["seed", "d2l"])
def test_no_tag_is_on_more_than_a_quarter_of_the_papers_unless_the_vocabulary_says_broad(corpus, seed_papers):
    """Issue #14: "Large language models" was on 41% of the default corpus, mostly for a passing mention.
    A tag on more than a quarter keeps the papers whose title names it (those whose abstracts mention it
    most, if still too many); `broad: true` in the vocabulary keeps it everywhere. Also on d2l's deep-learning
    bibliography."""
    from generator.dedup import deduplicate
    from generator.enrich.tags import MAX_SHARE, BroadTags, tag_pattern
    from generator.readers import read_file
    papers = seed_papers if corpus == "seed" else \
        deduplicate(read_file(REALWORLD / "bibtex" / "d2l-en_d2l.bib", "d2l.bib")[0]).papers
    vocabulary = load_vocabulary(DEFAULT_VOCABULARY)
    tags = {**vocabulary, **corpus_tags(papers, vocabulary)}
    before = PhraseTagger(corpus_tags(papers, vocabulary))(Tagger(vocabulary)(papers))
    capped = BroadTags(tags)(before)
    counts = Counter(tag for paper in capped for tag in paper.tags)
    assert max(counts.values()) <= MAX_SHARE * len(papers), counts.most_common(3)
    for old, new in zip(before, capped):
        assert set(new.tags) <= set(old.tags)
        for slug in set(old.tags) - set(new.tags):  # taken only from papers whose title does not name it
            assert not tag_pattern(tags[slug]).search(old.title) or counts[slug] == int(MAX_SHARE * len(papers))
    if corpus == "seed":
        assert Counter(t for p in before for t in p.tags)["large-language-models"] > MAX_SHARE * len(papers)
        broad = {**tags, "large-language-models": Tag(**{**vars(tags["large-language-models"]), "broad": True})}
        assert BroadTags(broad)(before) != capped


def titled(titles: list[str], abstracts: dict[int, str] | None = None) -> list:
    """Papers of these titles (and `abstracts` by index), then 40 fillers no phrase of which recurs."""
    from generator.model import Location, Paper, Record
    fillers = [f"Notes on item{number}" for number in range(40)]
    return [Paper(id=f"p{index:012d}", slug=f"p{index}", title=title, abstract=(abstracts or {}).get(index, ""),
                  records=(Record(f"k{index}", Location("s.ris", index + 1), title),))
            for index, title in enumerate([*titles, *fillers])]


def test_one_word_that_names_a_subject_is_a_tag_an_everyday_or_generic_word_or_a_verb_is_not():
    """Issue #14: a medical title names its subject in one word ("Sitagliptin", "Atherosclerosis"), which
    only acronyms could be before. Everyday words ("Dog"), words every title uses ("Prevalence"), verbs
    ("attenuates"), adjectives ("Cardiac") and the head of longer phrases ("inhibitor" of "DPP-4
    inhibitor" and "SGLT2 inhibitor") are no subject."""
    papers = titled([
        "Sitagliptin attenuates plaque growth", "Sitagliptin in older rats", "Effects of sitagliptin on the heart",
        "Atherosclerosis in mice", "Atherosclerosis and the liver", "Imaging atherosclerosis",
        "Prevalence of otitis", "Prevalence of hip dysplasia", "Prevalence of cataracts",
        "Dog behaviour at home", "Dog owners and walks", "A dog park study",
        "Exenatide attenuates weight gain", "Liraglutide attenuates fibrosis",
        "Cardiac output in horses", "Cardiac troponin in cats", "Cardiac rhythm in goats",
        "A DPP-4 inhibitor in pigs", "DPP-4 inhibitor safety", "An SGLT2 inhibitor in cows", "SGLT2 inhibitor doses",
        "A DPP-4 inhibitor review", "Coherent stories from small models", "Coherent text at scale",
        "Implant failure in goats", "Implant coatings"])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert {"Sitagliptin", "Atherosclerosis", "DPP-4 inhibitor", "SGLT2 inhibitor", "Implant"} <= labels, labels
    assert not labels & {"Prevalence", "Dog", "Attenuates", "Cardiac", "Inhibitor", "Coherent"}, labels


@needs_realworld
def test_the_shipped_vocabulary_is_set_aside_where_it_does_not_describe_the_collection(seed_papers, tmp_path):
    """Issue #14: on a veterinary Web of Science export the machine-learning vocabulary gave *Domain
    applications* to 12 of 50 papers for "clinical" and "protein", and on a diabetes review to 116 of 585
    (four of the nine wrong tags in a judged sample of 50 there). litsite's own vocabulary now applies only
    where a share of the papers get two of its tags; a vocabulary the user names always applies. The
    Report page says which happened."""
    from generator.config import load_config
    from generator.dedup import deduplicate
    from generator.enrich.tagging import Tagging
    from generator.pipeline import generate
    from generator.readers import read_file

    from .conftest import make_project
    shipped = load_vocabulary(DEFAULT_VOCABULARY)
    wos = deduplicate(read_file(REALWORLD / "ris" / "asysd_tests_wos_test.ris", "wos.ris")[0]).papers
    tagging = Tagging(shipped, shipped=True)
    given = {tag for paper in tagging(wos) for tag in paper.tags}
    assert tagging.set_aside and given and not given & set(shipped), given
    assert set(shipped) <= set(tagging.tags)  # still tags a note or curation may name, only not given by phrase
    named = Tagging(shipped, shipped=False)  # the same file, named by the user
    assert "domain-applications" in {tag for paper in named(wos) for tag in paper.tags} and not named.set_aside
    seed = Tagging(shipped, shipped=True)
    assert not seed.set_aside and "mixture-of-experts" in {tag for paper in seed(seed_papers) for tag in paper.tags}

    root = make_project(tmp_path / "project", {"wos.ris": (REALWORLD / "ris" / "asysd_tests_wos_test.ris").read_bytes()})
    generate(load_config(root))
    report = (root / "content" / "report.md").read_text(encoding="utf-8")
    assert "was set aside: it does not describe this collection" in report


def test_papers_no_title_phrase_tags_get_a_phrase_their_abstracts_repeat():
    """Issue #14: a 100-record arXiv export about testing left 25% of its papers without a tag, as their
    subject was in no other title. In a collection under 5,000 papers, a phrase that two or more of those
    papers' abstracts each say twice becomes a tag; a phrase each abstract says once does not, nor a
    single word that is no acronym ("vivo" of "in vivo")."""
    from generator.model import Location, Paper, Record
    abstracts = [
        "We study flaky tests in CI. Flaky tests waste time. In vivo and in vivo again.",
        "Flaky tests are common; we detect flaky tests early. In vivo, in vivo.",
        "A survey of flaky tests. Flaky tests matter. Results in vivo and in vivo.",
        "Mutation scores differ. We also report a significant difference once.",
        "Other work: a significant difference, then mutation scores twice: mutation scores.",
    ]
    papers = [Paper(id=f"a{index:011d}", slug=f"a{index}", title=f"Paper number{index}", abstract=abstract,
                    records=(Record(f"a{index}", Location("s.ris", index + 1), "t"),))
              for index, abstract in enumerate(abstracts)] + titled([])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert "Flaky tests" in labels, labels
    assert not {"Significant difference", "Vivo", "Mutation scores"} & labels, labels


def test_a_field_named_in_ics_ends_a_tag_and_a_plural_in_ics_folds_to_its_noun():
    """singular() made "dynamics" "dynamic" and "mechanics" "mechanic", which then read as adjectives: no tag
    could end with them, so a physics or chemistry collection got no *Molecular dynamics*, *Quantum
    mechanics*, a linguistics one no *Lexical semantics*; "metrics" and "statistic" (nouns in "-ic") neither."""
    from generator.enrich.keyphrases import singular

    papers = titled([
        "Molecular dynamics of water", "Coarse-grained molecular dynamics", "Molecular dynamics at scale",
        "Quantum mechanics for chemists", "Teaching quantum mechanics", "Lexical semantics in context",
        "Lexical semantics of verbs", "Learned distance metrics", "Distance metrics for graphs",
        "A test statistic for trends", "The test statistic under the null", "Cataract surgery in dogs"])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert {"Molecular dynamics", "Quantum mechanics", "Lexical semantics", "Distance metrics", "Test statistic"} <= labels, labels
    assert [singular(word) for word in ("dynamics", "pharmacokinetics", "metrics", "topics", "heuristics", "models")] == \
        ["dynamics", "pharmacokinetics", "metric", "topic", "heuristic", "model"]


def test_a_tag_cut_short_before_analysis_takes_it_into_its_name():
    """MNE's bibliography had a tag *Independent component* (10 papers): "analysis" may not end a phrase, and
    was no word a name could take (NO_NAME); 8 of the 11 titles that say "independent component(s)" go on
    with "Analysis", under the 75% asked. A name takes "analysis" as it takes "models", from 70% on."""
    papers = titled([
        "Independent component analysis of EEG", "Fast algorithms for independent component analysis",
        "Faster independent component analysis by preconditioning", "Independent component analysis for MEG",
        "Infomax independent component analysis", "Robust independent component analysis",
        "Independent component analysis of reference channels", "Artifacts in independent components of MEG",
        "Identification of independent components representing artifacts", "Independent component decomposition",
        "Cataract surgery in dogs", "Cataract genetics"])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert "Independent component analysis" in labels and "Independent component" not in labels, labels


def test_an_acronym_and_its_plural_are_one_tag_given_for_either():
    """Issue #14: the default corpus had both *LM* and *LMs* as tags (a three-letter word keeps its "s" in
    singular(), so "LMs" was a phrase of its own). An acronym's plural is its singular; the tag is given
    for the plural in a title or twice in an abstract."""
    papers = titled(["Small LMs at scale", "LMs as judges", "An LM for proteins", "Probing LMs"])
    tags = corpus_tags(papers, {})
    assert [tag.label for tag in tags.values() if tag.label.lower() in ("lm", "lms")] == ["LMs"], tags
    tagged = PhraseTagger(tags)(papers)[:4]
    assert all(paper.tags == ("lm",) for paper in tagged), [paper.tags for paper in tagged]
    other = replace(papers[-1], title="Judging with models", abstract="Our LMs judge. Two LMs agree.")
    assert PhraseTagger(tags)([other])[0].tags == ("lm",)


def test_a_plural_in_ies_is_its_singular_in_y_for_phrase_and_vocabulary_tags():
    """A Web of Science export on spaniels had a *Nephropathy* tag that "Molecular background of hereditary
    nephropathies in spaniel dogs" did not get: "nephropathies" was read as "nephropathie"; and a diabetes
    export's "incretin-based therapies" were not *Incretin-based therapy*. Nouns in "-ie" keep theirs."""
    from generator.enrich.keyphrases import singular
    assert [singular(word) for word in ("nephropathies", "therapies", "cookies", "species")] == \
        ["nephropathy", "therapy", "cookie", "species"]
    papers = titled(["Hereditary nephropathy in dogs", "Familial nephropathy in spaniels",
                     "Nephropathy and proteinuria", "Molecular background of hereditary nephropathies"])
    tagged = PhraseTagger(corpus_tags(papers, {}))(papers)
    assert "nephropathy" in tagged[3].tags, tagged[3].tags
    vocabulary = {"therapy": Tag("therapy", "Incretin-based therapy", phrases=("incretin-based therapy",))}
    therapies = replace(papers[0], title="Incretin-based therapies and the heart", abstract="")
    assert Tagger(vocabulary)([therapies])[0].tags == ("therapy",)


def test_a_phrase_its_titles_always_continue_is_named_with_the_word_that_follows():
    """Issue #14: "Diffusion language" was a tag's name, a fragment of "diffusion language models" (a
    phrase may not end in "models", which says nothing alone). The name takes the word most of its titles
    write next; a phrase followed by various words or by a stop word keeps its own name."""
    papers = titled(["Diffusion language models for code", "Scaling diffusion language models",
                     "Diffusion Language Models reason", "Why diffusion language models plan",
                     "Protein folding with lattices", "Protein folding in cells", "Protein folding dynamics",
                     "Graph kernels for molecules", "Graph kernels revisited"])
    tags = corpus_tags(papers, {})
    assert tags["diffusion-language"].label == "Diffusion language models", tags
    assert tags["protein-folding"].label == "Protein folding" and tags["graph-kernel"].label == "Graph kernels"
    tagged = PhraseTagger(tags)(papers)
    assert all("diffusion-language" in paper.tags for paper in tagged[:4])


OWN_JUDGED = Path(__file__).resolve().parent.parent / "benchmarks" / "judged" / "default_seed41_abstract_tags.json"


def test_a_tag_only_the_abstract_repeats_is_a_mention_where_the_title_names_other_tags(seed_papers):
    """Issue #14: of 30 vocabulary tags given for two abstract mentions alone (seed 41, judged by reading),
    12 were a passing mention or another sense, and 11 of those were on papers whose titles name other
    tags. Such a tag is now a mention of the paper, listed apart, not a tag: nothing is lost, and what a
    paper is tagged with is what its title names. A paper whose title names no tag keeps its abstract's."""
    judged = json.loads(OWN_JUDGED.read_text(encoding="utf-8"))["tags"]
    tagging = Tagging(load_vocabulary(DEFAULT_VOCABULARY), shipped=True)
    papers = {title_key(paper.title): paper for paper in tagging(seed_papers)}
    tagged = Counter(item["verdict"] for item in judged if item["tag"] in papers[title_key(item["paper"])].tags)
    mentioned = Counter(item["verdict"] for item in judged
                        if item["tag"] in papers[title_key(item["paper"])].mentions)
    assert tagged["no"] <= 1 and tagged + mentioned == Counter(item["verdict"] for item in judged), (tagged, mentioned)
    for paper in papers.values():
        assert not set(paper.tags) & set(paper.mentions)
        assert not paper.mentions or paper.tags
    untitled = papers[title_key("Semi-supervised Sequence Learning")]  # its title names no tag
    assert "recurrent-networks" in untitled.tags and not untitled.mentions


@pytest.mark.skipif(not JUDGED.exists(), reason=f"no judged samples at {JUDGED}")
def test_the_judged_development_set_keeps_its_right_tags_as_tags_or_mentions(seed_papers):
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["tags"]
    papers = {title_key(paper.title): paper
              for paper in Tagging(load_vocabulary(DEFAULT_VOCABULARY), shipped=True)(seed_papers)}
    shown = Counter((item["verdict"], "tag" if item["tag"] in papers[title_key(item["paper"])].tags else "mention")
                    for item in judged if item["tag"] in {*papers[title_key(item["paper"])].tags,
                                                          *papers[title_key(item["paper"])].mentions})
    assert shown[("no", "tag")] == 0 and shown[("yes", "tag")] + shown[("yes", "mention")] >= 20, shown


def phrase_tags(papers: list) -> tuple[set[str], list]:
    """The labels of the collection's phrase tags, and the papers tagged with them."""
    tags = corpus_tags(papers, {})
    return {tag.label for tag in tags.values()}, PhraseTagger(tags)(papers)


def test_a_phrase_and_the_short_form_the_texts_define_for_it_are_one_tag():
    """Issue #14: a diabetes export defines "glucagon-like peptide-1 (GLP-1)" 199 times, yet *GLP-1* and
    *Glucagon-like peptide-1* were two tags of the same papers. A short form the abstracts define as a
    tag's phrase joins that tag, named with both and given for either. A short form defined as something
    longer than a tag's phrase stays apart ("recurrent neural network (RNN)" is no *Neural network*)."""
    papers = titled(["Myocardial infarction in mice", "Myocardial infarction after stenting",
                     "MI and statins", "MI outcomes in rats", "RNN language models", "RNN training tricks",
                     "Neural network pruning", "Neural network ensembles"],
                    {0: "After myocardial infarction (MI), mice were treated.",
                     1: "Patients with acute myocardial infarction (MI) were enrolled.",
                     4: "A recurrent neural network (RNN) reads text.", 5: "We train a recurrent neural network (RNN)."})
    labels, tagged = phrase_tags(papers)
    assert "Myocardial infarction (MI)" in labels and "MI" not in labels, labels
    assert {"RNN", "Neural network"} <= labels, labels
    assert all(paper.tags == ("myocardial-infarction",) for paper in tagged[:4]), [p.tags for p in tagged[:4]]



def test_a_short_form_a_paper_defines_as_something_else_gives_it_no_tag_there():
    """Judged wrong on the diabetes export (session 27, seed 273): "Role of myo-inositol in ischemic stroke
    outcome", whose abstract defines "Myo-inositol (MI)", had *Myocardial infarction (MI)* from its MIs. A
    paper defining the short form as the tag's phrase, however written, still gets the tag from it."""
    papers = titled(["Myocardial infarction in mice", "Myocardial infarction after stenting",
                     "MI and statins", "MI outcomes in rats", "Inositol in stroke", "Statins after MI",
                     "Outcomes in rats", "Statins in pigs"],
                    {0: "After myocardial infarction (MI), mice were treated.",
                     1: "Patients with acute myocardial infarction (MI) were enrolled.",
                     4: "Myo-inositol (MI) is an osmolyte. MI levels fell after stroke; MI was given.",
                     6: "After a myocardial-infarction (MI) the rats ran. MI scars were measured; MI size fell.",
                     7: "Pigs with MI ran. MI was induced."})
    labels, tagged = phrase_tags(papers)
    assert "Myocardial infarction (MI)" in labels, labels
    assert "myocardial-infarction" not in tagged[4].tags, tagged[4].tags
    assert all("myocardial-infarction" in paper.tags for paper in tagged[:4] + [tagged[5], tagged[6], tagged[7]]), \
        [paper.tags for paper in tagged]

def test_a_phrase_holding_a_defined_long_form_and_the_same_phrase_with_its_short_form_are_one_tag():
    """Read on the diabetes export: *Dipeptidyl peptidase-4 inhibitor* (36 papers) and *DPP-4 inhibitor*
    (23) were two tags of one drug class, as its abstracts define "dipeptidyl peptidase-4 (DPP-4)" and
    then write either. No tag is "Dipeptidyl peptidase-4" itself, so the short form joined nothing."""
    papers = titled(["Dipeptidyl peptidase-4 inhibitors in mice", "Dipeptidyl peptidase-4 inhibitors and stroke",
                     "DPP-4 inhibitors and plaque", "DPP-4 inhibitors in heart failure", "Statins in mice",
                     "Statins and stroke", "Heart failure in rats", "Heart failure and exercise"],
                    {0: "Dipeptidyl peptidase-4 (DPP-4) inhibitors lower glucose.",
                     2: "Inhibitors of dipeptidyl peptidase-4 (DPP-4) reduce plaque.",
                     # a short form defined as a tag's phrase but no tag itself changes nothing (it stopped
                     # the run once)
                     6: "Rats with heart failure (HF) ran.", 7: "In heart failure (HF), exercise helps."})
    labels, tagged = phrase_tags(papers)
    assert "Dipeptidyl peptidase-4 inhibitors (DPP-4 inhibitors)" in labels and "DPP-4 inhibitors" not in labels, labels
    assert all("dipeptidyl-peptidase-4-inhibitor" in paper.tags for paper in tagged[:4]), [p.tags for p in tagged]


def test_a_defined_acronym_no_tag_has_joins_the_tag_of_its_phrase():
    """Read on the diabetes export: abstracts define "smooth muscle cells (SMC)" and "type 2 diabetes
    (T2D)", yet a title writing "SMC" did not get *Smooth muscle cells*. A short form defined as a tag's
    phrase (twice, and in half of its definitions), written as an acronym of three or more characters,
    joins that tag and its name; two letters ("HF") are too ambiguous ("HF diet": high fat)."""
    labels, tagged = phrase_tags(titled(
        ["Smooth muscle cells in mice", "Smooth muscle cells and stroke", "SMC migration in rats",
         "Heart failure in rats", "Heart failure and exercise", "HF diet in rats"],
        {0: "Vascular smooth muscle cells (SMC) grew.", 1: "We cultured smooth muscle cells (SMC).",
         3: "Rats with heart failure (HF) ran.", 4: "In heart failure (HF), exercise helps."}))
    assert "Smooth muscle cells (SMC)" in labels and "Heart failure" in labels, labels
    assert "smooth-muscle-cell" in tagged[2].tags and "heart-failure" not in tagged[5].tags


def test_where_a_quantity_was_measured_or_a_step_of_a_method_is_no_tag():
    """Judged by reading in session 13: *Serum* on "serotonin serum concentration" and "serum antibodies
    against crystallins" (a veterinary export), *Reconstruction* on "MRI cortical surface reconstruction"
    (a neuroscience bibliography) named where something was measured or a step the method takes, not
    what the papers are about."""
    labels, _ = phrase_tags(titled([
        "Serotonin serum concentration in aggressive dogs", "Serum antibodies against crystallins",
        "Serum taurine in spaniels", "Plasma taurine in cats", "Plasma glucose after meals",
        "MRI surface reconstruction of the cortex", "Beamformers for source reconstruction",
        "Taurine deficiency in dogs", "Taurine and cardiomyopathy"]))
    assert "Taurine" in labels, labels
    assert not labels & {"Serum", "Plasma", "Reconstruction"}, labels


def test_a_dataset_by_another_name_and_what_any_model_works_with_are_no_tags_alone():
    """Judged by reading: *Corpus* on "Evidence of Meaning in Language Models Trained on Programs" (a corpus
    of programs is what it was trained on; default corpus, session 16), *Parameter* on "Shift: a zero flop,
    zero parameter alternative to spatial convolutions" and *Constraint* on a group-testing design under
    dilution constraints (session 15), *Coordinate* on "coordinate system" and "coordinate descent" titles
    (session 13). Alone they name no subject; the phrases they begin still do."""
    labels, _ = phrase_tags(titled([
        "A corpus of programs for language models", "An open corpus of three trillion tokens",
        "Corpora for low-resource languages", "A 176B-parameter multilingual model",
        "Trillion parameter models with sparsity", "Parameter servers at scale",
        "Zero parameter alternatives to convolutions", "Testing under privacy constraints",
        "Designs with dilution constraints", "Ranking with pairwise constraints",
        "Coordinate descent for the lasso", "Accelerated coordinate descent", "A coordinate system for brains"]))
    assert "Coordinate descent" in labels, labels
    assert not labels & {"Corpus", "Corpora", "Parameter", "Constraint", "Coordinate"}, labels


@needs_realworld
def test_constraints_and_coordinates_are_no_tags_of_real_exports():
    """The arXiv "testing" export tagged "...under Mutual Information Privacy Constraints" and "...Dilution
    (Row Degree) Constraints" *Constraint*; MNE-Python's bibliography tagged "coordinate descent" and two
    "Coordinate System" titles *Coordinate* (judged wrong in sessions 15 and 13)."""
    from generator.dedup import deduplicate
    from generator.readers import read_file
    for path, word in ((REALWORLD / "arxiv" / "arxivpy_q_testing_s0_m100_cfe7536492ca.atom.xml", "constraint"),
                       (REALWORLD / "bibtex" / "mne-python_doc_references.bib", "coordinate")):
        papers = deduplicate(read_file(path, path.name)[0]).papers
        tagging = Tagging(load_vocabulary(DEFAULT_VOCABULARY), shipped=True)
        tagged = tagging(papers)
        assert sum(word.lower() in paper.title.lower() for paper in papers) >= 2
        assert word not in tagging.tags and not any(word in paper.tags for paper in tagged), word


def test_a_plural_in_sses_is_one_subject_with_its_singular():
    """d2l's bibliography: "Gaussian Processes for Machine Learning" was folded to "gaussian processe", so it
    and the four titles saying "Gaussian process" made two phrases, and six papers (among them "Gaussian
    error linear units") got the single word *Gaussian* instead of *Gaussian process*."""
    labels, tagged = phrase_tags(titled([
        "Gaussian Processes for Machine Learning", "Gaussian process behaviour in wide networks",
        "Scalable Gaussian process surrogates", "Gaussian error linear units", "Classes of losses",
        "Unrelated title one", "Unrelated title two"]))
    assert "Gaussian process" in labels and "Gaussian" not in labels, labels
    assert tagged[0].tags == tagged[1].tags == ("gaussian-process",), [paper.tags for paper in tagged]


def test_a_survey_of_the_sky_or_of_workers_is_no_survey_of_the_literature():
    """The shipped vocabulary's *Surveys and reviews* matched "survey" anywhere: an astronomy paper on "the
    OGLE-III Transit Surveys" (NeMo's NLP bibliography mixed with an arXiv feed) and, on the default corpus,
    LABOR-LLM, whose abstract twice names the labor surveys it uses, got it. A literature survey says so as
    "a survey", "survey of/on", "this survey" and the like."""
    tagger = Tagger(load_vocabulary(DEFAULT_VOCABULARY))
    surveys = ["A Survey on Mixture of Experts", "Hallucination in Large Language Models: A Survey",
               "Survey of Hallucination in Natural Language Generation", "A Comprehensive Survey of RAG"]
    assert all("survey" in tagger.tags_for(title) for title in surveys), [tagger.tags_for(t) for t in surveys]
    assert "survey" in tagger.tags_for("Mixture of experts", "In this survey we cover routing. This survey ends.")
    others = ["Frequency of Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge",
              "Household survey data on occupations"]
    assert not any("survey" in tagger.tags_for(title) for title in others), [tagger.tags_for(t) for t in others]
    assert "survey" not in tagger.tags_for("Occupations", "We use labor surveys. The surveys ask workers.")


def test_latin_and_greek_plurals_are_one_subject_with_their_singular():
    """d2l's bibliography had a tag *Matrices* at /tags/matrice/ ("matrices" folded to "matrice"), and
    "meta-analyses" was not "meta-analysis". Regular plurals of the same endings stay regular."""
    from generator.enrich.keyphrases import singular
    assert [singular(word) for word in ("matrices", "vertices", "meta-analyses", "hypotheses", "diagnoses",
                                        "devices", "doses", "genes", "processes")] == \
        ["matrix", "vertex", "meta-analysis", "hypothesis", "diagnosis", "device", "dose", "gene", "process"]
    labels, tagged = phrase_tags(titled([
        "Covariance matrices of large dimension", "Random covariance matrix estimates",
        "Shrinkage of a covariance matrix", "Unrelated title one", "Unrelated title two"]))
    assert "covariance-matrix" in tagged[0].tags and tagged[0].tags == tagged[1].tags == tagged[2].tags, \
        [paper.tags for paper in tagged]


def test_what_a_method_is_said_to_be_is_no_tag_alone():
    """MNE's bibliography, judged (session 24, seed 241): *Robust* on "Fast and Robust Fixed-Point
    Algorithms for Independent Component Analysis" and on a paper whose source estimates are "robust
    against skull conductivity error"; *Gradient* on "Stein Unbiased GrAdient estimator of the Risk". Such
    words name no subject on their own; in a phrase they still may ("gradient descent")."""
    labels, _ = phrase_tags(titled([
        "Fast and robust fixed-point algorithms", "Robust EEG single-trial analysis",
        "Robust bad channel detection", "Stein unbiased gradient estimator", "Gradient flow in recurrent nets",
        "Gradient descent with restarts", "Online gradient descent", "Unrelated title one"]))
    assert "Robust" not in labels and "Gradient" not in labels, labels
    assert "Gradient descent" in labels, labels


def test_no_tag_name_ends_in_another_language_s_function_word():
    """biblatex's examples: Kant's two critiques made a tag named "Kritik der" (the word after "Kritik" in
    both titles). A function word of any language no more completes a name than "of" does."""
    labels, _ = phrase_tags(titled(["Kritik der Urtheilskraft", "Kritik der praktischen Vernunft",
                                    "Unrelated title one", "Unrelated title two"]))
    assert "Kritik" in labels and "Kritik der" not in labels, labels


def test_the_short_form_of_what_the_whole_collection_is_about_is_no_tag():
    """Read on the veterinary export (session 13): every title names "cocker spaniels", so that phrase is
    no tag (it would be on more than a quarter of the papers), yet its short form "ECS", defined in the
    abstracts, became one. A short form defined as a phrase that broad is left out as the phrase is."""
    titles = [f"Disease number{index} in English cocker spaniels" for index in range(20)] + \
        ["ECS and aggression", "Cataract in ECS", "ECS kidney disease", "Glaucoma genetics", "Glaucoma surgery"]
    abstracts = {index: "Dogs of the breed English cocker spaniel (ECS) were seen." for index in range(20)}
    labels, _ = phrase_tags(titled(titles, abstracts))
    assert "Glaucoma" in labels, labels
    assert not any("ECS" in label or "cocker" in label.lower() for label in labels), labels


@pytest.mark.parametrize("keyword, key, spelling", [
    ("Otitis externa", ("otitis", "externa"), "Otitis externa"),
    ("pancreas", ("pancreas",), "pancreas"),  # no plural: the tag was "pancrea" (its page /tags/pancrea/)
    ("Diabetes Mellitus, Type 2/drug therapy*", ("type", "2", "diabetes", "mellitus"), "Type 2 Diabetes Mellitus"),
    ("COLLAGEN TYPE-IV", ("collagen", "type", "iv"), "collagen type-IV"),
    ("systemic inflammatory response syndrome (SIRS)", ("systemic", "inflammatory", "response", "syndrome"),
     "systemic inflammatory response syndrome"),
    ("Nonhuman", None, None),  # Embase's check tag
    ("Controlled study", None, None),
    ("Risk Factors", None, None),  # MEDLINE's headings for how any subject was studied
    ("Rats, Wistar", None, None),
    ("Child, Preschool", None, None),
    ("cs.LG", None, None),  # arXiv's category, which its reader keeps as a keyword
    ("quant-ph", None, None),
    ("FOS: Computer and information sciences", None, None),
    ("information engineering", None, None),  # the rest of DataCite's field, split at its commas
    ("Dog", None, None),  # an everyday word
    ("Canine", None, None),  # the species of a whole veterinary export
    ("end-to-end speech recognition pipeline with five stages", None, None),  # longer than a subject's name
])
def test_a_keyword_is_read_as_the_phrase_it_names(keyword, key, spelling):
    from generator.enrich.keyphrases import keyword_phrase
    assert keyword_phrase(keyword) == ((key, spelling) if key else None)


def test_keywords_the_records_share_become_tags_of_the_papers_they_name():
    """Issue #14: a Web of Science export left a quarter of its papers untagged, although their authors'
    keywords name what they are about ("Otitis externa" on papers whose titles say "aural CT" and "ceruminous
    gland hyperplasia"). A keyword that records share is a tag, given to each record it names; Keywords Plus
    (capitals beside the authors' keywords) and an indexer's list of everything measured are not read."""
    papers = titled(["Aural CT characteristics of beagles", "Ceruminous gland hyperplasia in poodles",
                     "A survey of otitis externa in Finland", "Ciliary dyskinesia in two terriers",
                     "Syringohydromyelia: a case", "Myotonia in merino sheep", "Hypothyroidism in dogs",
                     "Chiari-like malformation: two cases"])
    keywords = {0: ("canine", "Otitis externa", "middle ear", "LATERAL BULLA OSTEOTOMY"),
                1: ("histology", "otitis externa", "LATERAL BULLA OSTEOTOMY", "PORTAL HYPERTENSION"),
                3: ("respiratory medicine", "PORTAL HYPERTENSION"),
                # only capitals: all the record has, read as phrases ("CONGENITA" is a piece of one)
                4: ("PORTAL HYPERTENSION", "CONGENITA"),
                5: ("myotonia", "aspartate aminotransferase", *(f"emtree term{n}" for n in range(40))),
                6: ("hypothyroidism", "aspartate aminotransferase"), 7: ("PORTAL HYPERTENSION", "CONGENITA")}
    papers = [replace(paper, keywords=keywords.get(index, ())) for index, paper in enumerate(papers)]
    tags = corpus_tags(papers, {})
    assert "otitis-externa" in tags and tags["otitis-externa"].label == "Otitis externa", tags
    assert tags["otitis-externa"].description == "A phrase that recurs in this collection's titles and records' keywords."
    assert not {"lateral-bulla-osteotomy", "aspartate-aminotransferase", "canine", "congenita"} & set(tags), tags
    tagged = PhraseTagger(tags)(papers)
    assert [paper.tags for paper in tagged[:3]] == [("otitis-externa",)] * 3
    assert "portal-hypertension" not in tagged[1].tags + tagged[3].tags
    assert "portal-hypertension" in tagged[4].tags and "portal-hypertension" in tagged[7].tags
    tagging = Tagging({}, shipped=False)
    assert [paper.tags for paper in tagging(papers)[:3]] == [("otitis-externa",)] * 3  # named by the record: no mention


@needs_realworld
def test_a_web_of_science_export_is_tagged_by_the_keywords_its_records_share():
    """On the veterinary Web of Science export, 13 of 49 papers with abstracts had no tag; its records'
    shared keywords tag them with what they are about (judged by reading, session 14)."""
    from generator.dedup import deduplicate
    from generator.readers import read_file
    papers = deduplicate(read_file(REALWORLD / "ris" / "asysd_tests_wos_test.ris", "wos.ris")[0]).papers
    tagging = Tagging(load_vocabulary(DEFAULT_VOCABULARY), shipped=True)
    tagged = {paper.title: paper for paper in tagging(papers)}
    labels = {title: {tagging.tags[slug].label for slug in paper.tags} for title, paper in tagged.items()}
    # without a tag the collection shares (a paper's own subject, enrich/subjects.py, is none)
    untagged = [title for title, paper in tagged.items()
                if paper.abstract and all(tagging.tags[slug].own for slug in paper.tags)]
    bare = Tagging(load_vocabulary(DEFAULT_VOCABULARY), shipped=True)
    without_keywords = bare([replace(paper, keywords=(), records=tuple(replace(record, keywords=())
                                                                       for record in paper.records))
                             for paper in papers])
    assert len(untagged) + 3 <= sum(1 for paper in without_keywords
                                    if paper.abstract and all(bare.tags[slug].own for slug in paper.tags)), untagged
    assert "Otitis externa" in labels["Survey of otitis externa in American Cocker Spaniels in Finland"]
    assert {"Chronic pancreatitis", "IgG4-related disease"} <= labels[
        "Clinical manifestations of chronic pancreatitis in English cocker spaniels"]
    assert "Alport syndrome" in labels["Genetic cause of autosomal recessive hereditary nephropathy in the English "
                                       "Cocker Spaniel"]
    assert not any("Hydrocephalus" in names for title, names in labels.items() if "ciliary dyskinesia" in title)


@needs_realworld
def test_a_subject_titles_name_in_one_word_tags_the_papers_left_without_one():
    """Issue #14 asks at most 5% of papers without a tag; the ASySD diabetes export had 33 of 585 (5.6%).
    Once the collection's budget of title phrases is spent, the papers still without a tag get the single
    words their titles name as subjects ("Dyslipidemia" on 7 of them; judged right by reading, session 14),
    after the longer phrases and acronyms their abstracts repeat."""
    from generator.dedup import deduplicate
    from generator.enrich.text_features import readable
    from generator.readers import read_file
    records = read_file(REALWORLD / "dedup" / "asysd_labelled_test_set_diabetes.csv", "diabetes.csv")[0]
    papers, _ = readable(deduplicate(records).papers)
    tagging = Tagging(load_vocabulary(DEFAULT_VOCABULARY), shipped=True)
    tagged = {paper.title: paper for paper in tagging(papers)}
    untagged = [title for title, paper in tagged.items() if paper.abstract and not paper.tags]
    assert len(untagged) <= 0.05 * len(papers), len(untagged)
    assert "dyslipidemia" in tagged["Role of enterocytes in dyslipidemia of insulin-resistant states"].tags
    assert not {"vivo", "uptake"} & set(tagging.tags)  # halves of "in vivo", "glucose uptake": no subjects


def test_a_word_that_starts_with_digits_keeps_them():
    """NVIDIA NeMo's bibliography had a tag "D time-channel separable": "1D" was read as "D"."""
    papers = titled(["QuartzNet: speech recognition with 1D time-channel separable convolutions",
                     "MatchboxNet: 1D time-channel separable convolutional networks for speech commands",
                     "MarbleNet: deep 1D time-channel separable convolutional networks"])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert "1D time-channel separable" in labels and not any(label.startswith("D ") for label in labels), labels


def test_a_word_with_letters_beyond_ascii_is_one_word():
    """biblatex's examples gave a tag "Unzeitgem" (from "Unzeitgemäße"): words were read as ASCII letters,
    so an accented letter cut a word in two and its first half became a phrase."""
    papers = titled(["Solving the Schrödinger equation with neural networks",
                     "Schrödinger equation solvers for many-body systems",
                     "Fast Schrödinger equation integration on GPUs",
                     "Unzeitgemäße Betrachtungen und die Tragödie", "Unzeitgemäße Betrachtungen, zweites Stück"])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert "Schrödinger equation" in labels, labels
    assert not {"Schr", "Dinger equation", "Unzeitgem"} & labels, labels


def test_a_tag_takes_the_word_its_titles_follow_it_with_as_gerund_or_noun():
    """An arXiv export's "Regression" tag was given to regression-testing papers only, named "Regression"
    (a reader takes it for the statistical method): its titles say "Regression Testing" and "Regression
    Test Optimization", two forms of one following word."""
    papers = titled(["Formalizing Regression Testing for Agile Environments",
                     "Practical Pipeline-Aware Regression Test Optimization"])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert any(label.startswith("Regression test") for label in labels), labels


def test_what_papers_report_of_any_condition_is_no_tag():
    """'Clinical signs' tagged two papers of a Web of Science export, judged wrong twice (sessions 13 and
    14): what a paper reports of any condition is no subject; the condition is."""
    papers = titled(["Clinical signs of myotonia in dogs", "Clinical signs and ultrasonographic findings in "
                     "renal dysplasia", "Ultrasonographic findings of renal dysplasia", "Myotonia congenita"])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert not {"Clinical signs", "Ultrasonographic findings"} & labels, labels
    assert {"Renal dysplasia", "Myotonia"} <= labels, labels


def test_keywords_no_person_gave_are_no_tags():
    """Hugging Face's ai_keywords are a model's pick of a paper's terms ("batch size", "memory") and
    arXiv's categories are its listing's: neither is read as what a paper is about. A person's keyword on
    another record of the same paper still is."""
    from generator.model import Location, Record
    papers = titled(["Tiling for contrastive loss", "Memory of long context", "Scaling laws revisited"])

    def record(paper, source, keywords):
        return Record(paper.id + source, Location("s", 1), paper.title, source_format=source, keywords=keywords)
    machine = [replace(paper, records=(record(paper, "hf-papers-json", ("batch size", "preference optimization")),),
                       keywords=("batch size", "preference optimization")) for paper in papers[:2]]
    person = replace(papers[2], keywords=("batch size", "contrastive loss"),
                     records=(record(papers[2], "hf-papers-json", ("batch size",)),
                              record(papers[2], "bibtex", ("contrastive loss",))))
    tags = corpus_tags([*machine, person, *papers[3:]], {})
    assert not {"batch-size", "preference-optimization"} & set(tags), tags
    assert "contrastive-loss" in tags, tags  # the BibTeX record's keyword and the first title's phrase


def test_a_phrase_may_end_with_a_noun_that_ends_as_adjectives_do_and_names_keep_one_case():
    """MNE's bibliography had no "Event-related potential" tag ("potential" ends as "vertical" does), and
    "dense retrieval" could be none; a name's first word kept a title's capitals after its hyphen
    ("Few-Shot learners", "N-Gram")."""
    papers = titled(["Event-Related Potential components", "Event-Related Potential of faces",
                     "Dense retrieval at scale", "Distilling dense retrieval",
                     "Few-Shot Learners in context", "Language models are Few-Shot Learners"])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert {"Event-related potential", "Dense retrieval", "Few-shot learners"} <= labels, labels


def own_subjects_of(titles: list[str], abstracts: dict[int, str]) -> dict[str, str]:
    """Each given title's tag labels, tagged with no vocabulary beside 40 fillers (`titled`)."""
    tagging = Tagging({}, shipped=False)
    papers = tagging(titled(titles, abstracts))
    return {paper.title: ", ".join(tagging.tags[slug].label for slug in paper.tags if tagging.tags[slug].own)
            for paper in papers[:len(titles)]}


def test_a_paper_no_shared_tag_covers_gets_the_subject_its_title_names():
    """Issue #14 asks at most 5% of papers without a tag on any corpus with abstracts; a paper whose
    subject no other title shares got none (12 of 50 in a Web of Science export of case reports). It now
    gets the phrase of its title its abstract repeats most, longer phrases first, as a tag of its own; a
    title alone (no abstract) gets none."""
    labels = own_subjects_of([
        "Septic fibrinous pericarditis in a cocker spaniel",
        "Gradient Testing and Estimation by Comparisons",
        "Strip Planarity Testing of Embedded Planar Graphs",
        "Lipid storage myopathy in a cat",
    ], {0: "A dog with septic fibrinous pericarditis after chest trauma; the pericarditis resolved.",
        1: "We study gradient testing and gradient estimation: the gradient, its gradient, a gradient.",
        2: "We study the strip planarity testing problem: planarity of a planar graph, planarity again."})
    assert labels["Septic fibrinous pericarditis in a cocker spaniel"] == "Septic fibrinous pericarditis"
    assert labels["Gradient Testing and Estimation by Comparisons"] == "Gradient testing"  # not "Gradient"
    assert labels["Strip Planarity Testing of Embedded Planar Graphs"] == "Strip planarity testing"
    assert labels["Lipid storage myopathy in a cat"] == ""  # no abstract


def test_a_paper_s_own_subject_is_no_verb_no_fragment_of_a_longer_name_and_no_word_of_every_title():
    """Read on the default corpus and an arXiv export: "Generate text" (of "Learning to Generate Text"),
    "Pre-trained language" (of "... language models"), "Explainable test" (of "Explainable Test Case
    Prioritisation") and "Testing data types" were given before these rules; a phrase in more than a
    quarter of the titles ("cocker spaniel" in a breed's export) separates nothing."""
    titles = ["Learning to Generate Text in Arbitrary Writing Styles",
              "AST-Probe: Recovering abstract syntax trees from hidden representations of pre-trained language models",
              "Towards Explainable Test Case Prioritisation with Learning-to-Rank Models",
              "Testing data types implementations from algebraic specifications",
              *[f"Disease number{index} in a cocker spaniel" for index in range(20)]]
    labels = own_subjects_of(titles, {
        0: "We generate text in arbitrary writing styles; generate text again. Arbitrary writing styles vary.",
        1: "Pre-trained language models, pre-trained language models: abstract syntax trees in hidden layers.",
        2: "Explainable test case prioritisation: explainable test case prioritisation and test case prioritisation.",
        3: "Testing data types implementations: algebraic specifications of data types, algebraic specifications.",
        **{index: "A cocker spaniel, a cocker spaniel again." for index in range(4, 24)}})
    assert labels[titles[0]] == "Arbitrary writing styles"
    assert labels[titles[1]] == "Abstract syntax trees"
    assert labels[titles[2]] == "Test case prioritisation"
    assert labels[titles[3]] == "Algebraic specifications"
    assert labels[titles[4]] == ""  # "cocker spaniel" is in 20 of 64 titles


@needs_realworld
def test_a_web_of_science_export_of_case_reports_leaves_almost_no_paper_without_a_tag():
    """On the veterinary Web of Science export 12 of 49 papers with an abstract had no tag; read in
    session 18, all 11 subjects of their own are right ("Gallbladder mucocele", "Cystitis emphysematosa"),
    and the one left names no subject its abstract speaks of. No phrase runs across a title's dash."""
    from generator.dedup import deduplicate
    from generator.readers import read_file
    papers = deduplicate(read_file(REALWORLD / "ris" / "asysd_tests_wos_test.ris", "wos.ris")[0]).papers
    tagging = Tagging(load_vocabulary(DEFAULT_VOCABULARY), shipped=True)
    tagged = {paper.title: {tagging.tags[slug].label for slug in paper.tags} for paper in tagging(papers)}
    assert sum(1 for paper in papers if paper.abstract and not tagged[paper.title]) <= 0.05 * len(papers)
    assert tagged["Gallbladder mucocele in a 12-year-old cocker spaniel"] == {"Gallbladder mucocele"}
    assert tagged["CYSTITIS EMPHYSEMATOSA IN A COCKER-SPANIEL BITCH"] == {"Cystitis emphysematosa"}
    assert not any("spaniels retrognathia" in label.lower() for labels in tagged.values() for label in labels)


def test_one_paper_with_two_vocabulary_tags_does_not_make_a_small_collection_the_vocabularys_field():
    """A Scopus export of 10 veterinary papers kept the machine-learning vocabulary because one radiograph
    study got two of its tags ("images", "clinical"): *Vision*, *Domain applications* and *Survey* (for a
    serologic survey) were then given across it, 5 of its 10 tags wrong. Two papers are needed; in a
    collection of fewer than five, one."""
    from generator.enrich.tagging import describes
    from generator.model import Paper

    def papers(tag_counts):
        return [Paper(id=f"p{i}", slug=f"p{i}", title="t", abstract="", records=[],
                      tags=tuple(f"tag-{j}" for j in range(count)))
                for i, count in enumerate(tag_counts)]

    assert not describes(papers([2, 1, 1, 0, 0, 0, 0, 0, 0, 0]))  # the Scopus export
    assert describes(papers([2, 2, 1, 0, 0, 0, 0, 0, 0, 0]))
    assert describes(papers([3, 2, 2, 0]))  # four Daily Papers entries about language models
    assert describes(papers([2])) and not describes(papers([1]))
    assert describes(papers([2, 1])) and describes(papers([2, 0, 0, 0])) and not describes(papers([2, 1, 1, 0, 0]))
    assert not describes(papers([2] * 3 + [0] * 47)) and describes(papers([2] * 4 + [0] * 46))  # 8% of 50


def test_safety_and_bias_is_given_for_social_bias_not_for_a_models_statistical_or_inductive_bias():
    """Issue #14: "bias" alone gave *Safety, bias and privacy* to a paper on an architecture's inductive
    bias (Mega), to one on object hallucination from a training bias, to ALiBi's "Linear Biases" and to
    d2l's bias-variance paper. The vocabulary now names the kinds of bias it means."""
    tagger = Tagger(load_vocabulary(DEFAULT_VOCABULARY))
    wrong = ["Mega: Moving Average Equipped Gated Attention with a strong inductive bias",
             "Analyzing and Mitigating Object Hallucination: A Training Bias Perspective",
             "Train Short, Test Long: Attention with Linear Biases Enables Input Length Extrapolation",
             "On bias, variance, 0/1-loss, and the curse-of-dimensionality"]
    right = ["Gender Biases in LLM-Generated Reference Letters",
             "CALM: A Multi-task Benchmark for Comprehensive Assessment of Language Model Bias",
             "Measuring social bias in dialogue systems", "Debiasing word embeddings",
             "Jailbreak prompts against aligned models", "Privacy preserving prompt engineering"]
    assert [title for title in wrong if "safety-and-bias" in tagger.tags_for(title)] == []
    assert [title for title in right if "safety-and-bias" not in tagger.tags_for(title)] == []


def test_zero_shot_alone_is_no_in_context_learning():
    """Zero-shot means no examples in the context: "zero-shot" gave *In-context learning* to zero-shot voice
    conversion (demo), zero-shot text-to-image generation and instruction-tuned zero-shot learners (d2l).
    Few-shot prompting still names it."""
    tagger = Tagger(load_vocabulary(DEFAULT_VOCABULARY))
    assert "in-context-learning" not in tagger.tags_for("Zero-shot text-to-image generation")
    assert "in-context-learning" not in tagger.tags_for(
        "StreamVoice: Streamable Context-Aware Language Modeling for Real-time Zero-Shot Voice Conversion")
    assert "in-context-learning" in tagger.tags_for("Language models are few-shot learners")
    assert "in-context-learning" in tagger.tags_for("Effective Self-Mining of In-Context Examples for Machine Translation")


def test_chatgpt_named_is_no_dialogue_paper():
    """Judged on d2l's bibliography (seed 231): "Is ChatGPT a general-purpose natural language processing task
    solver?" was tagged *Dialogue and chat* through the name ChatGPT alone, as were three LLM surveys of the
    demo. A paper about dialogue still is."""
    tagger = Tagger(load_vocabulary(DEFAULT_VOCABULARY))
    assert "dialogue" not in tagger.tags_for("Is ChatGPT a general-purpose natural language processing task solver?")
    assert "dialogue" not in tagger.tags_for("ChatGPT Alternative Solutions: Large Language Models Survey")
    assert "dialogue" in tagger.tags_for("A ChatGPT-based dialogue system for customer support")
    assert "dialogue" in tagger.tags_for("Multi-turn response generation with ChatGPT")


def test_explain_and_translation_in_their_everyday_senses_give_no_tag():
    """"explain" (a verb any paper uses) gave *Interpretability* to "Uniform convergence may be unable to
    explain generalization", and "translation" gave *Multilingual and low-resource* to CycleGAN's
    image-to-image translation (d2l); mechanistic work and machine translation keep their tags."""
    tagger = Tagger(load_vocabulary(DEFAULT_VOCABULARY))
    assert "interpretability" not in tagger.tags_for("Uniform convergence may be unable to explain generalization")
    assert "multilingual" not in tagger.tags_for("Unpaired image-to-image translation using cycle-consistent networks")
    assert "interpretability" in tagger.tags_for("Retrieval Head Mechanistically Explains Long-Context Factuality")
    assert "multilingual" in tagger.tags_for("A statistical approach to language translation")
    assert "multilingual" in tagger.tags_for("Neural machine translation of rare words with subword units")


def test_conversational_speech_recognition_is_no_dialogue_system():
    """"conversational" gave *Dialogue and chat* to six papers on recognising conversational (telephone)
    speech in NeMo's ASR bibliography; conversational agents and conversational LLMs keep it."""
    tagger = Tagger(load_vocabulary(DEFAULT_VOCABULARY))
    assert "dialogue" not in tagger.tags_for("The IBM 2016 English Conversational Telephone Speech Recognition System")
    assert "dialogue" not in tagger.tags_for("Punctuation Prediction in Conversational Speech")
    assert "dialogue" in tagger.tags_for("A Comparative Analysis of Conversational Large Language Models")
    assert "dialogue" in tagger.tags_for("Evaluating conversational agents for customer service")


def test_the_compression_tag_is_for_models_made_smaller_not_other_senses_of_the_word():
    """Read in session 25 (seed 251): *Compression, pruning and distillation* went to a sentence-compression
    (summarization) paper and to an abstract comparing itself with compression algorithms, for the word
    "compression" alone. The tag is for models made smaller: pruning, distillation, quantization, model or
    KV-cache compression."""
    tagger = Tagger(load_vocabulary(DEFAULT_VOCABULARY))
    other_senses = [("Unsupervised Abstractive Sentence Compression", "Sentence compression shortens a sentence."),
                    ("Chunking Concrete Sequences", "We compare the dictionary with compression algorithms; "
                                                    "compression and generalization trade off.")]
    for title, abstract in other_senses:
        assert "compression" not in tagger.tags_for(title, abstract)
    for title in ("Model Compression for Large Language Models", "Structured Pruning of Transformers",
                  "KV Cache Compression for Long Contexts", "Knowledge Distillation from Large Teachers"):
        assert "compression" in tagger.tags_for(title), title


def test_the_shipped_vocabulary_names_the_subjects_of_a_deep_learning_bibliography_beyond_language_models():
    """Issue #14: on d2l's and NeMo's bibliographies (titles alone) nothing covered optimization, object
    detection, GANs, generative models, activation functions, unsupervised learning, causal inference,
    bandits, distributed training, architecture search or hyperparameter optimization: "Adam: A method for
    stochastic optimization" and "Fast R-CNN" had no tag. Not an acronym of
    another sense: "SGD-QA" is Schema-Guided Dialogue, not stochastic gradient descent."""
    expected = {
        "Adam: A method for stochastic optimization": "optimization",
        "SGDR: Stochastic gradient descent with warm restarts": "optimization",
        "You only look once: Unified, real-time object detection": "object-detection",
        "Fast R-CNN": "object-detection",
        "Generative adversarial nets": "generative-adversarial-networks",
        "Progressive growing of GANs for improved quality, stability, and variation": "generative-adversarial-networks",
        "Density estimation using Real NVP": "generative-models",
        "Searching for activation functions": "activation-functions",
        "Gaussian error linear units (GELUs)": "activation-functions",
        "Building high-level features using large scale unsupervised learning": "unsupervised-learning",
        "The central role of the propensity score in observational studies for causal effects": "causal-inference",
        "Almost optimal exploration in multi-armed bandits": "bandits",
        "Large scale distributed deep networks": "distributed-training",
        "DARTS: Differentiable architecture search": "architecture-search",
        "Algorithms for hyper-parameter optimization": "hyperparameter-optimization",
        "Long short-term memory": "recurrent-networks",
        "Denoising diffusion probabilistic models": "diffusion-models",
        "Q-learning": "reinforcement-learning",
        "Multi-scale Speaker Diarization with Dynamic Scale Weighting": "speech",
        "Gradient-based learning applied to document recognition": "vision",
        "A neural probabilistic language model": "language-modeling",
        "Language models are unsupervised multitask learners": "language-modeling",
        "KenLM: Faster and smaller language model queries": "language-modeling",
        "Adaptive methods for nonconvex optimization": "optimization",
        "On the limited memory BFGS method for large scale optimization": "optimization"}
    others = {"SGD-QA: Fast Schema-Guided Dialogue State Tracking": "optimization",
              "Scaling large language models": "language-modeling",  # the tag of large language models
              "Flamingo: a visual language model for few-shot learning": "language-modeling",
              # judged loose on the default corpus (session 28, seed 283) or another sense of a phrase
              "Roformer: Enhanced transformer with rotary position embedding": "embeddings",
              "State-of-the-art speech recognition with sequence-to-sequence models": "sequence-modeling",
              "LM-SPT: LM-Aligned Semantic Distillation for Speech Tokenization": "compression",
              "Local Topology Measures of Contextual Language Model Latent Spaces": "latent-variables"}
    papers = Tagger(load_vocabulary(DEFAULT_VOCABULARY))(titled([*expected, *others]))
    tags = {paper.title: paper.tags for paper in papers}
    assert all(tag in tags[title] for title, tag in expected.items()), {title: tags[title] for title in expected}
    assert not any(tag in tags[title] for title, tag in others.items()), {title: tags[title] for title in others}
    assert "large-language-models" in tags["Scaling large language models"]


def test_a_vocabulary_phrase_inside_one_of_its_not_in_phrases_does_not_count(tmp_path):
    """A vocabulary entry's `not_in`: "language model" is no *Language models* inside "large language
    model" (another tag's), in the title or in the abstract's two mentions, and still counts beside it."""
    path = tmp_path / "vocabulary.yml"
    path.write_text("lm:\n  label: Language models\n  match: [language model]\n  not_in: [large language model]\n"
                    "llm:\n  match: [large language model]\n", encoding="utf-8")
    tagger = Tagger(load_vocabulary(path))
    assert tagger.tags_for("Large Language Models at scale") == ("llm",)
    assert tagger.tags_for("Notes", "Large language models grow. Large-language-models shrink.") == ("llm",)
    assert tagger.tags_for("Language models and large language models") == ("llm", "lm")
    assert tagger.tags_for("Notes", "A large language model is a language model, as large language models are. "
                                    "So is this language model.") == ("llm", "lm")
    path.write_text("lm:\n  match: [language model]\n  not_in: [\"\"]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="lm.not_in: every item must be non-empty text"):
        load_vocabulary(path)


def test_the_shipped_vocabulary_is_set_aside_for_the_source_files_it_does_not_describe(tmp_path):
    """Seven real exports in one collection (870 papers, a deep-learning bibliography among them) got two
    of the vocabulary's tags on 8% of the papers, nearly all from the deep-learning bibliography: the whole
    collection took the vocabulary, and neuroscience papers got *Computer vision* for "visual cortex",
    veterinary ones *Domain applications* for "clinical". Each source file's papers are judged apart; the
    Report says for which files it was set aside."""
    from generator.config import load_config
    from generator.pipeline import generate

    from .conftest import make_project
    shipped = load_vocabulary(DEFAULT_VOCABULARY)
    titles = ["Scaling large language models with a mixture of experts", "Transformers for long context retrieval",
              "Visual instruction tuning of multimodal large language models",
              "State space models for language modeling", "Speculative decoding for large language models",
              "Tokenization in multilingual language models"]
    ml = "".join(f"@article{{k{index},\n  title = {{{title}}},\n  year = {{2020}}\n}}\n\n"
                 for index, title in enumerate(titles))
    # each of these has one vocabulary tag ("clinical", "visual", "image"), none two: the file is no ML
    vet = "".join(f"TY  - JOUR\nTI  - {title}\nPY  - 2019\nER  - \n\n" for title in [
        "Clinical signs of otitis externa in cocker spaniels", "Visual acuity of aged cocker spaniels",
        "Thoracic radiograph image findings in cocker spaniels", "Clinical outcome of cataract surgery in spaniels",
        "Visual field loss in dogs with glaucoma", "Ultrasound image of the canine gallbladder"])
    # a file too small to be judged alone goes with the whole collection: two LLM papers of one tag each
    few = "".join(f"@article{{f{index},\n  title = {{{title}}},\n  year = {{2021}}\n}}\n\n"
                  for index, title in enumerate(["Retrieval at scale", "Prompting strategies compared"]))
    titles += ["Retrieval at scale", "Prompting strategies compared"]
    root = make_project(tmp_path / "project", {"ml.bib": ml, "vet.ris": vet, "few.bib": few})
    generate(load_config(root))
    report = (root / "content" / "report.md").read_text(encoding="utf-8")
    assert "it was set aside for those of <code>sources/vet.ris</code>" in report, report
    given = {"ml": set(), "vet": set()}
    for page in (root / "content" / "papers").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        if page.name == "index.md":
            continue
        title = re.search(r'<h1 class="litsite-title">(.*?)</h1>', text).group(1)
        tags = set(re.findall(r"tags/([a-z0-9-]+)/", text.split("<strong>Tags:</strong>")[-1].split("</p>")[0]))
        given["ml" if title in titles else "vet"] |= tags & set(shipped)
    assert given["ml"] >= {"retrieval", "prompting"} and not given["vet"], given


def test_a_phrase_titles_hardly_ever_say_but_inside_longer_names_is_their_head_and_no_tag():
    """Judged loose on the diabetes export (sessions 24 and 27): *Receptor agonist*, in 33 of its 38 titles
    inside "GLP-1 receptor agonist", "TGR5 receptor agonist" and the like, is the class without its
    receptor. A phrase titles also say alone ("neural network" inside "recurrent neural network") and one
    others go on from ("type 2 diabetes" of "type 2 diabetes patients") stay tags."""
    papers = titled(["A GLP-1 receptor agonist in mice", "GLP-1 receptor agonist and plaque",
                     "The GLP-1 receptor agonist exenatide", "A TGR5 receptor agonist in rats",
                     "TGR5 receptor agonist and bile", "TGR5 receptor agonist safety",
                     "Recurrent neural network language models", "Recurrent neural network regularization",
                     "Recurrent neural network tricks", "Neural network pruning", "Neural network compression",
                     "Training a neural network",
                     "Type 2 diabetes patients at home", "Type 2 diabetes patients abroad",
                     "Type 2 diabetes patients and sleep", "Type 2 diabetes mellitus in cats",
                     "Type 2 diabetes mellitus in dogs", "Type 2 diabetes mellitus and age", "Type 2 diabetes today"])
    labels = {tag.label for tag in corpus_tags(papers, {}).values()}
    assert {"GLP-1 receptor agonist", "TGR5 receptor agonist", "Neural network", "Type 2 diabetes"} <= labels, labels
    assert "Receptor agonist" not in labels, labels


def test_a_phrase_right_after_non_or_pre_is_not_said():
    """Read on the diabetes export: "Empagliflozin reduces inorganic phosphate excretion in non-diabetic rats"
    had *Diabetic rat*, and a study of pre-diabetic mice *Diabetic mice* (judged loose, session 24)."""
    papers = titled(["Exenatide in diabetic rats", "Diabetic rats and exercise", "Diabetic rats on a diet",
                     "Empagliflozin in non-diabetic rats", "Liraglutide in pre-diabetic rats"],
                    {2: "Non-diabetic rats were the controls; the diabetic rats lost weight."})
    tags = corpus_tags(papers, {})
    tagged = PhraseTagger(tags)(papers)
    assert [("diabetic-rat" in paper.tags) for paper in tagged[:5]] == [True, True, True, False, False], \
        [paper.tags for paper in tagged[:5]]


def test_a_phrase_some_word_always_follows_is_named_with_the_commonest_of_them():
    """Read on the diabetes export: *Sodium-glucose* named 14 papers whose titles say "sodium-glucose
    transporter" (7), "cotransporter", "co-transporter" or "cotransporter-2" (7): no one word followed it in
    70% of them, yet some word always did. A phrase that ends titles or goes on with a stop word keeps its
    name, and no name ends in a participle: "Angiotensin II-infused mice" name *Angiotensin II*."""
    papers = titled(["Sodium-glucose cotransporter 2 inhibitors in mice", "A sodium glucose co-transporter-2 inhibitor",
                     "Sodium-glucose cotransporter-2 and the heart", "Cerebral sodium-glucose transporter in stroke",
                     "The sodium-glucose transporter type 1", "Sodium-glucose linked transport",
                     "Angiotensin II-infused mice and plaque", "Angiotensin II-infused rats",
                     "Angiotensin in the kidney", "Angiotensin II-infused pigs",
                     "Graph kernels for molecules", "Graph kernels revisited", "Graph kernels on trees",
                     "Graph kernels in chemistry and physics"])
    tags = corpus_tags(papers, {})
    assert tags["sodium-glucose"].label == "Sodium-glucose cotransporter", tags["sodium-glucose"]
    assert tags["angiotensin"].label == "Angiotensin II", tags["angiotensin"]
    assert tags["graph-kernel"].label == "Graph kernels", tags["graph-kernel"]


def test_a_meeting_s_abstract_book_is_tagged_from_its_title_alone():
    """Judged loose on the diabetes export (session 28, seed 281): records that are a meeting's abstract
    book ("ESICON 2017 Abstracts", "BAS/BSCR Poster Abstracts") got tags from what some of its talks are
    about. Their tags come from their titles alone; their abstracts stay as the source gave them. A paper
    about abstracts is no abstract book."""
    from generator.enrich.tagging import Tagging
    talks = "Sitagliptin lowered glucose. Sitagliptin and atherosclerosis in mice. Atherosclerosis grew."
    papers = titled(["Sitagliptin in older rats", "Sitagliptin attenuates plaque growth", "Atherosclerosis in mice",
                     "Atherosclerosis and the liver", "ESICON 2017 Abstracts", "A review of atherosclerosis"],
                    {4: talks, 5: talks})
    tagging = Tagging({}, shipped=False)
    tagged = tagging(papers)
    assert tagged[4].tags == () and tagged[4].mentions == () and tagged[4].abstract == talks, tagged[4]
    assert "sitagliptin" in tagged[5].tags + tagged[5].mentions and tagged[5].abstract == talks, tagged[5]

    from generator.enrich.tagging import abstract_book
    assert all(map(abstract_book, ["ESICON 2017 Abstracts", "Abstracts of the 79th EAS Congress",
                                   "BAS/BSCR Poster Abstracts", "Proceedings and Abstracts of the 2nd Symposium",
                                   "American Federation for Medical Research Southern Regional Meeting AFMR 2013"]))
    assert not any(map(abstract_book, ["Automatic generation of scientific abstracts",
                                       "A meeting scheduling algorithm for 2020", "Attention is all you need"]))
