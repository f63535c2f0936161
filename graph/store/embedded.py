"""The embedded Oxigraph store on disk (the default backend), or in memory for tests and candidates."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from graph.errors import BadQuery, StoreUnavailable
from graph.store.base import Binding, Guard, QueryResult, Store, data_update, guarded_update
from graph.store.bind import bind_values


class OxigraphStore(Store):
    """pyoxigraph's store, on disk (``path``) or in memory (``path=None``).

    It sees every write (:attr:`Store.sees_every_write`): RocksDB's lock keeps
    other processes from writing while it is open read-write, and a read-only
    open shows the store as it was when opened.
    """

    sees_every_write = True

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.description = f"embedded Oxigraph at {path}" if path else "in-memory Oxigraph"
        self.public_name = f"embedded Oxigraph ({path.name})" if path else "in-memory Oxigraph"
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not (path / "CURRENT").exists():
                    raise StoreUnavailable(
                        f"no store at {path}: run 'dtkg build' first (or set DTKG_STORE)"
                    )
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreUnavailable(_describe_os_error(path, exc)) from None

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Binding] | None = None,
        *,
        default_graphs: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> QueryResult:
        options: dict[str, object] = {}
        if default_graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = list(default_graphs) or ox.DefaultGraph()
        if named_graphs is not None:
            options["named_graphs"] = list(named_graphs)
        if bindings:
            sparql = bind_values(sparql, bindings)
        try:
            return self._store.query(sparql, **options)  # type: ignore[arg-type]  # options holds pyoxigraph's own keywords
        except SyntaxError as exc:
            raise BadQuery(f"SPARQL syntax error: {exc}") from None

    def update(self, sparql: str) -> None:
        self.writes += 1
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise BadQuery(f"SPARQL Update syntax error: {exc}") from None
        self._store.flush()

    def apply(self, remove: Sequence[ox.Quad], add: Sequence[ox.Quad], guard: Guard | None = None) -> None:
        self.writes += 1
        if guard is not None:
            self._store.update(guarded_update(remove, add, guard))
        elif not remove:
            self._store.extend(add)
        else:
            self._store.update(data_update(remove, add))
        self._store.flush()

    def replace_all(self, quads: Iterable[ox.Quad]) -> None:
        self.writes += 1
        if self.path is None:
            fresh = ox.Store()
            fresh.bulk_extend(quads)
            self._store = fresh
            return
        # Build beside the live store, then swap directories: a failure at any
        # point before the swap leaves the old store untouched.
        staging = self.path.with_name(self.path.name + ".staging")
        retired = self.path.with_name(self.path.name + ".retired")
        for leftover in (staging, retired):
            shutil.rmtree(leftover, ignore_errors=True)
        fresh = ox.Store(str(staging))
        fresh.bulk_extend(quads)
        fresh.flush()
        del fresh
        del self._store
        self.path.rename(retired)
        staging.rename(self.path)
        shutil.rmtree(retired, ignore_errors=True)
        self._store = ox.Store(str(self.path))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    def named_graphs(self) -> list[ox.NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: g.value,
        )

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

    def close(self) -> None:
        if hasattr(self, "_store"):
            del self._store


def _describe_os_error(path: Path | None, exc: OSError) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return (
            f"the store at {path} is in use by another process "
            "(is 'dtkg serve' running? stop it, or use a different DTKG_STORE)"
        )
    return f"cannot open the store at {path}: {text.splitlines()[0] if text else type(exc).__name__}"
