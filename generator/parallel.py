"""Use both cores where it pays: run independent work in a forked child and collect its result.

Fork shares the parent's memory copy-on-write, so nothing but the (small) result is pickled. Where fork is
not available (Windows), or LITSITE_WORKERS=1, the work simply runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from typing import Any, Callable


def can_fork() -> bool:
    return os.environ.get("LITSITE_WORKERS", "") != "1" and "fork" in multiprocessing.get_all_start_methods()


def die_with(parent: int) -> None:
    """Make this (forked) process end when its parent does: a killed `litsite generate` must not leave a
    worker computing on, orphaned (Linux: PR_SET_PDEATHSIG; elsewhere nothing is done)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


LIST, VALUE = "list", "value"
SLICE = 500  # list items per message: 38,000 paper pages in one pickle briefly doubled their memory


class Background:
    """Start `function` now (in a child process when possible); `result()` waits and returns its value.
    `starts_more`: the function starts a Background of its own (a daemon process may start none)."""

    def __init__(self, function: Callable[[], Any], starts_more: bool = False):
        self.function = function
        self.process = None
        if can_fork():
            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)

            parent = os.getpid()

            def run() -> None:
                die_with(parent)
                try:
                    result = function()
                    if isinstance(result, list):  # in slices: the parent never holds the whole pickle
                        sender.send((True, LIST, len(result)))
                        for start in range(0, len(result), SLICE):
                            sender.send(result[start:start + SLICE])
                    else:
                        sender.send((True, VALUE, result))
                except BaseException as error:  # the parent raises it as if the function had run there
                    sender.send((False, VALUE, sendable(error)))
                finally:
                    sender.close()

            self.process = context.Process(target=run, daemon=not starts_more)
            self.process.start()
            sender.close()
            self.function = None  # the child has it: what it refers to can be freed here

    def result(self) -> Any:
        if self.process is None:
            return self.function()
        try:  # receive before join: a large result would block the child
            ok, kind, value = self.receiver.recv()
            if ok and kind == LIST:
                items: list = []
                while len(items) < value:
                    items.extend(self.receiver.recv())
                value = items
        except EOFError:
            ok, value = False, f"worker process exited with code {self.process.exitcode}"
        self.process.join()
        if not ok:
            if isinstance(value, Exception):
                raise value
            raise RuntimeError(f"parallel step failed: {value}")
        return value


def shared_counter():
    """A counter forked processes share, or None where the system offers no shared semaphore (a container
    without /dev/shm): the work is then not shared out."""
    try:
        return multiprocessing.get_context("fork").Value("q", 0)
    except OSError:
        return None


def sendable(error: BaseException) -> BaseException | str:
    """The child's error as the parent raises it: the error itself where it survives pickling (an OSError
    of a full disk is then handled as in one process: one clear message, no traceback), else its message."""
    if isinstance(error, Exception):
        try:
            copy = pickle.loads(pickle.dumps(error))
        except Exception:  # an error holding what cannot be pickled
            copy = None
        if type(copy) is type(error) and str(copy) == str(error):
            return error
    return f"{type(error).__name__}: {error}"


class Turns:
    """Slices of a list of `total` items, `size` at a time, handed to whichever process asks next. When
    `shared`, the counter lives in memory that forked processes share, so a process that finished its
    own work takes the next slice instead of waiting for the others (without fork, one process takes
    them all)."""

    def __init__(self, total: int, size: int, shared: bool = False):
        self.total, self.size = total, size
        self.taken = shared_counter() if shared and can_fork() else None
        self.shared = self.taken is not None  # False: only this process may take turns
        self.local = 0

    def take(self) -> slice | None:
        """The next slice not yet taken by any process, or None when all are."""
        if self.taken is None:
            start, self.local = self.local, self.local + self.size
        else:
            with self.taken.get_lock():
                start = self.taken.value
                self.taken.value = start + self.size
        return slice(start, min(start + self.size, self.total)) if start < self.total else None
