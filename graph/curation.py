"""Curation: validated, atomic, recorded changes to the graph.

Every write (``dtkg add``, ``POST /api/changes``, ``dtkg revert``,
``DELETE /api/changes/{id}``, an authenticated SPARQL Update) goes through one
path, :func:`_validate_and_apply`, inside one writer lock
(:mod:`graph.store.writelock`):

1. the change becomes a set of quads to remove and to add (blank nodes
   skolemised, :mod:`graph.rdf.canonical`; triples sent without a graph name placed in
   the change's own graph ``…/graph/change/{id}``);
2. a *change record* (a ``dtkg:Change`` in ``…/graph/changes``: time, author,
   message, content hash, the exact quads added and removed) joins the quads to
   add, so data and history commit together or not at all;
3. the candidate (store minus removals plus additions) is SHACL-validated, but
   only on the change's neighbourhood (:mod:`graph.validation.incremental`);
4. if it conforms, :meth:`graph.store.Store.apply` removes and adds in one
   transaction and flushes it to disk before returning; if not,
   :class:`graph.errors.NotConformant` carries the report and nothing is written;
5. given the settings, the full-text index follows the commit, still under the
   lock (:func:`graph.model.fulltext.follow`: the touched graphs re-read in one
   SQLite transaction; an index a crash left behind is repaired at start).

Writers on several machines. The lock is per machine (a file); writers that
share only a remote store coordinate through the store itself. Each write reads
the store version (``owl:versionInfo`` of the change log, the id of the last
change) before it looks at the store, and commits with a
:class:`graph.store.base.Guard`: the same SPARQL Update that writes the change
checks the version is unchanged and sets it to the new change's id. If another
writer committed in between, nothing is written (the change record is then
absent when read back), and the whole write — reads, validation, commit — runs
again, up to :data:`ATTEMPTS` times, before a 409.

The guard is a compare-and-set only where the store runs an update's WHERE and
its writes as one serialisable step: Virtuoso with ``DefaultIsolation = 8``
does; Oxigraph's server evaluates the WHERE on a snapshot and then writes, so
two updates sent at the same moment can both match the old version (measured:
45 of 200 simultaneous pairs). So on a remote store a write also holds a lock
kept in the store itself (:mod:`graph.store.storelock`: announce, then check
that one's claim is the only one), which needs only atomic inserts and reads.
Should two changes still commit on one version (a writer stalled too long to renew its
claim), the log holds two versions — a *fork*. A writer reads the
versions back after it commits, so the later of the two always sees the fork
and answers 409 saying its change was written; every later write is refused
until one of the two changes is reverted (:func:`_revert_base`), which leaves
the other as if it had been alone.

Incremental validation (the change's neighbourhood only) is
:func:`graph.validation.incremental.validate_change`; its docstring says
which nodes and quads decide a change's verdict.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
import time as clock
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import pyoxigraph as ox

from graph import vocab
from graph.config import Settings
from graph.errors import BadData, BadRequest, Conflict, NotConformant, NotFound, StaleVersion
from graph.model import fulltext, ids
from graph.rdf import canonical, parse
from graph.sparql import catalogue, gate, sandbox
from graph.store import OxigraphStore, RemoteStore, Store, layout
from graph.store.base import Guard
from graph.store.storelock import store_lock
from graph.store.writelock import write_lock
from graph.validation.incremental import Neighbourhood, validate_change

CHANGES_GRAPH = vocab.GRAPH + "changes"
"""Named graph of the change log: one ``dtkg:Change`` record per accepted write."""

CHANGE_BASE = vocab.BASE + "change/"

VERSION_SUBJECT = ox.NamedNode(CHANGES_GRAPH)
VERSION_PREDICATE = ox.NamedNode(str(vocab.OWL.versionInfo))
"""The store version: ``<…/graph/changes> owl:versionInfo "<id of the last change>"`` in the change log
(whose IRI is typed ``prov:Bundle``, a named set of provenance records)."""

ATTEMPTS = 8
"""How often a write runs again when another writer committed first (then 409)."""

DTKG = vocab.ONTOLOGY
PROV = str(vocab.PROV)
RDF_TYPE = ox.NamedNode(str(vocab.RDF.type))
RDFS_COMMENT = ox.NamedNode(str(vocab.RDFS.comment))
XSD = str(vocab.XSD)
DTKG_SUBJECT = ox.NamedNode(DTKG + "subject")

_OXIGRAPH_FORM = OxigraphStore(None)
"""An empty in-memory store whose :meth:`normalise` gives Oxigraph's stored form."""


