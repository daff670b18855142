"""litsite's speed and size at scale, measured against a bare MkDocs baseline. `make bench` runs it.

    python benchmarks/bench.py [--sizes 1000 10000] [--generate-only 30000] [--searched 100000]
                               [--out benchmarks/RESULTS.md]

For each size: a synthetic corpus (benchmarks/synthetic.py) in a throwaway project; `litsite generate` timed
by stage with peak memory (the process and its forked worker); a no-op rerun; a run after one record changed
(files rewritten); `mkdocs build` of the generated site, page and search-index sizes; and `mkdocs build` of
the same number of bare pages with the same theme, as the baseline (--searched sizes: the site built and
searched, without the baseline and the builders beside it). Every figure is measured in this run.
With --zensical BIN (or a `zensical` on PATH, or in .venv-zensical/ which `make bench` sets up), the
same generated content is also built with Zensical, cold and again with its cache, for comparison. Hugo
(from PATH, else installed from Debian when possible; benchmarks/hugo.py) builds the same papers and tags,
for the whole-job comparison issue #17 asks for.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402
from hugo import hugo_binary, hugo_build, hugo_site  # noqa: E402

# Runs `litsite generate` in-process and prints its timings and the peak memory of it and its workers.
MEASURE = """
import json, resource, sys, time
from pathlib import Path
from generator.config import load_config
from generator.pipeline import generate
start = time.perf_counter()
result = generate(load_config(Path(sys.argv[1])))
total = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"total": total, "stages": result.timings, "peak_mb": peak / 1024,
                  "written": len(result.written.written), "noop": result.unchanged is not None,
                  "papers": len(result.corpus.papers) if result.corpus else None}))
