"""The collection as citation data: a BibTeX entry per paper, and papers.bib / papers.json / papers.csv.

Each whole-collection file is made a piece at a time (`*_chunks`), so the writer streams it to disk: at
100,000 records papers.json alone is 150 MB of text and took several times that as Python objects."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Iterator

from ..model import Paper, Record
from ..readers.fields import display_name, family_name, latex_to_text, name_parts
from ..slugs import words_slug

# Any entry type a source gave (BibTeX's, biblatex's such as @online, @dataset, @software), when it is a name.
ENTRY_TYPE = re.compile(r"[a-z]{1,30}")
# The field a venue goes into when its source did not say (a paper read from RIS or JSON).
VENUE_FIELDS = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}
# biblatex's verbatim fields: written as addresses, never as text.
VERBATIM = {"url", "doi", "eprint", "pdf", "urlraw", "verba", "verbb", "verbc"}
FIELD_NAME = re.compile(r"[^\s,{}()\"#%'=\\~@]{1,60}")  # what BibTeX accepts as a field name
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}


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
TEXT_SPECIAL = str.maketrans({"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                              "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
                              "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "$": r"\$"})

SPECIAL = re.compile("[" + re.escape("".join(map(chr, TEXT_SPECIAL))) + "]")
LIGATURE = re.compile(r"([-`'!?<>,])(?=[-`'<>,])")


def latex_safe(value: str) -> str:
    """Display text as LaTeX that only prints: outside $...$ every character TeX reads as a command or
    an operator is escaped (a backslash prints as one); inside math, commands that could read, write,
    run or define anything are printed as text and ^^ (TeX's notation for any character) is broken."""
    parts, position = [], 0
    for math in MATH.finditer(value):
        parts.append(text_safe(value[position:math.start()]))
        formula = DANGEROUS.sub(lambda command: r"\backslash{}\mathrm{" + command.group(0)[1:] + "}", math.group(0))
        parts.append(formula.replace("^^", "^{}^"))
        position = math.end()
    parts.append(text_safe(value[position:]))
    return "".join(parts)


def text_safe(text: str) -> str:
    """Text as LaTeX that prints it: special characters escaped, and the pairs TeX's fonts join into one
    sign ("--" a dash, "``" a quote, "!`" an inverted mark) kept apart by an empty group."""
    if SPECIAL.search(text):  # in 1 of 25 titles, abstracts and names: translate() costs more than the search
        text = text.translate(TEXT_SPECIAL)
    return LIGATURE.sub(lambda pair: pair.group(1) + "{}", text)


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


BRACES = re.compile(r"[{}]")


def balanced(value: str) -> bool:
    """Whether BibTeX reads the value's braces as pairs: an unbalanced one would end the field early and
    let the rest of the text become BibTeX syntax."""
    depth = 0
    for brace in BRACES.findall(value):  # the braces alone: a loop over every character cost 6 s at 10,000 papers
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def bibtex_value(value: str) -> str:
    value = latex_safe(" ".join(str(value).split()))
    if not balanced(value):  # only math keeps braces as written
        value = value.replace("{", "").replace("}", "")
    return value


def bibtex_name(author: str) -> str:
    """'Family, Given' as BibTeX reads it; a name of more than one word without a comma is an organisation's
    ("World Health Organization") and goes in braces, which BibTeX reads as one name, never split."""
    value = bibtex_value(author)
    return "{" + value + "}" if "," not in author and " " in author.strip() else value


def source_value(name: str, value: str) -> str:
    """A field kept from a BibTeX source (Record.extra), written back as the researcher wrote it when that is
    safe: braces in pairs, no command that reads, writes, runs or defines, no ^^ (TeX's notation that can
    spell any character). Otherwise its text, escaped as every other value is."""
    if name in VERBATIM:
        return verbatim_value(value)
    if balanced(value) and not DANGEROUS.search(value) and "^^" not in value:
        return value
    return bibtex_value(latex_to_text(value))


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


SHARD = 2  # the first characters of a paper's id after its "p" (hexadecimal) naming its file of the entry index


def entry_shard(paper_id: str) -> str:
    """The file of downloads/entries/ that says where the paper's entries are in the downloads
    (data.EntryIndex), which list papers by id; its paper page's buttons read it. 256 files."""
    return paper_id[1:1 + SHARD]


def keyword_list(keywords) -> str:
    """Keywords as one value, separated by commas, or by semicolons when a keyword holds a comma."""
    keywords = list(keywords)
    return ("; " if any("," in keyword for keyword in keywords) else ", ").join(keywords)


def source_record(paper: Paper, source_format: str, key: str = "") -> Record | None:
    """The record of that format an export re-creates: the one whose key the paper is exported under,
    else its first."""
    records = [record for record in paper.records if record.source_format == source_format]
    return next((record for record in records if key and record.citation_key == key), records[0] if records else None)


def source_type(paper: Paper, source: Record | None) -> str | None:
    """The type the source itself wrote (RIS's ELEC, CSL's report), when the paper's type is that record's."""
    if source is None or source.entry_type != paper.entry_type:
        return None
    return dict(source.source_names).get("entry_type")


def bibtex_source(paper: Paper, key: str) -> Record | None:
    return source_record(paper, "bibtex", key)


def bibtex_entry(paper: Paper, key: str | None = None, abstract: bool = True) -> str:
    """The paper as a BibTeX entry under `key` (default: citation_key). A paper read from BibTeX comes back
    as its source entry: the same type, the same field names (journaltitle, editor, issue, ...) and every
    field the paper does not hold itself (editor, isbn, month, note, ...) as written there. A merged paper
    lists the other keys its sources used in `ids`, which biblatex resolves to this entry."""
    key = key or citation_key(paper)
    source = bibtex_source(paper, key)
    names = dict(source.source_names) if source else {}
    extra = dict(source.extra) if source else {}
    kind = paper.entry_type if ENTRY_TYPE.fullmatch(paper.entry_type) else "misc"
    written_title = extra.pop("title", "")
    if written_title and source.title == paper.title:  # the paper's title is its source's: as written there
        title = source_value("title", written_title)
    else:
        title = protect(bibtex_value(paper.title), paper.protected)
        extra.pop("subtitle", None)  # it belongs to the other title
    fields: list[tuple[str, str]] = [("title", title)]
    if paper.authors:
        others = " and others" if paper.more_authors else ""  # as the source had it: the list is incomplete
        fields.append((names.get("authors", "author"), " and ".join(map(bibtex_name, paper.authors)) + others))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.venue:
        from_source = source is not None and source.venue == paper.venue and "venue" in names
        fields.append((names["venue"] if from_source else VENUE_FIELDS.get(kind, "howpublished"),
                       bibtex_value(paper.venue)))
    for name in ("volume", "number", "pages", "publisher"):
        value = getattr(paper, name)
        if value:
            # an en dash is BibTeX's "--" (a stray "–-" stays as it was)
            parts = re.split(r"(?<![-–])–(?![-–])", value)
            fields.append((names.get(name, name), "--".join(bibtex_value(part) for part in parts)))
    if paper.doi:
        fields.append(("doi", verbatim_value(paper.doi)))
    if paper.arxiv_id:
        fields += [("eprint", paper.arxiv_id), ("archiveprefix", "arXiv")]
    if paper.url.startswith(("http://", "https://")):
        fields.append(("url", verbatim_value(paper.url)))
    if paper.abstract and abstract:
        fields.append(("abstract", bibtex_value(paper.abstract)))
    if paper.keywords:
        fields.append(("keywords", keyword_list(map(bibtex_value, paper.keywords))))
    if paper.date and len(paper.date) > 4 and not {"date", "month"} & extra.keys():
        fields.append(("date", paper.date))  # biblatex's; a month and day BibTeX has no field for
    written = {name for name, _ in fields}
    ids = [name.strip() for name in extra.get("ids", "").split(",")] + source_keys(paper)
    ids = [name for name in dict.fromkeys(ids) if name and name != key]
    if ids:
        extra["ids"] = ", ".join(ids)
    body = [f"  {name} = {{{value}}}" for name, value in fields]
    for name, value in extra.items():
        if name not in written and FIELD_NAME.fullmatch(name):
            if name == "month" and value in MONTHS:  # BibTeX's month macro, which styles print as the month's name
                body.append(f"  {name} = {value}")
            else:
                body.append(f"  {name} = {{{source_value(name, value)}}}")
    return f"@{kind}{{{key},\n" + ",\n".join(body) + "\n}\n"


def joined(pieces: Iterable[str], separator: str) -> Iterator[str]:
    """separator.join(pieces), a piece at a time."""
    between = ""
    for piece in pieces:
        yield between + piece
        between = separator


def json_array(items: Iterable) -> Iterator[str]:
    """A JSON array, an item at a time, exactly as json.dumps(list(items), ensure_ascii=False, indent=1) + "\n"
    writes it. (Indented by replacing "\n" only: an indented dump has no other line break outside its
    strings, and inside them every "\n" is escaped; splitlines() would also split at U+2028 and the like.)"""
    opening = "[\n"
    for item in items:
        yield opening + " " + json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n ")
        opening = ",\n"
    yield "[]\n" if opening == "[\n" else "\n]\n"


def papers_bib_chunks(papers: list[Paper], keys: dict[str, str] | None = None) -> Iterator[str]:
    keys = keys or citation_keys(papers)
    return joined((bibtex_entry(paper, keys[paper.id]) for paper in papers), "\n")


def papers_bib(papers: list[Paper], keys: dict[str, str] | None = None) -> str:
    return "".join(papers_bib_chunks(papers, keys))


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
        "mentions": list(paper.mentions),  # tags its abstract repeats, beside those its title names
        "topic": paper.topic,
        "upvotes": paper.upvotes,
        "page": url,
        "sources": [record.record_id for record in paper.records],
    }


