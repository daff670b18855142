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

The plugin's work on every built page (icons, the policy, compact HTML: about a sixth of a 10,000-paper
build) is done the same way: once on a shell, with the markers still in, and per page on its values alone
(`finish`). It is checked as the shells are: against the plugin's work on the whole page for the first
page of each kind and every CHECK_EVERY-th (a later page that differs is reported, and its kind is worked
whole from then on); a page whose values could read differently alone than inside the page (whitespace at
an end, a tag the page's work looks for) gets the work on the whole page.
"""

from __future__ import annotations

import copy
import re
from typing import Callable

from .compact import compact, compacts_alone

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
        self.served: dict[str, tuple] = {}  # a page filled into a shell (its source) -> the shell's kind
        self.finished: dict[tuple, list[str] | None] = {}  # (kind, how) -> the shell after the plugin's work
        self.finished_pages = 0
        self.unfinished: list[str] = []  # a later page whose finished shell did not match: earlier ones may differ

    def render(self, context: dict, page) -> str:
        key = kind(page)
        template = self.env.get_template(TEMPLATE)
        if key not in self.shells:
            full = template.render(context)
            parts = MARKERS.split(template.render({**context, "page": marked(page)}))
            self.shells[key] = parts if fill(parts, page) == full else None
            if self.shells[key] is None:
                self.refused.append(page.file.src_uri)
            else:
                self.served[page.file.src_uri] = key
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
        self.served[page.file.src_uri] = key
        return filled

    def finish(self, page, output: str, work: Callable[[str], str], how: tuple = ()) -> str:
        """`work(output)`: the plugin's work on a built page (icons, policy, compact HTML). For a page filled
        into a shell it is done on the shell once; the page's values are only compacted: the icons and the
        policy's scripts are looked for outside the page's content, and its other values hold no tag.
        `how`: whatever else the work's result depends on (the sprite's address, the policy so far)."""
        key = self.served.pop(page.file.src_uri, None)
        if key is None or self.shells.get(key) is None:
            return work(output)
        values = own_values(page)
        if not finished_alike_alone(values):
            return work(output)
        slot = (key, how)
        first = slot not in self.finished
        if first:
            parts = self.shells[key]
            done = MARKERS.split(work("".join(parts)))
            self.finished[slot] = done if done[1::2] == parts[1::2] else None
        else:
            self.finished_pages += 1
        checked = first or self.finished_pages % CHECK_EVERY == 0
        done = self.finished[slot]
        if done is None:
            return work(output)
        values[CONTENT] = values[HEADED_CONTENT] = compact(values[CONTENT])
        finished = "".join(values[part] if index % 2 else part for index, part in enumerate(done))
        if checked:
            whole = work(output)
            if finished != whole:
                self.finished[slot] = None
                if not first:
                    self.unfinished.append(page.file.src_uri)
                return whole
        return finished


def finished_alike_alone(values: dict[str, str]) -> bool:
    """Whether the plugin's work on the page makes of each value what compacting it alone makes: the content
    compacts alone and holds no <article> (outside which the icons and scripts are looked for), and the
    other values hold no tag, no line break and no whitespace at an end (compact leaves them as they are)."""
    content = values[CONTENT]
    return compacts_alone(content) and "<article" not in content and "</article>" not in content and \
        not any("<" in value or "\n" in value or value != value.strip()
                for marker, value in values.items() if marker not in (CONTENT, HEADED_CONTENT))


def own_values(page) -> dict[str, str]:
    """The page's own value for each marker."""
    content = page.content or ""
    return {CONTENT: content, HEADED_CONTENT: content, TITLE: str(page.meta.get("title", page.title)),
            DESCRIPTION: str(page.meta.get("description", "")), ADDRESS: page.canonical_url or ""}


def fill(parts: list[str], page) -> str:
    """A shell (text, marker, text, ...) with the page's own values in place of the markers."""
    values = own_values(page)
    return "".join(values[part] if index % 2 else part for index, part in enumerate(parts))