"""


def make_project(folder: Path, records: int) -> dict:
    folder.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "content" / "assets", folder / "content" / "assets")
    shutil.copytree(REPO / "theme_overrides", folder / "theme_overrides")
    (folder / "litsite.yml").write_text("title: Benchmark collection\n")
    return synthetic.write_corpus(folder / "sources", records)


def run_generate(project: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(project)], capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def mkdocs_build(project: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    return time.perf_counter() - start


def baseline_project(folder: Path, pages: int) -> Path:
    """Our mkdocs.yml (same theme, features, extensions and nav) over the same number of bare ~1.5 KB
    Markdown pages, with Material's own search plugin in place of litsite's: what the site would cost with
    no litsite content at all."""
    folder.mkdir(parents=True)
    docs = folder / "content"
    (docs / "papers").mkdir(parents=True)
    shutil.copytree(REPO / "content" / "assets", docs / "assets")
    (folder / "theme_overrides").mkdir()
    config = (REPO / "mkdocs.yml").read_text()
    config = re.sub(r"^  - litsite .*\n", "  - search\n", config, flags=re.M)  # Material's own search instead
    (folder / "mkdocs.yml").write_text(config)
    for target in re.findall(r"^  - [^:]+: (\S+\.md)$", config, flags=re.M):
        (docs / target).parent.mkdir(parents=True, exist_ok=True)
        (docs / target).write_text("# Section\n\nA bare page.\n")
    body = " ".join(["Bare page text for the baseline build of the same size as a paper page."] * 20)
    for number in range(pages):
        (docs / "papers" / f"page-{number:06d}.md").write_text(f"# Page {number}\n\n{body}\n")
    return folder


def zensical_binary(given: str | None) -> str | None:
    local = REPO / ".venv-zensical" / "bin" / "zensical"
    return given or shutil.which("zensical") or (str(local) if local.exists() else None)


def zensical_build(project: Path, binary: str) -> dict:
    """Zensical reads our mkdocs.yml; it runs no MkDocs plugin, so the litsite plugin (CSP, short search
    entries, pass-through) is absent there: the pages are the same Markdown files rendered by Zensical."""
    config = project / "zensical-mkdocs.yml"
    config.write_text((project / "mkdocs.yml").read_text().replace("site_dir: site", "site_dir: site-zensical"))
    times = []
    for _ in range(2):  # cold, then with Zensical's own cache
        start = time.perf_counter()
        done = subprocess.run([binary, "build", "-f", str(config)], capture_output=True, text=True, cwd=project)
        if done.returncode != 0:
            return {"zensical_error": (done.stdout + done.stderr).strip().splitlines()[-1:]}
        times.append(time.perf_counter() - start)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    sizes = site_sizes(project / "site-zensical", index_name="search.json")
    return {"zensical_s": times[0], "zensical_cached_s": times[1], "zensical_version": version,
            "zensical_page_kb": sizes["paper_page_kb"], "zensical_page_max_kb": sizes["paper_page_max_kb"],
            "zensical_index_mb": sizes["index_mb"], "zensical_index_gz_mb": sizes["index_gz_mb"]}


def site_sizes(site: Path, index_name: str = "pagefind") -> dict:
    """Page sizes, and the search index's: Pagefind's folder (its files are gzipped already: the figure is
    what a server sends), or a one-file JSON index (Zensical's), raw and gzipped."""
    pages = [path.stat().st_size for path in (site / "papers").glob("*/index.html")]
    index = site / index_name
    if index.is_dir():
        size = sum(path.stat().st_size for path in index.rglob("*") if path.is_file())
        index_mb = index_gz_mb = size / 1e6
    else:
        raw = index.read_bytes() if index.exists() else b""
        index_mb, index_gz_mb = len(raw) / 1e6, len(gzip.compress(raw)) / 1e6
    listings = {str(p.relative_to(site)): p.stat().st_size for p in site.rglob("index.html")
                if not p.relative_to(site).as_posix().startswith("papers/") or p.parent.name == "papers"}
    heaviest = max(listings.items(), key=lambda item: item[1]) if listings else ("", 0)
    return {"paper_page_kb": sum(pages) / len(pages) / 1024 if pages else 0,
            "paper_page_max_kb": max(pages) / 1024 if pages else 0,
            "index_mb": index_mb, "index_gz_mb": index_gz_mb,
            "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6,
            "heaviest_listing": f"{heaviest[0]} {heaviest[1] / 1024:.0f} KB"}


READER_KEY_MS = 150  # a reader's typing: slower than the box's 120 ms pause before it searches
# "ma": the shortest query the box searches (one letter waits for the next), the prefix of most words
LATER_QUERIES = ("attention", "diffusion language", "state space", "retrieval", "ma", "transformer models")


WAIT_MS = 30_000  # a query whose results are not on screen by then is reported as such, and the run goes on


def search_latency(site: Path) -> dict:
    """In headless Chromium, with the header's search box (content/assets/search.js over the Pagefind index):
    the time from typing a query on a freshly opened page to its first result on screen (loading Pagefind
    included), then for each later query the time from its first key to its results on screen. Keys are
    typed as fast as Playwright can; the box asks Pagefind 120 ms after the last key, and shows titles at
    once. Then each query again at a reader's pace (READER_KEY_MS a key), where searches of its prefixes
    start as it is typed: the time from its last key to its results. A query not answered within WAIT_MS counts as WAIT_MS and is
    named in `unanswered` (at 77,000 papers one was, and the whole run was lost with it).
    The box shows a titles' answer first (site/search_index.py: from their Pagefind index in a large site,
    else from generation's list): the figures are to the first results on screen, and "whole_*" to the
    whole pages' answer (the same on a site without titles first)."""
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from tests.site_helpers import SEARCH_ANSWERED, SEARCH_INPUT, SEARCH_SHOWN, browser_available, chromium_page, serve

    if browser_available():
        return {}
    unanswered: list[str] = []

    def answer(page, query: str, pace: str, since: float) -> tuple[float, float]:
        """Seconds from `since` to the first results for `query`, and to the whole pages' answer."""
        times = []
        for predicate in (SEARCH_SHOWN, SEARCH_ANSWERED):  # every query has results
            try:
                page.wait_for_function(predicate, arg=query, timeout=WAIT_MS, polling=20)
                times.append(time.perf_counter() - since)
            except PlaywrightTimeout:
                unanswered.append(f"{query} ({pace})")
                times.append(WAIT_MS / 1000)
                break
        return times[0], times[-1]

    with serve(site) as base, chromium_page() as page:
        fetched: list[int] = []
        page.on("response", lambda response: fetched.append(int(response.headers.get("content-length", 0) or 0)))
        page.goto(base + "/", wait_until="load")
        fetched.clear()  # the page itself; what follows is what searching costs
        start = time.perf_counter()
        page.click(SEARCH_INPUT)
        page.type(SEARCH_INPUT, "mixture")
        first, first_whole = answer(page, "mixture", "first", start)
        downloaded = sum(fetched)
        later, after_last_key, paced = {}, {}, {}  # each: query -> (first results, whole answer) in seconds
        for query in LATER_QUERIES:
            page.fill(SEARCH_INPUT, "")
            page.wait_for_timeout(300)
            start = time.perf_counter()
            page.type(SEARCH_INPUT, query)
            typed = time.perf_counter()
            shown, whole = answer(page, query, "full speed", typed)
            later[query] = (shown + typed - start, whole + typed - start)
            after_last_key[query] = (shown, whole)
        for query in LATER_QUERIES:  # at a reader's pace: each key after the box's pause, so prefixes are searched
            page.fill(SEARCH_INPUT, "")
            page.wait_for_timeout(300)
            page.type(SEARCH_INPUT, query, delay=READER_KEY_MS)
            paced[query] = answer(page, query, "reader's pace", time.perf_counter())
    # what answers before the whole pages: the titles' Pagefind index, the list generation wrote, or nothing
    titles = "their index" if (site / "pagefind-titles").exists() else \
        "the list" if (site / "papers" / "titles.json").exists() else ""
    figures = {"first_result_s": first, "whole_first_result_s": first_whole, "downloaded_mb": downloaded / 1e6,
               "unanswered": unanswered, "titles_first": titles}
    for name, measured in (("later", later), ("last_key", after_last_key), ("paced", paced)):
        for prefix, which in (("", 0), ("whole_", 1)):
            figures[f"{prefix}{name}_ms"] = max(times[which] for times in measured.values()) * 1000
            figures[f"{prefix}{name}_each_ms"] = {query: round(times[which] * 1000) for query, times in measured.items()}
    return figures


def change_one_record(project: Path) -> None:
    """Edit one abstract in one source file, as a researcher correcting an entry would: a sentence of new
    content words (issue #17 measured 1,989 files rewritten for such an edit at 10,000 records, when it
    made the topics refit)."""
    source = sorted((project / "sources").glob("*.bib"))[0]
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"abstract = \{", "abstract = {Lattice quantum chromodynamics simulations of protein "
                             "folding kinetics motivate this. ", text, count=1), encoding="utf-8")


