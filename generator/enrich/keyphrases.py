"""Tags from the collection itself: phrases that recur in titles, so a collection in any field gets tags
(a medical or ecological review got none from the shipped machine-learning vocabulary).

A title says what a paper is about most densely, so candidates are the two- and three-word phrases of
titles that neither begin nor end with a stop word nor end with an adjective ("deep convolutional"), single
words written as acronyms (MEG, EEG, BERT), and single words rare in everyday English (wordfreq's counts,
shipped in its wheel): the subject a medical title names in one word ("Obesity", "Sitagliptin",
"Cataract") but no everyday word ("Dog", "Testing") nor a generic word of titles ("Prevalence",
"Efficacy"; GENERIC), no verb ("attenuates") and no adjective ("Cardiac"). A phrase becomes a tag when at
least MIN_TITLES titles (and MIN_SHARE of them in a large collection) hold it, and at most MAX_SHARE of
all titles. Where one candidate holds another and has most of its titles, the longer one stays ("cocker
spaniel dog", not "cocker spaniel"); a single word that titles mostly use inside longer phrases is their
head, not a subject ("inhibitor"); a phrase a vocabulary tag already matches is left to that tag. The
collection gets one tag per PAPERS_PER_TAG papers at most (MIN_TAGS at least), the phrases held by most
titles with the rarest words first.

A record's keywords say what its authors (or MEDLINE's indexers) take it to be about: a keyword that names
a subject as a title phrase would (keyword_phrase) counts as that phrase for the paper, so keywords that
records share become tags, given to each record they name (a Web of Science export's "Otitis externa" on
papers whose titles say "aural CT" and "ceruminous gland hyperplasia").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..model import Paper, Tag
from ..slugs import words_slug
from .tags import MENTIONS, tag_pattern
from .text_features import GENRE_WORDS, LATEX, MARKUP, OTHER_LANGUAGES_STOP_WORDS, STOP_WORDS

# A tag's description, by where its phrase was found: (in titles, in keywords)
FOUND_IN = {(True, False): "A phrase that recurs in this collection's titles.",
            (False, True): "A keyword that recurs in this collection's records.",
            (True, True): "A phrase that recurs in this collection's titles and records' keywords."}
MIN_TITLES = 2  # two titles that share a subject, in a 50-record export, are a group worth a tag
HEAD_TITLES = 3  # a longer phrase this common makes a phrase inside it its head (without_heads)
HEAD_SHARE = 0.5  # of a single word's titles, where it is inside a longer phrase, to be a head
# ... and of a longer phrase's titles: "receptor agonist" is inside "GLP-1 receptor agonist" and the like in
# 33 of its 38 titles in a diabetes export, while "neural network" (31 of 55 titles, in d2l and NeMo's
# bibliographies) and "machine translation" (5 of 9) are subjects of their own.
LONGER_HEAD_SHARE = 0.8
MIN_SHARE = 0.002
ABSTRACTS_BELOW = 5_000  # papers: a smaller collection also draws phrases its abstracts repeat (abstract_cover)
COVER_SHARE = 0.5  # at most this many more tags, relative to the title phrases' budget, come from abstracts
MAX_SHARE = 0.25
MIN_TAGS = 30  # at most one tag per 10 papers, and at least this many
PAPERS_PER_TAG = 10
# A tag's name takes the word that follows its phrase in this share of its titles: MNE's *Independent
# component* took "analysis" at 8 of 11 (it was 0.75, and "analysis" was a word no name took).
NEXT_SHARE = 0.7
FOLLOWED_SHARE = 0.9  # ... or, where some word (no stop word) follows the phrase in this share of them,
ALWAYS_NEXT_SHARE = 0.5  # the word that follows in this share
NO_NAME = {"method", "approach", "study", "framework", "technique", "system", "review", "survey"}
# numbers: inside phrases ("type 2 diabetes"); a word may start with digits ("1D", "3D": not "D")
WORD = re.compile(r"[0-9]*[^\W\d_][^\W_]*(?:-[^\W_]+)*|[0-9]+\b")
PUNCTUATION = re.compile(r"[^\w\s-]+")
# ... and a dash that joins no two words ("PIG JAW IN COCKER SPANIELS - RETROGNATHIA OF THE MANDIBLE"): phrases
# end at both
PHRASE_BREAK = re.compile(r"[^\w\s-]+|(?<!\w)-+|-+(?!\w)")
TOKEN = re.compile(r"[^\w\s-]+|" + WORD.pattern)  # a text's words, and the punctuation between them
ACRONYM = re.compile(r"[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?")
ACRONYM_PLURAL = re.compile(r"[A-Z][A-Z0-9]*[A-Z]s")  # "LMs", "GANs": one subject with "LM", "GAN"
ADJECTIVE_ENDINGS = ("al", "ive", "ous", "ic", "ed", "ful", "less", "able", "ible", "ary")
STOP = STOP_WORDS | set(GENRE_WORDS) | {
    "towards", "toward", "via", "vs", "versus", "beyond", "revisited", "revisiting", "rethinking", "learning",
    "large", "analysis", "case", "effects", "effect", "role", "impact", "evaluation", "assessment", "report",
    "part", "ii", "iii", "one", "two", "data", "better", "efficient", "simple", "scalable", "good", "deep", "high",
    "low", "small", "general", "unified", "dynamic", "adaptive", "understanding", "framework", "application",
    "applications"}
# Rare in everyday English, yet no subject: what titles say about any subject (checked in their singular).
GENERIC = {
    "prevalence", "efficacy", "predictor", "characterization", "characterisation", "determinant", "insight",
    "perspective", "validation", "correlate", "cohort", "prediction", "estimation", "quantification", "modeling",
    "modelling", "simulation", "algorithm", "pathway", "signaling", "signalling", "scaling", "tuning",
    "inference", "representation", "benchmark", "dataset", "outcome", "mechanism", "implication", "update",
    "comparison", "consideration", "recommendation", "guideline", "methodology", "paradigm", "phenomenon",
    "feasibility", "reliability", "validity", "sensitivity", "specificity", "accuracy", "utility", "usability",
    "interpretation", "incidence", "susceptibility", "heterogeneity", "variability", "variation", "trajectory",
    "pilot", "protocol", "cross-sectional", "retrospective", "prospective", "randomized", "randomised",
    "meta-analysis", "preliminary", "novel", "proof", "concept", "insights", "lessons", "trends", "toolkit",
    "toolbox", "library", "package", "software", "implementation", "pipeline", "workflow", "platform", "latent",
    "token", "learner", "extraction", "dysfunction", "inhibition", "activation", "induction", "regulation",
    "expression", "modulation", "attenuation", "suppression", "improvement", "enhancement", "reduction",
    "vector", "regulator", "progression", "synthesis", "obese", "sparse", "dense", "recurrent",
    # where a quantity was measured ("serotonin serum concentration"), a step a method takes ("MRI cortical
    # surface reconstruction"): judged wrong as tags of a veterinary and a neuroscience export (session 13)
    "serum", "plasma", "reconstruction",
    # the species a veterinary export is about, and what a single keyword says of any disease ("Canine" on a
    # fifth of a Cocker Spaniel export; "Defect" of a kidney and of a tail): a subject only in a longer phrase
    "canine", "feline", "bovine", "equine", "porcine", "murine", "ovine", "caprine", "avian", "defect",
    "deficiency", "abnormality", "anomaly", "malformation", "lesion", "disorder", "complication",
    # where an experiment was made, what it measured ("in vivo", "glucose uptake")
    "vivo", "vitro", "situ", "uptake", "variant",
    # what was measured of anything ("Evaluation of indicators of acute emotional states in dogs")
    "indicator"}
# No subject on their own, yet the first word of phrases that are ("parameter estimation", "coordinate
# descent", "corpus linguistics"), so not GENERIC, which no phrase naming a topic may open with:
# a dataset by another name and what any model has ("a corpus of programs", "zero parameter"), judged wrong
# as tags of the default corpus (session 16) and of a mixed collection (session 15); what a method works
# under or in ("privacy constraints", "orientation constraints"; "coordinate system"), judged wrong on
# that mixed collection and on MNE's bibliography (session 13).
NO_SUBJECT_ALONE = {"corpus", "corpora", "parameter", "constraint", "coordinate",
                    # what a method is or works on, said of any subject ("Fast and Robust Fixed-Point Algorithms
                    # for Independent Component Analysis" got *Robust*; "Stein Unbiased GrAdient estimator of
                    # the Risk" *Gradient*): judged wrong as tags of MNE's bibliography (session 24)
                    "robust", "fast", "accurate", "automatic", "automated", "reliable", "gradient", "multivariate",
                    "multichannel"}
# Titles' verbs ("Liraglutide attenuates...", "...inhibits..."): a single word is no subject when it ends in
# -ing, or is a third person whose stem ends as verbs do, or is one of these.
TITLE_VERBS = {
    "inhibits", "suppresses", "improves", "reduces", "induces", "enhances", "promotes", "protects", "prevents",
    "increases", "decreases", "impairs", "restores", "reverses", "affects", "predicts", "reveals", "shows",
    "lowers", "blocks", "limits", "exerts", "confers", "alters", "triggers", "drives", "boosts", "yields",
    "enables", "outperforms", "matters", "helps", "makes", "meets", "learns", "works", "scales"}
VERB_STEMS = ("ate", "ize", "ise", "ify")
# vascular, cardiac, resistant, coherent, densely, connectionist...
SINGLE_ADJECTIVE_ENDINGS = ADJECTIVE_ENDINGS + ("ar", "ac", "ant", "ent", "ly", "ist")
# ... but these nouns end so too.
NOUNS_LIKE_ADJECTIVES = {
    "agent", "client", "gradient", "component", "patient", "student", "parent", "content", "event", "solvent",
    "reagent", "nutrient", "rodent", "infant", "mutant", "variant", "implant", "transplant", "plant", "pollutant",
    "antioxidant", "assistant", "servant", "coolant", "surfactant", "adjuvant", "antagonist", "agonist",
    "scientist", "dentist", "pharmacist", "therapist"}

SINGULAR_IN_S = {"diabetes", "species", "series", "herpes", "rabies", "caries", "scabies", "facies", "feces",
                 "faeces", "measles", "mumps", "physics", "mathematics", "economics", "genetics", "statistics",
                 "news", "lens", "gas", "bias", "pancreas", "atlas", "canvas", "chaos", "ethos", "pathos", "cosmos",
                 "iris"}
LONGEST_WORD = 30
EVERYDAY_ZIPF = 5.0  # "best" 5.8, "language" 5.2, "heads" 4.7, "graph" 4.1
COMMON_ZIPF = 4.0  # wordfreq's scale: 4.0 is once per 100,000 words ("obesity" 3.8, "stroke" 4.3, "dog" 5.1)


def verb(word: str) -> bool:
    """A title's verb in the third person ("attenuates", "inhibits"), lowercase."""
    return word in TITLE_VERBS or word.endswith("s") and word[:-1].endswith(VERB_STEMS)