def papers_json_chunks(papers: list[Paper], urls: dict[str, str]) -> Iterator[str]:
    return json_array(paper_record(paper, urls[paper.id]) for paper in papers)


def papers_json(papers: list[Paper], urls: dict[str, str]) -> str:
    return "".join(papers_json_chunks(papers, urls))


CSV_COLUMNS = ["id", "title", "authors", "year", "venue", "doi", "arxiv_id", "url", "tags", "topic", "page"]
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def csv_cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: such text gets a leading apostrophe."""
    text = "; ".join(value) if isinstance(value, list) else "" if value is None else str(value)
    return "'" + text if FORMULA_START.match(text) else text


# BibTeX's entry types -> RIS reference types (the first RIS type the reader maps to each, so a round trip
# gives the same type back).
RIS_TAG = re.compile(r"[A-Z][A-Z0-9]")
RIS_TYPES = {"article": "JOUR", "inproceedings": "CONF", "book": "BOOK", "incollection": "CHAP",
             "phdthesis": "THES", "mastersthesis": "THES", "techreport": "RPRT", "unpublished": "UNPB"}


# Fields of PubMed's MEDLINE and Web of Science's text records that RIS has a tag of the same meaning for,
# written into the RIS of a paper read from them (no RIS source): ISSN, language, addresses, abbreviated
# journal, publisher's city, publication type; the record's accession number (PMID, UT) as AN. Their other
# fields (MeSH's qualifiers, cited references, counts) have no RIS tag: they stay on the record.
RIS_FROM_TAGGED = {
    "medline": {"IS": "SN", "LA": "LA", "AD": "AD", "TA": "J2", "PL": "CY", "PT": "M3"},
    "wos-text": {"SN": "SN", "EI": "SN", "LA": "LA", "C1": "AD", "JI": "J2", "PI": "CY", "DT": "M3"},
}


def tagged_ris_fields(paper: Paper) -> list[tuple[str, str]]:
    """RIS lines for the other fields of the paper's first MEDLINE or Web of Science record."""
    record = next((record for record in paper.records if record.source_format in RIS_FROM_TAGGED), None)
    if record is None:
        return []
    tags = RIS_FROM_TAGGED[record.source_format]
    accession = [("AN", record.record_id)] if record.record_id != str(record.location) else []
    return accession + [(tags[tag], value) for tag, value in record.extra if tag in tags]