def measure(size: int, work: Path, build_site: bool, zensical: str | None = None, hugo: str | None = None,
            baseline: bool = True) -> dict:
    project = work / f"litsite-{size}"
    corpus = make_project(project, size)
    row = {"records": corpus["records"], "duplicates": corpus["duplicates"]}
    full = run_generate(project)
    row.update(papers=full["papers"], generate_s=full["total"], stages=full["stages"], peak_mb=full["peak_mb"],
               papers_per_s=full["papers"] / full["total"])
    noop = run_generate(project)
    row.update(noop_s=noop["total"], noop_written=noop["written"], noop_skipped=noop["noop"])
    change_one_record(project)
    changed = run_generate(project)
    row.update(change_s=changed["total"], change_written=changed["written"])
    if build_site:
        row["build_s"] = mkdocs_build(project)
        row.update(site_sizes(project / "site"))
        if baseline:
            bare = baseline_project(work / f"baseline-{size}", full["papers"])
            row["baseline_s"] = mkdocs_build(bare)
            row["build_ratio"] = row["build_s"] / row["baseline_s"]
            shutil.rmtree(bare)
        row.update(search_latency(project / "site"))
        if zensical:
            row.update(zensical_build(project, zensical))
        if hugo:  # the whole job side by side: litsite from sources to site/, Hugo from its content to public/
            hugo_site(project / "content" / "downloads" / "papers.json", work / f"hugo-{size}")
            row.update(hugo_build(work / f"hugo-{size}", hugo))
            shutil.rmtree(work / f"hugo-{size}")
    shutil.rmtree(project)
    return row


