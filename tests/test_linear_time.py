"""No field makes reading slow: the cost of each reader's text handling grows with a field's length, not
with its square. Measured as a ratio (the same work on a 20 KB field and on a 2 KB one, best of three),
never as a wall-clock limit: linear work gives about 10, the quadratic regexes this replaced gave 100+."""

from __future__ import annotations

import time

import pytest

from generator.readers.bibtex import RUN_TOGETHER
from generator.readers.fields import find_arxiv_id, html_to_text
from generator.readers.tabular import CSVReader

SMALL, LARGE = 2_000, 20_000
LINEAR_ENOUGH = 40  # a 10x longer field may cost up to 40x (noise, caches); quadratic costs ~100x


def cost(work, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work(text)
        best = min(best, time.perf_counter() - start)
    return max(best, 1e-5)  # below timer noise, two runs compare as equal


CASES = {
    # "a-a-a-...": every hyphen could start an old-style arXiv archive name ("cond-mat/0101001")
    "arXiv id in a field of hyphenated words": (lambda text: find_arxiv_id(text), lambda n: "arXiv " + "a-" * (n // 2)),
    # a closing brace and then only whitespace: the missing-comma check scanned it again from every newline
    "missing-comma check on a field ending in blank lines": (RUN_TOGETHER.search, lambda n: "}" + "\n " * (n // 2) + "x"),
    # "<a<a<a...": every "<" starts a tag that never closes
    "HTML tags that never close": (html_to_text, lambda n: "<a" * (n // 2)),
    # the CSV check runs on the first line of every source file
    "CSV header sniffing": (CSVReader().sniff, lambda n: "title," + '",' * (n // 2)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cost_grows_linearly_with_a_fields_length(case):
    work, make = CASES[case]
    ratio = cost(work, make(LARGE)) / cost(work, make(SMALL))
    assert ratio < LINEAR_ENOUGH, f"{case}: a 10x longer field cost {ratio:.0f}x"
