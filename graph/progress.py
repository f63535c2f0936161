"""Progress of long work (build, validate, export, synth, ingest), told honestly and with elapsed time.

Why one module: every long command should look the same to a researcher, and
tests should read its lines the same way. Use it, do not write a second one.

API::

    progress = Progress.for_cli(quiet=False)      # stderr; a bar on a terminal, plain lines otherwise
    with progress.phase("parse"):                  # "parse …" then "parse: done in 1.2 s"
        ...
    with progress.phase("validate", total=len(shapes)) as step:
        for shape in shapes:
            ...
            step(shape_name)                       # one unit done: a redrawn bar on a TTY, a plain line otherwise
    with progress.share("read quads", whole=n) as advance:  # a known amount, not countable items
        ...
        advance(done, f"{done:,} quads")           # as it grows; the bar moves in hundredths of n
    progress.note("12 files")                      # a plain line, with the elapsed time
    Progress.silent()                              # does nothing (library calls, tests, --quiet)

On a terminal a phase with a ``total`` draws one self-overwriting line
(``validate [#####.....] 12/25 S12-… 3.4 s``); when stderr is not a terminal
(a log, CI, a pipe) each step is one plain line (``validate 12/25 S12-…
3.4 s``), at most one per ``min_interval`` seconds plus the last, so a
million small steps do not flood a log. ``quiet`` silences everything but
errors, which are not this module's business (they are raised).
Elapsed times are wall-clock seconds since the :class:`Progress` was made
(``note``, ``phase`` start) and since the phase started (``done in``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO


class Step(Protocol):
    """Called once per unit of work done in a phase, with a short label (may be empty); ``units`` when one call finishes several."""

    def __call__(self, label: str = "", units: int = 1) -> None: ...

_BAR_WIDTH = 20
SHARE_STEPS = 100
"""A :meth:`Progress.share` phase steps once per hundredth of its amount."""


class Progress:
    """Phases and steps of one long command, written to one stream."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        quiet: bool = False,
        tty: bool | None = None,
        min_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty() if tty is None else tty
        self.min_interval = min_interval
        self._clock = clock
        self._start = clock()

    @classmethod
    def for_cli(cls, *, quiet: bool = False) -> Progress:
        """The progress of a CLI command: stderr, silenced by ``--quiet``."""
        return cls(sys.stderr, quiet=quiet)

    @classmethod
    def silent(cls) -> Progress:
        """A progress that prints nothing: the default of library functions."""
        return cls(sys.stderr, quiet=True, tty=False)

    def elapsed(self) -> float:
        """Seconds since this progress was made."""
        return self._clock() - self._start

    def note(self, message: str) -> None:
        """One plain line with the elapsed time."""
        self._line(f"{message} ({self.elapsed():.1f} s)")

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[Step]:
        """A named phase; yields the step function to call once per unit done (``total`` units)."""
        started = self._clock()
        self._line(f"{name} …" if total is None else f"{name}: {total} step(s) …")
        done = 0
        last_shown = -float("inf")

        def step(label: str = "", units: int = 1) -> None:
            nonlocal done, last_shown
            done += units
            now = self._clock()
            final = total is not None and done >= total
            if self.quiet or (not final and now - last_shown < (0.1 if self.tty else self.min_interval)):
                return
            last_shown = now
            count = f"{done}/{total}" if total is not None else str(done)
            text = f"{name} {count} {label} {now - started:.1f} s".replace("  ", " ")
            if self.tty and total:
                filled = min(_BAR_WIDTH, _BAR_WIDTH * done // total)
                bar = "#" * filled + "." * (_BAR_WIDTH - filled)
                self._write(f"\r{name} [{bar}] {count} {label[:40]} {now - started:.1f} s\x1b[K")
                if final:
                    self._write("\n")
            else:
                self._line(text)

        yield step
        self._line(f"{name}: done in {self._clock() - started:.1f} s")

    @contextmanager
    def share(self, name: str, whole: int) -> Iterator[Callable[[int, str], None]]:
        """A phase over a known amount (quads, triples) rather than countable items.

        Yields ``advance(done, label)``, to call as the work grows (as often as is
        cheap); the bar moves in hundredths of ``whole`` and is full when the
        phase ends, even if the amount fell short of the estimate.
        """
        shown, last = 0, ""
        with self.phase(name, total=SHARE_STEPS) as step:

            def advance(done: int, label: str = "") -> None:
                nonlocal shown, last
                last = label
                reached = min(SHARE_STEPS - 1, int(SHARE_STEPS * done / whole) if whole > 0 else 0)
                if reached > shown:
                    step(label, reached - shown)
                    shown = reached

            yield advance
            step(last, SHARE_STEPS - shown)

    def _line(self, text: str) -> None:
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        if self.quiet:
            return
        self.stream.write(text)
        self.stream.flush()