# Plurals in "-ies" of nouns in "-ie" (the others are "-y": nephropathies, therapies, strategies)
IE_PLURALS = {"movies", "calories", "cookies", "zombies", "prairies", "rookies", "smoothies", "brownies",
              "pixies", "genies", "pies", "ties", "lies", "dies", "hippies", "aunties", "selfies", "goalies"}


# Latin and Greek plurals titles use ("matrices" made the tag slug "matrice", "analyses" the key "analyse"):
# by ending where the ending is theirs alone, else word by word ("devices", "prices", "doses" are regular).
CLASSICAL_ENDINGS = (("yses", "ysis"), ("eses", "esis"))  # analyses, hydrolyses; hypotheses, syntheses
CLASSICAL_PLURALS = {
    "matrices": "matrix", "vertices": "vertex", "indices": "index", "appendices": "appendix", "cortices": "cortex",
    "apices": "apex", "simplices": "simplex", "helices": "helix", "diagnoses": "diagnosis",
    "prognoses": "prognosis", "thromboses": "thrombosis", "stenoses": "stenosis", "fibroses": "fibrosis",
    "neuroses": "neurosis", "psychoses": "psychosis", "anastomoses": "anastomosis", "crises": "crisis",
    "axes": "axis"}


# A word in "-ics" names a field or a science, one subject ("molecular dynamics", "quantum mechanics",
# "computational linguistics", "evaluation" of "lexical semantics"): folded to "-ic" it read as an adjective
# and no phrase could end with it. These are the plurals of nouns in "-ic" ("evaluation metrics").
IC_NOUNS = {"metric", "topic", "clinic", "heuristic", "antibiotic", "probiotic", "prebiotic", "narcotic",
            "diuretic", "analgesic", "anesthetic", "anaesthetic", "antiseptic", "mosaic", "rubric", "critic",
            "relic", "epidemic", "pandemic", "comic", "characteristic", "statistic", "tropic", "basic", "specific"}


