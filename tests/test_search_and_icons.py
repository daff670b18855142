"""The words a paper's page hides for the search index, and the theme icons moved into one sprite (unit
level; the built site and its search are checked in test_site_e2e.py and test_deployed.py)."""

import json
import shutil
import time
from pathlib import Path

from generator.site.icons import IconSprite
from generator.model import Location, Paper, Record, Tag
from generator.render.search_terms import search_terms, venue_short_names

from .conftest import REPO
from .site_helpers import SEARCH_ANSWERED, SEARCH_INPUT, SEARCH_SHOWN, chromium_page, requires_browser, serve

ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'


def make_paper(**fields):
    record = Record("k", Location("s.bib", 1), "A title")
    return Paper(id=fields.pop("id", "p0123456789ab"), slug="s", title="A title",
                 abstract=fields.pop("abstract", ""), records=(record,), **fields)


def test_search_terms_hold_venue_short_names_tag_acronyms_keys_and_authors_the_page_does_not_list():
    tags = {"moe": Tag("moe", "Mixture of experts", acronyms=("MoE",)), "llm": Tag("llm", "Large language models"),
            "ssm": Tag("ssm", "State space models", acronyms=("SSM", "SSMs"))}
    authors = tuple(f"Author{number}, A." for number in range(25))
    paper = make_paper(authors=authors, year=2024, tags=("moe", "llm", "ssm"),
                       venue="International Conference on Learning Representations")
    terms = search_terms(paper, tags, authors_shown=20, keys=["author2024iclr", "Author.ea.2024"]).split(" ")
    assert terms[:5] == ["ICLR", "MoE", "MoEs", "SSM", "SSMs"]  # plurals: Pagefind does not stem acronyms
    assert " ".join(terms[5:]) == ("A. Author20 A. Author21 A. Author22 A. Author23 A. Author24 "
                                   "author2024iclr Author.ea.2024")


def test_a_paper_whose_page_shows_everything_has_no_search_terms():
    paper = make_paper(authors=("Cai, Weilin",), venue="Nature", tags=("llm",))
    assert search_terms(paper, {"llm": Tag("llm", "Large language models")}, authors_shown=20) == ""
    assert search_terms(make_paper(), {}, authors_shown=20) == ""


def test_known_venues_get_their_usual_short_name_others_their_initials():
    assert venue_short_names("Advances in Neural Information Processing Systems 33") == ["NeurIPS", "NIPS"]
    assert venue_short_names("Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition") \
        == ["CVPR"]
    assert venue_short_names("Journal of Statistical Software") == ["JSS"]
    assert venue_short_names("arXiv") == [] and venue_short_names("Nature") == []


def test_icons_outside_the_article_become_references_and_article_icons_stay():
    sprite = IconSprite()
    page = f"<header>{ICON}{ICON}</header><article>{ICON}</article><footer>{ICON}</footer>"
    out = sprite.replace(page, "../assets/litsite-icons.svg")
    assert out.count("<use xlink:href=\"../assets/litsite-icons.svg#") == 3
    assert f"<article>{ICON}</article>" in out
    assert len(sprite.symbols) == 1


def test_sprite_file_holds_each_symbol_once(tmp_path):
    sprite = IconSprite()
    sprite.replace(f"<p>{ICON}</p>", "x.svg")
    sprite.replace(f"<p>{ICON.replace('M3', 'M4')}</p>", "x.svg")
    sprite.write(tmp_path)
    written = (tmp_path / "assets" / "litsite-icons.svg").read_text()
    assert written.count("<symbol ") == 2 and 'viewBox="0 0 24 24"' in written


