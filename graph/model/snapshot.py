"""What the lookups need to know about the graph as a whole, built once per graph version.

Names, types, the class tree and the controlled vocabularies (claim kinds,
indicators, bounds) change only when the graph does, so :func:`current` reads
them once and keeps them until the graph version changes. The version is cheap
to read on every request: the build record beside the store (its fingerprint and
time) plus the list of named graph names, which changes with every curation
change (each one adds its own graph). Nothing here scans the store per request.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

import pyoxigraph as ox

from graph import vocab
from graph.config import Settings
from graph.errors import DtkgError, InvalidParameter, NotFound
from graph.matching import Label, Matcher
from graph.model import ids
from graph.sparql import catalogue
from graph.store import Store, layout

T = TypeVar("T")
log = logging.getLogger("dtkg.lookup")
MEMO_SIZE = 1024
"""Most lookups one snapshot keeps (:meth:`Snapshot.memo`); a few MB at 1M triples."""
ONTOLOGY = vocab.ONTOLOGY


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to another resource: its short id and a label to show."""

    id: str
    label: str


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


def paginate(rows: list[T], limit: int, offset: int) -> Page[T]:
    return Page(items=rows[offset : offset + limit], total=len(rows), limit=limit, offset=offset)


def slug(iri: str) -> str:
    """``…#IndirectSpeech`` → ``indirect-speech``: the API's name for a vocabulary term."""
    local = vocab.entity_id(iri)
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", local).lower()


