"""A systematic review as deployed (issue #15): a Web of Science and a Scopus export of one search, screened
by two reviewers through their notes (title-abstract and full text, a conflict, a paper not retrieved),
one duplicate pair decided by hand, one record excluded; built for a sub-path address and read in Chromium
with instant navigation. Every PRISMA number is checked against what the test itself decided and against
the Report page's conservation equation."""

from __future__ import annotations

import re
from html import unescape

import pytest

from generator.readers import read_sources
from generator.readers.ris import RISReader

from .site_helpers import off_site, reader, requires_browser
from .test_deployed import clone_with_own_sources, commit_and_build, shows, start_at_home

pytestmark = pytest.mark.e2e

EXPORTS = ["ris/asysd_tests_wos_test.ris", "ris/asysd_tests_scopus.ris"]
TA, FT = "title-abstract", "full-text"
# What each of the first nine papers (by DOI) gets, and where the PRISMA flow must count it.
PLAN = [
    ("included", [("ana", TA, "include", ""), ("ben", TA, "include", ""), ("ana", FT, "include", "")]),
    ("excluded_screening", [("ana", TA, "exclude", "wrong population"), ("ben", TA, "exclude", "wrong population")]),
    ("awaiting_screening", [("ana", TA, "include", ""), ("ben", TA, "exclude", "wrong design")]),  # a conflict
    ("excluded_full_text", [("ana", TA, "include", ""), ("ana", FT, "exclude", "wrong design")]),
    ("not_retrieved", [("ana", TA, "include", ""), ("ana", FT, "not-retrieved", "")]),
    ("awaiting_screening", [("ana", TA, "maybe", "")]),
    ("included", [("ben", FT, "include", "")]),  # straight to the full text
    ("awaiting_full_text", [("ben", TA, "include", "")]),
    ("excluded_screening", [("ben", TA, "exclude", "wrong design")]),
]


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    clone = clone_with_own_sources(tmp_path_factory.mktemp("screening"), EXPORTS)
    records, _ = read_sources(clone / "sources", clone)
    with_doi = sorted({record.doi for record in records if record.doi})
    chosen = with_doi[:len(PLAN)]
    (clone / "notes").mkdir(exist_ok=True)
    for doi, (_, decisions) in zip(chosen, PLAN):
        lines = "".join(f"  - {{reviewer: {who}, stage: {stage}, decision: {decision}"
                        + (f", reason: {reason}" if reason else "") + "}\n"
                        for who, stage, decision, reason in decisions)
        (clone / "notes" / f"{doi.replace('/', '_')}.md").write_text(f"---\npaper: {doi}\nscreening:\n{lines}---\n",
                                                                     encoding="utf-8")
    spare = [record for record in records if not record.doi]
    (clone / "dedup.yml").write_text(f"same:\n  - [{spare[0].record_id!r}, {spare[1].record_id!r}]\n", encoding="utf-8")
    (clone / "litsite.yml").write_text(
        "review:\n  exclusion_reasons: [wrong population, wrong design]\n"
        "  databases: {asysd_tests_wos_test.ris: Web of Science, asysd_tests_scopus.ris: Scopus}\n"
        f"curation:\n  exclude:\n    - {{paper: '{with_doi[-1]}', reason: not a primary study}}\n", encoding="utf-8")
    commit_and_build(clone, "screening so far")
    return clone, chosen


def prisma_numbers(site) -> dict[str, int]:
    html = (site / "screening" / "prisma" / "index.html").read_text(encoding="utf-8")
    return {unescape(key): int(value) for key, value in re.findall(r'<td data-box="([^"]+)">(\d+)</td>', html)}


def test_every_prisma_number_is_what_the_reviewers_decided_and_agrees_with_the_report(review):
    clone, chosen = review
    site = clone / "site"
    numbers = prisma_numbers(site)
    report = (site / "report" / "index.html").read_text(encoding="utf-8")
    entries, papers, merged = map(int, re.search(r"(\d+) entries read = (\d+) papers \+ (\d+) records? merged",
                                                 report).groups())
    expected = {box: sum(1 for where, _ in PLAN if where == box) for box, _ in PLAN}
    assert numbers["identified"] == entries == 60
    assert numbers["duplicates_by_you"] == 1 and numbers["duplicates"] + numbers["duplicates_by_you"] == merged
    assert numbers["excluded_by_you"] == 1 and numbers["unusable"] == 0
    assert numbers["screened"] == papers == entries - merged - 1
    for box in ("included", "excluded_screening", "excluded_full_text", "not_retrieved", "awaiting_full_text"):
        assert numbers[box] == expected[box], box
    assert numbers["awaiting_screening"] == papers - len(PLAN) + expected["awaiting_screening"]
    assert numbers["sought"] == 5 and numbers["assessed"] == 3
    # the included studies download as RIS holding exactly those papers
    included = RISReader().read((site / "downloads" / "included.ris").read_text(encoding="utf-8"), "x").records
    wanted = {doi for doi, (where, _) in zip(chosen, PLAN) if where == "included"}
    assert {record.doi for record in included} == wanted


@requires_browser
def test_a_reviewer_opens_the_flow_diagram_and_follows_a_box_to_the_papers_it_counts(review):
    clone, chosen = review
    site = clone / "site"
    with reader(site) as (base, page, requests):
        start_at_home(page, base)
        page.locator(".md-tabs__link", has_text="Screening").first.click()
        page.wait_for_url(base + "/screening/", wait_until="commit")
        shows(page, site)
        assert "ana include; ben exclude" in page.locator("article").inner_text()  # the conflict, named
        page.locator("article a", has_text="PRISMA flow diagram").first.click()
        page.wait_for_url(base + "/screening/prisma/", wait_until="commit")
        shows(page, site)
        assert page.locator(".litsite-prisma svg").bounding_box()["width"] > 600
        box = page.locator("a.litsite-prisma-link[data-box=excluded_full_text]")
        drawn = page.locator("g[data-box=excluded_full_text] rect").bounding_box()
        link = box.bounding_box()
        assert abs(drawn["x"] - link["x"]) < 4 and abs(drawn["y"] - link["y"]) < 4  # the link covers its box
        box.click()
        page.wait_for_url(base + "/screening/excluded-full-text/", wait_until="commit")
        shows(page, site)
        titles = page.locator("article ul.litsite-list a").all_inner_texts()
        assert len(titles) == 1 and "wrong design (1)" in page.locator("article").inner_text()
        assert page.evaluate("window.litsiteSamePage") is True
        assert page.errors == [] and off_site(requests, base) == []
