"""The collection as citation data: a BibTeX entry per paper, and papers.bib / papers.json / papers.csv."""

from __future__ import annotations

import csv
import io
import json
import re

from .model import Paper
from .readers.fields import display_name, family_name
from .slugs import words_slug

# BibTeX reads these as syntax; braces are kept only when balanced (so {GPT} casing survives).
BIBTEX_SPECIAL = str.maketrans({"&": r"\&", "%": r"\%", "#": r"\#"})
ENTRY_TYPES = {"article", "inproceedings", "incollection", "book", "phdthesis", "mastersthesis", "techreport",
               "unpublished", "misc", "inbook", "proceedings", "online"}


def bibtex_value(value: str) -> str:
    value = " ".join(str(value).split()).translate(BIBTEX_SPECIAL)
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:  # unbalanced braces would end the field early and let text become BibTeX syntax
        value = value.replace("{", "").replace("}", "")
    return value.replace("@", r"\@")


def citation_key(paper: Paper) -> str:
    """family name + year + first title word ("vaswani2017attention"), plus id characters for uniqueness."""
    family = words_slug(family_name(paper.authors[0]), 20).replace("-", "") if paper.authors else "anon"
    first_word = next((word for word in words_slug(paper.title, 60).split("-")
                       if word not in {"a", "an", "the", "on", "of", "to", "in", "for", "and"}), "paper")
    return f"{family or 'anon'}{paper.year or ''}{first_word}-{paper.id[-4:]}"


def has_citation_data(paper: Paper) -> bool:
    """Enough to cite: a title plus authors, a year, a DOI or an arXiv id."""
    return bool(paper.authors or paper.year or paper.dois or paper.arxiv_id)


def bibtex_entry(paper: Paper) -> str:
    kind = paper.entry_type if paper.entry_type in ENTRY_TYPES else "misc"
    venue_field = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}.get(kind)
    fields: list[tuple[str, str]] = [("title", bibtex_value(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join(bibtex_value(author) for author in paper.authors)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.venue and venue_field:
        fields.append((venue_field, bibtex_value(paper.venue)))
    elif paper.venue:
        fields.append(("howpublished", bibtex_value(paper.venue)))
    for name in ("volume", "number", "pages", "publisher"):
        value = getattr(paper, name)
        if value:
            fields.append((name, bibtex_value(value.replace("–", "--"))))
    if paper.doi:
        fields.append(("doi", bibtex_value(paper.doi)))
    if paper.arxiv_id:
        fields += [("eprint", paper.arxiv_id), ("archiveprefix", "arXiv")]
    if paper.url.startswith(("http://", "https://")):
        fields.append(("url", bibtex_value(paper.url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{citation_key(paper)},\n{body}\n}}\n"


def papers_bib(papers: list[Paper]) -> str:
    return "\n".join(bibtex_entry(paper) for paper in papers)


def paper_record(paper: Paper, url: str) -> dict:
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": [display_name(author) for author in paper.authors],
        "year": paper.year,
        "date": paper.date,
        "venue": paper.venue or None,
        "doi": paper.doi or None,
        "dois": list(paper.dois),
        "arxiv_id": paper.arxiv_id or None,
        "url": paper.url or None,
        "pdf_url": paper.pdf_url or None,
        "abstract": paper.abstract,
        "tags": list(paper.tags),
        "topic": paper.topic,
        "upvotes": paper.upvotes,
        "page": url,
        "sources": [record.record_id for record in paper.records],
    }


def papers_json(papers: list[Paper], urls: dict[str, str]) -> str:
    return json.dumps([paper_record(paper, urls[paper.id]) for paper in papers], ensure_ascii=False, indent=1) + "\n"


CSV_COLUMNS = ["id", "title", "authors", "year", "venue", "doi", "arxiv_id", "url", "tags", "topic", "page"]
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def csv_cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: such text gets a leading apostrophe."""
    text = "; ".join(value) if isinstance(value, list) else "" if value is None else str(value)
    return "'" + text if FORMULA_START.match(text) else text


def papers_csv(papers: list[Paper], urls: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in papers:
        record = paper_record(paper, urls[paper.id])
        writer.writerow([csv_cell(record[column]) for column in CSV_COLUMNS])
    return out.getvalue()
