"""Field clean-up every reader shares: LaTeX and HTML to text, names, DOIs, arXiv ids, dates."""

from __future__ import annotations

import html
import re
from datetime import date as Date
from urllib.parse import unquote
from functools import lru_cache

from pylatexenc import latex2text, latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text

from ..normalize import clean_text

MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>{}]+)", re.I)
# New-style ids (2007+): 0704.0001, 2401.01234; old style: astro-ph/0601001, math.GT/0309136.
# Archive names are short ("cond-mat", "astro-ph"): bounding their length keeps the search linear in a long
# field of hyphenated words, where every hyphen could start one.
ARXIV_ID = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5}|[a-z][a-z\-]{1,15}(?:\.[A-Z]{2})?/\d{7})(v\d+)?(?![\w])", re.I)
ARXIV_HINT = re.compile(r"arxiv", re.I)
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d|21\d\d)\b")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Text-mode symbol commands that Zotero and Better BibTeX write for characters LaTeX treats specially, and
# that pylatexenc's default context does not know (it drops them: "p {\\textless} 0.001" read as "p 0.001").
TEXT_SYMBOLS = {"textless": "<", "textgreater": ">", "textbar": "|", "textbackslash": "\\",
                "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_", "textbraceleft": "{",
                "textbraceright": "}", "textquotedbl": '"', "textquotesingle": "'", "textdollar": "$",
                "textpercent": "%", "textampersand": "&", "texthash": "#"}
# Commands that stand for a word or a mark: logos in titles (biblatex's own examples: "{\\TeX}: The Program"
# was read as ": The Program") and biblatex's punctuation commands. pylatexenc's default context drops them.
NAMED_COMMANDS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "BibLaTeX": "BibLaTeX",
                  "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "pdfTeX": "pdfTeX",
                  "pdfLaTeX": "pdfLaTeX", "eTeX": "e-TeX", "ConTeXt": "ConTeXt", "SliTeX": "SliTeX", "AmS": "AMS",
                  "AMS": "AMS", "METAFONT": "METAFONT", "MF": "METAFONT", "MP": "MetaPost", "slash": "/",
                  "hyphen": "-", "S": "§", "P": "¶"}


def _quoted(node, l2tobj) -> str:
    """biblatex's \\enquote{...} (\\enquote*{...}: inner quotes) and \\mkbibquote{...}."""
    star, text = node.nodeargd.argnlist[0], l2tobj.nodelist_to_text(node.nodeargd.argnlist[-1:])
    return f"‘{text}’" if star is not None and node.macroname == "enquote" else f"“{text}”"


def _cited(node, l2tobj) -> str:
    """\\cite{key} as [key] (pylatexenc's "<cit.>" lost the key)."""
    return f"[{l2tobj.nodelist_to_text(node.nodeargd.argnlist[-1:])}]"


def _linked(node, l2tobj) -> str:
    url, text = (l2tobj.nodelist_to_text([arg]) for arg in node.nodeargd.argnlist[:2])
    return f"{text} ({url})" if text and text != url else url


# How commands are read (their arguments) where pylatexenc does not know them: \\noopsort{1973b} (BibTeX's
# sorting trick) prints nothing, its argument included.
_parsing = latexwalker.get_default_latex_context_db()
_parsing.add_context_category("litsite-bibliography", prepend=True, macros=[
    macrospec.MacroSpec("noopsort", "{"), macrospec.MacroSpec("enquote", "*{"), macrospec.MacroSpec("mkbibquote", "{"),
    macrospec.MacroSpec("href", "{{")])