@dataclass
class Snapshot:
    version: str
    names: dict[str, list[Label]]
    types: dict[str, list[str]]
    superclasses: dict[str, set[str]]
    class_labels: dict[str, str]
    vocabulary: dict[str, dict[str, str]]
    """scheme local name (ClaimKindScheme, IndicatorScheme, …) → slug → concept IRI."""
    concept_labels: dict[str, str] = field(default_factory=dict)
    by_class: dict[str, list[str]] = field(default_factory=dict)
    entities: list[str] = field(default_factory=list)
    triples: int = 0
    """Quads in the store when this version was read. ``/health`` shows it rather than counting the
    store per request (~0.2 s at 1M): a start-up probe retried every 2 s had many counts running at
    once, and the server stayed ~300 MB larger (BENCHMARKS.md, issue 18 point 5)."""
    class_counts: list[tuple[str, int]] = field(default_factory=list)
    """(class IRI, number of resources) for every class used in the data, most first."""
    claim_places: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Claim IRI → (source document IRI, start offset of its span): the claims list's document order,
    read once per version so a request sorts only the claims it selects (1.4 s for every claim at 1M)."""
    claim_order: list[str] = field(default_factory=list)
    """Every claim with a place, in document order (source, offset, IRI): a request that selects many
    claims keeps them in this order instead of sorting them (a word in 10k claims: ~20 ms → ~2 ms at 1M)."""
    claim_rank: dict[str, int] = field(default_factory=dict)
    """Claim IRI → its position in :attr:`claim_order`: the sort key for a request that selects few."""
    matcher: Matcher = field(init=False)
    """The one entity matcher (:mod:`graph.matching`), built with the snapshot."""
    _memo: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False)
    _tables: dict[str, Any] = field(default_factory=dict, repr=False)
    _building: dict[str, threading.Thread] = field(default_factory=dict, repr=False)
    superseded: bool = field(default=False, repr=False)
    """Set when a newer version's snapshot replaces this one: its tables are no longer worth building."""

    def memo(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        """``compute()``, kept with this snapshot (so for this store version only) under ``key``.

        For lookups whose answer is fixed per version and costly to ask the
        store for on every request, such as the claims of one speaker (a
        pattern with a bound predicate and object costs ~40 ms at 1M triples).
        At most :data:`MEMO_SIZE` entries: the oldest go first.
        """
        if key in self._memo:
            return self._memo[key]
        value = compute()
        if len(self._memo) >= MEMO_SIZE:
            self._memo.pop(next(iter(self._memo)), None)
        self._memo[key] = value
        return value

    def table(self, key: str, compute: Callable[[], T]) -> T | None:
        """``compute()``'s answer for this store version once it is ready; None while it is computed.

        For a table too costly to compute inside a request and too useful to
        leave out: every claim shaped for the API (~10 s and ~50 MB at 1M
        triples). The first call starts ``compute`` in a background thread (one
        per key), so no request waits for it: callers answer the slower way
        meanwhile. The answer is kept with this snapshot, never evicted (unlike
        :meth:`memo`), and moved out of the garbage collector's walk. A
        ``compute`` that fails is logged and tried again at the next call.
        Builds run one at a time, and a build whose snapshot a newer version
        replaced before its turn is dropped: under a stream of writes at 1M
        (a ~10 s build each) they would otherwise pile up, each holding its
        memory and a core for a version no request reads any more.
        """
        if key in self._tables:
            return cast("T", self._tables[key])
        with _lock_tables:
            if key in self._tables or key in self._building:
                return cast("T | None", self._tables.get(key))

            def run() -> None:
                try:
                    with _build_slot:
                        if self.superseded:
                            return
                        self._tables[key] = compute()
                    with _lock:
                        _keep_out_of_gc()
                except Exception:  # a store closed meanwhile, say: the next call tries again
                    log.warning("could not prepare the %s table", key, exc_info=True)
                finally:
                    with _lock_tables:
                        self._building.pop(key, None)

            thread = threading.Thread(target=run, name=f"dtkg-table-{key}", daemon=True)
            self._building[key] = thread
            thread.start()
        return None

    def wait_for_table(self, key: str, timeout: float | None = None) -> bool:
        """Wait until the table ``key`` is no longer being computed; whether it is ready (start-up and tests)."""
        with _lock_tables:
            thread = self._building.get(key)
        if thread is not None:
            thread.join(timeout)
        return key in self._tables

    def label(self, iri: str) -> str:
        return display_label(self.names.get(iri, ())) or self.concept_labels.get(iri) or vocab.entity_id(iri)

    def ref(self, iri: str) -> Ref:
        return Ref(id=vocab.entity_id(iri), label=self.label(iri))

    def aliases(self, iri: str) -> list[str]:
        shown = self.label(iri)
        seen: list[str] = []
        for name in self.names.get(iri, ()):
            if name.text != shown and name.text not in seen:
                seen.append(name.text)
        return seen

    def type_names(self, iri: str) -> list[str]:
        return sorted({vocab.entity_id(t) for t in self.types.get(iri, ())})

    def known(self, iri: str) -> bool:
        return iri in self.names or iri in self.types

    def instances(self, class_iri: str) -> list[str]:
        return self.by_class.get(class_iri, [])

    def class_for(self, name: str, field_name: str = "type") -> str:
        """A class given by local name (``Person``, ``state-intermediary``) or IRI."""
        wanted = name.strip()
        # declared classes, and the superclasses entities reach without a declaration (org:FormalOrganization)
        for iri in [*self.class_labels, *sorted(set(self.by_class) - set(self.class_labels))]:
            if wanted in (iri, vocab.entity_id(iri)) or slug(iri) == wanted.lower() or vocab.entity_id(iri).lower() == wanted.lower():
                return iri
        known = ", ".join(sorted({vocab.entity_id(c) for c in self.by_class}))
        raise InvalidParameter(field_name, f"unknown type {name!r}; types with entities: {known}")

    def term(self, scheme: str, value: str, field_name: str) -> str:
        """A controlled-vocabulary value (``indirect-speech``) as its concept IRI."""
        terms = self.vocabulary.get(scheme, {})
        key = value.strip().lower()
        if key in terms:
            return terms[key]
        for iri in terms.values():
            if value in (iri, vocab.entity_id(iri)):
                return iri
        raise InvalidParameter(field_name, f"unknown value {value!r}; expected one of: {', '.join(sorted(terms))}")

    def vocabulary_slug(self, iri: str) -> str:
        return slug(iri)


def display_label(labels: Sequence[Label], languages: Sequence[str] = ("en", "")) -> str | None:
    """The label to show: a preferred label in the first language that has one, else any name."""
    for lang in languages:
        for label in labels:
            if label.preferred and label.lang == lang:
                return label.text
    for label in labels:
        if label.preferred:
            return label.text
    return labels[0].text if labels else None


def resolve(raw: str, *, what: str = "entity") -> str:
    """An id from a URL path as the IRI it names, or NotFound that says how to find one."""
    return vocab.entity(ids.checked_id(raw, what=what))


def not_found(raw: str, what: str = "entity") -> NotFound:
    return NotFound(f"no {what} with id {raw!r} in the graph", extra={"id": raw}, search=raw[:100])


def filter_iri(snapshot: Snapshot, raw: str, field_name: str) -> str:
    """A filter parameter naming an entity by id: its IRI, or 422 naming the field."""
    value = raw.strip()
    if vocab.is_id(value):
        iri = vocab.entity(value)
    elif value.startswith(vocab.ENTITY) and vocab.is_id(value[len(vocab.ENTITY) :]):
        iri = value
    else:
        raise InvalidParameter(field_name, f"{value[:200]!r} is not an entity id", search="")
    if not snapshot.known(iri):
        raise InvalidParameter(field_name, f"no entity with id {value!r}", search=value[:100])
    return iri


def rows(store: Store, name: str, params: Mapping[str, str | Sequence[str]] | None = None) -> list[dict[str, Any]]:
    """A named query's solutions as dicts of pyoxigraph terms (missing = unbound).

    Values in ``params`` are checked and bound by the query's declared types.
    """
    return list(solutions(store, name, params))


def solutions(store: Store, name: str, params: Mapping[str, str | Sequence[str]] | None = None) -> Iterator[dict[str, Any]]:
    """:func:`rows` one at a time: for a query over the whole store, whose rows need not all be held at once."""
    query = catalogue.get(name)
    bindings = query.bind(params or {})
    result = store.query(query.text, bindings)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"{name}.rq is not a SELECT query")
    variables = [v.value for v in result.variables]
    for solution in result:
        yield {v: solution[v] for v in variables if solution[v] is not None}


