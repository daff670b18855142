"""Related papers: TF-IDF (unigrams and bigrams) cosine similarity, with the key terms two papers share."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..model import Paper, Related
from .text_features import GENRE_WORDS, fit_transform, paper_text, vectorizer

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

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        if self.count == 0 or len(papers) < 2:
            return papers
        try:
            features = vectorizer((*self.extra_stop_words, *GENRE_WORDS), min_df=2 if len(papers) >= 20 else 1)
            matrix = strongest_terms(fit_transform(features, [paper_text(paper) for paper in papers]).tocsr(),
                                     TERMS_PER_PAPER)
        except ValueError:
            return papers
        terms = features.get_feature_names_out()
        result = []
        for start in range(0, len(papers), BLOCK_ROWS):
            block = matrix[start:start + BLOCK_ROWS]
            scores = (block @ matrix.T).toarray()
            for offset, row in enumerate(scores):
                index = start + offset
                row[index] = -1.0  # never related to itself
                rounded = np.round(row, 6)
                candidates = np.argpartition(-rounded, min(self.count, len(row) - 1))[: self.count + 1]
                ranked = sorted((i for i in candidates if rounded[i] > 0),
                                key=lambda i: (-rounded[i], papers[i].id))[: self.count]
                related = tuple(
                    Related(papers[i].id, float(round(rounded[i], 3)), self._shared(matrix, index, i, terms))
                    for i in ranked
                )
                result.append(replace(papers[index], related=related))
        return result

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
