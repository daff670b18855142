"""The listings: a page per tag and per topic, the home page and the indexes, reading lists, the timeline,
and the redirects of papers and topics that moved."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from ..model import Page, Paper
from ..readers import describe_sources
from ..review.notes import STATUSES
from ..review.permalinks import redirect_page
from .context import Site
from .environment import _year

TOP_TAGS_PER_TOPIC = 8
NEW_SHOWN = 20  # papers of the newest fetch listed on the home page (all are in the feed and the table)


def tag_pages(site: Site) -> Iterator[list[Page]]:
    """A listing per tag, its papers then the papers that only mention it; the largest tags first, one tag
    at a time (the writer writes each before the next is rendered)."""
    for slug in site.used_tags():
        yield site.paginated("tag.md.j2", f"tags/{slug}", site.by_tag[slug], site.mentioned[slug],
                             tag=site.corpus.tags[slug])


def topic_pages(site: Site) -> Iterator[list[Page]]:
    """A listing per topic, its most central papers first, with the tags its papers carry most."""
    for key in site.topic_order():
        yield site.paginated("topic.md.j2", f"topics/{key}", site.by_topic[key], topic=site.corpus.topics[key],
                             top_tags=topic_tags(site, key))


def topic_tags(site: Site, topic: str) -> list[tuple[str, int]]:
    counts = Counter(tag for paper in site.by_topic[topic] for tag in paper.tags)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_TAGS_PER_TOPIC]


def index_pages(site: Site) -> list[Page]:
    """The home page and the indexes of tags, topics and papers."""
    listing = {"by_tag": site.by_tag, "mentioned": site.mentioned, "by_topic": site.by_topic,
               "used_tags": site.used_tags(), "topic_order": site.topic_order()}
    return [
        site.render("home.md.j2", "index.md", report=site.report, description=description(site),
                    new_papers=new_papers(site), new_shown=NEW_SHOWN, **listing),
        site.render("tags_index.md.j2", "tags/index.md", **listing,
                    own_tags=sum(site.corpus.tags[slug].own for slug in listing["used_tags"]),
                    any_mentions=any(site.mentioned.values())),
        site.render("topics_index.md.j2", "topics/index.md", **listing),
        site.render("papers_index.md.j2", "papers/index.md", papers=site.recent),
    ]


def new_papers(site: Site) -> list[Paper]:
    """The papers the newest fetch brought (fetched.json), newest first."""
    last = site.report.last_fetch
    return [paper for paper in site.recent if last and paper.entered == last]


def description(site: Site) -> str:
    """The collection's description (litsite.yml), else what it was made from: never the demo's."""
    papers = len(site.report.papers)
    return site.config.description or (
        f"A literature review of {papers} paper{'' if papers == 1 else 's'} read from "
        f"{describe_sources(site.report.files)}, deduplicated, tagged and grouped by topic.")


def reading_lists(site: Site) -> list[Page]:
    """One page per reading status, from the notes' front matter, and an index of them."""
    by_status = {status: [p for p in site.recent if p.status == status] for status in STATUSES}
    pages = [page for status, papers in by_status.items()
             for page in site.paginated("reading_list.md.j2", f"reading/{status}", papers, status=status)]
    return pages + [site.render("reading_index.md.j2", "reading/index.md", by_status=by_status)]


def timeline(site: Site) -> list[Page]:
    """Papers by year and month: an index of counts, and one page per year (no page lists every paper)."""
    by_year: dict[int, dict[str, list[Paper]]] = defaultdict(lambda: defaultdict(list))
    undated = []
    for paper in site.recent:
        year = paper.year or _year(paper.date)
        if year is None:
            undated.append(paper)
            continue
        month = paper.date[:7] if paper.date and len(paper.date) >= 7 else f"{year}"
        by_year[year][month].append(paper)
    years = sorted(by_year, reverse=True)
    pages = [page for year in years for page in site.paginated(
        "timeline_year.md.j2", f"timeline/{year}", [p for month in by_year[year].values() for p in month],
        year=year)]
    return pages + [site.render("timeline_index.md.j2", "timeline/index.md", years=years, by_year=by_year,
                                undated=len(undated))]


def redirects(site: Site) -> list[Page]:
    return [Page(f"papers/{old}/index.html", redirect_page(new)) for old, new in site.report.redirects.items()] + \
        [Page(f"topics/{old}/index.html", redirect_page(new, "topic"))
         for old, new in sorted(site.report.topic_redirects.items())]
