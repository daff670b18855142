"""Hugo on the same papers, for `make bench`'s comparison (issue #17): a Hugo site with one page per paper
(title, authors, abstract, tags) and tag pages, built with `hugo --minify`.

The papers come from the generated `downloads/papers.json`, so Hugo gets exactly the papers and tags
litsite published. Hugo is taken from PATH, else installed from Debian (`apt-get install hugo`) when this
process may; when it cannot be had, the bench says so and goes on without it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

CONFIG = """baseURL = "http://localhost/"
title = "Benchmark collection"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[taxonomies]
  tag = "tags"
"""
BASE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">Home</a> <a href="{{ "/tags/" | relURL }}">Tags</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ delimit .Params.authors ", " }}</p>{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ (printf "/tags/%s/" (urlize .)) | relURL }}">{{ . }}</a> {{ end }}</p>
{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def hugo_binary() -> tuple[str | None, str]:
    """Hugo's path and how it was found, or None and why not."""
    found = shutil.which("hugo")
    if found:
        return found, "from PATH"
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        done = subprocess.run(["apt-get", "install", "-y", "-q", "hugo"], capture_output=True, text=True)
        found = shutil.which("hugo")
        if found:
            return found, "installed from Debian"
        return None, "apt-get install hugo failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return None, "not on PATH, and apt-get is not available to this user"


def hugo_site(papers_json: Path, folder: Path) -> int:
    """Write the Hugo site for the papers; returns the number of paper pages."""
    papers = json.loads(papers_json.read_text(encoding="utf-8"))
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in (("baseof.html", BASE), ("single.html", SINGLE), ("list.html", LIST),
                       ("taxonomy.html", LIST), ("term.html", LIST)):
        (folder / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    content = folder / "content" / "papers"
    content.mkdir(parents=True)
    for index, paper in enumerate(papers):
        front = {"title": paper["title"], "authors": paper.get("authors", []), "tags": paper.get("tags", [])}
        (content / f"p{index:06d}.md").write_text(json.dumps(front, ensure_ascii=False) + "\n\n" +
                                                  (paper.get("abstract") or "") + "\n", encoding="utf-8")
    return len(papers)


def hugo_build(folder: Path, binary: str) -> dict:
    """`hugo --minify` timed; pages written."""
    started = time.perf_counter()
    done = subprocess.run([binary, "--minify", "--quiet", "--source", str(folder)], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        return {"hugo_error": (done.stderr or done.stdout).strip()[-500:]}
    pages = sum(1 for _ in (folder / "public").rglob("index.html"))
    return {"hugo_s": elapsed, "hugo_pages": pages}
