"""Related papers: litsite's score against an exemplar SVM per paper (as arxiv-sanity ranks), on judged links.

    python benchmarks/related_candidates.py

Issue #14 asks for candidates measured side by side. For every related-paper link a reader judged
(../shared/judged/default_corpus.json and benchmarks/judged/related_session*.json) on the default corpus
and three real exports (diabetes CSV, arXiv "testing" Atom, Web of Science RIS), it scores the link by
- litsite's score (generator/enrich/related.py: words and meaning), as standard scores over all pairs;
- an SVM per paper: a linear SVM fitted with that paper as the only positive and every other paper of
  the collection as negatives (class weights balanced), on its TF-IDF row alone or beside its wordllama
  meaning vector, the link scored by the SVM's decision value (standard scores within the paper's row);
- the mean of both,
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
from generator.enrich.text_features import GENRE_WORDS, fit_transform, paper_text, readable, vectorizer  # noqa: E402
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


def scored(collection: Path, items: list[dict]) -> list[dict]:
    """Each judged link of the collection with its verdict and every candidate's score."""
    records, _ = read_sources(collection, collection.parent)
    papers = readable(deduplicate(records).papers)[0]
    texts = [paper_text(paper) for paper in papers]
    words = fit_transform(vectorizer(GENRE_WORDS, min_df=2), texts).tocsr()
    meaning = embed(texts)
    litsite = related.scores(related.strongest_terms(words, related.TERMS_PER_PAPER), meaning, slice(None), slice(None))
    np.fill_diagonal(litsite, np.nan)
    litsite = standard(litsite)
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
