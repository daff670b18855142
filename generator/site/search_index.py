"""The site's search index: Pagefind reads the built pages and writes site/pagefind/.

Pagefind (its binary ships in the `pagefind-bin` wheel on PyPI, so nothing is downloaded at build time)
indexes every word of the pages marked `data-pagefind-body` (the litsite plugin marks each page not excluded
from search: papers and the user's own pages, not the listings) and splits the index into fragments that a
browser fetches as a query needs them. Material's search, which litsite used before, loads its whole index
into every reader's browser: at 10,000 papers that was 3 s to a first result with only 20 words of each
abstract; with Pagefind the search box shows a first result in under 1 s, every word indexed
(benchmarks/RESULTS.md).
It folds accents ("Merrienboer" finds "Merriënboer") and stems English words ("SSMs" finds "SSM").
The search box and its script are theme_overrides/partials/header.html and content/assets/search.js.

Pagefind scores every page a query's words are on, so in a large site a common word takes seconds (at
77,482 papers "attention" 4-6 s, "state space" 12 s). So the box shows the titles that match first, then the
whole answer: from a list of the papers' titles generation writes (TITLES_LIST; answered as each key is
typed), or, with litsite.yml's search_titles_first set to true, from a second Pagefind index of each
indexed page's first heading alone (site/pagefind-titles/, 22 MB at 77,482 papers; 0.1-1.6 s a query there).

A full build hands each page to Pagefind's service mode as MkDocs finishes it (LiveIndex), so Pagefind
never reads the built folder back; most of its time is still the index it writes at the end (15-20 s at
10,000 papers on the 2-core machine of benchmarks/RESULTS.md). `litsite serve`, whose rebuilds render only
the pages that changed, re-indexes the whole built folder with the command line in the background (start).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

FOLDER = "pagefind"  # in the built site
MARK = "data-pagefind-body"  # on a page's <article>: index this page, and only its content
IGNORE = "data-pagefind-ignore"  # on parts of a page the index leaves out (related papers, citation, sources)
# From this many papers, with abstracts indexed, searches for common words take seconds (Pagefind scores every
# page a word is on). Measured here with Pagefind 1.5.2: at 29,195 papers "attention" 0.8 s and "transformer
# models" 5-6 s; at 77,482, 4.4-6.5 s and 34-41 s; without abstracts, at 29,195: 0.11 s and 0.9 s.
SLOW_FROM = 20_000
# From SLOW_FROM papers a second, small index of the pages' titles alone answers first (a few hundred ms at
# 77,482 papers: "attention" 0.14-0.31 s, "transformer models" 0.7-1.0 s) while the whole pages' index is
# still searched; content/assets/search.js shows the titles' results, then the whole answer.
TITLES_FOLDER = "pagefind-titles"
# Generation writes the papers' titles and pages in this file (docs_dir, so also the built site): the search
# box finds titles in it as keys are typed, then shows Pagefind's whole answer.
TITLES_LIST = "papers/titles.json"


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says which and how to fix it."""


