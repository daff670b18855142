"""The generator's settings (litsite.yml): typed, with defaults that work, validated with all errors at once."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .review.curation import Curation
from .model import Limits

PACKAGE_DATA = Path(__file__).parent / "data"
DEFAULT_VOCABULARY = PACKAGE_DATA / "vocabulary.yml"
CONFIG_NAME = "litsite.yml"
DOWNLOAD_FORMATS = ("bibtex", "ris", "csl-json", "json", "csv")  # the collection's downloads: every one by default


class ConfigError(Exception):
    """Every problem found in one settings file, each on its own line."""

    def __init__(self, path: str, errors: list[str]):
        self.path = path
        self.errors = errors
        super().__init__(f"{path}: {len(errors)} error(s)\n" + "\n".join(f"  - {error}" for error in errors))


@dataclass
class Config:
    """Where things are and how enrichment behaves. Paths are resolved against the project folder."""

    project: Path
    sources: Path
    content: Path
    vocabulary: Path
    title: str = "Literature review"
    description: str = ""  # empty: the home page says what the collection was made from
    author: str = ""
    topic_count: int | None = None  # None: chosen from the number of papers
    topic_labels: dict[str, str] = field(default_factory=dict)
    extra_stop_words: tuple[str, ...] = ()
    related_count: int = 5
    title_tags: bool = True  # tags for phrases that recur in titles, beside the vocabulary's
    # Whether the search box finds abstracts' words (false: titles, authors, venues and tags only, searches
    # that stay fast in a large collection; measured at site/search_index.py's SLOW_FROM)
    search_abstracts: bool = True
    # Whether the search box shows the titles that match first, while the whole pages are searched (None:
    # from the list of titles generation writes; true: from a Pagefind index of the titles alone; false: no;
    # site/search_index.py)
    search_titles_first: bool | None = None
    # The formats the whole collection is published in (downloads/), in DOWNLOAD_FORMATS' names: each is the
    # whole collection again, so a large site may keep fewer (measured in the README's "How large a site")
    downloads: tuple[str, ...] = DOWNLOAD_FORMATS
    dedup_decisions: Path | None = None
    notes: Path | None = None
    permalinks: Path | None = None
    site_url: str = ""
    directory_urls: bool = True  # mkdocs.yml's use_directory_urls, so generated links match MkDocs' URLs
    curation: object = None  # curation.Curation
    limits: Limits = field(default_factory=Limits)
    resolved: Path | None = None  # what `litsite resolve` found (read offline by the build)
    fetched: Path | None = None  # the files `litsite fetch` wrote, and when
    services: dict = field(default_factory=dict)  # base addresses for fetch and resolve (online.services)
    exclusion_reasons: tuple[str, ...] = ()  # review.exclusion_reasons: the reasons a screener may give
    criteria: str = ""  # review.criteria: the inclusion criteria, to rank the screening queue
    databases: dict = field(default_factory=dict)  # review.databases: source file -> database name (PRISMA)


# option name -> (expected type, human description); nested "topics" is checked on its own.
OPTIONS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "sources": (str, "a folder (or file) of sources, relative to the project"),
    "content": (str, "the MkDocs docs_dir, relative to the project"),
    "vocabulary": (str, "a tag vocabulary YAML file, relative to the project"),
    "title": (str, "the collection's title"),
    "description": (str, "a sentence or two for the home page and the pages' description"),
    "author": (str, "who keeps the review (the pages' author)"),
    "topics": (dict, "a mapping with count, labels and stop_words"),
    "related": (int, "a whole number from 0 to 50 (related papers per paper page)"),
    "title_tags": (bool, "true or false: also tag papers with phrases that recur in the collection's titles"),
    "search_abstracts": (bool, "true or false: the search box also finds the words of abstracts (false keeps "
                               "searches fast in a collection of tens of thousands of papers)"),
    "search_titles_first": ((bool, str), "true, false or auto: searches show titles that match first, while the "
                                         "whole pages are searched (auto: from a list of the titles; true: from "
                                         "an index of them)"),
    "downloads": (list, f"a list of the formats to publish the collection in, among {', '.join(DOWNLOAD_FORMATS)}"),
    "dedup": (str, "a YAML file of your duplicate decisions, relative to the project"),
    "notes": (str, "the folder of your notes on papers, relative to the project"),
    "permalinks": (str, "the file litsite keeps published URLs in (commit it), relative to the project"),
    "curation": (dict, "a mapping with exclude, rename_tags and featured"),
    "site_url": (str, "the site's public address (https://...), for canonical URLs, the sitemap and feeds"),
    "limits": (dict, "a mapping with title and abstract (characters) and file_mb (megabytes per source file)"),
    "resolved": (str, "the file litsite resolve keeps what it found in (commit it), relative to the project"),
    "fetched": (str, "the file litsite fetch records its fetches in (commit it), relative to the project"),
    "services": (dict, "a mapping with arxiv, hf, crossref, openalex (base addresses) and contact (an email)"),
    "review": (dict, "a mapping with exclusion_reasons, criteria and databases (for screening and PRISMA)"),
}
REVIEW_OPTIONS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "exclusion_reasons": (list, "a list of the reasons a screener may give for an exclusion"),
    "criteria": (str, "the review's inclusion criteria, in words (ranks the screening queue)"),
    "databases": (dict, "a mapping from source file name to the database it was exported from"),
}
SERVICE_OPTIONS: dict[str, tuple[type | tuple[type, ...], str]] = {
    name: (str, "an http(s) address") for name in ("arxiv", "hf", "crossref", "openalex")} | {
    "contact": (str, "an email address sent to Crossref and OpenAlex, as their terms ask")}
CURATION_OPTIONS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "exclude": (list, "a list of {paper: id, reason: text}"),
    "rename_tags": (dict, "a mapping from tag slug to new tag slug"),
    "featured": (list, "a list of papers (id, arXiv id, DOI or slug) for the home page"),
}
LIMIT_OPTIONS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "title": (int, "a whole number of characters, at least 100"),
    "abstract": (int, "a whole number of characters, at least 1,000"),
    "file_mb": (int, "a whole number of megabytes, at least 1"),
}
LIMIT_LEAST = {"title": 100, "abstract": 1_000, "file_mb": 1}
TOPIC_OPTIONS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "count": ((int, str), "a whole number from 2 to 200, or auto"),
    "labels": (dict, "a mapping from topic key to label"),
    "stop_words": (list, "a list of words to leave out of topics and related-paper terms"),
}


def check_mapping(data: Any, options: dict, where: str) -> list[str]:
    """Errors for unknown keys and wrong types, reported as expected versus received."""
    if not isinstance(data, dict):
        return [f"{where}: expected a mapping, got {type(data).__name__}"]
    errors = []
    for key, value in data.items():
        if key not in options:
            errors.append(f"{where}{key}: unknown option (known: {', '.join(sorted(options))})")
            continue
        expected, description = options[key]
        kinds = expected if isinstance(expected, tuple) else (expected,)
        if not isinstance(value, expected) or (isinstance(value, bool) and bool not in kinds):
            errors.append(f"{where}{key}: expected {description}, got {value!r}")
    return errors


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error becomes a ConfigError naming the line."""
    import yaml  # here, not at the top: `litsite dedup` without settings starts without it

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise ConfigError(str(path), [f"{line}not valid YAML ({getattr(error, 'problem', error)})"])
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), [f"cannot be read ({error})"])


