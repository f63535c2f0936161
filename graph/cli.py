"""The ``dtkg`` command group: build, validate, query, export (``serve`` is added by ``api``).

Errors reach the user as one line on stderr and a non-zero exit code:
2 for an error, 1 for data that does not conform. ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click
import pyoxigraph as ox

from graph import build as build_module
from graph import buildinfo
from graph import iris, loading, queries, results
from graph.config import Settings, load_settings
from graph.errors import DtkgError, NotConformant
from graph.store import Store, open_store

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


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


def progress_printer(quiet: bool) -> Callable[[str], None]:
    def show(message: str) -> None:
        if not quiet:
            click.echo(f"… {message}", err=True)

    return show


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), help="Folder of curated data files (default: DTKG_DATA_DIR or the shipped data).")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
@pass_context
def build(obj: Context, data_dir: Path | None, quiet: bool) -> None:
    """Load ontology, shapes and curated data into the store from scratch.

    Everything is parsed and SHACL-validated first; the store is only replaced
    when all of it is good, so a failed build leaves the old store in place.

    Example: dtkg build
    """
    data_dir = data_dir or obj.settings.data_dir
    if data_dir is not None and not data_dir.is_dir():
        raise DtkgError(f"data folder {data_dir} does not exist")
    store = obj.store()
    try:
        report = build_module.build(store, data_folder=data_dir, progress=progress_printer(quiet))
    finally:
        store.close()
    buildinfo.write(obj.settings, triples=report.total, fingerprint=report.fingerprint)
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
@pass_context
def validate(obj: Context, files: tuple[Path, ...], fmt: str) -> None:
    """SHACL-validate the curated data, or the given RDF files, against dtkg's shapes.

    Exit status: 0 conforms, 1 violations, 2 error (a file that does not parse).

    Examples: dtkg validate ; dtkg validate my-claims.ttl --format json
    """
    from graph.validation import validate_files

    targets = list(files) or loading.data_files(obj.settings.data_dir)
    if not targets:
        raise DtkgError("nothing to validate: no data files given and none in the data folder")
    for path in targets:
        if not path.is_file():
            raise DtkgError(f"no such file: {path}")
    report = validate_files(targets)
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

    Examples:
      dtkg query 'SELECT ?s WHERE { ?s a <https://w3id.org/dtkg/ontology#Claim> } LIMIT 5'
      dtkg query --name claims-by-speaker --param speaker=mikheev --format csv
    """
    given = [x for x in (sparql, query_file, query_name) if x]
    if len(given) != 1:
        raise DtkgError("give exactly one of: a SPARQL string, --file F.rq, or --name NAME")
    bindings = {}
    if query_name:
        named = queries.get(query_name)
        text = named.text
        bindings = named.bind(queries.parse_param_args(params))
    else:
        if params:
            raise DtkgError("--param only goes with --name")
        text = query_file.read_text(encoding="utf-8") if query_file else sparql  # type: ignore[union-attr]
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
    for named in queries.catalogue().values():
        click.echo(f"{named.name}: {named.title}")
        for p in named.params:
            flag = "required" if p.required else f"optional{f', default {p.default}' if p.default else ''}"
            click.echo(f"    --param {p.name}=<{p.type}>  ({flag}) {p.help}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="trig", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file (default: standard output).")
@pass_context
def export(obj: Context, fmt: str, out: Path | None) -> None:
    """Dump the whole store; TriG, N-Quads and JSON-LD keep the named graphs.

    Turtle and N-Triples cannot hold graph names, so they get the union.

    Example: dtkg export --format trig --out dtkg.trig
    """
    store = obj.store(read_only=True)
    try:
        data = store.dump(EXPORT_FORMATS[fmt])
    finally:
        store.close()
    if out is None:
        sys.stdout.buffer.write(data)
        return
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        raise DtkgError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {len(data)} bytes to {out}", err=True)


__all__ = ["main", "Context", "pass_context", "iris"]