def table(rows: list[dict]) -> str:
    lines = ["| records | papers | generate s | read | dedup | enrich | render | write | peak MB | papers/s | "
             "no-op s (files written) | one record changed s (files written) | mkdocs build s | bare baseline s | "
             "ratio | paper page KB (max) | search index MB (gz) | heaviest listing |",
             "|" + "---|" * 18]
    for row in rows:
        stages = row["stages"]
        bare = f"{row['baseline_s']:.1f} | {row['build_ratio']:.2f}" if "baseline_s" in row else "not built | "
        site = (f"{row['build_s']:.1f} | {bare} | "
                f"{row['paper_page_kb']:.1f} ({row['paper_page_max_kb']:.1f}) | {row['index_mb']:.1f} "
                f"({row['index_gz_mb']:.1f}) | {row['heaviest_listing']}") if "build_s" in row else \
            "not built | | | | | "
        lines.append(
            f"| {row['records']:,} | {row['papers']:,} | {row['generate_s']:.1f} | {stages.get('read', 0):.1f} | "
            f"{stages.get('dedup', 0):.1f} | {stages.get('enrich', 0):.1f} | {stages.get('render', 0):.1f} | "
            f"{stages.get('write', 0):.1f} | {row['peak_mb']:.0f} | {row['papers_per_s']:.0f} | "
            f"{row['noop_s']:.2f} ({row['noop_written']}) | {row['change_s']:.1f} ({row['change_written']}) | {site} |")
    return "\n".join(lines)


