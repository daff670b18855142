"""The collection as citation data: a BibTeX entry per paper, and papers.bib / papers.json / papers.csv."""

from __future__ import annotations

import csv
import html
import io
import json
import re

from .model import Paper
from .readers.fields import display_name, family_name
from .slugs import words_slug

# BibTeX reads these as syntax; braces are kept only when balanced (so {GPT} casing survives).
ENTRY_TYPES = {"article", "inproceedings", "incollection", "book", "phdthesis", "mastersthesis", "techreport",
               "unpublished", "misc", "inbook", "proceedings", "online"}


MATH = re.compile(r"\$[^$]+\$")
# TeX primitives and macros that read or write files, run commands (\write18 with shell escape on),
# define or rebuild commands: a value from an untrusted source must never reach LaTeX with one of them.
DANGEROUS = re.compile(
    r"\\(?:input|include|includeonly|InputIfFileExists|openin|openout|read|readline|write|immediate|closein|"
    r"closeout|newread|newwrite|special|directlua|latelua|luaexec|catcode|lccode|uccode|mathcode|def|edef|gdef|"
    r"xdef|let|futurelet|global|outer|long|csname|endcsname|expandafter|noexpand|scantokens|detokenize|"
    r"newcommand|renewcommand|providecommand|DeclareRobustCommand|usepackage|RequirePackage|documentclass|"
    r"lowercase|uppercase|afterassignment|aftergroup|every[a-z]+|jobname|ShellEscape|pdfprimitive|primitive|"
    r"begin|end|loop|repeat)(?![A-Za-z])")
