"""litsite fetch and resolve against a local server replaying recorded answers (tests/replay.py): what is
written, what is never written, and which titles are (not) taken for a paper."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config
from generator.normalize import title_key
from generator.online import http
from generator.online.files import FetchLog, Resolved
from generator.online.resolve import judge
from generator.pipeline import generate
from generator.readers import read_sources
from generator.readers.arxiv_atom import ArxivAtomReader

from .replay import Answer, Replay, sequence
from .test_readers_formats import REALWORLD, needs_realworld

FIXTURES = Path(__file__).parent / "fixtures" / "online"
ARXIV_FEED = (FIXTURES / "arxiv_query_testing.atom.xml").read_text(encoding="utf-8")
EMPTY_FEED = (FIXTURES / "arxiv_no_results.atom.xml").read_text(encoding="utf-8")
HF_DAILY = REALWORLD / "hf_papers" / "deep-diver_paper-reviewer_daily_papers_EXCERPT_first4.json"
ENTRIES = re.findall(r"<entry>.*?</entry>", ARXIV_FEED, re.S)
FEED_HEAD = ARXIV_FEED[:ARXIV_FEED.index("<entry>")]
ARXIV_RECORDS = ArxivAtomReader().read(ARXIV_FEED, "feed").records


@pytest.fixture
def waits(monkeypatch):
    """Every pause the client would make, recorded instead of slept."""
    recorded = []
    monkeypatch.setattr(http, "pause", recorded.append)
    return recorded


@pytest.fixture
def server(monkeypatch):
    with Replay() as replay:
        for name, path in (("ARXIV", "/arxiv/query"), ("HF", "/hf"), ("CROSSREF", "/crossref"),
                           ("OPENALEX", "/openalex")):
            monkeypatch.setenv(f"LITSITE_{name}_API", replay.base + path)
        yield replay


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def fetch(root: Path, *args: str) -> int:
    return main(["fetch", *args, "--project", str(root), "--today", "2026-11-30"])


# --- fetch arxiv --------------------------------------------------------------------------------------------

def test_fetch_arxiv_writes_the_new_entries_as_arxiv_sent_them_once(project, server, waits, capsys):
    server.route("/arxiv/query", lambda query: Answer(ARXIV_FEED if query["start"] == "0" else EMPTY_FEED))
    root, config = project(sources={"old.atom.xml": FEED_HEAD + ENTRIES[0] + "\n</feed>\n"})
    assert fetch(root, "arxiv", "--query", "all:testing", "--max", "300") == 0
    written = root / "sources" / "arxiv" / "2026-11-30-all-testing.atom.xml"
    records, files = read_sources(written, root)
    # the one entry sources/ already held is left out; the 99 others are read back with their identities
    assert [record.arxiv_id for record in records] == [record.arxiv_id for record in ARXIV_RECORDS[1:]]
    # read cleanly but for the fixture's own text encoded twice ("RamÃ\xadrez"), repaired and said once
    assert [problem.message.split(":")[0] for problem in files[0].problems] == \
        ["text encoded twice (UTF-8 read as Latin-1) repaired on 25 line(s), the first here"]
    for entry in ENTRIES[1:]:
        assert entry in written.read_text(encoding="utf-8")  # byte for byte as arXiv sent it
    assert server.log[0][1]["search_query"] == "all:testing"
    assert server.log[0][1]["sortBy"] == "submittedDate"
    log = json.loads((root / "fetched.json").read_text(encoding="utf-8"))
    assert log["files"]["sources/arxiv/2026-11-30-all-testing.atom.xml"]["entries"] == 99
    assert log["files"]["sources/arxiv/2026-11-30-all-testing.atom.xml"]["fetched"] == "2026-11-30"
    assert len(waits) == 1 and 0 < waits[0] <= 3.0  # a pause before the second page (arXiv: 3 s between requests)
    before = snapshot(root)
    capsys.readouterr()
    assert fetch(root, "arxiv", "--query", "all:testing", "--max", "100") == 0  # nothing new the next day
    assert snapshot(root) == before
    assert "nothing written" in capsys.readouterr().out


@pytest.mark.parametrize("failure, message", [
    (Answer("busy", 503), "HTTP 503"),
    (Answer("slow down", 429, {"Retry-After": "7200"}), "try again later"),
    (Answer(ARXIV_FEED, cut=True), "cut off"),
    (Answer(ARXIV_FEED.replace("</entry>", "</entri>", 1)), "not well-formed XML"),
    (Answer(FEED_HEAD + "<entry><id>http://arxiv.org/api/errors#x</id><title>Error</title><summary>malformed "
            "query</summary></entry></feed>"), "malformed query"),
])
def test_a_fetch_that_fails_half_way_leaves_sources_as_they_were(project, server, waits, capsys, failure, message):
    pages = {"0": Answer(ARXIV_FEED)}
    server.route("/arxiv/query", lambda query: pages.get(query["start"], failure))
    root, _ = project(sources={"mine.bib": "@article{k, title={Mine}, year={2020}}\n"})
    before = snapshot(root)
    assert fetch(root, "arxiv", "--query", "all:testing", "--max", "200") == 5
    assert snapshot(root) == before  # no file, no half file, no log
    out = capsys.readouterr().out
    assert message in out and "Traceback" not in out


def test_the_client_retries_after_a_rate_limit_and_a_timeout_then_gives_up_clearly(server, waits):
    server.route("/arxiv/query", sequence(Answer("slow", 429, {"Retry-After": "2"}), Answer("", 503),
                                          Answer(EMPTY_FEED)))
    client = http.Client(timeout=5)
    assert client.get(server.base + "/arxiv/query", {"start": 0}).text == EMPTY_FEED
    assert waits[:2] == [2.0, 4.0]  # the server's Retry-After, then back-off 2 x 2^1
    server.route("/slow", lambda query: Answer("late", delay=1.0))
    with pytest.raises(http.FetchError, match="no answer within 0.2 s, 3 attempts"):
        http.Client(timeout=0.2, retries=2).get(server.base + "/slow")
    with pytest.raises(http.FetchError, match="are you offline"):
        http.Client(timeout=1, retries=0).get("http://127.0.0.1:9/nothing-listens-here")


def test_base_addresses_come_from_the_settings_and_the_environment_wins(project, monkeypatch):
    from generator.online.services import Services

    root, config = project(config="services:\n  arxiv: https://mirror.example/api/query\n  contact: me@example.org\n")
    monkeypatch.delenv("LITSITE_ARXIV_API", raising=False)
    monkeypatch.setenv("LITSITE_HF_API", "http://127.0.0.1:1/hf/")
    services = Services.from_settings(config.services)
    assert services.arxiv == "https://mirror.example/api/query"
    assert services.hf == "http://127.0.0.1:1/hf"
    assert services.crossref == "https://api.crossref.org" and services.contact == "me@example.org"
    assert services.client().interval == {"https://mirror.example/api/query": 3.0, "http://127.0.0.1:1/hf": 1.0,
                                          "https://api.crossref.org": 1.0, "https://api.openalex.org": 1.0}
    (root / "litsite.yml").write_text("services:\n  arxiv: ftp://nowhere\n", encoding="utf-8")
    assert main(["fetch", "arxiv", "--query", "x", "--project", str(root)]) == 2


# --- fetch hf-daily -----------------------------------------------------------------------------------------

@needs_realworld
def test_fetch_hf_daily_writes_one_file_per_day_with_papers_and_never_twice(project, server, waits):
    day_list = HF_DAILY.read_text(encoding="utf-8")
    server.route("/hf/daily_papers", lambda query: Answer(day_list if query["date"] == "2024-10-25" else "[]"))
    root, _ = project()
    assert fetch(root, "hf-daily", "--from", "2024-10-24", "--to", "2024-10-26") == 0
    assert [query["date"] for _, query in server.log] == ["2024-10-24", "2024-10-25", "2024-10-26"]
    written = root / "sources" / "hf-daily" / "2024-10-25.json"
    assert written.read_text(encoding="utf-8").rstrip("\n") == day_list.rstrip("\n")
    assert sorted(p.name for p in (root / "sources" / "hf-daily").iterdir()) == ["2024-10-25.json"]
    records, _ = read_sources(written, root)
    assert [r.arxiv_id for r in records] == ["2410.17243", "2410.16251", "2410.18533", "2410.18693"]
    before, asked = snapshot(root), len(server.log)
    assert fetch(root, "hf-daily", "--from", "2024-10-25") == 0
    assert snapshot(root) == before and len(server.log) == asked  # a day's file is fetched once
    # the build: each paper entered the review on the day it was fetched, and the home page says what is new
    config = load_config(root)
    result = generate(config)
    assert {paper.entered for paper in result.corpus.papers} == {"2026-11-30"}
    home = (root / "content" / "index.md").read_text(encoding="utf-8")
    assert "New since the last fetch" in home and "Breaking the Memory Barrier" in home
    page = next((root / "content" / "papers").glob("breaking-the-memory-barrier*.md")).read_text(encoding="utf-8")
    assert "Entered the review on Nov 30, 2026" in page
    feed = (root / "content" / "feed.xml").read_text(encoding="utf-8")  # dated by entry, published kept
    assert feed.count("<updated>2026-11-30T00:00:00Z</updated>") == 5  # the feed's own and its 4 entries
    assert "<published>2024-10-22T00:00:00Z</published>" in feed


# --- resolve ------------------------------------------------------------------------------------------------

def overlap_ranked(items, title_of, words: set[str], count=5):
    scored = sorted(items, key=lambda item: -len(words & set(title_key(title_of(item)).split())))
    return [item for item in scored if words & set(title_key(title_of(item)).split())][:count]


def arxiv_search(query):
    """Like arXiv's title search: the entries sharing most words with the query, similar titles included."""
    words = set(query["search_query"].removeprefix("ti:").strip('"').split())
    chosen = overlap_ranked(list(zip(ARXIV_RECORDS, ENTRIES)), lambda pair: pair[0].title, words)
    return Answer(FEED_HEAD + "".join(entry for _, entry in chosen) + "</feed>\n")


