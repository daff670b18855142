"""A researcher's own corpus, as deployed: a fresh clone of the repository whose demo sources are replaced by
real exports from other fields, built as the Pages workflow builds it (public address under a sub-path), then
read in Chromium with Material's instant navigation on. Nothing of the demo may survive in the site, and
`git status` after the build shows only what the README says to commit."""

from __future__ import annotations

import html as html_module
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from .conftest import REPO, SEED_FILES
from .site_helpers import (SEARCH_ANSWERED, SEARCH_INPUT, SEARCH_SHOWN, SITE_URL, build_site, copy_tracked_files, off_site, reader,
                           requires_browser, search)

pytestmark = pytest.mark.e2e

REALWORLD = REPO.parent / "shared" / "realworld"
# Neuroscience methods, a deep-learning textbook, two bibliographic databases' exports of a biomedical
# search, an arXiv API answer and Web of Science's plain text of two biochemistry papers: none of them the
# demo's Daily Papers text.
OWN_SOURCES = ["bibtex/mne-python_doc_references.bib", "bibtex/d2l-en_d2l.bib", "ris/asysd_tests_wos_test.ris",
               "ris/asysd_tests_scopus.ris", "arxiv/arxivpy_q_testing_s0_m100_cfe7536492ca.atom.xml",
               "ris/rispy_example_wos_WoS-tagged-format.txt"]
# What the README says a user commits after a build of their own sources.
COMMITTED_BY_THE_USER = {"permalinks.json"}
GIT = {"GIT_AUTHOR_NAME": "Reader", "GIT_AUTHOR_EMAIL": "reader@example.org", "GIT_COMMITTER_NAME": "Reader",
       "GIT_COMMITTER_EMAIL": "reader@example.org"}


def git(folder: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT}).stdout


def fresh_clone(target: Path) -> Path:
    """The tracked files in a new repository with one commit, as a researcher's clone starts."""
    copy_tracked_files(target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "clone")
    return target