TEXT_SPECIAL = str.maketrans({"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
                              "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "$": r"\$"})


def latex_safe(value: str) -> str:
    """Display text as LaTeX that only prints: outside $...$ every character TeX reads as a command or
    an operator is escaped (a backslash prints as one); inside math, commands that could read, write,
    run or define anything are printed as text and ^^ (TeX's notation for any character) is broken."""
    parts, position = [], 0
    for math in MATH.finditer(value):
        parts.append(value[position:math.start()].translate(TEXT_SPECIAL))
        formula = DANGEROUS.sub(lambda command: r"\backslash{}\mathrm{" + command.group(0)[1:] + "}", math.group(0))
        parts.append(formula.replace("^^", "^{}^"))
        position = math.end()
    parts.append(value[position:].translate(TEXT_SPECIAL))
    return "".join(parts)


def protect(title: str, phrases: tuple[str, ...]) -> str:
    """The exported title with the words its BibTeX source protected from case changes in braces again:
    "{SURF} features", "{CNN}s"; a style that lowercases titles then prints them as the source meant."""
    for phrase in sorted(phrases, key=len, reverse=True):
        escaped = bibtex_value(phrase)
        if escaped and "{" not in escaped:
            title = re.sub(r"(?<![\w{])" + re.escape(escaped), lambda match: "{" + match.group(0) + "}", title, count=1)
    return title


def verbatim_value(value: str) -> str:
    """A DOI or URL as biblatex and hyperref's \\url read it, verbatim: the characters that are syntax in a
    .bib file or start a command (braces, backslash, whitespace, quotes) are percent-encoded; the rest, such
    as _ ~ # %, stays as written (escaping them as text would put backslashes into the address)."""
    return re.sub(r'[{}\\\s"@]', lambda match: "".join(f"%{byte:02X}" for byte in match.group(0).encode()), value)


def bibtex_value(value: str) -> str:
    value = latex_safe(" ".join(str(value).split()))
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:  # unbalanced braces would end the field early and let text become BibTeX syntax
        value = value.replace("{", "").replace("}", "")
    return value.replace("@", r"\@")


SAFE_KEY = re.compile(r"^[^\s,{}()\"#%'=\\~@]{1,200}$")  # what BibTeX and biblatex accept as a key


def source_keys(paper: Paper) -> list[str]:
    """The citation keys the paper's sources gave it (BibTeX), first source first, each once; a key that
    could not stand in a .bib file as it is (a source is untrusted) is left out."""
    return list(dict.fromkeys(record.citation_key for record in paper.records
                              if record.citation_key and SAFE_KEY.match(record.citation_key)))


def citation_keys(papers: list[Paper]) -> dict[str, str]:
    """Each paper's key in every export: its first source's own key, so a researcher's manuscript keeps
    compiling against the site's BibTeX; else a key made from the paper (generated_key). Where two
    papers' sources used the same key, the paper with the smallest id keeps it and the others get their
    generated key: a key depends on the papers that share it, never on their order."""
    claims: dict[str, list[str]] = {}
    for paper in papers:
        keys = source_keys(paper)
        if keys:
            claims.setdefault(keys[0], []).append(paper.id)
    keys = {}
    for paper in papers:
        own = source_keys(paper)
        keys[paper.id] = own[0] if own and min(claims[own[0]]) == paper.id else generated_key(paper)
    return keys


def generated_key(paper: Paper) -> str:
    """family name + year + first title word ("vaswani2017attention"), plus id characters for uniqueness."""
    family = words_slug(family_name(paper.authors[0]), 20).replace("-", "") if paper.authors else "anon"
    first_word = next((word for word in words_slug(paper.title, 60).split("-")
                       if word not in {"a", "an", "the", "on", "of", "to", "in", "for", "and"}), "paper")
    return f"{family or 'anon'}{paper.year or ''}{first_word}-{paper.id[-4:]}"


def citation_key(paper: Paper) -> str:
    """The paper's key when it is exported alone (a paper page): its first source's key, else generated."""
    own = source_keys(paper)
    return own[0] if own else generated_key(paper)


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """The paper as a BibTeX entry under `key` (default: citation_key). A merged paper lists the other
    keys its sources used in `ids`, which biblatex resolves to this entry."""
    kind = paper.entry_type if paper.entry_type in ENTRY_TYPES else "misc"
    venue_field = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}.get(kind)
    fields: list[tuple[str, str]] = [("title", protect(bibtex_value(paper.title), paper.protected))]
    if paper.authors:
        others = " and others" if paper.more_authors else ""  # as the source had it: the list is incomplete
        fields.append(("author", " and ".join(bibtex_value(author) for author in paper.authors) + others))
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
        fields.append(("doi", verbatim_value(paper.doi)))
    if paper.arxiv_id:
        fields += [("eprint", paper.arxiv_id), ("archiveprefix", "arXiv")]
    if paper.url.startswith(("http://", "https://")):
        fields.append(("url", verbatim_value(paper.url)))
    key = key or citation_key(paper)
    others = [other for other in source_keys(paper) if other != key]
    if others:
        fields.append(("ids", ", ".join(bibtex_value(other) for other in others)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def papers_bib(papers: list[Paper], keys: dict[str, str] | None = None) -> str:
    keys = keys or citation_keys(papers)
    return "\n".join(bibtex_entry(paper, keys[paper.id]) for paper in papers)


def paper_record(paper: Paper, url: str) -> dict:
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": [display_name(author) for author in paper.authors],
        "more_authors": paper.more_authors,  # true: the source's list ended in "and others"
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


# BibTeX's entry types -> RIS reference types (the first RIS type the reader maps to each, so a round trip
# gives the same type back).
RIS_TYPES = {"article": "JOUR", "inproceedings": "CONF", "book": "BOOK", "incollection": "CHAP",
             "phdthesis": "THES", "mastersthesis": "THES", "techreport": "RPRT", "unpublished": "UNPB"}


def ris_entry(paper: Paper, key: str) -> str:
    """The paper as one RIS record, for reference managers and screening tools (Zotero, EndNote, Rayyan,
    Covidence). Values are single lines (text from sources has its line breaks folded already); an empty
    value is left out. ID is the paper's citation key, so a round trip keeps it."""
    lines = [("TY", RIS_TYPES.get(paper.entry_type, "GEN")), ("ID", key), ("TI", paper.title)]
    lines += [("AU", author) for author in paper.authors]
    if paper.more_authors:
        lines.append(("AU", "et al."))
    venue_tag = "JO" if paper.entry_type == "article" else "T2"
    start, _, end = paper.pages.partition("–")
    lines += [("PY", str(paper.year or "")), ("DA", (paper.date or "").replace("-", "/")), (venue_tag, paper.venue),
              ("VL", paper.volume), ("IS", paper.number), ("SP", start), ("EP", end),
              ("PB", paper.publisher), ("DO", paper.doi),
              ("UR", paper.url if paper.url.startswith(("http://", "https://")) else ""), ("AB", paper.abstract)]
    lines += [("KW", keyword) for keyword in paper.keywords]
    body = "".join(f"{tag}  - {' '.join(str(value).split())}\n" for tag, value in lines if str(value).strip())
    return body + "ER  - \n"


def papers_ris(papers: list[Paper], keys: dict[str, str] | None = None) -> str:
    keys = keys or citation_keys(papers)
    return "\n".join(ris_entry(paper, keys[paper.id]) for paper in papers)


# BibTeX's entry types -> CSL types (the ones the CSL-JSON reader maps back to each); others are "document".
CSL_TYPES = {"article": "article-journal", "inproceedings": "paper-conference", "book": "book",
             "incollection": "chapter", "phdthesis": "thesis", "techreport": "report", "unpublished": "manuscript"}


def csl_item(paper: Paper, key: str) -> dict:
    """The paper as a CSL-JSON item (Zotero, Pandoc and citeproc read it). Text is escaped as CSL's HTML-like
    markup expects (&amp; &lt; &gt;), names are split family/given, a one-part name is a literal."""
    def text(value: str) -> str:
        return html.escape(value, quote=False)

    item: dict = {"id": key, "type": CSL_TYPES.get(paper.entry_type, "document"), "title": text(paper.title)}
    names = [dict(zip(("family", "given"), (part.strip() for part in author.split(",", 1))))
             if "," in author else {"literal": author} for author in paper.authors]
    if names:
        item["author"] = names
    if paper.date or paper.year:
        item["issued"] = {"date-parts": [[int(part) for part in (paper.date or str(paper.year)).split("-")]]}
    for name, value in (("container-title", paper.venue), ("volume", paper.volume), ("issue", paper.number),
                        ("page", paper.pages), ("publisher", paper.publisher), ("DOI", paper.doi),
                        ("URL", paper.url if paper.url.startswith(("http://", "https://")) else ""),
                        ("abstract", paper.abstract), ("keyword", ", ".join(paper.keywords))):
        if value:
            item[name] = text(value) if name in ("container-title", "publisher", "abstract") else value
    return item


def papers_csl(papers: list[Paper], keys: dict[str, str] | None = None) -> str:
    keys = keys or citation_keys(papers)
    return json.dumps([csl_item(paper, keys[paper.id]) for paper in papers], ensure_ascii=False, indent=1) + "\n"


def papers_csv(papers: list[Paper], urls: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in papers:
        record = paper_record(paper, urls[paper.id])
        writer.writerow([csv_cell(record[column]) for column in CSV_COLUMNS])
    return out.getvalue()
