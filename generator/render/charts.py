"""Static SVG charts made at build time: bars, a co-occurrence grid and the topic map. No script, no network.

Every label is escaped with html.escape (SVG is XML); colours come from a fixed palette so the output is
byte-identical between runs. Links are `xlink:href`: Material's instant navigation assigns the `href`
property of every element with an `href` attribute, which SVG elements only have a getter for.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

# Colour-blind-friendly categorical palette (Okabe-Ito, then Tableau 20's hues for more topics): one colour
# for each of the 20 topics a collection can have, and no grey, which is the papers in no topic's (OTHER):
# on a mixed collection's map, Unsorted was the blue of its first topic (the palette's 21st colour) and two
# topics were greys.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#4E79A7",
           "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F",
           "#8CD17D", "#499894", "#D37295", "#A0CBE8"]
OTHER = "#B0B0B0"  # the papers in no topic: grey, apart from every topic's colour
FONT = 'font-family="sans-serif" font-size="12"'
LABEL_WIDTH = 38  # room one year label needs on the axis (viewBox units)
VALUE_WIDTH = 24  # a column narrower than this shows its value in its tooltip only


def colour(index: int | None) -> str:
    """The colour of group `index`; None: the papers in no group (OTHER)."""
    return OTHER if index is None else PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str = ""


GAP = Bar("", 0)  # a break in a column chart's axis: no column, no label (years without papers)


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} fill="currentColor"{extra}>'
            f"{html.escape(text)}</text>")


def _link(href: str, inner: str, name: str = "") -> str:
    """A link inside a chart, named for screen readers (an SVG link has no text of its own to read)."""
    if not href:
        return inner
    label = f' aria-label="{html.escape(name, quote=True)}"' if name else ""
    return f'<a xlink:href="{html.escape(href, quote=True)}"{label}>{inner}</a>'


def _svg(css_class: str, width: float, height: float, title: str, body: str) -> str:
    """A chart's root element: scales to its column, named for screen readers, its title drawn on top.
    A group, not an image: its bars and dots are links a keyboard and a screen reader must reach."""
    return (f'<svg class="{css_class}" viewBox="0 0 {width} {height}" width="100%" role="group" '
            f'aria-label="{html.escape(title, quote=True)}" xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink">'
            + _text(0, 16, title, extra=' font-weight="bold"') + body + "</svg>")


def horizontal_bars(bars: list[Bar], title: str, width: int = 720, bar_height: int = 18) -> str:
    """One row per bar, label on the left, value at the end of the bar."""
    label_width = min(300, 7 * max((len(bar.label) for bar in bars), default=10) + 10)
    top, gap = 28, 6
    height = top + len(bars) * (bar_height + gap) + 10
    scale = (width - label_width - 60) / max((bar.value for bar in bars), default=1)
    rows = []
    for index, bar in enumerate(bars):
        y = top + index * (bar_height + gap)
        length = max(1.0, bar.value * scale)
        rows.append(_link(bar.href, _text(label_width - 8, y + bar_height - 5, bar.label[:45], "end")
                          + f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
                            f'fill="{colour(0)}"><title>{html.escape(bar.label)}: {bar.value}</title></rect>',
                          f"{bar.label}: {bar.value}")
                    + _text(label_width + length + 6, y + bar_height - 5, str(bar.value)))
    return _svg("litsite-chart", width, height, title, "".join(rows))


def vertical_bars(bars: list[Bar], title: str, width: int = 720, height: int = 260) -> str:
    """Columns over a category axis (years), values above the columns. With many columns (a bibliography
    reaching back to 1805) only every few labels are drawn, so none overlaps; each column keeps its
    value in its tooltip and its link's name."""
    top, bottom, left = 30, 40, 10
    slot = (width - left * 2) / max(len(bars), 1)
    scale = (height - top - bottom) / max((bar.value for bar in bars), default=1)
    label_every = max(1, math.ceil(LABEL_WIDTH / slot))
    columns = []
    for index, bar in enumerate(bars):
        if bar == GAP:
            continue
        x = left + index * slot
        size = bar.value * scale
        y = height - bottom - size
        column = (f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{max(slot * 0.7, 1):.1f}" '
                  f'height="{size:.1f}" fill="{colour(0)}"><title>{html.escape(bar.label)}: {bar.value}</title></rect>')
        if slot >= VALUE_WIDTH:
            column += _text(x + slot / 2, y - 4, str(bar.value), "middle")
        if index % label_every == 0:
            column += _text(x + slot / 2, height - bottom + 16, bar.label, "middle")
        columns.append(_link(bar.href, column, f"{bar.label}: {bar.value}"))
    return _svg("litsite-chart", width, height, title, "".join(columns))


def cooccurrence(labels: list[str], counts: dict[tuple[int, int], int], title: str, hrefs: list[str]) -> str:
    """A grid: cell (i, j) darker the more papers carry both tags i and j; the diagonal is each tag's size."""
    size, left, top = 22, 190, 190
    n = len(labels)
    width, height = left + n * size + 10, top + n * size + 10
    peak = max((value for (i, j), value in counts.items() if i != j), default=1) or 1
    cells = []
    for i in range(n):
        for j in range(n):
            value = counts.get((min(i, j), max(i, j)), 0)
            if i == j:
                fill, opacity = "#999999", 0.35
            else:
                fill, opacity = colour(0), round(0.08 + 0.92 * value / peak, 3) if value else 0.0
            cells.append(f'<rect x="{left + j * size}" y="{top + i * size}" width="{size - 1}" height="{size - 1}" '
                         f'fill="{fill}" fill-opacity="{opacity}"><title>{html.escape(labels[i])} + '
                         f'{html.escape(labels[j])}: {value}</title></rect>')
    axis = "".join(_link(hrefs[i], _text(left - 6, top + i * size + 15, labels[i][:26], "end"), labels[i])
                   for i in range(n))
    axis += "".join(_link(hrefs[j], f'<text transform="translate({left + j * size + 15},{top - 6}) rotate(-60)" '
                                    f'{FONT} fill="currentColor">{html.escape(labels[j][:26])}</text>', labels[j])
                    for j in range(n))
    return _svg("litsite-chart", width, height, title, axis + "".join(cells))


@dataclass(frozen=True)
class Point:
    x: float  # 0..1
    y: float  # 0..1
    group: int | None  # None: in no topic
    label: str
    href: str


def scatter(points: list[Point], title: str, width: int = 900, height: int = 640) -> str:
    """The topic map: one linked dot per paper, coloured by group. Its legend is HTML beside it (see
    legend), where long topic names wrap instead of being cut. A link's <title> names it for screen
    readers and is its tooltip; dots are styled (opacity, outline) by the stylesheet, once."""
    dots = "".join(
        f'<a xlink:href="{html.escape(point.href, quote=True)}"><title>{html.escape(point.label)}</title>'
        f'<circle cx="{10 + point.x * (width - 20):.1f}" cy="{30 + point.y * (height - 50):.1f}" r="4.5" '
        f'fill="{colour(point.group)}"/></a>'
        for point in points)
    return _svg("litsite-map", width, height, title, dots)


def legend(entries: list[tuple[str, str, int | None]]) -> str:
    """The map's key as an HTML list: a colour swatch and a link per topic (label, href, group), in the
    dots' colours."""
    items = "".join(f'<li><span class="litsite-swatch" style="background:{colour(group)}"></span>'
                    f'<a href="{html.escape(href, quote=True)}">{html.escape(label)}</a></li>'
                    for label, href, group in entries)
    return f'<ul class="litsite-legend">{items}</ul>'
