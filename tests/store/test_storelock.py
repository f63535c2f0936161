"""The writer lock kept in the store (graph/store/storelock.py), on a real ``oxigraph serve``.

Two real writer processes contend for it in tests/curation/test_several_machines.py;
here one side of the contention is a claim put in place by hand, so each rule is
checked deterministically: a live claim of another writer keeps the lock, a claim
older than the lease is cleared, and the lock leaves nothing behind.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from graph.errors import Conflict
from graph.store import RemoteStore
from graph.store.storelock import store_lock

LOG = ox.NamedNode("https://w3id.org/dtkg/graph/changes")
CLAIM = ox.NamedNode(LOG.value + "#writer")


@pytest.fixture
def remote(oxigraph_server: str) -> Iterator[RemoteStore]:
    store = RemoteStore(oxigraph_server)
    yield store
    store.close()


def claim(at: float, token: str) -> ox.Quad:
    return ox.Quad(LOG, CLAIM, ox.Literal(f"{at:.6f} {token}"), LOG)


def claims(store: RemoteStore) -> set[ox.Quad]:
    return {q for q in store.quads(LOG) if q.predicate == CLAIM}


def test_the_lock_is_held_inside_and_leaves_nothing_behind(remote: RemoteStore) -> None:
    with store_lock(remote, LOG, LOG):
        held = claims(remote)
        assert len(held) == 1
    assert claims(remote) == set()


def test_another_writers_live_claim_keeps_the_lock_and_a_waiter_gives_up_cleanly(remote: RemoteStore) -> None:
    other = claim(time.time(), "other-machine")
    remote.apply([], [other])
    entered = False
    with pytest.raises(Conflict, match="writers on other machines kept the store's write lock"):
        with store_lock(remote, LOG, LOG, timeout=0.5):
            entered = True
    assert not entered
    assert claims(remote) == {other}  # its own claim withdrawn, the other's untouched


def test_a_claim_left_unchanged_for_the_lease_is_a_dead_writers_and_is_cleared(remote: RemoteStore) -> None:
    dead = claim(time.time(), "killed-machine")  # its time does not matter: no clocks are compared
    remote.apply([], [dead])
    with store_lock(remote, LOG, LOG, timeout=5, lease=0.3):
        assert dead not in claims(remote)
    assert claims(remote) == set()


def test_a_holder_renews_its_claim_so_a_waiter_never_takes_it_for_dead(remote: RemoteStore) -> None:
    held, release = threading.Event(), threading.Event()
    seen: list[set[ox.Quad]] = []

    def hold() -> None:
        with store_lock(remote, LOG, LOG, lease=0.3):
            held.set()
            for _ in range(6):  # 1.2 s: four lease lengths
                seen.append(claims(remote))
                time.sleep(0.2)
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(5)
        with pytest.raises(Conflict):
            with store_lock(remote, LOG, LOG, timeout=1.0, lease=0.3):
                pytest.fail("entered a lock that a live writer holds")
    finally:
        release.set()
        holder.join()
    assert len(set().union(*seen)) > 1  # the claim changed while held
    assert claims(remote) == set()