_context = latex2text.get_default_latex_context_db()  # a new database each call: ours to extend
_context.add_context_category("litsite-text-symbols", prepend=True, macros=[
    *(latex2text.MacroTextSpec(name, simplify_repl=symbol) for name, symbol in {**TEXT_SYMBOLS, **NAMED_COMMANDS}.items()),
    latex2text.MacroTextSpec("noopsort", discard=True), latex2text.MacroTextSpec("enquote", simplify_repl=_quoted),
    latex2text.MacroTextSpec("mkbibquote", simplify_repl=_quoted), latex2text.MacroTextSpec("url", simplify_repl="%s"),
    latex2text.MacroTextSpec("href", simplify_repl=_linked),
    *(latex2text.MacroTextSpec(name, simplify_repl=_cited) for name in ("cite", "citet", "citep", "citealp", "citealt",
                                                                         "Citep", "Citet", "citenum"))])
# Commands the parser reads with their argument and the converter does not know gave nothing, their words
# included ("\\texttt{transformers}"); those whose argument is text give it. (The others, such as \\color or
# \\label, are left out with their arguments.)
_context.add_context_category("litsite-text-arguments", prepend=True, macros=[
    latex2text.MacroTextSpec(name, discard=False) for name in ("mbox", "texttt", "textsf", "textmd", "textup", "verb")])
_latex = LatexNodes2Text(latex_context=_context, math_mode="verbatim", keep_braced_groups=False,
                         strict_latex_spaces=False)
LATEX_SIGNS = re.compile(r"[\\{}~]|--")
# Text whose only commands escape a character ("100\\%", "R\\&D", "\\#1", "snake\\_case"), with no math, no
# comment and no TeX quotes: these need no parser (the full one took 1.3 s of reading 4,378 BibTeX entries,
# most of it on such abstracts). Compared with the parser on every such value of the real BibTeX exports
# and the benchmark's: the same text.
NEEDS_PARSER = re.compile(r"\\(?![%&#_])|\$|(?<!\\)%|`|''")
ESCAPED = re.compile(r"\\([%&#_])")


def latex_to_text(value: str) -> str:
    """LaTeX accents, braces and commands to readable Unicode; $math$ is kept for the math renderer.

    The full LaTeX parser is slow on long abstracts, so it only runs when there is a command to read;
    dashes, ties and case-protecting braces are handled directly."""
    if not value or not LATEX_SIGNS.search(value):
        return clean_text(value or "")
    if "\\" not in value or not NEEDS_PARSER.search(value):
        simple = ESCAPED.sub(r"\1", value).replace("---", "—").replace("--", "–").replace("~", " ")
        return clean_text(simple.replace("{", "").replace("}", ""))
    try:
        text = _latex.latex_to_text(value, latex_context=_parsing)
    except Exception:  # pylatexenc raises on some malformed input; fall back to stripping braces
        text = value.replace("{", "").replace("}", "")
    return clean_text(text)


# A tag: "<" and a name (or "/", "!") up to the next ">", never across another "<". Python's HTMLParser took
# time growing with the square of a field of tags that never close ("<a<a<a...").
TAG = re.compile(r"<[/!]?[A-Za-z-][^<>]*>")


def html_to_text(value: str) -> str:
    """Text content of an HTML fragment (<i>, <sub>, <span class="nocase"> in CSL titles)."""
    if "<" not in value and "&" not in value:
        return clean_text(value)
    return clean_text(html.unescape(TAG.sub("", value)))


def normalize_doi(value: str) -> str:
    """'https://doi.org/10.1000/ABC.' -> '10.1000/abc' (DOIs are case-insensitive); percent-encoding and
    a doubled slash after the prefix are undone."""
    match = DOI.search(clean_text(unquote(html.unescape(value or ""))))  # no control or bidi characters
    if not match:
        return ""
    # "10.1037//0022-3514" (an old APA form) and "10.1037/0022-3514" are one DOI; so are "%2F" and "/"
    prefix, _, suffix = match.group(1).rstrip(".,;)").lower().partition("/")
    return f"{prefix}/{suffix.lstrip('/')}"


