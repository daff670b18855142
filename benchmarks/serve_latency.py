"""How long `litsite serve` takes to show a note edit in the browser, on the default corpus.

    python benchmarks/serve_latency.py [--edits 3]

Copies the repository's tracked files (sources, settings, notes) to a temporary project, starts
`litsite serve` there, opens the page of the paper that has a note in headless Chromium, then edits the
note and times how long until the open page shows the new sentence by itself (MkDocs' live reload).
Prints one line per edit and the slowest. The target (issue #11): within 3 s.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--edits", type=int, default=3)
    args = options.parse_args()
    from tests.site_helpers import browser_available, chromium_page, copy_tracked_files, free_port

    if browser_available():
        raise SystemExit(f"no browser: {browser_available()}")
    with tempfile.TemporaryDirectory(prefix="litsite-serve-") as folder:
        project = copy_tracked_files(Path(folder) / "review")
        note = sorted((project / "notes").glob("*.md"))[0]
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--project", str(project),
                                   "--address", f"127.0.0.1:{port}"], cwd=project, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            url = f"http://127.0.0.1:{port}/papers/{note.stem}/"
            wait_for(url)
            times = []
            with chromium_page() as page:
                page.goto(url, wait_until="load")
                for number in range(1, args.edits + 1):
                    sentence = f"Edit number {number} at {time.time():.0f}."
                    start = time.perf_counter()
                    with note.open("a", encoding="utf-8") as stream:
                        stream.write(f"\n{sentence}\n")
                    page.wait_for_function("s => document.body.innerText.includes(s)", arg=sentence, timeout=120_000)
                    times.append(time.perf_counter() - start)
                    print(f"edit {number}: shown after {times[-1]:.2f} s", flush=True)
                    page.wait_for_timeout(3000)  # let the server settle before the next edit
            print(f"slowest: {max(times):.2f} s over {len(times)} edits (target: within 3 s)")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
