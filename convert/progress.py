"""How a batch tells the user where it is: a rich bar on a terminal, plain lines otherwise.

Errors and warnings always reach stderr, one line each, whatever the mode; ``quiet``
silences only the progress itself.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

PROG = "huozi"


class Progress:
    """Context manager fed with one result per finished unit of work."""

    def __init__(self, total: int, *, quiet: bool = False, out: TextIO | None = None, err: TextIO | None = None,
                 unit: str = "files") -> None:
        self.total = total
        self.done = 0
        self.unit = unit
        self.out = out or sys.stdout
        self._err = err  # None: sys.stderr at print time (rich redirects it above a live bar)
        self.mode = "quiet" if quiet else ("rich" if _is_terminal(self.out) else "lines")
        self._bar = None
        self._task = None

    def __enter__(self) -> "Progress":
        if self.mode == "rich":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self._bar = Bar(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self.out),
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(PROG, total=self.total, rate="")
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.stop()

    # --- events -------------------------------------------------------------

    def advance(self, label: str, detail: str = "") -> None:
        self.done += 1
        if self.mode == "rich":
            speed = self._bar.tasks[0].speed if self._bar.tasks else None
            rate = f"{speed:.1f} {self.unit}/s" if speed else ""
            self._bar.update(self._task, advance=1, rate=rate)
        elif self.mode == "lines":
            width = len(str(self.total))
            tail = f"  {detail}" if detail else ""
            print(f"[{self.done:>{width}}/{self.total}] {label}{tail}", file=self.out, flush=True)

    def warn(self, message: str) -> None:
        self._say(f"{PROG}: warning: {message}")

    def error(self, message: str) -> None:
        self._say(f"{PROG}: error: {message}")

    def _say(self, line: str) -> None:
        print(line, file=self._err or sys.stderr, flush=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
