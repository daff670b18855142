"""Atom feeds of the newest papers (dates from the data, never from git or the clock, so CI builds agree).

A paper `litsite fetch` brought is dated by the day it entered the review (fetched.json), so a feed
reader hears of it then, even when it was published long before; others by their publication date."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from .markup import plain_text, summary
from ..model import Paper
from ..readers.fields import display_name

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"


def timestamp(date: str) -> str:
    parts = (date + "-01-01")[:10] if len(date) < 10 else date[:10]
    return f"{parts}T00:00:00Z"


def feed_date(paper: Paper) -> str:
    return max(paper.entered, paper.date or "")


def atom_feed(papers: list[Paper], title: str, feed_path: str, site_url: str) -> str:
    """An Atom feed of the newest dated papers. Links are absolute when site_url is set, else relative to
    the site root (most readers then need site_url: set it in litsite.yml)."""
    base = site_url.rstrip("/") + "/" if site_url else "/"
    dated = sorted((paper for paper in papers if feed_date(paper)), key=lambda p: (feed_date(p), p.id),
                   reverse=True)[:FEED_SIZE]
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    ElementTree.SubElement(feed, f"{{{ATOM}}}title").text = title
    ElementTree.SubElement(feed, f"{{{ATOM}}}id").text = base + feed_path
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", href=base + feed_path, rel="self")
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", href=base)
    ElementTree.SubElement(feed, f"{{{ATOM}}}updated").text = timestamp(feed_date(dated[0])) if dated else \
        "1970-01-01T00:00:00Z"
    for paper in dated:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        url = f"{base}papers/{paper.slug}/"
        ElementTree.SubElement(entry, f"{{{ATOM}}}title").text = plain_text(paper.title)
        ElementTree.SubElement(entry, f"{{{ATOM}}}id").text = url
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", href=url)
        ElementTree.SubElement(entry, f"{{{ATOM}}}updated").text = timestamp(feed_date(paper))
        if paper.date:
            ElementTree.SubElement(entry, f"{{{ATOM}}}published").text = timestamp(paper.date)
        for author in paper.authors[:10] or ("Unknown",):
            ElementTree.SubElement(ElementTree.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = \
                display_name(author)
        ElementTree.SubElement(entry, f"{{{ATOM}}}summary").text = summary(paper.abstract, 400)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"
