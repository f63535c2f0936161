"""The Virtuoso profile: where OpenLink Virtuoso departs from SPARQL 1.1, dtkg adapts here and only here.

Measured on Debian's virtuoso-opensource 7.2 (README, "Beyond one machine"):

* **Endpoints.** Queries and updates share ``/sparql``; updates with a user go
  to ``/sparql-auth`` with HTTP Digest; the Graph Store Protocol is at
  ``/sparql-graph-crud`` (``-auth``).
* **Union default graph.** Virtuoso's default graph is already the union of
  all graphs, including its own system graphs; the README's setup makes those
  private. ``SELECT DISTINCT ?g … GRAPH ?g`` and ``GRAPH ?g { }`` are
  answered from a graph list that ignores graph permissions, so graph names
  come from a grouped scan of the quads instead.
* **Request limits.** ``CLEAR ALL`` does nothing; an ``INSERT DATA`` block of
  more than ~5,000 triples exhausts the parser (blocks of 1,000 per graph are
  fine, many per request); a ``DELETE/INSERT … WHERE`` template of more than
  ~1,500 quads exceeds the SQL compiler's 10,000-line limit, so guarded
  commits (:class:`graph.store.base.Guard`) are refused above
  :data:`TEMPLATE_LIMIT` quads with a message that says so.
* **Atomicity and isolation.** One operation is one transaction, but the
  operations of one request are not rolled back together; hence every write
  here is a single operation. Under the default READ COMMITTED two guarded
  commits can both see the old version (measured); with
  ``DefaultIsolation = 8`` (SERIALIZABLE) in ``virtuoso.ini`` they cannot, and
  a deadlock victim (SQL state 40001) is reported as
  :class:`graph.errors.StaleVersion`, which curation retries.
* **Timeouts.** The per-request ``timeout`` parameter (milliseconds) makes the
  engine stop; it then answers 200 with *partial* results and the header
  ``X-SQL-State: S1TAT``, which becomes :class:`graph.errors.QueryTimeout`.
* **Blank nodes.** ``INSERT DATA`` refuses them ("not allowed in a constant
  clause"), so quads with blank nodes are written by one ``INSERT { … } WHERE
  { }`` (dtkg's data has none: uploads are skolemised; the shapes in the
  ontology graph have ~650). Answers name them ``nodeID://b123``, which is
  not a blank node label; they are renamed ``nodeIDb123``.
* **Language tags and datatypes** get a small id the first time a literal
  uses them, inside that transaction, and Virtuoso caches the id at once; if
  the transaction is rolled back (a deadlock victim under SERIALIZABLE, which
  two guarded commits racing with a new tag can make) the table row goes and
  the cached id stays, so every literal with that tag written afterwards is
  unreadable: answered with ``"xml:lang": ""`` (``"datatype": ""``) or refused
  with "Unknown language … bad id N" (measured: one rolled-back ``INSERT DATA``
  in isql is enough). dtkg therefore makes Virtuoso register every language
  tag and non-XSD datatype of a write in a read of its own before the write
  (:meth:`VirtuosoStore.register_literals`: a read that mentions a new tag
  registers it and commits), and treats an empty tag or datatype in an answer
  as the damage it is (:class:`graph.errors.StoreUnavailable` naming the
  repair), never as a plain literal. The README gives the repair.
* **Literals** are stored normalised: ``"true"^^xsd:boolean`` becomes ``1``
  (and equals ``"1"^^xsd:int``), ``1.50`` becomes ``1.5``, a ``+00:00``
  timezone becomes ``Z``, language tags are lower-cased, and
  ``xsd:gYearMonth`` values were lost in our test; in an update *template*
  (not in ``INSERT DATA``) a whole-number ``xsd:decimal`` becomes an
  ``xsd:integer`` unless written ``N.0``, which templates here do. dtkg's curated data uses
  none of these except dateTimes; the README lists what this changes. Unlike
  Oxigraph, a derived integer type (``xsd:nonNegativeInteger``) keeps its
  datatype, which :meth:`VirtuosoStore.normalise` mirrors for curation.
* **Result formats.** ASK answers as a one-column table (``__ASK_RETVAL``)
  and xsd:boolean values in tables as ``1``/``0``; both are mapped back.
  CONSTRUCT/DESCRIBE are asked for as N-Triples (with the generic Accept
  header Virtuoso sends them as a table of ?s ?p ?o).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import httpx
import pyoxigraph as ox

from graph import vocab
from graph.errors import BadRequest, QueryTimeout, StaleVersion, StoreUnavailable
from graph.rdf import formats
from graph.store.base import Guard, QueryResult, guard_condition
from graph.store.remote import RESULTS_JSON, RemoteStore

TEMPLATE_LIMIT = 1000
"""Most quads (removed + added) in one guarded commit; Virtuoso's compiler failed between 1,000 and 2,000."""

