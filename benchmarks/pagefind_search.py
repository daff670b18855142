"""Pagefind beside Material's search, on the same generated site: is it the mechanism for full-text search?

    python benchmarks/pagefind_search.py [--records 10000]

Builds the synthetic corpus (benchmarks/synthetic.py) into a site as `make bench` does, indexes every
page's <article> (so whole abstracts) with Pagefind (`pagefind-bin` from PyPI, installed into
.venv-pagefind when missing), then in headless Chromium times, from a fresh page: loading Pagefind and
answering a first query with its first result's data, then later queries, and the bytes fetched before
the first result. Material's own figures for the same size come from `make bench`. Measurement only:
the site itself does not use Pagefind (issue #11 point 4, #17 point 5).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
import bench  # noqa: E402

VENV = REPO / ".venv-pagefind"
QUERIES = ("mixture", "attention", "diffusion language", "state space", "retrieval", "genomics")
PROBE = """<!doctype html><meta charset="utf-8"><title>pagefind probe</title>
<script type="module">
window.pagefindSearch = async (query) => {
  const started = performance.now();
  window.pf = window.pf || await import("./pagefind/pagefind.js");
  const found = await window.pf.search(query);
  const first = found.results.length ? await found.results[0].data() : null;
  return {ms: performance.now() - started, count: found.results.length, title: first && first.meta.title};
};
</script>"""


def pagefind() -> list[str]:
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", "pagefind-bin"], check=True)
    return [str(VENV / "bin" / "python"), "-m", "pagefind_bin"]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--records", type=int, default=10_000)
    args = options.parse_args()
    from tests.site_helpers import browser_available, chromium_page, serve

    if browser_available():
        raise SystemExit(f"no browser: {browser_available()}")
    with tempfile.TemporaryDirectory(prefix="litsite-pagefind-") as folder:
        project = Path(folder) / "site-project"
        bench.make_project(project, args.records)
        generated = bench.run_generate(project)
        bench.mkdocs_build(project)
        site = project / "site"
        start = time.perf_counter()
        subprocess.run([*pagefind(), "--site", str(site), "--root-selector", "article", "--output-subdir",
                        "pagefind"], check=True, capture_output=True)
        indexing = time.perf_counter() - start
        files = [path for path in (site / "pagefind").rglob("*") if path.is_file()]
        size = sum(path.stat().st_size for path in files)
        (site / "pagefind-probe.html").write_text(PROBE, encoding="utf-8")
        with serve(site) as base, chromium_page() as page:
            fetched: list[int] = []
            page.on("response", lambda response: fetched.append(int(response.headers.get("content-length", 0) or 0)))
            page.goto(base + "/pagefind-probe.html", wait_until="load")
            timings = []
            for number, query in enumerate(QUERIES):
                result = page.evaluate("q => window.pagefindSearch(q)", query)
                timings.append((query, result))
                if number == 0:
                    first_bytes = sum(fetched)
        print(f"{generated['papers']:,} papers; Pagefind indexed the site in {indexing:.1f} s: {len(files):,} files, "
              f"{size / 1e6:.1f} MB in all (fetched on demand, in fragments)")
        print(f"first query on a fresh page (loading Pagefind included): {timings[0][1]['ms']:.0f} ms, "
              f"{first_bytes / 1e6:.2f} MB fetched before its first result (uncompressed: the local server "
              "sends no gzip)")
        for query, result in timings[1:]:
            print(f"  {query!r}: {result['ms']:.0f} ms, {result['count']} results, first: {result['title']!r}")


if __name__ == "__main__":
    main()