@lru_cache(maxsize=1 << 17)
def singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")) or word in SINGULAR_IN_S:
        return word
    if word.endswith("ics") and word[:-1].rsplit("-", 1)[-1] not in IC_NOUNS:  # "dynamics", "meta-genomics"
        return word
    last = word.rsplit("-", 1)[-1]  # "meta-analyses"
    if last in CLASSICAL_PLURALS:
        return word[:len(word) - len(last)] + CLASSICAL_PLURALS[last]
    for plural, one in CLASSICAL_ENDINGS:
        if word.endswith(plural) and len(last) > len(plural) + 1:
            return word[:-len(plural)] + one
    if word.endswith("ies") and len(word) > 4 and word not in IE_PLURALS:
        return word[:-3] + "y"
    if word.endswith("sses"):  # "processes", "classes", "losses": "Gaussian Processes" was not "Gaussian process"
        return word[:-2]
    return word[:-1]


def title_phrases(title: str) -> dict[tuple[str, ...], str]:
    """The title's candidate phrases (lowercase, singular words) with the spelling the title used; a
    phrase never spans punctuation ("MEG/EEG", "Mamba: Linear" are two words apart)."""
    shouting = title.isupper()  # Web of Science writes whole titles in capitals: no acronym can be told
    phrases: dict[tuple[str, ...], str] = {}
    for part in PHRASE_BREAK.split(title.lower() if shouting else title):
        phrases.update(part_phrases(WORD.findall(part)))
    return phrases


@lru_cache(maxsize=1 << 16)
def subject_word(written: str) -> bool:
    """A single word that can name a subject: rare in everyday English and not a generic word of titles."""
    word = written.lower()
    adjective = word.endswith(SINGLE_ADJECTIVE_ENDINGS) and not word.endswith("ment") \
        and singular(word) not in NOUNS_LIKE_ADJECTIVES
    if len(word) < 4 or singular(word) in GENERIC or word in GENERIC or singular(word) in NO_SUBJECT_ALONE \
            or word in STOP or word[0].isdigit() \
            or word.endswith("ing") or adjective or verb(word):
        return False
    from wordfreq import zipf_frequency  # imported here: only tagging with title phrases needs it
    return max(zipf_frequency(word, "en", wordlist="small"),
               zipf_frequency(singular(word), "en", wordlist="small")) < COMMON_ZIPF


@lru_cache(maxsize=1 << 16)
def everyday_word(term: str) -> bool:
    """A single word common in everyday English, once in 10,000 words or more ("best", "order", "human",
    "long", "language"; not "graph", "mice"): no phrase, no word with a hyphen or a digit ("seq2seq")."""
    word = term.lower()
    if not word.isalpha():
        return False
    from wordfreq import zipf_frequency
    return max(zipf_frequency(word, "en", wordlist="small"),
               zipf_frequency(singular(word), "en", wordlist="small")) >= EVERYDAY_ZIPF


def key_word(written: str) -> str:
    """A word as phrases are keyed: lowercase and singular. An acronym's plural is its singular, however
    short ("LMs" and "LM" made two tags: singular() leaves three-letter words alone, "gas" is no plural)."""
    return written[:-1].lower() if ACRONYM_PLURAL.fullmatch(written) else singular(written.lower())


def part_phrases(written: list[str]) -> dict[tuple[str, ...], str]:
    written = [word if len(word) <= LONGEST_WORD else "" for word in written]  # a 500-letter "word" names nothing
    phrases = {}
    for length in (1, 2, 3):
        for start in range(len(written) - length + 1):
            key = phrase_key(written[start:start + length])
            if key:
                phrases[key] = " ".join(written[start:start + length])
    return phrases


# Sources whose keywords no person gave: Hugging Face's ai_keywords (a model's pick of a paper's terms:
# "batch size", "memory") and arXiv's categories. Their keywords stay on the page and in the downloads.
MACHINE_KEYWORDS = {"hf-papers-json", "arxiv-atom"}


def subject_keywords(paper: Paper) -> tuple[str, ...]:
    """The keywords its records' authors or indexers gave the paper (not MACHINE_KEYWORDS')."""
    if all(record.source_format not in MACHINE_KEYWORDS for record in paper.records):
        return paper.keywords
    return tuple(dict.fromkeys(keyword for record in paper.records if record.source_format not in MACHINE_KEYWORDS
                               for keyword in record.keywords))


def keyword_phrases(keywords: tuple[str, ...]) -> dict[tuple[str, ...], str]:
    """The record's keywords that may name its subject (keyword_phrase), keyed as title phrases are. Where
    a record has keywords in capitals beside others, the capitals are Web of Science's Keywords Plus, words
    of the titles its references cite, not its authors' words for it ("HYDROCEPHALUS" on a paper about
    ciliary dyskinesia): only the others are read; where a record has only those, only their phrases
    of two words or more. A record with more than MOST_KEYWORDS keywords holds an
    indexer's terms for everything the paper measured (Scopus' Emtree terms: "Aspartate aminotransferase",
    "Breathing rate" on a paper about myotonia in sheep), in which its authors' keywords cannot be told
    apart: none is read."""
    if len(keywords) > MOST_KEYWORDS:
        return {}
    if any(not keyword.isupper() for keyword in keywords):
        keywords = tuple(keyword for keyword in keywords if not keyword.isupper())
        return dict(found for found in map(keyword_phrase, keywords) if found)
    # Keywords Plus alone (older records): single words are pieces of the cited titles' phrases
    # ("CONGENITA", "DOMINANT", "CHANNEL" on a paper about myotonia)
    return dict(found for found in map(keyword_phrase, keywords) if found and len(found[0]) > 1)


def first_as_written(word: str) -> str:
    """A tag name's first word as titles write it ("LLaMA", "Mamba"), its parts after a hyphen in lower case
    unless acronyms: "Event-Related" in a title's capitals is "Event-related"."""
    head, *rest = word.split("-")
    return "-".join([head, *map(part_as_written, rest)])


def part_as_written(part: str) -> str:
    """A part of a tag name's word (between hyphens) after its first: in lower case but an acronym, a number
    or a name with capitals inside ("GLP-1R", "MicroRNA-155", not "GLP-1r", "Microrna-155")."""
    return part if ACRONYM.fullmatch(part) or part.isdigit() or any(c.isupper() for c in part[1:]) else part.lower()


