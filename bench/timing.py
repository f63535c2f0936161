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


def settle(pid: int, *, interval: float = 0.5, timeout: float = 180.0) -> float:
    """Wait until process ``pid`` uses under 10 % of a core for two intervals in a row; the seconds waited.

    A server's start-up work must not land in a measurement: ``dtkg serve``
    builds its lookup tables in background threads once it answers HTTP (~15 s
    of CPU at 1M), and the 1M ``/sparql`` breakdown of 2026-12-01 03:10 UTC
    timed a pipe of 4.7 ms for Q1 while they ran. Linux only (``/proc``).
    """
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    started = time.monotonic()
    quiet, last = 0, cpu()
    while quiet < 2 and time.monotonic() - started < timeout:
        time.sleep(interval)
        now = cpu()
        quiet = quiet + 1 if now - last < 0.1 * interval else 0
        last = now
    return time.monotonic() - started
