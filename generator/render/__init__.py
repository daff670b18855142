"""Enriched papers -> pages: the Jinja2 pages (pages.py, from generator/templates/), untrusted text made
inert (markup.py), static SVG charts (charts.py), Atom feeds (feeds.py), the downloads and BibTeX entries
(export.py), and the words a page adds for search (search_terms.py). No file I/O: the writer writes what
these return."""
