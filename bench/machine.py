"""What the numbers were measured on: machine, date and library versions."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ["pyoxigraph", "oxigraph", "rdflib", "pyshacl", "networkx", "fastapi", "uvicorn"]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def describe() -> dict[str, Any]:
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "ram_gib": round(ram_gib(), 1),
        "kernel": platform.release(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "versions": versions(),
    }


def peak_rss_mb(pid: int | str = "self") -> float:
    """VmHWM (peak resident set size) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants (a server may start worker processes)."""
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                stack.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue
    return out


def tree_memory_mb(pid: int) -> dict[str, float]:
    """RSS and peak RSS (VmHWM) of the process, and summed over it and its descendants."""
    pids = process_tree(pid)
    rss, peak = 0.0, 0.0
    for p in pids:
        try:
            rss += rss_mb(p)
            peak += peak_rss_mb(p)
        except OSError:
            continue
    return {"rss_mb": rss_mb(pid), "peak_rss_mb": peak_rss_mb(pid), "tree_rss_mb": rss, "tree_peak_rss_mb": peak,
            "processes": len(pids)}
