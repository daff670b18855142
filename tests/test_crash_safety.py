"""Killing `litsite generate` at any moment leaves content/ consistent, and the next run repairs it."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.render.pages import PARALLEL_FROM

from .conftest import SEED_FILES, make_project


def synthetic_dump(count: int, seed: int = 7) -> str:
    """A Daily Papers dump of `count` distinct papers recombined from the seed corpus's words."""
    words = " ".join(path.read_text(encoding="utf-8") for path in SEED_FILES).split()
    chooser = random.Random(seed)
    entries = []
    for number in range(count):
        title = " ".join(chooser.choice(words) for _ in range(6)).strip(".") + f" {number}"
        abstract = " ".join(chooser.choice(words) for _ in range(120)) + "."
        entries.append(f"{title}\n\n{abstract}\n")
    return "\n".join(entries)


def tree(root):
    """Every file's hash, except the no-op stamp (it records file times, so it differs between projects)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".litsite-stamp.json"}


def generate(root):
    return subprocess.Popen([sys.executable, "-m", "generator", "generate", "--project", str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def survivors(project) -> list[str]:
    """Processes still running on `project` (their command line names it), this test's own excepted."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(project) in command:
                found.append(f"{entry.name}: {command}")
    return found


@pytest.mark.e2e
def test_killed_runs_are_repaired_by_the_next(tmp_path):
    # More papers than render.pages.PARALLEL_FROM, so the killed runs have forked workers of their own
    sources = {"big.txt": synthetic_dump(PARALLEL_FROM + 300)}
    reference = make_project(tmp_path / "reference", sources=sources)
    start = time.perf_counter()
    assert generate(reference).wait() == 0
    first = time.perf_counter() - start
    expected = tree(reference / "content")

    victim = make_project(tmp_path / "victim", sources=sources)
    (victim / "content" / "notes.md").write_text("my own page")
    # Killed while writing new pages (written in place, not through a temporary file: writer.write_new)
    for fraction in (0.6, 0.85, 0.95):
        process = generate(victim)
        time.sleep(first * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
    start = time.perf_counter()
    assert generate(victim).wait() == 0
    full = time.perf_counter() - start
    assert tree(victim / "content") == {**expected, "notes.md": tree(victim / "content")["notes.md"]}
    # Kill at several moments of a regeneration that has real work (a changed template input: the title).
    (victim / "litsite.yml").write_text("title: Renamed collection\n")
    for fraction in (0.5, 0.7, 0.8, 0.9, 0.95):
        process = generate(victim)
        time.sleep(full * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert (victim / "content" / "notes.md").read_text() == "my own page"
    time.sleep(0.5)
    assert survivors(victim) == []  # the killed runs' forked workers died with them
    (victim / "litsite.yml").write_text("title: Test collection\n")
    assert generate(victim).wait() == 0
    repaired = tree(victim / "content")
    assert repaired.pop("notes.md")
    assert repaired == expected
    assert not list((victim / "content").rglob("*.tmp"))
