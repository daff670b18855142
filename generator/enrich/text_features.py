"""TF-IDF features shared by topics and related papers, so both see the same words."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer, TfidfVectorizer

from ..model import Paper

# Words every abstract in a machine-learning collection uses, and the abbreviations any field writes
# ("vs", "et al"): they separate nothing. (A biomedical list was "related" through "vs" alone.)
DOMAIN_STOP_WORDS = frozenset("""
    paper propose proposed proposes approach approaches method methods results result show shows shown
    demonstrate demonstrates based using use used new novel work study studies present presents existing
    achieve achieves significantly significant performance state art furthermore moreover experiments
    experimental extensive various different including introduce introduces recent recently address
    task tasks model models https http com github www code available released release make makes
    provide provides offering offers key effective effectively improve improves improved improving
    garnered academia raises rarely produce produces shed light findings highlight highlights instead point
    points gains deployed nature diverse outline resource developments directions future repository
    remarkable impressive notably crucial critical significant insights insight comprehensive explore explores
    explored exploring investigate investigates propose paper aims aim various valuable widely finally
    vs versus et al eg ie etc
""".split())
# Function words of the other languages bibliographies mix in (French, German, Spanish, Italian,
# Portuguese, Dutch): two French books were "related" through "les, la, sur".
OTHER_LANGUAGES_STOP_WORDS = frozenset("""
    le la les un une des du de au aux et ou en dans sur pour par avec sans sous entre est sont été être
    son sa ses leur leurs ce cette ces qui que quoi dont où il elle ils elles nous vous pas plus ne se
    der die das den dem des ein eine einer eines einem und oder in im auf für mit von zu zum zur bei
    aus ist sind wird werden wurde nicht auch als wie über unter nach durch sich dass es sie er wir vom beim
    el los las una unos unas del al y o con sin por para entre sobre es son fue ser su sus que como
    más pero se lo le
    il lo gli uno della delle degli dei nel nella nei sulla sul per con tra fra è sono che come anche
    più non si
    os um uma uns umas do da dos das no na nos nas em para com sem sobre entre são foi ser seu sua
    seus suas que como mais não se
    het een van en op voor met zijn werd wordt niet ook als bij uit aan naar dat deze dit
""".split())
# litsite's stop words: English, the domain's boilerplate, other languages' function words.
STOP_WORDS = ENGLISH_STOP_WORDS | DOMAIN_STOP_WORDS | OTHER_LANGUAGES_STOP_WORDS
# What kind of paper it is (a survey, a review) says nothing about what it is about: left out of the
# related-papers similarity, kept for topics (surveys do form a group worth browsing).
GENRE_WORDS = ("survey", "surveys", "review", "reviews", "overview", "systematic", "taxonomy", "literature")


LATEX = re.compile(r"\\[A-Za-z]+")  # "$\\varepsilon$" in an arXiv abstract is no word of it


# A publisher's rights statement ends a third of the abstracts of a PubMed or Web of Science export ("(C)
# 2009 Elsevier Inc. All rights reserved."): words of no paper's subject ("elsevier", "rights reserved"
# were terms of a topic on a veterinary export). Looked for in an abstract's last RIGHTS_TAIL characters.
RIGHTS = re.compile(r"©|\([cC]\)\s*(?:19|20)\d\d|\bAll rights reserved\b|\bThis article is protected by copyright\b"
                    r"|\bCopyright\b(?=\s*(?::|©|\([cC]\)|(?:19|20)\d\d|$|[Tt]he [Aa]uthor|by\b))")
RIGHTS_TAIL = 300


# The markup publishers' abstracts carry (HTML, JATS, MathML elements), as opposed to what an abstract
# writes between angle brackets as text: "a special token, <RET>," or "<obj>" in two machine-learning
# abstracts are words of the paper.
MARKUP = re.compile(r"</?(?:sup|sub|i|b|em|strong|u|sc|span|p|br|a|inf|small|jats:[\w-]+|mml:[\w-]+)\b[^<>]*>",
                    re.IGNORECASE)


def reading_abstract(abstract: str) -> str:
    """An abstract as enrichment reads it: publishers' inline markup taken out ("Ldlr<sup>-/-</sup>" made
    "sup" the first term of a diabetes export's topic) and the rights statement at its end cut off."""
    text = MARKUP.sub("", abstract) if "<" in abstract else abstract
    statement = RIGHTS.search(text, max(0, len(text) - RIGHTS_TAIL))
    return text[:statement.start()].rstrip() if statement else text


def readable(papers: list[Paper]) -> tuple[list[Paper], dict[str, str]]:
    """The papers as enrichment reads them (reading_abstract), and the abstracts so changed, by paper id:
    pages and downloads show the abstract as the source gave it (with_abstracts puts them back)."""
    originals: dict[str, str] = {}
    reading = []
    for paper in papers:
        text = reading_abstract(paper.abstract)
        if text != paper.abstract:
            originals[paper.id] = paper.abstract
            paper = replace(paper, abstract=text)
        reading.append(paper)
    return reading, originals


