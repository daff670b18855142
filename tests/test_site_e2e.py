"""End to end: build the real site from the default corpus with MkDocs and inspect the HTML it produced."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import make_project
from .site_helpers import SITE_URL, browser_available, build_site, off_site, reader, requires_browser, search

pytestmark = pytest.mark.e2e
ROOT_PATH = urlsplit(SITE_URL).path  # "/review/": where project Pages serve the site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("e2e") / "project", seeds=True,
                        config=(Path(__file__).parent.parent / "litsite.yml").read_text())
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result


class Resources(HTMLParser):
    """Collects what a page loads (scripts, styles, images, frames) and where its links go."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "video", "audio") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "alternate", "prev", "next"):
            self.loads.append(attrs["href"])
        if tag == "use" and attrs.get("xlink:href"):  # an icon from the sprite (generator/site/icons.py)
            self.loads.append(attrs["xlink:href"])
        if tag == "a" and (attrs.get("href") or attrs.get("xlink:href")):  # xlink:href: links in SVG charts
            self.links.append(attrs.get("href") or attrs["xlink:href"])
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1.append(data)


def parse(path: Path) -> Resources:
    parser = Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_build_is_strict_and_reports_the_corpus(built):
    root, result = built
    assert "314 entries read = 268 papers + 46 merged duplicates + 0 rejected" in result.stdout
    assert (root / "site" / "index.html").exists()


def test_one_page_per_paper_tag_and_topic(built):
    root, _ = built
    site, content = root / "site", root / "content"
    papers = sorted(p.stem for p in (content / "papers").glob("*.md") if p.stem != "index")
    assert len(papers) == 268
    assert sorted(p.name for p in (site / "papers").iterdir() if p.is_dir()) == papers
    for folder in ("tags", "topics"):
        generated = sorted(p.stem for p in (content / folder).glob("*.md") if p.stem != "index")
        built_pages = sorted(p.name for p in (site / folder).iterdir() if p.is_dir())
        assert generated == built_pages and generated
    assert 8 <= len([p for p in (site / "topics").iterdir() if p.is_dir()]) <= 20


def test_search_index_holds_every_paper_page_and_no_listing_page(built):
    root, _ = built
    site = root / "site"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    slugs = [p.stem for p in (root / "content" / "papers").glob("*.md") if p.stem != "index"]
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(slugs)
    for slug in slugs:
        assert "<article class=\"md-content__inner md-typeset\" data-pagefind-body>" in \
            (site / "papers" / slug / "index.html").read_text()
    for listing in ("index.html", "papers/index.html", "tags/index.html", "topics/index.html", "report/index.html",
                    "timeline/index.html", "stats/index.html", "map/index.html", "reading/index.html"):
        assert "data-pagefind-body" not in (site / listing).read_text(), listing


def test_a_papers_index_entry_leaves_out_related_papers_citation_and_sources(built):
    root, _ = built
    html = next((root / "site" / "papers").glob("a-survey-on-mixture-of-experts-*/index.html")).read_text()
    ignored = html.split("data-pagefind-ignore>", 2)[-1]
    for part in ("Related papers", "<h2>Cite</h2>", "Sources ("):
        assert part in ignored
    assert "data-pagefind-ignore" not in html.split('class="litsite-abstract"')[1].split("</div>")[0]


def test_theme_icons_come_from_one_sprite(built):
    root, _ = built
    site = root / "site"
    sprite = (site / "assets" / "litsite-icons.svg").read_text()
    symbols = set(re.findall(r'<symbol id="([^"]+)"', sprite))
    for page in [site / "index.html", *list((site / "papers").glob("*/index.html"))[:20]]:
        html = page.read_text()
        header = html.split("<article", 1)[0]
        assert '<svg xmlns="http://www.w3.org/2000/svg"' not in header, page
        used = set(re.findall(r'<use xlink:href="[^"#]*litsite-icons\.svg#([^"]+)"', html))
        assert used and used <= symbols, page


