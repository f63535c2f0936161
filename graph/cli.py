"""The ``dtkg`` command group: build, validate, query, export (``serve`` is added by ``api``).

Errors reach the user as one line on stderr and a non-zero exit code:
2 for an error, 1 for data that does not conform. ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click

from graph import build as build_module
from graph.config import Settings, load_settings
from graph.errors import DtkgError, NotConformant
from graph.progress import Progress
from graph.rdf import formats, parse
from graph.sparql import catalogue, results
from graph.store import Store, layout, open_store

EXPORT_FORMATS = {f.suffix.lstrip("."): f.rdf for f in formats.READABLE if f.rdf is not None}
"""``dtkg export --format``: by file suffix (ttl, nt, jsonld, trig, nq) — what dtkg can read back."""


@dataclass
class Context:
    debug: bool
    settings: Settings

    def store(self, *, read_only: bool = False) -> Store:
        return open_store(self.settings, read_only=read_only)


class DtkgGroup(click.Group):
    """A click group that turns dtkg errors into one readable line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NotConformant as exc:
            _debug_reraise(ctx)
            report = exc.extra.get("report")
            if report:
                click.echo(report, err=True)
            click.echo(f"dtkg: {exc.detail}", err=True)
            ctx.exit(1)
        except DtkgError as exc:
            _debug_reraise(ctx)
            _fail(ctx, exc.detail)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            _fail(ctx, "interrupted")
        except Exception as exc:  # a bug: say so in one line, keep the traceback for --debug
            _debug_reraise(ctx)
            _fail(ctx, f"internal error ({type(exc).__name__}: {exc}); run with --debug for the traceback")


def _debug_reraise(ctx: click.Context) -> None:
    obj = ctx.find_object(Context)
    if obj is not None and obj.debug:
        raise


def _fail(ctx: click.Context, message: str) -> NoReturn:
    click.echo(f"dtkg: error: {message}", err=True)
    ctx.exit(2)
    raise AssertionError("unreachable")


@click.group(cls=DtkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option("--store", "store_path", type=click.Path(path_type=Path), help="Store directory (overrides DTKG_STORE).")
@click.option("--endpoint", help="External SPARQL endpoint URL (overrides DTKG_ENDPOINT).")
@click.version_option(package_name="dtkg")
@click.pass_context
def main(ctx: click.Context, debug: bool, store_path: Path | None, endpoint: str | None) -> None:
    """dtkg: a knowledge graph of defense-trade actors, their claims and their sources.

    Configuration comes from DTKG_* environment variables (see the README);
    the options here override them for one command.
    """
    # An ill-typed literal ("abc"^^xsd:integer) is a violation for validation to
    # report; rdflib would also log a traceback for it at parse time.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        settings = load_settings()
    except DtkgError as exc:
        _fail(ctx, exc.detail)
    if store_path is not None:
        settings = settings.replace(store=store_path)
    if endpoint is not None:
        settings = settings.replace(endpoint=endpoint)
    ctx.obj = Context(debug=debug, settings=settings)


pass_context = click.make_pass_decorator(Context)


ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(["compiled", "pyshacl"]), default="compiled", show_default=True,
    help="SHACL engine: compiled (shapes it cannot compile go to pyshacl) or pyshacl for every shape.",
)


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), help="Folder of curated data files (default: DTKG_DATA_DIR or the shipped data).")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
@ENGINE_OPTION
@pass_context
def build(obj: Context, data_dir: Path | None, quiet: bool, engine: str) -> None:
    """Load ontology, shapes and curated data into the store from scratch.

    Everything is parsed and SHACL-validated first; the store is only replaced
    when all of it is good, so a failed build leaves the old store in place.

    Example: dtkg build
    """
    from graph.model import fulltext

    data_dir = data_dir or obj.settings.data_dir
    if data_dir is not None and not data_dir.is_dir():
        raise DtkgError(f"data folder {data_dir} does not exist")
    store = obj.store()
    try:
        report = build_module.build(store, data_folder=data_dir, progress=Progress.for_cli(quiet=quiet),
                                    engine=engine)  # type: ignore[arg-type]  # click.Choice limits it to the Engine values
        layout.write(obj.settings, triples=report.total, fingerprint=report.fingerprint)
        fulltext.rebuild(store, obj.settings)  # a crash before this is repaired when the server starts
    finally:
        store.close()
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"built {store.description}: {report.total} triples from {len(report.files)} files")
    click.echo("triples per named graph:")
    for graph, size in report.graph_sizes.items():
        click.echo(f"  {size:>7}  {graph}")
    click.echo("entities per class:")
    for cls, count in report.class_counts.items():
        click.echo(f"  {count:>7}  {cls}")
    click.echo(f"fingerprint: {report.fingerprint}")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--shapes", "shapes", type=click.Path(path_type=Path, dir_okay=False), help="Validate against this shapes file instead of dtkg's shapes (and without dtkg's ontology).")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
