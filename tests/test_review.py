"""The reviewer's own work survives every rebuild: notes, status, curation, stable links."""

from __future__ import annotations

import hashlib
import html
import json

import pytest

from generator.cli import main
from generator.config import load_config
from generator.review.notes import parse_note
from generator.pipeline import generate

from .conftest import daily, make_project
from .site_helpers import build_site

ABSTRACT = "We propose a method for sequence modeling with state space models and evaluate it on benchmarks."
OTHER = "A survey of mixture of experts models, their routing and training, with a theoretical analysis."


def corpus(retitled: bool = False, extra: bool = False, removed: bool = False) -> str:
    entries = [("A Paper on State Spaces" if not retitled else "State Spaces Revisited: A Paper", ABSTRACT),
               ("A Survey on Mixture of Experts", OTHER)]
    if not removed:
        entries.append(("Looped Transformers Learn In Context", ABSTRACT + " Looped transformers."))
    if extra:
        entries.append(("A Brand New Paper", "Something else entirely about diffusion language models."))
    return daily(*entries)


def user_files(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("notes", "content/assets") for p in sorted((root / folder).rglob("*")) if p.is_file()} | \
        {name: hashlib.sha256((root / name).read_bytes()).hexdigest() for name in ("litsite.yml",)}


def paper_page(root, title_start):
    for path in (root / "content" / "papers").glob("*.md"):
        if path.name != "index.md" and html.unescape(path.read_text()).split("<h1", 1)[1].split(">", 1)[1].startswith(
                title_start):
            return path
    raise AssertionError(f"no page for {title_start!r}")


@pytest.fixture
def review(tmp_path, capsys):
    root = make_project(tmp_path / "review", sources={"papers.txt": corpus()})
    assert main(["generate", "--project", str(root)]) == 0
    assert main(["note", "--project", str(root), "state", "spaces"]) == 0
    note_path = capsys.readouterr().out.strip().splitlines()[-1]
    assert note_path.endswith(".md") and note_path.startswith(str(root / "notes"))
    return root


def write_note(path, front: str, body: str = "My thoughts: **solid** work.\n"):
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def test_note_status_rating_and_tags_show_on_pages(review):
    root = review
    note = next((root / "notes").glob("*.md"))
    paper_id = parse_note(note.read_text(), "n", "n")[0].paper
    write_note(note, f"paper: {paper_id}\nstatus: read\nrating: 4\ntags: [theory]\nuntags: [state-space-models]\n")
    result = generate(load_config(root))
    paper = next(p for p in result.corpus.papers if p.id == paper_id)
    assert (paper.status, paper.rating) == ("read", 4)
    assert "theory" in paper.tags and "state-space-models" not in paper.tags
    page = paper_page(root, "A Paper on State Spaces").read_text()
    assert "<p class=\"admonition-title\">Reviewer's notes</p>" in page
    assert "<p>My thoughts: <strong>solid</strong> work.</p>" in page
    assert "Reading status: <a href=\"../../reading/read/\">read</a>" in page and "★★★★☆" in page
    assert "A Paper on State Spaces" in html.unescape((root / "content" / "reading" / "read.md").read_text())
    rows = json.loads((root / "content" / "papers" / "table.json").read_text())["papers"]
    assert [(row["s"], row["r"]) for row in rows if row["p"] == "A Paper on State Spaces"] == [("read", 4)]


def test_changed_note_rewrites_only_the_pages_that_show_it(review):
    root = review
    note = next((root / "notes").glob("*.md"))
    paper_id = parse_note(note.read_text(), "n", "n")[0].paper
    write_note(note, f"paper: {paper_id}\nstatus: reading\n")
    generate(load_config(root))
    write_note(note, f"paper: {paper_id}\nstatus: reading\n", "Changed my mind.\n")
    written = generate(load_config(root)).written.written
    assert written == [paper_page(root, "A Paper on State Spaces").relative_to(root / "content").as_posix()]
    write_note(note, f"paper: {paper_id}\nstatus: read\n", "Changed my mind.\n")
    written = sorted(generate(load_config(root)).written.written)
    assert written == sorted([paper_page(root, "A Paper on State Spaces").relative_to(root / "content").as_posix(),
                              "papers/table.json", "reading/index.md", "reading/read.md", "reading/reading.md"])


