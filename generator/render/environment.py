"""The Jinja2 environment every page family renders with: its filters and globals (links between pages,
front matter, dates, identifiers, authors, notes, BibTeX), and the paths and URLs MkDocs gives pages.

Every `{{ value }}` is made inert by the environment's finalize hook unless a filter already marked it
safe (rich_text for math, front_matter for YAML), so a template cannot forget to escape source text.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable

import markdown
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from urllib.parse import quote, urlsplit

from . import export, markup
from ..enrich.links import clean_url
from ..model import Paper
from ..readers.fields import display_name
from ..report import counted
from .search_terms import search_terms

TEMPLATES = Path(__file__).parent.parent / "templates"


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


@lru_cache(maxsize=1 << 16)
def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a content file, relative to the site root ("papers/x.md" -> "papers/x/")."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(here: str, target: str, directory_urls: bool) -> str:
    """A link from page `here` to `target` (both content paths). Generated pages write links as HTML, which
    MkDocs neither rewrites nor has to parse: most of a build's time was Markdown link handling.

    Both ends are split once and kept (the same targets recur on every page, one page links from the same
    place some twenty times): computed afresh, these links were a fifth of rendering a paper page."""
    start = base_parts(here, directory_urls)
    to, directory = target_parts(target, directory_urls)
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    relative = "/".join([".."] * (len(start) - common) + list(to[common:])) or "."
    if directory:
        relative = relative.rstrip("/") + "/"
    return "./" if relative == "./" or relative == "/" else relative


@lru_cache(maxsize=64)
def base_parts(here: str, directory_urls: bool) -> tuple[str, ...]:
    """The folders, from the site root, that a relative link from page `here` starts in."""
    here_url = page_url(here, directory_urls)
    base = here_url if here_url.endswith("/") or here_url == "" else posixpath.dirname(here_url)
    return tuple(part for part in base.split("/") if part)


@lru_cache(maxsize=1 << 16)
def target_parts(target: str, directory_urls: bool) -> tuple[tuple[str, ...], bool]:
    """The parts of a link target's URL, and whether it is a folder (its link ends in "/")."""
    target_url = page_url(target, directory_urls)
    return tuple(part for part in target_url.split("/") if part), target_url.endswith("/") or target_url == ""


def _finalize(value: object) -> object:
    if value is None:
        return ""
    return value if isinstance(value, Markup) else markup.text(value)


PLAIN = re.compile(r"[a-z][a-z0-9_-]*")  # a YAML plain scalar that stays a string...
YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}  # ...unless it is one of these


def front_matter(values: dict) -> Markup:
    """YAML front matter from plain values, HTML-escaped (Material prints page.meta without escaping).
    Characters beyond Latin-1 become character references: a description's "…" would otherwise make
    Python hold the whole page at two bytes a character (100,000 pages are held at once)."""
    lines = []
    for key, value in values.items():
        if isinstance(value, str):
            # A JSON string is a YAML double-quoted scalar: written directly, it costs a fraction of
            # PyYAML's emitter, which was once the larger part of rendering a paper page.
            escaped = html.escape(value, quote=True).encode("latin-1", "xmlcharrefreplace").decode("latin-1")
            lines.append(f"{key}: {json.dumps(escaped)}\n")
        elif isinstance(value, (list, tuple)) and value and all(
                isinstance(item, str) and PLAIN.fullmatch(item) and item not in YAML_WORDS for item in value):
            lines.append(f"{key}:\n" + "".join(f"- {item}\n" for item in value))  # as PyYAML writes it ("hide: [toc]")
        elif isinstance(value, dict) and value and all(
                isinstance(name, str) and PLAIN.fullmatch(name) and name not in YAML_WORDS and isinstance(flag, bool)
                for name, flag in value.items()):  # "search: {exclude: true}": PyYAML was a tenth of a listing
            lines.append(f"{key}:\n" + "".join(f"  {name}: {str(flag).lower()}\n" for name, flag in value.items()))
        else:
            lines.append(yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=10_000))
    return Markup("---\n" + "".join(lines) + "---\n")


def human_date(iso: str | None) -> str:
    """"2024-10-15" -> "Oct 15, 2024"; "2024-10" -> "Oct 2024"; "2024" stays."""
    if not iso:
        return ""
    if len(iso) == 4:
        return iso
    if len(iso) == 7:
        return f"{date.fromisoformat(iso + '-01'):%b %Y}"
    day = date.fromisoformat(iso)
    return f"{day:%b} {day.day}, {day.year}"


NEW_STYLE_ARXIV = re.compile(r"\d{4}\.\d{4,5}")