@ENGINE_OPTION
@pass_context
def validate(obj: Context, files: tuple[Path, ...], fmt: str, shapes: Path | None, quiet: bool, engine: str) -> None:
    """SHACL-validate the curated data, or the given RDF files, against dtkg's shapes (or --shapes).

    Exit status: 0 conforms, 1 violations, 2 error (a file or shapes file that does not parse).

    \b
    Examples:
      dtkg validate
      dtkg validate my-claims.ttl --format json
      dtkg validate data.ttl --shapes my-shapes.ttl --engine pyshacl
    """
    from graph.validation import validate_files

    targets = list(files) or parse.data_files(obj.settings.data_dir)
    if not targets:
        raise DtkgError("nothing to validate: no data files given and none in the data folder")
    for path in targets:
        if not path.is_file():
            raise DtkgError(f"no such file: {path}")
    if shapes is not None and not shapes.is_file():
        raise DtkgError(f"no such shapes file: {shapes}")
    report = validate_files(targets, shapes=shapes, engine=engine, progress=Progress.for_cli(quiet=quiet))  # type: ignore[arg-type]  # click.Choice limits it to the Engine values
    if fmt == "json":
        click.echo(results.as_json(report.to_dict()))
    else:
        click.echo(report.to_text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), help="Read the query from a .rq file.")
@click.option("--name", "query_name", help="Run a named query from the catalogue (see 'dtkg queries').")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Parameter of a named query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xml", "csv", "tsv", "turtle", "nt", "jsonld"]), default="table", show_default=True)
@pass_context
def query(obj: Context, sparql: str | None, query_file: Path | None, query_name: str | None, params: tuple[str, ...], fmt: str) -> None:
    """Run a SPARQL query against the store (the default graph is the union of all graphs).

    \b
    Examples:
      dtkg query 'SELECT ?s WHERE { ?s a <https://w3id.org/dtkg/ontology#Claim> } LIMIT 5'
      dtkg query --name claims-by-speaker --param speaker=mikheev --format csv
    """
    given = [x for x in (sparql, query_file, query_name) if x]
    if len(given) != 1:
        raise DtkgError("give exactly one of: a SPARQL string, --file F.rq, or --name NAME")
    bindings = {}
    if query_name:
        named = catalogue.get(query_name)
        text = named.text
        bindings = named.bind(catalogue.parse_param_args(params))
    else:
        if params:
            raise DtkgError("--param only goes with --name")
        text = query_file.read_text(encoding="utf-8") if query_file else str(sparql)
    store = obj.store(read_only=True)
    try:
        click.echo(results.render(store.query(text or "", bindings), fmt))
    finally:
        store.close()


@main.command(name="queries")
@pass_context
def list_queries(obj: Context) -> None:
    """List the named queries with their parameters.

    Example: dtkg queries
    """
    for named in catalogue.catalogue().values():
        click.echo(f"{named.name}: {named.title}")
        for p in named.params:
            flag = "required" if p.required else f"optional{f', default {p.default}' if p.default else ''}"
            click.echo(f"    --param {p.name}=<{p.type}>  ({flag}) {p.help}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="trig", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file (default: standard output).")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