def ris(*works: tuple[str, str, str]) -> str:
    return "".join(f"TY  - JOUR\nTI  - {title}\n" + (f"AU  - {author}\n" if author else "")
                   + (f"PY  - {year}\n" if year else "") + "ER  - \n\n" for title, author, year in works)


RESOLVE_SOURCES = ris(
    ("Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques", "Ahuja, Mohit Kumar",
     "2022"),
    ("Testing Deep Learning Models: A Second Comparative Study of Multiple Testing Techniques", "", ""),  # one word
    ("Automated Test Generation for REST APIs: No Time to Rest Yet", "Kim, Myeongsoo", "2019"),  # year conflict
    ("Microcontroller Based Testing of Digital IP-Core 2", "", ""),  # a number more
    ("Towards explainable test case prioritisation with learning to rank models", "", "2024"),  # spacing, case
)


def test_resolve_takes_only_titles_with_strong_evidence_and_keeps_them_in_a_committed_cache(project, server, waits,
                                                                                            capsys):
    server.route("/arxiv/query", arxiv_search)
    server.route("/hf/papers/search", lambda query: Answer("[]"))
    server.route("/crossref/works", lambda query: Answer('{"message": {"items": []}}'))
    server.route("/openalex/works", lambda query: Answer('{"results": []}'))
    root, config = project(sources={"review.ris": RESOLVE_SOURCES})
    assert main(["resolve", "--project", str(root), "--today", "2026-11-30"]) == 0
    cache = json.loads((root / "resolved.json").read_text(encoding="utf-8"))["titles"]
    found = {entry["title"]: (entry["found"] or {}).get("arxiv_id") for entry in cache.values()}
    assert found == {
        "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques": "2202.12139",
        "Testing Deep Learning Models: A Second Comparative Study of Multiple Testing Techniques": None,
        "Automated Test Generation for REST APIs: No Time to Rest Yet": None,
        "Microcontroller Based Testing of Digital IP-Core 2": None,
        "Towards explainable test case prioritisation with learning to rank models": "2405.13786",
    }
    first = cache[title_key("Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques")]
    assert first["evidence"] == ["title equal (case, accents and punctuation folded)", "year 2022 agrees",
                                 "first author Ahuja agrees"]
    rest = cache[title_key("Automated Test Generation for REST APIs: No Time to Rest Yet")]
    assert any("year 2022 there, 2019 here" in reason for reason in rest["refused"])
    assert rest["tried"] == ["hf", "arxiv", "crossref", "openalex"]
    # byte for byte: what the build and the next resolve read is what was written
    text = (root / "resolved.json").read_text(encoding="utf-8")
    assert Resolved.load(root / "resolved.json").dump() == text
    asked = len(server.log)
    assert main(["resolve", "--project", str(root), "--today", "2026-12-01"]) == 0
    assert len(server.log) == asked and (root / "resolved.json").read_text(encoding="utf-8") == text
    # the build, offline: the resolved paper has its identity, links and evidence on the Report page
    result = generate(load_config(root))
    papers = {paper.title: paper for paper in result.corpus.papers}
    paper = papers["Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques"]
    assert paper.arxiv_id == "2202.12139" and paper.pdf_url == "https://arxiv.org/pdf/2202.12139"
    assert papers["Automated Test Generation for REST APIs: No Time to Rest Yet"].arxiv_id == ""
    report = (root / "content" / "report.md").read_text(encoding="utf-8")
    assert "arXiv:2202.12139" in report and "first author Ahuja agrees" in report
    # a researcher rejects a match: the build ignores it and resolve never asks again
    cache[first and title_key(paper.title)]["rejected"] = True
    (root / "resolved.json").write_text(json.dumps({"version": 1, "titles": cache}), encoding="utf-8")
    result = generate(load_config(root))
    assert {p.title: p.arxiv_id for p in result.corpus.papers}[paper.title] == ""
    assert main(["resolve", "--project", str(root), "--retry", "--services", "arxiv"]) == 0
    assert all(title_key(query["search_query"][4:-1]) != title_key(paper.title) for _, query in server.log[asked:])