def load_config(project: Path, path: Path | None = None) -> Config:
    """Read litsite.yml from the project (a missing file means all defaults)."""
    project = project.resolve()
    path = path or project / CONFIG_NAME
    data = load_yaml(path) if path.exists() else {}
    errors = check_mapping(data, OPTIONS, "")
    topics = data.get("topics", {}) if isinstance(data, dict) else {}
    if isinstance(topics, dict):
        errors += check_mapping(topics, TOPIC_OPTIONS, "topics.")
        count = topics.get("count", "auto")
        if count != "auto" and not (isinstance(count, int) and 2 <= count <= 200):
            errors.append(f"topics.count: expected a whole number from 2 to 200, or auto, got {count!r}")
        labels = topics.get("labels") or {}
        if isinstance(labels, dict) and not all(isinstance(v, str) for v in labels.values()):
            errors.append("topics.labels: every label must be text")
    titles_first = data.get("search_titles_first", "auto") if isinstance(data, dict) else "auto"
    if isinstance(titles_first, str) and titles_first != "auto":
        errors.append(f"search_titles_first: expected true, false or auto, got {titles_first!r}")
    curation_data = data.get("curation") or {} if isinstance(data, dict) else {}
    excluded: dict[str, str] = {}
    if isinstance(curation_data, dict):
        errors += check_mapping(curation_data, CURATION_OPTIONS, "curation.")
        for number, item in enumerate(curation_data.get("exclude") or [], start=1):
            if isinstance(item, dict) and item.get("paper") is not None:
                excluded[str(item["paper"])] = str(item.get("reason") or "no reason given")
            elif isinstance(item, (str, int)):
                excluded[str(item)] = "no reason given"
            else:
                errors.append(f"curation.exclude[{number}]: expected {{paper: id, reason: text}}, got {item!r}")
    limits = data.get("limits") or {} if isinstance(data, dict) else {}
    if isinstance(limits, dict):
        errors += check_mapping(limits, LIMIT_OPTIONS, "limits.")
        errors += [f"limits.{name}: expected {LIMIT_OPTIONS[name][1]}, got {limits[name]!r}"
                   for name, least in LIMIT_LEAST.items()
                   if isinstance(limits.get(name), int) and limits[name] < least]
    services = data.get("services") or {} if isinstance(data, dict) else {}
    if isinstance(services, dict):
        errors += check_mapping(services, SERVICE_OPTIONS, "services.")
        errors += [f"services.{name}: expected an http(s) address, got {value!r}" for name, value in services.items()
                   if name != "contact" and isinstance(value, str) and not value.startswith(("https://", "http://"))]
    review = data.get("review") or {} if isinstance(data, dict) else {}
    if isinstance(review, dict):
        errors += check_mapping(review, REVIEW_OPTIONS, "review.")
    else:
        review = {}
    formats = data.get("downloads", list(DOWNLOAD_FORMATS)) if isinstance(data, dict) else []
    if isinstance(formats, list):
        errors += [f"downloads: unknown format {name!r} (known: {', '.join(DOWNLOAD_FORMATS)})"
                   for name in formats if name not in DOWNLOAD_FORMATS]
    related = data.get("related", 5) if isinstance(data, dict) else 5
    if isinstance(related, int) and not 0 <= related <= 50:
        errors.append(f"related: expected a whole number from 0 to 50, got {related!r}")
    if errors:
        raise ConfigError(str(path), errors)

    def resolve(key: str, default: Path) -> Path:
        return project / data[key] if key in data else default

    count = topics.get("count", "auto")
    return Config(
        project=project,
        sources=resolve("sources", project / "sources"),
        content=resolve("content", project / "content"),
        vocabulary=resolve("vocabulary", DEFAULT_VOCABULARY),
        title=data.get("title", Config.title),
        description=data.get("description", ""),
        author=data.get("author", ""),
        topic_count=None if count == "auto" else count,
        topic_labels={str(k): v for k, v in (topics.get("labels") or {}).items()},
        extra_stop_words=tuple(str(word) for word in topics.get("stop_words") or ()),
        related_count=related,
        title_tags=data.get("title_tags", True) if isinstance(data, dict) else True,
        search_abstracts=data.get("search_abstracts", True) if isinstance(data, dict) else True,
        search_titles_first=None if titles_first == "auto" else titles_first,
        downloads=tuple(name for name in DOWNLOAD_FORMATS if name in formats),
        dedup_decisions=resolve("dedup", project / "dedup.yml"),
        notes=resolve("notes", project / "notes"),
        permalinks=resolve("permalinks", project / "permalinks.json"),
        directory_urls=mkdocs_directory_urls(project / "mkdocs.yml"),
        site_url=next((url for url in (str(data.get("site_url", "")), os.environ.get("LITSITE_SITE_URL", ""))
                        if url.startswith(("https://", "http://"))), ""),
        curation=Curation(excluded, {str(k): str(v) for k, v in (curation_data.get("rename_tags") or {}).items()}
                          if isinstance(curation_data, dict) else {},
                          tuple(str(k) for k in curation_data.get("featured") or [])
                          if isinstance(curation_data, dict) else ()),
        limits=Limits(**{name: value for name, value in limits.items() if name in LIMIT_OPTIONS}),
        resolved=resolve("resolved", project / "resolved.json"),
        fetched=resolve("fetched", project / "fetched.json"),
        services=dict(services) if isinstance(services, dict) else {},
        exclusion_reasons=tuple(str(reason) for reason in review.get("exclusion_reasons") or ()),
        criteria=str(review.get("criteria") or ""),
        databases={str(k): str(v) for k, v in (review.get("databases") or {}).items()},
    )


