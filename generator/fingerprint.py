"""No-op detection: when no input changed and every generated file is as it was written, skip the work.

The fingerprint covers everything generation reads (sources, notes, settings, vocabulary, decisions,
permalinks, the templates and litsite's own version and code); the stamp records each generated file's
size and mtime after writing, so a deleted or hand-edited page makes the next run a full one that
repairs it. The stamp is removed before a full run starts and written after it ends: a run killed half
way never leaves a stamp that would hide its unfinished work.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import __version__
from .config import CONFIG_NAME, Config
from .writer import MANIFEST_NAME, atomic_write

STAMP_NAME = ".litsite-stamp.json"
PACKAGE = Path(__file__).parent


def _files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.exists():
        return []
    if folder.is_file():
        return [folder]
    return sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def fingerprint(config: Config, notes: bool = True) -> str:
    """A digest of every input; with notes=False, of every input but the reviewer's notes."""
    digest = hashlib.sha256(__version__.encode())
    inputs = [*_files(config.sources), *(_files(config.notes) if notes else []), config.project / CONFIG_NAME,
              config.vocabulary,
              *(path for path in (config.dedup_decisions, config.permalinks, config.resolved, config.fetched) if path), *_files(PACKAGE)]
    for path in inputs:
        if path.exists():
            digest.update(str(path).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        else:
            digest.update(str(path).encode() + b"\0missing")
    digest.update(os.environ.get("LITSITE_SITE_URL", "").encode())
    return digest.hexdigest()


def _stats(content: Path, paths) -> dict[str, list[int]]:
    stats = {}
    for relative in sorted(paths):
        path = content / relative
        if path.exists():
            info = path.stat()
            stats[relative] = [info.st_size, info.st_mtime_ns]
    return stats


class Stamp:
    def __init__(self, content: Path):
        self.content = content
        self.path = content / STAMP_NAME

    def unchanged(self, print_: str) -> dict | None:
        """The saved summary when nothing changed since the last full run, else None."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            manifest = json.loads((self.content / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if data.get("fingerprint") != print_ or data.get("files") != _stats(self.content, manifest):
            return None
        return data.get("summary")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def save(self, print_: str, summary: dict) -> None:
        manifest = json.loads((self.content / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
        data = {"fingerprint": print_, "summary": summary, "files": _stats(self.content, manifest)}
        atomic_write(self.path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())