# Nouns a phrase may end with although they end as adjectives do ("event-related potential", "dense
# retrieval", "overall survival", "latent variable"; ADJECTIVE_ENDINGS). Not "trial": a diabetes export's
# "Clinical trials" went to reviews that mention trials in passing (3 of its 6 papers, read in session 14).
NOUNS_ENDING_AS_ADJECTIVES = {
    "potential", "retrieval", "survival", "interval", "signal", "canal", "animal", "journal", "hospital",
    "crystal", "metal", "material", "manual", "proposal", "tutorial", "portal", "pandemic", "epidemic", "clinic",
    "topic", "logic", "music", "traffic", "speed", "seed", "breed", "vocabulary", "boundary", "dictionary",
    "summary", "objective", "alternative", "derivative", "incentive", "narrative", "variable", "table",
    "metric", "statistic", "heuristic", "antibiotic", "probiotic", "prebiotic", "diuretic", "analgesic",
    "anesthetic", "anaesthetic", "antiseptic", "mosaic", "rubric"}

# What a paper reports of any condition or method ("clinical signs", "ultrasonographic findings",
# "histological features"): no subject, however often titles say it.
DESCRIBED = {"sign", "finding", "feature", "characteristic", "manifestation", "presentation", "aspect",
             "property", "parameter", "consideration", "implication", "observation"}


def described(phrase: list[str]) -> bool:
    """Whether a phrase is only adjectives before a DESCRIBED noun ("clinical sign")."""
    return len(phrase) > 1 and phrase[-1] in DESCRIBED and all(
        word.endswith(SINGLE_ADJECTIVE_ENDINGS) and word not in NOUNS_LIKE_ADJECTIVES for word in phrase[:-1])


def phrase_key(written: list[str]) -> tuple[str, ...] | None:
    """The key of words (lowercase, singular) that may name a subject as a phrase, or None: no stop word or
    number at either end, no adjective at the end, no verb, and a single word only as an acronym or a
    subject word."""
    return written_phrase_key(tuple(written))


@lru_cache(maxsize=1 << 18)  # the same few words recur in every title and abstract (340,000 calls at 10,000 papers)
def written_phrase_key(written: tuple[str, ...]) -> tuple[str, ...] | None:
    if not written or "" in written or len(written) == 1 and not (
            ACRONYM.fullmatch(written[0]) or subject_word(written[0])):
        return None
    phrase = [key_word(word) for word in written]
    if phrase[0] in STOP or phrase[-1] in STOP or phrase[0].isdigit() or phrase[-1].isdigit() \
            or phrase[-1].endswith(ADJECTIVE_ENDINGS) and phrase[-1] not in NOUNS_ENDING_AS_ADJECTIVES \
            or verb(written[0].lower()) or verb(written[-1].lower()) \
            or described(phrase):
        return None
    # keyed by words, hyphens split as the tagger splits them: "COCKER-SPANIELS" is "cocker spaniels"
    return tuple(" ".join(phrase).replace("-", " ").split())


# The record's keywords that say nothing of its subject: arXiv's categories (its reader keeps them as
# keywords), and what indexers add to every record of a kind (Embase's and MEDLINE's check tags and
# publication types: "Nonhuman", "Controlled study", "Humans", "Middle Aged").
ARXIV_CATEGORY = re.compile(r"(?:[a-z]+(?:-[a-z]+)?\.[A-Za-z]{2}(?:-[A-Za-z]+)?|[a-z]+-[a-z]{2,3}|nlin)")
INDEXING_TERMS = {
    "nonhuman", "human", "humans", "animal", "animals", "male", "female", "adult", "aged", "middle aged",
    "young adult", "aged 80 and over", "child", "adolescent", "infant", "newborn", "article", "review",
    "controlled study", "priority journal", "major clinical study", "clinical article", "human tissue",
    "human cell", "animal experiment", "animal model", "animal tissue", "animal cell", "case report",
    "clinical trial", "controlled clinical trial", "randomized controlled trial", "comparative study",
    "retrospective study", "prospective study", "cohort analysis", "procedures", "in vitro study",
    "in vivo study", "pregnancy", "journal article", "research support", "meta analysis",
    # DataCite's field of science on arXiv's DOIs, "FOS: Electrical engineering, electronic engineering,
    # information engineering", split at its commas
    "electronic engineering", "information engineering",
    # MEDLINE's headings for who and what was studied and how, on any subject's papers (MeSH's own words)
    "child, preschool", "infant, newborn", "rats, sprague-dawley", "rats, wistar", "rats, inbred strains",
    "mice, inbred c57bl", "mice, inbred balb c", "mice, inbred strains", "mice, knockout", "mice, transgenic",
    "disease models, animal", "models, animal", "cells, cultured", "cell line", "cell line, tumor", "swine",
    "cattle", "sheep", "treatment outcome", "risk factors", "risk assessment", "time factors", "age factors",
    "sex factors", "dose-response relationship, drug", "drug administration schedule", "sensitivity and specificity",
    "severity of illness index", "reproducibility of results", "predictive value of tests", "prognosis",
    "follow-up studies", "case-control studies", "double-blind method", "single-blind method", "random allocation",
    "placebos", "odds ratio", "regression analysis", "multivariate analysis", "proportional hazards models",
    "survival analysis", "survival rate", "kaplan-meier estimate", "roc curve", "area under curve",
    "models, biological", "models, theoretical", "models, statistical", "computer simulation", "data collection",
    "questionnaires", "surveys and questionnaires", "reference values", "biomarkers", "gene expression",
    "gene expression regulation", "gene expression profiling", "signal transduction", "united states"}
LONGEST_KEYWORD = 4  # words
MOST_KEYWORDS = 30  # Web of Science: up to 20 (authors' and Keywords Plus); Scopus with Emtree: 50 to 300
ROMAN = re.compile(r"\b(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})\b")
TRAILING_SHORT_FORM = re.compile(r"\s*\([^()]*\)$")  # "systemic inflammatory response syndrome (SIRS)"


@lru_cache(maxsize=1 << 16)
def keyword_phrase(keyword: str) -> tuple[tuple[str, ...], str] | None:
    """A record's keyword as a phrase key and its spelling, or None where it names no subject (see
    phrase_key) or is longer than LONGEST_KEYWORD words. MEDLINE's headings are read as subjects:
    "Diabetes Mellitus, Type 2/drug therapy*" is "Type 2 Diabetes Mellitus"."""
    text = TRAILING_SHORT_FORM.sub("", MARKUP.sub("", keyword).split("/")[0].strip(" *"))
    if ARXIV_CATEGORY.fullmatch(text) or text.lower() in INDEXING_TERMS or text.startswith("FOS:"):
        return None
    if text.count(",") == 1:
        head, _, qualifier = text.partition(",")
        text = f"{qualifier.strip()} {head.strip()}"
    if text.isupper():  # Web of Science's "COLLAGEN TYPE-IV": no acronym can be told but a roman numeral
        text = ROMAN.sub(lambda numeral: numeral.group().upper(), text.lower())
    written = WORD.findall(text)
    if len(written) > LONGEST_KEYWORD or PUNCTUATION.search(text.replace("'", "")):
        return None
    key = phrase_key(written)
    return (key, " ".join(written)) if key else None