def mkdocs_directory_urls(path: Path) -> bool:
    """mkdocs.yml's use_directory_urls (default true), read without resolving MkDocs' custom YAML tags."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return True
    match = re.search(r"^use_directory_urls:\s*(\S+)", text, re.M)
    return not (match and match.group(1).lower() in ("false", "no", "off"))


def load_decisions(path: Path | None):
    """The researcher's duplicate decisions (dedup.yml): pairs of record ids that are the same work or not."""
    from .dedup import Decisions

    if path is None or not path.exists():
        return Decisions()
    data = load_yaml(path)
    errors = check_mapping(data, {"same": (list, "a list of [record id, record id] pairs"),
                                  "different": (list, "a list of [record id, record id] pairs")}, "")
    pairs = {}
    for name in ("same", "different"):
        items = data.get(name) or [] if isinstance(data, dict) else []
        good = []
        for number, pair in enumerate(items if isinstance(items, list) else [], start=1):
            if isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, (str, int)) for v in pair):
                good.append((str(pair[0]), str(pair[1])))
            else:
                errors.append(f"{name}[{number}]: expected a pair [record id, record id], got {pair!r}")
        pairs[name] = tuple(good)
    if errors:
        raise ConfigError(str(path), errors)
    return Decisions(pairs["same"], pairs["different"])
