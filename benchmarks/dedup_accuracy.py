"""Score litsite's deduplication against ground truth: pairwise precision and recall, wrongly merged records,
the review queue (possible duplicates left for the researcher) and the time, beside bib-dedupe.

    python benchmarks/dedup_accuracy.py [--realworld ../shared/realworld] [--no-bibdedupe]

Runs `litsite dedup` (the real command) on each benchmark in ../shared/realworld/dedup/ and prints a table.
bib-dedupe runs on the same files from its own venv (.venv-bibdedupe, created with `pip install bib-dedupe`
when missing; the line says so when it cannot be installed). Times are wall times of the whole command,
start-up and imports included: the median of --times runs of each tool, interleaved.
A wrong merge hides a paper from the reader, so precision matters most.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import statistics
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


BIBDEDUPE_VENV = REPO / ".venv-bibdedupe"
# Seconds of rest before each timed run: right after bib-dedupe's 20 s on both cores this virtual machine
# ran litsite's command 25% slower for a few seconds (0.85-0.93 s against 0.67-0.76 s after a pause).
PAUSE = 5


def bibdedupe_python() -> Path | None:
    """bib-dedupe's interpreter, installing it into its own venv the first time; None if that fails."""
    python = BIBDEDUPE_VENV / "bin" / "python"
    check = [str(python), "-c", "import bib_dedupe"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    print(f"installing bib-dedupe into {BIBDEDUPE_VENV} (once)...", flush=True)
    made = subprocess.run([sys.executable, "-m", "venv", str(BIBDEDUPE_VENV)], capture_output=True)
    if made.returncode == 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "bib-dedupe"], capture_output=True)
    return python if python.exists() and subprocess.run(check, capture_output=True).returncode == 0 else None


def run_bibdedupe(python: Path, source: Path, out: Path) -> tuple[list[list[str]], float]:
    started = time.perf_counter()
    done = subprocess.run([str(python), str(REPO / "benchmarks" / "bibdedupe_run.py"), str(source), str(out)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit("bib-dedupe failed: " + done.stderr[-2000:])
    return json.loads(out.read_text()), elapsed


def queue_size(summary: str) -> int:
    """The possible duplicates `litsite dedup` left for the researcher, read from its summary line."""
    found = re.search(r"(\d+) possible duplicates", summary)
    return int(found.group(1)) if found else 0


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
    options.add_argument("--no-bibdedupe", action="store_true", help="score litsite alone")
    options.add_argument("--times", type=int, default=3, help="runs of each tool, interleaved (median kept)")
    args = options.parse_args()
    folder = Path(args.realworld) / "dedup"
    if not folder.exists():
        print(f"no ground truth at {folder}")
        return 1
    # litsite's bytecode, as pip compiles an installed package's (bib-dedupe's is): with
    # PYTHONDONTWRITEBYTECODE set, as on this machine, an editable install would otherwise compile its
    # sources again on every run (60 ms of each).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], capture_output=True)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        other = None if args.no_bibdedupe else bibdedupe_python()
        if not args.no_bibdedupe and other is None:
            print("bib-dedupe could not be installed here (pip install bib-dedupe failed): litsite alone")
        print(f"{'benchmark':<16} {'tool':<10} {'records':>7} {'precision':>9} {'recall':>7} {'false pairs':>11} "
              f"{'missed pairs':>12} {'wrongly merged':>14} {'queue':>6} {'seconds':>8}")
        for name, loader in (("diabetes", diabetes), ("special cases", special_cases)):
            source, truth = loader(folder, work)
            # Interleaved, TIMES runs each, the median kept: this machine's speed drifts by a third within
            # minutes, and runs side by side see the same drift.
            ours, theirs_times = [], []
            for _ in range(args.times):
                time.sleep(PAUSE)
                clusters, elapsed, summary = run_litsite(source, work / f"{name}.json")
                ours.append(elapsed)
                if other is not None:
                    time.sleep(PAUSE)
                    theirs, their_time = run_bibdedupe(other, source, work / f"{name}-bibdedupe.json")
                    theirs_times.append(their_time)
            runs = [("litsite", clusters, statistics.median(ours), str(queue_size(summary)))]
            if other is not None:
                runs.append(("bib-dedupe", theirs, statistics.median(theirs_times), "-"))
            records = sum(len(cluster) for cluster in truth)
            for tool, found, seconds, queue in runs:
                result = score(found, truth)
                print(f"{name:<16} {tool:<10} {records:>7} {result['precision']:>9.4f} {result['recall']:>7.4f} "
                      f"{result['false_pairs']:>11} {result['missed_pairs']:>12} "
                      f"{result['wrongly_merged_records']:>14} {queue:>6} {seconds:>8.2f}")
            if len(runs) == 2:
                print(f"{'':<16} litsite is {runs[1][2] / runs[0][2]:.1f}x faster (median wall time of the whole "
                      f"command over {args.times} interleaved runs each)")
        verdicts = pair_verdicts(labelled_pairs(folder, work), work)
        print(f"labelled pairs: {verdicts['right']}/{verdicts['cases']} right, {verdicts['false_merges']} false "
              f"merges, {verdicts['missed']} missed")
        for failure in verdicts["failures"]:
            print("  " + failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
