"""`litsite serve`: a note edit reaches the open page by itself, with one rebuild, and generation reuses
the enriched papers when only notes changed. (How fast: benchmarks/serve_latency.py.)"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from generator.config import load_config
from generator.pipeline import Memo, generate

from .conftest import make_project
from .site_helpers import chromium_page, free_port, requires_browser, search

pytestmark = pytest.mark.e2e

BIB = "".join(f"@article{{paper{n}, title={{Sparse mixtures of experts for speech number {n}}}, "
              f"author={{Moreau, Claire and Okafor, Ngozi}}, journal={{Speech Letters}}, year={{20{10 + n}}}, "
              f"abstract={{Experts routed by a gate for acoustic model {n} and its decoding.}}}}\n"
              for n in range(6))


def test_a_note_edit_reuses_the_enriched_papers(tmp_path, monkeypatch):
    root = make_project(tmp_path / "review", sources={"speech.bib": BIB})
    config = load_config(root)
    memo = Memo()
    first = generate(config, memo=memo)
    assert memo.enriched is not None and first.unchanged is None
    (root / "notes").mkdir()
    slug = first.corpus.papers[0].slug
    (root / "notes" / f"{slug}.md").write_text("---\nstatus: read\n---\nGating matters here.\n")
    calls = []
    monkeypatch.setattr("generator.pipeline.prepare", lambda *args: calls.append(args))
    second = generate(load_config(root), memo=memo)
    assert calls == []  # sources and settings unchanged: nothing read or enriched again
    assert "Gating matters here." in (root / "content" / "papers" / f"{slug}.md").read_text()
    assert second.written.written and all(path.startswith(("papers/", "reading/", "index.md", "report.md",
                                                           "downloads/")) for path in second.written.written)


@requires_browser
def test_serve_shows_a_note_edit_in_the_open_page_by_itself(tmp_path):
    root = make_project(tmp_path / "review", sources={"speech.bib": BIB})
    (root / "notes").mkdir()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--project", str(root), "--address",
                               f"127.0.0.1:{port}"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, start_new_session=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        papers = root / "content" / "papers"
        slug, deadline = None, time.monotonic() + 120
        while True:  # `litsite serve` generates, then MkDocs builds and serves
            slug = slug or next((p.stem for p in sorted(papers.glob("*.md")) if p.stem != "index"), None)
            try:
                if slug and urllib.request.urlopen(f"http://127.0.0.1:{port}/papers/{slug}/", timeout=2):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
            time.sleep(0.3)
        with chromium_page() as page:
            errors = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.goto(f"http://127.0.0.1:{port}/papers/{slug}/", wait_until="load")
            (root / "notes" / f"{slug}.md").write_text("---\nstatus: read\n---\nA sentence written while serving.\n")
            # (while the page reloads, it briefly has no body)
            page.wait_for_function("() => !!document.body && "
                                   "document.body.innerText.includes('A sentence written while serving.')",
                                   timeout=60_000)
            assert not [error for error in errors if "Content Security Policy" in error]
            # The search index is rewritten in the background after each rebuild: the note's words are found.
            deadline = time.monotonic() + 60
            while not search(page, "written while serving").count():
                assert time.monotonic() < deadline, "the note never reached the search index"
                page.reload(wait_until="load")
            href = page.locator(".litsite-search__result a").first.get_attribute("href")
            assert href.rstrip("/").endswith(f"/papers/{slug}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    rebuilds = len(re.findall(r"Building documentation", output))
    assert rebuilds == 2, output[-3000:]  # the first build, then one for the note (none for litsite's writes)