def find_arxiv_id(*values: str, trusted: bool = False) -> tuple[str, str]:
    """(id without version, version) from an eprint field, a URL or 'arXiv preprint arXiv:2401.01234v2'.

    A bare number only counts when `trusted` (an eprint field) or when the text mentions arXiv.
    """
    for value in values:
        if not value:
            continue
        value = value.replace("{", "").replace("}", "")  # BibTeX case protection: "Ar{X}iv:1412.6980"
        if not trusted and not ARXIV_HINT.search(value):
            continue
        match = ARXIV_ID.search(value.replace("arXiv:", " ").replace("arxiv:", " "))
        if match:
            return match.group(1).lower() if "/" not in match.group(1) else match.group(1), match.group(2) or ""
    return "", ""


def arxiv_id_from_doi(doi: str) -> str:
    """arXiv's own DOIs (10.48550/arxiv.2401.01234) name the preprint."""
    return doi.split("arxiv.", 1)[1] if doi.startswith("10.48550/arxiv.") else ""


def split_keywords(value: str) -> tuple[str, ...]:
    """A keyword list: separated by semicolons when it has any (a keyword may hold a comma: "Parvovirus,
    Canine"), else by commas; each once."""
    parts = value.split(";") if ";" in value else value.split(",")
    return tuple(dict.fromkeys(part.strip() for part in parts if part.strip()))


OTHERS = {"others", "et al", "et al.", "al., et", "et. al", "et. al.", "and others"}
OTHERS_FOLDED = {item.rstrip(".") for item in OTHERS}
AND = re.compile(r"\s+and\s+")
SEMICOLON = re.compile(r"\s*;\s*")
ET_AL = re.compile(r",?\s*et\.? al\.?$", re.I)  # a list's last item standing for the others
NAME_ET_AL = re.compile(r",?\s+et\.? al\.?$", re.I)  # "Smith J, et al." written after a name


def is_others(name: str) -> bool:
    """Whether an author list's item stands for the authors it leaves out ("others", "et al.")."""
    return clean_text(name).strip(",; ").lower().rstrip(".") in OTHERS_FOLDED


INITIALS = re.compile(r"(?:[A-Z]\.?-?){1,3}")
# Some database exports run PubMed-style names together: "Mozes S.Sefcikova Z.de Groot D. P." (ASySD's
# sets): a name ends in an initial's full stop and the next begins with its family name at once.
RUN_TOGETHER = re.compile(r"(?<=\b[A-Z]\.)(?=[A-Z][a-z]|(?:" + "|".join(sorted(
    ("van", "von", "der", "den", "de", "del", "della", "di", "da", "la", "le", "du", "dos", "das", "ter", "ten"))) + r")\s)")
FAMILY_INITIALS = re.compile(r"(?:[a-z]+\s)*[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]+)*(?:\s[A-Z]\.)+")


def author_parts(value: str) -> list[str]:
    """The items of a BibTeX 'A and B' or an 'A; B' author list, as written (names run together as
    "Family I.Family I." are told apart when every piece is a family name and initials)."""
    value = clean_text(value)
    if not value:
        return []
    if AND.search(value):
        return AND.split(value)
    parts = SEMICOLON.split(value)
    if len(parts) == 1 and "," not in value:
        pieces = [piece.strip() for piece in RUN_TOGETHER.split(value)]
        if len(pieces) > 1 and all(FAMILY_INITIALS.fullmatch(piece) for piece in pieces):
            return pieces
    return parts


def lists_more_authors(value: str) -> bool:
    """Whether an author list (or its last name) ends in "and others" or "et al.": more authors than it names."""
    parts = author_parts(value)
    return bool(parts) and (is_others(parts[-1]) or bool(ET_AL.search(parts[-1])))


def split_authors(value: str) -> tuple[str, ...]:
    """BibTeX 'A and B', or 'A; B' lists, each name as 'Family, Given'."""
    return tuple(name for name in (family_first(part) for part in author_parts(value)) if name)


SUFFIX = re.compile(r"(?:Jr|Sr|Jun|Sen)\.?|I{2,3}|IV|V|VI{1,3}", re.I)
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "la", "le", "du", "dos", "das", "ter", "ten"}


