"""Generation end to end (without MkDocs): determinism, ownership, stable URLs, report, CLI exit codes."""

import hashlib
import html
import json

import pytest

from generator.cli import main
from generator.parallel import can_fork
from generator.pipeline import generate
from generator.progress import Progress

from .conftest import REPO, daily, make_project

ABSTRACT = "We propose a method for sequence modeling with state space models and evaluate it on benchmarks."


def tree_hashes(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_generate_twice_is_byte_identical_and_writes_nothing(project):
    root, config = project(seeds=True)
    first = generate(config)
    before = tree_hashes(root / "content")
    mtimes = {p: p.stat().st_mtime_ns for p in (root / "content").rglob("*")}
    second = generate(config)
    assert second.written.written == [] and second.written.deleted == []
    assert tree_hashes(root / "content") == before
    assert {p: p.stat().st_mtime_ns for p in (root / "content").rglob("*")} == mtimes
    manifest = json.loads((root / "content" / ".litsite-manifest.json").read_text())["files"]
    assert sorted(first.written.written) == sorted(manifest)
    assert sum(path.startswith("papers/") and path.endswith(".md") for path in manifest) == 268 + 1  # + index


def test_seed_report_accounts_for_every_record(project):
    root, config = project(seeds=True)
    report = generate(config).report
    assert (report.entries, len(report.papers), report.merged, len(report.rejected)) == (314, 268, 46, 0)
    assert report.balanced
    text = (root / "content" / "report.md").read_text()
    assert "314 entries read = 268 papers + 46 records merged into them + 0 rejected" in text


def test_hand_written_pages_survive_regeneration(project):
    root, config = project(seeds=True)
    (root / "content" / "about.md").write_text("# About\n\nMy notes.\n")
    generate(config)
    generate(config)
    assert (root / "content" / "about.md").read_text() == "# About\n\nMy notes.\n"
    assert (root / "content" / "assets" / "litsite.css").exists()


def test_adding_a_source_keeps_every_existing_paper_url(project):
    root, config = project(seeds=True)
    before = {p.id: p.slug for p in generate(config).corpus.papers}
    (root / "sources" / "new.txt").write_text(daily(("A Brand New Paper on State Spaces", ABSTRACT)))
    after = {p.id: p.slug for p in generate(config).corpus.papers}
    assert len(after) == len(before) + 1
    assert before.items() <= after.items()


def test_rejected_records_reach_the_report_page_and_the_rest_goes_on(project):
    root, config = project(sources={
        "good.txt": daily(("A Paper on State Spaces", ABSTRACT), ("Lonely Title Without Abstract", "")),
        "empty.txt": "",
        "binary.txt": b"\x00\x01\x02",
    })
    result = generate(config)
    assert [p.title for p in result.corpus.papers] == ["A Paper on State Spaces"]
    report = html.unescape((root / "content" / "report.md").read_text())
    assert "sources/empty.txt:1</code> not read: the file is empty" in report
    assert "sources/binary.txt:1</code> not read: binary data" in report
    assert "title without an abstract" in report
    assert result.report.balanced and result.report.entries == 4


def test_cli_exit_codes(project, capsys):
    root, _ = project(sources={"good.txt": daily(("A Paper on State Spaces", ABSTRACT), ("Lonely Title", ""))})
    assert main(["generate", "--project", str(root)]) == 0
    assert main(["generate", "--project", str(root), "--strict"]) == 1
    out = capsys.readouterr().out
    assert "2 entries read = 1 paper + 0 merged duplicates + 1 rejected" in out
    (root / "sources" / "good.txt").write_text("")
    assert main(["generate", "--project", str(root)]) == 2
    assert "no records could be read" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["build", "serve"])
def test_build_or_serve_without_mkdocs_yml_says_what_is_missing_before_any_work(tmp_path, capsys, command):
    """A folder holding only sources/ and litsite.yml (a researcher's own, outside a clone): one clear
    message naming the files the site needs, and nothing written, not MkDocs' usage error after generating."""
    root = make_project(tmp_path, sources={"good.txt": daily(("A Paper on State Spaces", ABSTRACT))})
    (root / "mkdocs.yml").unlink()
    assert main([command, "--project", str(root)]) == 2
    out = capsys.readouterr().out
    assert f"no mkdocs.yml in {root}" in out and "theme_overrides" in out and "litsite generate" in out
    assert "Usage:" not in out and not list((root / "content").rglob("*.md"))


