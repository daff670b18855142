"""How far the pipeline has got, for people watching a long run. The pipeline reports stages and steps to
a Progress; the default one shows nothing (tests, logs, CI), the CLI's draws rich bars on a terminal.

Only the main process reports: forked workers never touch it (a child inheriting a lock held by the
parent's drawing thread would wait for ever).
"""

from __future__ import annotations


class Progress:
    """Silent: the interface the pipeline talks to."""

    def stage(self, name: str, total: float | None = None) -> None:
        """A stage begins; `total` steps are coming (None: unknown, the bar pulses)."""

    def advance(self, amount: float = 1) -> None:
        """`amount` steps of the current stage are done."""

    def done(self) -> None:
        """The last stage is over: stop showing progress."""


class RichProgress(Progress):
    """Bars drawn by rich: one line per stage, with the stage's share done and the time it took."""

    def __init__(self, console, names: dict[str, str]):
        from rich.progress import BarColumn, Progress as Bars, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self.names = names
        self.bars = Bars(TextColumn("{task.description:<30}"), BarColumn(), TaskProgressColumn(),
                         TimeElapsedColumn(), console=console, transient=False)
        self.task = None

    def start(self) -> "RichProgress":
        self.bars.start()
        return self

    def __enter__(self) -> "RichProgress":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.done()

    def _finish_current(self) -> None:
        if self.task is not None:
            total = self.bars.tasks[self.task].total or 1
            self.bars.update(self.task, total=total, completed=total)
            self.bars.stop_task(self.task)  # freezes its elapsed time at the stage's own duration

    def stage(self, name: str, total: float | None = None) -> None:
        self._finish_current()
        self.task = self.bars.add_task(self.names.get(name, name), total=total)

    def advance(self, amount: float = 1) -> None:
        if self.task is not None:
            self.bars.advance(self.task, amount)

    def done(self) -> None:
        """Finish the last stage and stop drawing (safe to call twice)."""
        self._finish_current()
        self.task = None
        self.bars.stop()
