"""Hugging Face papers API JSON: /api/daily_papers items ({"paper": {...}, "title": ...}) and plain papers."""

from __future__ import annotations


from ..model import Location, Problem, Record
from .base import Reader, ReadResult, one_record, parse_json
from .csl_json import LineFinder
from .fields import family_first, parse_date, year_of, clean_text, find_arxiv_id


class HuggingFaceJSONReader(Reader):
    name = "hf-papers-json"
    label = "Hugging Face JSON"
    extensions = (".json",)

    def sniff(self, text: str) -> bool:
        head = text.lstrip("\ufeff \n\t")[:3000]
        return head.startswith(("[", "{")) and ('"paper"' in head or '"publishedAt"' in head) \
            and '"summary"' in text[:200000]

    def read(self, text: str, path: str) -> ReadResult:
        result = ReadResult()
        data = parse_json(text, path, result)
        if data is None:
            return result
        items = data if isinstance(data, list) else [data]
        line_of = LineFinder(text)
        result.found = len(items)
        for index, item in enumerate(items):
            paper = item.get("paper", item) if isinstance(item, dict) else None
            if not isinstance(paper, dict):
                result.problems.append(Problem(Location(path, 1), f"item {index + 1} is not an object", "rejected"))
                continue
            paper_id = str(paper.get("id", ""))
            location = Location(path, line_of(paper_id))
            with one_record(result, location, f"paper {paper_id or index + 1}"):
                # The item's own title is clean; paper.title keeps the line wraps of the arXiv listing.
                title = clean_text(str(item.get("title") or paper.get("title") or ""))
                if not title:
                    result.problems.append(Problem(location, f"paper {paper_id or index + 1} has no title, not read",
                                                   "rejected"))
                    continue
                authors = tuple(family_first(str(author.get("name", ""))) for author in paper.get("authors") or []
                                if isinstance(author, dict) and not author.get("hidden"))
                authors = tuple(name for name in authors if name)
                date = parse_date(str(paper.get("publishedAt") or item.get("publishedAt") or "")[:10])
                arxiv_id, version = find_arxiv_id(paper_id, trusted=True)
                upvotes = paper.get("upvotes")
                result.records.append(Record(
                    record_id=f"hf:{paper_id}" if paper_id else str(location),
                    location=location,
                    title=title,
                    abstract=clean_text(str(paper.get("summary") or item.get("summary") or "")),
                    source_format=self.name,
                    authors=authors,
                    author_count=len(authors) or None,
                    year=year_of(date),
                    date=date,
                    upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
                    arxiv_id=arxiv_id,
                    arxiv_version=version,
                    url=f"https://huggingface.co/papers/{paper_id}" if arxiv_id else "",
                    keywords=tuple(str(k) for k in paper.get("ai_keywords") or [] if isinstance(k, str))[:12],
                    entry_type="misc",
                ))
        return result