# Pagefind's service as it behaves: each request answered in turn, files of a WriteFiles request finished
# after the answer (tokio completes them on a thread pool), and an immediate exit when its input closes.
SLOW_WRITING_SERVICE = r'''
import base64, json, os, sys, threading, time
ENTRY = b'{"version":"1.5.2","languages":{}}'
def answer(message_id, payload):
    sys.stdout.write(base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()).decode() + ",")
    sys.stdout.flush()
def write_later(folder):
    time.sleep(0.5)
    os.makedirs(folder, exist_ok=True)
    open(os.path.join(folder, "pagefind-entry.json"), "wb").write(ENTRY)
pending = b""
while True:
    chunk = os.read(0, 65536)
    if not chunk:
        os._exit(0)
    pending += chunk
    *messages, pending = pending.split(b",")
    for encoded in messages:
        message = json.loads(base64.b64decode(encoded))
        payload, message_id = message["payload"], message["message_id"]
        if payload["type"] == "NewIndex":
            answer(message_id, {"type": "NewIndex", "index_id": 0})
        elif payload["type"] == "AddFile":
            answer(message_id, {"type": "IndexedFile", "page_word_count": 1, "page_url": payload["url"], "page_meta": {}})
        elif payload["type"] == "WriteFiles":
            threading.Thread(target=write_later, args=(payload["output_path"],)).start()
            answer(message_id, {"type": "WriteFiles", "output_path": payload["output_path"]})
        elif payload["type"] == "GetFiles":
            answer(message_id, {"type": "GetFiles", "files": [
                {"path": "pagefind-entry.json", "content": base64.b64encode(ENTRY).decode()}]})
'''


def test_the_search_index_is_whole_when_pagefind_exits_right_after_answering(tmp_path):
    import json
    import sys

    from generator.site.search_index import LiveIndex

    service = tmp_path / "service.py"
    service.write_text(SLOW_WRITING_SERVICE, encoding="utf-8")
    index = LiveIndex([sys.executable, str(service)])
    index.add("/papers/a/", '<html lang="en"><article data-pagefind-body><h1>A</h1></article></html>')
    assert index.finish(tmp_path / "site" / "pagefind") == 1
    entry = tmp_path / "site" / "pagefind" / "pagefind-entry.json"
    assert entry.exists(), "the index was finished by a service that was already gone"
    assert json.loads(entry.read_text(encoding="utf-8"))["version"] == "1.5.2"


def test_the_titles_index_gets_each_pages_heading_with_its_language():
    from generator.site.search_index import title_part

    page = ('<html lang="fr"><head><title>T</title></head><body><h1>Site</h1><article class="x" data-pagefind-body>'
            '<h1 class="litsite-title">Les <em>modèles</em></h1><p>Résumé long</p></article></body></html>')
    assert title_part(page) == ('<!doctype html><html lang="fr"><body><article class="x" data-pagefind-body>'
                                '<h1 class="litsite-title">Les <em>modèles</em></h1></article></body></html>')
    assert title_part('<html><body><article data-pagefind-body><p>No heading</p></article></body></html>') is None
    assert title_part("<html><body><h1>Not indexed</h1></body></html>") is None


# The header's search box (content/assets/search.js) on a page of its own, over a stand-in for Pagefind
# whose every search takes SEARCH_MS and records when it ran: what the box asks of Pagefind, not the index.
SEARCH_MS = 600
BOX_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>box</title></head><body>
<form data-litsite-search%s hidden><input id="litsite-search-input" type="search">
<div class="litsite-search__panel" hidden><p class="litsite-search__status"></p>
<ol class="litsite-search__list"></ol><button type="button" class="litsite-search__more" hidden>more</button></div>
</form><script src="assets/search.js"></script></body></html>"""


def stand_in(milliseconds: int, title: str = "A paper on ", count: int = 1) -> str:
    """A Pagefind module whose every search takes `milliseconds`, is recorded in window.__searches and
    finds `count` pages."""
    return """window.__searches = window.__searches || [];
