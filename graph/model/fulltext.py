"""Full-text search over claim texts, source texts and names: an SQLite FTS5 index beside the store.

Why an index at all: a SPARQL ``CONTAINS`` filter reads every literal of the
graph on every search (1.3 s at a million triples), while researchers type
searches all day. Why SQLite FTS5 rather than tantivy: it ships with Python's
standard library (no extra wheel, nothing to download), its ``unicode61``
tokenizer folds case and diacritics in every script the corpus holds (Latin and
Cyrillic), it answers phrase and prefix queries, and a write is a transaction
that can be rolled back — which is what keeping it in step with the store needs.

Keeping it in step: the index records the store version it reflects
(:func:`graph.store.layout.version`, the one marker every write path moves).
Every change goes through :mod:`graph.curation`'s one commit path, which calls
:func:`follow` under the writer lock right after the store commit: the graphs
the change touched are re-read and replaced, and the new version recorded, in
one SQLite transaction (a full rebuild instead when the index was not at the
version the change started from). ``dtkg build`` rebuilds it after swapping
the store. A change that fails never reaches the index. A crash between the
store commit and the index update leaves the index at the old version; the
server compares the two at start (:func:`warm`) and every search checks again
(:func:`index_for`), rebuilding in one transaction when they differ, so a
search never answers from content the store no longer has.

``/api/claims?q=`` keeps its meaning — the folded search text
(:func:`graph.matching.fold.fold`) is a substring of the folded claim text —
through a second FTS5 table of folded claim texts with the ``trigram``
tokenizer, whose phrase queries are substring matches (:meth:`FullTextIndex.containing`).

Hits carry exact character offsets into the source document's text (code
points, end exclusive, like the evidence spans), found by re-reading the hit's
own text with the same folding as the index, so a highlight is always a true
slice of the document.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph import vocab
from graph.config import Settings
from graph.errors import BadRequest, DtkgError
from graph.matching.fold import fold as fold_name
from graph.model import snapshot
from graph.model.snapshot import rows
from graph.store import Store, layout

KINDS = ("claim", "source", "name")
"""What a hit can be: a claim's evidence text, a source document's text, or an entity's name."""

BUSY_SECONDS = 10.0
"""How long a write to the index waits for another process's write (a server and ``dtkg add`` share the file)."""

MAX_QUERY_LENGTH = 500
"""Longest accepted search text, in characters (a search is words, not documents)."""

log = logging.getLogger("dtkg.fulltext")

_SCHEMA_VERSION = "4"
_TRIGRAM = 3
"""The trigram table finds substrings of at least this many characters; shorter ones scan the folded texts."""
_QUERIES = {"claim": "fulltext-claims", "source": "fulltext-sources", "name": "fulltext-labels"}
_TOKEN = re.compile(r"\w+", re.UNICODE)
_QUERY_PART = re.compile(r'"([^"]*)"|(\S+)')
_MATCHING = "FROM items_fts JOIN items ON items.id = items_fts.rowid WHERE items_fts MATCH ? AND items.kind IN (?, ?, ?) "
"""Constant SQL: the search expression and one kind per slot (as many slots as KINDS) are bound parameters."""
_COUNT_SQL = "SELECT COUNT(*) " + _MATCHING
_CONTAINING_SQL = "SELECT claim_iris.iri FROM claim_folds JOIN claim_iris ON claim_iris.id = claim_folds.rowid WHERE "
"""Claim IRIs come from a narrow table: read beside the trigram match they cost 2 ms for 1,700 hits at 1M, not 5–8."""
_SEARCH_SQL = (
    "SELECT items.kind, items.iri, items.source, items.start, items.title, items.text "
    + _MATCHING + "ORDER BY bm25(items_fts), items.iri LIMIT ? OFFSET ?"
)


def fold(text: str) -> str:
    """Case- and accent-folded text, as FTS5's ``unicode61 remove_diacritics 2`` sees it.

    >>> fold("Рособоронэкспорт")
    'рособоронэкспорт'
    >>> fold("Région")
    'region'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Term:
    """One part of a search: a phrase of folded words, the last of which may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        """The part in FTS5's query language, every word quoted so no user text is FTS syntax."""
        quoted = '"' + " ".join(w.replace('"', '""') for w in self.words) + '"'
        return quoted + ("*" if self.prefix else "")


