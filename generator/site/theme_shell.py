"""Paper pages filled into a theme shell instead of each rendered through Material's templates.

Material's page template took about half of a 10,000-paper build, yet every paper page comes out of it the
same but for four values: its title, description, public address and content (the pages sit at the same
depth, so every relative link is the same; they carry no navigation of their own). So the template is
rendered once with a marker in place of each value (the shell) and each paper page is the shell with its
own values put in. Whatever the template decides from a page (whether it has a description, whether its
content opens with a heading, its other front matter) makes a shell of its own, and each shell is checked
against a full render of the first page it serves: if the two differ in one character, pages of that kind
are rendered in full, as before. Every CHECK_EVERY-th filled page is checked the same way: a theme override
that derives something else from a page (a reading time from its length) would make the shell wrong for
later pages of a kind; such a page is reported (a warning: `strict` builds stop) and its kind is rendered
in full from then on.
"""

from __future__ import annotations

import copy
import re

CONTENT = "litsite-shell-content-7f3a9c"
HEADED_CONTENT = "<h1>litsite-shell-headed-content-7f3a9c</h1>"  # Material adds an <h1> to content without one
TITLE = "litsite-shell-title-7f3a9c"
DESCRIPTION = "litsite-shell-description-7f3a9c"
ADDRESS = "https://litsite-shell-address-7f3a9c.invalid/"
MARKERS = re.compile("(" + "|".join(re.escape(marker) for marker in
                                   (HEADED_CONTENT, CONTENT, TITLE, DESCRIPTION, ADDRESS)) + ")")
TEMPLATE = "main.html"
CHECK_EVERY = 500  # filled pages between two checks against a full render
VALUES = ("title", "description")  # front matter put in per page; the rest of it is part of a shell's kind


def kind(page) -> tuple:
    """What Material's templates decide from a page, beyond the values filled in per page."""
    meta = tuple(sorted((key, repr(value)) for key, value in page.meta.items() if key not in VALUES))
    return (meta, tuple((key in page.meta, bool(page.meta.get(key))) for key in VALUES), "<h1" in (page.content or ""),
            bool(page.canonical_url), page.title == page.meta.get("title"), page.url.count("/"))


def marked(page):
    """A copy of the page whose own values are markers."""
    shell_page = copy.copy(page)
    shell_page.meta = {**page.meta, **{key: marker for key, marker in (("title", TITLE), ("description", DESCRIPTION))
                                       if page.meta.get(key)}}
    shell_page.title = TITLE
    shell_page.content = HEADED_CONTENT if "<h1" in (page.content or "") else CONTENT
    if page.canonical_url:
        shell_page.canonical_url = ADDRESS
    return shell_page


class ThemeShell:
    """Shells by page kind; `render(context, page)` gives a page's output, filled or rendered in full."""

    def __init__(self, env):
        self.env = env
        self.shells: dict[tuple, list[str] | None] = {}  # None: this kind is rendered in full
        self.filled = 0
        self.refused: list[str] = []  # the first page of each kind whose shell did not match its full render
        self.differed: list[str] = []  # a later page whose filled shell did not match: pages before it may be wrong

    def render(self, context: dict, page) -> str:
        key = kind(page)
        template = self.env.get_template(TEMPLATE)
        if key not in self.shells:
            full = template.render(context)
            parts = MARKERS.split(template.render({**context, "page": marked(page)}))
            self.shells[key] = parts if fill(parts, page) == full else None
            if self.shells[key] is None:
                self.refused.append(page.file.src_uri)
            return full
        parts = self.shells[key]
        if parts is None:
            return template.render(context)
        self.filled += 1
        filled = fill(parts, page)
        if self.filled % CHECK_EVERY == 0:
            full = template.render(context)
            if filled != full:
                self.shells[key] = None
                self.differed.append(page.file.src_uri)
                return full
        return filled


def fill(parts: list[str], page) -> str:
    """A shell (text, marker, text, ...) with the page's own values in place of the markers."""
    content = page.content or ""
    values = {CONTENT: content, HEADED_CONTENT: content, TITLE: str(page.meta.get("title", page.title)),
              DESCRIPTION: str(page.meta.get("description", "")), ADDRESS: page.canonical_url or ""}
    return "".join(values[part] if index % 2 else part for index, part in enumerate(parts))