def test_cli_reports_every_config_error_at_once(tmp_path, capsys):
    root = make_project(tmp_path, config="topics:\n  count: 1\n  colour: red\nrelated: many\nunknown: 1\n")
    assert main(["generate", "--project", str(root)]) == 2
    out = capsys.readouterr().out
    for expected in ["unknown: unknown option", "topics.colour: unknown option", "related: expected a whole number",
                     "topics.count: expected a whole number from 2 to 200, or auto, got 1"]:
        assert expected in out


def test_search_titles_first_is_true_false_or_auto(tmp_path):
    """Titles first from their Pagefind index (true), from generation's list (auto), or not at all (false)."""
    from generator.config import ConfigError, load_config
    from generator.site.search_index import titles_first, titles_index, titles_listed

    for text, setting in (("", None), ("search_titles_first: auto\n", None), ("search_titles_first: true\n", True),
                          ("search_titles_first: false\n", False)):
        (tmp_path / "litsite.yml").write_text(text, encoding="utf-8")
        assert load_config(tmp_path).search_titles_first is setting, text
    assert [(titles_first(setting), titles_index(setting), titles_listed(setting)) for setting in (None, True, False)] \
        == [(True, False, True), (True, True, False), (False, False, False)]
    for wrong in ("sometimes", "1"):
        (tmp_path / "litsite.yml").write_text(f"search_titles_first: {wrong}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="search_titles_first: expected true, false or auto"):
            load_config(tmp_path)


def test_odd_encodings_huge_fields_and_truncated_files(project):
    huge = "word " * 10_000_000  # a 50 MB abstract
    root, config = project(sources={
        "utf16.txt": daily(("A UTF-16 Paper on State Spaces", ABSTRACT)).encode("utf-16"),
        "crlf.txt": daily(("A CRLF Paper on State Spaces", ABSTRACT)).replace("\n", "\r\n").encode(),
        "latin1.txt": f"A Caf\xe9 Paper\n\n{ABSTRACT}\n".encode("latin-1"),
        "huge.txt": f"A Paper With a Huge Abstract\n\n{huge}.\n",
        "truncated.txt": daily(("A Complete Paper", ABSTRACT)) + "A Truncated Paper Whose Abstract Never Came",
    })
    result = generate(config)
    titles = sorted(p.title for p in result.corpus.papers)
    assert titles == ["A CRLF Paper on State Spaces", "A Café Paper", "A Complete Paper",
                      "A Paper With a Huge Abstract", "A UTF-16 Paper on State Spaces"]
    huge_paper = next(p for p in result.corpus.papers if "Huge" in p.title)
    assert len(huge_paper.abstract) <= 20_002
    messages = [str(p) for p in result.report.all_problems]
    assert any(m.startswith("sources/latin1.txt:1: not UTF-8 (byte 0xe9 at column 6): read as Windows-1252")
               for m in messages)
    assert any(m.startswith("sources/huge.txt:1: abstract of 50,000,001 characters cut to 20,000") for m in messages)
    assert any(m.startswith("sources/truncated.txt:17: title without an abstract") for m in messages)
    page = next((root / "content" / "papers").glob("a-paper-with-a-huge-abstract-*.md"))
    assert page.stat().st_size < 150_000


def test_no_op_run_does_no_work_and_a_damaged_page_is_repaired(project):
    root, config = project(seeds=True)
    generate(config)
    again = generate(config)
    assert again.unchanged is not None and again.corpus is None
    page = next((root / "content" / "papers").glob("a-survey-on-mixture-of-experts-*.md"))
    original = page.read_bytes()
    page.unlink()
    repaired = generate(config)
    assert repaired.unchanged is None and repaired.written.written == [page.relative_to(root / "content").as_posix()]
    assert page.read_bytes() == original
    (root / "litsite.yml").write_text("title: A new title\n")
    assert generate(config).unchanged is None


class RecordingProgress(Progress):
    def __init__(self):
        self.stages: list[tuple[str, float | None]] = []
        self.advanced: dict[str, float] = {}

    def stage(self, name, total=None):
        self.stages.append((name, total))

    def advance(self, amount=1):
        name = self.stages[-1][0]
        self.advanced[name] = self.advanced.get(name, 0) + amount


def test_progress_hears_every_stage_with_its_size(project):
    root, config = project(seeds=True)
    progress = RecordingProgress()
    result = generate(config, progress=progress)
    assert [name for name, _ in progress.stages] == ["check", "read", "dedup", "enrich", "notes", "render", "write"]
    totals = dict(progress.stages)
    source_bytes = sum(p.stat().st_size for p in (root / "sources").iterdir())
    assert totals["read"] == source_bytes and progress.advanced["read"] == source_bytes
    assert progress.advanced["enrich"] == totals["enrich"]
    assert totals["render"] == len(result.corpus.papers) <= progress.advanced["render"] <= totals["render"] + 1
    # pages are written as they are rendered; the write stage ends with the report page; every file the
    # generator owns is written once (the hand-written assets and its own records aside)
    content = root / "content"
    owned = {str(path.relative_to(content)) for path in content.rglob("*") if path.is_file()
             and not path.name.startswith(".litsite-") and path.relative_to(content).parts[0] != "assets"}
    assert progress.advanced["write"] == totals["write"] == 1
    assert sorted(result.written.written) == sorted(owned) and len(owned) > len(result.corpus.papers)


def test_no_progress_bars_when_output_is_not_a_terminal(project, capsys):
    root, _ = project(seeds=True)
    assert main(["generate", "--project", str(root)]) == 0
    out = capsys.readouterr().out
    assert "268 papers" in out and "rendering pages" not in out and "reading sources" not in out


def test_topics_are_recorded_and_a_forced_rerun_changes_nothing(project):
    root, config = project(seeds=True)
    first = generate(config)
    published = json.loads((root / "permalinks.json").read_text())["topics"]
    assert set(published) == set(first.corpus.topics) - {"unsorted"}
    before = tree_hashes(root / "content")
    (root / "content" / ".litsite-stamp.json").unlink()  # no shortcut: everything is recomputed
    again = generate(config)
    assert again.written.written == [] and tree_hashes(root / "content") == before


def test_topic_labels_from_litsite_yml_apply_to_the_published_key(tmp_path):
    root = make_project(tmp_path / "project", seeds=True)
    from generator.config import load_config
    key = sorted(set(generate(load_config(root)).corpus.topics) - {"unsorted"})[0]
    (root / "litsite.yml").write_text(f"title: Test collection\ntopics:\n  labels:\n    {key}: My own label\n")
    topics = generate(load_config(root)).corpus.topics
    assert topics[key].label == "My own label"
    assert json.loads((root / "permalinks.json").read_text())["topics"][key]["label"] != "My own label"


def test_a_page_refused_because_a_user_file_was_there_is_written_once_the_file_is_gone(project):
    """The home page is refused while the user's own content/index.md stands; the next run after the user
    removes it writes the home page, although no input changed."""
    root, config = project(sources={"a.txt": daily(("A paper title here", ABSTRACT))})
    (root / "content" / "index.md").write_text("my own home page\n")
    first = generate(config)
    assert "index.md" not in first.written.written
    assert any("was not written by litsite" in problem.message for problem in first.report.problems)
    (root / "content" / "index.md").unlink()
    second = generate(config)
    assert second.unchanged is None and "index.md" in second.written.written
    assert (root / "content" / "index.md").exists()


def test_a_full_disk_is_one_clear_message_and_the_next_run_repairs(project, capsys, monkeypatch):
    import errno

    import generator.writer as writer_module
    root, _ = project(sources={"good.txt": daily(("A Paper on State Spaces", ABSTRACT))})
    calls = []

    def full_disk(real_write):  # a page replaced (atomic_write) or new (write_new)
        def write(path, data):
            calls.append(path)
            if len(calls) > 3:  # a few files fit, then the disk is full
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            real_write(path, data)
        return write

    real = {name: getattr(writer_module, name) for name in ("atomic_write", "write_new")}
    for name, write in real.items():
        monkeypatch.setattr(writer_module, name, full_disk(write))
    assert main(["generate", "--project", str(root)]) == 4
    out = capsys.readouterr().out
    assert "No space left on device" in out and "Traceback" not in out
    assert "the next run writes what is missing" in out
    for name, write in real.items():
        monkeypatch.setattr(writer_module, name, write)
    assert main(["generate", "--project", str(root)]) == 0
    assert (root / "content" / "index.md").exists() and (root / "content" / "report.md").exists()
    assert "Nothing changed" not in capsys.readouterr().out


def test_every_entry_is_counted_once_even_when_a_parser_loses_one_and_a_note_is_rejected(project):
    """Issue #13 point 4. An RIS record missing its ER line is swallowed by the next one (rispy parses 2
    of 3): it is now a rejection of its own, not a silent loss. A rejected note is listed, but it is not an
    entry of the sources, so the equation still adds up."""
    ris = "TY  - JOUR\nTI  - One\nER  - \nTY  - JOUR\nTI  - Two\nTY  - JOUR\nTI  - Three\nER  - \n"
    root, config = project(sources={"lost.ris": ris})
    (root / "notes").mkdir()
    (root / "notes" / "broken.md").write_text("---\nstatus: [unclosed\n---\nA note.\n")
    report = generate(config).report
    assert report.entries == 3 and len(report.papers) == 2 and len(report.rejected_entries) == 1
    assert report.balanced
    assert any("neither read nor reported" in problem.message for problem in report.rejected_entries)
    assert any("broken.md" in str(problem.location) for problem in report.rejected)
    text = (root / "content" / "report.md").read_text()
    assert "**3 entries read = 2 papers + 0 records merged into them + 1 rejected.**" in text
    assert "do not add up" not in text


def test_limits_are_settings_applied_with_a_message(project):
    """Issue #13 point 2: the caps on a field's and a file's size come from litsite.yml."""
    long_abstract = " ".join(["word"] * 400)
    root, _ = project(sources={"a.txt": daily(("A paper with a long abstract", long_abstract)),
                               "big.txt": daily(("A paper in a big file", ABSTRACT + " x" * 600_000))},
                      config="limits:\n  abstract: 1000\n  file_mb: 1\n")
    from generator.config import load_config
    report = generate(load_config(root)).report
    assert [paper.title for paper in report.papers] == ["A paper with a long abstract"]
    assert len(report.papers[0].abstract) <= 1002
    messages = [str(problem) for problem in report.all_problems]
    assert any("abstract of 1,999 characters cut to 1,000 (limits.abstract in litsite.yml)" in m for m in messages)
    assert any("big.txt" in m and "over the limit of 1 MB" in m for m in messages), messages


def test_limits_are_checked(tmp_path):
    from generator.config import ConfigError, load_config
    root = make_project(tmp_path, config="limits:\n  abstract: 10\n  pages: 3\n")
    try:
        load_config(root)
    except ConfigError as error:
        text = str(error)
    assert "limits.abstract" in text and "limits.pages" in text


def test_one_edited_abstract_or_one_new_paper_moves_no_other_paper_to_another_topic(project):
    """Issue #17: a sentence of new content words in one abstract refitted the topics, moving hundreds of
    papers and rewriting a quarter of the site. While few papers are new since the last fit, papers keep
    their topic (recorded in permalinks.json) and a new paper joins the nearest topic."""
    root, config = project(seeds=True)
    first = generate(config)
    topics = {paper.id: paper.topic for paper in first.corpus.papers}
    source = sorted((root / "sources").glob("*.txt"))[0]
    text = source.read_text(encoding="utf-8")
    paper = next(paper for paper in first.corpus.papers if paper.abstract and paper.abstract[:60] in text)
    source.write_text(text.replace(paper.abstract[:60], "Quantum chromodynamics lattice simulations and protein "
                                   "folding kinetics motivate this. " + paper.abstract[:60]), encoding="utf-8")
    second = generate(config)
    assert {p.id: p.topic for p in second.corpus.papers} == topics
    assert len(second.written.written) <= 20, second.written.written  # its page, its neighbours, lists, feeds
    (root / "sources" / "new.txt").write_text(daily(("Selective state space models for long audio sequences",
                                                      ABSTRACT)), encoding="utf-8")
    third = generate(config)
    moved = {p.id for p in third.corpus.papers if p.id in topics and p.topic != topics[p.id]}
    assert moved == set()
    added = next(p for p in third.corpus.papers if p.id not in topics)
    assert added.topic in set(topics.values())
    entries = json.loads((root / "permalinks.json").read_text())["papers"]
    assert entries[added.slug]["topic"] == added.topic and entries[added.slug]["placed"] is True
    assert sum(entry.get("placed", False) for entry in entries.values()) == 1
    report = (root / "content" / "report.md").read_text()
    assert f"1 of {len(third.corpus.papers)} papers arrived since the topics were last fitted" in report


def test_a_new_paper_close_to_no_topic_is_unsorted_while_topics_are_kept(project):
    """A new paper joins the nearest kept topic only where it weighs something there: a recipe added to the
    default corpus was a paper of one of its topics. Its topic page says why its papers are in none."""
    root, config = project(seeds=True)
    first = generate(config)
    (root / "sources" / "new.txt").write_text(daily((
        "A chocolate cake for twelve guests", "Melt the butter and the chocolate, whisk the eggs with sugar, fold "
        "in flour and bake for forty minutes; serve with cream to twelve guests.")), encoding="utf-8")
    second = generate(config)
    added = next(p for p in second.corpus.papers if p.id not in {paper.id for paper in first.corpus.papers})
    assert added.topic == "unsorted"
    assert {p.id: p.topic for p in second.corpus.papers if p.id != added.id} == \
        {p.id: p.topic for p in first.corpus.papers}
    page = (root / "content" / "topics" / "unsorted.md").read_text(encoding="utf-8")
    unsorted = sum(paper.topic == "unsorted" for paper in second.corpus.papers)  # surveys of no topic's subject too
    assert f"{unsorted} paper{'s' if unsorted > 1 else ''} whose words place them in no topic" in page
    assert "most central first" not in page


def test_topics_are_kept_under_a_set_topic_count_when_the_fit_gave_another_number(project, monkeypatch):
    """`topics: count: 12` on the default corpus fits 12 topics, of which the surveys' is taken apart
    (without_genres): 11 are published. A later run with one record added must keep them, as with
    `count: auto`; comparing the 12 asked for with the 11 published refitted the topics on every run, so
    each edit could move papers between topics (issue #17, point 2)."""
    from generator.config import load_config
    from generator.enrich import topics

    root, _ = project(seeds=True)
    (root / "litsite.yml").write_text("topics:\n  count: 12\n  stop_words: [llm, llms, lm, lms]\n", encoding="utf-8")
    config = load_config(root)
    first = generate(config)
    assert len([key for key in first.corpus.topics if key != "unsorted"]) == 11  # as the repository's settings give
    (root / "sources" / "new.txt").write_text(daily((
        "Selective state space models for long sequences", "We study selective state space models on long "
        "sequences and compare Mamba with Transformers.")), encoding="utf-8")

    def refit(self, papers):
        raise AssertionError("topics refitted")
    monkeypatch.setattr(topics.TopicModel, "__call__", refit)
    second = generate(config)
    assert {key: topic.label for key, topic in second.corpus.topics.items()} == \
        {key: topic.label for key, topic in first.corpus.topics.items()}


def test_unsorted_papers_are_no_topic_in_the_counts(project):
    """The default corpus has 11 topics and 5 unsorted surveys: its home page and the console said 12
    topics, counting Unsorted as one."""
    root, config = project(seeds=True)
    result = generate(config)
    topics = [key for key in result.corpus.topics if key != "unsorted"]
    assert "unsorted" in result.corpus.topics and result.report.topics == len(topics)
    home = (root / "content" / "index.md").read_text(encoding="utf-8")
    counts = next(line for line in home.splitlines() if line.startswith(f"| {result.report.entries} |"))
    assert counts.endswith(f"| {len(topics)} |"), counts
    # ... and the tags counted are those with a page, as on the home page: carried or only mentioned
    tag_pages = {path.stem for path in (root / "content" / "tags").glob("*.md") if path.stem != "index"}
    assert result.report.tags == len(tag_pages) and counts.endswith(f"| {len(tag_pages)} | {len(topics)} |"), counts


def test_a_refit_keeps_keys_of_topics_whose_papers_stay_and_redirects_those_that_go(project):
    """Issue #14: adding records enough for a refit (a speech-recognition bibliography from NeMo's docs,
    113 entries, to the 268 default papers) removed topic pages readers had saved. Now every topic
    published before is still there or redirects to the live topic that took most of its papers, and a
    fresh topic holding most of a published topic's papers carries a published key."""
    source = REPO.parent / "shared" / "realworld" / "bibtex" / "nemo_docs_asr_all.bib"
    if not source.exists():
        pytest.skip(f"no real exports at {source.parent}")
    root, config = project(seeds=True)
    first = generate(config)
    before: dict[str, set[str]] = {}
    for paper in first.corpus.papers:
        before.setdefault(paper.topic, set()).add(paper.id)
    (root / "sources" / "nemo.bib").write_bytes(source.read_bytes())
    second = generate(config)
    after: dict[str, set[str]] = {}
    for paper in second.corpus.papers:
        after.setdefault(paper.topic, set()).add(paper.id)
    redirects = json.loads((root / "permalinks.json").read_text()).get("topic_redirects", {})
    gone = set(before) - set(after) - {"unsorted"}
    assert gone, "the refit kept every topic: this test needs one that goes"
    assert set(redirects) >= gone, (gone, redirects)
    for key in gone:
        target = redirects[key]
        assert target in after
        assert target == max(sorted(after), key=lambda live: len(after[live] & before[key]))
        page = (root / "content" / "topics" / key / "index.html").read_text()
        assert f'url=../{target}/"' in page
        assert f"\n- <code>{key}</code> &rarr; [" in (root / "content" / "report.md").read_text()  # a line each
    for key, papers in before.items():
        holder = [live for live, mine in after.items() if len(mine & papers) * 2 > len(papers)]
        assert not holder or holder[0] in before, (key, holder)


def test_a_tag_the_title_does_not_name_is_listed_apart_as_a_mention(project):
    """Issue #14: a tag only the abstract repeats, on a paper whose title names another tag, is shown as
    a mention: on the paper's page ("Also mentions"), on the tag's page after the papers it describes,
    in the tags index and in papers.json; it is no longer one of the paper's tags."""
    root, config = project(sources={"dump.txt": daily(
        ("Mixture of Experts for Routing Tokens",
         "We build a mixture of experts. Retrieval helps it; we add retrieval of documents."),
        ("Dense Retrieval at Scale", "We study dense retrieval with a transformer, and a second transformer."))})
    generate(config)
    content = root / "content"
    tag_page = (content / "tags" / "retrieval.md").read_text(encoding="utf-8")
    tagged, _, mentions = tag_page.partition('<h2 id="mentioned">Also mentioned</h2>')
    assert "Dense Retrieval at Scale" in tagged and "Mixture of Experts" not in tagged
    assert "Mixture of Experts for Routing Tokens" in mentions and "1 paper, and 1 more that" in tagged
    moe = next((content / "papers").glob("mixture-of-experts-for-routing-*.md")).read_text(encoding="utf-8")
    classification = moe[moe.index('<p class="litsite-classification">'):]
    classification = classification[:classification.index("</p>")]
    tags, _, mentioned = classification.partition("Also mentions:")
    assert "tags/mixture-of-experts/" in tags and "tags/retrieval/" not in tags and "tags/retrieval/" in mentioned
    papers = {paper["title"]: paper for paper in json.loads((content / "downloads" / "papers.json").read_text())}
    assert papers["Mixture of Experts for Routing Tokens"]["tags"] == ["mixture-of-experts"]
    assert papers["Mixture of Experts for Routing Tokens"]["mentions"] == ["retrieval"]
    assert "| [Retrieval and RAG](retrieval.md) | 1 | 1 |" in (content / "tags" / "index.md").read_text()


def test_abstracts_can_be_left_out_of_the_search_index_and_stay_on_the_page(tmp_path):
    """Issue #17 point 5: Pagefind's time grows with the pages a word is on (at 29,195 papers "transformer
    models" took 5-6 s with abstracts indexed, 0.9 s without), so `search_abstracts: false` marks each
    paper page's abstract for Pagefind to skip; the abstract is still shown, and by default indexed."""
    from generator.config import load_config
    sources = {"a.txt": daily(("Selective state space models", ABSTRACT))}
    for name, config, ignored in (("default", "title: Test collection\n", False),
                                  ("titles", "title: Test collection\nsearch_abstracts: false\n", True)):
        root = make_project(tmp_path / name, sources=sources, config=config)
        generate(load_config(root))
        page = next((root / "content" / "papers").glob("selective-state-space-models*.md")).read_text(encoding="utf-8")
        start = page.index('<div class="litsite-abstract"')
        opening = page[start:page.index("<p>", start)]
        assert ("data-pagefind-ignore" in opening) is ignored, opening
        assert "sequence modeling with state space models" in page


def test_a_collection_too_large_for_quick_search_of_abstracts_is_told_so(tmp_path, monkeypatch, capsys):
    """Past SLOW_FROM papers with abstracts indexed, common words take seconds to search: the run's summary
    and the Report page say so and name `search_abstracts: false`; below it, or with the option, nothing."""
    import generator.pipeline as pipeline
    from generator.config import load_config
    sources = {"a.txt": daily(("Selective state space models", ABSTRACT), ("Mixture of experts", ABSTRACT))}
    for name, config, limit, told in (("large", "title: T\n", 2, True), ("small", "title: T\n", 3, False),
                                      ("titles", "title: T\nsearch_abstracts: false\n", 2, False)):
        monkeypatch.setattr(pipeline, "SLOW_SEARCH_FROM", limit)
        root = make_project(tmp_path / name, sources=sources, config=config)
        assert main(["generate", "--project", str(root)]) == 0
        said = " ".join(capsys.readouterr().out.split())  # however the console wrapped it
        report = (root / "content" / "report.md").read_text(encoding="utf-8")
        assert ("## Search" in report) is told and ("search_abstracts: false" in report) is told, name
        assert ("search_abstracts: false" in said) is told, said


def test_generation_collects_garbage_less_often_and_puts_the_thresholds_back(project, monkeypatch):
    """The garbage collector walked the whole heap every few hundred allocations: raised thresholds for
    a generation took 1.6 s off at 10,000 records (benchmarks/). `litsite serve` generates again in the
    same process: the thresholds are put back after each run, also when it fails."""
    import gc

    import generator.pipeline as pipeline_module
    root, config = project(sources={"a.txt": daily(("A Paper on State Spaces", ABSTRACT))})
    before, during = gc.get_threshold(), []
    real_enrich = pipeline_module.enrich

    def enrich(*args, **kwargs):
        during.append(gc.get_threshold())
        return real_enrich(*args, **kwargs)
    monkeypatch.setattr(pipeline_module, "enrich", enrich)
    generate(config)
    assert during == [pipeline_module.COLLECTION_THRESHOLDS] and during[0][0] > before[0]
    assert gc.get_threshold() == before

    def failing(*args, **kwargs):
        raise RuntimeError("a step failed")
    monkeypatch.setattr(pipeline_module, "enrich", failing)
    (root / "sources" / "b.txt").write_text(daily(("Another Paper", ABSTRACT)))
    with pytest.raises(RuntimeError):
        generate(config)
    assert gc.get_threshold() == before


@pytest.mark.e2e
@pytest.mark.skipif(not can_fork(), reason="without fork no child process writes")
def test_a_full_disk_in_a_large_collection_is_the_same_clear_message(project, capsys, monkeypatch):
    """Above PARALLEL_FROM papers, child processes write pages too: a disk that fills while one of them
    writes gives the one clear message (and exit code), not a traceback of the child's error."""
    import errno
    import os

    import generator.writer as writer_module
    from generator.render.pages import PARALLEL_FROM

    from .test_crash_safety import synthetic_dump
    root, _ = project(sources={"big.txt": synthetic_dump(PARALLEL_FROM + 100)})

    here = os.getpid()

    def full_disk(write):  # full for the children only: this process writes on
        def written(path, data):
            if os.getpid() != here:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            write(path, data)
        return written
    for name in ("atomic_write", "write_new"):
        monkeypatch.setattr(writer_module, name, full_disk(getattr(writer_module, name)))
    assert main(["generate", "--project", str(root)]) == 4
    out = capsys.readouterr().out
    assert "No space left on device" in out and "Traceback" not in out and "parallel step failed" not in out