def parse_query(q: str) -> list[Term]:
    """A researcher's search text as terms: words, ``"quoted phrases"`` and ``prefix*`` words.

    Every term must match (AND). Punctuation inside a word splits it the way the
    index does, so ``"Su-57"`` searches the phrase ``su 57``.

    >>> [t.fts() for t in parse_query('Mikheev "order backlog" rosobor*')]
    ['"mikheev"', '"order backlog"', '"rosobor"*']
    """
    if len(q) > MAX_QUERY_LENGTH:
        raise BadRequest(f"the search text is longer than {MAX_QUERY_LENGTH} characters", extra={"field": "q"})
    terms: list[Term] = []
    for match in _QUERY_PART.finditer(q):
        phrase, word = match.group(1), match.group(2)
        raw = phrase if phrase is not None else word
        prefix = phrase is None and raw.endswith("*")
        words = tuple(_TOKEN.findall(fold(raw)))
        if words:
            terms.append(Term(words, prefix))
    if not terms:
        raise BadRequest("the search text has no words to look for", extra={"field": "q"})
    return terms


@dataclass(frozen=True)
class Hit:
    """One indexed text that matches, with where the matches are in its source document."""

    kind: str
    iri: str
    source: str | None
    text: str
    start: int
    matches: tuple[tuple[int, int], ...]
    title: str | None = None

    @property
    def id(self) -> str:
        return vocab.entity_id(self.iri)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    limit: int
    offset: int
    kinds: tuple[str, ...] = field(default=KINDS)


def match_offsets(text: str, terms: Iterable[Term], base: int = 0) -> tuple[tuple[int, int], ...]:
    """Where the terms occur in ``text``, as (start, end) offsets plus ``base``, in reading order.

    A phrase matches consecutive words; a prefix term's last word matches any word
    it begins. The folding is the index's, so every hit the index returns has at
    least one offset here.

    >>> match_offsets("The order backlog is $55 billion.", parse_query('"order backlog" bill*'), base=10)
    ((14, 27), (35, 42))
    """
    tokens = [(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text)]
    found: set[tuple[int, int]] = set()
    for term in terms:
        n = len(term.words)
        for i in range(len(tokens) - n + 1):
            window = tokens[i : i + n]
            head_ok = all(tok[2] == word for tok, word in zip(window[:-1], term.words[:-1], strict=True))
            last_tok, last_word = window[-1][2], term.words[-1]
            last_ok = last_tok.startswith(last_word) if term.prefix else last_tok == last_word
            if head_ok and last_ok:
                found.add((base + window[0][0], base + window[-1][1]))
    return tuple(sorted(found))


