"""The site's search index: Pagefind reads the built pages and writes site/pagefind/.

Pagefind (its binary ships in the `pagefind-bin` wheel on PyPI, so nothing is downloaded at build time)
indexes every word of the pages marked `data-pagefind-body` (the litsite plugin marks each page not excluded
from search: papers and the user's own pages, not the listings) and splits the index into fragments that a
browser fetches as a query needs them. Material's search, which litsite used before, loads its whole index
into every reader's browser: at 10,000 papers that was 3 s to a first result with only 20 words of each
abstract; Pagefind answered a first query in under 0.5 s with every word (benchmarks/RESULTS.md).
It folds accents ("Merrienboer" finds "Merriënboer") and stems English words ("SSMs" finds "SSM").
The search box and its script are theme_overrides/partials/header.html and content/assets/search.js.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FOLDER = "pagefind"  # in the built site
MARK = "data-pagefind-body"  # on a page's <article>: index this page, and only its content
IGNORE = "data-pagefind-ignore"  # on parts of a page the index leaves out (related papers, citation, sources)


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says which and how to fix it."""


def command(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind_bin", "--site", str(site), "--output-subdir", FOLDER, "--silent"]


def index(site: Path) -> None:
    """Write the search index of the built site at `site` into site/pagefind/."""
    try:
        result = subprocess.run(command(site), capture_output=True, text=True)
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind for the search index: {error}") from None
    if result.returncode != 0:
        raise SearchIndexError(failure(result.returncode, result.stderr + result.stdout))


def start(site: Path) -> subprocess.Popen:
    """Index in the background (`litsite serve`: the page reloads without waiting for the index)."""
    return subprocess.Popen(command(site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def failure(code: int, output: str) -> str:
    if "No module named pagefind_bin" in output:
        return ("the search index needs Pagefind, which is not installed here: "
                "run `pip install -e .` (or `make site`) to install litsite's dependencies")
    lines = [line for line in output.strip().splitlines() if line.strip()][-5:]
    return f"Pagefind failed (exit status {code}) while writing the search index:\n" + "\n".join(lines)
