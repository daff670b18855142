"""Score litsite's deduplication against ground truth: pairwise precision and recall, wrongly merged records.

    python benchmarks/dedup_accuracy.py [--realworld ../shared/realworld]

Runs `litsite dedup` (the real command) on each benchmark in ../shared/realworld/dedup/ and prints a table.
A wrong merge hides a paper from the reader, so precision matters most.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def pairs(clusters: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for cluster in clusters for pair in combinations(cluster, 2)}


def score(predicted: list[list[str]], truth: list[list[str]]) -> dict:
    """Pairwise precision/recall; a record is wrongly merged when its cluster holds a record of another work."""
    predicted_pairs, true_pairs = pairs(predicted), pairs(truth)
    right = len(predicted_pairs & true_pairs)
    work = {record: index for index, cluster in enumerate(truth) for record in cluster}
    wrongly_merged = sum(len(cluster) for cluster in predicted
                         if len({work.get(record, record) for record in cluster}) > 1)
    return {
        "precision": right / len(predicted_pairs) if predicted_pairs else 1.0,
        "recall": right / len(true_pairs) if true_pairs else 1.0,
        "false_pairs": len(predicted_pairs - true_pairs),
        "missed_pairs": len(true_pairs - predicted_pairs),
        "wrongly_merged_records": wrongly_merged,
    }


def run_litsite(source: Path, out: Path) -> tuple[list[list[str]], float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "dedup", str(source), "--out", str(out)],
                          capture_output=True, text=True, cwd=source.parent)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    return json.loads(out.read_text()), elapsed, done.stdout.strip()


def diabetes(folder: Path, work: Path):
    """ASySD diabetes: record_id N in the CSV is id_%07d in bib-dedupe's groups."""
    text = (folder / "asysd_labelled_test_set_diabetes.csv").read_bytes().decode("cp1252")
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "record_id": f"id_{int(row['record_id']):07d}"})
    source = work / "diabetes.csv"
    source.write_text(out.getvalue(), encoding="utf-8")
    grouped = [line.strip().strip('"').split(";") for line in
               (folder / "bibdedupe_diabetes_merged_record_ids.csv").read_text().splitlines()[1:] if line.strip()]
    in_groups = {record for group in grouped for record in group}
    truth = grouped + [[row["record_id"]] for row in csv.DictReader(io.StringIO(out.getvalue()))
                       if row["record_id"] not in in_groups]
    return source, truth


def special_cases(folder: Path, work: Path):
    source = work / "special_cases.csv"
    source.write_bytes((folder / "bibdedupe_special_cases_records_pre_merged.csv").read_bytes())
    grouped = [line.strip().strip('"').split(";") for line in
               (folder / "bibdedupe_special_cases_merged_record_ids.csv").read_text().splitlines()[1:] if line.strip()]
    ids = [row["ID"] for row in csv.DictReader(io.StringIO(source.read_text()))]
    in_groups = {record for group in grouped for record in group}
    return source, grouped + [[record] for record in ids if record not in in_groups]


def labelled_pairs(folder: Path, work: Path):
    """Each labelled pair as its own two-record file: scored as a verdict per pair."""
    cases = json.loads((folder / "bibdedupe_test_cases_pairs.json").read_text())["cases"]
    return cases


def pair_verdicts(cases, work: Path) -> dict:
    fields = ["ID", "ENTRYTYPE", "author", "title", "year", "journal", "booktitle", "volume", "number", "pages",
              "doi", "abstract"]
    right = wrong_merges = missed = 0
    failures = []
    for case in cases:
        source = work / f"pair_{case['id'][:60]}.csv"
        with source.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            for side in ("record_a", "record_b"):
                record = {key: value for key, value in case[side].items() if value is not None}
                record["ID"] = f"{side}-{record.get('ID', '')}"
                writer.writerow(record)
        clusters, _, _ = run_litsite(source, work / "pair.json")
        merged = len(clusters) == 1
        if merged == case["expected_duplicate"]:
            right += 1
        else:
            wrong_merges += merged
            missed += not merged
            failures.append(f"{case['id']}: expected {'duplicate' if case['expected_duplicate'] else 'distinct'}")
    return {"cases": len(cases), "right": right, "false_merges": wrong_merges, "missed": missed, "failures": failures}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--realworld", default=str(REPO.parent / "shared" / "realworld"))
    args = options.parse_args()
    folder = Path(args.realworld) / "dedup"
    if not folder.exists():
        print(f"no ground truth at {folder}")
        return 1
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        print(f"{'benchmark':<16} {'records':>7} {'precision':>9} {'recall':>7} {'false pairs':>11} "
              f"{'missed pairs':>12} {'wrongly merged':>14} {'seconds':>8}")
        for name, loader in (("diabetes", diabetes), ("special cases", special_cases)):
            source, truth = loader(folder, work)
            clusters, elapsed, summary = run_litsite(source, work / f"{name}.json")
            result = score(clusters, truth)
            records = sum(len(cluster) for cluster in truth)
            print(f"{name:<16} {records:>7} {result['precision']:>9.4f} {result['recall']:>7.4f} "
                  f"{result['false_pairs']:>11} {result['missed_pairs']:>12} {result['wrongly_merged_records']:>14} "
                  f"{elapsed:>8.2f}")
        verdicts = pair_verdicts(labelled_pairs(folder, work), work)
        print(f"labelled pairs: {verdicts['right']}/{verdicts['cases']} right, {verdicts['false_merges']} false "
              f"merges, {verdicts['missed']} missed")
        for failure in verdicts["failures"]:
            print("  " + failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
