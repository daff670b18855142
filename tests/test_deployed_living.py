"""A living review as deployed (issue #16): a clone whose sources are a real Web of Science export, plus a
day of Hugging Face Daily Papers fetched through `litsite fetch` (from a local server replaying the
recorded answer) and `litsite resolve`, committed as the scheduled workflow commits them, then built for
a public address under a sub-path and read in Chromium with instant navigation on."""

from __future__ import annotations

import json

import pytest

from generator.cli import main
from generator.normalize import title_key
from generator.online import http

from .replay import Answer, Replay
from .site_helpers import SITE_URL, off_site, reader, requires_browser
from .test_deployed import REALWORLD, clone_with_own_sources, commit_and_build, git, shows, start_at_home

pytestmark = pytest.mark.e2e

HF_DAILY = REALWORLD / "hf_papers" / "deep-diver_paper-reviewer_daily_papers_EXCERPT_first4.json"
WOS = "ris/asysd_tests_wos_test.ris"


@pytest.fixture(scope="module")
def living(tmp_path_factory):
    clone = clone_with_own_sources(tmp_path_factory.mktemp("living"), [WOS])
    day = HF_DAILY.read_text(encoding="utf-8")
    with Replay() as replay, pytest.MonkeyPatch.context() as patch:
        patch.setattr(http, "pause", lambda seconds: None)
        patch.setenv("LITSITE_HF_API", replay.base + "/hf")
        replay.route("/hf/daily_papers", lambda query: Answer(day if query["date"] == "2024-10-25" else "[]"))
        replay.route("/hf/papers/search", lambda query: Answer("[]"))
        assert main(["fetch", "hf-daily", "--from", "2024-10-24", "--to", "2024-10-25", "--project", str(clone),
                     "--today", "2026-11-30"]) == 0
        assert main(["resolve", "--services", "hf", "--project", str(clone), "--today", "2026-11-30"]) == 0
        asked = [query["q"] for path, query in replay.log if path == "/hf/papers/search"]
    commit_and_build(clone, "Living review: papers fetched on 2026-11-30")
    return clone, asked


def test_only_papers_without_identifier_were_looked_up_and_the_build_changes_no_committed_file(living):
    clone, asked = living
    resolved = json.loads((clone / "resolved.json").read_text(encoding="utf-8"))["titles"]
    assert asked and sorted(title_key(q) for q in asked) == sorted(resolved)  # each once, all kept
    hf_titles = {item["title"] for item in json.loads(HF_DAILY.read_text(encoding="utf-8"))}
    assert not hf_titles & {entry["title"] for entry in resolved.values()}  # they have arXiv ids
    changed = {line[3:] for line in git(clone, "status", "--porcelain", "--untracked-files=all").splitlines()}
    assert changed <= {"permalinks.json"}
    report = (clone / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert f"For {len(resolved)} titles without arXiv id or DOI" in report


@requires_browser
def test_a_reader_goes_from_whats_new_on_the_home_page_to_a_fetched_paper_and_its_links(living):
    clone, _ = living
    site = clone / "site"
    with reader(site) as (base, page, requests):
        start_at_home(page, base)
        new = page.locator("h2#new-since-the-last-fetch")
        assert new.is_visible()
        listed = page.locator("h2#new-since-the-last-fetch ~ ul.litsite-list").first.locator("a")
        assert listed.count() == 4
        assert "4 papers entered the review on Nov 30, 2026" in page.locator("article").inner_text()
        title = listed.first.inner_text()
        listed.first.click()
        page.wait_for_url(lambda url: "/papers/" in url, wait_until="commit")
        shows(page, site)
        assert page.locator("h1").first.inner_text().strip() == title.strip()
        facts = page.locator(".litsite-facts").inner_text()
        assert "Entered the review on Nov 30, 2026" in facts
        links = page.locator(".litsite-ids a").evaluate_all("links => links.map(a => a.href)")
        assert any(link.startswith("https://arxiv.org/abs/24") for link in links)
        assert any(link.startswith("https://huggingface.co/papers/24") for link in links)
        assert page.evaluate("window.litsiteSamePage") is True
        assert page.errors == [] and off_site(requests, base) == []
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    first = feed[feed.index("<entry>"):]
    assert "<updated>2026-11-30T00:00:00Z</updated>" in first[:first.index("</entry>")]
    assert SITE_URL + "papers/" in feed
