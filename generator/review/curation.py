"""The researcher's curation from litsite.yml: papers to exclude (with a reason), tags to rename or merge,
papers to feature on the home page. Papers are named by id, arXiv id, DOI or slug, as in notes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import Location, Paper, Problem, Tag, paper_keys


@dataclass
class Curation:
    exclude: dict[str, str] = field(default_factory=dict)  # paper key -> reason
    rename_tags: dict[str, str] = field(default_factory=dict)  # old slug -> new slug
    featured: tuple[str, ...] = ()


def find(papers: list[Paper], key: str) -> Paper | None:
    key = key.lower()
    return next((paper for paper in papers if key in paper_keys(paper)), None)


def exclude(papers: list[Paper], curation: Curation, where: str) -> tuple[list[Paper], list[tuple[Paper, str]],
                                                                         list[Problem]]:
    """Papers kept, papers excluded with their reason (still counted in the report), and unknown names."""
    excluded: dict[str, tuple[Paper, str]] = {}
    problems = []
    for key, reason in curation.exclude.items():
        paper = find(papers, key)
        if paper is None:
            problems.append(Problem(Location(where, 1), f"curation.exclude: no paper {key!r} in the collection"))
        else:
            excluded[paper.id] = (paper, reason)
    return [paper for paper in papers if paper.id not in excluded], list(excluded.values()), problems


class RenameTags:
    """Enrichment step: rename a tag, or merge it into another, on every paper."""

    def __init__(self, renames: dict[str, str], tags: dict[str, Tag]):
        self.renames = renames
        for old, new in renames.items():
            if new not in tags:
                label = tags[old].label if old in tags else new.replace("-", " ").capitalize()
                tags[new] = replace(tags.get(old, Tag(new, label)), slug=new)

    def __call__(self, papers: list[Paper]) -> list[Paper]:
        if not self.renames:
            return papers
        renamed = []
        for paper in papers:
            tags = tuple(sorted({self.renames.get(tag, tag) for tag in paper.tags}))
            mentions = tuple(sorted({self.renames.get(tag, tag) for tag in paper.mentions} - set(tags)))
            renamed.append(replace(paper, tags=tags, mentions=mentions))
        return renamed