@pass_context
def export(obj: Context, fmt: str, out: Path | None, quiet: bool) -> None:
    """Dump the whole store; TriG, N-Quads and JSON-LD keep the named graphs.

    Turtle and N-Triples cannot hold graph names, so they get the union.
    Progress (a bar over the quads on a terminal, plain lines otherwise, with
    elapsed time) goes to stderr.

    \b
    Examples:
      dtkg export --format trig --out dtkg.trig
      dtkg export --format nq --quiet > dtkg.nq
    """
    progress = Progress.for_cli(quiet=quiet)
    store = obj.store(read_only=True)
    try:
        progress.note(f"export {store.description} as {fmt}")
        data = store.dump(EXPORT_FORMATS[fmt], progress=progress)
    finally:
        store.close()
    progress.note(f"{len(data):,} bytes")
    if out is None:
        with progress.phase("write to standard output"):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return
    tmp = out.with_name(out.name + ".part")
    try:
        with progress.phase(f"write {out}"):
            tmp.write_bytes(data)
            tmp.replace(out)
    except OSError as exc:
        raise DtkgError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {len(data)} bytes to {out}", err=True)


@main.command(name="network")
@click.option("--focus", metavar="ID", help="Centre an ego network on this entity id (e.g. rosoboronexport).")
@click.option("--depth", type=click.IntRange(0, 6), default=1, show_default=True, help="Hops from --focus.")
@click.option("--relation", "relations", multiple=True, metavar="TYPE", help="Keep only this relation type (repeatable): partnerRegion, dtkg:chairs, org:holds.")
@click.option("--type", "types", multiple=True, metavar="CLASS", help="Keep only entities of this type or a subclass (repeatable): Region, Company.")
@click.option("--as-of", "as_of", metavar="DATE", help="Only relations valid then: 2026, 2026-03 or 2026-03-01 (undated relations stay).")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "cytoscape", "csv"]), default="json", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file (default: standard output).")
@click.option("--metrics", "show_metrics", is_flag=True, help="Print a table of the top nodes per metric instead of the graph.")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True, help="Rows per metric with --metrics.")
@pass_context
def network_command(obj: Context, focus: str | None, depth: int, relations: tuple[str, ...], types: tuple[str, ...], as_of: str | None, fmt: str, out: Path | None, show_metrics: bool, top: int) -> None:
    """Export the partner network (entities and curated relations) or rank its nodes.

    Metrics (degree, weighted degree, betweenness, PageRank, Louvain community,
    component) are node attributes in every format; CSV is the metrics table.

    \b
    Examples:
      dtkg network --format gexf --out dtkg.gexf
      dtkg network --focus rosoboronexport --relation partnerRegion --format cytoscape
      dtkg network --metrics --top 5
    """
    from graph import network

    filters = network.Filters.of(relations, types, as_of)
    store = obj.store(read_only=True)
    try:  # open until the view is made: an entity in no relation is looked up in the store
        net = network.Network.from_store(store)
        view = None if show_metrics else net.view(filters, focus=focus, depth=depth)
    finally:
        store.close()
    if view is None:
        graph, notes, metrics = net.filtered(filters)
        click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, {len({m['community'] for m in metrics.values()})} communities")
        for metric, rows in network.top_nodes(graph, metrics, top).items():
            click.echo(f"\n{metric}:")
            for rank, row in enumerate(rows, 1):
                value = row["value"] if isinstance(row["value"], int) else f"{row['value']:.4f}"
                click.echo(f"  {rank:>3}. {value:>8}  {row['id']}  ({row['label']}, {row['type']})")
        return
    data = network.export(view.graph, net.metrics(filters), fmt, view.meta)
    if out is None:
        sys.stdout.buffer.write(data)
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise DtkgError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {view.graph.number_of_nodes()} nodes and {view.graph.number_of_edges()} edges to {out}", err=True)


