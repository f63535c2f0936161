"""graph.progress: phases with elapsed time, plain lines off a terminal, a bar on one, silence when quiet."""

from __future__ import annotations

import io

from graph.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_when_not_a_terminal_with_elapsed_time() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, tty=False, min_interval=1.0, clock=clock)
    with progress.phase("validate", total=3) as step:
        for label in ("S01", "S02", "S03"):
            clock.now += 0.6
            step(label)
    lines = out.getvalue().splitlines()
    assert lines[0] == "validate: 3 step(s) …"
    assert lines[1:] == ["validate 1/3 S01 0.6 s", "validate 3/3 S03 1.8 s", "validate: done in 1.8 s"]
    assert "\r" not in out.getvalue()


def test_a_bar_on_a_terminal() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, tty=True, clock=clock)
    with progress.phase("load", total=2) as step:
        clock.now = 1.0
        step("a")
        clock.now = 2.0
        step("b")
    text = out.getvalue()
    assert "\rload [##########..........] 1/2 a 1.0 s" in text
    assert "\rload [####################] 2/2 b 2.0 s" in text


def test_quiet_prints_nothing() -> None:
    out = io.StringIO()
    progress = Progress(out, quiet=True, tty=True)
    progress.note("x")
    with progress.phase("parse") as step:
        step("file")
    assert out.getvalue() == ""


def test_note_carries_the_time_since_start() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, tty=False, clock=clock)
    clock.now = 2.5
    progress.note("12 files")
    assert out.getvalue() == "12 files (2.5 s)\n"


def test_a_share_moves_in_hundredths_of_its_amount_and_ends_full() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, tty=True, clock=clock)
    with progress.share("read 1,000 quads", 1000) as advance:
        clock.now = 1.0
        advance(250, "250 quads")
        clock.now = 2.0
        advance(900, "900 quads")  # stops short of the estimate: the phase still ends full
    text = out.getvalue()
    assert "\rread 1,000 quads [#####...............] 25/100 250 quads 1.0 s" in text
    assert "\rread 1,000 quads [####################] 100/100 900 quads 2.0 s" in text
    assert text.endswith("read 1,000 quads: done in 2.0 s\n")


def test_a_share_off_a_terminal_is_a_few_plain_lines() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, tty=False, min_interval=1.0, clock=clock)
    with progress.share("documents", 100) as advance:
        for done in range(1, 101):
            clock.now = done * 0.05
            advance(done, f"{done} triples")
    lines = out.getvalue().splitlines()
    assert lines[0] == "documents: 100 step(s) …" and lines[-1] == "documents: done in 5.0 s"
    assert 3 <= len(lines) <= 8, lines  # one line a second at most, plus the last
    assert lines[-2] == "documents 100/100 100 triples 5.0 s"