def read_files(paths: Sequence[Path]) -> list[ox.Quad]:
    """All files as one change, blank nodes skolemised."""
    quads: list[ox.Quad] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BadData(f"cannot read {path}: {exc.strerror or exc}") from None
        quads.extend(parse.parse_upload(data, parse.upload_media_type(path), str(path)))
    return canonical.skolemise(quads)


# --------------------------------------------------------------------------
# The change record


@dataclass(frozen=True)
class Change:
    """One entry of the change log, as the API and the CLI show it."""

    id: str
    iri: str
    time: str
    author: str
    message: str | None
    content_hash: str
    graph: str
    added: int
    removed: int
    reverts: str | None = None
    reverted_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "iri": self.iri,
            "time": self.time,
            "author": self.author,
            "message": self.message,
            "content_hash": self.content_hash,
            "graph": self.graph,
            "added": self.added,
            "removed": self.removed,
            "reverts": change_id_of(self.reverts) if self.reverts else None,
            "reverted_by": change_id_of(self.reverted_by) if self.reverted_by else None,
        }


@dataclass(frozen=True)
class Outcome:
    change: Change
    duplicate: bool


def change_iri(change_id: str) -> str:
    """The IRI of a change, after :func:`graph.model.ids.checked_id` (404 for anything that cannot be an id)."""
    return CHANGE_BASE + ids.checked_id(change_id, what="change")


def change_id_of(iri: str) -> str:
    return iri[len(CHANGE_BASE):] if iri.startswith(CHANGE_BASE) else iri


def _literal(value: str, datatype: str = XSD + "string") -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


def _record(
    change_id: str,
    *,
    time: dt.datetime,
    author: str,
    message: str | None,
    content_hash: str,
    added: Sequence[ox.Quad],
    removed: Sequence[ox.Quad],
    reverts: str | None = None,
    idempotency_key: str | None = None,
) -> list[ox.Quad]:
    g = ox.NamedNode(CHANGES_GRAPH)
    c = ox.NamedNode(change_iri(change_id))

    def p(local: str) -> ox.NamedNode:
        return ox.NamedNode(DTKG + local)

    quads = [
        ox.Quad(c, RDF_TYPE, p("Change"), g),
        ox.Quad(c, RDF_TYPE, ox.NamedNode(PROV + "Activity"), g),  # for PROV readers without inference
        ox.Quad(c, ox.NamedNode(PROV + "endedAtTime"), _literal(time.isoformat(), XSD + "dateTime"), g),
        ox.Quad(c, p("author"), _literal(author), g),
        ox.Quad(c, p("contentHash"), _literal(content_hash), g),
        ox.Quad(c, p("changeGraph"), ox.NamedNode(vocab.change_graph(change_id)), g),
        ox.Quad(c, p("addedQuads"), _literal("".join(canonical.canonical_lines(added))), g),
        ox.Quad(c, p("removedQuads"), _literal("".join(canonical.canonical_lines(removed))), g),
        ox.Quad(c, p("addedCount"), _literal(str(len(set(added))), XSD + "nonNegativeInteger"), g),
        ox.Quad(c, p("removedCount"), _literal(str(len(set(removed))), XSD + "nonNegativeInteger"), g),
    ]
    if message:
        quads.append(ox.Quad(c, RDFS_COMMENT, _literal(message), g))
    if reverts:
        quads.append(ox.Quad(c, p("reverts"), ox.NamedNode(reverts), g))
    if idempotency_key:
        quads.append(ox.Quad(c, p("idempotencyKey"), _literal(idempotency_key), g))
    return quads


