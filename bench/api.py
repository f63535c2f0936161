"""REST API latency under load, and the memory of ``dtkg serve``, on a synthetic store.

Reuses the server start-up and load generators of :mod:`bench.api_latency`
(wrk when installed, else a bounded async httpx loop). The same-run baseline
is ``/openapi.json`` under the same load: the floor of one request through
uvicorn and FastAPI without touching the graph (``/health`` is no floor: it
counts the store's triples on every request). Peak RSS is VmHWM of the server
process, and summed over it and the worker processes it starts: after
start-up (idle, before any request) and after the load.
"""

from __future__ import annotations

import shutil
import time
import urllib.parse
from pathlib import Path
from typing import Any

import httpx

from bench import api_latency
from bench.machine import tree_memory_mb
from tests.support.servers import dtkg_server


def routes(probes: dict[str, str], labels: dict[str, str]) -> dict[str, str]:
    word = labels["organisation"].split()[0].lower()
    return {
        "openapi.json (floor)": "/openapi.json",
        "entity search": "/api/entities?" + urllib.parse.urlencode({"q": word}),
        "entity": f"/api/entities/{probes['organisation']}",
        "claims by speaker": "/api/claims?" + urllib.parse.urlencode({"speaker": probes["speaker"]}),
    }


def run(store_path: Path, probes: dict[str, str], labels: dict[str, str], duration: int, connections: int,
        log_dir: Path) -> dict[str, Any]:
    with dtkg_server({"DTKG_STORE": str(store_path)}, log=log_dir / "api-server.log", timeout=120) as server:
        url, pid = server.url, server.process.pid
        out: dict[str, Any] = {"startup_s": server.startup_s, "routes": [], "missing": []}
        time.sleep(1)
        out["idle"] = tree_memory_mb(pid)
        tool = "wrk" if shutil.which("wrk") else "httpx"
        out["tool"] = tool
        runner = api_latency.run_wrk if tool == "wrk" else api_latency.run_httpx
        for name, path in routes(probes, labels).items():
            t0 = time.perf_counter()
            response = httpx.get(url + path, timeout=600)
            warm = time.perf_counter() - t0
            if response.status_code == 404 and path.startswith("/api/"):
                out["missing"].append(path)
                continue
            response.raise_for_status()
            requests, rps, p50, p99 = runner(url + path, duration, connections)
            out["routes"].append({"route": name, "path": path, "first_request_s": warm, "requests": requests,
                                  "rps": rps, "p50_ms": p50, "p99_ms": p99})
        out["loaded"] = tree_memory_mb(pid)
    return out
