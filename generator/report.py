"""The build report: what was read per file, what was merged into what, what was rejected and why.

It is data, rendered into the site's Report page and printed by the CLI, so both always agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import FileReport, Paper, Problem


@dataclass
class Report:
    files: list[FileReport]
    papers: list[Paper]
    problems: list[Problem] = field(default_factory=list)  # from stages after reading (dedup, writer)
    possible: list = field(default_factory=list)  # PossibleDuplicate pairs left for the researcher
    excluded: list = field(default_factory=list)  # (Paper, reason) the researcher excluded
    orphans: list = field(default_factory=list)  # notes whose paper is gone (kept, never deleted)
    redirects: dict = field(default_factory=dict)  # old slug -> current slug
    topic_redirects: dict = field(default_factory=dict)  # old topic key -> the live topic's key
    placed: int = 0  # papers put in a topic by nearness since the topics were last fitted
    tags: int = 0
    vocabulary_set_aside: bool = False  # litsite's own vocabulary did not describe the collection
    vocabulary_set_aside_for: tuple[str, ...] = ()  # ... nor, of several source files, the papers of these
    slow_search: bool = False  # so many papers, abstracts indexed, that searches for common words take seconds
    titles_first: bool = False  # the site's search shows matching titles first (site/search_index.py)
    topics: int = 0
    resolved: list = field(default_factory=list)  # (record, resolved.json entry): identifiers found online
    not_found: int = 0  # titles without identifier that resolve looked up and found nothing for
    last_fetch: str = ""  # the day of the newest `litsite fetch` (fetched.json)

    @property
    def all_problems(self) -> list[Problem]:
        return [problem for report in self.files for problem in report.problems] + self.problems

    @property
    def rejected(self) -> list[Problem]:
        return [problem for problem in self.all_problems if problem.level == "rejected"]

    @property
    def rejected_entries(self) -> list[Problem]:
        """Rejections of source entries (a record, or a file nothing could be read from): the equation's
        term. A note or a page refused later is rejected too, but is not an entry of the sources."""
        return [problem for file in self.files for problem in file.problems if problem.level == "rejected"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.all_problems if problem.level != "rejected"]

    @property
    def records(self) -> int:
        """Records kept by the readers (rejected entries are not records)."""
        return sum(report.records for report in self.files)

    @property
    def records_on_pages(self) -> int:
        return sum(len(paper.records) for paper in self.papers)

    @property
    def merged(self) -> int:
        """Records that became part of a paper another record already opened."""
        return self.records_on_pages - len(self.papers)

    @property
    def entries(self) -> int:
        """Everything found in the sources: each ends on a page, merged into one, or rejected."""
        return self.records + len(self.rejected_entries)

    @property
    def excluded_records(self) -> int:
        return sum(len(paper.records) for paper, _ in self.excluded)

    @property
    def merges(self) -> list[Paper]:
        return [paper for paper in self.papers if len(paper.records) > 1]

    @property
    def balanced(self) -> bool:
        return self.entries == len(self.papers) + self.merged + len(self.rejected_entries) + self.excluded_records


def collapse(problems: list[Problem], limit: int = 20) -> list[str]:
    """Problem lines for a terminal: repeated messages collapse into one line with a count."""
    counts = Counter(problem.message for problem in problems)
    lines, seen = [], set()
    for problem in problems:
        if problem.message in seen:
            continue
        seen.add(problem.message)
        more = counts[problem.message] - 1
        lines.append(str(problem) + (f" (and {more} more like it)" if more else ""))
    return lines[:limit] + ([f"... {len(lines) - limit} more in the Report page"] if len(lines) > limit else [])


def counted(number: int, noun: str, plural: str = "") -> str:
    """A count with its noun in agreement: "1 paper", "2 papers", "0 papers" (`plural` where it is not the
    noun and an s: "1 entry", "2 entries")."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def print_summary(report: Report, console: Console) -> None:
    table = Table(title="Sources read", show_lines=False)
    for column in ("file", "reader", "records", "skipped", "problems"):
        table.add_column(column, justify="left" if column in ("file", "reader") else "right")
    for file in report.files:
        table.add_row(Text(file.path), Text(file.reader), str(file.records), str(len(file.skipped)), str(len(file.problems)))
    console.print(table)
    console.print(
        f"{counted(report.entries, 'entry', 'entries')} read = {counted(len(report.papers), 'paper')} + "
        f"{counted(report.merged, 'merged duplicate')} + {len(report.rejected_entries)} rejected"
        + (f" + {report.excluded_records} excluded" if report.excluded else "")
        + f"; {counted(report.tags, 'tag')}, {counted(report.topics, 'topic')}", highlight=False
    )
    if report.vocabulary_set_aside:
        console.print("litsite's machine-learning vocabulary does not describe these papers and was set aside: "
                      "tags come from their titles' phrases and shared keywords (a vocabulary of your own: "
                      "`vocabulary:` in litsite.yml)", highlight=False)
    elif report.vocabulary_set_aside_for:
        console.print("litsite's machine-learning vocabulary does not describe the papers of "
                      f"{', '.join(report.vocabulary_set_aside_for)} and was set aside for them: their tags come "
                      "from their titles' phrases and shared keywords", highlight=False)
    if report.slow_search:
        console.print(f"{len(report.papers):,} papers with their abstracts in the search index: searches for common "
                      "words will take seconds in a reader's browser"
                      + (", titles that match showing first" if report.titles_first else "")
                      + " (`search_abstracts: false` in litsite.yml leaves abstracts out of search; see the Report "
                      "page)", highlight=False)
    if report.possible:
        pairs = len(report.possible)
        console.print(f"{counted(pairs, 'pair')} of possible duplicates not merged: see the "
                      "Report page and decide them in dedup.yml", highlight=False)
    # Problem text comes from sources: printed as Text, never parsed as rich markup.
    for line in collapse(report.rejected):
        console.print(Text.assemble(("rejected ", "red"), line), highlight=False)
    for line in collapse(report.warnings):
        console.print(Text.assemble(("warning ", "yellow"), line), highlight=False)