def abstract_phrases(abstract: str) -> dict[tuple[str, ...], str]:
    """The candidate phrases an abstract says at least MENTIONS times (what a tag is given for)."""
    found: Counter = Counter()
    spelled: dict[tuple[str, ...], str] = {}
    for part in PUNCTUATION.split(LATEX.sub(" ", abstract)):
        for phrase, spelling in part_phrases(WORD.findall(part)).items():
            found[phrase] += 1
            spelled.setdefault(phrase, spelling)
    return {phrase: spelled[phrase] for phrase, count in found.items() if count >= MENTIONS}


class Phrases(NamedTuple):
    """The candidate phrases of a collection's titles and records' keywords: in how many papers each is,
    and how the titles (`spellings`) and keywords spell it, each spelling with its number of papers."""
    counts: Counter
    spellings: dict[tuple[str, ...], Counter]
    keyword_spellings: dict[tuple[str, ...], Counter]

    def in_titles(self, phrase: tuple[str, ...]) -> int:
        return sum(self.spellings[phrase].values()) if phrase in self.spellings else 0


def collection_phrases(papers: list[Paper]) -> Phrases:
    counts: Counter = Counter()
    spellings: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    keyword_spellings: dict[tuple[str, ...], Counter] = defaultdict(Counter)  # where no title spells a phrase
    for paper in papers:
        in_title = title_phrases(paper.title)
        for phrase, spelling in in_title.items():
            spellings[phrase][spelling] += 1
        in_keywords = keyword_phrases(subject_keywords(paper))
        for phrase, spelling in in_keywords.items():
            keyword_spellings[phrase][spelling] += 1
        counts.update({**in_title, **in_keywords}.keys())
    return Phrases(counts, spellings, keyword_spellings)


