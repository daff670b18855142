"""Static SVG charts made at build time: bars, a co-occurrence grid and the topic map. No script, no network.

Every label is escaped with html.escape (SVG is XML); colours come from a fixed palette so the output is
byte-identical between runs. Links are `xlink:href`: Material's instant navigation assigns the `href`
property of every element with an `href` attribute, which SVG elements only have a getter for.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

# Colour-blind-friendly categorical palette (Okabe-Ito, then Tableau 10 for more topics).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
           "#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#FF9DA7",
           "#9C755F", "#BAB0AC", "#8CD17D", "#499894"]
FONT = 'font-family="sans-serif" font-size="12"'


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str = ""


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} fill="currentColor"{extra}>'
            f"{html.escape(text)}</text>")


def _link(href: str, inner: str) -> str:
    return f'<a xlink:href="{html.escape(href, quote=True)}">{inner}</a>' if href else inner


def _svg(css_class: str, width: float, height: float, title: str, body: str) -> str:
    """A chart's root element: scales to its column, named for screen readers, its title drawn on top."""
    return (f'<svg class="{css_class}" viewBox="0 0 {width} {height}" width="100%" role="img" '
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
                            f'fill="{colour(0)}"><title>{html.escape(bar.label)}: {bar.value}</title></rect>')
                    + _text(label_width + length + 6, y + bar_height - 5, str(bar.value)))
    return _svg("litsite-chart", width, height, title, "".join(rows))


def vertical_bars(bars: list[Bar], title: str, width: int = 720, height: int = 260) -> str:
    """Columns over a category axis (years), values above the columns."""
    top, bottom, left = 30, 40, 10
    slot = (width - left * 2) / max(len(bars), 1)
    scale = (height - top - bottom) / max((bar.value for bar in bars), default=1)
    columns = []
    for index, bar in enumerate(bars):
        x = left + index * slot
        size = bar.value * scale
        y = height - bottom - size
        columns.append(_link(bar.href, f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
                                       f'height="{size:.1f}" fill="{colour(0)}"><title>{html.escape(bar.label)}: '
                                       f'{bar.value}</title></rect>')
                       + _text(x + slot / 2, y - 4, str(bar.value), "middle")
                       + _text(x + slot / 2, height - bottom + 16, bar.label, "middle"))
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
    axis = "".join(_link(hrefs[i], _text(left - 6, top + i * size + 15, labels[i][:26], "end")) for i in range(n))
    axis += "".join(_link(hrefs[j], f'<text transform="translate({left + j * size + 15},{top - 6}) rotate(-60)" '
                                    f'{FONT} fill="currentColor">{html.escape(labels[j][:26])}</text>')
                    for j in range(n))
    return _svg("litsite-chart", width, height, title, axis + "".join(cells))


@dataclass(frozen=True)
class Point:
    x: float  # 0..1
    y: float  # 0..1
    group: int
    label: str
    href: str


def scatter(points: list[Point], legend: list[tuple[str, str]], title: str, width: int = 900,
            height: int = 640) -> str:
    """The topic map: one linked dot per paper, coloured by group, with a legend."""
    plot_width = width - 240
    dots = "".join(
        f'<a xlink:href="{html.escape(point.href, quote=True)}"><circle cx="{10 + point.x * (plot_width - 20):.1f}" '
        f'cy="{30 + point.y * (height - 50):.1f}" r="4.5" fill="{colour(point.group)}" fill-opacity="0.8">'
        f"<title>{html.escape(point.label)}</title></circle></a>"
        for point in points)
    keys = "".join(_link(href, f'<rect x="{plot_width + 10}" y="{30 + index * 20}" width="12" height="12" '
                               f'fill="{colour(index)}"/>' + _text(plot_width + 28, 40 + index * 20, label[:30]))
                   for index, (label, href) in enumerate(legend))
    return _svg("litsite-map", width, height, title, dots + keys)
