"""Helpers for tests that look at a built site: build it, serve it on localhost, open it in Chromium."""

from __future__ import annotations

import functools
import mimetypes
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

CHROMIUM = Path("/usr/bin/chromium")
# Without these Chromium keeps calling hosts this network refuses.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


SITE_URL = "https://example.org/review/"
REPO = Path(__file__).resolve().parent.parent


def copy_tracked_files(target: Path) -> Path:
    """The repository as `git clone` gives it: the files git tracks, as they are in this working tree (so
    uncommitted work is tried too), copied to `target`."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    return target


def free_port() -> int:
    """A localhost port nothing listens on now (for `litsite serve` in tests and benchmarks)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
def reader(site: Path, width: int = 1280, height: int = 900, bypass_csp: bool = False):
    """The built site opened in Chromium as deployed: at its public address SITE_URL, under the sub-path
    project Pages serve it from, so Material's instant navigation (which only follows links its sitemap lists
    for this host) is on exactly as for a reader. Every request is answered from `site` by the browser's
    request routing, nothing reaches the network: a request to any other address is refused and recorded.
    Yields (base URL without the trailing slash, page, every URL requested, every console or page error)."""
    with chromium_page(width, height, bypass_csp) as page:
        requests: list[str] = []
        errors: list[str] = []
        page.route("**/*", functools.partial(_answer_from, site))
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("response", lambda response: errors.append(f"{response.status}: {response.url}")
                if response.status >= 400 else None)  # names what the console's "Failed to load" does not
        page.errors = errors
        yield SITE_URL.rstrip("/"), page, requests


def _answer_from(site: Path, route) -> None:
    """Answer a request for SITE_URL/... with the file GitHub Pages would send (index.html for a folder,
    404.html with status 404 for anything missing); refuse every other address."""
    url = route.request.url.split("#")[0].split("?")[0]
    if not url.startswith(SITE_URL):
        route.abort()
        return
    relative = unquote(url[len(SITE_URL):])
    path = (site / relative).resolve()
    if path.is_dir():
        path = path / "index.html"
    if not path.is_relative_to(site.resolve()) or not path.is_file():
        missing = site / "404.html"
        route.fulfill(status=404, body=missing.read_bytes() if missing.exists() else b"", content_type="text/html")
        return
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    # Theme assets may be cached, as GitHub Pages lets browsers do: each page load then asks the route
    # for its HTML only (a routed request costs tens of milliseconds). Pages are always asked for.
    cache = {} if path.suffix == ".html" else {"Cache-Control": "max-age=600"}
    body = path.read_bytes()
    asked = RANGE.fullmatch(route.request.headers.get("range", ""))
    if asked:  # a byte range, as GitHub Pages answers one (a paper page's export buttons ask for their entry)
        first, last = int(asked.group(1)), min(int(asked.group(2)), len(body) - 1)
        route.fulfill(status=206, body=body[first:last + 1], content_type=kind,
                      headers={**cache, "Content-Range": f"bytes {first}-{last}/{len(body)}"})
        return
    route.fulfill(status=200, body=body, content_type=kind, headers=cache)


RANGE = re.compile(r"bytes=(\d+)-(\d+)")


def off_site(requests: list[str], base: str) -> list[str]:
    """Requests for anything outside the site (data: and blob: URLs never leave the browser)."""
    return [url for url in requests if not url.startswith((base + "/", "data:", "blob:"))]


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
def chromium_page(width: int = 1280, height: int = 900, bypass_csp: bool = False):
    """A Chromium page; `bypass_csp` lets a test inject a script (axe-core) past the site's policy."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
            yield page
        finally:
            browser.close()


SEARCH_INPUT = "#litsite-search-input"
SEARCH_RESULTS = ".litsite-search__result"
# True once the box's status line names query q and answered it: results listed, or "Nothing matches".
# The search box answers query q: results (or "Nothing matches") on screen for q. SEARCH_SHOWN accepts the
# titles' answer a large site shows first; SEARCH_ANSWERED waits for the whole pages' (content/assets/search.js).
SEARCH_SHOWN = ("q => { const status = document.querySelector('.litsite-search__status'); const s = status.textContent;"
                " const n = document.querySelectorAll('.litsite-search__result').length;"
                " return s.includes('\u201c' + q + '\u201d') && (s.startsWith('Nothing') || n > 0); }")
SEARCH_ANSWERED = SEARCH_SHOWN.replace("q => {", "q => { if (document.querySelector('.litsite-search__status')"
                                      ".getAttribute('data-state') === 'titles') return false;", 1)


def search(page, query: str, attempts: int = 3):
    """Type a query into the header's search box, as a reader does, and return the result items once the
    status line answers this query (so results of an earlier query are never taken for these).

    A try that gets no answer within 10 s reloads the page before the next (a module import that failed
    once stays failed in that document); the last failure says what the status line showed and what the
    console logged (in sessions 5-7 one fresh-clone CI run each found search "Failed to load Pagefind
    metadata" on the real-export site: a build that lost a write of Pagefind's, see search_index.finish)."""
    results = page.locator(SEARCH_RESULTS)
    shown = ""
    for attempt in range(attempts):
        if attempt:
            page.reload(wait_until="networkidle")
        page.click(SEARCH_INPUT)
        page.fill(SEARCH_INPUT, "")
        page.type(SEARCH_INPUT, query, delay=20)
        try:
            page.wait_for_function(SEARCH_ANSWERED, arg=query, timeout=10000)
            return results
        except Exception as error:
            shown = page.evaluate("(document.querySelector('.litsite-search__status') || {}).textContent")
            if attempt == attempts - 1:
                raise AssertionError(f"search {query!r} got no answer in {attempts} tries; the status line "
                                     f"said {shown!r}; the console: {getattr(page, 'errors', [])[-5:]}") from error
    return results


def requires_browser(test):
    """Browser tests skip with the reason where Chromium is missing, and fail instead when
    LITSITE_REQUIRE_BROWSER is set (as .ci/run does once it installed Chromium)."""
    import pytest

    reason = browser_available()
    skip = pytest.mark.skipif(reason is not None and not os.environ.get("LITSITE_REQUIRE_BROWSER"),
                              reason=str(reason))
    return pytest.mark.browser(skip(test))