def _changes(store: Store, bindings: dict[str, Any] | None = None) -> list[Change]:
    rows = store.select(catalogue.get("curation-changes").text, bindings or None)
    out = []
    seen: set[str] = set()
    for row in rows:
        iri = row["change"].value
        if iri in seen:  # a change reverted twice over cannot happen, but stay one row per change
            continue
        seen.add(iri)

        def value(name: str) -> str | None:
            term = row[name]  # noqa: B023 - called only inside this loop iteration
            return None if term is None else term.value

        out.append(
            Change(
                id=change_id_of(iri),
                iri=iri,
                time=value("time") or "",
                author=value("author") or "",
                message=value("message"),
                content_hash=value("hash") or "",
                graph=value("graph") or "",
                added=int(value("added") or 0),
                removed=int(value("removed") or 0),
                reverts=value("reverts"),
                reverted_by=value("revertedBy"),
            )
        )
    return out


def list_changes(store: Store, *, limit: int = 50, offset: int = 0) -> tuple[list[Change], int]:
    """(one page of changes, newest first; the total number)."""
    everything = _changes(store)
    return everything[offset : offset + limit], len(everything)


def get_change(store: Store, change_id: str) -> Change:
    found = _changes(store, {"change": ox.NamedNode(change_iri(change_id))})
    if not found:
        raise NotFound(f"no change {change_id!r}; 'dtkg changes' lists them")
    return found[0]


