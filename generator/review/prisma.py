"""The PRISMA 2020 flow: every number computed from the data the Report page accounts for.

Identification: records read per source file (database), then removed before screening: duplicates
(merged automatically, or by the reviewer's dedup.yml), records no reader could use (rejected), and
records the reviewer excluded (curation). What remains are the records screened: the papers on the
site. Screening and eligibility follow each paper's verdicts (review.screening). The boxes add up:

    identified = duplicates (automatic + by you) + unusable + excluded by you + screened
    screened   = excluded at title/abstract + not yet decided + sought for retrieval
    sought     = not retrieved + awaiting full-text decision + assessed
    assessed   = excluded at full text + included
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..model import Paper
from ..report import Report
from .screening import STAGES, exclusion_reason, verdict

BY_REVIEWER = "marked same in dedup.yml"


@dataclass
class Box:
    """One box of the diagram: its count, what it says, the page listing what it counts."""

    key: str
    label: str
    count: int
    path: str  # the content page listing what it counts
    papers: list[Paper] | None = None  # the papers it counts (None: records, listed on the Report page)
    details: list[tuple[str, int]] = field(default_factory=list)  # per database, per reason
    anchor: str = ""  # the section of that page (the Report page's)


@dataclass
class Flow:
    boxes: dict[str, Box]

    def __getitem__(self, key: str) -> Box:
        return self.boxes[key]

    def balanced(self) -> bool:
        b = {key: box.count for key, box in self.boxes.items()}
        return (b["identified"] == b["duplicates"] + b["duplicates_by_you"] + b["unusable"] + b["excluded_by_you"]
                + b["screened"]
                and b["screened"] == b["excluded_screening"] + b["awaiting_screening"] + b["sought"]
                and b["sought"] == b["not_retrieved"] + b["awaiting_full_text"] + b["assessed"]
                and b["assessed"] == b["excluded_full_text"] + b["included"])


def stages_of(paper: Paper) -> tuple[str, str]:
    """(title-abstract verdict, full-text verdict); a full-text decision implies the paper passed the
    title and abstract, so a reviewer who went straight to the full text is counted at both."""
    first, second = verdict(paper, STAGES[0]), verdict(paper, STAGES[1])
    if first == "" and second in ("include", "exclude", "not-retrieved"):
        first = "include"
    return first, second


def reasons(papers: list[Paper], stage: str) -> list[tuple[str, int]]:
    counts = Counter(exclusion_reason(paper, stage) for paper in papers)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def flow(report: Report, databases: dict[str, str] | None = None) -> Flow:
    databases = databases or {}
    by_file = []
    for file in report.files:
        rejected = sum(problem.level == "rejected" for problem in file.problems)
        name = databases.get(file.path) or databases.get(PurePosixPath(file.path).name) or PurePosixPath(file.path).name
        by_file.append((name, file.records + rejected))
    by_you = sum(reason.endswith(BY_REVIEWER) for paper in report.papers for reason in paper.merge_reasons)
    verdicts = {paper.id: stages_of(paper) for paper in report.papers}
    papers = sorted(report.papers, key=lambda paper: paper.title.casefold())

    def having(test) -> list[Paper]:
        return [paper for paper in papers if test(*verdicts[paper.id])]

    excluded_screening = having(lambda first, second: first == "exclude")
    awaiting_screening = having(lambda first, second: first in ("", "maybe", "conflict"))
    sought = having(lambda first, second: first == "include")
    not_retrieved = having(lambda first, second: first == "include" and second == "not-retrieved")
    awaiting_full_text = having(lambda first, second: first == "include" and second in ("", "maybe", "conflict"))
    excluded_full_text = having(lambda first, second: first == "include" and second == "exclude")
    included = having(lambda first, second: first == "include" and second == "include")
    boxes = [
        Box("identified", "Records identified", report.entries, "report.md", details=by_file, anchor="sources"),
        Box("duplicates", "Duplicate records removed automatically", report.merged - by_you,
            "report.md", anchor="merged-duplicates"),
        Box("duplicates_by_you", "Duplicate records removed by you (dedup.yml)", by_you, "report.md",
            anchor="merged-duplicates"),
        Box("unusable", "Records no reader could use", len(report.rejected_entries), "report.md", anchor="rejected"),
        Box("excluded_by_you", "Records excluded by you before screening", report.excluded_records,
            "report.md", anchor="excluded-by-you"),
        Box("screened", "Records screened", len(papers), "papers/index.md", papers),  # every paper on the site
        Box("excluded_screening", "Records excluded", len(excluded_screening), "screening/excluded-screening.md",
            excluded_screening, reasons(excluded_screening, STAGES[0])),
        Box("awaiting_screening", "Records not yet decided",
            len(awaiting_screening), "screening/index.md", awaiting_screening),
        Box("sought", "Reports sought for retrieval", len(sought), "screening/sought.md", sought),
        Box("not_retrieved", "Reports not retrieved", len(not_retrieved), "screening/not-retrieved.md", not_retrieved),
        Box("awaiting_full_text", "Reports awaiting a full-text decision", len(awaiting_full_text),
            "screening/awaiting-full-text.md", awaiting_full_text),
        Box("assessed", "Reports assessed for eligibility", len(excluded_full_text) + len(included),
            "screening/assessed.md", excluded_full_text + included),
        Box("excluded_full_text", "Reports excluded", len(excluded_full_text), "screening/excluded-full-text.md",
            excluded_full_text, reasons(excluded_full_text, STAGES[1])),
        Box("included", "Studies included in review", len(included), "screening/included.md", included),
    ]
    return Flow({box.key: box for box in boxes})
