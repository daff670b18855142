"""Take the README's screenshots of the built site: `python -m tests.screenshots` after `make site`."""

from __future__ import annotations

import sys
from pathlib import Path

from .site_helpers import chromium_page, serve

REPO = Path(__file__).resolve().parent.parent
SHOTS = {"home.png": "/", "paper.png": None, "papers.png": "/papers/", "stats.png": "/stats/", "map.png": "/map/"}


def main() -> int:
    site = REPO / "site"
    paper = next((site / "papers").glob("a-survey-on-mixture-of-experts-*"))
    out = REPO / "screenshots"
    out.mkdir(exist_ok=True)
    with serve(site) as base, chromium_page(1280, 860) as page:
        for name, path in SHOTS.items():
            page.goto(base + (path or f"/papers/{paper.name}/"), wait_until="networkidle")
            page.screenshot(path=str(out / name))
            print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