def test_merged_paper_page_lists_its_five_sources(built):
    root, _ = built
    page = next((root / "site" / "papers").glob("a-markov-categorical-framework-for-language-modeling-*/index.html"))
    html = page.read_text()
    assert "Sources (5)" in html
    for seed in ("000_d28eb1a07c3e44d0.txt", "001_d7c1e806573a4dfe.txt", "002_17343f8694b28550.txt",
                 "003_23163178b09a57ff.txt", "004_b35bbbf30323816d.txt"):
        assert re.search(rf"sources/{seed[:3]}(&#95;|_){seed[4:-4]}\.txt</code>, line \d+", html), seed


def test_paper_page_shows_math_topic_tags_links_and_related(built):
    root, _ = built
    page = next((root / "site" / "papers").glob("qwenlong-cprs-*/index.html"))
    parsed = parse(page)
    html = page.read_text()
    assert "<math" in html and "<mo>∞</mo>" in html
    assert "".join(parsed.h1).startswith("QwenLong-CPRS: Towards")
    assert any("/topics/" in link for link in parsed.links)
    assert any("/tags/long-context/" in link for link in parsed.links)
    # Related papers: only those clearly close, at most five, each with its score; or a sentence saying so.
    assert "<h2>Related papers</h2>" in html
    assert 1 <= html.count("similarity 0.") <= 5 or "No other paper in this collection is clearly close" in html
    mamba = next((root / "site" / "papers").glob("mamba-linear-time-*/index.html")).read_text()
    assert mamba.count("similarity 0.") == 5
    with_links = next((root / "site" / "papers").glob("streaming-sequence-to-sequence-learning-*/index.html"))
    assert 'href="https://github.com/kyutai-labs/delayed-streams-modeling"' in with_links.read_text()


