"""Public queries run where they can be stopped: a small pool of worker processes, killed on timeout.

pyoxigraph cannot cancel a query and releases the GIL while it runs, so the
only hard wall-clock limit is a separate process that is killed when time runs
out (``DTKG_QUERY_TIMEOUT``, 503). The gate (:mod:`graph.sparql.gate`), the
query and the writing of the answer all happen inside the worker, so a query
that is slow to *parse* is stopped the same way as one slow to run.

Backends:

* **embedded store on disk** (the default): :class:`ProcessPool`. Each worker
  opens the store with ``pyoxigraph.Store.read_only``, which sees a snapshot
  taken at open time. Before each query the worker compares a cheap version
  marker — names, sizes and mtimes of the store directory's files (RocksDB
  appends every write to its log), the build record and ``<store>.version``,
  which :func:`store_changed` bumps — and reopens when it moved (a reopen
  costs ~20 ms). :class:`DiskVersion` keeps the listing between checks, so an
  unchanged check is a few ``stat`` calls (~15 µs) rather than a directory
  scan (~0.1 ms, issue 18). On Linux each worker also drops
  into its own empty network namespace when the kernel allows it, so even a
  gate mistake could not reach the network.
* **remote endpoint** (``DTKG_ENDPOINT``) and **in-memory store** (tests):
  :class:`ThreadRunner`. A remote query is one HTTP call whose read timeout is
  the query timeout; an in-memory store cannot be shared across processes, so
  its queries run in a thread of the server. The client still gets its 503 on
  time, but the thread cannot be killed: it finishes in the background.
  Serve real traffic from a disk store.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from graph.errors import BadQuery, DtkgError, QueryTimeout, StoreUnavailable
from graph.rdf import formats
from graph.sparql import gate, protocol, sandbox
from graph.store import OxigraphStore, RemoteStore, Store

log = logging.getLogger("dtkg.query")
WORKER_STACK = 512 * 1024 * 1024
WORKER_RECURSION = 120_000


@dataclass(frozen=True)
class Job:
    """One query as the protocol layer understood it; plain data, so it crosses a pipe."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    limit: int = 10_000
    max_chars: int = 1_048_576
    max_bytes: int = 8_388_608  # DTKG_MAX_ANSWER_BYTES: rows or triples past it are cut, as past ``limit``
    json_default: bool = False  # named queries default to JSON(-LD) rather than Turtle for graphs


@dataclass(frozen=True)
class Answer:
    media_type: str
    body: bytes
    form: str
    count: int | None  # rows or triples written; None for ASK
    truncated: bool
    limit: int


class Backend(Protocol):
    def graph_names(self) -> Collection[str]: ...

    def run(self, query: str, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None) -> Any: ...

    def parser(self) -> Callable[[str], Any] | None:
        """The engine's own query call over the union default graph, for the gate to parse with; None: the gate's."""
        ...


def execute(backend: Backend, job: Job) -> Answer:
    """Gate, run and write one query; DtkgError for anything the client should hear about."""
    parse = backend.parser() if job.default_graphs is None and job.named_graphs is None else None
    gated = gate.check(job.query, local_graphs=backend.graph_names(), max_chars=job.max_chars, parse=parse)
    candidates = protocol.formats_for(gated.form)
    default = None
    if job.json_default and gated.form in ("CONSTRUCT", "DESCRIBE"):
        default = formats.JSON_LD
    fmt = protocol.negotiate(candidates, job.accept, job.format, default=default)
    default_graphs, named_graphs = job.default_graphs, job.named_graphs
    if default_graphs is None and named_graphs is None and (gated.from_graphs or gated.from_named_graphs):
        # The store's options would override FROM/FROM NAMED, so the query's own dataset is passed as options.
        default_graphs, named_graphs = gated.from_graphs, gated.from_named_graphs
    return _run_and_write(backend, gated, fmt, job, default_graphs, named_graphs)


