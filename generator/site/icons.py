"""Material's inline icons (header, search, palette) moved into one sprite file that pages reference.

Every page carries the same seven inline <svg> icons, 2 KB of a 15 KB paper page. A page keeps a tiny
<svg viewBox=...><use xlink:href="…/assets/litsite-icons.svg#id"/></svg> per icon, so Material's CSS
(which styles `svg` inside its buttons) applies unchanged, and the browser fetches the sprite once.
The link is `xlink:href`, not `href`: Material's instant navigation re-assigns every `[href]` element's
`href` property, which an SVG element only has a getter for; the error left the old page on screen.
Only the theme's markup outside <article> is touched: icons in page content stay as they are.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

SPRITE = "assets/litsite-icons.svg"
INLINE_ICON = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="(?P<box>[\d .\-]+)">'
                         r'(?P<body>(?:<path d="[^"<>]*"/>)+)</svg>')
ARTICLE = re.compile(r"(<article\b.*?</article>)", re.S)  # page content; the rest is the theme's


class IconSprite:
    def __init__(self) -> None:
        self.symbols: dict[str, tuple[str, str]] = {}  # id -> (viewBox, body)

    def _reference(self, match: re.Match, sprite_url: str) -> str:
        box, body = match.group("box"), match.group("body")
        ident = "i" + hashlib.sha1(f"{box}|{body}".encode()).hexdigest()[:10]
        self.symbols[ident] = (box, body)
        return f'<svg viewBox="{box}"><use xlink:href="{sprite_url}#{ident}"/></svg>'

    def replace(self, html: str, sprite_url: str) -> str:
        """`html` with the theme's inline icons referencing the sprite at `sprite_url` (relative to the page)."""
        parts = ARTICLE.split(html)  # odd indexes are the article: left alone
        for index in range(0, len(parts), 2):
            parts[index] = INLINE_ICON.sub(lambda match: self._reference(match, sprite_url), parts[index])
        return "".join(parts)

    def write(self, site_dir: Path) -> None:
        if not self.symbols:
            return
        symbols = "".join(f'<symbol id="{ident}" viewBox="{box}">{body}</symbol>'
                          for ident, (box, body) in sorted(self.symbols.items()))
        path = site_dir / SPRITE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n', encoding="utf-8")
