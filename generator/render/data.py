"""The collection as data: the downloads (BibTeX, JSON, CSV, RIS, CSL-JSON, streamed), topics.json and the
Atom feeds."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..model import Page, Stream
from . import export
from .context import Site
from .feeds import atom_feed


def downloads(site: Site) -> Iterator[Page | Stream]:
    """The whole collection in each format the settings publish (BibTeX, RIS, CSL-JSON, JSON, CSV: data files,
    no template, no Markdown), each a stream the writer writes as it comes; and the topics."""
    papers = site.recent
    urls = {paper.id: f"papers/{paper.slug}/" for paper in papers}
    keys = site.common["citation_keys"]
    chunks = {"bibtex": lambda: export.papers_bib_chunks(papers, keys),
              "ris": lambda: export.papers_ris_chunks(papers, keys),
              "csl-json": lambda: export.papers_csl_chunks(papers, keys),
              "json": lambda: export.papers_json_chunks(papers, urls),
              "csv": lambda: export.papers_csv_chunks(papers, urls)}
    for download in site.common["downloads_published"]:
        yield Stream(f"downloads/{download.file}", chunks[download.format])
    yield Page("downloads/topics.json", topics_json(site))


def topics_json(site: Site) -> str:
    """The topics as data: key, label, terms in order, papers from most to least central."""
    topics = [{"key": key, "label": topic.label, "terms": list(topic.terms), "page": f"topics/{key}/",
               "papers": [{"title": paper.title, "page": f"papers/{paper.slug}/", "centrality": paper.centrality}
                          for paper in site.by_topic.get(key, [])]}
              for key, topic in sorted(site.corpus.topics.items(), key=lambda item: (-len(site.by_topic.get(item[0], [])), item[0]))]
    return json.dumps({"topics": topics}, indent=1, ensure_ascii=False) + "\n"


def feeds(site: Site) -> list[Page]:
    site_url, title = site.config.site_url, site.config.title
    pages = [Page("feed.xml", atom_feed(site.corpus.papers, f"{title}: newest papers", "feed.xml", site_url))]
    for key, papers in site.by_topic.items():
        pages.append(Page(f"topics/{key}.xml", atom_feed(papers, f"{title}: {site.corpus.topics[key].label}",
                                                         f"topics/{key}.xml", site_url)))
    return pages