def test_no_page_loads_anything_from_another_host(built):
    root, _ = built
    offenders = []
    for page in (root / "site").rglob("*.html"):
        for url in parse(page).loads:
            if re.match(r"^(https?:)?//", url):
                offenders.append(f"{page.relative_to(root)}: {url}")
    assert offenders == []
    css = "".join(p.read_text() for p in (root / "site" / "assets").rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_paper_pages_stay_small_and_out_of_the_nav(built):
    root, _ = built
    sizes = [p.stat().st_size for p in (root / "site" / "papers").glob("*/index.html")]
    assert max(sizes) <= 15 * 1024  # the per-page budget of the scale issue (#5)
    home = (root / "site" / "index.html").read_text()
    assert home.count("/papers/") < 5  # the nav links the All-papers index, not each paper




@requires_browser
def test_reader_searches_and_opens_a_paper_without_leaving_localhost(built):
    root, _ = built
    with reader(root / "site") as (base, page, requests):
        page.goto(base + "/", wait_until="networkidle")
        assert page.title() == "Literature review"  # litsite.yml names no title: the neutral default
        # the header icons reference the sprite, which loads, and keep their size (viewBox kept)
        toggle = page.locator(".md-header__option label:not([hidden]) svg").first.bounding_box()
        assert toggle and toggle["width"] > 10 and toggle["height"] > 10
        assert any(url.endswith("/assets/litsite-icons.svg") for url in requests)
        # a collection of this size has one index, of the whole pages: no titles' index is written or asked for
        assert not (root / "site" / "pagefind-titles").exists()
        assert page.locator("[data-litsite-search]").get_attribute("data-titles-first") is None
        # a word of one abstract only; an acronym of a tag (every paper tagged State space models is found by
        # "SSMs"); a word no page holds, which Pagefind alone answers with pages holding a shorter word ("x")
        assert search(page, "genomics").first.locator(".litsite-search__title").inner_text().startswith("Mamba:")
        data = json.loads((root / "site" / "downloads" / "papers.json").read_text(encoding="utf-8"))
        tagged = [paper for paper in (data["papers"] if isinstance(data, dict) else data)
                  if "state-space-models" in paper["tags"]]
        search(page, "SSMs")
        assert len(tagged) >= 5 and int(page.locator(".litsite-search__status").inner_text().split()[0].replace(",", "")) >= len(tagged)
        assert search(page, "xyzzyq").count() == 0
        assert page.locator(".litsite-search__status").inner_text() == "Nothing matches \u201cxyzzyq\u201d."
        search(page, "mixture of experts")
        result = page.locator(".litsite-search__result a", has_text="A Survey on Mixture of Experts").first
        result.wait_for(timeout=10000)
        result.click()
        page.wait_for_url(re.compile(r"/papers/a-survey-on-mixture-of-experts-"), timeout=10000)
        page.wait_for_function("() => document.querySelector('.md-content h1').textContent.trim()"
                               " === 'A Survey on Mixture of Experts'")  # instant navigation: no page load
        assert page.locator("#litsite-search-results").is_hidden()
        # reached by instant navigation from the home page: icon references still resolve from this depth
        sprites = page.evaluate("() => [...document.querySelectorAll('use')].map("
                                "u => new URL(u.getAttribute('xlink:href'), location.href).href.split('#')[0])")
        assert sprites and set(sprites) == {base + "/assets/litsite-icons.svg"}
        page.locator("article a", has_text="Mixture of experts").first.click()
        page.wait_for_url(re.compile(r"/tags/mixture-of-experts/"), timeout=10000, wait_until="commit")
        page.wait_for_function("() => document.querySelector('.md-content h1').textContent.trim() === 'Mixture of experts'")
        assert off_site(requests, base) == []


REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
MIXED = ["bibtex/nemo_docs_nlp_all.bib", "bibtex/mne-python_doc_references_2020-05-19_025b5f6e.bib",
         "ris/asysd_tests_scopus.ris", "arxiv/arxivpy_pr_search_au_del_maestro.atom.xml",
         "csl_json/zotero-better-bibtex_Pandoc_Citation.csl.json",
         "hf_papers/deep-diver_paper-reviewer_daily_papers_EXCERPT_first4.json"]


@pytest.mark.skipif(not REALWORLD.exists(), reason=f"no real-world exports at {REALWORLD}")
def test_mixed_corpus_builds_strict_with_citations_and_downloads(tmp_path):
    sources = {Path(name).name: (REALWORLD / name).read_bytes() for name in MIXED}
    # The same arXiv paper as a BibTeX entry: it must merge with the Atom record.
    sources["extra.bib"] = (b"@article{delmaestro2012, title={A {L}uttinger Liquid Core Inside Helium-4 Filled "
                            b"Nanopores}, author={Del Maestro, Adrian}, journal={Int. J. Mod. Phys. B}, year={2012}, "
                            b"eprint={1201.4869}, archivePrefix={arXiv}}\n")
    # the titles' index a large collection gets on its own, asked for (read and searched below)
    root = make_project(tmp_path / "mixed", seeds=True, sources=sources,
                        config="title: Mixed sources\nsearch_titles_first: true\n")
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rejected" in result.stdout  # HannaEtAl2020, the malformed entry
    page = next((root / "site" / "papers").glob("a-luttinger-liquid-core-inside-helium-4-filled-*/index.html"))
    html = page.read_text()
    assert "Sources (2)" in html and "delmaestro2012" in html
    assert 'href="https://arxiv.org/abs/1201.4869"' in html and 'href="https://doi.org/10.1142/s021797921244002x"' in html
    assert "@article{" in re.sub(r"<[^>]+>", "", html) and "Adrian Del Maestro" in html
    bib = (root / "site" / "downloads" / "papers.bib").read_text()
    assert bib.count("\n@") + 1 == len([p for p in (root / "content" / "papers").glob("*.md") if p.stem != "index"])
    report = (root / "content" / "report.md").read_text()
    assert "same arXiv id 1201.4869" in report.replace("&#58;", ":")
    assert (root / "site" / "pagefind-titles" / "pagefind-entry.json").exists()
    if not browser_available() or os.environ.get("LITSITE_REQUIRE_BROWSER"):  # as requires_browser decides
        with reader(root / "site") as (base, page, requests):
            page.goto(base + "/", wait_until="networkidle")
            assert page.locator("[data-litsite-search]").get_attribute("data-titles-first") == ""
            first = search(page, "nanopores").first.locator(".litsite-search__title").inner_text()
            assert first.startswith("A Luttinger Liquid Core"), first
            assert any("/pagefind-titles/" in url for url in requests), "the titles' index was not searched"
            # the titles' index answers on its own, under the site's policy, with the paper's title
            titles = page.evaluate("""async () => {
                const root = document.baseURI.replace(/[^/]*$/, '');
                const index = await import(new URL('pagefind-titles/pagefind.js', root).href);
                const found = await index.search('nanopores');
                return Promise.all(found.results.map(result => result.data().then(data => data.meta.title)));
            }""")
            assert titles == ["A Luttinger Liquid Core Inside Helium-4 Filled Nanopores"], titles
            assert page.errors == [] and off_site(requests, base) == []


def test_stats_timeline_map_feeds_and_sitemap(built):
    root, _ = built
    site = root / "site"
    stats = (site / "stats" / "index.html").read_text()
    assert stats.count('class="litsite-chart"') == 4 and "Papers per topic" in stats and "Tags that appear together" in stats
    topic_map = (site / "map" / "index.html").read_text()
    assert topic_map.count("<circle") == 268
    assert len(re.findall(r"<a xlink:href=\"\.\./papers/[a-z0-9-]+/\"><title>[^<]+</title><circle", topic_map)) == 268
    timeline = (site / "timeline" / "index.html").read_text()
    assert "2024" in timeline and (site / "timeline" / "2024" / "index.html").exists()
    import xml.etree.ElementTree as ElementTree
    feed = ElementTree.parse(site / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    dates = [entry.findtext("{http://www.w3.org/2005/Atom}updated") for entry in entries]
    assert 0 < len(entries) <= 50 and dates == sorted(dates, reverse=True)
    assert len(list((site / "topics").glob("*.xml"))) == len([p for p in (site / "topics").iterdir() if p.is_dir()])
    assert "https://example.org/review/papers/a-survey-on-mixture-of-experts-" in (site / "sitemap.xml").read_text()
    assert entries[0].find("{http://www.w3.org/2005/Atom}link").get("href").startswith("https://example.org/review/")
    paper = next((site / "papers").glob("a-survey-on-mixture-of-experts-*/index.html")).read_text()
    assert re.search(r'<link rel="canonical" href="https://example.org/review/papers/a-survey-on-mixture', paper)
    assert re.search(r'<meta name="description" content="[^"]{40,}">', paper)
    table = json.loads((site / "papers" / "table.json").read_text())
    assert len(table["papers"]) == 268 and (site / "papers" / "table.json").stat().st_size < 200_000


@requires_browser
def test_reader_filters_sorts_exports_and_follows_related_papers(built):
    root, _ = built
    with reader(root / "site") as (base, page, requests):
        page.goto(base + "/papers/", wait_until="networkidle")
        count = page.locator(".litsite-count")
        assert count.inner_text().startswith("268 of 268 papers")
        page.fill("input[name=q]", "mamba")
        page.wait_for_function("document.querySelector('.litsite-count').textContent.indexOf('268 of') < 0")
        filtered = int(count.inner_text().split()[0])
        titles = page.locator(".litsite-table tbody tr td:first-child a").all_inner_texts()
        assert 0 < filtered < 268 and len(titles) == filtered
        page.fill("input[name=q]", "")
        page.select_option("select[name=tag]", "mixture-of-experts")
        page.wait_for_function("document.querySelector('.litsite-count').textContent.indexOf('268 of') < 0")
        assert any("A Survey on Mixture of Experts" in t for t in
                   page.locator(".litsite-table tbody tr td:first-child a").all_inner_texts())
        # Sort by title, ascending then descending.
        page.select_option("select[name=tag]", "")
        page.click("th[data-sort=p] button")
        ascending = page.locator(".litsite-table tbody tr td:first-child a").all_inner_texts()
        assert ascending == sorted(ascending, key=str.lower)
        page.click("th[data-sort=p] button")
        descending = page.locator(".litsite-table tbody tr td:first-child a").all_inner_texts()
        assert descending[0].lower() >= descending[-1].lower()
        # Export the filtered list as BibTeX.
        page.select_option("select[name=tag]", "mixture-of-experts")
        shown = int(count.inner_text().split()[0])
        assert page.locator("button[name=export]").inner_text() == f"Export these {shown} as BibTeX"
        with page.expect_download() as download_info:
            page.click("button[name=export]")
        bib = open(download_info.value.path(), encoding="utf-8").read()
        table = json.loads((root / "site" / "papers" / "table.json").read_text())["papers"]
        citable = [p["k"] for p in table if "mixture-of-experts" in p["g"] and p["k"]]
        assert sorted(re.findall(r"^@\w+\{([^,]+),", bib, re.M)) == sorted(citable) and len(citable) == shown
        # Open a paper; from a server that sends whole files only (no byte ranges), its BibTeX button still
        # saves its one entry. Then follow its first related paper.
        page.locator(".litsite-table tbody tr td:first-child a").first.click()
        page.wait_for_url(re.compile(r"/papers/[a-z0-9-]+/$"))
        whole = (root / "site" / "downloads" / "papers.bib").read_bytes()
        page.route("**/downloads/papers.bib", lambda route: route.fulfill(status=200, body=whole))
        key = page.locator("button[data-litsite-export=bibtex]").get_attribute("data-key")
        with page.expect_download() as download_info:
            page.click("button[data-litsite-export=bibtex]")
        one = open(download_info.value.path(), encoding="utf-8").read()
        assert re.findall(r"^@\w+\{([^,]+),", one, re.M) == [key], one[:300]
        # ... and from one that refuses the range (416), asking again for the whole file.
        ris = (root / "site" / "downloads" / "papers.ris").read_bytes()
        page.route("**/downloads/papers.ris", lambda route: route.fulfill(status=416, body=b"")
                   if "range" in route.request.headers else route.fulfill(status=200, body=ris))
        with page.expect_download() as download_info:
            page.click("button[data-litsite-export=ris]")
        one = open(download_info.value.path(), encoding="utf-8").read()
        assert re.findall(r"^ID  - (.+)$", one, re.M) == [key], one[:300]
        related = page.locator("h2:has-text('Related papers') + ol a").first
        title = related.inner_text()
        related.click()
        page.wait_for_function("t => document.querySelector('h1').textContent.trim() === t", arg=title)
        assert off_site(requests, base) == []


def test_every_internal_link_resolves(built):
    """Generated pages write most links as HTML (MkDocs does not check those), so check them all here."""
    root, _ = built
    site = root / "site"
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for url in parse(page).links + parse(page).loads:
            if re.match(r"^([a-z]+:|//|#)", url):
                continue
            path = url.split("#")[0].split("?")[0]
            if path.startswith(ROOT_PATH):  # from the site's root path (the icon sprite, see generator/site/icons.py)
                target = (site / path[len(ROOT_PATH):]).resolve()
            else:
                target = (page.parent / path).resolve()
            if url.split("#")[0] and not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)} -> {url}")
    assert broken == []


