"""Related papers: litsite's score against an exemplar SVM per paper (as arxiv-sanity ranks), on judged links.

    python benchmarks/related_candidates.py

Issue #14 asks for candidates measured side by side. For every related-paper link a reader judged
(../shared/judged/default_corpus.json and benchmarks/judged/related_session*.json) on the default corpus
and three real exports (diabetes CSV, arXiv "testing" Atom, Web of Science RIS), it scores the link by
- litsite's score (generator/enrich/related.py: words and meaning), as standard scores over all pairs;
- an SVM per paper: a linear SVM fitted with that paper as the only positive and every other paper of
  the collection as negatives (class weights balanced), on its TF-IDF row alone or beside its wordllama
  meaning vector, the link scored by the SVM's decision value (standard scores within the paper's row);
- the mean of both;
- BM25 (k1 1.2, b 0.75; the paper's terms as the query, the other's counts as the document, both ways
  averaged), alone and averaged with the meaning part as standard scores;
- the words and meaning parts averaged as standard scores (each part weighs the same, where litsite's
  average of the raw cosines weighs meaning 5-6 times as much on collections with abstracts: its spread
  over all pairs is that much wider), and litsite's average with the words part at 0.8,
and prints the area under the ROC curve of relevant (R) against loosely related or unrelated (L, U)
links: how well each score puts the relevant links above the others, pooled and per collection. The
judged links are those earlier code showed (the top of each list), so this is the choice that matters.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scipy import sparse  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from generator.dedup import deduplicate  # noqa: E402
from generator.enrich import related  # noqa: E402
from generator.enrich.embeddings import embed  # noqa: E402
from generator.enrich.text_features import (GENRE_WORDS, fit_transform, paper_text, readable, term_counts,  # noqa: E402
                                            vectorizer)
from generator.normalize import title_key  # noqa: E402
from generator.readers import read_sources  # noqa: E402

REALWORLD = REPO.parent / "shared" / "realworld"
COLLECTIONS = {"default": REPO / "sources",
               "diabetes": REALWORLD / "dedup" / "asysd_labelled_test_set_diabetes.csv",
               "arxiv testing": REALWORLD / "arxiv" / "arxivpy_q_testing_s0_m100_cfe7536492ca.atom.xml",
               "wos": REALWORLD / "ris" / "asysd_tests_wos_test.ris"}
SVMS = {"svm words C=0.1": (0.0, 0.1), "svm words+meaning C=0.01": (0.5, 0.01),
        "svm words+meaning C=0.1": (0.5, 0.1), "svm words+meaning C=1": (0.5, 1.0)}


def judged_links() -> dict[str, list[dict]]:
    links: dict[str, list[dict]] = {}
    for path in sorted((REPO / "benchmarks" / "judged").glob("related_session*.json")):
        for collection, items in json.loads(path.read_text(encoding="utf-8")).items():
            if collection != "about":
                links.setdefault(collection, []).extend(items)
    development = REPO.parent / "shared" / "judged" / "default_corpus.json"
    if development.exists():
        links.setdefault("default", []).extend(json.loads(development.read_text(encoding="utf-8"))["related"])
    return links


def standard(values: np.ndarray) -> np.ndarray:
    return (values - np.nanmean(values)) / np.nanstd(values)


def bm25(counts, k1: float = 1.2, b: float = 0.75) -> np.ndarray:
    """BM25 of every paper (its distinct terms, as a query) against every other (as a document), both ways
    averaged."""
    counts = counts.tocsr().astype(np.float64)
    papers = counts.shape[0]
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log(1 + (papers - frequency + 0.5) / (frequency + 0.5))
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    saturated = counts.copy()
    rows = np.repeat(np.arange(papers), np.diff(saturated.indptr))
    saturated.data = saturated.data * (k1 + 1) / (saturated.data + k1 * (1 - b + b * lengths[rows] / lengths.mean()))
    query = counts.copy()
    query.data[:] = 1.0
    scores = (query.multiply(idf[None, :]).tocsr() @ saturated.T).toarray()
    return (scores + scores.T) / 2


def standard_pairs(matrix: np.ndarray) -> np.ndarray:
    """Standard scores over all pairs (the diagonal left out)."""
    matrix = matrix.astype(np.float64)
    np.fill_diagonal(matrix, np.nan)
    return standard(matrix)


def scored(collection: Path, items: list[dict]) -> list[dict]:
    """Each judged link of the collection with its verdict and every candidate's score."""
    records, _ = read_sources(collection, collection.parent)
    papers = readable(deduplicate(records).papers)[0]
    texts = [paper_text(paper) for paper in papers]
    words = fit_transform(vectorizer(GENRE_WORDS, min_df=2), texts).tocsr()
    meaning = embed(texts)
    litsite = standard_pairs(related.scores(related.strongest_terms(words, related.TERMS_PER_PAPER), meaning,
                                            slice(None), slice(None)))
    counts = term_counts(texts)
    strongest = related.strongest_terms(counts.tf_idf(counts.without_words(GENRE_WORDS))[0], related.TERMS_PER_PAPER)
    words_part, meaning_part = (strongest @ strongest.T).toarray(), meaning @ meaning.T
    others = {"bm25": standard_pairs(bm25(counts.counts[:, counts.without_words(GENRE_WORDS)])),
              "words (standard scores)": standard_pairs(words_part),
              "meaning (standard scores)": standard_pairs(meaning_part),
              "litsite with words weight 0.8": standard_pairs(0.8 * words_part + 0.2 * meaning_part)}
    others["bm25 + meaning, standard scores averaged"] = (others["bm25"] + others["meaning (standard scores)"]) / 2
    others["words + meaning, standard scores averaged"] = (others["words (standard scores)"] +
                                                           others["meaning (standard scores)"]) / 2
    index = {title_key(paper.title): number for number, paper in enumerate(papers)}
    pairs = {}
    for item in items:
        a, b = index.get(title_key(item["paper"])), index.get(title_key(item["related"]))
        if a is not None and b is not None:
            pairs[(a, b)] = item["verdict"]
    svm_rows: dict[tuple[str, int], np.ndarray] = {}
    for name, (weight, strength) in SVMS.items():
        features = sparse.hstack([words, sparse.csr_matrix(meaning * weight)]).tocsr() if weight else words
        for a in {a for a, _ in pairs}:
            target = np.zeros(len(papers))
            target[a] = 1
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = LinearSVC(C=strength, class_weight="balanced", max_iter=10_000, tol=1e-6).fit(features, target)
            row = model.decision_function(features)
            row[a] = np.nan
            svm_rows[name, a] = standard(row)
    rows = []
    for (a, b), verdict in pairs.items():
        row = {"verdict": verdict, "litsite": float(litsite[a, b])}
        for name in SVMS:
            row[name] = float(svm_rows[name, a][b])
        row["mean of litsite and svm words+meaning C=0.1"] = (row["litsite"] + row["svm words+meaning C=0.1"]) / 2
        row.update({name: float(values[a, b]) for name, values in others.items()})
        rows.append(row)
    return rows


def main() -> None:
    links = judged_links()
    results = {}
    for name, path in COLLECTIONS.items():
        if path.exists() and links.get(name):
            results[name] = scored(path, links[name])
    everything = [row for rows in results.values() for row in rows]
    counts = {name: {verdict: sum(row["verdict"] == verdict for row in rows) for verdict in "RLU"}
              for name, rows in results.items()}
    print(f"{len(everything)} judged links: " + "; ".join(f"{name} {count}" for name, count in counts.items()))
    print("AUC of relevant against loosely related or unrelated (1.0: every relevant link scored above the rest)")
    for candidate in [key for key in everything[0] if key != "verdict"]:
        def auc(rows):
            relevant = [row["verdict"] == "R" for row in rows]
            return roc_auc_score(relevant, [row[candidate] for row in rows]) if 0 < sum(relevant) < len(rows) else None
        each = ", ".join(f"{name} {value:.3f}" for name, rows in results.items() if (value := auc(rows)) is not None)
        print(f"  {candidate:44s} pooled {auc(everything):.3f} ({each})")


if __name__ == "__main__":
    main()