def _run_and_write(
    backend: Backend,
    gated: gate.GatedQuery,
    fmt: formats.Format,
    job: Job,
    default_graphs: Sequence[str] | None,
    named_graphs: Sequence[str] | None,
) -> Answer:
    # A frame of its own: rdflib's parser keeps tracebacks that reference execute()'s frame, and
    # pyoxigraph results must be dropped by the thread that made them, so they never live there.
    # (A result the gate prepared is made only in a worker process, which has one thread, never on the
    # rdflib path.) The gate's fast path parsed with the engine and no FROM changed the dataset: that parse
    # is the run's.
    prepared = gated.prepared if default_graphs is None and named_graphs is None else None
    result = prepared if prepared is not None else backend.run(gated.text, default_graphs, named_graphs)
    try:
        return _write(result, gated, fmt, job)
    except (OSError, RuntimeError):
        # Results stream from the store; a writer compacting files away mid-read ends the stream.
        raise StoreUnavailable("the store changed while the query was being answered; try again") from None


def _write(result: Any, gated: gate.GatedQuery, fmt: formats.Format, job: Job) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Answer(fmt.content_type, protocol.write_boolean(bool(result), fmt), gated.form, None, False, job.limit)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows: list[list[object]] = []
        truncated = False
        size = 0
        for solution in result:
            row = list(solution)  # the values in the order of ``variables``, None where unbound (no lookup by name)
            size += _size(row)
            if len(rows) == job.limit or size > job.max_bytes:
                truncated = True
                break
            rows.append(row)
        body = protocol.write_solutions(variables, rows, fmt, truncated=truncated, limit=job.limit)
        return Answer(fmt.content_type, body, gated.form, len(rows), truncated, job.limit)
    triples: list[ox.Triple] = []
    truncated = False
    size = 0
    for triple in result:
        size += _size((triple.subject, triple.predicate, triple.object))
        if len(triples) == job.limit or size > job.max_bytes:
            truncated = True
            break
        triples.append(triple)
    return Answer(fmt.content_type, protocol.write_triples(triples, fmt), gated.form, len(triples), truncated, job.limit)


def _size(terms: Sequence[Any]) -> int:
    """About how many bytes ``terms`` take in an answer: their text plus a little markup each.

    The byte cap counts this while rows stream in, so a 16 MiB literal is cut
    before it is serialised rather than after (issue 12, fault 10).
    """
    return sum(len(getattr(t, "value", "") or "") + 32 for t in terms if t is not None)


class _EmbeddedBackend:
    """A read-only pyoxigraph store, reopened whenever the store on disk changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: ox.Store | None = None
        self._disk = DiskVersion(path)
        self._version: tuple[Any, ...] | None = None
        self._names: frozenset[str] = frozenset()

    def _current(self, *, recheck: bool = True) -> ox.Store:
        """The open store; with ``recheck`` first compare the version marker (:class:`DiskVersion`)."""
        if self._store is not None and not recheck:
            return self._store
        version = self._disk.current()
        if self._store is None or version != self._version:
            self._store = None
            for attempt in range(12):
                # A writer may be compacting: RocksDB then reports a file of the manifest as missing
                # ("Corruption: … No such file"). That is transient; the next open sees the new manifest.
                try:
                    self._store = ox.Store.read_only(str(self.path))
                    break
                except (OSError, RuntimeError) as exc:
                    if attempt == 11:
                        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                        raise StoreUnavailable(f"cannot open the store at {self.path}: {first}") from None
                    time.sleep(0.02 * (attempt + 1))
            assert self._store is not None
            self._version = version
            self._names = frozenset(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))
        return self._store

    def graph_names(self) -> Collection[str]:
        self._current()
        return self._names

    def parser(self) -> Callable[[str], Any]:
        """The open store's query call, as :meth:`run` makes it without a protocol dataset (the gate's fast path)."""
        store = self._current()
        return functools.partial(store.query, base_iri=gate.DEFAULT_BASE, use_default_graph_as_union=True)

    def run(self, query: str, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None) -> Any:
        options: dict[str, Any] = {"base_iri": gate.DEFAULT_BASE}
        if default_graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs] or ox.DefaultGraph()
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        for attempt in (1, 2):
            try:  # the gate's graph_names() has just checked the version: no second scan for the same job
                return self._current(recheck=attempt == 2).query(query, **options)
            except SyntaxError as exc:
                raise BadQuery(f"SPARQL syntax error: {exc}") from None
            except (OSError, RuntimeError):
                if attempt == 2:
                    raise StoreUnavailable("the store changed under the query; try again") from None
                self._store = None  # a file of our snapshot was compacted away: reopen and retry once


class _StoreBackend:
    """Any :class:`graph.store.Store` (remote endpoint, in-memory store), used from a thread."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def graph_names(self) -> Collection[str]:
        return frozenset(g.value for g in self.store.named_graphs())

    def parser(self) -> None:
        """None: results made here may be dropped by another thread, so the gate parses on its own store."""
        return None

    def run(self, query: str, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None) -> Any:
        text = query
        if isinstance(self.store, OxigraphStore):
            # Relative IRIs resolve against dtkg's base, as in the worker processes (BASE is the prologue's first word).
            text = f"BASE <{gate.DEFAULT_BASE}>\n{query}"
        return self.store.query(
            text,
            default_graphs=None if default_graphs is None else [ox.NamedNode(g) for g in default_graphs],
            named_graphs=None if named_graphs is None else [ox.NamedNode(g) for g in named_graphs],
        )