def test_resolve_by_crossref_and_openalex_gives_dois_and_a_merge_with_the_same_paper(project, server, waits):
    server.route("/crossref/works", lambda query: Answer((FIXTURES / "crossref_works.json").read_bytes()))
    server.route("/openalex/works", lambda query: Answer((FIXTURES / "openalex_works.json").read_bytes()))
    root, _ = project(sources={"a.ris": ris(("Active Fuzzing for Testing and Securing Cyber-Physical Systems",
                                             "Chen, Yuqi", "2020")),
                               "b.ris": ris(("Microcontroller Based Testing of Digital IP-Core", "Singh, A.", "2012")),
                               "c.bib": "@article{singh12, title={Microcontroller based testing of digital "
                                        "{IP}-core}, doi={10.5121/vlsic.2012.3205}, journal={VLSICS}}\n"})
    assert main(["resolve", "--project", str(root), "--services", "crossref,openalex", "--today", "2026-11-30"]) == 0
    cache = Resolved.load(root / "resolved.json").entries
    fuzzing = cache[title_key("Active Fuzzing for Testing and Securing Cyber-Physical Systems")]
    assert fuzzing["found"]["doi"] == "10.1145/3395363.3397376" and fuzzing["found"]["service"] == "crossref"
    # the paper that had a DOI through its BibTeX record is not looked up at all
    assert title_key("Microcontroller Based Testing of Digital IP-Core") not in cache
    assert all(query.get("query.bibliographic", "").startswith("Active") for path, query in server.log
               if path == "/crossref/works")