BLOCK = 1000
"""Triples per GRAPH block of an INSERT DATA."""

REQUEST = 20_000
"""Triples per INSERT DATA request when loading a whole store."""

XSD = str(vocab.XSD)
XSD_BOOLEAN = XSD + "boolean"
_REGISTER = "SELECT ?literal WHERE { }"
"""Answers each bound literal back: reading a language tag or datatype is what makes Virtuoso register it."""
_LOST = re.compile(r"Unknown (language|datatype) in DB\.DBA\.RDF_\w+, bad (?:id (\d+)|string \"([^\"]{0,80})\")")
_DERIVED_INTEGERS = {XSD + t for t in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_IRI = re.compile(r"<[^<>\s]*>")
_COMMENT = re.compile(r"#[^\n]*")
_NOT_LABEL = re.compile(r"[^A-Za-z0-9_]")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword after the prologue."""
    found = _FORM.search(_COMMENT.sub(" ", _IRI.sub("<>", sparql)))
    return found.group(1).upper() if found else "SELECT"


class VirtuosoStore(RemoteStore):
    """OpenLink Virtuoso's SPARQL endpoint (see the module docstring for what differs)."""

    engine = "virtuoso"

    def __init__(self, query_url: str, **kwargs: Any) -> None:
        super().__init__(query_url, **kwargs)
        self._registered: set[str] = set()
        """Language tags (``@de``) and datatype IRIs this object has had Virtuoso register (:meth:`register_literals`)."""

    @staticmethod
    def _default_url(query_url: str, leaf: str) -> str:
        if leaf == "store":
            return query_url.rstrip("/") + "-graph-crud"
        return query_url

    def _update_auth(self) -> httpx.Auth | None:
        return httpx.DigestAuth(self.user, self.password or "") if self.user else None

    def _refuse(self, url: str, response: httpx.Response) -> None:
        if "40001" in response.text[:300]:
            raise StaleVersion("another writer's transaction collided with this one; nothing was written")
        lost = _LOST.search(response.text[:500])
        if lost:
            what, number, text = lost.groups()
            raise StoreUnavailable(_lost_message(what, f"id {number}" if number else f"the literal {text!r}"))
        super()._refuse(url, response)

    def _query_form(self, sparql: str, default_graphs: Sequence[ox.NamedNode] | None,
                    named_graphs: Sequence[ox.NamedNode] | None) -> dict[str, Any]:
        form = super()._query_form(sparql, default_graphs, named_graphs)
        if self.engine_timeout is not None:
            form["timeout"] = str(max(1, int(self.engine_timeout * 1000)))
        return form

    def _accept(self, sparql: str) -> str:
        graph_form = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        return formats.N_TRIPLES.media_type if graph_form else RESULTS_JSON

    def _answer(self, sparql: str, response: httpx.Response) -> QueryResult:
        if response.headers.get("x-sql-state") == "S1TAT":
            raise QueryTimeout(
                f"the query ran longer than {self.engine_timeout:g} s; Virtuoso stopped it",
                extra={"timeout_seconds": self.engine_timeout},
            )
        kind = query_form(sparql)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return self._parse(response)
        return ox.parse_query_results(_standard_json(response.content, ask=kind == "ASK"), ox.QueryResultsFormat.JSON)

    def normalise(self, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
        """Oxigraph's canonical lexical forms, but a derived integer type keeps its datatype (measured)."""
        quads = list(quads)
        datatypes = {(q.subject, q.predicate, q.graph_name, _integer_value(q.object)): q.object.datatype
                     for q in quads if isinstance(q.object, ox.Literal) and q.object.datatype.value in _DERIVED_INTEGERS}
        out = []
        for q in super().normalise(quads):
            o = q.object
            key = (q.subject, q.predicate, q.graph_name, _integer_value(o))
            if isinstance(o, ox.Literal) and o.datatype.value == XSD + "integer" and key in datatypes:
                o = ox.Literal(o.value, datatype=datatypes[key])
            out.append(ox.Quad(q.subject, q.predicate, o, q.graph_name))
        return sorted(out, key=str)

    def named_graphs(self) -> list[ox.NamedNode]:
        rows = self.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
        return [row["g"] for row in rows if isinstance(row["g"], ox.NamedNode)]

    def register_literals(self, quads: Iterable[ox.Quad]) -> None:
        """Have Virtuoso register the language tags and non-XSD datatypes of ``quads`` before they are written.

        A read that mentions a tag Virtuoso has not seen registers it in a
        transaction of its own that commits, so the write that follows only
        looks the id up and a rollback of that write cannot lose it (module
        docstring). The read also answers the literals back, which is how a tag
        already lost shows (:func:`_standard_json` refuses it) before anything
        is written with it. XSD datatypes are registered when Virtuoso starts.
        Each tag is read once per store object.
        """
        fresh: dict[str, ox.Literal] = {}
        for q in quads:
            o = q.object
            if not isinstance(o, ox.Literal):
                continue
            key = "@" + o.language.lower() if o.language else o.datatype.value
            if key not in self._registered and not key.startswith(XSD):
                fresh.setdefault(key, o)
        if fresh:
            self.select(_REGISTER, {"literal": tuple(fresh.values())})
            self._registered.update(fresh)

    def apply(self, remove: Sequence[ox.Quad], add: Sequence[ox.Quad], guard: Guard | None = None) -> None:
        self.register_literals(add)
        if guard is None and not remove:
            self._insert(add)
            return
        if len(remove) + len(add) > TEMPLATE_LIMIT:
            raise BadRequest(
                f"the change has {len(remove) + len(add)} quads; on Virtuoso one change commits at most "
                f"{TEMPLATE_LIMIT} (a limit of its SPARQL compiler): split it into smaller changes"
            )
        self.update(_template_update(remove, _for_template(add), guard))

    def _insert(self, quads: Sequence[ox.Quad]) -> None:
        self.register_literals(quads)
        plain = [q for q in quads if not _has_blank_node(q)]
        blank = [q for q in quads if _has_blank_node(q)]
        for update in _insert_requests(plain):
            self.update(update)
        if blank:
            if len(blank) > TEMPLATE_LIMIT:
                raise BadRequest(f"{len(blank)} quads with blank nodes; Virtuoso takes at most {TEMPLATE_LIMIT} at once")
            self.update(f"INSERT {{ {_blocks(_for_template(blank))} }} WHERE {{ }}")

    def replace_all(self, quads: Iterable[ox.Quad]) -> None:
        """Clear every graph, then load in requests of :data:`REQUEST` triples: not atomic on Virtuoso.

        Virtuoso neither clears with ``CLEAR ALL`` nor rolls back a request's
        earlier operations, so a failed load leaves part of the new content;
        run ``dtkg build`` again (or load dumps with Virtuoso's bulk loader).
        """
        graphs = self.named_graphs()
        if graphs:
            self.update(" ;\n".join(f"CLEAR SILENT GRAPH {g}" for g in graphs))
        self._insert(list(quads))


def _standard_json(body: bytes, *, ask: bool) -> bytes:
    """Virtuoso's JSON results made standard: ASK as a boolean, xsd:boolean as true/false.

    A literal with ``"xml:lang": ""`` or ``"datatype": ""`` is one whose tag
    Virtuoso has lost (module docstring): reading it as a plain literal would
    answer something the data does not say, so it is refused with the repair.
    """
    document = json.loads(body)
    rows = document.get("results", {}).get("bindings", [])
    if ask:
        truth = bool(rows) and any(str(v.get("value")) not in ("0", "") for v in rows[0].values())
        return json.dumps({"head": {}, "boolean": truth}).encode()
    for row in rows:
        for term in row.values():
            if term.get("xml:lang") == "" or term.get("datatype") == "":
                what = "language" if term.get("xml:lang") == "" else "datatype"
                raise StoreUnavailable(_lost_message(what, f"the literal {str(term.get('value'))[:80]!r}"))
            if term.get("datatype") == XSD_BOOLEAN and term.get("value") in ("1", "0"):
                term["value"] = "true" if term["value"] == "1" else "false"
            elif term.get("type") == "bnode":
                term["value"] = _NOT_LABEL.sub("", str(term["value"])) or "b"
    return json.dumps(document).encode()


def _lost_message(what: str, where: str) -> str:
    return (
        f"Virtuoso has lost the {what} of {where}: its id is cached but not in DB.DBA.RDF_"
        f"{'LANGUAGE' if what == 'language' else 'DATATYPE'} (a transaction that first used it was rolled back). "
        "Repair it before restarting Virtuoso, as the README's \"Beyond one machine\" section says"
    )


def _template_update(remove: Sequence[ox.Quad], add: Sequence[ox.Quad], guard: Guard | None) -> str:
    """One DELETE/INSERT … WHERE; typed literals to remove are matched by value, not written as constants.

    A typed literal written by an update template (an ``xsd:gMonthDay``, say)
    is not matched by the same constant in a later DELETE template (measured:
    a revert left them behind), so each such quad becomes an OPTIONAL pattern
    that binds the stored term by its lexical form and datatype.
    """
    constant, by_value = [], []
    for q in remove:
        o = q.object
        if isinstance(o, ox.Literal) and not o.language and o.datatype.value != XSD + "string":
            by_value.append(q)
        else:
            constant.append(q)
    if guard is not None:
        if guard.expected is not None:
            constant.append(guard.quad(guard.expected))
        add = [*add, guard.quad(guard.new)]
    deletes, patterns = [], []
    for n, q in enumerate(by_value):
        o = q.object
        assert isinstance(o, ox.Literal)
        deletes.append(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} ?r{n} }}")
        patterns.append(f"OPTIONAL {{ GRAPH {q.graph_name} {{ {q.subject} {q.predicate} ?r{n} "
                        f"FILTER (STR(?r{n}) = {ox.Literal(o.value)} && DATATYPE(?r{n}) = {o.datatype}) }} }}")
    delete = _blocks(_for_template(constant)) + "\n".join(deletes)
    deleting = f"DELETE {{\n{delete}\n}}\n" if delete.strip() else ""
    inserting = f"INSERT {{\n{_blocks(add)}}}\n" if add else ""
    where = (guard_condition(guard) if guard is not None else "") + "\n" + "\n".join(patterns)
    return f"{deleting}{inserting}WHERE {{ {where} }}"


