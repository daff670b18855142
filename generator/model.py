"""Plain data types passed between the stages: Record -> Paper -> Page, plus Problem for the report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where something was found: a source file (relative to the project) and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Record:
    """One entry exactly as a reader understood it, before any merging.

    Fields a source does not carry stay None (or empty); readers never invent values.
    `record_id` is the source's own key where it has one (BibTeX key, RIS ID, CSV id), else file:line.
    Authors are "Family, Given" (or one name as written, for organisations).
    """

    record_id: str
    location: Location
    title: str
    abstract: str = ""
    author_count: int | None = None
    date: str | None = None  # ISO 8601: yyyy, yyyy-mm or yyyy-mm-dd
    upvotes: int | None = None
    source_format: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str = ""
    doi: str = ""  # lowercase, without https://doi.org/
    arxiv_id: str = ""  # without version: 2401.01234 or astro-ph/0601001
    arxiv_version: str = ""  # v3
    url: str = ""
    pdf_url: str = ""
    keywords: tuple[str, ...] = ()
    entry_type: str = ""  # article, inproceedings, misc, ... (BibTeX's names)
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    citation_key: str = ""  # the source's own citation key (BibTeX; a CSL-JSON id that reads as one), as written
    more_authors: bool = False  # the source's list ended in "and others" / "et al.": it is not complete
    protected: tuple[str, ...] = ()  # title words the source kept from case changes ({SURF}, {CNN}s in BibTeX)
    # The source's fields that no attribute above holds, and its title, in its order, as written there
    # (BibTeX: the field name and its LaTeX value): kept so an export in the source's own format re-creates
    # the entry (a title's braces and commands hold case protection and markup that its text cannot).
    extra: tuple[tuple[str, str], ...] = ()
    # Which of the source's names an attribute was read from, where the format has several for it
    # (BibTeX: ("venue", "school"), ("authors", "editor"), ("number", "issue")).
    source_names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Problem:
    """Something a stage could not use or had to change, with the reason a user can act on."""

    location: Location | None
    message: str
    level: str = "warning"  # "warning": kept with a change; "rejected": the entry is not on any page

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class FileReport:
    """What one source file gave: its reader, its records, the page chrome it skipped and its problems."""

    path: str
    reader: str
    records: int
    skipped: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    found: int | None = None  # entries the reader counted in the file on its own (None: not counted)


@dataclass(frozen=True)
class Link:
    """A link found in an abstract, with what it points to (code, dataset, model, project page)."""

    url: str
    kind: str


@dataclass(frozen=True)
class Related:
    """Another paper close to this one, how close (cosine, 0..1) and the key terms both share."""

    paper_id: str
    score: float
    shared_terms: tuple[str, ...]


@dataclass(frozen=True)
class Paper:
    """One work after deduplication. `id` and `slug` are identity; everything else is display.

    The id comes from what identifies the work (here the normalized title), never from the order in
    which records arrived, so a paper keeps its URL when other papers are added or removed.
    """

    id: str
    slug: str
    title: str
    abstract: str
    records: tuple[Record, ...]
    author_count: int | None = None
    date: str | None = None
    upvotes: int | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str = ""
    dois: tuple[str, ...] = ()  # every DOI its records carry (preprint and published)
    arxiv_id: str = ""
    arxiv_version: str = ""
    url: str = ""
    pdf_url: str = ""
    keywords: tuple[str, ...] = ()
    entry_type: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    more_authors: bool = False  # its author list, as its source gave it, ended in "and others"
    protected: tuple[str, ...] = ()  # its title's words protected from case changes, as its source had them
    merge_reasons: tuple[str, ...] = ()  # why its records were merged, for the report
    note: str = ""  # the reviewer's own Markdown, from their note file
    note_path: str = ""
    status: str | None = None  # to-read, reading, read, skipped
    rating: int | None = None
    tags: tuple[str, ...] = ()  # what it is about: the tags its title names, else those its abstract repeats
    mentions: tuple[str, ...] = ()  # tags its abstract repeats beside the ones its title names (tags.TitleFirst)
    topic: str | None = None
    centrality: float = 0.0  # how strongly it belongs to its topic (its NMF weight there, 0..1 of the topic's most)
    related: tuple[Related, ...] = ()
    links: tuple[Link, ...] = ()
    entered: str = ""  # the day `litsite fetch` first brought one of its records (fetched.json); "" if never
    screening: tuple = ()  # review.screening.Decision: the reviewers' decisions, from the paper's note

    @property
    def doi(self) -> str:
        return self.dois[0] if self.dois else ""


def paper_keys(paper: Paper) -> set[str]:
    """Every name a researcher may use for a paper in notes and curation: id, slug, DOIs, arXiv id."""
    keys = {paper.id, paper.slug, *paper.dois}
    if paper.arxiv_id:
        keys |= {paper.arxiv_id, f"arxiv:{paper.arxiv_id}"}
    return {key.lower() for key in keys if key}


@dataclass(frozen=True)
class Tag:
    """A vocabulary entry: slug (identity), label (display), and the phrases and acronyms it matches."""

    slug: str
    label: str
    description: str = ""
    phrases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    broad: bool = False  # may be on more than a quarter of the papers (the vocabulary says so)
    not_in: tuple[str, ...] = ()  # phrases inside which its phrases do not count ("large language model")
    own: bool = False  # the subject one paper's title names, where no shared tag covers it (enrich/subjects.py)


@dataclass(frozen=True)
class Topic:
    """A coarse group found by clustering: key (identity, from its terms), label, and its key terms."""

    key: str
    label: str
    terms: tuple[str, ...]
    named: bool = True  # False: no phrase nor tag named it, its label lists its leading terms


UNSORTED = Topic("unsorted", "Unsorted", ())  # where the papers in no topic are listed


@dataclass(frozen=True)
class Page:
    """One file the generator owns, by its path relative to the content folder, and its full text."""

    path: str
    text: str


@dataclass(frozen=True)
class Stream:
    """A large data file the generator owns (a whole-collection download), by its path and a function
    that yields its text a piece at a time: written as the pieces come, never held whole."""

    path: str
    chunks: Callable[[], Iterator[str]]


@dataclass
class Corpus:
    """Everything the renderer needs: the enriched papers, the vocabulary and topics, and the read report."""

    papers: list[Paper]
    tags: dict[str, Tag] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    files: list[FileReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)  # topic map, by paper id
    vocabulary_set_aside: bool = False  # litsite's own vocabulary did not describe the collection (enrich.tagging)
    vocabulary_set_aside_for: tuple[str, ...] = ()  # ... nor, of several source files, the papers of these


@dataclass(frozen=True)
class Limits:
    """Caps on what one source may cost: longer titles and abstracts are cut (with a warning), larger files
    are not read (with the reason). Set in litsite.yml under `limits`."""

    title: int = 1_000  # characters
    abstract: int = 20_000  # characters
    file_mb: int = 200  # megabytes per source file
