"""The pages of figures: Stats (papers per year, topic and tag, tags together) and the topic map."""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from ..model import UNSORTED, Page
from . import charts, markup
from .context import Site
from .environment import _year

MAP_LIMIT = 3000  # dots on the topic map: beyond this the SVG outweighs its use (newest papers shown)


def years_with_gaps(years: Counter) -> list[charts.Bar]:
    """A column per year that has papers, and an empty one (no label, no link) where years without papers
    lie between two: d2l's bibliography showed 1805 beside 1902 as if they were a year apart."""
    bars: list[charts.Bar] = []
    for year in sorted(year for year in years if year):
        if bars and int(year) - int(bars[-1].label) > 1:
            bars.append(charts.GAP)
        bars.append(charts.Bar(str(year), years[year], f"../timeline/{year}/"))
    return bars


def stats(site: Site) -> Page:
    """Papers per year, topic and tag, and which of the largest tags appear together."""
    papers = site.corpus.papers
    years = Counter(paper.year or _year(paper.date) for paper in papers)
    year_bars = years_with_gaps(years)
    topic_bars = [charts.Bar(site.corpus.topics[key].label, len(site.by_topic[key]), f"../topics/{key}/")
                  for key in site.topic_order()]
    top_tags = sorted(site.by_tag, key=lambda slug: (-len(site.by_tag[slug]), slug))
    tag_bars = [charts.Bar(site.corpus.tags[slug].label, len(site.by_tag[slug]), f"../tags/{slug}/")
                for slug in top_tags[:25]]
    grid_tags = top_tags[:15]
    position = {slug: index for index, slug in enumerate(grid_tags)}
    pairs: Counter = Counter()
    for paper in papers:
        present = sorted(position[tag] for tag in paper.tags if tag in position)
        for index, i in enumerate(present):
            for j in present[index:]:
                pairs[(i, j)] += 1
    figures = {
        "years": charts.vertical_bars(year_bars, "Papers per year") if year_bars else "",
        "topics": charts.horizontal_bars(topic_bars, "Papers per topic"),
        "tags": charts.horizontal_bars(tag_bars, "Papers per tag (25 largest)"),
        "cooccurrence": charts.cooccurrence([site.corpus.tags[s].label for s in grid_tags], dict(pairs),
                                            "Tags that appear together (15 largest tags)",
                                            [f"../tags/{s}/" for s in grid_tags]) if grid_tags else "",
    }
    return site.render("stats.md.j2", "stats/index.md", figures={k: Markup(v) for k, v in figures.items()})


def topic_map(site: Site) -> Page:
    """One dot per paper, placed by text similarity, coloured by topic; capped so the page stays light."""
    order = site.topic_order()
    group: dict[str, int | None] = {key: index for index, key in enumerate(key for key in order if key != UNSORTED.key)}
    shown = site.recent[:MAP_LIMIT]
    points = [charts.Point(*site.corpus.positions.get(paper.id, (0.5, 0.5)), group.get(paper.topic),
                           markup.plain_text(paper.title), f"../papers/{paper.slug}/") for paper in shown]
    key = charts.legend([(site.corpus.topics[key].label, f"../topics/{key}/", group.get(key)) for key in order])
    svg = charts.scatter(points, "Papers placed by text similarity, coloured by topic")
    return site.render("map.md.j2", "map/index.md", svg=Markup(svg), legend=Markup(key), shown=len(shown),
                       total=len(site.corpus.papers))