@main.command(name="synth")
@click.option("--triples", "n_triples", type=click.IntRange(min=1000), required=True, help="About how many triples to write (±5%).")
@click.option("--seed", type=int, default=42, show_default=True, help="Same seed, same bytes.")
@click.option("--defect-rate", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True, help="Share of claims that carry one known defect.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=Path("synthetic.nq"), show_default=True, help="Output file: .nq (N-Quads) or .trig.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def synth_command(n_triples: int, seed: int, defect_rate: float, out: Path, quiet: bool) -> None:
    """Write a deterministic synthetic graph in dtkg's model, for benchmarks and scale tests.

    One named graph per synthetic source document; claims with spans that match
    their text, figures, relations, posts, programmes. With --defect-rate 0 it
    conforms to the shapes; otherwise the defects per kind go to stderr and to
    OUT.defects.json with each defect's focus node. Progress (a bar on a
    terminal, plain lines otherwise, with elapsed time) goes to stderr.

    \b
    Examples:
      dtkg synth --triples 100000 --seed 1 --out synthetic-100k.nq
      dtkg synth --triples 20000 --defect-rate 0.05 --out defects.trig --quiet
    """
    import json
    import time

    from graph import synth

    if out.suffix.lower() not in synth.FORMATS:
        raise DtkgError(f"{out}: the output must end in .nq or .trig")
    started = time.perf_counter()
    try:
        report = synth.write(out, n_triples, seed=seed, defect_rate=defect_rate, progress=Progress.for_cli(quiet=quiet))
    except OSError as exc:
        raise DtkgError(f"cannot write {out}: {exc.strerror or exc}") from None
    counts = {kind: len(nodes) for kind, nodes in report.defects.items()}
    click.echo(
        f"wrote {report.triples} triples in {report.graphs} graphs ({report.documents} documents, "
        f"{report.claims} claims) to {out} in {time.perf_counter() - started:.1f} s",
        err=True,
    )
    click.echo(f"defects: {json.dumps(counts)} (focus nodes in {synth.sidecar(out)})", err=True)



# ---- curation: add, changes, revert (graph/curation.py) ----


def _writable_store(obj: Context) -> Store:
    from graph.errors import StoreUnavailable

    try:
        return obj.store()
    except StoreUnavailable as exc:
        if "in use" in exc.detail:
            raise StoreUnavailable(
                f"{exc.detail}; to change the graph while a server runs, use POST /api/changes"
            ) from None
        raise


def _default_author() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "curator"


@main.command(name="add")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--message", "-m", help="Why the change is made (recorded with it).")
@click.option("--author", help="Who makes the change (default: your user name).")
@pass_context
def add_command(obj: Context, files: tuple[Path, ...], message: str | None, author: str | None) -> None:
    """Add RDF files (Turtle, TriG, JSON-LD) as one validated, recorded change.

    Triples outside a GRAPH block go to the change's own named graph. Nothing
    is written unless the store plus the change conforms to the shapes
    (exit 1 and the report otherwise). Prints the change id.

    Example: dtkg add examples/sample-change.trig -m "Add the Harbourline brief"
    """
    from graph import curation
    from graph.store.writelock import lock_path

    quads = curation.read_files(list(files))
    store = _writable_store(obj)
    try:
        outcome = curation.add_change(store, quads, author=author or _default_author(), message=message,
                                      lock=lock_path(obj.settings.store), settings=obj.settings)
    finally:
        store.close()
    change = outcome.change
    if outcome.duplicate:
        click.echo(f"already applied as change {change.id}; nothing written", err=True)
    else:
        click.echo(f"added {change.added} quads as change {change.id} (graph {change.graph})", err=True)
    click.echo(change.id)


@main.command(name="changes")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_context
def changes_command(obj: Context, limit: int, offset: int, fmt: str) -> None:
    """List the change log, newest first.

    Example: dtkg changes --limit 10
    """
    from graph import curation

    store = obj.store(read_only=True)
    try:
        items, total = curation.list_changes(store, limit=limit, offset=offset)
    finally:
        store.close()
    if fmt == "json":
        click.echo(results.as_json({"items": [c.to_dict() for c in items], "total": total, "limit": limit, "offset": offset}))
        return
    for c in items:
        flags = (f" reverts {curation.change_id_of(c.reverts)}" if c.reverts else "") + (
            f" [reverted by {curation.change_id_of(c.reverted_by)}]" if c.reverted_by else "")
        click.echo(f"{c.id}  {c.time}  {c.author}  +{c.added} -{c.removed}{flags}  {c.message or ''}".rstrip())
    click.echo(f"({len(items)} of {total} changes)", err=True)


@main.command(name="revert")
@click.argument("change_id", metavar="CHANGE")
@click.option("--message", "-m", help="Why the change is reverted.")
@click.option("--author", help="Who reverts it (default: your user name).")
@pass_context
def revert_command(obj: Context, change_id: str, message: str | None, author: str | None) -> None:
    """Undo one change; the revert is itself a validated, recorded change.

    Example: dtkg revert 20250101-120000-0123abcd
    """
    from graph import curation
    from graph.store.writelock import lock_path

    store = _writable_store(obj)
    try:
        outcome = curation.revert_change(store, change_id, author=author or _default_author(), message=message,
                                         lock=lock_path(obj.settings.store), settings=obj.settings)
    finally:
        store.close()
    if outcome.duplicate:
        click.echo(f"{change_id} was already reverted by {outcome.change.id}", err=True)
    else:
        click.echo(f"reverted {change_id}: removed {outcome.change.removed}, restored {outcome.change.added} quads", err=True)
    click.echo(outcome.change.id)


# ---- ingestion assistant (graph/ingest/) ----


@main.command(name="ingest")
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--title", help="Title of the article (default: its first heading line).")
@click.option("--publisher", help="Who published it (linked to an existing entity or proposed as new).")
@click.option("--url", help="Where the article was published.")
@click.option("--published", help="Publication date at its precision: 2025-03-04, 2025-03, 2025 or --03-04.")
@click.option("--language", default="en", show_default=True, help="Language of the article (the rules are for English).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write the draft TriG here (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one summary line per claim; json: the answer of POST /api/ingest.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
@pass_context
def ingest_command(obj: Context, article: Path, title: str | None, publisher: str | None, url: str | None,
                   published: str | None, language: str, out: Path | None, fmt: str, quiet: bool) -> None:
    """Draft a change from an article: source, claims with spans, speakers, dates, figures, entities.

    Writes nothing to the store. The draft (TriG, conforming to the shapes as
    produced) goes to --out or standard output and the summary, one line per
    claim, to the terminal; review and correct the draft, then commit it with
    `dtkg add`. Entities are linked to the store's entities by label and alias.
    Progress (phases with elapsed time) goes to stderr; --quiet silences it.

    \b
    Examples:
      dtkg ingest article.txt --title "Northwind order book" --published 2025-03-04 --out draft.trig
      dtkg ingest article.txt --format json --quiet > draft.json
    """
    import json

    from graph import ingest
    from graph.model.snapshot import current

    try:
        text = article.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise DtkgError(f"{article}: not UTF-8 text") from None
    progress = Progress.for_cli(quiet=quiet)
    snapshot = None
    try:
        with progress.phase("read the store's entities for linking"):
            store = obj.store(read_only=True)
            try:
                snapshot = current(store, obj.settings) if store.count() else None
            finally:
                store.close()
    except DtkgError as exc:
        click.echo(f"dtkg: note: entities are not linked ({exc.detail})", err=True)
    meta = ingest.Metadata(title=title, publisher=publisher, url=url, published=published, language=language)
    with progress.phase(f"draft claims, figures and entities from {len(text):,} characters"):
        answer = ingest.draft_article(text, meta, snapshot)
    progress.note(f"{len(answer['claims'])} claim(s) drafted")
    if out is not None:
        try:
            with progress.phase(f"write {out}"):
                out.write_text(answer["draft"], encoding="utf-8")
        except OSError as exc:
            raise DtkgError(f"cannot write {out}: {exc.strerror or exc}") from None
    if fmt == "json":
        click.echo(json.dumps({k: v for k, v in answer.items() if out is None or k != "draft"}, ensure_ascii=False, indent=2))
        return
    from graph.ingest.summary import lines

    for line in lines(answer):
        click.echo(line, err=out is None)
    if out is None:
        click.echo(answer["draft"])
    else:
        click.echo(f"draft written to {out}; review it, then: dtkg add {out}", err=True)

__all__ = ["main", "Context", "pass_context"]