def identifier_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) for the paper's arXiv page and PDF, DOI and own URL: built from validated ids."""
    links = []
    if paper.arxiv_id:
        links.append((f"arXiv:{paper.arxiv_id}{paper.arxiv_version}", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    pdf = clean_url(paper.pdf_url) if paper.pdf_url else None
    if pdf:
        links.append(("PDF", pdf))
    for doi in paper.dois:
        links.append((f"DOI {doi}", "https://doi.org/" + quote(doi, safe="/:;()._-")))
    url = clean_url(paper.url) if paper.url else None
    if NEW_STYLE_ARXIV.fullmatch(paper.arxiv_id):  # Hugging Face has a page (discussion, models) for each
        links.append(("Hugging Face", f"https://huggingface.co/papers/{paper.arxiv_id}"))
    if url and not any(url == link for _, link in links) and "arxiv.org/abs/" not in url:
        links.append((SITE_NAMES.get(urlsplit(url).hostname or "", "Link"), url))
    return links


SITE_NAMES = {"pubmed.ncbi.nlm.nih.gov": "PubMed"}  # a paper's own URL, named by its site where one is known


AUTHORS_SHOWN = 20  # on a paper's page; the others are in its hidden search terms


def author_list(paper: Paper, limit: int = AUTHORS_SHOWN) -> str:
    names = [display_name(author) for author in paper.authors]
    others = " et al." if paper.more_authors else ""  # the source's own list was incomplete
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more" + others
    return ", ".join(names) + others


NOTE_EXTENSIONS = ["admonition", "tables", "fenced_code", "sane_lists", "attr_list", "footnotes"]


def note_block(body: str) -> Markup:
    """The reviewer's own Markdown (their file, so trusted) as HTML, for pages that skip MkDocs' Markdown."""
    return Markup(markdown.markdown(body, extensions=NOTE_EXTENSIONS))


def groupby_month(papers: list[Paper]) -> list[tuple[str, list[Paper]]]:
    """Consecutive papers of one month (papers come newest first), keyed "yyyy-mm" or "yyyy"."""
    groups: list[tuple[str, list[Paper]]] = []
    for paper in papers:
        month = paper.date[:7] if paper.date and len(paper.date) >= 7 else str(paper.year or _year(paper.date))
        if groups and groups[-1][0] == month:
            groups[-1][1].append(paper)
        else:
            groups.append((month, [paper]))
    return groups


def stars(rating: int | None) -> str:
    return "★" * rating + "☆" * (5 - rating) if rating else ""


def page_links(here: str, directory_urls: bool) -> dict[str, Callable[..., Markup]]:
    """The link helpers the templates call, bound to the page at content path `here`: `href(target)`, an
    HTML link to a content file; `md_link(target)`, a Markdown link, which MkDocs checks and rewrites itself;
    `downloads()`, the downloads folder, where the export buttons fetch papers.bib and the like.

    Plain functions of the page, not Jinja context functions: Jinja copies every template variable into a
    new context for each context function called inside a loop, a tenth of rendering a paper page."""
    def href(target: str) -> Markup:
        return Markup(relative_url(here, target, directory_urls))

    def md_link(target: str) -> Markup:
        return Markup(posixpath.relpath(target, posixpath.dirname(here) or "."))

    def downloads() -> Markup:
        return Markup(posixpath.dirname(relative_url(here, "downloads/papers.bib", directory_urls)) + "/")

    return {"href": href, "md_link": md_link, "downloads": downloads}


@pass_context
def bibtex_block(context, paper: Paper) -> str:
    """The paper's BibTeX entry as plain text (the template escapes it into a <pre><code> block), under the
    same key as in the downloads; without the abstract, which the page shows above it."""
    return export.bibtex_entry(paper, context["citation_keys"][paper.id], abstract=False).rstrip("\n")


def html_text(value: object) -> Markup:
    """Text for raw HTML blocks, where Markdown never looks: HTML escaping is enough."""
    return Markup(html.escape(str(value), quote=True))


def make_environment(directory_urls: bool = True) -> Environment:
    """The environment of one generation: its templates are read once (no check of their files before each
    page); `page_links` gives each page its link helpers."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,  # output is Markdown; escaping is done by finalize and markup.text
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )

    @pass_context
    def paper_search_terms(context, paper: Paper) -> str:
        keys = [context["citation_keys"][paper.id], *export.source_keys(paper)]
        return search_terms(paper, context["tags"], AUTHORS_SHOWN, keys)

    env.filters.update(
        h=html_text,
        rich_html=markup.rich_html,
        rich=markup.rich_text,
        search_terms=paper_search_terms,
        plain=markup.plain_text,
        summary=markup.summary,
        attribute=markup.attribute,
        front_matter=front_matter,
        human_date=human_date,
        identifier_links=identifier_links,
        author_list=author_list,
        bibtex=bibtex_block,
        entry_shard=export.entry_shard,
        counted=counted,
        note_block=note_block,
        groupby_month=groupby_month,
        stars=stars,
    )
    return env
