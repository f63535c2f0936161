"""The single-writer lock around validate-then-commit.

Validation reads the store and commit writes it; if two writers interleaved,
each could validate against a state the other is about to change, and two
changes that are each fine but jointly break a shape (a second speaker for the
same claim) would both commit. One lock makes the pair atomic: a
:class:`threading.Lock` for the threads of one process (the API's worker
threads) and an ``flock`` on ``<store>.write.lock`` for separate processes
(``dtkg add`` beside another ``dtkg add``, or beside a server on a remote
store). The kernel drops an ``flock`` when its process dies, even by SIGKILL.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.errors import Conflict

_THREADS = threading.Lock()


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".write.lock")


@contextmanager
def write_lock(path: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the process-wide and the file lock; Conflict if another writer keeps them past ``timeout``."""
    if not _THREADS.acquire(timeout=timeout):
        raise Conflict(f"another write is in progress (waited {timeout:g}s); try again")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise Conflict(
                            f"another process holds the write lock {path} (waited {timeout:g}s); try again"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    finally:
        _THREADS.release()
