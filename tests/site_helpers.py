"""Helpers for tests that look at a built site: build it, serve it on localhost, open it in Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Without these Chromium keeps calling hosts this network refuses.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


SITE_URL = "https://example.org/review/"


def build_site(root: Path, *options: str) -> subprocess.CompletedProcess:
    """Run the real command a user runs: `litsite build` (generate + mkdocs build --strict), for a site
    published at SITE_URL (as the Pages workflow does), so canonical URLs, sitemap and feeds are complete."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LITSITE_SITE_URL": SITE_URL}
    return subprocess.run([sys.executable, "-m", "generator", "build", "--project", str(root), *options],
                          cwd=root, capture_output=True, text=True, env=env, timeout=600)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """Serve a folder on an ephemeral localhost port; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def reader(site: Path):
    """The built site served on localhost and opened in Chromium: yields (base URL, page, the list of
    every URL the page requested), so a test can check that nothing was fetched from another host."""
    with serve(site) as base, chromium_page() as page:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        yield base, page, requests


def off_site(requests: list[str], base: str) -> list[str]:
    """Requests that left the site (data: and blob: URLs never leave the browser)."""
    return [url for url in requests if not url.startswith((base, "data:", "blob:"))]


def browser_available() -> str | None:
    """None when Chromium and Playwright are usable, else the reason they are not."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        return "Debian's chromium is not installed (apt-get install chromium chromium-driver)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def chromium_page(width: int = 1280, height: int = 900):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def search(page, query: str, attempts: int = 4):
    """Type a query into Material's search and return the result items once they show.

    The search index loads in a web worker; on a busy machine a query typed before it is ready can go
    unanswered, so the query is typed again (a reader would do the same) before giving up.
    """
    results = page.locator(".md-search-result__item")
    for attempt in range(attempts):
        page.click(".md-search__input")
        page.fill(".md-search__input", "")
        page.type(".md-search__input", query, delay=20)
        try:
            results.first.wait_for(timeout=8000)
            return results
        except Exception:
            if attempt == attempts - 1:
                raise
    return results


def requires_browser(test):
    """Browser tests skip with the reason where Chromium is missing, and fail instead when
    LITSITE_REQUIRE_BROWSER is set (as .ci/run does once it installed Chromium)."""
    import pytest

    reason = browser_available()
    skip = pytest.mark.skipif(reason is not None and not os.environ.get("LITSITE_REQUIRE_BROWSER"),
                              reason=str(reason))
    return pytest.mark.browser(skip(test))
