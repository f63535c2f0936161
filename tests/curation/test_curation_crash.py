"""Crash safety: a writer killed with SIGKILL at random moments loses no acknowledged change and leaves none half-written."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from graph import curation, vocab
from graph.store import OxigraphStore, Store

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")
CYCLES = 20
PERSON_TRIPLES = 6


def run_cycle(store: Path, first: int, delay: float, *options: str) -> list[tuple[int, str]]:
    """Start the writer, kill it ``delay`` seconds after it is ready; return what it acknowledged."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(WRITER), str(store), str(first), *options], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    acked = []
    for line in proc.stdout.read().splitlines():
        number, change_id = line.split()
        acked.append((int(number), change_id))
    proc.stdout.close()
    return acked


def test_sigkilled_writer_keeps_every_acknowledged_change_whole(writable_store_path: Path) -> None:
    rng = random.Random(20250101)
    acknowledged: list[tuple[int, str]] = []
    number = 0
    for _ in range(CYCLES):
        acked = run_cycle(writable_store_path, number, rng.uniform(0.0, 1.2))
        acknowledged.extend(acked)
        # the next writer starts after the in-flight number, so numbers stay unique
        number = (acked[-1][0] if acked else number) + 2
    assert acknowledged, "the writer never got a change through; the kill window is too short"

    store = OxigraphStore(writable_store_path, read_only=True)
    try:
        changes, _ = curation.list_changes(store, limit=10_000)
        assert_log_and_data_agree(store, changes, {cid for _, cid in acknowledged})
    finally:
        store.close()


def assert_log_and_data_agree(store: Store, changes: list[curation.Change], acknowledged: set[str]) -> None:
    """Nothing acknowledged lost, every recorded change whole, no crash person or change graph without its record."""
    assert acknowledged <= {c.id for c in changes}
    present = set(store.quads())
    for change in changes:
        added, _ = curation.change_quads(store, change.id)
        assert len(added) == change.added == PERSON_TRIPLES
        assert set(added) <= present
    people = {q.subject for q in present if q.subject.value.startswith(vocab.ENTITY + "crash-person-")}  # type: ignore[union-attr]  # subjects are IRIs here
    assert len(people) == len(changes)
    graphs = {q.graph_name for q in present if isinstance(q.graph_name, ox.NamedNode)
              and q.graph_name.value.startswith(vocab.GRAPH + "change/")}
    assert graphs == {ox.NamedNode(c.graph) for c in changes}
