"""Run bib-dedupe on one CSV of records and write its clusters as JSON (a list of lists of record ids).

    .venv-bibdedupe/bin/python benchmarks/bibdedupe_run.py RECORDS.csv OUT.json

Run by dedup_accuracy.py with bib-dedupe's own interpreter (its pins differ from litsite's); the records
are passed with the column names bib-dedupe documents (ID, ENTRYTYPE, author, title, year, journal,
volume, number, pages, doi, abstract).
"""

import json
import sys

import pandas as pd
from bib_dedupe.bib_dedupe import block, cluster, match, prep

COLUMNS = {"record_id": "ID", "ID": "ID", "author": "author", "title": "title", "year": "year", "journal": "journal",
           "volume": "volume", "number": "number", "pages": "pages", "doi": "doi", "abstract": "abstract",
           "booktitle": "booktitle", "ENTRYTYPE": "ENTRYTYPE"}


def main(source: str, out: str) -> None:
    records = pd.read_csv(source, dtype=str, keep_default_na=False)
    records = records[[column for column in records.columns if column in COLUMNS]].rename(columns=COLUMNS)
    if "ENTRYTYPE" not in records:
        records["ENTRYTYPE"] = "article"
    records = records.replace({"NA": ""})
    prepared = prep(records, verbosity_level=0)
    matched = match(block(prepared, verbosity_level=0), verbosity_level=0)
    groups = [sorted(group) for group in cluster(matched, verbosity_level=0)]
    grouped = {record for group in groups for record in group}
    groups += [[record] for record in records["ID"] if record not in grouped]
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(groups, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
