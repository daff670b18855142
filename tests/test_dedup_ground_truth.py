"""Deduplication against published ground truth (../shared/realworld/dedup): no false merge on the special
cases and labelled pairs, and the precision/recall floor on the ASySD diabetes benchmark."""

from __future__ import annotations

import sys

import pytest

from .conftest import REPO

REALWORLD = REPO.parent / "shared" / "realworld" / "dedup"
pytestmark = pytest.mark.skipif(not REALWORLD.exists(), reason=f"no dedup ground truth at {REALWORLD}")
sys.path.insert(0, str(REPO / "benchmarks"))
import dedup_accuracy  # noqa: E402  (the benchmark script is the scorer; tests reuse it, not a copy)


def test_special_cases_have_no_false_merge(tmp_path):
    source, truth = dedup_accuracy.special_cases(REALWORLD, tmp_path)
    clusters, _, _ = dedup_accuracy.run_litsite(source, tmp_path / "out.json")
    result = dedup_accuracy.score(clusters, truth)
    assert result["false_pairs"] == 0 and result["recall"] == 1.0


def test_labelled_pairs_are_all_judged_right(tmp_path):
    verdicts = dedup_accuracy.pair_verdicts(dedup_accuracy.labelled_pairs(REALWORLD, tmp_path), tmp_path)
    assert verdicts["false_merges"] == 0, verdicts["failures"]
    assert verdicts["right"] == verdicts["cases"], verdicts["failures"]


def test_diabetes_benchmark_precision_and_recall(tmp_path):
    source, truth = dedup_accuracy.diabetes(REALWORLD, tmp_path)
    clusters, _, _ = dedup_accuracy.run_litsite(source, tmp_path / "out.json")
    result = dedup_accuracy.score(clusters, truth)
    assert result["precision"] >= 0.998 and result["recall"] >= 0.98, result
    assert sorted(record for cluster in clusters for record in cluster) == \
        sorted(record for cluster in truth for record in cluster)  # every record in exactly one cluster
