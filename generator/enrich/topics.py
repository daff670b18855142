"""Topics: coarse groups found in the text with TF-IDF and NMF (deterministic: nndsvd, fixed seed)."""

from __future__ import annotations

import math
import warnings
from dataclasses import replace

import numpy as np
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning

from ..model import UNSORTED, Paper, Topic
from ..slugs import words_slug
from .text_features import TermCounts, paper_text, term_counts
from .topic_names import NAMER, Namer, label_from_terms, usual_casing

TERMS_PER_TOPIC = 10
MAX_FEATURES = 12000
SAMPLE_FOR_CASING = 40  # papers read to learn how a topic's terms are usually written
FIT_SAMPLE = 20_000  # papers the topics are fitted on; the rest are placed by the fitted model
# The fit's iterations. Collections up to the diabetes export's 585 papers converge well before this (their
# topics are the same at 100 and 300). At 8,593 synthetic papers it never converged: the reconstruction
# error was flat from 60 iterations on (90.06 -> 90.05 at 300) while papers kept drifting between
# near-equal topics (ARI 0.55 between 150 and 300); 150 iterations cost 12.3 s of the topics step instead
# of 16.3 s (same run), mean NPMI of the shown terms 0.505 vs 0.488, largest topic 15.7% vs 15.4%.
NMF_ITERATIONS = 150
MAX_TOPIC_SHARE = 0.15  # a topic holding more papers than this share is split in two (split_catch_alls)
SPLIT_FROM = 40  # papers: a smaller topic is not split, however large its share of a small collection
# Words that say what kind of paper it is, not what about: a topic led by one is no subject (without_genres).
# Not "systematic", "literature" or "taxonomy": each is a subject in some field (a taxonomy of species).
GENRE = {"survey", "surveys", "review", "reviews", "overview", "overviews"}
GENRE_LEADING = 2
SPLIT_LEAST = 0.1  # each half of a split holds at least this share of the topic's papers
# Topics are refitted only when more than this share of the papers arrived (or were placed by nearness)
# since the last fit: otherwise papers keep their topic and new ones join the nearest (TopicModel.keep).
REFIT_SHARE = 0.1
# A paper weighing less than this share of its strongest topic's most central paper is unsorted, not a
# member: on d2l's bibliography (titles alone) "Why tanh: choosing a sigmoidal function" sat in "Object
# detection" and "Internet advertising and the generalized second-price auction" in "Speech recognition"
# (0.000-0.05); every paper with an abstract of the default corpus, the diabetes and arXiv exports weighs 0.06
# or more.
MIN_CENTRALITY = 0.05
# The same for a new paper joining kept topics, by nearness to their centres (TopicModel.keep), a scale on which
# members weigh more: a recipe added to the default corpus, the diabetes or the arXiv export is at 0.05-0.10 of
# its nearest topic's strongest paper, 99% of their papers at 0.36 or more.
MIN_NEARNESS = 0.2


def choose_topic_count(paper_count: int) -> int:
    """About sqrt(n/2): 268 papers give 12 topics; never more than 20 coarse groups, never fewer than 1."""
    return max(1, min(20, round(math.sqrt(paper_count / 2))))


def _stems(term: str) -> set[str]:
    return {word[:-1] if word.endswith("s") and len(word) > 2 else word for word in term.split()}