export async function options() {}
export async function search(term) {
  const call = {term: term, start: performance.now(), title: "%s"};
  window.__searches.push(call);
  await new Promise(done => setTimeout(done, %d));
  call.end = performance.now();
  return {results: Array.from({length: %d}, () => ({data: async () => ({url: "/p/", meta: {title: "%s" + term},
                                          excerpt: "<mark>" + term + "</mark> in an abstract"})}))};
}""" % (title, milliseconds, count, title)


def box_page(folder: Path, titles_first: bool = False, milliseconds: int = SEARCH_MS, count: int = 1) -> None:
    """The box's page in `folder`, over stand-ins: the whole pages' index answering in `milliseconds`, and
    with `titles_first` the titles' index beside it answering in 50 ms."""
    (folder / "assets").mkdir()
    (folder / "index.html").write_text(BOX_PAGE % (" data-titles-first" if titles_first else ""), encoding="utf-8")
    shutil.copy(REPO / "content" / "assets" / "search.js", folder / "assets" / "search.js")
    for name, module in (("pagefind", stand_in(milliseconds, count=count)),
                         *((("pagefind-titles", stand_in(50, "A title on ")),) if titles_first else ())):
        (folder / name).mkdir()
        (folder / name / "pagefind.js").write_text(module, encoding="utf-8")


@requires_browser
def test_a_reader_typing_never_waits_for_searches_of_what_they_typed_before(tmp_path):
    """At a reader's pace (150 ms a key, slower than the box's pause before searching), each key used to
    start a Pagefind search of its own; they ran side by side on one worker, so the last query's results
    came seconds after the last key (10,000-paper site: "transformer models" 3.1 s). One search runs at a
    time; when it ends, only the box's latest text is searched."""
    box_page(tmp_path)
    with serve(tmp_path) as base, chromium_page() as page:
        page.goto(base + "/", wait_until="load")
        page.click(SEARCH_INPUT)
        started = time.perf_counter()
        page.type(SEARCH_INPUT, "transformer", delay=150)
        typing_ms = (time.perf_counter() - started) * 1000  # longer than 11 x 150 ms on a loaded machine
        page.wait_for_function(SEARCH_ANSWERED, arg="transformer", timeout=20000)
        searches = page.evaluate("window.__searches")
    terms = [search["term"] for search in searches]
    assert terms[-1] == "transformer" and "transformer" not in terms[:-1], terms
    overlapping = [(first["term"], second["term"]) for first, second in zip(searches, searches[1:])
                   if second["start"] < first["end"]]
    assert overlapping == [], terms
    # while typing, one search per SEARCH_MS at most, then the typed word (not one per key)
    assert len(terms) <= typing_ms // SEARCH_MS + 2, (terms, typing_ms)


# Every change of the status line: its text and whether it answers from the titles or the whole pages.
WATCH_STATUS = """() => { window.__states = [];
  const status = document.querySelector('.litsite-search__status');
  new MutationObserver(() => window.__states.push([status.getAttribute('data-state'), status.textContent,
    Array.from(document.querySelectorAll('.litsite-search__result')).map(item => item.textContent)]))
    .observe(status, {childList: true, characterData: true, subtree: true, attributes: true}); }"""


@requires_browser
def test_a_large_sites_box_shows_matching_titles_first_then_the_whole_pages_answer(tmp_path):
    """At 77,482 papers Pagefind took 4-12 s for one word over the whole pages, 0.1-0.4 s over the titles
    alone. With the titles' index beside the whole one (data-titles-first), the titles' answer is on screen
    while the whole pages are searched, then the whole answer takes its place."""
    box_page(tmp_path, titles_first=True, count=1234)
    with serve(tmp_path) as base, chromium_page() as page:
        page.goto(base + "/", wait_until="load")
        page.evaluate(WATCH_STATUS)
        page.click(SEARCH_INPUT)
        page.type(SEARCH_INPUT, "mamba")
        page.wait_for_function(SEARCH_ANSWERED, arg="mamba", timeout=20000)
        states = page.evaluate("window.__states")
    kinds = [state for state, text, items in states if "mamba" in text]
    assert kinds[0] == "titles" and kinds[-1] == "whole", states
    titles = next(items for state, text, items in states if state == "titles" and items)
    assert titles == ["A title on mamba"], states  # the title alone: its excerpt would repeat it
    assert states[-1][2][0] == "A paper on mambamamba in an abstract" and len(states[-1][2]) == 10, states
    assert states[-1][1] == "1,234 pages match \u201cmamba\u201d:", states  # counts as a reader writes them