@requires_browser
def test_on_a_phone_a_paper_page_offers_home_instead_of_an_empty_menu(built):
    root, _ = built
    with reader(root / "site") as (base, page, requests):
        page.set_viewport_size({"width": 420, "height": 800})
        page.goto(base + "/", wait_until="networkidle")
        assert page.locator("label.md-header__button[for=__drawer]").is_visible()  # the home page has its menu
        slug = next((root / "site" / "papers").glob("a-survey-on-mixture-of-experts-*")).name
        page.goto(f"{base}/papers/{slug}/", wait_until="networkidle")
        assert not page.locator("label.md-header__button[for=__drawer]").is_visible()
        logo = page.locator(".md-header__button.md-logo")
        assert logo.is_visible()
        logo.click()
        page.wait_for_url(base + "/", timeout=10000)
        assert off_site(requests, base) == []


def test_build_profile_says_where_the_time_went(tmp_path):
    root = make_project(tmp_path / "small", sources={"one.bib": "@article{a, title={State Space Models}, "
                                                                 "author={Gu, Albert}, year={2023}}\n"})
    result = build_site(root, "--profile")
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    for stage in ("read", "dedup", "enrich", "render", "write", "mkdocs"):
        assert re.search(rf"^  {stage} +\d+\.\d\d s", output, re.M), stage
    for part in ("theme templates", "search index", "litsite: icons, policy, compact HTML", "the rest"):
        assert re.search(rf"litsite profile: +\d+\.\d\d s  {re.escape(part)}", output), part
    assert "MkDocs: building pages" not in output and "rendering pages" not in output  # no bars off a terminal