class FullTextIndex:
    """The FTS5 index file of one store; safe to share between threads (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._syncing = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=BUSY_SECONDS)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._create()

    def _create(self) -> None:
        with self._lock:
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            schema = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if schema is not None and schema[0] != _SCHEMA_VERSION:  # another layout: start from empty tables
                self._db.executescript(
                    "BEGIN IMMEDIATE; DROP TABLE IF EXISTS items_fts; DROP TABLE IF EXISTS claim_folds; "
                    "DROP TABLE IF EXISTS claim_iris; DROP TABLE IF EXISTS items; DELETE FROM meta; COMMIT;"
                )
            self._db.executescript(
                """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS items (
                    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, iri TEXT NOT NULL, graph TEXT NOT NULL,
                    source TEXT, start INTEGER NOT NULL DEFAULT 0, title TEXT, text TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS items_graph ON items (graph);
                CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
                    text, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE IF NOT EXISTS claim_folds USING fts5(folded, tokenize='trigram case_sensitive 1');
                CREATE TABLE IF NOT EXISTS claim_iris (id INTEGER PRIMARY KEY, iri TEXT NOT NULL);
                """
            )

    # ---- keeping in step with the store ----------------------------------

    def version(self) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            schema = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if schema is None or schema[0] != _SCHEMA_VERSION:
            return None
        return str(row[0]) if row else None

    def ensure(self, store: Store, version: str) -> bool:
        """Rebuild when the index was built from another store version (or never); True if it did."""
        if self.version() == version:
            return False
        with self._syncing:  # one rebuild at a time; who waited finds it done
            if self.version() == version:
                return False
            self.rebuild(store, version)
        return True

    def follow(self, store: Store, graphs: Iterable[str], before: str, after: str) -> None:
        """Step from ``before`` to ``after``: refresh the touched graphs, or rebuild if the index was elsewhere."""
        with self._syncing:
            if self.version() == before:
                self.refresh(store, graphs, after)
            else:
                self.rebuild(store, after)

    def rebuild(self, store: Store, version: str) -> None:
        """Replace the whole index with the store's content, in one SQLite transaction."""
        items = list(_items(store, graph=None))
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM items")
            self._db.execute("INSERT INTO items_fts (items_fts) VALUES ('delete-all')")
            self._db.execute("DELETE FROM claim_folds")
            self._db.execute("DELETE FROM claim_iris")
            self._insert(items)
            self._set_version(version)

    def refresh(self, store: Store, graphs: Iterable[str], version: str) -> None:
        """Re-read the named graphs a committed change touched; other graphs' rows stay.

        When the index was not at the store's previous version (a crash left it
        behind), a partial refresh would be wrong, so the caller's
        :meth:`ensure` at the next open repairs it; here the whole index is
        rebuilt instead of guessing.
        """
        touched = sorted(set(graphs))
        items = [item for graph in touched for item in _items(store, graph=graph)]
        with self._lock, self._transaction():
            for graph in touched:
                self._delete_graph(graph)
            self._insert(items)
            self._set_version(version)

    def _delete_graph(self, graph: str) -> None:
        old = self._db.execute("SELECT id, text FROM items WHERE graph = ?", (graph,)).fetchall()
        self._db.executemany("INSERT INTO items_fts (items_fts, rowid, text) VALUES ('delete', ?, ?)", old)
        self._db.executemany("DELETE FROM claim_folds WHERE rowid = ?", [(rowid,) for rowid, _ in old])
        self._db.executemany("DELETE FROM claim_iris WHERE id = ?", [(rowid,) for rowid, _ in old])
        self._db.execute("DELETE FROM items WHERE graph = ?", (graph,))

    def _insert(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            cursor = self._db.execute(
                "INSERT INTO items (kind, iri, graph, source, start, title, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (item["kind"], item["iri"], item["graph"], item.get("source"), item.get("start", 0), item.get("title"), item["text"]),
            )
            self._db.execute("INSERT INTO items_fts (rowid, text) VALUES (?, ?)", (cursor.lastrowid, item["text"]))
            if item["kind"] == "claim":
                self._db.execute("INSERT INTO claim_folds (rowid, folded) VALUES (?, ?)", (cursor.lastrowid, fold_name(item["text"])))
                self._db.execute("INSERT INTO claim_iris (id, iri) VALUES (?, ?)", (cursor.lastrowid, item["iri"]))

    def _set_version(self, version: str) -> None:
        self._db.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [("version", version), ("schema", _SCHEMA_VERSION)],
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    # ---- searching ---------------------------------------------------------

    def search(self, q: str, *, kinds: Iterable[str] = KINDS, limit: int = 20, offset: int = 0) -> Results:
        """Items matching every term of ``q``, best first (BM25), with match offsets."""
        wanted = tuple(dict.fromkeys(kinds))
        unknown = [k for k in wanted if k not in KINDS]
        if unknown or not wanted:
            raise BadRequest(f"kind must be one of {', '.join(KINDS)}", extra={"field": "kind"})
        terms = parse_query(q)
        expression = " AND ".join(t.fts() for t in terms)
        slots = (*wanted, *(wanted[0],) * (len(KINDS) - len(wanted)))  # always one value per kind slot
        with self._lock:
            total = self._db.execute(_COUNT_SQL, (expression, *slots)).fetchone()[0]
            found = self._db.execute(_SEARCH_SQL, (expression, *slots, limit, offset)).fetchall()
        hits = [
            Hit(kind, iri, source, text, start, match_offsets(text, terms, base=start), title)
            for kind, iri, source, start, title, text in found
        ]
        return Results(hits, int(total), limit, offset, wanted)

    def matching_iris(self, q: str, kind: str) -> set[str]:
        """Every item of one kind matching ``q`` (for filters such as ``/api/claims?q=``)."""
        terms = parse_query(q)
        expression = " AND ".join(t.fts() for t in terms)
        with self._lock:
            found = self._db.execute(
                "SELECT items.iri FROM items_fts JOIN items ON items.id = items_fts.rowid "
                "WHERE items_fts MATCH ? AND items.kind = ?",
                (expression, kind),
            ).fetchall()
        return {iri for (iri,) in found}

    def containing(self, needle: str) -> set[str]:
        """Claims whose folded text contains ``needle`` (already folded by :func:`graph.matching.fold.fold`).

        At least three characters: a trigram phrase query, which is a substring
        match; shorter: a scan of the folded texts (still no store access).
        """
        with self._lock:
            if len(needle) >= _TRIGRAM:
                phrase = '"' + needle.replace('"', '""') + '"'
                found = self._db.execute(_CONTAINING_SQL + "claim_folds MATCH ?", (phrase,)).fetchall()
            else:
                found = self._db.execute(_CONTAINING_SQL + "instr(claim_folds.folded, ?) > 0", (needle,)).fetchall()
        return {iri for (iri,) in found}

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: the index changes whole or not at all."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


def _items(store: Store, graph: str | None) -> Iterator[dict[str, Any]]:
    params = {"graph": graph} if graph else {}
    for kind, name in _QUERIES.items():
        for row in rows(store, name, params):
            item: dict[str, Any] = {
                "kind": kind,
                "iri": row["item"].value,
                "graph": row["graph"].value,
                "text": row["text"].value,
            }
            if kind == "claim":
                item["source"] = row["source"].value
                item["start"] = _int(row.get("start"))
            elif kind == "source":
                item["source"] = row["item"].value
                item["title"] = row["title"].value if "title" in row else None
            yield item


def _int(term: ox.Literal | None) -> int:
    try:
        return int(term.value) if term is not None else 0
    except ValueError:
        return 0


_indexes: dict[Path, FullTextIndex] = {}
_indexes_lock = threading.Lock()


def _opened(settings: Settings) -> FullTextIndex:
    path = layout.fulltext_path(settings)
    with _indexes_lock:
        index = _indexes.get(path)
        if index is None:
            index = _indexes[path] = FullTextIndex(path)
    return index


def index_for(store: Store, settings: Settings) -> FullTextIndex:
    """The store's index, opened once per process and brought to the store's current version."""
    index = _opened(settings)
    index.ensure(store, snapshot.current(store, settings).version)
    return index


def rebuild(store: Store, settings: Settings) -> None:
    """The whole index from the store as it is now (``dtkg build`` after swapping the store)."""
    _opened(settings).rebuild(store, layout.version(store, settings))


def follow(store: Store, settings: Settings, graphs: Iterable[str], before: str) -> None:
    """After a committed change (under the writer lock): bring the index from ``before`` to the store's version.

    The change is committed whatever happens here: if the index cannot be
    written (another process holds it past :data:`BUSY_SECONDS`, a full disk),
    it stays whole at its old version, and the version check at start and
    before every search rebuilds it.
    """
    try:
        _opened(settings).follow(store, graphs, before, layout.version(store, settings))
    except (sqlite3.Error, OSError, DtkgError) as exc:
        log.warning("the full-text index did not follow the change (it is rebuilt at the next search): %s", exc)


def warm(store: Store, settings: Settings) -> None:
    """At server start: detect an index left behind (a crash between store and index) and repair it."""
    try:
        index_for(store, settings)
    except (sqlite3.Error, OSError, DtkgError) as exc:
        log.warning("could not prepare the full-text index: %s", exc)


def claims_containing(store: Store, settings: Settings, text: str) -> set[str]:
    """Claim IRIs whose folded evidence text contains the folded ``text`` (the ``/api/claims?q=`` filter)."""
    return index_for(store, settings).containing(fold_name(text))


def search(store: Store, settings: Settings, q: str, *, kinds: Iterable[str] = KINDS, limit: int = 20, offset: int = 0) -> Results:
    """Search claim texts, source texts and names of the store as it is now (see the module docstring)."""
    parse_query(q)  # a bad search text is refused before any index work
    return index_for(store, settings).search(q, kinds=kinds, limit=limit, offset=offset)