@requires_browser
def test_one_letter_waits_for_the_next_before_searching(tmp_path):
    """"m" matches every word it begins (2.4 s at 10,000 papers, 20 s in the titles of 77,482): the box
    asks for another letter and searches nothing until it has one."""
    box_page(tmp_path, milliseconds=2000)
    with serve(tmp_path) as base, chromium_page() as page:
        page.goto(base + "/", wait_until="load")
        page.click(SEARCH_INPUT)
        page.type(SEARCH_INPUT, "m")
        page.wait_for_timeout(600)
        assert page.evaluate("window.__searches || []") == []
        assert "one more letter" in page.inner_text(".litsite-search__status")
        page.type(SEARCH_INPUT, "a")
        page.wait_for_function(SEARCH_ANSWERED, arg="ma", timeout=20000)
        assert [search["term"] for search in page.evaluate("window.__searches")] == ["ma"]
        # more typed while a search runs, then back to one letter: when it ends, the letter is not searched
        page.type(SEARCH_INPUT, "x")
        page.wait_for_timeout(300)  # "max" is being searched (2 s)
        page.type(SEARCH_INPUT, "i")
        page.wait_for_timeout(300)  # the box asked for "maxi", to be searched when "max" ends
        for _ in "axi":
            page.keyboard.press("Backspace")
        page.wait_for_timeout(2600)
        assert [search["term"] for search in page.evaluate("window.__searches")] == ["ma", "max"]
        assert "one more letter" in page.inner_text(".litsite-search__status")


@requires_browser
def test_beside_the_titles_the_whole_pages_are_searched_once_typing_pauses(tmp_path):
    """At 77,482 papers, typed at 150 ms a key, the whole pages' answer to "attention" came 16 s after the
    last key (6.6 s typed at once): each prefix searched in the whole pages held their worker for seconds.
    Beside the titles' index, which answers each pause, the whole pages wait for a longer one."""
    box_page(tmp_path, titles_first=True)
    with serve(tmp_path) as base, chromium_page() as page:
        page.goto(base + "/", wait_until="load")
        page.click(SEARCH_INPUT)
        page.type(SEARCH_INPUT, "transformer", delay=150)
        page.wait_for_function(SEARCH_ANSWERED, arg="transformer", timeout=20000)
        searches = page.evaluate("window.__searches")
    whole = [search["term"] for search in searches if search["title"] == "A paper on "]
    titles = [search["term"] for search in searches if search["title"] == "A title on "]
    # the whole pages once, at the end (twice at most where a loaded machine stalls the typing)
    assert whole[-1] == "transformer" and len(whole) <= 2, searches
    assert len(titles) > len(whole) and titles[-1] == "transformer", searches  # the titles answered meanwhile