def text(term: Any) -> str | None:
    """The lexical value of a term (IRI or literal), or None."""
    return None if term is None else str(term.value)


VERSION_TTL = 2.0
"""Seconds a computed graph version is trusted before it is read again (see :func:`current`)."""


_lock = threading.Lock()
_lock_tables = threading.Lock()
_build_slot = threading.Semaphore(1)
"""One table build at a time (see :meth:`Snapshot.table`)."""
_cache: weakref.WeakKeyDictionary[Store, Snapshot] = weakref.WeakKeyDictionary()
_checked: weakref.WeakKeyDictionary[Store, tuple[float, str]] = weakref.WeakKeyDictionary()
_epochs: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()
_reading: weakref.WeakSet[Store] = weakref.WeakSet()
_writes: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()
_lock_checked = threading.Lock()


def invalidate(store: Store) -> None:
    """Forget the version seen last, so the next lookup re-reads it (call after writing to the store)."""
    with _lock_checked:
        _checked.pop(store, None)
        _epochs[store] = _epochs.get(store, 0) + 1  # a version read begun before the write must not be kept


def current(store: Store, settings: Settings) -> Snapshot:
    """The snapshot of the graph as it is now, rebuilt only when the version changed.

    Reading the version counts the store's triples and lists its named graphs
    (0.2 s at 1M triples). A store that sees every write (the embedded one:
    :attr:`graph.store.Store.sees_every_write`) is read again only after a
    write through it. A shared store is trusted for :data:`VERSION_TTL`
    seconds; code that writes to it in this process calls :func:`invalidate`
    to be seen at once, and a change made elsewhere is seen after that time. A
    lookup in the second half of it starts the next read in the background, so
    under steady traffic no request waits for it. (At 1M triples the read every
    2 s set the p99 of every route: the request that paid it, and the others
    slowed while a thread counted the store.)
    """
    now = time.monotonic()
    seen = _checked.get(store)
    if store.sees_every_write:  # no one else writes it: read the version again only after a write
        if seen is not None and _writes.get(store) == store.writes:
            key = seen[1]
        else:
            _writes[store] = store.writes
            key = layout.version(store, settings)
            _checked[store] = (now, key)
    elif seen is not None and now - seen[0] < VERSION_TTL:
        key = seen[1]
        if now - seen[0] >= VERSION_TTL / 2:
            _read_version_soon(store, settings)
    else:
        key = layout.version(store, settings)
        _checked[store] = (now, key)
    cached = _cache.get(store)
    if cached is not None and cached.version == key:
        return cached
    with _lock:
        cached = _cache.get(store)
        if cached is None or cached.version != key:
            older = cached
            cached = build(store, key)
            _cache[store] = cached
            if older is not None:
                older.superseded = True
            del older  # not held while the GC is frozen below, or the replaced snapshot is never freed
            _keep_out_of_gc()
        return cached