def command(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind_bin", "--site", str(site), "--output-subdir", FOLDER, "--silent"]


def start(site: Path) -> subprocess.Popen:
    """Index in the background (`litsite serve`: the page reloads without waiting for the index)."""
    return subprocess.Popen(command(site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def titles_first(setting: bool | None) -> bool:
    """Whether the box shows the titles that match before the whole pages' answer: unless litsite.yml's
    search_titles_first is false."""
    return setting is not False


def titles_index(setting: bool | None) -> bool:
    """Whether the build writes the titles' own Pagefind index: only when search_titles_first is true. Left
    to litsite (auto), the box finds titles in TITLES_LIST instead: at 77,482 papers 5-80 ms a query in the
    browser's own code, where the titles' index took 0.1-1.6 s (benchmarks/RESULTS.md)."""
    return setting is True


def titles_listed(setting: bool | None) -> bool:
    """Whether generation writes TITLES_LIST and the box finds titles in it (search_titles_first: auto)."""
    return setting is None


LANGUAGE = re.compile(r'<html\b[^>]*\blang="([^"]*)"')
BODY = re.compile(f"<article\\b[^>]*\\b{MARK}[^>]*>")
HEADING = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)


def indexed_part(html: str) -> str:
    """The page as Pagefind needs it: its language and its <article data-pagefind-body> (the page whole
    when it has no marked article)."""
    start = BODY.search(html)
    end = html.rfind("</article>")
    if not start or end < start.end():
        return html
    return page_of(html, start.start(), html[start.start():end + len("</article>")])


def title_part(html: str) -> str | None:
    """The page as the titles' index needs it: its language and the first heading of its marked article
    (None for a page without one)."""
    start = BODY.search(html)
    heading = HEADING.search(html, start.end()) if start else None
    if heading is None:
        return None
    return page_of(html, start.start(), f"{start.group(0)}{heading.group(0)}</article>")


def page_of(html: str, article_at: int, article: str) -> str:
    language = LANGUAGE.search(html, 0, article_at)
    return (f'<!doctype html><html lang="{language.group(1) if language else "en"}"><body>'
            f"{article}</body></html>")


class LiveIndex:
    """Pages handed to Pagefind's service (`pagefind --service`: base64 JSON messages, each followed by a
    comma, on its stdin and stdout) as the build produces them; `finish` writes the index. Requests are
    not waited for one by one: a thread reads the answers, keeping errors, while the build goes on."""

    def __init__(self, service: list[str] | None = None) -> None:
        """`service`: the command that starts Pagefind's service (Pagefind's own from its wheel by default)."""
        try:
            if service is None:
                from pagefind_bin import get_executable
                service = [str(get_executable()), "--service"]
            self.process = subprocess.Popen(service, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL)
        except (ImportError, OSError) as error:
            raise SearchIndexError(f"the search index needs Pagefind, which could not start here ({error}): run "
                                   "`pip install -e .` (or `make site`) to install litsite's dependencies") from None
        self.sent = 0
        self.pages = 0
        self.errors: list[str] = []
        self.answers: dict[int, dict] = {}
        self.answered = threading.Condition()
        self.reader = threading.Thread(target=self._read_answers, daemon=True)
        self.reader.start()
        self.index_id = self._wait(self._send({"type": "NewIndex", "config": {}}))["index_id"]

    def add(self, url: str, html: str) -> None:
        """Index one built page, found at `url` (from the site's root: "/papers/x/"). Pagefind is handed the
        page's language and its marked content only: parsing the theme around the content was about a third
        of Pagefind's work at 10,000 papers (18.7 s for whole pages, 12.0 s for their articles)."""
        self._send({"type": "AddFile", "index_id": self.index_id, "file_path": None, "url": url,
                    "file_contents": indexed_part(html)})
        self.pages += 1

    def finish(self, folder: Path) -> int:
        """Write the index into `folder`; returns how many pages it holds.

        Pagefind is asked for the files and litsite writes them, rather than letting the service write
        them: the service answers its WriteFiles request once it has handed its writes to tokio, which
        finishes them on a thread pool (nothing flushes them), and it exits the moment its input closes. A
        write still in flight then is lost: the likely cause of the search that said "Failed to load
        Pagefind metadata" (its pagefind-entry.json unreadable) on one CI build in each of sessions 5-7."""
        try:
            answer = self._wait(self._send({"type": "GetFiles", "index_id": self.index_id}))
        finally:
            self.close()
        if answer.get("type") == "Error" or self.errors:
            raise SearchIndexError("Pagefind failed while writing the search index: "
                                   + "; ".join([*self.errors, answer.get("message", "")][:5]))
        for file in answer["files"]:
            target = folder / file["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))
        return self.pages

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _send(self, payload: dict) -> int:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
        except (BrokenPipeError, ValueError):
            raise SearchIndexError("Pagefind stopped while indexing the site") from None
        return self.sent

    def _wait(self, message_id: int) -> dict:
        self.process.stdin.flush()
        with self.answered:
            while message_id not in self.answers:
                if not self.answered.wait(timeout=300) or not self.reader.is_alive() and message_id not in self.answers:
                    raise SearchIndexError("Pagefind did not answer while indexing the site")
            return self.answers.pop(message_id)

    def _read_answers(self) -> None:
        """Answers arrive as base64 text ending in a comma; the index's files come in one answer of tens of
        megabytes, so its pieces are gathered in a list and joined once (not appended chunk by chunk)."""
        pieces: list[bytes] = []
        stream = self.process.stdout
        while True:
            chunk = stream.read1(1 << 16)
            if not chunk:
                break
            *complete, rest = chunk.split(b",")
            for part in complete:
                pieces.append(part)
                self._answer(b"".join(pieces))
                pieces = []
            if rest:
                pieces.append(rest)
        with self.answered:
            self.answered.notify_all()

    def _answer(self, encoded: bytes) -> None:
        answer = json.loads(base64.b64decode(encoded))
        payload = answer.get("payload") or {}
        if payload.get("type") == "Error":
            self.errors.append(str(payload.get("message", "")))
        with self.answered:
            if payload.get("type") in ("NewIndex", "GetFiles", "Error"):
                self.answers[answer.get("message_id") or 0] = payload
            self.answered.notify_all()


class SiteIndexes:
    """The site's indexes, fed page by page as the build finishes them: the whole pages' (Pagefind's own
    folder), and with `titles_first` the titles' alone beside it. Each is a Pagefind service of its own,
    started with the first page it gets, so the two are written side by side on the two cores."""

    def __init__(self, titles_first: bool) -> None:
        self.titles_first = titles_first
        self.whole: LiveIndex | None = None
        self.titles: LiveIndex | None = None

    def add(self, url: str, html: str) -> None:
        self.whole = self.whole or LiveIndex()
        self.whole.add(url, html)
        heading = title_part(html) if self.titles_first else None
        if heading is not None:
            self.titles = self.titles or LiveIndex()
            self.titles.add(url, heading)

    def finish(self, site: Path) -> None:
        """Write every index into its folder of the built site (an empty whole index for a site with no page
        to index, so the search box finds one)."""
        writes = {site / FOLDER: self.whole or LiveIndex()}
        if self.titles is not None:
            writes[site / TITLES_FOLDER] = self.titles
        self.whole = self.titles = None
        failed: list[SearchIndexError] = []

        def write(folder: Path, index: LiveIndex) -> None:
            try:
                index.finish(folder)
            except SearchIndexError as error:
                failed.append(error)

        threads = [threading.Thread(target=write, args=item) for item in writes.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failed:
            raise failed[0]

    def close(self) -> None:
        """Stop the services without writing (a failed build)."""
        for index in (self.whole, self.titles):
            if index is not None:
                index.close()
        self.whole = self.titles = None
