"""Timing helpers: medians of interleaved rounds, so machine noise hits every backend alike."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
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