def test_sources_change_notes_survive_urls_stay_and_retitled_paper_redirects(review):
    root = review
    note = next((root / "notes").glob("*.md"))
    paper_id = parse_note(note.read_text(), "n", "n")[0].paper
    write_note(note, f"paper: {paper_id}\nstatus: read\n")
    (root / "notes" / "mixture.md").write_text("---\npaper: a-survey-on-mixture-of-experts\n---\nwrong key\n")
    first = generate(load_config(root))
    slugs = {p.title: p.slug for p in first.corpus.papers}
    before = user_files(root)

    # Add one paper, re-title one, remove one.
    (root / "sources" / "papers.txt").write_text(corpus(retitled=True, extra=True, removed=True))
    second = generate(load_config(root))
    after = {p.title: p.slug for p in second.corpus.papers}
    assert after["A Survey on Mixture of Experts"] == slugs["A Survey on Mixture of Experts"]
    assert "A Brand New Paper" in after and "Looped Transformers Learn In Context" not in after
    old, new = slugs["A Paper on State Spaces"], after["State Spaces Revisited: A Paper"]
    assert old != new
    redirect = (root / "content" / "papers" / old / "index.html").read_text()
    assert f'url=../{new}/' in redirect and f'href="../{new}/"' in redirect
    assert json.loads((root / "permalinks.json").read_text())["redirects"] == {old: new}
    # The note still finds its paper (its paper: id is gone, but the record and the old slug lead to it)...
    retitled = next(p for p in second.corpus.papers if p.slug == new)
    assert retitled.note_path.startswith("notes/") and retitled.status == "read"
    # ...and no user file changed.
    assert user_files(root) == before

    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "site" / "papers" / old / "index.html").exists()


def test_check_reports_orphans_duplicates_unknown_tags_and_bad_front_matter(review, capsys):
    root = review
    notes = root / "notes"
    (notes / "orphan.md").write_text("---\npaper: 9999.99999\n---\nA paper I removed.\n")
    (notes / "twice.md").write_text("---\npaper: a-survey-on-mixture-of-experts-" + "x" * 8 + "\n---\n")
    survey = next(p for p in generate(load_config(root), write=False).corpus.papers if "Mixture" in p.title)
    (notes / "first.md").write_text(f"---\npaper: {survey.id}\ntags: [no-such-tag]\n---\n")
    (notes / "second.md").write_text(f"---\npaper: {survey.slug}\n---\n")
    (notes / "broken.md").write_text("---\nstatus: [unclosed\n---\nbody\n")
    looped = next(p for p in generate(load_config(root), write=False).corpus.papers if "Looped" in p.title)
    (notes / "bad-values.md").write_text(f"---\npaper: {looped.slug}\nstatus: done\nrating: 9\n---\n")
    capsys.readouterr()
    assert main(["check", "--project", str(root)]) == 1
    out = capsys.readouterr().out
    # each at the line of the key it is about (all were at line 1: a long front matter left the reader looking)
    assert "notes/orphan.md:2: orphan note: no paper '9999.99999' in the collection" in out
    assert "notes/second.md:2: second note for the same paper as notes/first.md" in out
    assert "notes/first.md:3: unknown tag 'no-such-tag'" in out
    assert "notes/broken.md:3: front matter is not valid YAML" in out
    assert "notes/bad-values.md:3: status: expected one of to-read, reading, read, skipped, got 'done'" in out
    assert "notes/bad-values.md:4: rating: expected a whole number from 1 to 5, got 9" in out
    generate(load_config(root))
    report = html.unescape((root / "content" / "report.md").read_text())
    assert "notes/orphan.md</code> names <code>9999.99999</code>" in report
    assert (notes / "orphan.md").exists()


