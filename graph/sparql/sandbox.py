"""Untrusted work runs where it can be stopped: a process with no network, a memory cap and a deadline.

Why a process: pyoxigraph cannot cancel an update, a query or an RDFC-1.0
canonicalisation, and holds the GIL through some of them, so in the server
process a hostile request could keep a core busy past any timeout and stall
the event loop (issue 12: a cross-product ``INSERT … WHERE`` ran 39 s, a chain
of 2,000 nested blank nodes blocked the server for minutes). Here the work
runs in a separate process that:

* enters an empty network namespace when the kernel allows it (:func:`drop_network`),
  a second layer behind the gate for ``LOAD``/``SERVICE``;
* has its address space capped (``RLIMIT_AS``, ``DTKG_WORKER_MEMORY``, 4 GiB by
  default: a query worker reserves about 1 GiB of address space before it
  does anything — a 512 MiB stack for rdflib's parser, RocksDB, malloc arenas —
  so the cap must sit well above that); an
  allocation past the cap fails, the process ends, and the caller gets
  :class:`graph.errors.ResourceLimit` instead of the machine swapping;
* is killed when its deadline passes (:class:`graph.errors.QueryTimeout`).

The query workers of :mod:`graph.sparql.worker` use :func:`confine` too; the
writes (SPARQL Updates, parsing and canonicalising uploads) use :func:`run`,
one fresh process per write (~0.3 s to start, paid before the deadline starts).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from graph import errors
from graph.config import Settings
from graph.errors import DtkgError, QueryTimeout, ResourceLimit, StoreUnavailable

T = TypeVar("T")

START_TIMEOUT = 60.0
"""Seconds a fresh sandbox may take to start Python (not counted in the work's deadline)."""


@dataclass(frozen=True)
class Limits:
    """How long and how much memory one piece of untrusted work may take."""

    timeout: float = 10.0
    memory_bytes: int | None = 4096 * 1024 * 1024
    isolate_network: bool = True


def limits_for(settings: Settings) -> Limits:
    """The write sandbox's limits from the settings (``DTKG_UPDATE_TIMEOUT``, ``DTKG_WORKER_MEMORY``)."""
    return Limits(timeout=settings.update_timeout, memory_bytes=settings.worker_memory_mib * 1024 * 1024)


def drop_network() -> bool:
    """Enter a new user + network namespace: no interface but a down loopback. Best effort, Linux only."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.unshare(0x10000000 | 0x40000000) == 0)  # CLONE_NEWUSER | CLONE_NEWNET
    except (OSError, AttributeError):
        return False


def confine(memory_bytes: int | None, isolate_network: bool) -> bool:
    """Confine the calling process (call first thing in a child); True when it is off the network."""
    isolated = drop_network() if isolate_network else False
    if memory_bytes:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return isolated


def error_reply(exc: DtkgError) -> tuple[str, str, str, dict[str, Any], int]:
    """A DtkgError as plain data, to cross a pipe."""
    return ("error", type(exc).__name__, exc.detail, exc.extra, exc.status)


def rebuild_error(kind: str, detail: str, extra: dict[str, Any], status: int = 500) -> DtkgError:
    """The DtkgError that :func:`error_reply` described, by class name from :mod:`graph.errors`.

    A class defined elsewhere (a subclass in a module) comes back as the nearest
    kind with the same status, so a 4xx never turns into a 500 on the way.
    """
    cls = getattr(errors, kind, None)
    if isinstance(cls, type) and issubclass(cls, DtkgError):
        return cls(detail, extra=extra)
    fallback = next((c for c in vars(errors).values()
                     if isinstance(c, type) and issubclass(c, DtkgError) and c.status == status), DtkgError)
    return fallback(detail, extra=extra)


def died(exitcode: int | None, what: str, memory_bytes: int | None) -> DtkgError:
    """The error for a child that ended without answering: the memory cap, or a crash."""
    if memory_bytes and exitcode is not None and exitcode < 0:
        # Rust aborts (SIGABRT) when an allocation fails under RLIMIT_AS; a segfault there is also an allocation.
        mib = memory_bytes // (1024 * 1024)
        return ResourceLimit(
            f"{what} needed more than {mib} MiB of memory (DTKG_WORKER_MEMORY) and was stopped; "
            "add a LIMIT, avoid ORDER BY over large joins, or use more specific patterns",
            extra={"memory_limit_mib": mib},
        )
    return StoreUnavailable(f"{what} stopped unexpectedly (exit code {exitcode}); nothing was changed")


def _main(conn: Connection, memory_bytes: int | None, isolate: bool) -> None:
    isolated = confine(memory_bytes, isolate)
    conn.send(("ready", isolated))
    func, args = conn.recv()
    try:
        conn.send(("ok", func(*args)))
    except DtkgError as exc:
        conn.send(error_reply(exc))
    except MemoryError:
        conn.send(error_reply(died(-1, "the request", memory_bytes)))
    except Exception:  # a bug: the parent logs nothing of the child's text to the client
        conn.send(("error", "DtkgError", "the request failed unexpectedly", {}, 500))


def run(func: Callable[..., T], *args: Any, limits: Limits, what: str = "the request") -> T:
    """``func(*args)`` in a confined child process; its DtkgError re-raised here, others as the limits say.

    ``func`` must be a module-level function and its arguments and result plain
    picklable data (bytes, str, tuples): pyoxigraph objects do not cross processes.
    """
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_main, args=(child, limits.memory_bytes, limits.isolate_network),
                          name="dtkg-sandbox", daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(START_TIMEOUT):
            raise StoreUnavailable(f"a sandbox process did not start within {START_TIMEOUT:g} s")
        parent.recv()  # ready: the deadline starts now
        parent.send((func, args))
        if not parent.poll(limits.timeout):
            raise QueryTimeout(
                f"{what} ran longer than {limits.timeout:g} s and was stopped; nothing was changed",
                extra={"timeout_seconds": limits.timeout},
            )
        reply = parent.recv()
    except (EOFError, OSError):
        process.join(timeout=5)
        raise died(process.exitcode, what, limits.memory_bytes) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        parent.close()
        if process.exitcode is not None:  # not yet reaped on a loaded machine: multiprocessing reaps it later
            process.close()
    if reply[0] == "ok":
        result: T = reply[1]
        return result
    raise rebuild_error(*reply[1:])
