"""Smaller pages: whitespace runs that contain a line break become one line break, outside <pre>,
<textarea> and <script>. Browsers render the result identically (a line break is whitespace), and a
paper page loses about a quarter of its bytes, most of it Material's template indentation."""

from __future__ import annotations

import re

PRESERVED = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
BREAKING_WHITESPACE = re.compile(r"[ \t]*\n\s*")


def compact(html: str) -> str:
    parts = PRESERVED.split(html)
    # split() with two groups yields: text, whole match, tag name, text, ...
    out = []
    for index in range(0, len(parts), 3):
        out.append(BREAKING_WHITESPACE.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
