"""The writer owns the generated files: it writes only what changed, atomically, and only its own files.

A manifest (`.litsite-manifest.json` in the content folder; MkDocs skips dotfiles) lists every file the
generator wrote with its hash. A file not in the manifest is the user's: never overwritten or deleted.
Ownership is claimed before a file is written (a line in a claims file per process, folded into the
manifest when the run ends), so a run killed half-way leaves only files the next run knows are its own,
and that run repairs them. A run writes in batches, from several processes (Writing), so no process
holds every page; a whole-collection download (a Stream) is written as its chunks come, so none is held
whole either.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import time
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .model import Location, Page, Problem, Stream

MANIFEST_NAME = ".litsite-manifest.json"
CLAIMS_NAME = ".litsite-claims"  # a run's claims on new files, one JSON line each, until its manifest is saved
                                 # (one file per process writing: -<pid>)
SAFE_PART = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)?$")
MAX_PART_BYTES = 200


TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".litsite-", ".tmp"


def remove_stale_temporaries(root: Path) -> list[Path]:
    """Temporary files a killed run left behind (atomic_write's, by their name), removed."""
    stale = [path for path in root.rglob(TEMPORARY_PREFIX + "*" + TEMPORARY_SUFFIX)
             if path.is_file() and not path.is_symlink()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


class UnsafePath(ValueError):
    pass


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """The digest of a file's bytes, read a block at a time."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


TEMPORARY_NUMBERS = itertools.count()
OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)


def spool(path: Path, chunks: Iterable[bytes]) -> tuple[str, str]:
    """Write the chunks to a temporary file beside `path`: (its name, the digest of what was written).

    The temporary file is named by process and count, made with the user's umask, its folder made only
    when missing: mkstemp's random names, a chmod and a mkdir per page cost a fifth of the writing (9,000
    pages of 15 KB, three alternating runs each: 6.4-6.7 s with them, 4.9-5.7 s without)."""
    temporary = path.parent / f"{TEMPORARY_PREFIX}{os.getpid()}-{next(TEMPORARY_NUMBERS)}{TEMPORARY_SUFFIX}"
    try:
        handle = os.open(temporary, OPEN_FLAGS, 0o666)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(temporary, OPEN_FLAGS, 0o666)
    hashed = hashlib.sha256()
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                hashed.update(chunk)
                stream.write(chunk)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return str(temporary), hashed.hexdigest()


def settle(temporary: str, path: Path) -> None:
    """Rename a spooled file over its target: readers see the old or the new file."""
    try:
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers see the old or the new file."""
    temporary, _ = spool(path, (data,))
    settle(temporary, path)


NEW_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def write_new(path: Path, data: bytes) -> None:
    """Write a file that does not exist yet, in place: there is no old file for a reader to keep seeing.
    A temporary file and a rename cost twice the time (4,500 paper pages into an ext4 folder: 0.99 s, in
    place 0.48 s). The page is claimed before it is written (Writer.claim), so a run killed half-way
    through it leaves a file the next run knows is its own and rewrites. Where a file appeared meanwhile,
    it is replaced atomically as any other."""
    try:
        handle = os.open(path, NEW_FLAGS, 0o666)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_new(path, data)
    except FileExistsError:
        return atomic_write(path, data)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Spooled:
    """A stream's content, written to a temporary file beside its target and not yet settled."""

    temporary: str
    value: str


def holds(path: Path, content: str | Spooled) -> bool:
    """Whether the file at `path` holds this content already."""
    if isinstance(content, Spooled):
        return file_digest(path) == content.value
    return path.read_bytes() == content.encode("utf-8")


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` (atomically) unless the file holds it already: a file litsite keeps for the user
    (permalinks.json, resolved.json, fetched.json) is never rewritten when nothing changed."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write(path, text.encode("utf-8"))
    return True


@dataclass
class WriteSummary:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class Writer:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.manifest_path = self.root / MANIFEST_NAME
        self.checked: set[str] = set()  # folders found to be no symbolic link in this run (target)

    def target(self, relative: str) -> Path:
        """The file for a page path, refusing anything that could leave the content folder."""
        parts = relative.split("/")
        if not all(SAFE_PART.match(part) and len(part.encode()) <= MAX_PART_BYTES for part in parts):
            raise UnsafePath(f"unsafe output path {relative!r}: only lowercase letters, digits, '-', '_' allowed")
        folder = relative.rpartition("/")[0]
        if folder and folder not in self.checked:  # each folder once a run: a stat per folder, not per page
            for depth in range(1, len(parts)):
                parent = "/".join(parts[:depth])
                if (self.root / parent).is_symlink():
                    raise UnsafePath(f"output path {relative!r} goes through a symbolic link ({parent}), "
                                     "which litsite does not follow: replace the link with a folder")
            self.checked.add(folder)
        return self.root / relative

    def load_manifest(self) -> dict[str, str]:
        """The files we wrote (path -> hash): the manifest, and the claims of a run killed before it saved
        its manifest (a claimed file is ours; the manifest's hash wins where both name one)."""
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            files = data["files"]
            files = {str(path): str(value) for path, value in files.items()}
        except FileNotFoundError:
            files = {}
        except (ValueError, KeyError, TypeError, AttributeError):
            # Without a manifest nothing is known to be ours: existing files are left alone (see write).
            files = {}
        return {**self.load_claims(), **files}

    def load_claims(self) -> dict[str, str]:
        lines = []
        for path in sorted(self.root.glob(CLAIMS_NAME + "*")):  # one file per process that wrote
            try:
                lines += path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
        claims = {}
        for line in lines:
            try:
                path, value = json.loads(line)
            except (ValueError, TypeError):  # the last line of a run killed while appending it
                continue
            claims[str(path)] = str(value)
        return claims

    def claim(self, files: dict[str, str]) -> None:
        """Record new files as ours before they are written: appended to the claims, so a run of 100,000
        pages in batches does not rewrite a growing manifest once per batch. (No fsync, as for the pages:
        a killed process loses nothing the system has; a power cut is not guarded against.)"""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / f"{CLAIMS_NAME}-{os.getpid()}", "a", encoding="utf-8") as stream:
            stream.write("".join(json.dumps([path, value]) + "\n" for path, value in files.items()))

    def save_manifest(self, files: dict[str, str]) -> bool:
        data = (json.dumps({"version": 1, "files": dict(sorted(files.items()))}, indent=1) + "\n").encode()
        if self.manifest_path.exists() and self.manifest_path.read_bytes() == data:
            return False
        atomic_write(self.manifest_path, data)
        return True

    def plan(self, pages: list[Page | Stream], old: dict[str, str], before: Container[str],
             spooled: dict[str, Spooled]) -> tuple[dict[str, str | Spooled], list[Problem]]:
        """What to write of a batch (path -> a page's text, encoded only when written, or a stream's spooled
        file), and why the rest is not written (unsafe, twice, not ours). `old`: the manifest; `before`: the
        paths earlier batches wrote."""
        planned: dict[str, str | Spooled] = {}
        problems: list[Problem] = []
        for page in pages:
            try:
                path = self.target(page.path)
            except UnsafePath as error:
                problems.append(Problem(None, str(error), "rejected"))
                continue
            if page.path in planned or page.path in before:
                problems.append(Problem(None, f"two pages for {page.path!r}: the second was not written", "rejected"))
                continue
            content = spooled[page.path] if isinstance(page, Stream) else page.text
            # A file the user made (not in the manifest) is never replaced, unless it already holds our text;
            # a symbolic link the user made is never replaced, whatever it points to.
            if page.path not in old and (path.is_symlink() or path.exists() and not holds(path, content)):
                problems.append(Problem(
                    Location(str(Path(self.root.name) / page.path), 1),
                    "exists and was not written by litsite, so it was left as it is and the generated page was "
                    "not written; rename or remove it to let litsite write this page",
                ))
                continue
            planned[page.path] = content
        return planned, problems

    def write(self, pages: list[Page], advance: Callable[[float], None] | None = None) -> WriteSummary:
        """Write what changed, remove what we wrote that is no longer needed; `advance(1)` hears of each page."""
        writing = self.begin()
        writing.add(pages, advance)
        return writing.finish()

    def begin(self) -> Writing:
        """A run's writing, a batch of pages at a time (Writing.add), then Writing.finish."""
        self.checked = set()
        return Writing(self)


class Writing:
    """One run of the writer over batches of pages, so a run need not hold every page at once. Each
    batch's new files are claimed (Writer.claim) before any is written; files already ours keep their
    recorded hash until finish(), so after a crash the next run still tells our unfinished files from
    hand-edited ones. finish() removes what we wrote that no page needs any more."""

    def __init__(self, writer: Writer, old: dict[str, str] | None = None):
        self.writer = writer
        self.root = writer.root
        if old is None:
            old = writer.load_manifest()
            if self.root.exists():
                remove_stale_temporaries(self.root)
        self.old = old
        self.new: dict[str, str] = {}  # path -> hash of every page written or found unchanged so far
        self.summary = WriteSummary()
        self.seconds = 0.0  # spent in add(): a pipeline that renders between batches reports it apart
        self.pages = 0  # given to add()
        self.refused: list[Problem] = []  # pages add() did not write: unsafe, twice, a file of the user's

    def add(self, pages: list[Page | Stream], advance: Callable[[float], None] | None = None) -> None:
        start = time.perf_counter()
        spooled = {}
        for page in pages:  # a stream is written to a temporary file first: its digest is known only then
            if isinstance(page, Stream) and page.path not in spooled and page.path not in self.new:
                try:
                    spooled[page.path] = Spooled(*spool(self.writer.target(page.path),
                                                        (chunk.encode("utf-8") for chunk in page.chunks())))
                except UnsafePath:
                    pass  # plan() reports it
        try:
            self._add(pages, spooled, advance)
        finally:
            for content in spooled.values():  # those refused or unchanged
                Path(content.temporary).unlink(missing_ok=True)
        self.seconds += time.perf_counter() - start

    def _add(self, pages: list[Page | Stream], spooled: dict[str, Spooled],
             advance: Callable[[float], None] | None) -> None:
        planned, problems = self.writer.plan(pages, self.old, self.new, spooled)
        self.pages += len(pages)
        self.refused += problems
        summary = self.summary
        summary.problems += problems
        batch = {relative: content.value if isinstance(content, Spooled) else digest(content.encode("utf-8"))
                 for relative, content in planned.items()}
        unknown = {relative: value for relative, value in batch.items() if relative not in self.old}
        if unknown:  # claimed before any is written
            self.writer.claim(unknown)
        self.new.update(batch)
        old = self.old
        for relative, content in planned.items():
            if advance:
                advance(1)
            path = self.writer.target(relative)
            if path.is_symlink():  # where litsite's own file was: the link goes, what it points to stays
                summary.problems.append(Problem(Location(str(Path(self.root.name) / relative), 1),
                                                "generated page had been replaced by a symbolic link; the link was "
                                                "replaced by the page (the file it pointed to was not touched)"))
            elif not path.exists():
                if isinstance(content, Spooled):
                    settle(content.temporary, path)
                else:
                    write_new(path, content.encode("utf-8"))
                summary.written.append(relative)
                continue
            elif holds(path, content):
                summary.unchanged += 1
                continue
            elif relative in old and file_digest(path) != old[relative]:
                summary.problems.append(Problem(Location(str(Path(self.root.name) / relative), 1),
                                                "generated page was edited by hand; it was regenerated "
                                                "(edit the templates or the sources instead)"))
            if isinstance(content, Spooled):
                settle(content.temporary, path)
            else:
                atomic_write(path, content.encode("utf-8"))
            summary.written.append(relative)

    def part(self) -> Writing:
        """A writing of the same run for another process: the same manifest, nothing written yet. Its
        outcome() comes back to this one's merge()."""
        return Writing(self.writer, self.old)

    def run(self, batches: Iterable[list[Page]]) -> tuple:
        for batch in batches:
            self.add(batch)
        return self.outcome()

    def outcome(self) -> tuple:
        summary = self.summary
        return (self.new, summary.written, summary.unchanged, summary.problems, self.refused, self.pages,
                self.seconds)

    def merge(self, outcome: tuple) -> None:
        new, written, unchanged, problems, refused, pages, _ = outcome
        twice = [Problem(None, f"two pages for {path!r}: the second was not written", "rejected")
                 for path in sorted(new.keys() & self.new.keys())]  # processes render different pages
        self.new.update(new)
        self.summary.written += written
        self.summary.unchanged += unchanged
        self.summary.problems += problems + twice
        self.refused += refused + twice
        self.pages += pages  # (its seconds were spent beside this process's: not added to them)

    def finish(self) -> WriteSummary:
        for relative in sorted(set(self.old) - set(self.new)):
            self._remove_stale(relative, self.old[relative], self.summary)
        self.writer.save_manifest(self.new)
        for claims in self.root.glob(CLAIMS_NAME + "*"):  # the manifest holds them now
            claims.unlink(missing_ok=True)
        return self.summary

    def _remove_stale(self, relative: str, recorded: str, summary: WriteSummary) -> None:
        """Delete a file we wrote that no page needs any more, unless someone changed it since."""
        try:
            path = self.writer.target(relative)
        except UnsafePath:
            return  # a tampered manifest cannot make us delete outside the content folder
        if not path.exists() or path.is_symlink():  # a link someone put there is not ours to delete
            return
        if file_digest(path) != recorded:
            summary.problems.append(Problem(Location(str(Path(self.root.name) / relative), 1),
                                            "no longer generated, but edited by hand since litsite wrote it: kept"))
            return
        path.unlink()
        summary.deleted.append(relative)
        parent = path.parent
        while parent != self.root and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
