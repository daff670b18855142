"""Fuzzing the readers (issue #13): arbitrary bytes, and arbitrary JSON, YAML and BibTeX structure, never
make a reader raise; every entry is a record or a problem with a file and line."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.readers import READERS, read_file

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Any JSON value: what a JSON export could hold where the reader expects a field.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)
FIELDS = ("title", "author", "authors", "issued", "summary", "paper", "id", "DOI", "URL", "publishedAt",
          "container-title", "page", "type", "abstract", "keyword", "upvotes", "year", "date")
# Each field present or not, independently, with a value of any type.
ITEMS = st.fixed_dictionaries({}, optional={name: JSON_VALUES for name in FIELDS})


def read_text(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    records, report = read_file(path, name)
    assert all(problem.location is None or problem.location.path == name for problem in report.problems)
    return records, report


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".bib", ".ris", ".json", ".csv", ".yaml", ".txt", ".xml"]))
def test_arbitrary_bytes_never_raise(tmp_path, data, suffix):
    read_text(tmp_path, "fuzz" + suffix, data)


@FUZZ
@given(items=st.lists(ITEMS, min_size=1, max_size=5), wrap=st.booleans())
def test_arbitrary_json_items_never_raise_and_each_is_read_or_reported(tmp_path, items, wrap):
    # with a title and a type each item is sniffed as CSL-JSON; wrapped in {"paper": ...}, as Hugging Face JSON
    items = [{"title": "A fuzzed paper", "type": "article", "summary": "s", **item} for item in items]
    payload = [{"paper": item, "publishedAt": "2024-01-01"} for item in items] if wrap else items
    records, report = read_text(tmp_path, "fuzz.json", json.dumps(payload).encode())
    rejected = [problem for problem in report.problems if problem.level == "rejected"]
    assert len(records) + len(rejected) >= 1


@FUZZ
@given(entries=st.lists(st.fixed_dictionaries({}, optional={name: JSON_VALUES for name in (
    "authors", "year", "doi", "abstract", "url", "keywords", "date", "journal")}), min_size=1, max_size=4))
def test_arbitrary_yaml_entries_never_raise(tmp_path, entries):
    entries = [{"title": "A fuzzed paper", **entry} for entry in entries]
    text = yaml.safe_dump(entries, allow_unicode=True)
    records, report = read_text(tmp_path, "fuzz.yaml", text.encode())
    assert len(records) + len([p for p in report.problems if p.level == "rejected"]) == len(entries)


BIB_FIELDS = st.fixed_dictionaries({}, optional={name: st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                                                                max_size=40)
                                                 for name in ("title", "author", "year", "journal", "doi", "eprint",
                                                              "url", "pages", "month", "date", "crossref", "keywords")})


@FUZZ
@given(entries=st.lists(BIB_FIELDS, min_size=1, max_size=4))
def test_arbitrary_bibtex_field_values_never_raise(tmp_path, entries):
    text = "\n".join("@article{key%d,\n%s\n}\n" % (number, ",\n".join(f"  {name} = {{{value}}}"
                                                                      for name, value in fields.items()))
                     for number, fields in enumerate(entries))
    read_text(tmp_path, "fuzz.bib", text.encode("utf-8"))


def tagged_fields(tags: list[str]):
    """A record of a tagged format: (tag, value, continued on a second line) triples. A line break ends a
    field in these formats, so a value never holds one; nor a NUL byte: a file this short with one is
    binary data to decode (LITSITE_EXPLORE found it)."""
    values = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00"),
                     max_size=40)
    return st.lists(st.tuples(st.sampled_from(tags), values, st.booleans()), max_size=12)


MEDLINE_FIELDS = tagged_fields(["TI", "BTI", "AB", "FAU", "AU", "DP", "JT", "VI", "IP", "PG", "LID", "AID", "MH", "OT",
                                "PT", "PB", "XX", "CN"])


@FUZZ
@given(records=st.lists(MEDLINE_FIELDS, min_size=1, max_size=4))
def test_arbitrary_medline_field_values_never_raise_and_each_record_is_read_or_reported(tmp_path, records):
    """Any value under any tag, continued on a second line or not: each record is a record or a rejection."""
    text = "\n".join(f"PMID- {number}\n" + "".join(
        f"{tag:<4}- {value}\n" + (f"      {value}\n" if continued else "") for tag, value, continued in fields)
        for number, fields in enumerate(records))
    found, report = read_text(tmp_path, "fuzz.nbib", text.encode("utf-8"))
    assert len(found) + len([p for p in report.problems if p.level == "rejected"]) == len(records)


WOS_FIELDS = tagged_fields(["TI", "AB", "AU", "AF", "CA", "SO", "SE", "PY", "PD", "VL", "IS", "BP", "EP", "AR", "DI",
                            "DE", "ID", "DT", "PT", "PU", "CR", "EA", "XX"])


@FUZZ
@given(records=st.lists(WOS_FIELDS, min_size=1, max_size=4))
def test_arbitrary_web_of_science_field_values_never_raise_and_each_record_is_read_or_reported(tmp_path, records):
    """Any value under any tag, continued on a second line or not: each record is a record or a rejection."""
    text = "FN Clarivate Analytics Web of Science\nVR 1.0\n" + "\n".join("PT J\n" + "".join(
        f"{tag} {value}\n" + (f"   {value}\n" if continued else "") for tag, value, continued in fields) + "ER\n"
        for fields in records) + "\nEF\n"
    found, report = read_text(tmp_path, "savedrecs.txt", text.encode("utf-8"))
    assert report.reader == "wos-text"
    assert len(found) + len([p for p in report.problems if p.level == "rejected"]) == len(records)


def test_every_reader_is_fuzzed():
    assert {reader.name for reader in READERS} == {"bibtex", "ris", "medline", "arxiv-atom", "hf-papers-json",
                                                   "csl-json", "wos-text", "csv", "yaml-list",
                                                   "hf-daily-papers-text"}
