"""Topics: coarse groups found in the text with TF-IDF and NMF (deterministic: nndsvd, fixed seed)."""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from dataclasses import replace

import numpy as np
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning

from ..model import Paper, Topic
from ..slugs import words_slug
from .text_features import fit_transform, paper_text, vectorizer

UNSORTED = Topic("unsorted", "Unsorted", ())
TERMS_PER_TOPIC = 10
MAX_FEATURES = 12000
SAMPLE_FOR_CASING = 40  # papers read to learn how a topic's terms are usually written


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


class TopicModel:
    """Fits on the papers' text, names each topic from its terms, gives each paper its strongest topic."""

    def __init__(self, count: int | None = None, labels: dict[str, str] | None = None,
                 extra_stop_words: tuple[str, ...] = ()):
        self.count = count
        self.labels = labels or {}
        self.extra_stop_words = extra_stop_words
        self.topics: dict[str, Topic] = {}
        self.positions: dict[str, tuple[float, float]] = {}  # paper id -> (x, y) in 0..1, for the topic map

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        if not papers:
            return papers
        texts = [paper_text(paper) for paper in papers]
        try:
            features = vectorizer(self.extra_stop_words, min_df=2 if len(papers) >= 20 else 1)
            features.set_params(max_features=MAX_FEATURES)
            matrix = fit_transform(features, texts)
        except ValueError:  # no usable words at all (empty or stop-word-only texts)
            self.topics = {UNSORTED.key: UNSORTED}
            return [replace(paper, topic=UNSORTED.key) for paper in papers]
        terms = features.get_feature_names_out()
        count = min(self.count or choose_topic_count(len(papers)), matrix.shape[0], matrix.shape[1])
        nmf = NMF(n_components=count, init="nndsvd", random_state=0, max_iter=300, tol=5e-4)
        with warnings.catch_warnings():  # tiny collections may not converge fully; the grouping is still usable
            warnings.simplefilter("ignore", ConvergenceWarning)
            weights = nmf.fit_transform(matrix)
        topics: list[Topic] = []
        used_keys: set[str] = set()
        for component in nmf.components_:
            order = np.lexsort((terms, -np.round(component, 12)))  # by weight, then term: stable
            best = distinct_terms([str(terms[i]) for i in order[: TERMS_PER_TOPIC * 3]], TERMS_PER_TOPIC)
            members = np.argsort(-weights[:, len(topics)], kind="stable")[:SAMPLE_FOR_CASING]
            cased = usual_casing(best, [papers[i].abstract for i in members])
            key = words_slug(" ".join(best[:2]), max_length=40) or "topic"
            while key in used_keys:
                key += "-2"
            used_keys.add(key)
            shown = [cased[term] for term in best]
            topics.append(Topic(key, self.labels.get(key, label_from_terms(shown)), tuple(shown)))
        assigned = []
        for paper, row in zip(papers, weights):
            topic = topics[int(np.argmax(row))] if row.max() > 0 else UNSORTED
            assigned.append(replace(paper, topic=topic.key))
        used = {paper.topic for paper in assigned}
        self.topics = {topic.key: topic for topic in [*topics, UNSORTED] if topic.key in used}
        self.positions = map_positions(papers, weights, nmf.components_)
        return assigned


def map_positions(papers: list[Paper], weights: np.ndarray, components: np.ndarray) -> dict[str, tuple[float, float]]:
    """Where each paper sits on the topic map: topics are placed by how alike their term profiles are
    (classical MDS of cosine distances), and each paper at the mix of its topics, so papers that share
    topics sit close. A small jitter from the paper id spreads papers of one topic into a cloud."""
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