def demo_titles() -> list[str]:
    """Titles that only the demo corpus has (the first title line of each seed file's papers)."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in SEED_FILES)
    return [title for title in ("A Survey on Mixture of Experts", "Mamba: Linear-Time Sequence Modeling",
                                "QwenLong-CPRS") if title in text]


def clone_with_own_sources(folder: Path, names: list[str]) -> Path:
    """A fresh clone whose demo sources are replaced by these real exports (paths under REALWORLD)."""
    if not REALWORLD.exists():
        pytest.skip(f"no real-world exports at {REALWORLD}")
    clone = fresh_clone(folder / "review")
    shutil.rmtree(clone / "sources")
    (clone / "sources").mkdir()
    for name in names:
        shutil.copy(REALWORLD / name, clone / "sources" / Path(name).name)
    return clone


def commit_and_build(clone: Path, message: str) -> subprocess.CompletedProcess:
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", message)
    result = build_site(clone)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


# PubMed's own export (MEDLINE format, .nbib), in PubMed's layout: none is among the real exports.
PUBMED = Path(__file__).parent / "fixtures" / "medline" / "pubmed-diabetes-set.nbib"


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    clone = clone_with_own_sources(tmp_path_factory.mktemp("deployed"), OWN_SOURCES)
    shutil.copy(PUBMED, clone / "sources" / PUBMED.name)
    result = commit_and_build(clone, "my own sources")
    return clone, result


def site_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".bib", ".csv", ".svg", ".txt", ".ris"):
            yield path


def test_no_page_download_feed_or_chart_holds_demo_content(own):
    clone, _ = own
    site = clone / "site"
    markers = ["Language models, sequence modeling and friends", "Daily Papers", *demo_titles()]
    assert len(markers) >= 4
    found = [f"{path.relative_to(site)}: {marker}" for path in site_files(site)
             for marker in markers if marker in path.read_text(encoding="utf-8", errors="replace")]
    assert found == [], "\n".join(found)


def test_no_page_shows_markdown_as_text(own):
    """The Tags page printed its table as a paragraph ("... by number of papers. | Tag | Papers | Also
    mentioned by | | --- | ...") on every site since session 10: the template's paragraph and table were
    one block. No built page's text may hold a table's rule, a link's or emphasis's Markdown."""
    clone, _ = own
    site = clone / "site"
    found = []
    for page in sorted(site.rglob("*.html")):
        text = re.sub(r"<pre.*?</pre>|<code.*?</code>|<script.*?</script>", "", page.read_text(encoding="utf-8"),
                      flags=re.S)
        text = html_module.unescape(re.sub(r"<[^>]+>", " ", text))
        for mark in re.findall(r"\| ?-{3,}:? ?\||\]\((?:\.\./|[a-z-]+/|[a-z0-9-]+\.md)|\*\*\w", text):
            found.append(f"{page.relative_to(site)}: {mark}")
    assert found == [], found[:10]


def test_downloads_stats_timeline_and_feed_reflect_the_new_sources(own):
    clone, _ = own
    site, content = clone / "site", clone / "content"
    papers = [path for path in (content / "papers").glob("*.md") if path.stem != "index"]
    assert len(papers) > 700
    bib = (site / "downloads" / "papers.bib").read_text(encoding="utf-8")
    assert len(re.findall(r"^@\w+\{", bib, re.M)) == len(papers)
    data = json.loads((site / "downloads" / "papers.json").read_text(encoding="utf-8"))
    assert len(data["papers"] if isinstance(data, dict) else data) == len(papers)
    csv_rows = (site / "downloads" / "papers.csv").read_text(encoding="utf-8").count("\n")
    assert csv_rows >= len(papers) + 1
    # The d2l bibliography reaches back to Bellman (1957): the timeline and the stats show those years.
    assert (site / "timeline" / "1957" / "index.html").exists()
    stats = (site / "stats" / "index.html").read_text(encoding="utf-8")
    assert "1957" in stats
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") > 0 and SITE_URL + "papers/" in feed


def test_git_status_after_the_build_shows_only_what_the_user_commits(own):
    clone, _ = own
    changed = {line[3:] for line in git(clone, "status", "--porcelain", "--untracked-files=all").splitlines()}
    assert changed <= COMMITTED_BY_THE_USER, sorted(changed - COMMITTED_BY_THE_USER)[:20]
    readme = (clone / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in COMMITTED_BY_THE_USER)


def test_the_site_is_named_neutrally_from_its_sources_not_the_demo(own):
    clone, _ = own
    home = (clone / "site" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>([^<]*)</title>", home).group(1)
    assert "Language models" not in title and "litsite literature review" not in home
    assert "Literature review" in title
    description = re.search(r'<meta name="description" content="([^"]*)"', home).group(1)
    assert "7 source files" in description and "PubMed MEDLINE" in description and "Daily Papers" not in description
    assert "Web of Science text" in description


def test_a_pubmed_export_becomes_pages_with_its_doi_keywords_and_the_reports_line(own):
    """PubMed's MEDLINE file, beside five other formats: its papers have pages (the DOI and PubMed links,
    MeSH headings among the keywords) and downloads; its record without a title is on the Report."""
    clone, _ = own
    site = clone / "site"
    page = next(path for path in (site / "papers").glob("sodium-glucose-cotransporter-2-inhibition*/index.html"))
    html = page.read_text(encoding="utf-8")
    assert "https://doi.org/10.1186/s12933-019-0000-1" in html
    assert re.search(r'href="https://pubmed\.ncbi\.nlm\.nih\.gov/31000001/"[^>]*>PubMed</a>', html)
    assert "Atherosclerosis/*drug therapy/pathology" in html and "Nakamura" in html
    bib = (site / "downloads" / "papers.bib").read_text(encoding="utf-8")
    assert "pages = {1123--1130}" in bib and "journal = {Cardiovascular diabetology}" in bib
    report = (site / "report" / "index.html").read_text(encoding="utf-8")
    assert "pubmed-diabetes-set.nbib" in report and "MEDLINE record without a title" in report


def test_a_web_of_science_text_export_becomes_pages_and_exports_with_its_fields(own):
    """Web of Science's plain text (savedrecs.txt), beside six other files: its papers have pages with their
    DOI, authors and Keywords Plus, and go out in the downloads with their pages and journal."""
    clone, _ = own
    site = clone / "site"
    page = next(path for path in (site / "papers").glob("interactions-stabilizing-the-structure*/index.html"))
    html = page.read_text(encoding="utf-8")
    assert "https://doi.org/10.1021/bi049798f" in html and "Parkes-Loach" in html and "ANTENNA COMPLEX" in html
    bib = (site / "downloads" / "papers.bib").read_text(encoding="utf-8")
    assert "pages = {7003--7016}" in bib and "journal = {BIOCHEMISTRY}" in bib
    report = html_module.unescape(re.sub(r"(<[^>]+>|\s)+", " ", (site / "report" / "index.html").read_text(encoding="utf-8")))
    assert "sources/rispy_example_wos_WoS-tagged-format.txt wos-text 2 0 0" in report  # read, skipped, problems


def heading(site: Path, url: str) -> str:
    """The first <h1> of the built page a site URL points to, as text."""
    relative = url.split("#")[0][len(SITE_URL):]
    html = (site / relative / "index.html" if not relative.endswith(".html") else site / relative).read_text()
    article = html[html.index("<article"):]
    inner = re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", inner)).strip()


SHOWN_HEADING = "() => { const h = document.querySelector('.md-content h1'); " \
                "return h ? h.textContent.replace(/\\s+/g, ' ').trim() : null }"


def shows(page, site: Path) -> None:
    """The page on screen is the page its address names (instant navigation swapped the content in)."""
    page.wait_for_function(f"want => ({SHOWN_HEADING})() === want", arg=heading(site, page.url), timeout=10000)


def start_at_home(page, base: str) -> None:
    """Open the home page and mark the window: the mark survives instant navigation, not a full load."""
    page.goto(base + "/", wait_until="networkidle")
    page.evaluate("window.litsiteSamePage = true")


@requires_browser
def test_a_reader_moves_through_every_tab_a_topic_a_tag_a_paper_and_back(own):
    clone, _ = own
    site = clone / "site"
    with reader(site) as (base, page, requests):
        start_at_home(page, base)
        visited = [page.url]
        tabs = page.locator(".md-tabs__link").all_inner_texts()
        assert len(tabs) >= 8
        for tab in [*tabs[1:], tabs[0]]:
            page.locator(".md-tabs__link", has_text=tab).first.click()
            page.wait_for_load_state("networkidle")
            shows(page, site)
            visited.append(page.url)
        page.locator(".md-tabs__link", has_text="Topics").first.click()
        page.wait_for_url(base + "/topics/", wait_until="commit")
        shows(page, site)
        visited.append(page.url)
        # a topic, one of its tags (a topic page lists its commonest tags; not every paper has one), a paper
        for link in ("article a[href*='topics/'][href$='/']:not([href$='topics/'])",
                     "article a[href*='tags/'][href$='/']:not([href$='tags/'])",
                     "article a[href*='papers/'][href$='/']:not([href$='papers/'])"):
            page.locator(link).first.click()
            page.wait_for_url(lambda url: url not in visited[-1:], timeout=10000, wait_until="commit")
            shows(page, site)
            visited.append(page.url)
        assert visited[-3:][0].startswith(base + "/topics/") and "/tags/" in visited[-2]
        assert "/papers/" in visited[-1]
        for back in reversed(visited[-4:-1]):
            page.go_back()
            page.wait_for_url(back, timeout=10000, wait_until="commit")
            shows(page, site)
        assert page.evaluate("window.litsiteSamePage") is True, "a click reloaded the page: instant navigation is off"
        assert page.errors == []
        assert off_site(requests, base) == []


def table_titles(page) -> list[str]:
    return page.locator(".litsite-table tbody tr td:first-child a").all_inner_texts()


def restored(page, text: str, count: str, titles: list[str]) -> None:
    """Wait until the table shows this filter, count and rows again, all read in one moment: after Back,
    instant navigation may put the page in place twice, so a count seen once can belong to a table
    that is then replaced before its rows are read."""
    page.wait_for_function(
        """([text, count, titles]) => {
            const input = document.querySelector("input[name=q]");
            const shown = [...document.querySelectorAll(".litsite-table tbody tr td:first-child a")].map(a => a.innerText);
            return input && input.value === text
                && (document.querySelector(".litsite-count") || {}).textContent === count
                && JSON.stringify(shown) === JSON.stringify(titles);
        }""", arg=[text, count, titles], timeout=15000)


@requires_browser
def test_the_papers_table_is_a_table_on_a_desktop_keeps_its_filters_in_the_address_and_says_when_empty(own):
    clone, _ = own
    with reader(clone / "site", width=1280) as (base, page, requests):
        page.goto(base + "/papers/", wait_until="networkidle")
        page.locator(".litsite-table tbody tr").first.wait_for()
        # Only columns some paper fills: these exports have no upvotes and no reading status.
        headers = page.locator(".litsite-table thead th").all_inner_texts()
        assert [h.strip() for h in headers] == ["Title", "Date", "Topic", "Tags"]
        # Styled as a table, within the content column.
        header_background = page.evaluate("getComputedStyle(document.querySelector('.litsite-table th')).backgroundColor")
        assert header_background not in ("rgba(0, 0, 0, 0)", "transparent")
        column = page.locator(".md-content").bounding_box()
        table = page.locator(".litsite-table").bounding_box()
        assert table["x"] + table["width"] <= column["x"] + column["width"] + 1
        assert not page.locator("button[name=more]").is_visible() or page.locator(".litsite-count").inner_text().find("showing") > 0
        # Filters and sort go into the address, and come back after leaving the page and returning.
        page.fill("input[name=q]", "neural")
        page.locator(".litsite-table thead th button", has_text="Title").press("Space")
        page.wait_for_url(re.compile(r"\?.*text=neural"), wait_until="commit")
        assert "sort=p" in page.url and "order=asc" in page.url
        shown = table_titles(page)
        assert shown and shown == sorted(shown, key=str.casefold)
        assert page.locator("th[data-sort=p]").get_attribute("aria-sort") == "ascending"
        filtered = page.locator(".litsite-count").inner_text()
        page.locator(".litsite-table tbody tr td:first-child a").first.click()
        page.wait_for_url(re.compile(r"/papers/[a-z0-9-]+/$"), wait_until="commit")
        page.go_back()
        restored(page, "neural", filtered, shown)
        page.reload(wait_until="networkidle")
        restored(page, "neural", filtered, shown)
        # Nothing matches: it says so, and offers to clear the filters.
        page.fill("input[name=q]", "qqqzzzxxx")
        empty = page.locator(".litsite-empty")
        empty.wait_for(state="visible")
        assert "No paper matches" in empty.inner_text() and not page.locator(".litsite-table").is_visible()
        empty.locator("button").click()
        assert page.locator(".litsite-count").inner_text().split()[0] == page.locator(".litsite-count").inner_text().split()[2]
        assert page.errors == []


@requires_browser
def test_on_a_phone_the_papers_table_is_a_list_of_cards_that_fits_the_screen(own):
    clone, _ = own
    with reader(clone / "site", width=390, height=844) as (base, page, requests):
        page.goto(base + "/papers/", wait_until="networkidle")
        rows = page.locator(".litsite-table tbody tr")
        rows.first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        title = page.locator(".litsite-table tbody tr td:first-child").first.bounding_box()
        assert title["width"] >= 300  # the title takes the card's width: no word broken letter by letter
        heights = page.evaluate("[...document.querySelectorAll('.litsite-table tbody tr')].map(r => r.offsetHeight)")
        assert sum(heights) / len(heights) < 200, max(heights)
        page.locator(".litsite-table thead th button", has_text="Date").click()  # sorting stays reachable
        assert page.locator("th[data-sort=d]").get_attribute("aria-sort") == "ascending"
        assert page.errors == []


def papers_data(site: Path) -> list[dict]:
    data = json.loads((site / "downloads" / "papers.json").read_text(encoding="utf-8"))
    return data["papers"] if isinstance(data, dict) else data


def result_titles(page, query: str) -> list[str]:
    search(page, query)
    page.wait_for_timeout(300)  # the list is redrawn as the last keys arrive
    return [title.strip() for title in page.locator(".litsite-search__title").all_inner_texts()]


@requires_browser
def test_search_finds_papers_by_abstract_accent_free_author_venue_short_name_and_tag(own):
    clone, _ = own
    site = clone / "site"
    papers = papers_data(site)

    def titles(condition) -> set[str]:
        return {paper["title"] for paper in papers if condition(paper)}

    authors = lambda paper: " ".join(str(author) for author in paper["authors"] or [])  # noqa: E731
    expected = {
        # a word only in one abstract, not in its title
        "quadratically": titles(lambda p: "quadratically" in (p["abstract"] or "")),
        # "Dähne" typed without the accent
        "Dahne": titles(lambda p: "Dähne" in authors(p)),
        # the venue's short name, not written in the record
        "ICLR": titles(lambda p: "Learning Representations" in (p["venue"] or "")),
    }
    assert all(expected.values()), expected
    with reader(site) as (base, page, requests):
        page.goto(base + "/", wait_until="networkidle")
        for query, wanted in expected.items():
            shown = result_titles(page, query)
            assert shown and shown[0] in wanted, (query, shown[:3])
        # Every word of every abstract is indexed, not only each abstract's rarest words: a word that a
        # hundred abstracts share finds all of them.
        def sharing_word(word: str) -> list[dict]:
            return [paper for paper in papers if re.search(rf"\b{word}\b", paper["abstract"] or "", re.I)]
        word = max(("results", "data", "method", "analysis"), key=lambda word: len(sharing_word(word)))
        sharing = sharing_word(word)
        assert len(sharing) >= 30, len(sharing)
        search(page, word)
        status = page.locator(".litsite-search__status").inner_text()
        assert int(status.split()[0].replace(",", "")) >= len(sharing), (status, len(sharing))
        # The listing pages are not results: a paper comes first, and no index page is listed.
        search(page, "tags")
        links = page.locator(".litsite-search__result a").evaluate_all("links => links.map(a => a.href)")
        for index_page in ("", "tags/", "topics/", "papers/"):
            assert not any(link.split("?")[0] == f"{base}/{index_page}" for link in links), index_page
        assert page.errors == []


@requires_browser
def test_the_box_lists_matching_titles_as_keys_are_typed_then_a_title_leads_to_its_paper(own):
    """Below SLOW_FROM papers, generation lists the titles (papers/titles.json) and the box finds titles in
    it as each key is typed, before Pagefind's whole answer; reached by instant navigation, under the
    sub-path. A title word no other title holds finds that one paper."""
    from .test_search_and_icons import WATCH_STATUS
    clone, _ = own
    site = clone / "site"
    papers = [paper for paper in papers_data(site) if not re.search(r"[$<{\\]", paper["title"])]  # plain titles
    words = Counter(word for paper in papers for word in set(re.findall(r"[a-z]{7,}", paper["title"].lower())))
    paper = next(paper for paper in papers for word in re.findall(r"[a-z]{7,}", paper["title"].lower())
                 if words[word] == 1)
    word = next(word for word in re.findall(r"[a-z]{7,}", paper["title"].lower()) if words[word] == 1)
    listed = json.loads((site / "papers" / "titles.json").read_text(encoding="utf-8"))
    assert len(listed) == len(papers_data(site)) and [paper["title"], paper["page"]] in listed
    with reader(site) as (base, page, requests):
        start_at_home(page, base)
        page.locator(".md-tabs__link", has_text="Topics").first.click()  # the box is set up on the home page
        page.wait_for_url(base + "/topics/", wait_until="commit")
        shows(page, site)
        page.evaluate(WATCH_STATUS)
        page.click(SEARCH_INPUT)
        page.wait_for_function("() => performance.getEntriesByType('resource').some(entry =>"
                               " entry.name.endsWith('/papers/titles.json') && entry.responseEnd > 0)")
        page.type(SEARCH_INPUT, word[:-1])  # the beginning of a word finds its title too
        page.wait_for_function(SEARCH_ANSWERED, arg=word[:-1], timeout=10000)
        states = page.evaluate("window.__states")
        titles = next((items for state, text, items in states if state == "titles" and word[:-1] in text), None)
        assert titles and paper["title"] in titles, states[:3]  # the titles' answer came before the whole one
        page.fill(SEARCH_INPUT, "")
        page.type(SEARCH_INPUT, word)
        page.wait_for_function(SEARCH_SHOWN, arg=word, timeout=10000)
        page.locator(".litsite-search__title", has_text=paper["title"]).first.click()
        page.wait_for_url(f"{base}/{paper['page']}", wait_until="commit")
        shows(page, site)
        assert page.evaluate("window.litsiteSamePage") is True, "the result's link reloaded the page"
        assert page.errors == []


AXE = REPO / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"  # installed by `make test`


def page_types(site: Path) -> list[str]:
    """One page of every kind the site has: indexes, a topic, a tag, a paper, a year, charts, report."""
    first = lambda folder: sorted(p.name for p in (site / folder).iterdir() if p.is_dir() and p.name != "page-2")[0]  # noqa: E731
    return ["", "topics/", f"topics/{first('topics')}/", "tags/", f"tags/{first('tags')}/", "papers/",
            f"papers/{first('papers')}/", "timeline/", f"timeline/{first('timeline')}/", "stats/", "map/",
            "reading/", "report/", "screening/", "screening/prisma/", "screening/sought/"]


@requires_browser
def test_axe_finds_no_serious_violation_on_any_page_type_in_light_and_dark(own):
    if not AXE.exists():
        if os.environ.get("LITSITE_REQUIRE_BROWSER"):
            pytest.fail(f"axe-core is missing at {AXE} (make test installs it with npm)")
        pytest.skip(f"axe-core is not installed at {AXE} (make test installs it with npm)")
    clone, _ = own
    site = clone / "site"
    found = []
    with reader(site, bypass_csp=True) as (base, page, requests):
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            for url in page_types(site):
                page.goto(f"{base}/{url}", wait_until="networkidle")
                page.locator(".litsite-table tbody tr").first.wait_for() if url == "papers/" else None
                if url == "":  # the search box's results panel, open over the home page
                    search(page, "data")
                page.add_script_tag(path=str(AXE))
                # The whole page: litsite's markup, and Material's, which litsite's stylesheet mends where it
                # fell short (tab contrast).
                result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
                found += [f"{scheme} /{url}: {violation['id']} ({violation['impact']}) at "
                          f"{violation['nodes'][0]['target']}, {len(violation['nodes'])} node(s)"
                          for violation in result["violations"] if violation["impact"] in ("critical", "serious")]
    assert found == [], "\n".join(found)


@requires_browser
def test_the_shown_papers_and_one_paper_export_as_bibtex_ris_and_csl_json(own):
    """Issue #12, point 5: BibTeX, RIS and CSL-JSON for a filtered list and for one paper, as deployed.
    The files re-read by litsite's own readers hold exactly the papers the table shows; a paper read from
    Web of Science's RIS saves as RIS with its other fields (SN, AD, ...) as the source had them."""
    from generator.readers.bibtex import BibTeXReader
    from generator.readers.csl_json import CSLJSONReader
    from generator.readers.ris import RISReader
    clone, _ = own
    table = json.loads((clone / "site" / "papers" / "table.json").read_text(encoding="utf-8"))["papers"]
    readers = {"export": BibTeXReader, "export-ris": RISReader, "export-csl": CSLJSONReader}
    with reader(clone / "site", width=1280) as (base, page, requests):
        page.goto(base + "/papers/?text=canine", wait_until="networkidle")
        page.locator(".litsite-table tbody tr").first.wait_for()
        shown = int(page.locator(".litsite-count").inner_text().split()[0])
        wanted = sorted(p["k"] for p in table if "canine" in p["p"].lower())
        assert 0 < shown == len(wanted)
        for name, format_reader in readers.items():
            with page.expect_download() as download:
                page.click(f"button[name={name}]")
            text = open(download.value.path(), encoding="utf-8").read()
            keys = [record.citation_key or record.record_id for record in format_reader().read(text, "x").records]
            assert sorted(keys) == wanted, name
        page.locator(".litsite-table tbody tr td:first-child a").first.click()
        page.wait_for_url(re.compile(r"/papers/[a-z0-9-]+/$"), wait_until="commit")
        key = page.locator("button[data-litsite-export=ris]").get_attribute("data-key")
        # One paper's entry comes as its bytes alone (a range of the download, where its file of the entry
        # index says), not as the whole collection's file: 12 MB of RIS at 8,579 papers for one entry.
        ranges: list[str] = []
        page.on("request", lambda request: ranges.append(request.headers.get("range", ""))
                if "/downloads/papers" in request.url else None)
        for export, format_reader in (("ris", RISReader), ("bibtex", BibTeXReader), ("csl", CSLJSONReader)):
            with page.expect_download() as download:
                page.click(f"button[data-litsite-export={export}]")
            records = format_reader().read(open(download.value.path(), encoding="utf-8").read(), "one").records
            assert [record.citation_key or record.record_id for record in records] == [key], export
            if export == "ris":
                assert {tag for tag, _ in records[0].extra} & {"SN", "AD", "LA", "PU"}
        assert len(ranges) == 3 and all(re.fullmatch(r"bytes=\d+-\d+", asked) for asked in ranges), ranges
        assert all(int(asked.split("-")[1]) - int(asked.split("=")[1].split("-")[0]) < 20_000 for asked in ranges)
        assert page.errors == [] and off_site(requests, base) == []
