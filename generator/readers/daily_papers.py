"""Reader for Hugging Face "Daily Papers" pages saved as plain text (three layouts, one parser).

The layouts differ only in blank lines, so the parser works on non-blank lines and classifies each:
- page chrome at the top ("new", "Subscribe", "Daily Papers", "Apr 14", ...), possibly glued to the
  first title ("SubscribeSum-Product Networks ...");
- the trailer after an abstract: "  • 5 authors", "·", "Oct 15, 2024" with optional upvotes ("Mar 31, 2025 1");
- a title (short, no final full stop) or an abstract (everything else); a second abstract-like
  paragraph continues the abstract before it.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..model import Location, Problem, Record
from .base import Reader, ReadResult, one_record

CHROME_LINES = {
    "new",
    "subscribe",
    "daily papers",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "byak and the research community",
}
CHROME_PREFIX = "Subscribe"
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
PAGE_DATE = re.compile(rf"^(?:{MONTHS}) \d{{1,2}}$")
AUTHORS = re.compile(r"^\s*•\s*(\d+)\s+authors?\s*$")
SEPARATOR = re.compile(r"^\s*·\s*$")
DATE = re.compile(rf"^\s*((?:{MONTHS}) \d{{1,2}}, \d{{4}})(?:\s+(\d+))?\s*$")
# Titles in the wild reach ~250 characters; abstracts are rarely under 300 and end with a full stop.
MAX_TITLE_LENGTH = 300


def looks_like_title(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= MAX_TITLE_LENGTH and not stripped.endswith(".")


class DailyPapersTextReader(Reader):
    name = "hf-daily-papers-text"
    label = "Daily Papers text"
    extensions = (".txt", ".text", ".md")

    def sniff(self, text: str) -> bool:
        head = text[:4000].lower()
        if "daily papers" in head or "get trending papers" in head:
            return True
        # Without the chrome, accept plain text whose first lines alternate short and long paragraphs.
        lines = [line for line in text.splitlines()[:40] if line.strip()]
        return len(lines) >= 2 and looks_like_title(lines[0]) and not looks_like_title(lines[1])

    def read(self, text: str, path: str) -> ReadResult:
        result = ReadResult()
        current: dict | None = None
        in_header = True

        def finish() -> None:
            nonlocal current
            if current is None:
                return
            where = Location(path, current["line"])
            if not current["abstract"]:
                result.problems.append(Problem(
                    where, f"title without an abstract, not kept: {current['title'][:80]!r}", "rejected"))
            else:
                result.records.append(Record(
                    record_id=str(where),
                    location=where,
                    title=current["title"],
                    abstract=" ".join(current["abstract"]),
                    author_count=current.get("author_count"),
                    date=current.get("date"),
                    upvotes=current.get("upvotes"),
                    source_format=self.name,
                ))
            current = None

        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.strip()
            if not line:
                continue
            if in_header:
                if line.lower() in CHROME_LINES or PAGE_DATE.match(line):
                    result.skipped.append(f"line {number}: page chrome {line!r}")
                    continue
                if line.startswith(CHROME_PREFIX) and len(line) > len(CHROME_PREFIX):
                    result.skipped.append(f"line {number}: page chrome {CHROME_PREFIX!r} glued to the first title")
                    line = line[len(CHROME_PREFIX):].strip()
                in_header = False
            trailer = True  # a trailer line whose value cannot be used is reported, then skipped
            with one_record(result, Location(path, number), "trailer line (the paper is kept without it)", "warning"):
                trailer = self._read_trailer(line, number, current, result, path)
            if trailer:
                continue
            if looks_like_title(line):
                finish()
                current = {"title": line, "line": number, "abstract": []}
            elif current is None or "trailer" in current:
                result.problems.append(Problem(
                    Location(path, number), "paragraph without a title before it, not kept", "rejected"))
            else:
                if current["abstract"]:
                    result.problems.append(Problem(
                        Location(path, number), "second paragraph after an abstract: joined to that abstract"))
                current["abstract"].append(line)
        finish()
        return result

    @staticmethod
    def _read_trailer(line: str, number: int, current: dict | None, result: ReadResult, path: str) -> bool:
        """Consume a trailer line ("• N authors", "·", "Oct 15, 2024 [upvotes]") into the current record."""
        authors = AUTHORS.match(line)
        date = DATE.match(line)
        if not (authors or date or SEPARATOR.match(line)):
            return False
        if current is None:
            result.problems.append(Problem(Location(path, number), f"trailer line {line!r} before any paper, ignored"))
            return True
        current["trailer"] = True
        if authors:
            current["author_count"] = int(authors.group(1))
        elif date:
            current["date"] = datetime.strptime(date.group(1), "%b %d, %Y").date().isoformat()
            if date.group(2):
                current["upvotes"] = int(date.group(2))
        return True
