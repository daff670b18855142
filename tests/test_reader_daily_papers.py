"""The Daily Papers text reader: all three layouts, page chrome, trailers, and bad input."""

from pathlib import Path

import pytest

from generator.readers import read_file, read_sources
from generator.readers.base import UndecodableFile, decode
from generator.readers.daily_papers import DailyPapersTextReader


ABSTRACT_A = "We study looped transformers and show that they learn in context with gradient descent steps."
ABSTRACT_B = "A survey of mixture of experts (MoE) models, their routing and their training at scale."

reader = DailyPapersTextReader()


def read(text: str):
    return reader.read(text, "sources/x.txt")


def test_blank_line_layout_with_trailer_reads_authors_date_and_upvotes():
    text = (f"new\n\nSubscribe\n\nDaily Papers\n\nApr 14\n\nLooped Transformers\n\n{ABSTRACT_A}\n\n"
            f"  • 5 authors\n·\nOct 15, 2024\n\nA Survey on Mixture of Experts\n\n{ABSTRACT_B}\n\n"
            f"  • 1 authors\n·\nMar 31, 2025 12\n")
    result = read(text)
    assert [(r.title, r.author_count, r.date, r.upvotes) for r in result.records] == [
        ("Looped Transformers", 5, "2024-10-15", None),
        ("A Survey on Mixture of Experts", 1, "2025-03-31", 12),
    ]
    assert result.records[0].location.line == 9
    assert result.records[0].record_id == "sources/x.txt:9"
    assert len(result.skipped) == 4 and result.problems == []


def test_blank_line_layout_without_trailer():
    result = read(f"Looped Transformers\n\n{ABSTRACT_A}\n\nA Survey on Mixture of Experts\n\n{ABSTRACT_B}\n")
    assert [(r.title, r.abstract, r.date) for r in result.records] == [
        ("Looped Transformers", ABSTRACT_A, None), ("A Survey on Mixture of Experts", ABSTRACT_B, None)]


def test_alternating_layout_with_header_glued_to_first_title():
    text = (f"Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
            f"SubscribeLooped Transformers\n{ABSTRACT_A}\nA Survey on Mixture of Experts\n{ABSTRACT_B}\n")
    result = read(text)
    assert [r.title for r in result.records] == ["Looped Transformers", "A Survey on Mixture of Experts"]
    assert [r.location.line for r in result.records] == [3, 5]
    assert any("glued" in line for line in result.skipped)


def test_title_without_abstract_is_rejected_with_its_line():
    result = read(f"Lonely Title\n\nLooped Transformers\n\n{ABSTRACT_A}\n")
    assert [r.title for r in result.records] == ["Looped Transformers"]
    assert [(str(p.location), p.level) for p in result.problems] == [("sources/x.txt:1", "rejected")]
    assert "title without an abstract" in result.problems[0].message


def test_second_paragraph_joins_the_abstract_with_a_warning():
    result = read(f"Looped Transformers\n\n{ABSTRACT_A}\n\n{ABSTRACT_B}\n")
    assert result.records[0].abstract == f"{ABSTRACT_A} {ABSTRACT_B}"
    assert [p.level for p in result.problems] == ["warning"]


def test_seed_corpus_holds_314_records_in_five_files(seed_records):
    records, files = seed_records
    assert len(records) == 314
    assert [(Path(f.path).name[:3], f.records) for f in files] == [
        ("000", 25), ("001", 67), ("002", 119), ("003", 32), ("004", 71)]
    assert all(f.reader == "hf-daily-papers-text" and not f.problems for f in files)
    # No chrome leaks into titles, and the glued header was cut off the first title of 002.
    titles = {r.title for r in records}
    assert not titles & {"new", "Subscribe", "Daily Papers", "byAK and the research community"}
    assert "Sum-Product Networks for Sequence Labeling" in titles


def test_seed_trailers_are_read(seed_records):
    records, _ = seed_records
    first = next(r for r in records if r.title.startswith("Bypassing the Exponential Dependency"))
    assert (first.author_count, first.date, first.upvotes) == (5, "2024-10-15", None)
    assert sum(r.date is not None for r in records) == 55  # one per "·" separator line in the dumps


@pytest.mark.parametrize("data, expected", [
    ("Title\r\nAbstract one.\r\n".encode("utf-8"), "Title\nAbstract one.\n"),
    (b"\xef\xbb\xbfTitle\n", "Title\n"),
    ("Title\n".encode("utf-16"), "Title\n"),
])
def test_decode_handles_crlf_bom_and_utf16(data, expected):
    assert decode(data, "x.txt") == (expected, [])