def scaling(rows: list[dict]) -> list[str]:
    """Generation time against linear growth, size to next size, and over each tenfold step (issue #17:
    100,000 records within 10x the 10,000 figure) where sizes lie between."""
    notes = []
    tenfold = [(rows[i], rows[j]) for i in range(len(rows)) for j in range(i + 2, len(rows))
               if rows[j]["records"] == 10 * rows[i]["records"]]  # not neighbours: those are printed already
    for small, large in [*zip(rows, rows[1:]), *tenfold]:
        factor = large["records"] / small["records"]
        ratio = large["generate_s"] / (factor * small["generate_s"])
        line = f"generation {small['records']:,} -> {large['records']:,}: scaling ratio {ratio:.2f} (1.0 is linear)"
        if "build_s" in small and "build_s" in large:
            line += f"; site build ratio {large['build_s'] / (factor * small['build_s']):.2f}"
        notes.append(line)
    return notes


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="built as full sites")
    options.add_argument("--generate-only", type=int, nargs="*", default=[], help="sizes measured without mkdocs")
    options.add_argument("--searched", type=int, nargs="*", default=[],
                         help="sizes built and searched, without the bare baseline, Zensical and Hugo beside them")
    options.add_argument("--out", help="also write the results, with the date, to this Markdown file")
    options.add_argument("--zensical", help="a zensical executable to compare with (default: PATH, .venv-zensical)")
    args = options.parse_args()
    rows = []
    hugo, hugo_how = hugo_binary() if args.sizes else (None, "")
    print(f"Hugo: {hugo_how}", flush=True)
    with tempfile.TemporaryDirectory() as temporary:
        for size in args.sizes:
            print(f"measuring {size:,} records with the site build...", flush=True)
            rows.append(measure(size, Path(temporary), build_site=True, zensical=zensical_binary(args.zensical),
                                hugo=hugo))
        for size in args.generate_only:
            print(f"measuring {size:,} records, generation only...", flush=True)
            rows.append(measure(size, Path(temporary), build_site=False))
        for size in args.searched:
            print(f"measuring {size:,} records with the site build and search (no baseline)...", flush=True)
            rows.append(measure(size, Path(temporary), build_site=True, baseline=False))
    rows.sort(key=lambda row: row["records"])
    searched = [row for row in rows if "first_result_s" in row]
    search_lines = [f"search at {row['papers']:,} papers (headless Chromium, local server, Pagefind): first result "
                    f"{row['first_result_s']:.2f} s after typing on a fresh page, later queries at most "
                    f"{row['later_ms']:.0f} ms from the first key to their results (typing included) and at most "
                    f"{row['last_key_ms']:.0f} ms from the last key (Pagefind is asked after 120 ms without a key; "
                    "the titles answer at once), "
                    f"{row['downloaded_mb']:.2f} MB downloaded before the first result "
                    "(Pagefind's files are gzipped already; a list of titles is counted as this local server sends it, "
                    "uncompressed); each query, from its first key / its last key: "
                    + ", ".join(f"{query} {ms} / {row['last_key_each_ms'][query]} ms"
                                for query, ms in row["later_each_ms"].items())
                    + f"; typed at {READER_KEY_MS} ms a key, from the last key to the results: at most "
                    f"{row['paced_ms']:.0f} ms ("
                    + ", ".join(f"{query} {ms}" for query, ms in row["paced_each_ms"].items()) + " ms)"
                    + (f"; the whole pages' answer (titles from {row['titles_first']} first until then): "
                       f"first {row['whole_first_result_s']:.2f} s, "
                       f"later at most {row['whole_last_key_ms']:.0f} ms from the last key ("
                       + ", ".join(f"{query} {ms}" for query, ms in row["whole_last_key_each_ms"].items())
                       + f" ms), at a reader's pace at most {row['whole_paced_ms']:.0f} ms ("
                       + ", ".join(f"{query} {ms}" for query, ms in row["whole_paced_each_ms"].items()) + " ms)"
                       if row["titles_first"] else "")
                    + (f"; NO RESULTS within {WAIT_MS / 1000:.0f} s (counted as that): " + ", ".join(row["unanswered"])
                       if row.get("unanswered") else "")
                    for row in searched]
    search_lines += [f"Zensical {row['zensical_version']} on the same {row['papers']:,}-paper content: "
                     f"{row['zensical_s']:.1f} s cold, {row['zensical_cached_s']:.1f} s with its cache (MkDocs + "
                     f"litsite: {row['build_s']:.1f} s); paper page {row['zensical_page_kb']:.1f} KB "
                     f"({row['zensical_page_max_kb']:.1f} max); search index {row['zensical_index_mb']:.1f} MB "
                     f"({row['zensical_index_gz_mb']:.1f} gzipped)" for row in rows if "zensical_s" in row]
    search_lines += [f"Zensical failed: {row['zensical_error']}" for row in rows if "zensical_error" in row]
    search_lines += [f"the whole job at {row['papers']:,} papers: litsite (generate {row['generate_s']:.1f} s + MkDocs "
                     f"build {row['build_s']:.1f} s) {row['generate_s'] + row['build_s']:.1f} s; Hugo ({hugo_how}) "
                     f"on the same papers and tags, {row['hugo_pages']:,} pages, --minify: {row['hugo_s']:.1f} s; "
                     f"litsite / Hugo {(row['generate_s'] + row['build_s']) / row['hugo_s']:.1f}x"
                     for row in rows if "hugo_s" in row]
    search_lines += [f"Hugo failed: {row['hugo_error']}" for row in rows if "hugo_error" in row]
    if args.sizes and not hugo:
        search_lines.append(f"Hugo not compared: {hugo_how}")
    text = table(rows) + "\n\n" + "\n".join(f"- {line}" for line in scaling(rows) + search_lines)
    print(text)
    if args.out:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        Path(args.out).write_text(f"# Benchmark results\n\nMeasured {datetime.date.today()} on {machine} with "
                                  f"`python benchmarks/bench.py {' '.join(sys.argv[1:])}`.\n\n{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