def store_version(path: Path) -> tuple[Any, ...]:
    """A cheap marker that changes whenever the store on disk does (see the module docstring): a full scan."""
    parts: list[tuple[Any, ...]] = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                try:
                    st = entry.stat()
                except FileNotFoundError:
                    continue
                parts.append((entry.name, st.st_size, st.st_mtime_ns))
    except FileNotFoundError:
        parts.append(("missing",))
    try:
        inode: int | None = path.stat().st_ino
    except FileNotFoundError:
        inode = None
    return _marker(path, parts, inode)


def _marker(path: Path, files: Iterable[tuple[Any, ...]], inode: int | None) -> tuple[Any, ...]:
    """The store directory's files plus the side files and the directory's inode, in one order."""
    parts = list(files)
    for side in (_version_file(path), path.with_name(path.name + ".build.json")):
        try:
            st = side.stat()
            parts.append((side.name, st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            pass
    if inode is not None:
        parts.append(("inode", inode))
    return tuple(sorted(parts))


RACY_NS = 2_000_000_000
"""How recently (ns) a directory may have changed for :class:`DiskVersion` to scan it again rather than trust its
listing: a directory's mtime comes from a coarse clock, so a file created in the same tick as the last scan would
leave it unchanged (the "racily clean" case git guards against the same way)."""


class DiskVersion:
    """:func:`store_version` of one store, remembered between checks so that an unchanged store costs a few ``stat``s.

    What can change without the directory's own ``stat`` changing is a file
    being appended to: RocksDB appends only to its write-ahead logs (``*.log``)
    and its ``MANIFEST-*``; table files (``*.sst``) are written once, and
    ``CURRENT``, ``OPTIONS-*`` and the rest are created or renamed (which
    changes the directory). So while the directory's inode and mtime are as
    last scanned, and that mtime is more than :data:`RACY_NS` old, only those
    appended files and the side files are looked at again; otherwise the
    directory is scanned in full, as before (issue 18). A write is seen exactly
    as by the full scan, by any process, with or without :func:`store_changed`.
    """

    def __init__(self, path: Path, racy_ns: int = RACY_NS) -> None:
        self.path = path
        self.racy_ns = racy_ns
        self._dir: tuple[int, int] | None = None
        self._listing: dict[str, tuple[int, int]] = {}  # name -> (size, mtime_ns), from the last full scan
        self._appended: tuple[str, ...] = ()

    def current(self) -> tuple[Any, ...]:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._dir = None
            return store_version(self.path)
        key = (st.st_ino, st.st_mtime_ns)
        if key != self._dir or abs(time.time_ns() - st.st_mtime_ns) < self.racy_ns:
            self._scan(key)
        parts = dict(self._listing)
        for name in self._appended:
            try:
                grown = os.stat(os.path.join(self.path, name))
            except FileNotFoundError:  # deleted (the directory's mtime moved too): the next check scans
                parts.pop(name, None)
                continue
            parts[name] = (grown.st_size, grown.st_mtime_ns)
        return _marker(self.path, ((name, *stat) for name, stat in parts.items()), st.st_ino)

    def _scan(self, key: tuple[int, int]) -> None:
        listing: dict[str, tuple[int, int]] = {}
        with os.scandir(self.path) as entries:
            for entry in entries:
                try:
                    st = entry.stat()
                except FileNotFoundError:
                    continue
                listing[entry.name] = (st.st_size, st.st_mtime_ns)
        self._listing = listing
        self._appended = tuple(n for n in listing if n.endswith(".log") or n.startswith("MANIFEST-"))
        self._dir = key


def store_changed(path: Path) -> None:
    """Tell the query workers the store at ``path`` changed; call after each committed write.

    The workers would notice a write by themselves (the store's files change),
    but this marker makes it explicit and costs one small file write.
    """
    marker = _version_file(path)
    try:
        count = int(marker.read_text() or "0") + 1
    except (FileNotFoundError, ValueError):
        count = 1
    tmp = marker.with_name(marker.name + ".part")
    tmp.write_text(str(count))
    tmp.replace(marker)


def _version_file(path: Path) -> Path:
    return path.with_name(path.name + ".version")


# --- worker processes ----------------------------------------------------------------------------


def _worker_main(conn: Connection, path: str, isolate: bool, memory_bytes: int | None = None) -> None:
    """Entry point of a worker process: answer jobs from ``conn`` until it closes."""
    isolated = sandbox.confine(memory_bytes, isolate)
    threading.stack_size(WORKER_STACK)
    sys.setrecursionlimit(WORKER_RECURSION)
    thread = threading.Thread(target=_serve, args=(conn, Path(path), isolated, memory_bytes), name="dtkg-query")
    thread.start()
    thread.join()


def _serve(conn: Connection, path: Path, isolated: bool, memory_bytes: int | None) -> None:
    backend = _EmbeddedBackend(path)
    try:  # warm up: import both gate parsers and open the store before the first real query
        gate.warm()
        execute(backend, Job("ASK { ?s ?p ?o }"))
    except Exception:  # the first real query will report the problem
        pass
    conn.send(("ready", isolated))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", execute(backend, job)))
        except DtkgError as exc:
            conn.send(sandbox.error_reply(exc))
        except MemoryError:
            conn.send(sandbox.error_reply(sandbox.died(-1, "the query", memory_bytes)))
        except Exception:  # a bug: logged here, a bare 500 for the client
            log.exception("query worker failed")
            conn.send(("error", "DtkgError", "the query failed unexpectedly; it has been logged", {}, 500))


class _Worker:
    def __init__(self, ctx: Any, path: Path, isolate: bool, memory_bytes: int | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, str(path), isolate, memory_bytes),
                                   name="dtkg-query-worker", daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.isolated = False

    def started(self) -> bool:
        """Whether the worker is ready for a job, without waiting (reads its "ready" message if it came)."""
        if not self.ready and self.conn.poll(0):
            _, self.isolated = self.conn.recv()
            self.ready = True
        return self.ready

    def kill(self) -> None:
        """Kill and reap the worker; never raises, so retiring a worker cannot fail the request.

        On a loaded machine a killed process may not be reaped within the join's
        5 s (seen once in the flood test: ``Process.close`` then raised and the
        request answered 500); it is left to multiprocessing, which reaps finished
        children the next time one starts.
        """
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()
        if self.process.exitcode is not None:
            self.process.close()


class Runner(Protocol):
    def run(self, job: Job, light: bool = False) -> Answer: ...

    async def run_if_idle(self, job: Job) -> Answer | None: ...

    def close(self) -> None: ...


class ProcessPool:
    """``size`` worker processes over the embedded store at ``path``, plus ``reserved`` kept for light clients.

    Two reserved workers rather than one: a reserved worker killed at its short
    deadline takes seconds to start again, and the other covers that time.

    A worker past the timeout is killed and replaced. The reserved workers
    answer only *light* queries (from a client with nothing else running and
    little query time used lately: :class:`api.middleware.FairShare` decides),
    and only for ``short_timeout`` seconds: a light query that runs longer there
    is stopped and run again on a general worker with the time it has left. So
    while other clients keep the general workers busy, a normal query is still
    answered at once (issue 12, fault 3).
    """

    def __init__(
        self,
        path: Path,
        *,
        timeout: float,
        size: int = 2,
        isolate_network: bool = True,
        memory_bytes: int | None = None,
        reserved: int = 0,
        short_timeout: float = 2.0,
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.isolate_network = isolate_network
        self.memory_bytes = memory_bytes
        self.short_timeout = short_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._spare: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())
        for _ in range(max(0, reserved)):
            self._spare.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.path, self.isolate_network, self.memory_bytes)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

    def run(self, job: Job, light: bool = False) -> Answer:
        if self._closed:
            raise StoreUnavailable("the query service is shutting down")
        started = time.monotonic()
        deadline = started + self.timeout
        while True:
            # A light query takes whichever worker is free first: a general one, or a ready reserved one.
            try:
                worker = self._idle.get(timeout=0.02 if light else max(0.0, deadline - time.monotonic()))
                return self._use(worker, self._idle, job, max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pass
            if light and time.monotonic() - started > self.short_timeout:
                light = False  # waited as long as a light query may run: the reserved worker is not for this one
            if light:
                spare = self._ready_spare()
                if spare is not None:
                    try:
                        return self._use(spare, self._spare, job, min(self.short_timeout, deadline - time.monotonic()))
                    except QueryTimeout:
                        if self.short_timeout >= self.timeout:
                            raise
                        log.info("a light query outlived the reserved worker's %gs; it waits for a general worker",
                                 self.short_timeout)
                        light = False
            if time.monotonic() >= deadline:
                raise QueryTimeout(
                    f"every query worker stayed busy for {self.timeout:g} s; try again in a moment",
                    extra={"timeout_seconds": self.timeout},
                )

    def _ready_spare(self) -> _Worker | None:
        """A reserved worker that is idle and started (a fresh one takes seconds: do not wait for it)."""
        try:
            spare = self._spare.get_nowait()
        except queue.Empty:
            return None
        if spare.ready or spare.conn.poll(0) or not spare.process.is_alive():
            return spare
        self._spare.put(spare)
        return None

    def _use(self, worker: _Worker, home: queue.Queue[_Worker], job: Job, limit: float) -> Answer:
        """Run ``job`` on ``worker`` for at most ``limit`` seconds; the worker (or its replacement) goes back ``home``."""
        started = time.monotonic()
        try:
            if not worker.process.is_alive():
                self._retire(worker)
                worker = self._spawn()
            if not worker.ready:
                # A fresh worker needs a moment to start Python; that start-up is not the query's time.
                if not worker.conn.poll(60):
                    raise StoreUnavailable("a query worker did not start within 60 s")
                _, worker.isolated = worker.conn.recv()
                worker.ready = True
                started = time.monotonic()
            worker.conn.send(job)
            remaining = limit - (time.monotonic() - started)
            if not worker.conn.poll(max(0.0, remaining)):
                self._retire(worker)
                worker = self._spawn()
                raise self._timed_out()
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            exc = self._died(worker)
            worker = self._spawn()
            raise exc from None
        finally:
            self._give_back(worker, home)
        return _unpack(reply)

    async def run_if_idle(self, job: Job) -> Answer | None:
        """Run ``job`` from the event loop if a general worker is idle and started now, else None.

        The caller then runs :meth:`run` in a thread. Each thread hand-off costs a
        scheduling round on a loaded 2-core machine (issue 18), so the common
        case, a free worker, waits on the worker's pipe in the event loop
        itself, for at most the timeout, after which the worker is killed and
        replaced as in :meth:`run`. Waiting for a busy pool, a worker still
        starting and the reserved workers stay in :meth:`run`. A request
        cancelled while its query runs kills that worker: its late answer must
        not reach the next job. The answer is read from the pipe on the loop
        once it is readable (the worker writes it in one go; at most
        ``DTKG_MAX_ANSWER_BYTES`` and a little markup).
        """
        if self._closed:
            raise StoreUnavailable("the query service is shutting down")
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            return None
        try:
            usable = worker.process.is_alive() and worker.started()
        except (EOFError, OSError):
            usable = False  # died while starting: run() replaces it
        if not usable:
            self._idle.put(worker)
            return None
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()
        try:
            worker.conn.send(job)
            loop.add_reader(fd, _settle, readable)
            # A timer on the future itself rather than asyncio.wait_for: one event-loop round less per answer.
            timer = loop.call_later(self.timeout, _expire, readable)
            try:
                await readable
            finally:
                timer.cancel()
                loop.remove_reader(fd)
            reply = worker.conn.recv()
        except TimeoutError:  # before OSError, of which it is a subclass
            await asyncio.to_thread(self._replace, worker)
            raise self._timed_out() from None
        except (EOFError, OSError):
            exc = await asyncio.to_thread(self._died, worker)
            await asyncio.to_thread(self._refill)
            raise exc from None
        except BaseException:  # cancelled: the worker may still be answering this job
            self._replace(worker)
            raise
        self._give_back(worker, self._idle)
        return _unpack(reply)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a fresh one in the general pool."""
        self._retire(worker)
        self._refill()

    def _refill(self) -> None:
        self._give_back(self._spawn(), self._idle)

    def _give_back(self, worker: _Worker, home: queue.Queue[_Worker]) -> None:
        if not self._closed:
            home.put(worker)
        else:
            self._retire(worker)

    def _died(self, worker: _Worker) -> DtkgError:
        """Retire a worker whose pipe broke; the error that says why it died."""
        worker.process.join(timeout=5)
        exitcode = worker.process.exitcode
        self._retire(worker)
        return sandbox.died(exitcode, "the query", self.memory_bytes)

    def _timed_out(self) -> QueryTimeout:
        return QueryTimeout(
            f"the query ran longer than {self.timeout:g} s and was stopped; add a LIMIT or more "
            "specific patterns, or run it on a downloaded copy of the data (/downloads/)",
            extra={"timeout_seconds": self.timeout},
        )

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._retire(worker)

    def isolation(self) -> list[bool]:
        """Whether each started worker runs without network (for tests and /health-style checks)."""
        return [w.isolated for w in list(self._all) if w.ready]


def _settle(future: asyncio.Future[None]) -> None:
    """The pipe became readable: wake the waiting request (once; it may have timed out already)."""
    if not future.done():
        future.set_result(None)


def _expire(future: asyncio.Future[None]) -> None:
    """The query timeout passed with no answer on the pipe: the waiting request gets TimeoutError."""
    if not future.done():
        future.set_exception(TimeoutError())


def _unpack(reply: tuple[Any, ...]) -> Answer:
    if reply[0] == "ok":
        answer: Answer = reply[1]
        return answer
    raise sandbox.rebuild_error(*reply[1:])


class ThreadRunner:
    """Queries in threads of this process: for a remote endpoint and for in-memory stores (not killable)."""

    def __init__(self, store: Store, *, timeout: float) -> None:
        self.timeout = timeout
        self.backend = _StoreBackend(store)

    def run(self, job: Job, light: bool = False) -> Answer:
        """``light`` is ignored: threads are not pooled here."""
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["answer"] = execute(self.backend, job)
            except DtkgError as exc:
                box["error"] = exc
            except Exception as exc:
                log.exception("query failed")
                box["error"] = DtkgError("the query failed unexpectedly; it has been logged")
                del exc

        thread = threading.Thread(target=work, name="dtkg-query", daemon=True)
        thread.start()
        thread.join(self.timeout)
        if thread.is_alive():
            raise QueryTimeout(
                f"the query ran longer than {self.timeout:g} s; it was abandoned (this server runs queries "
                "in threads, which cannot be killed: serve from a disk store for hard limits)",
                extra={"timeout_seconds": self.timeout},
            )
        if "error" in box:
            raise box["error"]
        answer: Answer = box["answer"]
        return answer

    async def run_if_idle(self, job: Job) -> Answer | None:
        """Always None: these queries run in threads, so the caller runs :meth:`run` in one."""
        return None

    def close(self) -> None:
        pass


def open_runner(
    store: Store,
    *,
    timeout: float,
    workers: int | None = None,
    connect_timeout: float = 5.0,
    memory_bytes: int | None = None,
    short_timeout: float = 2.0,
) -> Runner:
    """The runner that fits ``store``: worker processes for a disk store, threads otherwise."""
    if isinstance(store, OxigraphStore) and store.path is not None:
        return ProcessPool(store.path, timeout=timeout, size=workers or min(2, os.cpu_count() or 1),
                           memory_bytes=memory_bytes, reserved=2, short_timeout=short_timeout)
    if isinstance(store, RemoteStore):
        # The engine gets a little less than the wall-clock limit, so that an engine which can stop
        # a query (Virtuoso) does so and says why before the HTTP read gives up.
        remote = store.with_timeouts(read_timeout=timeout, engine_timeout=timeout * 0.9)
        return ThreadRunner(remote, timeout=timeout)
    return ThreadRunner(store, timeout=timeout)