def test_invalid_utf8_is_kept_and_reported_with_line_and_column():
    text, problems = decode("Good tïtle\nBad ".encode() + b"\xff byte.\n", "x.txt")
    assert text == "Good tïtle\nBad \ufffd byte.\n"
    assert [str(p) for p in problems] == [
        "x.txt:2: invalid UTF-8 at column 5: the bad bytes are shown as \ufffd; "
        "save the file as UTF-8 to keep those characters"]


def test_legacy_windows_1252_export_is_read_with_a_warning():
    text, problems = decode("Title\nCafé – déjà vu.\n".encode("cp1252"), "x.csv")
    assert text == "Title\nCafé – déjà vu.\n"
    assert [str(p) for p in problems] == [
        "x.csv:2: not UTF-8 (byte 0xe9 at column 4): read as Windows-1252; save the file as UTF-8 if "
        "characters look wrong"]


def test_text_encoded_twice_is_repaired_and_said_once_with_its_first_line(tmp_path):
    """realworld's arXiv 'testing' export names "ClÃ©ment L. Canonne" and "RamÃ­rez" and writes "$Î±$" for
    alpha: UTF-8 read as Latin-1 and saved again. Pages, search and the exported BibTeX carried it. It is
    repaired where it shows, and said once; text that only looks similar ("Île", "Ãgua?") stays."""
    twice = "Title\nBy ClÃ©ment L. Canonne, RamÃ­rez\n$Î±$-testing of donâ€™t\nÎle and Ãgua? stay\n"
    text, problems = decode(twice.encode("utf-8"), "x.xml")
    assert text == "Title\nBy Clément L. Canonne, Ramírez\n$α$-testing of don’t\nÎle and Ãgua? stay\n"
    assert [str(p) for p in problems] == [
        'x.xml:2: text encoded twice (UTF-8 read as Latin-1) repaired on 2 line(s), the first here: '
        '"ClÃ©ment" -> "Clément"']
    assert decode("Café naïve Ångström “quoted” — fine\n".encode("utf-8"), "y.txt")[1] == []
    path = tmp_path / "feed.txt"
    path.write_bytes(("A paper by ClÃ©ment\n\nAn abstract on Î±-testing with enough words to be one.\n\n"
                      "Another paper\n\nAnother abstract on testing with enough words in it.\n").encode("utf-8"))
    records, report = read_file(path, "sources/feed.txt")
    assert [record.title for record in records] == ["A paper by Clément", "Another paper"]
    assert "α-testing" in records[0].abstract and "encoded twice" in report.problems[0].message


@pytest.mark.parametrize("data, reason", [(b"", "the file is empty"), (b"  \n\n", "the file is empty"),
                                          (b"\x00\x01\x02binary", "binary data")])
def test_empty_and_binary_files_are_rejected(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    records, report = read_file(path, "sources/bad.txt")
    assert records == []
    assert report.problems[0].level == "rejected" and reason in report.problems[0].message
    with pytest.raises(UndecodableFile):
        decode(data, "bad.txt")


def test_unsupported_formats_are_named(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("%0 Journal Article\n%A Smith, J\n%T A paper with a full stop.\n")
    _, report = read_file(path, "sources/data.txt")
    assert report.problems[0].message.startswith(
        "not read: this looks like EndNote tagged text (export it as RIS or BibTeX) (supported: bibtex, ris,")
    path.write_text("PT J\nAU Smith, J\nTI A paper with a full stop.\nER\n")  # Web of Science's: read
    found, report = read_file(path, "sources/data.txt")
    assert report.reader == "wos-text" and [record.title for record in found] == ["A paper with a full stop."]
    path.write_text("just one line of text.\n")
    _, report = read_file(path, "sources/data.txt")
    assert report.problems[0].message.startswith("not read: no reader recognises this format (supported: ")


def test_hidden_files_and_readmes_are_not_sources(tmp_path):
    (tmp_path / ".notes.txt").write_text("x")
    (tmp_path / "README.md").write_text("about these sources")
    (tmp_path / "a.txt").write_text(f"Looped Transformers\n\n{ABSTRACT_A}\n")
    records, files = read_sources(tmp_path, tmp_path)
    assert [f.path for f in files] == ["a.txt"] and len(records) == 1
