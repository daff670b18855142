"""Links found in abstracts (code, datasets, models, project pages): only http(s), cleaned of trailing punctuation."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from ..model import Link, Paper

# Only characters a URL may hold unescaped; quotes, angle brackets, backslashes and spaces end it.
URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+")
TRAILING = ".,;:!?)]}'\"*"
MAX_URL_LENGTH = 500


def clean_url(url: str) -> str | None:
    """The URL without sentence punctuation around it, or None when it is not a plain http(s) link."""
    while url and url[-1] in TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > MAX_URL_LENGTH:
        return None
    return url


def link_kind(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    path = urlsplit(url).path.lower()
    if host in ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org") or host.endswith(".github.com"):
        return "code"
    if host == "huggingface.co":
        return "dataset" if path.startswith("/datasets/") else "demo" if path.startswith("/spaces/") else "model"
    if host in ("zenodo.org", "kaggle.com") or "dataset" in path:
        return "dataset"
    if host in ("arxiv.org", "doi.org", "aclanthology.org", "openreview.net"):
        return "paper"
    return "project page"


def find_links(text: str) -> tuple[Link, ...]:
    seen: list[Link] = []
    for match in URL.finditer(text):
        url = clean_url(match.group(0))
        if url and url not in (link.url for link in seen):
            seen.append(Link(url, link_kind(url)))
    return tuple(seen)


def add_links(papers: list[Paper]) -> list[Paper]:
    return [replace(paper, links=find_links(paper.abstract)) for paper in papers]
