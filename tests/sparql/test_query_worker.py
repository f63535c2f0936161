"""The worker pool: answers, sees writes made after it opened the store, and kills what runs too long."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import BadQuery, QueryTimeout
from graph.sparql.worker import DiskVersion, Job, ProcessPool, ThreadRunner, store_changed, store_version
from graph.store import OxigraphStore

G = ox.NamedNode("https://w3id.org/dtkg/graph/test")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"


def quad(i: int) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i)), G)


def count(answer_body: bytes) -> int:
    return int(json.loads(answer_body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.apply([], [quad(i) for i in range(40)])
    store.close()
    return path


@pytest.fixture
def pool(store_path: Path) -> Iterator[ProcessPool]:
    opened = ProcessPool(store_path, timeout=2, size=2)
    yield opened
    opened.close()


def test_answers_and_caps(pool: ProcessPool) -> None:
    answer = pool.run(Job("SELECT * WHERE { ?s ?p ?o }", limit=7))
    body = json.loads(answer.body)
    assert (answer.count, answer.truncated) == (7, True)
    assert len(body["results"]["bindings"]) == 7
    assert body["dtkg"]["truncated"] is True


def test_sees_writes_made_after_it_opened(pool: ProcessPool, store_path: Path) -> None:
    assert count(pool.run(Job(COUNT)).body) == 40
    writer = OxigraphStore(store_path)
    writer.apply([], [quad(100)])
    assert count(pool.run(Job(COUNT)).body) == 41
    store_changed(store_path)
    writer.apply([quad(0)], [])
    writer.close()
    assert count(pool.run(Job(COUNT)).body) == 40



def test_the_remembered_version_sees_each_write_of_another_process_as_the_full_scan_does(store_path: Path) -> None:
    """racy_ns=0 trusts the remembered listing at once: only the appended files and the directory's stat are read."""
    version = DiskVersion(store_path, racy_ns=0)
    seen = [version.current()]
    assert seen[0] == store_version(store_path)
    for i in range(3):
        writer = OxigraphStore(store_path)  # another writer than the reader holding `version`
        writer.apply([], [quad(200 + i)])
        writer.close()  # closed, so no background flush moves files between the two readings
        seen.append(version.current())
        assert seen[-1] == store_version(store_path)
    assert len(set(seen)) == len(seen)  # every write moved the marker


def test_the_remembered_version_sees_an_append_that_left_the_directory_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "000004.log").write_bytes(b"x")
    (store / "000005.sst").write_bytes(b"table")
    old = time.time_ns() - 10_000_000_000
    os.utime(store, ns=(old, old))
    version = DiskVersion(store)
    before = version.current()
    with (store / "000004.log").open("ab") as log:
        log.write(b"a committed write")
    os.utime(store, ns=(old, old))
    assert version.current() != before
    assert version.current() == store_version(store)


def test_a_file_created_in_the_same_clock_tick_as_the_last_scan_is_seen(tmp_path: Path) -> None:
    """A directory mtime is coarse: one that changed lately is scanned again even if its mtime reads the same."""
    store = tmp_path / "store"
    store.mkdir()
    (store / "000004.log").write_bytes(b"")
    stamp = os.stat(store).st_mtime_ns  # recent: inside the racy window
    version = DiskVersion(store)
    before = version.current()
    (store / "000006.sst").write_bytes(b"a new table")
    os.utime(store, ns=(stamp, stamp))  # as if the creation fell in the same tick
    assert version.current() != before
    assert any(part[:2] == ("000006.sst", 11) for part in version.current())

def test_timeout_kills_and_the_pool_keeps_answering(pool: ProcessPool) -> None:
    before = {w.process.pid for w in pool._all}
    with pytest.raises(QueryTimeout) as err:
        pool.run(Job(CARTESIAN))
    assert "longer than 2 s" in err.value.detail
    after = {w.process.pid for w in pool._all}
    assert len(before - after) == 1  # the busy worker was killed and replaced
    assert count(pool.run(Job(COUNT)).body) == 40
    assert count(pool.run(Job(COUNT)).body) == 40


def test_from_the_event_loop_a_free_worker_answers_and_a_slow_one_is_killed(pool: ProcessPool) -> None:
    pool.run(Job(COUNT))
    pool.run(Job(COUNT))  # both general workers have started

    async def scenario() -> None:
        answer = await pool.run_if_idle(Job(COUNT))
        assert answer is not None and count(answer.body) == 40
        before = {w.process.pid for w in pool._all}
        with pytest.raises(QueryTimeout):
            await pool.run_if_idle(Job(CARTESIAN))
        assert len(before - {w.process.pid for w in pool._all}) == 1  # killed and replaced
        slow = asyncio.ensure_future(pool.run_if_idle(Job(CARTESIAN)))
        await asyncio.sleep(0.3)
        slow.cancel()  # the client went away: that worker is killed, its late answer reaches no one
        with pytest.raises(asyncio.CancelledError):
            await slow

    asyncio.run(scenario())
    for _ in range(4):
        assert count(pool.run(Job(COUNT)).body) == 40


def test_from_the_event_loop_a_busy_pool_leaves_the_waiting_to_a_thread(store_path: Path) -> None:
    single = ProcessPool(store_path, timeout=2, size=1)
    try:
        single.run(Job(COUNT))
        taken = single._idle.get_nowait()  # the only worker is busy
        assert asyncio.run(single.run_if_idle(Job(COUNT))) is None
        single._idle.put(taken)
        answer = asyncio.run(single.run_if_idle(Job(COUNT)))
        assert answer is not None and count(answer.body) == 40
    finally:
        single.close()


def test_gate_errors_cross_the_process_boundary(pool: ProcessPool) -> None:
    with pytest.raises(BadQuery) as err:
        pool.run(Job("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"))
    assert err.value.extra == {"refused": "SERVICE"}


def test_a_flat_query_of_1000_patterns_parses(store_path: Path) -> None:
    # A parse-correctness test, not a timing one: its own pool with room for a loaded machine (the gate's
    # rdflib parse of this text takes 0.6 s idle and over 3 s when the two cores are shared).
    text = "SELECT * WHERE { " + " ".join(f"OPTIONAL {{ ?s <http://example.org/q{i}> ?o{i} }}" for i in range(300)) + " ?s ?p ?o } LIMIT 1"
    roomy = ProcessPool(store_path, timeout=60, size=1)
    try:
        assert roomy.run(Job(text)).count == 1
    finally:
        roomy.close()


def test_workers_have_no_network_where_the_kernel_allows(pool: ProcessPool) -> None:
    pool.run(Job(COUNT))
    pool.run(Job(COUNT))
    isolation = pool.isolation()
    if not any(isolation):
        pytest.skip("this kernel refuses unprivileged user+network namespaces; the query gate is the only layer")
    assert all(isolation)


def test_thread_runner_answers_on_time_for_an_in_memory_store() -> None:
    store = OxigraphStore(None)
    store.apply([], [quad(i) for i in range(40)])
    runner = ThreadRunner(store, timeout=1)
    assert count(runner.run(Job(COUNT)).body) == 40