TITLES_LIST = [["Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "papers/mamba-1a2b3c4d/"],
               ["A Survey on Structured State Space Sequence (S4) Models", "papers/a-survey-on-s4-5e6f7a8b/"],
               ["Statements of Spatial Relations", "papers/statements-9c0d1e2f/"],
               ["Simplifying State-Space Models: SSM Layers", "papers/simplifying-3a4b5c6d/"],
               ["Attention Is All You Need", "papers/attention-7e8f9a0b/"]]


@requires_browser
def test_below_a_large_site_the_box_answers_each_key_from_the_list_of_titles(tmp_path):
    """At 8,593 papers Pagefind's answer to "transformer models" came up to 950 ms after the last key.
    A site below SLOW_FROM papers lists its titles (papers/titles.json, named by data-titles-list): the
    box finds titles in it as each key is typed, under the site's sub-path, and shows the whole pages'
    answer when Pagefind has it. Here Pagefind takes 2 s."""
    site = tmp_path / "review"  # served under a sub-path, as project Pages are
    site.mkdir()
    box_page(site, milliseconds=2000, count=3)
    (site / "index.html").write_text(BOX_PAGE % ' data-titles-list="papers/titles.json"', encoding="utf-8")
    (site / "papers").mkdir()
    (site / "papers" / "titles.json").write_text(json.dumps(TITLES_LIST), encoding="utf-8")
    with serve(tmp_path) as base, chromium_page() as page:
        page.goto(base + "/review/", wait_until="load")
        page.fill(SEARCH_INPUT, "attention")  # typed as the box is first focused, before the list loads
        page.wait_for_function(SEARCH_SHOWN, arg="attention", timeout=5000)
        assert page.inner_text(".litsite-search__status").startswith("1 title matches"), "not answered on loading"
        page.fill(SEARCH_INPUT, "")
        page.evaluate(WATCH_STATUS)
        page.type(SEARCH_INPUT, "state spa")
        page.wait_for_function(SEARCH_SHOWN, arg="state spa", timeout=5000)
        titles = page.eval_on_selector_all(".litsite-search__result a", "links => links.map(a => [a.textContent, a.getAttribute('href')])")
        status = page.inner_text(".litsite-search__status")
        page.fill(SEARCH_INPUT, "")
        page.type(SEARCH_INPUT, "ssms")  # a plural finds the singular
        page.wait_for_function(SEARCH_SHOWN, arg="ssms", timeout=5000)
        plural = page.eval_on_selector_all(".litsite-search__result a", "links => links.map(a => a.textContent)")
        page.wait_for_function(SEARCH_ANSWERED, arg="ssms", timeout=20000)
        whole = page.eval_on_selector_all(".litsite-search__result a", "links => links.map(a => a.textContent)")
    # the titles' answer, while Pagefind still searches: every title in which "state" and "spa" each begin
    # a word, linked under the sub-path; those where they are one phrase ("State-Space") first, then the
    # rest ("Statements of Spatial Relations"), each part in the list's order
    assert titles == [["Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "/review/papers/mamba-1a2b3c4d/"],
                      ["A Survey on Structured State Space Sequence (S4) Models", "/review/papers/a-survey-on-s4-5e6f7a8b/"],
                      ["Simplifying State-Space Models: SSM Layers", "/review/papers/simplifying-3a4b5c6d/"],
                      ["Statements of Spatial Relations", "/review/papers/statements-9c0d1e2f/"]], titles
    assert status == "4 titles match \u201cstate spa\u201d; searching the whole pages\u2026", status
    assert plural == ["Simplifying State-Space Models: SSM Layers"], plural
    assert whole == ["A paper on ssmsssms in an abstract"] * 3, whole


@requires_browser
def test_in_a_large_site_the_whole_pages_wait_for_a_pause_while_the_list_of_titles_answers(tmp_path):
    """From SLOW_FROM papers (data-large) the whole pages' index is searched once typing pauses, as beside
    the titles' own index, while the list answers every key: typed at 150 ms a key, Pagefind is asked
    once or twice, and titles were on screen for the prefixes meanwhile."""
    box_page(tmp_path)
    (tmp_path / "index.html").write_text(BOX_PAGE % ' data-titles-list="papers/titles.json" data-large', encoding="utf-8")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "titles.json").write_text(json.dumps([["Transformers for everyone", "papers/t/"]]),
                                                     encoding="utf-8")
    with serve(tmp_path) as base, chromium_page() as page:
        page.goto(base + "/", wait_until="load")
        page.evaluate(WATCH_STATUS)
        page.click(SEARCH_INPUT)
        page.wait_for_timeout(300)  # the list loads
        page.type(SEARCH_INPUT, "transformer", delay=150)
        page.wait_for_function(SEARCH_ANSWERED, arg="transformer", timeout=20000)
        searches = [search["term"] for search in page.evaluate("window.__searches")]
        states = page.evaluate("window.__states")
    assert searches[-1] == "transformer" and len(searches) <= 2, searches
    titled = {text.split("\u201d")[0].split("\u201c")[1] for state, text, items in states if state == "titles" and items}
    assert {"tr", "tra", "transformer"} <= titled, sorted(titled)

