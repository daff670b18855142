"""litsite: a static literature-review site generator (sources -> papers -> Markdown -> MkDocs site)."""

__version__ = "0.1.0"
