"""Timeouts reach the engine: a runaway query on Virtuoso stops using the server's CPU after the timeout."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from graph.errors import QueryTimeout
from tests.conftest import virtuoso_store
from tests.support.virtuoso import VirtuosoServer

G = ox.NamedNode("https://w3id.org/dtkg/graph/source/timeout-test")
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
TIMEOUT = 1.5


def test_runaway_query_stops_using_cpu_after_the_timeout(virtuoso: VirtuosoServer) -> None:
    store = virtuoso_store(virtuoso, engine_timeout=TIMEOUT, read_timeout=60.0)
    try:
        store.replace_all(
            ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i)), G)
            for i in range(300)
        )
        cpu_before = virtuoso.cpu_seconds()
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="Virtuoso stopped it"):
            store.query(CARTESIAN)
        took = time.monotonic() - started
        cpu_during = virtuoso.cpu_seconds() - cpu_before
        time.sleep(0.5)  # let the engine notice and unwind
        after = virtuoso.cpu_seconds()
        time.sleep(3.0)
        idle = virtuoso.cpu_seconds() - after
        assert took < 30, "the answer came long after the timeout"
        assert cpu_during > 0.2, "the query was not a runaway: it did not keep the engine busy"
        assert idle < min(0.5, cpu_during), f"the engine kept working after the timeout ({idle:.2f} s CPU in 3 s)"
        assert store.query("ASK { ?s ?p ?o }")  # and it still answers
    finally:
        store.replace_all([])
        store.close()