def test_counts_agree_with_their_nouns(review, capsys):
    """`litsite check` on a new user's clone printed "0 notes on papers, 1 orphan notes, 1 problems", and
    generate "1 papers + 1 merged duplicates". Each count now agrees with its noun."""
    root = review
    (root / "notes" / "orphan.md").write_text("---\npaper: 9999.99999\n---\nA paper I removed.\n")
    capsys.readouterr()
    assert main(["check", "--project", str(root)]) == 1
    assert "1 note on papers, 1 orphan note, 1 problem" in capsys.readouterr().out
    (root / "notes" / "orphan.md").unlink()
    for name in (root / "sources").iterdir():
        name.unlink()
    (root / "sources" / "one.txt").write_text(daily(("A Paper on State Spaces", "An abstract on state spaces."),
                                                    ("A Paper on State Spaces", "An abstract on state spaces.")))
    assert main(["generate", "--project", str(root)]) == 0
    out = capsys.readouterr().out
    assert "2 entries read = 1 paper + 1 merged duplicate + 0 rejected; 0 tags, 0 topics" in out, out[-600:]
    report = html.unescape((root / "content" / "report.md").read_text())
    assert "**2 entries read = 1 paper + 1 record merged into them + 0 rejected.**" in report
    assert "1 of 1 papers has no tag" in report
    assert "1 paper. Filter as you type" in (root / "content" / "papers" / "index.md").read_text()
    assert "**1 record to screen:" in (root / "content" / "screening" / "index.md").read_text()
    assert "1 paper has no title-abstract decision yet." in (root / "content" / "screening" / "index.md").read_text()


def test_curation_excludes_renames_and_features(tmp_path):
    root = make_project(tmp_path / "curated", sources={"papers.txt": corpus()}, config=(
        "title: Curated\ncuration:\n  exclude:\n    - paper: looped-transformers-learn-in-context\n"
        "      reason: off-topic\n  rename_tags:\n    survey: overviews\n  featured: [a-survey-on-mixture-of-experts]\n"))
    # Papers are named by slug here; slugs carry an id suffix, so use the generated ones.
    first = generate(load_config(root), write=False)
    slugs = {p.title: p.slug for p in first.corpus.papers}
    (root / "litsite.yml").write_text(
        "title: Curated\ncuration:\n  exclude:\n"
        f"    - paper: {slugs['Looped Transformers Learn In Context']}\n      reason: off-topic\n"
        f"  rename_tags:\n    survey: overviews\n  featured: [{slugs['A Survey on Mixture of Experts']}]\n")
    result = generate(load_config(root))
    titles = {p.title for p in result.corpus.papers}
    assert "Looped Transformers Learn In Context" not in titles
    assert result.report.balanced and result.report.excluded_records == 1
    report = html.unescape((root / "content" / "report.md").read_text())
    assert "+ 1 excluded by you" in report and "off-topic" in report
    survey = next(p for p in result.corpus.papers if p.title == "A Survey on Mixture of Experts")
    assert "overviews" in survey.tags and "survey" not in survey.tags
    assert (root / "content" / "tags" / "overviews.md").exists()
    home = html.unescape((root / "content" / "index.md").read_text())
    assert "## Featured" in home and "A Survey on Mixture of Experts" in home.split("## Featured")[1]


def test_a_note_can_take_a_mention_for_a_tag_or_drop_it():
    """Issue #14: a mention (a tag only the abstract repeats) is the reviewer's to change: a note's `tags:`
    makes it a tag, `untags:` removes it."""
    from generator.model import Location, Paper, Record
    from generator.review.notes import ApplyNotes, Note
    paper = Paper(id="p1", slug="p1", title="T", abstract="", records=(Record("r", Location("s.txt", 1), "t"),),
                  tags=("moe",), mentions=("rag", "ssm"))
    notes = {"p1": Note("notes/p1.md", "", "p1", tags=("rag",), untags=("ssm",))}
    [noted] = ApplyNotes(notes, {"moe", "rag", "ssm"}, set())([paper])
    assert (noted.tags, noted.mentions) == (("moe", "rag"), ())
