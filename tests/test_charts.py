"""Charts stay readable at any corpus size and on the dark theme."""

from __future__ import annotations

import re

from generator.render import charts


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_topic_colour_shows_on_the_dark_theme():
    slate = "#1E2129"  # Material's slate background
    assert min(contrast(colour, slate) for colour in charts.PALETTE) >= 2.0


def test_on_the_map_every_topic_has_a_colour_of_its_own_and_unsorted_papers_are_grey():
    """A mixed collection's map (20 topics and Unsorted): Unsorted was drawn in the first topic's blue (the
    palette's 21st colour), and two topics were greys like it. Each of up to 20 topics now has its own
    colour, none grey, and the papers in no topic are grey."""
    from generator.model import UNSORTED, Paper, Topic
    from generator.render.figures import topic_map

    def grey(colour: str) -> bool:
        channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
        return max(channels) - min(channels) < 30

    assert len(set(charts.PALETTE)) == len(charts.PALETTE) >= 20 and not any(map(grey, charts.PALETTE))
    assert grey(charts.colour(None))

    class Site:  # what topic_map reads of a site
        def __init__(self):
            keys = [f"topic-{index:02d}" for index in range(20)] + [UNSORTED.key]
            self.corpus = type("Corpus", (), {})()
            self.corpus.topics = {key: Topic(key, key.title(), ()) for key in keys}
            self.recent = [Paper(id=f"p{index:012d}", slug=f"s{index}", title=f"T{index}", abstract="", records=(), topic=key)
                           for index, key in enumerate(keys)]
            self.corpus.positions = {}
            self.corpus.papers = self.recent
            self.keys = keys

        def topic_order(self):
            return self.keys

        def render(self, template, path, **context):
            return context

    page = topic_map(Site())
    swatches = re.findall(r'background:(#\w+)"></span><a href="\.\./topics/([\w-]+)/', str(page["legend"]))
    assert len(swatches) == 21 and len({colour for colour, _ in swatches}) == 21, swatches
    assert dict((key, colour) for colour, key in swatches)[UNSORTED.key] == charts.OTHER
    dots = re.findall(r'<title>(T\d+)</title><circle [^>]*fill="(#\w+)"', str(page["svg"]))
    assert dict(dots)["T20"] == charts.OTHER and len({colour for _, colour in dots}) == 21, dots


def test_year_labels_never_overlap_however_many_years():
    bars = [charts.Bar(str(year), 1 + year % 7, f"../timeline/{year}/") for year in range(1805, 2026)]
    svg = charts.vertical_bars(bars, "Papers per year")
    labels = [(float(x), text) for x, text in re.findall(r'<text x="([\d.]+)" y="236\.0"[^>]*>(\d{4})</text>', svg)]
    assert len(labels) >= 10
    assert all(b[0] - a[0] >= charts.LABEL_WIDTH - 0.1 for a, b in zip(labels, labels[1:]))
    assert svg.count("<rect") == len(bars) and svg.count("<a ") == len(bars)  # every year still there, linked


def test_chart_links_are_named_and_reachable():
    svg = charts.horizontal_bars([charts.Bar("State space models", 25, "../tags/ssm/")], "Papers per tag")
    assert 'role="group"' in svg and 'role="img"' not in svg  # links inside an image are hidden from readers
    assert 'aria-label="State space models: 25"' in svg and 'xlink:href="../tags/ssm/"' in svg


def test_years_without_papers_between_two_leave_a_gap_in_the_papers_per_year_chart():
    """d2l's bibliography: the chart put 1805 beside 1902 as if they were a year apart."""
    from collections import Counter

    from generator.render.figures import years_with_gaps

    bars = years_with_gaps(Counter({1805: 1, 1902: 2, 1903: 1, 2020: 4, None: 3}))
    assert [bar.label for bar in bars] == ["1805", "", "1902", "1903", "", "2020"]
    svg = charts.vertical_bars(bars, "Papers per year")
    assert svg.count("<rect") == svg.count("<a ") == 4  # the gaps draw nothing and link nowhere
    columns = [float(x) for x in re.findall(r'<rect x="([\d.]+)"', svg)]
    assert columns[1] - columns[0] > 1.5 * (columns[2] - columns[1])  # 1805 .. 1902 further apart than 1902, 1903
