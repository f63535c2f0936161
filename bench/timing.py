"""Timing helpers: medians of interleaved rounds, so machine noise hits every backend alike."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def interleaved(cases: dict[str, Callable[[], Any]], rounds: int, *, cold: bool = True) -> dict[str, dict[str, Any]]:
    """Run every case once per round, round after round; median seconds per case.

    With ``cold`` one untimed first pass warms caches and query parsers; its
    time is kept as ``first``.
    """
    out: dict[str, dict[str, Any]] = {name: {"runs": []} for name in cases}
    if cold:
        for name, fn in cases.items():
            seconds, value = timed(fn)
            out[name]["first"] = seconds
            out[name]["value"] = value
    for _ in range(rounds):
        for name, fn in cases.items():
            seconds, value = timed(fn)
            out[name]["runs"].append(seconds)
            out[name]["value"] = value
    for result in out.values():
        result["median"] = statistics.median(result["runs"]) if result["runs"] else result.get("first")
    return out


def wait_until_idle(pid: int, limit_s: float = 120.0, busy_s: float = 0.05, every_s: float = 0.5) -> float:
    """Seconds until the server process used under ``busy_s`` of CPU in each of two ``every_s`` periods in a row
    (its background builds at start-up, the relation, claim-link and claim tables, all done), or ``limit_s``.

    Not only the claim table (:func:`bench.api.wait_for_claim_table`): a table finishing under load is a build's last CPU
    and GIL share landing in the load's window (issue 18 point 2; in one run the relation table finished 2 s into
    the first distinct-pages load)."""
    t0 = time.monotonic()
    stat = Path(f"/proc/{pid}/stat")

    def cpu() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    quiet, last = 0, cpu()
    while quiet < 2 and time.monotonic() - t0 < limit_s:
        time.sleep(every_s)
        now = cpu()
        quiet = quiet + 1 if now - last < busy_s else 0
        last = now
    return time.monotonic() - t0