def change_quads(store: Store, change_id: str) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(added, removed) quads of a change, read back from its record."""
    rows = store.select(catalogue.get("curation-change-quads").text, {"change": ox.NamedNode(change_iri(change_id))})
    if not rows:
        raise NotFound(f"no change {change_id!r}")
    added = rows[0]["added"].value
    removed = rows[0]["removed"].value
    return (list(ox.parse(added.encode(), ox.RdfFormat.N_QUADS)) if added else [],
            list(ox.parse(removed.encode(), ox.RdfFormat.N_QUADS)) if removed else [])


def _active_duplicate(store: Store, content_hash: str) -> Change | None:
    for change in _changes(store, {"hash": _literal(content_hash)}):
        if change.reverted_by is None:
            return change
    return None


def _by_key(store: Store, key: str) -> tuple[str, str] | None:
    rows = store.select(catalogue.get("curation-change-by-key").text, {"key": _literal(key)})
    if not rows:
        return None
    return change_id_of(rows[0]["change"].value), rows[0]["hash"].value


def _new_id(store: Store, content_hash: str, now: dt.datetime) -> str:
    base = f"{now:%Y%m%d-%H%M%S}-{content_hash[:8]}"
    candidate, n = base, 1
    while _changes(store, {"change": ox.NamedNode(change_iri(candidate))}):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# --------------------------------------------------------------------------
# Incremental validation


def normalise(quads: Iterable[ox.Quad], store: Store | None = None) -> list[ox.Quad]:
    """The quads as ``store`` will hold them (:meth:`graph.store.Store.normalise`; Oxigraph's form without one).

    Presence checks and the change record compare and keep that stored form.
    """
    return (store or _OXIGRAPH_FORM).normalise(quads)


def read_versions(store: Store) -> list[ox.Literal]:
    """Every version the change log carries: one, none before the first change, more after a fork."""
    rows = store.select(catalogue.get("curation-store-version").text)
    return sorted((r["version"] for r in rows if isinstance(r["version"], ox.Literal)), key=lambda v: v.value)


def read_version(store: Store) -> ox.Literal | None:
    """The store version a write starts from (None before the first change); a forked log refuses writes."""
    versions = read_versions(store)
    if len(versions) > 1:
        raise _forked(versions)
    return versions[0] if versions else None


def _forked(versions: Sequence[ox.Literal], written: str | None = None) -> Conflict:
    """The 409 of a forked change log: two changes committed on the same state (see the module docstring)."""
    ids = [v.value for v in versions]
    head = (f"change {written} was written, but the change log has forked" if written
            else "the change log has forked; nothing was written")
    return Conflict(
        f"{head}: changes {' and '.join(ids)} were each committed on the same earlier state by writers on "
        "different machines at the same moment, which this store did not prevent (Oxigraph's server runs "
        "updates under snapshot isolation; README, \"Several writers\"). Writes are refused until one of them "
        "is reverted: dtkg revert ID, or DELETE /api/changes/ID",
        extra={"forked_changes": ids, **({"written": written} if written else {})},
    )


def _validate_and_apply(
    store: Store,
    remove: Sequence[ox.Quad],
    add: Sequence[ox.Quad],
    *,
    base: ox.Literal | None,
    change_id: str,
    settings: Settings | None,
) -> None:
    if base is None:  # the first change also types the change log, which carries the version (S01)
        add = [*add, ox.Quad(VERSION_SUBJECT, RDF_TYPE, ox.NamedNode(PROV + "Bundle"), ox.NamedNode(CHANGES_GRAPH))]
    report = validate_change(store, remove, add)
    if not report.conforms:
        raise NotConformant(
            f"the change breaks {len(report.violations)} shape constraint(s); nothing was written",
            extra={"violations": report.to_dict()["violations"], "report": report.to_text()},
        )
    guard = Guard(VERSION_SUBJECT, VERSION_PREDICATE, ox.NamedNode(CHANGES_GRAPH), base, _literal(change_id))
    before = layout.version(store, settings) if settings is not None else ""
    store.apply(list(remove), list(add), guard)
    if not _changes(store, {"change": ox.NamedNode(change_iri(change_id))}):
        raise StaleVersion("another writer committed first; nothing was written")
    if settings is not None:
        graphs = {q.graph_name.value for q in [*remove, *add] if isinstance(q.graph_name, ox.NamedNode)}
        fulltext.follow(store, settings, graphs, before)
    if store.sees_every_write:  # one process holds the store: no other writer can have committed beside this one
        return
    versions = read_versions(store)
    if len(versions) > 1:  # the guard did not hold: another change was committed on `base` alongside this one
        raise _forked(versions, written=change_id)


@contextmanager
def _exclusive(store: Store, lock: Path) -> Iterator[None]:
    """This machine's file lock, and on a remote store also the lock kept in the store (writers on other machines)."""
    with write_lock(lock):
        if isinstance(store, RemoteStore):
            with store_lock(store, VERSION_SUBJECT, ox.NamedNode(CHANGES_GRAPH)):
                yield
        else:
            yield


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _retrying(write: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a write again (fresh reads, fresh validation) while another writer keeps committing first."""

    @functools.wraps(write)
    def attempt(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        for n in range(ATTEMPTS):
            try:
                return write(*args, **kwargs)
            except StaleVersion:
                clock.sleep(random.uniform(0.0, 0.05 * 2 ** min(n, 5)))  # noqa: S311 - jitter, not a secret
        raise Conflict(f"other writers committed first {ATTEMPTS} times in a row; nothing was written; try again")

    return attempt


# --------------------------------------------------------------------------
# Writes


def _writable_graph(graph: Any, own: Collection[ox.NamedNode]) -> bool:
    if isinstance(graph, ox.DefaultGraph) or graph in own:
        return True
    if not isinstance(graph, ox.NamedNode):
        return False
    return graph.value == vocab.ENTITIES_GRAPH or (
        graph.value.startswith(vocab.GRAPH + "source/") and len(graph.value) > len(vocab.GRAPH + "source/")
    )


def check_graphs(quads: Iterable[ox.Quad], own: Collection[ox.NamedNode], action: str) -> None:
    """The one rule for which graphs a write may touch, for additions and removals alike.

    A change may add to and remove from its own graph(s) (``own``: its new
    graph; for a revert also the graphs of the change it undoes), the entities
    graph and source graphs; never the ontology, the change log or another
    change's graph (issue 12, fault 7: a ``DELETE DATA`` in another change's
    graph was accepted). BadData (400) names the refused graphs.
    """
    refused = {str(q.graph_name) for q in quads if not _writable_graph(q.graph_name, own)}
    if refused:
        raise BadData(
            f"a change may {action} only its own graph (triples without a graph name), {vocab.ENTITIES_GRAPH} "
            f"or {vocab.GRAPH}source/…; refused graph(s): {', '.join(sorted(refused))}",
            extra={"refused_graphs": sorted(refused)},
        )


def _place(quads: Iterable[ox.Quad], own: ox.NamedNode) -> list[ox.Quad]:
    """Default-graph quads into the change's graph; other graphs must pass :func:`check_graphs`."""
    quads = list(quads)
    check_graphs(quads, {own}, "write to")
    return [
        ox.Quad(q.subject, q.predicate, q.object, own if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name)
        for q in quads
    ]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@_retrying
def add_change(
    store: Store,
    quads: Sequence[ox.Quad],
    *,
    author: str,
    message: str | None = None,
    idempotency_key: str | None = None,
    lock: Path,
    settings: Settings | None = None,
) -> Outcome:
    """Validate and commit one change (skolemised quads, default graph = the change's graph).

    The same content (equal :func:`graph.rdf.canonical.content_hash`) while its first
    change is still in effect, or the same ``idempotency_key``, returns that
    first change with ``duplicate=True`` and writes nothing.
    """
    if not quads:
        raise BadData("the change is empty: no triples were sent")
    content_hash = canonical.content_hash(quads)
    with _exclusive(store, lock):
        base = read_version(store)
        if idempotency_key:
            earlier = _by_key(store, idempotency_key)
            if earlier is not None:
                if earlier[1] != content_hash:
                    raise Conflict("this Idempotency-Key was already used for a different change")
                return Outcome(get_change(store, earlier[0]), duplicate=True)
        duplicate = _active_duplicate(store, content_hash)
        if duplicate is not None:
            return Outcome(duplicate, duplicate=True)
        now = _now()
        change_id = _new_id(store, content_hash, now)
        own = ox.NamedNode(vocab.change_graph(change_id))
        placed = _place(quads, own)
        nb = Neighbourhood(store, [], [])
        added = [q for q in normalise(placed, store) if q.graph_name == own or not nb.present(q)]
        if not added:
            raise BadRequest("nothing to change: every triple of the change is already in the store")
        record = _record(change_id, time=now, author=author, message=message, content_hash=content_hash,
                         added=added, removed=[], idempotency_key=idempotency_key)
        _validate_and_apply(store, [], [*added, *record], base=base, change_id=change_id, settings=settings)
        return Outcome(get_change(store, change_id), duplicate=False)


@_retrying
def revert_change(
    store: Store, change_id: str, *, author: str, message: str | None = None, lock: Path, settings: Settings | None = None
) -> Outcome:
    """Undo one change as a new, validated change; reverting twice returns the first revert."""
    with _exclusive(store, lock):
        versions = read_versions(store)
        target = get_change(store, change_id)
        if target.reverted_by is not None:
            return Outcome(get_change(store, change_id_of(target.reverted_by)), duplicate=True)
        base, siblings = _revert_base(versions, change_id)
        added, removed = change_quads(store, change_id)
        undone = _undone_graphs(store, target)
        check_graphs(added, undone, "delete from")
        check_graphs(removed, undone, "write to")
        kept_added, kept_removed = _sibling_quads(store, siblings)
        nb = Neighbourhood(store, [], [])
        to_remove = sorted({q for q in added if nb.present(q) and q not in kept_added}, key=str)
        to_add = sorted({q for q in removed if not nb.present(q) and q not in kept_removed}, key=str)
        content_hash = canonical.change_hash("revert " + target.iri, to_remove, to_add)
        now = _now()
        new_id = _new_id(store, content_hash, now)
        record = _record(new_id, time=now, author=author, message=message or f"Revert {change_id}",
                         content_hash=content_hash, added=to_add, removed=to_remove, reverts=target.iri)
        heal = [ox.Quad(VERSION_SUBJECT, VERSION_PREDICATE, v, ox.NamedNode(CHANGES_GRAPH)) for v in siblings]
        _validate_and_apply(store, [*to_remove, *heal], [*to_add, *record], base=base, change_id=new_id,
                            settings=settings)
        return Outcome(get_change(store, new_id), duplicate=False)


def _revert_base(versions: Sequence[ox.Literal], change_id: str) -> tuple[ox.Literal | None, list[ox.Literal]]:
    """The version a revert commits on, and the other heads of a fork it heals.

    A forked log (two changes committed on the same state) refuses every write
    but the revert of one of its heads: that revert commits on the head's
    version and removes the other heads' versions with it, so the log has one
    version again and the other change stands as if it had been alone.
    """
    if len(versions) <= 1:
        return (versions[0] if versions else None), []
    own = [v for v in versions if v.value == change_id]
    if not own:
        raise _forked(versions)
    return own[0], [v for v in versions if v.value != change_id]


def _sibling_quads(store: Store, siblings: Sequence[ox.Literal]) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """What the other heads of a fork added and removed: a revert leaves their part as it is."""
    added: set[ox.Quad] = set()
    removed: set[ox.Quad] = set()
    for version in siblings:
        a, r = change_quads(store, version.value)
        added.update(a)
        removed.update(r)
    return added, removed


def _undone_graphs(store: Store, target: Change) -> set[ox.NamedNode]:
    """The graphs a revert of ``target`` may touch besides the shared ones: those of target and what it reverted."""
    graphs: set[ox.NamedNode] = set()
    seen: set[str] = set()
    current: Change | None = target
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.graph:
            graphs.add(ox.NamedNode(current.graph))
        current = get_change(store, change_id_of(current.reverts)) if current.reverts else None
    return graphs


# --------------------------------------------------------------------------
# SPARQL Update


def update_change(
    store: Store,
    sparql: str,
    *,
    author: str,
    message: str | None = None,
    idempotency_key: str | None = None,
    lock: Path,
    limits: sandbox.Limits | None = None,
    settings: Settings | None = None,
) -> Outcome:
    """Apply a SPARQL Update through the same validate-then-commit path.

    The update runs on an in-memory copy of the data (never on the store), in
    the write sandbox (:mod:`graph.sparql.sandbox`: its own process, no network, killed
    after ``limits.timeout``, memory capped); the difference between copy before
    and after becomes the change. In the update, the default graph is the
    change's own, empty graph: ``INSERT DATA`` without ``GRAPH`` adds there, and
    reading or deleting existing data needs ``GRAPH ?g { … }``. Copying costs
    the size of the store (the update may read anything), unlike uploads; only
    the validation stays incremental.
    """
    sparql = gate.check_update(sparql)  # the decoded text: what the gate read is what runs
    with _exclusive(store, lock):
        base = read_version(store)
        if idempotency_key:
            earlier = _by_key(store, idempotency_key)
            if earlier is not None:
                if earlier[1] != update_hash(sparql):
                    raise Conflict("this Idempotency-Key was already used for a different change")
                return Outcome(get_change(store, earlier[0]), duplicate=True)
        before = [q for q in store.quads() if q.graph_name.value != vocab.ONTOLOGY_GRAPH]  # type: ignore[union-attr]  # every quad dtkg stores is in a named graph
        added_nq, removed_nq = sandbox.run(
            update_on_copy, _nquads(before), sparql, limits=limits or sandbox.Limits(), what="the SPARQL Update"
        )
        added_raw = _quads(added_nq)
        removed = _quads(removed_nq)
        if not added_raw and not removed:
            raise BadRequest("nothing to change: the update leaves the store as it is")
        for q in removed:
            g = q.graph_name.value  # type: ignore[union-attr]  # every quad dtkg stores is in a named graph
            if g == CHANGES_GRAPH:
                raise BadData("the change log cannot be edited")
        content_hash = update_hash(sparql)
        now = _now()
        change_id = _new_id(store, content_hash, now)
        own = ox.NamedNode(vocab.change_graph(change_id))
        check_graphs(removed, {own}, "delete from")
        added = normalise(_place(added_raw, own), store)
        record = _record(change_id, time=now, author=author, message=message, content_hash=content_hash,
                         added=added, removed=removed, idempotency_key=idempotency_key)
        _validate_and_apply(store, removed, [*added, *record], base=base, change_id=change_id, settings=settings)
        return Outcome(get_change(store, change_id), duplicate=False)


def update_on_copy(before_nquads: bytes, sparql: str) -> tuple[bytes, bytes]:
    """Runs in the write sandbox: (added, removed) N-Quads of ``sparql`` run on a copy of ``before``.

    Added blank nodes are skolemised here too, so a costly canonicalisation is
    bounded by the sandbox's deadline like the update itself.
    """
    before = set(_quads(before_nquads))
    memory = ox.Store()
    memory.extend(before)
    try:
        memory.update(sparql, base_iri=vocab.BASE)
    except SyntaxError as exc:
        raise BadRequest(f"SPARQL Update syntax error: {exc}") from None
    except OSError as exc:
        raise BadRequest(f"the SPARQL Update failed: {exc}") from None
    after = set(memory.quads_for_pattern(None, None, None, None))
    added = canonical.skolemise(sorted(after - before, key=str))
    return _nquads(added), _nquads(sorted(before - after, key=str))


def parse_change(data: bytes, media_type: str, *, limits: sandbox.Limits | None = None) -> list[ox.Quad]:
    """An uploaded document as the quads of a change: parsed and skolemised in the write sandbox.

    Parsing and RDFC-1.0 canonicalisation of a hostile document can take long
    and hold the GIL; in the sandbox they cannot stall the server and are
    stopped at the deadline (``DTKG_UPDATE_TIMEOUT``).
    """
    return _quads(sandbox.run(parse_and_skolemise, data, media_type, limits=limits or sandbox.Limits(),
                              what="reading the upload"))


def parse_and_skolemise(data: bytes, media_type: str) -> bytes:
    """Runs in the write sandbox: the document's quads, skolemised, as N-Quads."""
    return _nquads(canonical.skolemise(parse.parse_upload(data, media_type)))


def _nquads(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def _quads(data: bytes) -> list[ox.Quad]:
    return list(ox.parse(data, ox.RdfFormat.N_QUADS)) if data else []


def update_hash(sparql: str) -> str:
    """An update's content hash: of its (decoded) text, because its effect depends on the store it met.

    So an ``Idempotency-Key`` is bound to the update it came with: the same key
    with another update is a 409, as for uploads (issue 12, fault 8).
    """
    return hashlib.sha256(("update\n" + sparql).encode()).hexdigest()


def data_fingerprint(store: Store) -> str:
    """Fingerprint of everything but the change log: equal before a change and after its revert."""
    return canonical.content_hash(q for q in store.quads() if q.graph_name.value != CHANGES_GRAPH)  # type: ignore[union-attr]  # every quad dtkg stores is in a named graph