# Words of a body's name, not a person's: such a name stays whole.
ORGANISATION_WORDS = re.compile(
    r"\b(universit|institut|organi[sz]ation|group|consortium|team|committee|association|society|council|"
    r"cent(er|re)|lab|laborator|foundation|inc|ltd|llc|gmbh|agency|department|ministry|network|collaboration|"
    r"project|initiative|board|office|corporation|company|school|college|hospital|trust|alliance|working|"
    r"study|investigators|authors|federation|union|program|service|commission|academy)", re.I)


def is_body(name: str) -> bool:
    """Whether a name written as one string without a comma ("World Health Organization", "Barnes and
    Noble", "The Qwen Team") is a body's rather than a person's ("Yifan Peng", "Adrian Del Maestro")."""
    words = name.split()
    return len(words) > 4 or bool(ORGANISATION_WORDS.search(name)) or \
        not all(word[:1].isupper() for word in words if word.lower() not in PARTICLES)


@lru_cache(maxsize=1 << 16)  # a name recurs in every record of its author and in each duplicate of them
def family_first(name: str) -> str:
    """'Given Family' -> 'Family, Given'; 'Family, Given', one-word names and bodies' names stay as they are
    (so a CSL literal "Yifan Peng" is written as other sources write him, and can be matched)."""
    name = NAME_ET_AL.sub("", clean_text(name).strip(",; "))
    if not name or is_others(name):
        return ""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 3 and SUFFIX.fullmatch(parts[2]) and not SUFFIX.fullmatch(parts[1]):
        return f"{parts[0]}, {parts[2]}, {parts[1]}"  # RIS's "King, Martin Luther, Jr." as BibTeX's form
    if "," in name or " " not in name or is_body(name):
        return name
    words = name.split()
    if INITIALS.fullmatch(words[-1]):  # "Smith J. A.", "de Groot D." (PubMed style: family first)
        given = len(words) - 1
        while given > 1 and INITIALS.fullmatch(words[given - 1]):
            given -= 1
        return f"{' '.join(words[:given])}, {' '.join(words[given:])}"
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:  # "Adrian Del Maestro", "Ludwig van Beethoven"
        start -= 1
    return f"{' '.join(words[start:])}, {' '.join(words[:start])}"


def family_name(author: str) -> str:
    return author.split(",", 1)[0].strip()


def name_parts(author: str) -> tuple[str, str, str]:
    """(family, given, suffix) of 'Family, Given' or BibTeX's 'Family, Jr., Given'."""
    parts = [part.strip() for part in author.split(",", 2)]
    if len(parts) == 3:
        return parts[0], parts[2], parts[1]
    return parts[0], parts[1] if len(parts) > 1 else "", ""


def display_name(author: str) -> str:
    """'Family, Given' -> 'Given Family' for pages; BibTeX's 'Family, Jr., Given' -> 'Given Family Jr.'."""
    if "," not in author:
        return author
    family, given, suffix = name_parts(author)
    return " ".join(filter(None, (given, family, suffix)))


def parse_date(value: str) -> str | None:
    """ISO date (yyyy, yyyy-mm or yyyy-mm-dd) from ISO text or a leading year; None when there is none."""
    value = (value or "").strip()
    match = ISO_DATE.match(value)
    if match:
        year, month, day = match.groups()
        try:
            if day:
                return Date(int(year), int(month), int(day)).isoformat()
            if month and 1 <= int(month) <= 12:
                return f"{year}-{int(month):02d}"
        except ValueError:
            pass
        return year
    found = YEAR.search(value)
    return found.group(1) if found else None


def month_number(value: str) -> int | None:
    value = (value or "").strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return MONTHS.get(value[:3])


def year_of(value: str | int | None) -> int | None:
    found = YEAR.search(str(value or ""))
    return int(found.group(1)) if found else None