def ris_entry(paper: Paper, key: str) -> str:
    """The paper as one RIS record, for reference managers and screening tools (Zotero, EndNote, Rayyan,
    Covidence). Values are single lines (text from sources has its line breaks folded already); an empty
    value is left out. ID is the paper's citation key, so a round trip keeps it."""
    source = source_record(paper, "ris")
    lines = [("TY", source_type(paper, source) or RIS_TYPES.get(paper.entry_type, "GEN")), ("ID", key),
             ("TI", paper.title)]
    lines += [("AU", ris_name(author)) for author in paper.authors]
    if paper.more_authors:
        lines.append(("AU", "et al."))
    venue_tag = "JO" if paper.entry_type == "article" else "T2"
    start, _, end = paper.pages.partition("–")
    lines += [("PY", str(paper.year or "")), ("DA", (paper.date or "").replace("-", "/")), (venue_tag, paper.venue),
              ("VL", paper.volume), ("IS", paper.number), ("SP", start), ("EP", end),
              ("PB", paper.publisher), ("DO", paper.doi),
              ("UR", paper.url if paper.url.startswith(("http://", "https://")) else ""), ("AB", paper.abstract)]
    if paper.arxiv_id and "arxiv.org" not in paper.url:
        lines.append(("UR", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    lines += [("KW", keyword) for keyword in paper.keywords]
    written = {tag for tag, _ in lines} | {"TY", "ER", "ID"}
    lines += [(tag, value) for tag, value in (source.extra if source else ()) if tag not in written and RIS_TAG.fullmatch(tag)]
    lines += [] if source else tagged_ris_fields(paper)
    body = "".join(f"{tag}  - {' '.join(str(value).split())}\n" for tag, value in lines if str(value).strip())
    return body + "ER  - \n"


def papers_ris_chunks(papers: list[Paper], keys: dict[str, str] | None = None) -> Iterator[str]:
    keys = keys or citation_keys(papers)
    return joined((ris_entry(paper, keys[paper.id]) for paper in papers), "\n")


def papers_ris(papers: list[Paper], keys: dict[str, str] | None = None) -> str:
    return "".join(papers_ris_chunks(papers, keys))


# BibTeX's entry types -> CSL types (the ones the CSL-JSON reader maps back to each); others are "document".
CSL_TYPES = {"article": "article-journal", "inproceedings": "paper-conference", "book": "book",
             "incollection": "chapter", "phdthesis": "thesis", "techreport": "report", "unpublished": "manuscript"}


def csl_name(author: str) -> dict:
    """A CSL name: family, given (and suffix); a name without a comma (an organisation's) is a literal."""
    if "," not in author:
        return {"literal": author}
    family, given, suffix = name_parts(author)
    return {"family": family, "given": given, **({"suffix": suffix} if suffix else {})}


def ris_name(author: str) -> str:
    """RIS writes 'Family, Given, Suffix'."""
    return ", ".join(filter(None, name_parts(author))) if "," in author else author


def csl_item(paper: Paper, key: str) -> dict:
    """The paper as a CSL-JSON item (Zotero, Pandoc and citeproc read it). Text is escaped as CSL's HTML-like
    markup expects (&amp; &lt; &gt;), names are split family/given, a one-part name is a literal."""
    def text(value: str) -> str:
        return html.escape(value, quote=False)

    source = source_record(paper, "csl-json")
    item: dict = {"id": key, "type": source_type(paper, source) or CSL_TYPES.get(paper.entry_type, "document"),
                  "title": text(paper.title)}
    names = [csl_name(author) for author in paper.authors]
    if names:
        item[dict(source.source_names).get("authors", "author") if source else "author"] = names
    if paper.date or paper.year:
        item["issued"] = {"date-parts": [[int(part) for part in (paper.date or str(paper.year)).split("-")]]}
    for name, value in (("container-title", paper.venue), ("volume", paper.volume), ("issue", paper.number),
                        ("page", paper.pages), ("publisher", paper.publisher), ("DOI", paper.doi),
                        ("URL", paper.url if paper.url.startswith(("http://", "https://")) else ""),
                        ("abstract", paper.abstract), ("keyword", keyword_list(paper.keywords)),
                        ("number", f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else "")):  # Zotero's way
        if value:
            item[name] = text(value) if name in ("container-title", "publisher", "abstract") else value
    for name, value in (source.extra if source else ()):  # the source item's other fields, as they were
        if name not in item or name == "number":  # its own number, not the arXiv id
            item[name] = json.loads(value)
    return item


def papers_csl_chunks(papers: list[Paper], keys: dict[str, str] | None = None) -> Iterator[str]:
    keys = keys or citation_keys(papers)
    return json_array(csl_item(paper, keys[paper.id]) for paper in papers)


def papers_csl(papers: list[Paper], keys: dict[str, str] | None = None) -> str:
    return "".join(papers_csl_chunks(papers, keys))


CSV_CHUNK = 1 << 16  # characters of rows handed on at a time


def papers_csv_chunks(papers: list[Paper], urls: dict[str, str]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in papers:
        record = paper_record(paper, urls[paper.id])
        writer.writerow([csv_cell(record[column]) for column in CSV_COLUMNS])
        if out.tell() >= CSV_CHUNK:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def papers_csv(papers: list[Paper], urls: dict[str, str]) -> str:
    return "".join(papers_csv_chunks(papers, urls))