def _keep_out_of_gc() -> None:
    """Move the long-lived objects, the new snapshot first of all, out of the cyclic garbage collector's walk.

    A full collection visits every tracked object; with the snapshot of a 1M-triple
    graph (~260k objects) one took ~300 ms holding the GIL, and one came every few
    hundred requests: that set the p99 of every route. Frozen objects are skipped
    (:func:`gc.freeze`). What an earlier call froze is thawed and collected first,
    so a replaced snapshot (it holds reference cycles: its matcher keeps its label
    method) is freed rather than kept for ever; that one full collection per graph
    version is paid by the request that rebuilds the snapshot anyway.

    It also runs when a table of the snapshot is built (:meth:`Snapshot.table`),
    and there it is a stall: the walk of every object of the process held the GIL
    for 0.27–0.45 s at 1M triples (measured in the server), so a build that ends
    under load delays every request in flight by that much. Only freezing the new
    table (a list splice) removes the stall, but left the server ~30 MB larger
    (main process 672–738 MB against 647 MB in the same hour) against a 1 GB
    target it meets by a few percent, so the collection stays; start-up builds end
    before traffic is measured (``bench.api`` waits for an idle server), and after a
    write the new version's builds cost this once each (BENCHMARKS.md, issue 18).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _read_version_soon(store: Store, settings: Settings) -> None:
    """Read the version in a background thread (one at a time per store) and keep it unless a write came between."""
    with _lock_checked:
        if store in _reading:
            return
        _reading.add(store)
        epoch = _epochs.get(store, 0)

    def read() -> None:
        try:
            started = time.monotonic()
            key = layout.version(store, settings)
            with _lock_checked:
                if _epochs.get(store, 0) == epoch:
                    _checked[store] = (started, key)
        except Exception:  # a store closed meanwhile: the next lookup reads the version itself
            log.debug("background version read failed", exc_info=True)
        finally:
            with _lock_checked:
                _reading.discard(store)

    threading.Thread(target=read, name="dtkg-version", daemon=True).start()


def build(store: Store, key: str = "") -> Snapshot:
    names: dict[str, list[Label]] = {}
    for row in rows(store, "api-labels"):
        label = row["label"]
        entity = row["entity"].value
        if not isinstance(label, ox.Literal) or not entity.startswith(vocab.ENTITY):
            continue
        preferred = row["preferred"].value == "true"
        names.setdefault(entity, []).append(Label(entity, label.value, label.language or "", preferred))
    for labels in names.values():
        labels.sort(key=lambda n: (not n.preferred, n.lang != "en", n.lang, n.text))

    types: dict[str, list[str]] = {}
    for row in rows(store, "api-types"):
        types.setdefault(row["entity"].value, []).append(row["class"].value)

    superclasses: dict[str, set[str]] = {}
    class_labels: dict[str, str] = {}
    for row in rows(store, "api-class-tree"):
        cls = row["class"].value
        superclasses.setdefault(cls, set()).add(row["super"].value)
        class_labels.setdefault(cls, text(row.get("label")) or vocab.entity_id(cls))
    for classes in types.values():
        for cls in classes:  # used but not declared (skos:Concept, org:Post): its own class only
            superclasses.setdefault(cls, {cls})
            class_labels.setdefault(cls, vocab.entity_id(cls))

    by_class: dict[str, set[str]] = {}
    for entity, classes in types.items():
        if entity not in names:
            continue
        for cls in classes:
            for sup in superclasses.get(cls, {cls}):
                by_class.setdefault(sup, set()).add(entity)

    vocabulary: dict[str, dict[str, str]] = {}
    concept_labels: dict[str, str] = {}
    for row in rows(store, "api-vocabulary"):
        scheme = vocab.entity_id(row["scheme"].value)
        concept = row["concept"].value
        vocabulary.setdefault(scheme, {})[slug(concept)] = concept
        if "label" in row:
            concept_labels[concept] = row["label"].value

    snapshot = Snapshot(
        version=key,
        names=names,
        types=types,
        superclasses=superclasses,
        class_labels=class_labels,
        vocabulary=vocabulary,
        concept_labels=concept_labels,
    )
    snapshot.matcher = Matcher.build(
        (label for labels in names.values() for label in labels),
        types,
        superclasses,
        display=snapshot.label,
        resolve_type=snapshot.class_for,
    )
    order = {iri: (snapshot.label(iri).casefold(), iri) for iri in names}
    snapshot.by_class = {cls: sorted(members, key=order.__getitem__) for cls, members in by_class.items()}
    snapshot.entities = sorted(names, key=order.__getitem__)
    snapshot.class_counts = [(r["class"].value, int(r["count"].value)) for r in rows(store, "class-counts")]
    snapshot.triples = store.count()
    for row in rows(store, "api-claim-keys"):
        place = (row["source"].value, int(row["start"].value))
        known = snapshot.claim_places.get(row["claim"].value)
        snapshot.claim_places[row["claim"].value] = min(place, known) if known else place
    places = snapshot.claim_places
    snapshot.claim_order = sorted(places, key=lambda c: (places[c][0], places[c][1], c))
    snapshot.claim_rank = {claim: i for i, claim in enumerate(snapshot.claim_order)}
    return snapshot


def warm(store: Store, settings: Settings) -> None:
    """Build the current snapshot ahead of the first request (run in a background thread at start-up)."""
    try:
        current(store, settings)
    except DtkgError as exc:
        log.warning("could not prepare the lookup index: %s", exc.detail)
    except Exception:  # a store closed while warming (a short-lived app): the next request retries
        log.warning("could not prepare the lookup index", exc_info=True)


def iri_list(value: Any) -> list[str]:
    """A GROUP_CONCAT of IRIs (space-separated) back as a list."""
    raw = text(value)
    return sorted(raw.split()) if raw else []


def unique(items: Iterable[T]) -> list[T]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
