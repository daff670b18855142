"""Citation exports: BibTeX entries that stay BibTeX whatever the title holds, CSV safe from formulas."""

import csv
import io
import json

import bibtexparser

from generator.export import bibtex_entry, papers_bib, papers_csv, papers_json
from generator.model import Location, Paper, Record


def paper(title, **fields):
    record = Record("k", Location("s.bib", 1), title)
    return Paper(id="p0123456789ab", slug="s", title=title, abstract="", records=(record,), **fields)


def test_bibtex_entry_round_trips_through_a_parser():
    entry = bibtex_entry(paper("Attention Is All You Need", authors=("Vaswani, Ashish", "Shazeer, Noam"), year=2017,
                               venue="NeurIPS", entry_type="inproceedings", dois=("10.5555/1",),
                               arxiv_id="1706.03762", pages="5998–6008"))
    library = bibtexparser.parse_string(entry)
    assert len(library.entries) == 1 and not library.failed_blocks
    fields = {key: field.value for key, field in library.entries[0].fields_dict.items()}
    assert fields["title"] == "Attention Is All You Need"
    assert fields["author"] == "Vaswani, Ashish and Shazeer, Noam"
    assert (fields["booktitle"], fields["year"], fields["eprint"], fields["pages"]) == (
        "NeurIPS", "2017", "1706.03762", "5998--6008")
    assert library.entries[0].key == "vaswani2017attention-89ab"


def test_hostile_titles_cannot_break_out_of_their_field():
    hostile = paper("a } , author = {Mallory}} @misc{evil, title={x", year=2020)
    library = bibtexparser.parse_string(papers_bib([hostile, paper("Second", year=2021)]))
    assert len(library.entries) == 2 and not library.failed_blocks
    assert "author" not in library.entries[0].fields_dict


def test_json_and_csv_downloads():
    papers = [paper("=HYPERLINK(\"http://evil\")", year=2020, authors=("Doe, Jane",)), paper("Plain", year=2021)]
    urls = {p.id: "papers/s/" for p in papers}
    rows = list(csv.DictReader(io.StringIO(papers_csv(papers, urls))))
    assert rows[0]["title"].startswith("'=") and rows[0]["authors"] == "Jane Doe"
    data = json.loads(papers_json(papers, urls))
    assert data[1]["title"] == "Plain" and data[0]["page"] == "papers/s/"