def distinct_terms(ranked: list[str], count: int) -> list[str]:
    """The best terms, leaving out one whose words (singular or plural) another chosen term already
    holds: "heads" after "head", "diffusion" after "diffusion models"."""
    chosen: list[str] = []
    for term in ranked:
        stems = _stems(term)
        if any(stems <= _stems(other) or _stems(other) <= stems for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == count:
            break
    return chosen


LEADING_TERMS = 3  # a topic's first terms, its key and its name come from the fit's own order
CANDIDATE_TERMS = 30  # the rest of the shown terms are chosen among this many of its strongest
RANK_PENALTY = 0.3  # how much a term's place among the candidates counts against how well it fits


def coherent_terms(candidates: list[str], columns: dict[str, np.ndarray], papers: int,
                   count: int = TERMS_PER_TOPIC) -> list[str]:
    """The terms a topic shows: its LEADING_TERMS strongest, then, one at a time, the candidate whose papers
    overlap most with those of the terms already chosen (mean normalized pointwise mutual information, by
    the papers holding each term), a little less for a weaker candidate.

    The fit's own order mixes a topic's words with words every topic uses: "data, dataset, text, human,
    examples, large language, in-context, better, LLM-generated, framework" on the default corpus (NPMI
    -0.04). Chosen by how they occur together, the ten terms of its twelve topics score 0.31 in mean NPMI
    (0.17 in the fit's order; a diabetes export's seventeen 0.48, was 0.32) and read as what the topic is
    about ("search, beam, sequences, greedy, probability, sampling, decoding, top-k"). A term in fewer
    than three papers is never added: two papers alone would make any pair of their words look coherent."""
    def npmi(first: str, second: str) -> float:
        both = len(np.intersect1d(columns[first], columns[second], assume_unique=True))
        if both == 0:
            return -1.0
        joint = both / papers
        if joint >= 1:
            return 1.0
        return math.log(joint * papers * papers / (len(columns[first]) * len(columns[second]))) / -math.log(joint)

    rank = {term: place for place, term in enumerate(candidates)}
    chosen = candidates[:LEADING_TERMS]
    rest = [term for term in candidates[LEADING_TERMS:] if len(columns[term]) >= 3]
    while len(chosen) < count and rest:
        def fit(term: str) -> float:
            return sum(npmi(term, other) for other in chosen) / len(chosen) - \
                RANK_PENALTY * rank[term] / len(candidates)
        best = max(rest, key=lambda term: (fit(term), -rank[term]))
        chosen.append(best)
        rest.remove(best)
    return chosen


class TopicModel:
    """Fits on the papers' text, names each topic from its terms, gives each paper its strongest topic."""

    def __init__(self, count: int | None = None, labels: dict[str, str] | None = None,
                 extra_stop_words: tuple[str, ...] = ()):
        self.count = count
        self.labels = labels or {}
        self.extra_stop_words = extra_stop_words
        self.topics: dict[str, Topic] = {}
        self.positions: dict[str, tuple[float, float]] = {}  # paper id -> (x, y) in 0..1, for the topic map
        self.placed: set[str] = set()  # papers put in a topic by nearness, not by the last fit

    def _features(self, papers: list[Paper], counts: TermCounts | None = None):
        """The terms (the MAX_FEATURES most used), and the papers' TF-IDF rows over them, from the papers'
        term counts, or from `counts` when given (ValueError: no usable word at all)."""
        counts = counts or term_counts([paper_text(paper) for paper in papers], self.extra_stop_words)
        matrix, terms = counts.tf_idf(counts.most_frequent(MAX_FEATURES))
        return terms, matrix

    def can_keep(self, papers: list[Paper], published: dict[str, dict], previous: dict[str, tuple[str, bool, float | None]]) -> bool:
        """Whether the published topics still hold: named the current way, fitted at the count asked for now,
        each with a paper left, and at most REFIT_SHARE of the papers placed by nearness or new since the last
        fit. (A fit at a set count can publish another number, a catch-all split or a survey topic taken
        apart: the count asked for is recorded with the topics; one published without it is compared by
        number.)"""
        if not papers or not published or any(entry.get("namer") != NAMER for entry in published.values()):
            return False
        if self.count is not None and any(entry.get("asked", len(published)) != self.count
                                          for entry in published.values()):
            return False
        fitted = [previous[paper.id][0] for paper in papers if paper.id in previous and previous[paper.id][1]]
        return len(papers) - len(fitted) <= REFIT_SHARE * len(papers) and \
            set(published) <= set(fitted) and set(fitted) <= set(published) | {UNSORTED.key}

    def keep(self, papers: list[Paper], published: dict[str, dict], previous: dict[str, tuple[str, bool, float | None]],
             counts: TermCounts | None = None) -> list[Paper]:
        """The published topics without a refit: known papers keep their topic, a new paper joins the topic
        whose papers' centre (in TF-IDF) is nearest its text; centrality and the map from those centres.
        One edited or added record then changes its own topic's pages, not a refit's worth of the site."""
        keys = sorted(published)
        self.topics = {key: Topic(key, str(published[key].get("label", key)), tuple(published[key].get("terms", ())),
                                  bool(published[key].get("named", False))) for key in keys}
        try:
            _, matrix = self._features(papers, counts)
        except ValueError:
            self.topics = {UNSORTED.key: UNSORTED}
            return [replace(paper, topic=UNSORTED.key) for paper in papers]
        index = {key: position for position, key in enumerate(keys)}
        known = np.array([index.get(previous.get(paper.id, ("",))[0], -1) for paper in papers])
        centres = centres_of(matrix, known, len(keys))
        weights = np.clip(np.asarray(matrix @ centres.T), 0.0, None)
        self.placed = set()
        chosen = []
        nearest = strongest_topics(weights, MIN_NEARNESS)
        for paper, kept, near in zip(papers, known, nearest):
            if paper.id in previous and (kept >= 0 or previous[paper.id][0] == UNSORTED.key):
                chosen.append(int(kept))
                if not previous[paper.id][1]:
                    self.placed.add(paper.id)
            else:
                chosen.append(int(near))
                self.placed.add(paper.id)
        assigned = self._assign(papers, weights, chosen, [self.topics[key] for key in keys])
        self.positions = map_positions(papers, weights, centres)
        # A known paper keeps its centrality too: its topic's page keeps its order.
        return [replace(paper, centrality=previous[paper.id][2]) if paper.id in previous and
                isinstance(previous[paper.id][2], (int, float)) and paper.topic == previous[paper.id][0] else paper
                for paper in assigned]

    def _assign(self, papers: list[Paper], weights: np.ndarray, chosen: list[int], topics: list[Topic]) -> list[Paper]:
        """Each paper in its chosen topic (-1: unsorted), with its centrality there; the topics used."""
        assigned = []
        # Each topic's own most central paper has centrality 1: the strongest weight among its members (a
        # paper weighing more on it can be another topic's, as a survey whose genre topic was taken out).
        chosen_topics = np.asarray(chosen)
        strongest = np.array([weights[chosen_topics == index, index].max(initial=0.0)
                              for index in range(weights.shape[1])])
        strongest = np.where(strongest > 0, strongest, np.maximum(weights.max(axis=0), 1e-12))
        for paper, row, index in zip(papers, weights, chosen):
            topic = topics[index] if index >= 0 else UNSORTED
            centrality = round(float(row[index] / strongest[index]), 4) if index >= 0 else 0.0
            assigned.append(replace(paper, topic=topic.key, centrality=centrality))
        used = {paper.topic for paper in assigned}
        self.topics = {topic.key: topic for topic in [*topics, UNSORTED] if topic.key in used}
        return assigned

    def __call__(self, papers: list[Paper], counts: TermCounts | None = None) -> list[Paper]:
        """The papers, each in its topic; `counts`: their term counts, when already made (pipeline.enrich)."""
        self.placed = set()
        if not papers:
            return papers
        try:
            terms, matrix = self._features(papers, counts)
        except ValueError:  # no usable words at all (empty or stop-word-only texts)
            self.topics = {UNSORTED.key: UNSORTED}
            return [replace(paper, topic=UNSORTED.key) for paper in papers]
        count = min(self.count or choose_topic_count(len(papers)), matrix.shape[0], matrix.shape[1])
        nmf = NMF(n_components=count, init="nndsvd", random_state=0, max_iter=NMF_ITERATIONS, tol=5e-4)
        # In single precision: the fit reads the matrix some 370 times, and at 8,593 papers took 6.9 s in
        # double precision, 5.1 s in single, every paper's strongest topic the same.
        fitted = matrix.astype(np.float32)
        with warnings.catch_warnings():  # tiny collections may not converge fully; the grouping is still usable
            warnings.simplefilter("ignore", ConvergenceWarning)
            if matrix.shape[0] > FIT_SAMPLE:  # fitted on an evenly spaced sample, applied to every paper
                nmf.fit(fitted[np.linspace(0, matrix.shape[0] - 1, FIT_SAMPLE).astype(int)])
                weights = nmf.transform(fitted)
            else:
                weights = nmf.fit_transform(fitted)
        weights, components = without_genres(weights.astype(np.float64), nmf.components_, terms)
        weights, components = split_catch_alls(fitted, weights, components, len(components))
        topics: list[Topic] = []
        used_keys: set[str] = set()
        namer = Namer(papers)
        taken: set[str] = set()
        present = matrix.tocsc()  # which papers hold each term
        present.sort_indices()
        index = {term: column for column, term in enumerate(terms)}
        chosen = strongest_topics(weights)
        for component in components:
            order = np.lexsort((terms, -np.round(component, 12)))  # by weight, then term: stable
            candidates = distinct_terms([str(terms[i]) for i in order[: CANDIDATE_TERMS * 3]], CANDIDATE_TERMS)
            best = candidates[:TERMS_PER_TOPIC]  # the fit's order: the key and the name come from these
            columns = {term: present.indices[present.indptr[index[term]]:present.indptr[index[term] + 1]]
                       for term in candidates}
            shown_terms = coherent_terms(candidates, columns, matrix.shape[0])
            members = central_members(weights[:, len(topics)], chosen == len(topics))
            cased = usual_casing(list(dict.fromkeys(best + shown_terms)), [papers[i].abstract for i in members])
            key = words_slug(" ".join(best[:2]), max_length=40) or "topic"
            while key in used_keys:
                key += "-2"
            used_keys.add(key)
            shown = [cased[term] for term in shown_terms]
            named = namer(best, [papers[i] for i in members], taken)
            label = named or label_from_terms(shown)
            taken.add(label.lower())
            topics.append(Topic(key, self.labels.get(key, label), tuple(shown), bool(named) or key in self.labels))
        assigned = self._assign(papers, weights, chosen.tolist(), topics)
        # The map from the topics' centres in TF-IDF, as TopicModel.keep draws it: a run that keeps the
        # topics draws the same map as the fit did while no text changed.
        centres = centres_of(matrix, chosen, len(topics))
        self.positions = map_positions(papers, np.clip(np.asarray(matrix @ centres.T), 0.0, None), centres)
        return assigned


def strongest_topics(weights: np.ndarray, least: float = MIN_CENTRALITY) -> np.ndarray:
    """Each paper's strongest topic, or -1 (unsorted) where it weighs nothing there or less than `least` of
    that topic's strongest paper."""
    if weights.size == 0:
        return np.full(weights.shape[0], -1)
    chosen = np.argmax(weights, axis=1)
    mine = weights[np.arange(len(chosen)), chosen]
    return np.where((mine > 0) & (mine >= least * weights.max(axis=0)[chosen]), chosen, -1)


def split_catch_alls(matrix, weights: np.ndarray, components: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """While one topic holds more than MAX_TOPIC_SHARE of the papers (and at least SPLIT_FROM of them), it
    is fitted again as two, at most count // 2 times: issue #14 wants no catch-all above 15%, and the
    diabetes export's largest topic held 93 of its 585 papers. Its papers go to the half they weigh most
    on; every other paper keeps its topic, its weight on the old one shared between the two halves as
    the halves' fit shares it. A split that leaves a half fewer than SPLIT_LEAST of the papers is undone
    and ends the splitting (the topic is one subject, only large)."""
    for _ in range(count // 2):
        chosen = np.where(weights.max(axis=1) > 0, weights.argmax(axis=1), -1)
        sizes = np.bincount(chosen[chosen >= 0], minlength=weights.shape[1])
        largest = int(np.argmax(sizes))
        if sizes[largest] <= MAX_TOPIC_SHARE * len(weights) or sizes[largest] < SPLIT_FROM:
            break
        members = np.flatnonzero(chosen == largest)
        halves = NMF(n_components=2, init="nndsvd", random_state=0, max_iter=NMF_ITERATIONS, tol=5e-4)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            own = halves.fit_transform(matrix[members]).astype(np.float64)
            every = halves.transform(matrix).astype(np.float64)
        side = own.argmax(axis=1)
        if min(np.bincount(side, minlength=2)) < SPLIT_LEAST * len(members):
            break
        old = weights[:, largest]
        total = every.sum(axis=1, keepdims=True)
        split = np.where(total > 0, old[:, None] * every / np.where(total > 0, total, 1.0), 0.0)
        # a member weighs on its own half as it did on the whole topic, on the other as the halves compare
        split[members] = old[members, None] * own / np.maximum(own.max(axis=1, keepdims=True), 1e-12)
        weights = np.hstack([weights[:, :largest], split, weights[:, largest + 1:]])
        components = np.vstack([components[:largest], halves.components_, components[largest + 1:]])
    return weights, components


def without_genres(weights: np.ndarray, components: np.ndarray, terms) -> tuple[np.ndarray, np.ndarray]:
    """The topics but those whose leading terms (GENRE_LEADING) say what kind of paper it is, a survey or a
    review, instead of its subject: their papers go to the topic they weigh most on after it (unsorted where
    they weigh on none). Issue #14 found the demo's surveys "grouped by genre away from their subjects": a
    27-paper topic "survey, large language, research" held the surveys of long context, state space models,
    multilingual and multimodal models, which now join those topics. Never every topic."""
    genre = [index for index, component in enumerate(components)
             if any(GENRE & set(str(terms[i]).lower().split())
                    for i in np.argsort(-component, kind="stable")[:GENRE_LEADING])]
    if not genre or len(genre) == len(components):
        return weights, components
    keep = [index for index in range(len(components)) if index not in genre]
    return weights[:, keep], components[keep]


def central_members(weights: np.ndarray, mine: np.ndarray) -> np.ndarray:
    """The papers a topic is named and cased from: its own (mine), weighing most on it first, at most
    SAMPLE_FOR_CASING. (The papers weighing most on it, wherever they went, were mostly other topics' in a
    small collection: in 50 Web of Science records, every topic's 40.)"""
    order = np.argsort(-weights, kind="stable")
    own = order[mine[order]]
    return (own if len(own) else order)[:SAMPLE_FOR_CASING]


def centres_of(matrix, labels: np.ndarray, count: int) -> np.ndarray:
    """Each topic's centre: the unit-length mean of its papers' rows (labels: topic index per paper)."""
    centres = np.vstack([np.asarray(matrix[np.flatnonzero(labels == position)].mean(axis=0)).ravel()
                         if (labels == position).any() else np.zeros(matrix.shape[1]) for position in range(count)])
    return centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)


def map_positions(papers: list[Paper], weights: np.ndarray, components: np.ndarray) -> dict[str, tuple[float, float]]:
    """Where each paper sits on the topic map: topics are placed by how alike their term profiles are
    (classical MDS of cosine distances), and each paper at the mix of its topics, so papers that share
    topics sit close. A small jitter from the paper id spreads papers of one topic into a cloud. The topics
    are taken in an order of their own (by their profiles), so the map does not depend on theirs."""
    order = np.lexsort(np.round(components, 9).T[::-1])
    components, weights = components[order], weights[:, order]
    unit = components / np.maximum(np.linalg.norm(components, axis=1, keepdims=True), 1e-12)
    distance = np.clip(1.0 - unit @ unit.T, 0.0, 2.0)
    k = len(distance)
    if k >= 3:
        centred = -0.5 * (np.eye(k) - 1 / k) @ (distance ** 2) @ (np.eye(k) - 1 / k)
        values, vectors = np.linalg.eigh(centred)
        order = np.argsort(values)[::-1][:2]
        anchors = vectors[:, order] * np.sqrt(np.maximum(values[order], 1e-12))
        anchors *= np.sign(anchors[np.argmax(np.abs(anchors), axis=0), range(2)])  # fix eigenvector signs
    else:
        anchors = np.array([[float(i), 0.0] for i in range(k)])
    mix = weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12)
    sharpened = mix ** 3 / np.maximum((mix ** 3).sum(axis=1, keepdims=True), 1e-12)  # mostly its main topic
    points = sharpened @ anchors
    spread = max(float(np.ptp(points[:, 0])), float(np.ptp(points[:, 1])), 1e-9)
    positions = {}
    for paper, (x, y) in zip(papers, points):
        seed = int(paper.id[-6:], 16) if paper.id[-6:].isalnum() else 0
        jitter_x = ((seed % 1000) / 1000 - 0.5) * 0.08 * spread
        jitter_y = (((seed // 1000) % 1000) / 1000 - 0.5) * 0.08 * spread
        positions[paper.id] = (x + jitter_x, y + jitter_y)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    low_x, high_x, low_y, high_y = min(xs), max(xs), min(ys), max(ys)
    return {pid: (round((x - low_x) / max(high_x - low_x, 1e-9), 4), round((y - low_y) / max(high_y - low_y, 1e-9), 4))
            for pid, (x, y) in positions.items()}