def _for_template(quads: Sequence[ox.Quad]) -> list[ox.Quad]:
    """Whole-number xsd:decimal as ``N.0``: in an update *template* Virtuoso stores ``"N"^^xsd:decimal`` as xsd:integer."""
    out = []
    for q in quads:
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype.value == XSD + "decimal" and "." not in o.value:
            q = ox.Quad(q.subject, q.predicate, ox.Literal(o.value + ".0", datatype=o.datatype), q.graph_name)
        out.append(q)
    return out


def _integer_value(term: object) -> int | None:
    try:
        return int(term.value) if isinstance(term, ox.Literal) else None
    except ValueError:
        return None


def _has_blank_node(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


def _blocks(quads: Sequence[ox.Quad]) -> str:
    """GRAPH blocks of at most :data:`BLOCK` triples each (terms serialised by pyoxigraph)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    chunks: list[str] = []
    for graph, lines in by_graph.items():
        for start in range(0, len(lines), BLOCK):
            body = "\n".join(lines[start : start + BLOCK])
            chunks.append(f"GRAPH {graph} {{\n{body}\n}}\n" if graph else body + "\n")
    return "".join(chunks)


def _insert_requests(quads: Sequence[ox.Quad]) -> list[str]:
    return [f"INSERT DATA {{\n{_blocks(quads[i : i + REQUEST])}}}" for i in range(0, len(quads), REQUEST)]
