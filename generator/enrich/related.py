"""Related papers: how alike two papers' words are (TF-IDF of unigrams and bigrams, cosine) and how alike
their meaning is (static word embeddings, cosine), averaged; with the key terms two papers share.

Words alone linked papers through coincidences ("lacks", "real-time", French "les, la, sur"); meaning alone
misses the exact technical terms. On issue #14's judged development set (65 links on the default corpus),
words alone showed 21 of the 25 judged unrelated; the average with the minimum below shows 2 of them and
20 of the 27 judged relevant.

A list holds only papers clearly closer than chance: a score at least MIN_STANDARD_SCORES standard
deviations above the mean over all pairs of the collection. A paper with nothing that close lists none.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..model import Paper, Related
from .embeddings import embed
from .text_features import GENRE_WORDS, fit_transform, paper_text, vectorizer

WORDS_WEIGHT = 0.5  # the rest is meaning
MIN_STANDARD_SCORES = 2.5
BLOCK_ROWS = 256  # similarity is computed a block of rows at a time, so memory stays O(block x papers)
SHARED_TERMS = 3
TERMS_PER_PAPER = 40  # each paper keeps only its strongest terms: the product gets far sparser, and the
                      # dropped terms are the common, low-weight ones that say least about a paper


def strongest_terms(matrix, keep: int):
    """The CSR matrix with each row cut to its `keep` largest entries and scaled back to unit length."""
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        if end - start > keep:
            values = matrix.data[start:end]
            cutoff = np.partition(values, -keep)[-keep]
            values[values < cutoff] = 0.0
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = matrix.multiply(1.0 / norms[:, None]).tocsr().astype(np.float32)
    matrix.sort_indices()
    return matrix


class RelatedPapers:
    def __init__(self, count: int = 5, extra_stop_words: tuple[str, ...] = ()):
        self.count = count
        self.extra_stop_words = extra_stop_words
        self.minimum = 0.0  # the last collection's minimum score (benchmarks/quality.py prints it)

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        if self.count == 0 or len(papers) < 2:
            return papers
        texts = [paper_text(paper) for paper in papers]
        try:
            features = vectorizer((*self.extra_stop_words, *GENRE_WORDS), min_df=2 if len(papers) >= 20 else 1)
            matrix = strongest_terms(fit_transform(features, texts).tocsr(), TERMS_PER_PAPER)
        except ValueError:
            return papers
        meaning = embed(texts)
        terms = features.get_feature_names_out()
        best: list[list[tuple[int, float]]] = []
        total = total_squares = 0.0
        for start in range(0, len(papers), BLOCK_ROWS):
            scores = WORDS_WEIGHT * (matrix[start:start + BLOCK_ROWS] @ matrix.T).toarray() + \
                (1 - WORDS_WEIGHT) * (meaning[start:start + BLOCK_ROWS] @ meaning.T)
            for offset, row in enumerate(scores):
                index = start + offset
                row[index] = 0.0
                total += float(row.sum())
                total_squares += float(np.square(row, dtype=np.float64).sum())
                rounded = np.round(row, 6)
                rounded[index] = -np.inf  # never related to itself
                candidates = np.argpartition(-rounded, min(self.count, len(row) - 1))[: self.count + 1]
                ranked = sorted((int(i) for i in candidates if i != index), key=lambda i: (-rounded[i], papers[i].id))
                best.append([(i, float(rounded[i])) for i in ranked[: self.count]])
        pairs = len(papers) * (len(papers) - 1)
        mean = total / pairs
        deviation = max(total_squares / pairs - mean * mean, 0.0) ** 0.5
        self.minimum = round(mean + MIN_STANDARD_SCORES * deviation, 6)
        return [replace(paper, related=tuple(Related(papers[i].id, round(score, 3), self._shared(matrix, index, i, terms))
                                             for i, score in ranked if score >= self.minimum and score > 0))
                for index, (paper, ranked) in enumerate(zip(papers, best))]

    @staticmethod
    def _shared(matrix, a: int, b: int, terms) -> tuple[str, ...]:
        """The terms that contribute most to the similarity of papers a and b (read straight from the CSR
        arrays: a scipy row product per pair costs ten times more)."""
        start_a, end_a = matrix.indptr[a], matrix.indptr[a + 1]
        start_b, end_b = matrix.indptr[b], matrix.indptr[b + 1]
        columns, in_a, in_b = np.intersect1d(matrix.indices[start_a:end_a], matrix.indices[start_b:end_b],
                                             assume_unique=True, return_indices=True)
        weights = matrix.data[start_a:end_a][in_a] * matrix.data[start_b:end_b][in_b]
        order = sorted(zip(-np.round(weights, 9), (str(terms[i]) for i in columns)))
        chosen: list[str] = []
        for _, term in order:
            if not any(term in other or other in term for other in chosen):
                chosen.append(term)
            if len(chosen) == SHARED_TERMS:
                break
        return tuple(chosen)
