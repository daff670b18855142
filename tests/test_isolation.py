"""One bad record never stops a build (issue #13): each crafted file holds one record whose value breaks
a reader (or a later stage) and one good record. The bad one is rejected or repaired with its file, line
and reason; the good one is read; and the whole pipeline runs through with all of them together."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from generator.readers import read_file

from .conftest import make_project

GOOD_CSL = {"id": "good", "title": "A good paper", "type": "article", "issued": {"date-parts": [[2020]]},
            "author": [{"family": "Doe", "given": "Jane"}]}


def alias_bomb() -> str:
    """566 bytes of YAML whose nested aliases stand for 9^9 strings."""
    text = "- title: Laughs\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 9):
        text += f"  a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]\n"
    return text + "  abstract: *a8\n- title: A good YAML entry\n  year: 2020\n"


def daily_page(trailer: str) -> str:
    return ("Daily Papers\n\nA paper with a strange date\n\nIts abstract, long enough to be one.\n\n"
            f"• 3 authors\n{trailer}\n\nA good daily paper\n\nAnother abstract that reads well.\n\n"
            "• 2 authors\nOct 15, 2024 12\n")


CRAFTED = {
    # a lone UTF-16 surrogate: valid JSON, but no character; Python cannot write it as UTF-8
    "surrogate.json": json.dumps([{**GOOD_CSL, "id": "bad", "title": "Broken \ud800 title"}, GOOD_CSL]),
    # a number past Python's 4,300-digit limit for int()
    "long-number.json": json.dumps([GOOD_CSL])[:-1] + ', {"id": "n", "title": "Long", "type": "article", '
                                                      '"page": ' + "9" * 5000 + "}]",
    # authors: 5 where a list belongs
    "hf.json": json.dumps([{"paper": {"id": "2401.00001", "title": "Bad authors", "summary": "s", "authors": 5}},
                           {"paper": {"id": "2401.00002", "title": "Good authors", "summary": "s",
                                      "authors": [{"name": "Ann Lee"}]}}]),
    # a cell over Python's csv field limit (128 KB)
    "big-cell.csv": 'title,abstract\nA long abstract,"' + "word " * 30_000 + '"\nA short one,fine\n',
    "bomb.yaml": alias_bomb(),
    # full-width digits in a Daily Papers date line
    "fullwidth.txt": daily_page("Oct １５, ２０２４ 7"),
}


def read(tmp_path, name: str, data: str | bytes):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    return read_file(path, name)


def titles(records) -> list[str]:
    return sorted(record.title for record in records)


def test_a_lone_surrogate_becomes_a_replacement_character_and_is_reported(tmp_path):
    records, report = read(tmp_path, "surrogate.json", CRAFTED["surrogate.json"])
    assert titles(records) == ["A good paper", "Broken \ufffd title"]
    assert any("surrogate" in problem.message and problem.location.line == 1 for problem in report.problems)


def test_an_overlong_number_is_kept_as_text(tmp_path):
    records, _ = read(tmp_path, "long-number.json", CRAFTED["long-number.json"])
    assert titles(records) == ["A good paper", "Long"]
    assert next(record for record in records if record.title == "Long").pages == "9" * 5000


def test_json_nested_too_deep_is_rejected_with_a_reason(tmp_path):
    deep = json.dumps([GOOD_CSL])[:-1] + ', {"title": "Deep", "note": ' + "[" * 10_000 + "]" * 10_000 + "}]"
    _, report = read(tmp_path, "deep.json", deep)
    assert [problem.message for problem in report.problems] == [
        "not read: JSON nested deeper than the reader can follow (about 1,000 levels)"]


def test_a_value_of_the_wrong_type_rejects_its_record_alone(tmp_path):
    records, report = read(tmp_path, "hf.json", CRAFTED["hf.json"])
    assert titles(records) == ["Good authors"]
    [problem] = report.problems
    assert problem.level == "rejected" and "paper 2401.00001 not read" in problem.message
    assert "TypeError" in problem.message


def test_a_cell_over_128_kb_is_read(tmp_path):
    records, report = read(tmp_path, "big-cell.csv", CRAFTED["big-cell.csv"])
    assert titles(records) == ["A long abstract", "A short one"] and report.problems == ()
    assert len(records[0].abstract) > 140_000


def test_yaml_aliases_reject_their_entry_before_expanding(tmp_path):
    records, report = read(tmp_path, "bomb.yaml", CRAFTED["bomb.yaml"])
    assert titles(records) == ["A good YAML entry"]
    [problem] = report.problems
    assert problem.location.line == 1 and "aliases" in problem.message


def test_a_date_line_python_cannot_read_is_reported_and_its_paper_kept(tmp_path):
    records, report = read(tmp_path, "fullwidth.txt", CRAFTED["fullwidth.txt"])
    assert titles(records) == ["A good daily paper", "A paper with a strange date"]
    [problem] = report.problems
    assert problem.location.line == 8 and problem.level == "warning"
    assert problem.message.startswith("trailer line (the paper is kept without it) not read: a value of an "
                                      "unexpected form (ValueError: time data 'Oct １５, ２０２４'")


def test_stray_nul_bytes_are_removed_not_the_whole_file(tmp_path):
    text = daily_page("Oct 14, 2024 7").replace("long enough", "long\x00 enough")
    records, report = read(tmp_path, "nul.txt", text)
    assert len(records) == 2 and "\x00" not in records[1].abstract + records[0].abstract
    assert any("NUL byte" in problem.message and problem.location.line == 5 for problem in report.problems)


def test_every_crafted_file_together_builds_with_every_record_accounted_for(tmp_path):
    sources = {name: data.encode("utf-8", "surrogatepass") for name, data in CRAFTED.items()}
    root = make_project(tmp_path / "review", sources=sources)
    done = subprocess.run([sys.executable, "-m", "generator", "generate", "--project", str(root)], cwd=root,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    # 12 entries: 2 rejected (the authors that are a number, the alias bomb), two copies of "A good paper"
    # merged (they are one CSL item in two files), 9 papers
    assert "12 entries read = 9 papers + 1 merged duplicate + 2 rejected;" in done.stdout, done.stdout[-1500:]