def with_abstracts(papers: list[Paper], originals: dict[str, str]) -> list[Paper]:
    return [replace(paper, abstract=originals[paper.id]) if paper.id in originals else paper for paper in papers]


def paper_text(paper: Paper) -> str:
    """Title twice (it says what the paper is about most densely), then the abstract; LaTeX commands out
    (two arXiv abstracts were related through "varepsilon")."""
    text = f"{paper.title}. {paper.title}. {paper.abstract}"
    return LATEX.sub(" ", text) if "\\" in text else text


def vectorizer(extra_stop_words: tuple[str, ...] = (), min_df: int = 2) -> TfidfVectorizer:
    stop_words = sorted(STOP_WORDS | {word.lower() for word in extra_stop_words})
    return TfidfVectorizer(
        stop_words=stop_words,
        ngram_range=(1, 2),
        min_df=min_df,
        max_df=0.5,
        sublinear_tf=True,
        # A word: a letter, then letters or digits, hyphens inside ("x-ray"); any alphabet's letters, so that
        # "phréatique" and "Schrödinger" count (ASCII letters alone dropped every word holding an accent).
        token_pattern=r"(?u)\b[^\W\d_](?:[^\W_]+(?:-+[^\W_]+)*|(?:-+[^\W_]+)+)\b",
        dtype=np.float64,
    )


VOCABULARY_SAMPLE = 20_000


def vocabulary_sample(texts: list[str]) -> list[str] | None:
    """At most VOCABULARY_SAMPLE of the texts, evenly spaced (deterministic), to learn the vocabulary and
    IDF from; None when there are no more than that. scikit-learn counts every distinct bigram before
    applying min_df; on 100,000 abstracts that table alone took gigabytes. A sample learns the same
    common vocabulary."""
    if len(texts) <= VOCABULARY_SAMPLE:
        return None
    step = len(texts) / VOCABULARY_SAMPLE
    return [texts[int(index * step)] for index in range(VOCABULARY_SAMPLE)]


def fit_transform(features: TfidfVectorizer, texts: list[str]):
    """TF-IDF of all texts, with the vocabulary and IDF learned from at most VOCABULARY_SAMPLE of them."""
    sample = vocabulary_sample(texts)
    if sample is None:
        return features.fit_transform(texts)
    features.fit(sample)
    return features.transform(texts)


@dataclass
class TermCounts:
    """How often each term (a word or two, litsite's stop words out, as `vectorizer` finds them) is in
    each paper's text, and the counts of the papers the vocabulary was learned from (the same, or the
    vocabulary sample). Topics and related papers both weigh these terms: counted once for both (each
    counting them took 1.6 s at 8,579 papers, most of it scikit-learn's Python loop over every term)."""

    counts: csr_matrix
    learned: csr_matrix
    terms: np.ndarray

    def tf_idf(self, columns: np.ndarray) -> tuple[csr_matrix, np.ndarray]:
        """TF-IDF of these columns (sublinear term frequency, unit rows), IDF learned where the vocabulary
        was: what TfidfVectorizer gives for a vocabulary of these terms, the same numbers."""
        chosen = self.counts[:, columns]  # a copy: the counts themselves are left as they are
        learned = chosen if self.learned is self.counts else self.learned[:, columns]
        transformer = TfidfTransformer(sublinear_tf=True).fit(learned)
        return transformer.transform(chosen, copy=False).tocsr(), self.terms[columns]

    def most_frequent(self, most: int) -> np.ndarray:
        """The columns of the `most` terms used most often where the vocabulary was learned, in their
        order (all of them when there are no more): TfidfVectorizer's max_features, the same choice."""
        totals = np.asarray(self.learned.sum(axis=0)).ravel()
        if len(totals) <= most:
            return np.arange(len(totals))
        keep = np.zeros(len(totals), dtype=bool)
        keep[(-totals).argsort()[:most]] = True
        return np.flatnonzero(keep)

    def without_words(self, words) -> np.ndarray:
        """The columns of the terms holding none of these words."""
        words = set(words)
        return np.array([index for index, term in enumerate(self.terms) if not words & set(term.split())],
                        dtype=np.int64)


def term_counts(texts: list[str], extra_stop_words: tuple[str, ...] = ()) -> TermCounts:
    """The texts' TermCounts (ValueError: no usable word in any of them)."""
    features = vectorizer(extra_stop_words, min_df=2 if len(texts) >= 20 else 1)
    counter = CountVectorizer(**{name: value for name, value in features.get_params().items()
                                 if name in CountVectorizer().get_params()})
    sample = vocabulary_sample(texts)
    if sample is None:
        counts = learned = counter.fit_transform(texts)
    else:
        learned = counter.fit_transform(sample)
        counts = counter.transform(texts)
    return TermCounts(counts.tocsr(), learned.tocsr(), counter.get_feature_names_out())