def corpus_tags(papers: list[Paper], vocabulary: dict[str, Tag], phrases: Phrases | None = None) -> dict[str, Tag]:
    """Tags for the phrases the collection's titles share, keyed by slug; none that a vocabulary tag covers.
    `phrases`: the papers' collection_phrases, where the caller has them."""
    counts, spellings, keyword_spellings = phrases or collection_phrases(papers)
    needed = max(MIN_TITLES, round(MIN_SHARE * len(papers)))
    broad = {phrase for phrase, count in counts.items() if count > MAX_SHARE * len(papers)}
    candidates = {phrase: count for phrase, count in counts.items() if needed <= count <= MAX_SHARE * len(papers)}

    # The most titles a longer candidate holding each phrase has (each candidate's own parts looked up:
    # comparing every pair of candidates took 2.6 s at 10,000 papers).
    held_by: Counter = Counter()
    for phrase, count in candidates.items():
        for size in range(1, len(phrase)):
            for start in range(len(phrase) - size + 1):
                part = phrase[start:start + size]
                if part in candidates and count > held_by[part]:
                    held_by[part] = count
    kept = {phrase: count for phrase, count in candidates.items() if held_by[phrase] < 0.6 * count}
    kept = without_heads(kept, candidates, papers)
    # Ranked by how many titles hold a phrase and how rare its words are in the whole collection's text:
    # "sequence" in every other machine-learning abstract separates little.
    frequency: Counter = Counter()  # in how many papers each word is, counted a thousand papers at a time
    for start in range(0, len(papers), 1000):  # (every paper's word set at once took 1 GB at 87,000 papers)
        frequency.update(word for paper in papers[start:start + 1000] for word in set(WORD.findall(
            " ".join((paper.title, paper.abstract, *subject_keywords(paper))).lower())))

    def rank(item):
        phrase, count = item
        rarest = max(frequency[word] or frequency[word + "s"] or 1 for word in phrase)
        return (-count * math.log(len(papers) / min(rarest, len(papers)) + 1), phrase)
    patterns = [tag_pattern(tag) for tag in vocabulary.values()]
    tags: dict[str, Tag] = {}
    fragments: set[tuple[str, ...]] = set()

    def add(phrase: tuple[str, ...], spelling: str, description: str, then: str = "") -> bool:
        text = " ".join(phrase)
        slug = words_slug(text)
        if not slug or slug in vocabulary or slug in tags or \
                any(pattern.fullmatch(text) or pattern.fullmatch(spelling) for pattern in patterns):
            return False
        if phrase in fragments or then and any(pattern.fullmatch(f"{spelling} {then}") for pattern in patterns):
            fragments.add(phrase)  # of a vocabulary tag's phrase ("diffusion language" of "... models"): never
            return False
        tags[slug] = Tag(slug, tag_label(spelling, then), description, (text,),
                         (spelling,) if ACRONYM.fullmatch(spelling) else ())
        return True
    budget = max(MIN_TAGS, len(papers) // PAPERS_PER_TAG)
    ranked = [phrase for phrase, _ in sorted(kept.items(), key=rank)[:budget]]
    following = next_words([paper.title for paper in papers], ranked)
    chosen = []
    for phrase in ranked:
        if add(phrase, min((spellings.get(phrase) or keyword_spellings[phrase]).items(),
                           key=lambda item: (-item[1], item[0]))[0],
               FOUND_IN[phrase in spellings, phrase in keyword_spellings], following.get(phrase, "")):
            chosen.append(phrase)
    if len(papers) < ABSTRACTS_BELOW:
        picked = abstract_cover(papers, chosen, needed, round(budget * COVER_SHARE), rank,
                                {phrase for phrase in kept if len(phrase) == 1})
        firsts = {phrase[0] for phrase, _ in picked}
        following = next_words([paper.abstract for paper in papers
                                if any(first in paper.abstract.lower() for first in firsts)], [p for p, _ in picked])
        for phrase, spelling in picked:
            add(phrase, spelling, "A phrase that recurs in this collection's abstracts.", following.get(phrase, ""))
    return merge_defined(tags, papers, broad)


def tag_label(spelling: str, then: str = "") -> str:
    """A phrase tag's name as titles spell it: acronyms kept, the first word as written, the rest in lower
    case, and the word that follows it in most titles (`then`: "Neuropeptide Y")."""
    label = " ".join(word if ACRONYM.fullmatch(word) else first_as_written(word) if index == 0
                     else "-".join(map(part_as_written, word.split("-")))
                     for index, word in enumerate(spelling.split()))
    if then:
        label += " " + (then if then.isupper() else then.lower())
    return label[:1].upper() + label[1:]


SHORT_FORM = re.compile(r"[(\[]([^()\[\]]{1,20})[)\]]")  # "(MI)" of "myocardial infarction (MI)"
LIST_BREAK = re.compile(r"[;,]")  # "(GLP-1; 7-36)": the short form is before it
BRACKET = re.compile(r"[()\[\]]")
NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
LONGEST_DEFINED = 6  # words


def abbreviates(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether a short form can stand for a long one: it begins as the long one's first word does and its
    letters come in the long one's order ("mi" of "myocardial infarction", "glp 1" of "glucagon like
    peptide 1"; not "rnn" of "neural network", the end of "recurrent neural network")."""
    letters, text = "".join(short), " ".join(long)
    if len(long) < 2 or len(long) <= len(short) or not letters or letters[0] != text[0]:
        return False
    at = 0
    for letter in letters:
        at = text.find(letter, at) + 1
        if not at:
            return False
    return True


def merge_defined(tags: dict[str, Tag], papers: list[Paper], broad: set[tuple[str, ...]] = frozenset()) -> dict[str, Tag]:
    """One tag for a phrase and the short form the collection's texts define for it: "glucagon-like
    peptide-1 (GLP-1)" 199 times in a diabetes export made *GLP-1* and *Glucagon-like peptide-1* two
    tags of the same papers. A pair is merged when the short form is defined as that phrase at least
    MIN_TITLES times and in at least half of its definitions; the phrase's slug stays, named with both.
    So are two phrases that differ only in a defined form written out or short ("dipeptidyl peptidase-4
    inhibitor", "DPP-4 inhibitor"). A short form no tag has, written as an acronym of three or more
    characters ("SMC", "GLP-1R"), joins the tag of the phrase it is defined as, so that a title writing
    only the short form gets the tag; two letters are too ambiguous ("HF": heart failure, high fat). A
    short form defined as a phrase on more than MAX_SHARE of the titles (`broad`: what the whole collection
    is about, "English cocker spaniel (ECS)") is no tag, as that phrase is not."""
    keyed = {PhraseTagger.words(tag.phrases[0]): slug for slug, tag in tags.items() if len(tag.phrases) == 1}
    defined, as_phrase, spelled = definitions(papers, keyed)
    merged = dict(tags)
    for (long, short), count in sorted(as_phrase.items(), key=lambda item: (-item[1], item[0])):
        if count < max(MIN_TITLES, defined[short] / 2):
            continue
        form = spelled_form(spelled[short])
        if long in broad and short in keyed:  # the short form of what the whole collection is about ("ECS")
            merged.pop(keyed[short], None)
            continue
        if long in keyed and short not in keyed and keyed[long] in merged and \
                ACRONYM.fullmatch(form.replace("-", "")) and len(form.replace("-", "")) >= 3:
            tag = merged[keyed[long]]
            named = squeezed(form) in squeezed(tag.label)  # "GLP1" where the label says "(GLP-1)"
            merged[tag.slug] = replace(tag, label=tag.label if named else f"{tag.label} ({form})",
                                       phrases=tag.phrases + (" ".join(short),))
        # the phrase and its short form, both tags; a phrase holding the long form and the same with the
        # short form ("dipeptidyl peptidase 4 inhibitor", "dpp 4 inhibitor")
        pairs = [(long, short)] if long in keyed and short in keyed else []
        pairs += [(phrase, written) for phrase in keyed for written in [replaced(phrase, long, short)]
                  if written and written in keyed and phrase != long]
        for phrase, written in sorted(pairs):
            long_slug, short_slug = keyed[phrase], keyed[written]
            if long_slug not in merged or short_slug not in merged or long_slug == short_slug:
                continue
            first, second = merged[long_slug], merged.pop(short_slug)
            merged[long_slug] = Tag(long_slug, f"{first.label} ({second.label})", first.description,
                                    first.phrases + second.phrases, first.acronyms + second.acronyms)
    return merged


def definitions(papers: list[Paper], keyed: dict[tuple[str, ...], str]) -> tuple[Counter, Counter, dict]:
    """The short forms the texts define ("myocardial infarction (MI)"): how often each is defined, how
    often as which phrase (the tag's phrase it stands for, else the shortest phrase it abbreviates), and
    how each is written."""
    defined: Counter = Counter()
    as_phrase: Counter = Counter()  # (long, short)
    spelled: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for paper in papers:
        for text in (paper.title, paper.abstract):
            if "(" not in text and "[" not in text:
                continue
            for match in SHORT_FORM.finditer(text):
                written = LIST_BREAK.split(match.group(1))[0].strip()
                short = PhraseTagger.words(written.lower())
                if not short or len(short) > LONGEST_DEFINED:
                    continue
                defined[short] += 1
                spelled[short][written] += 1
                longs = long_forms(short, text, match.start())
                long = next((long for long in longs if long in keyed), longs[0] if longs else None)
                if long:
                    as_phrase[long, short] += 1
    return defined, as_phrase, spelled



def long_forms(short: tuple[str, ...], text: str, at: int) -> list[tuple[str, ...]]:
    """The runs of words just before position `at` (a short form's parenthesis) the short form can stand
    for, the fewest words first: ("myocardial", "infarction") for "(MI)" after "acute myocardial infarction"."""
    before = PhraseTagger.words(BRACKET.split(text[max(0, at - 120):at].lower())[-1])
    return [before[-size:] for size in range(2, min(LONGEST_DEFINED, len(before)) + 1)
            if abbreviates(short, before[-size:])]


def squeezed(text: str) -> str:
    """Lowercase letters and digits only: "(GLP-1)" and "GLP1" hold the same."""
    return NOT_ALPHANUMERIC.sub("", text.lower())


def spelled_form(forms: Counter) -> str:
    """The way a short form is written most often (ties: the first in order)."""
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]


def replaced(phrase: tuple[str, ...], long: tuple[str, ...], short: tuple[str, ...]) -> tuple[str, ...] | None:
    """The phrase with its first run of `long` written as `short`; None when it holds no such run."""
    for start in range(len(phrase) - len(long) + 1):
        if phrase[start:start + len(long)] == long:
            return phrase[:start] + short + phrase[start + len(long):]
    return None


def key_words(written: str) -> list[str]:
    """A title's word as phrase keys hold it: lowercase, singular, split at hyphens."""
    return key_word(written).split("-")


# No name ends in a function word, of any language: "Kritik der" named Kant's two critiques. (Not a letter:
# "Neuropeptide Y" is a name, Spanish "y" or not.)
NAME_STOP_WORDS = ENGLISH_STOP_WORDS | {word for word in OTHER_LANGUAGES_STOP_WORDS if len(word) > 1}


def next_words(texts: list[str], phrases: list[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """The word that follows a phrase in at least NEXT_SHARE of its occurrences in the texts (titles or
    abstracts) and in MIN_TITLES of them (a phrase its keywords name and one title spells is no name),
    as written most often, when it is no stop word: the phrase could not take it in, as it
    may not end a phrase ("model" says nothing on its own), yet "Diffusion language" is a fragment where
    titles say "Diffusion language models". The tag keeps its phrase and takes the longer name. Where some
    word follows the phrase in FOLLOWED_SHARE of its occurrences, the commonest of them needs only
    ALWAYS_NEXT_SHARE ("Sodium-glucose" was a tag's name)."""
    starts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in phrases:
        starts[phrase[0]].append(phrase)
    seen: Counter = Counter()
    after: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for text in texts:
        text = text.lower() if text.isupper() else LATEX.sub(" ", text)
        for part in PUNCTUATION.split(text):
            written = WORD.findall(part)
            keys = [key_words(word) for word in written]
            # each key word with the written word it belongs to, and whether it begins and ends that word
            flat = [(key, index, position == 0, position == len(parts) - 1) for index, parts in enumerate(keys)
                    for position, key in enumerate(parts)]
            for start, (key, _, begins, _) in enumerate(flat):
                for phrase in starts.get(key, ()) if begins else ():
                    end = start + len(phrase)
                    if tuple(item[0] for item in flat[start:end]) != phrase or not flat[end - 1][3]:
                        continue
                    last = flat[end - 1][1]
                    seen[phrase] += 1
                    if last + 1 < len(written):
                        after[phrase][name_part(written[last + 1])] += 1
    completed = {}
    for phrase, forms in after.items():
        by_key = Counter()
        for form, count in forms.items():
            by_key[next_key(form)] += count
        key, count = min(by_key.items(), key=lambda item: (-item[1], item[0]))
        # a phrase some word always follows is a fragment: the commonest of these words then names it
        # ("sodium-glucose transporter", "... cotransporter", "... co-transporter 2")
        always_followed = sum(times for follower, times in by_key.items() if follower not in NAME_STOP_WORDS) \
            >= FOLLOWED_SHARE * seen[phrase]
        if count >= max(MIN_TITLES, (ALWAYS_NEXT_SHARE if always_followed else NEXT_SHARE) * seen[phrase]) \
                and key not in NAME_STOP_WORDS \
                and key not in GENERIC \
                and key not in NO_NAME and not key[0].isdigit() and not key.endswith("ed"):
            form = min((item for item in forms.items() if next_key(item[0]) == key),
                       key=lambda item: (-item[1], "-" in item[0], item[0]))[0]  # "cotransporter-2": its word
            completed[phrase] = form
    return completed


def name_part(form: str) -> str:
    """What of a following word may end a name: a roman numeral or a letter before a hyphen alone
    ("Angiotensin II-infused mice", "Neuropeptide Y-induced"), else the word."""
    first, hyphen, _ = form.partition("-")
    return first if hyphen and (len(first) == 1 or ROMAN.fullmatch(first.lower())) else form


def next_key(form: str) -> str:
    """A following word as next_words counts it: its key, a gerund as its stem ("Regression Testing" and
    "Regression Test Optimization" both name "Regression test...")."""
    # hyphens out, and numbers after them: "co-transporter-2", "cotransporter-" and "cotransporter" alike
    key = "".join(part for part in key_words(form.strip("-")) if not part.isdigit()) if "-" in form \
        else key_word(form)
    return key[:-3] if key.endswith("ing") and len(key) > 6 else key


def abstract_cover(papers: list[Paper], chosen: list, needed: int, most: int, rank, subjects=frozenset()) -> list:
    """Phrases for the papers no title phrase tags: among the phrases that at least `needed` papers repeat
    in their abstract (or hold in their title), the one the most of these papers have, then the next, while
    one gives at least `needed` of them a tag (at most `most` phrases)."""
    said = [{**abstract_phrases(paper.abstract), **title_phrases(paper.title)} if paper.abstract else {}
            for paper in papers]
    everywhere = Counter(phrase for phrases in said for phrase in phrases)
    # Single words only as acronyms: a single word an abstract repeats is mostly the head of a longer term
    # ("peptidase", "kinase", "receptors") or half of one ("in vivo"). Then, for the papers still without
    # a tag, the subjects titles name in one word (`subjects`: "dyslipidemia", no head of longer phrases).
    acronyms = {phrase for phrases in said for phrase, spelling in phrases.items()
                if len(phrase) == 1 and ACRONYM.fullmatch(spelling)}
    shared = {phrase for phrase, count in everywhere.items() if needed <= count <= MAX_SHARE * len(papers)}
    covered = set(chosen)
    left = [phrases for phrases in said if phrases and not covered.intersection(phrases)]
    picked: list = []
    for allowed in ({phrase for phrase in shared if len(phrase) > 1 or phrase in acronyms},
                    shared.intersection(subjects)):
        while left and len(picked) < most:
            counts = Counter(phrase for phrases in left for phrase in allowed.intersection(phrases))
            if not counts:
                break
            best = min(counts.items(), key=lambda item: (-item[1], rank((item[0], everywhere[item[0]]))))
            if best[1] < needed:
                break
            phrase = best[0]
            picked.append((phrase, Counter(phrases[phrase] for phrases in left if phrase in phrases).most_common(1)[0][0]))
            left = [phrases for phrases in left if phrase not in phrases]
    return picked


def without_heads(kept: dict, candidates: dict, papers: list[Paper]) -> dict:
    """Phrases that most titles use inside longer candidate phrases are the heads of those phrases, not a
    subject of their own: "inhibitor" of "DPP-4 inhibitor" and "SGLT2 inhibitor" (no one phrase holds most
    of its titles, so the rule above keeps it). A single word is a head inside any longer phrase; a longer
    one only at the end of a longer phrase ("receptor agonist" of "GLP-1 receptor agonist" and "TGR5
    receptor agonist"), since one that others go on from names their subject ("type 2 diabetes patients"),
    and only where titles hardly ever say it alone (LONGER_HEAD_SHARE)."""
    longer = {phrase for phrase, count in candidates.items() if len(phrase) > 1 and count >= HEAD_TITLES}
    if not longer:
        return kept
    inside: Counter = Counter()
    # the phrases that can be heads: single words, and longer ones some longer candidate ends with
    ends = {other[start:] for other in longer for start in range(1, len(other) - 1)}
    words = {word for phrase in kept if len(phrase) == 1 or phrase in ends for word in phrase}
    for paper in papers:
        if words.isdisjoint(singular(word.lower()) for word in WORD.findall(paper.title)):
            continue  # most titles hold none of the kept phrases' words: no need to find their phrases
        phrases = title_phrases(paper.title)
        mine = kept.keys() & phrases.keys()
        if mine:
            around = longer.intersection(phrases)
            held = {word for phrase in around for word in phrase}
            inside.update(phrase for phrase in mine if phrase[0] in held if len(phrase) == 1 or any(
                len(other) > len(phrase) and other[-len(phrase):] == phrase for other in around))
    return {phrase: count for phrase, count in kept.items()
            if inside[phrase] < (HEAD_SHARE if len(phrase) == 1 else LONGER_HEAD_SHARE) * count}


def text_words(text: str) -> list[str]:
    """A text's words as phrase keys are made (lowercase, singular, hyphens apart), with the runs of
    punctuation between them, which no phrase holds: no phrase is found across one."""
    return [singular(token) for token in TOKEN.findall(text.lower().replace("-", " "))]


# A phrase right after these is not said ("non-diabetic rats" are no *Diabetic rat*, "non-small cell lung
# cancer" no small cell lung cancer): text_words reads "non-diabetic" as two words.
NEGATING = {"non", "pre"}
SAME_STEM = 5  # letters two words begin with alike to be one word written otherwise ("retriever", "retrieval")


def same_sense(defined: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether a text's long form of a short one is a tag's phrase: the same however hyphenated
    ("glucagonlike peptide-1"), or holding its words in order, each word or its first SAME_STEM letters
    ("large pre-trained language models (LLMs)", "type 2 diabetic (T2D)", "retriever-augmented generation
    (RAG)"); not "myo-inositol (MI)" for myocardial infarction, nor "speech language models (SLMs)" for
    small language models."""
    written, phrase = squeezed(" ".join(defined)), squeezed(" ".join(long))
    if phrase in written or written in phrase:
        return True
    words = iter(defined)
    return all(any(word == other or word[:SAME_STEM] == other[:SAME_STEM] and min(len(word), len(other)) >= SAME_STEM
                   for other in words) for word in long)


class PhraseTagger:
    """Gives the collection's phrase tags (corpus_tags) as the vocabulary's are given: for a phrase in the
    title or twice in the abstract. The phrases are looked up among each text's word sequences, read
    once, instead of one regular expression per tag over every paper (hundreds of tags at 10,000 papers)."""

    def __init__(self, tags: dict[str, Tag]):
        # hyphens separate words here, as the patterns take "signal-space" for "signal space"
        self.slugs = {self.words(phrase): slug for slug, tag in tags.items() for phrase in tag.phrases}
        # texts are read in lowercase, where "LMs" is "lms", which singular() keeps: its plural is named too
        for words, slug in list(self.slugs.items()):
            if len(words) == 1 and tags[slug].acronyms and singular(words[0] + "s") != words[0]:
                self.slugs.setdefault((words[0] + "s",), slug)
        self.reach: dict[str, int] = {}  # each word a phrase can begin with -> the longest such phrase
        for phrase in self.slugs:
            if phrase:
                self.reach[phrase[0]] = max(self.reach.get(phrase[0], 0), len(phrase))
        # each tag's short forms, as its name or acronyms write them ("Myocardial infarction (MI)") -> the
        # phrases of the tag they stand for ("myocardial infarction")
        self.stands_for: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        for tag in tags.values():
            shorts = {self.words(short.lower()) for short in (*tag.acronyms, *SHORT_FORM.findall(tag.label))}
            phrases = [self.words(phrase) for phrase in tag.phrases]
            for short in shorts:
                for long in phrases:
                    if abbreviates(short, long):
                        self.stands_for[short].add(long)
        self.named: dict[str, set[str]] = {}  # paper id -> the tags its title or keywords name (the last call's)

    @staticmethod
    def words(text: str) -> tuple[str, ...]:
        return tuple(singular(word) for word in WORD.findall(text.replace("-", " ")))

    def found(self, text: str, other_sense: frozenset = frozenset()) -> Counter:
        """How often each tag's phrase occurs in the text, but the short forms in `other_sense`. The text is
        read once: its words and, between them, its runs of punctuation, which no phrase holds, so no
        phrase is found across one."""
        counts: Counter = Counter()
        words = text_words(text)
        reach, slugs, end = self.reach, self.slugs, len(words)
        for start, word in enumerate(words):
            longest = reach.get(word)
            if longest is None or start and words[start - 1] in NEGATING:
                continue
            for length in range(1, min(longest, end - start) + 1):
                phrase = tuple(words[start:start + length])
                slug = slugs.get(phrase)
                if slug and phrase not in other_sense:
                    counts[slug] += 1
        return counts

    def other_senses(self, paper: Paper) -> frozenset:
        """The tags' short forms this paper defines as something else: a diabetes export's "Myo-inositol (MI)"
        got *Myocardial infarction (MI)* from its abstract's "MI" (judged wrong, session 27)."""
        senses = set()
        for text in (paper.title, paper.abstract):
            if "(" not in text and "[" not in text:
                continue
            for match in SHORT_FORM.finditer(text):
                short = self.words(LIST_BREAK.split(match.group(1))[0].strip().lower())
                longs = self.stands_for.get(short)
                if not longs:
                    continue
                # the fewest words before it the short form can stand for (not words holding the short form
                # itself: "activating GLP-1 receptors (GLP-1)")
                defined = next(iter(long_forms(short, text, match.start())), None)
                if defined and not any(defined[at:at + len(short)] == short for at in range(len(defined))) and \
                        not any(same_sense(defined, long) for long in longs):
                    senses.add(short)
        return frozenset(senses)

    def in_keywords(self, keywords: tuple[str, ...]) -> set[str]:
        """The tags the record's keywords name (its authors' or indexers' word for what it is about)."""
        return {self.slugs[phrase] for phrase in keyword_phrases(keywords) if phrase in self.slugs}

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        """The papers with these tags added; `named` keeps, by paper id, the tags each title or record's
        keywords name."""
        self.named = {}
        if not self.slugs:
            return papers
        result = []
        for paper in papers:
            other_sense = self.other_senses(paper) if self.stands_for else frozenset()
            in_abstract = self.found(paper.abstract, other_sense)
            named = self.named[paper.id] = set(self.found(paper.title, other_sense)) | \
                self.in_keywords(subject_keywords(paper))
            mine = named | {slug for slug, count in in_abstract.items() if count >= MENTIONS}
            result.append(replace(paper, tags=tuple(sorted({*paper.tags, *mine}))) if mine else paper)
        return result