@needs_realworld
def test_a_resolved_daily_papers_title_merges_with_its_retitled_arxiv_version(project, server, waits):
    from .conftest import daily

    day_list = HF_DAILY.read_text(encoding="utf-8")
    items = json.loads(day_list)
    server.route("/hf/papers/search", lambda query: Answer(json.dumps(
        overlap_ranked(items, lambda item: item["title"], set(title_key(query["q"]).split())))))
    title = "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
    retitled = ENTRIES[0].replace("2202.12139", "2410.17243").replace(
        ARXIV_RECORDS[0].title, "Breaking the Memory Barrier of Contrastive Loss at Near Infinite Batch Size")
    root, _ = project(sources={"dump.txt": daily((title, "We scale contrastive loss to huge batches.")),
                               "v2.atom.xml": FEED_HEAD + retitled + "\n</feed>\n"})
    assert len(generate(load_config(root), write=False).corpus.papers) == 2  # different titles, no shared id
    assert main(["resolve", "--project", str(root), "--services", "hf", "--today", "2026-11-30"]) == 0
    papers = generate(load_config(root)).corpus.papers
    assert len(papers) == 1 and len(papers[0].records) == 2 and papers[0].arxiv_id == "2410.17243"
    assert papers[0].authors[0] == "Cheng, Zesen"  # from Hugging Face: the text dump names no author
    page = (root / "content" / "papers" / f"{papers[0].slug}.md").read_text(encoding="utf-8")
    assert "https://huggingface.co/papers/2410.17243" in page and ">Hugging Face<" in page
    assert "https://arxiv.org/abs/2410.17243" in page and "https://arxiv.org/pdf/" in page


@pytest.mark.parametrize("record", ARXIV_RECORDS, ids=lambda record: record.arxiv_id)
def test_no_title_one_word_or_one_number_away_is_taken_for_the_paper(record):
    from dataclasses import replace

    words = record.title.split()
    variants = [" ".join(words[:i] + words[i + 1:]) for i in range(len(words)) if len(words) > 2]  # a word less
    variants += [" ".join(words[:i] + ["novel"] + words[i:]) for i in range(len(words) + 1)]  # a word more
    variants += [" ".join(words[:i] + ["Improved"] + words[i + 1:]) for i in range(len(words))]  # a word changed
    variants += [re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), record.title, count=1)]  # a number
    variants += [record.title + " 2"]
    for title in variants:
        if title_key(title).replace(" ", "") == title_key(record.title).replace(" ", ""):
            continue  # the change was punctuation only ("novel" next to a word it joins is still a word)
        mine = replace(record, title=title, authors=(), year=None, date=None)
        assert judge(mine, record) == ([], judge(mine, record)[1]) and judge(mine, record)[1], title


def test_the_build_never_imports_an_http_client():
    import subprocess
    import sys

    code = ("import sys; import generator.pipeline, generator.cli, generator.site.plugin; "
            "bad = [m for m in ('requests', 'urllib3', 'generator.online.http') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
