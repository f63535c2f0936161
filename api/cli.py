"""The ``dtkg`` console script: the core command group plus ``serve``."""

from __future__ import annotations

import click

from graph.cli import Context, main, pass_context


@main.command()
@click.option("--host", help="Address to bind (default DTKG_HOST, 127.0.0.1).")
@click.option("--port", type=int, help="Port (default DTKG_PORT, 8000).")
@pass_context
def serve(obj: Context, host: str | None, port: int | None) -> None:
    """Serve the API, SPARQL endpoint and pages over HTTP.

    Binds to 127.0.0.1 unless told otherwise; read-only unless DTKG_WRITE_TOKEN is set.

    Example: dtkg serve --port 8000
    """
    import uvicorn

    from api.app import create_app
    from api.slow_clients import protocol_with_header_deadline
    from graph.store import open_store

    settings = obj.settings.replace(**{k: v for k, v in (("host", host), ("port", port)) if v is not None})
    # Open once here so a missing or locked store is a one-line error, not a traceback.
    store = open_store(settings, read_only=not settings.write_tokens)
    click.echo(f"dtkg serving {store.description} on http://{settings.host}:{settings.port}", err=True)
    uvicorn.run(
        create_app(settings, store=store),
        host=settings.host,
        port=settings.port,
        log_level="info",
        http=protocol_with_header_deadline(settings.header_timeout),  # DTKG_HEADER_TIMEOUT
        limit_concurrency=settings.max_connections,  # DTKG_MAX_CONNECTIONS: 503 past it
        timeout_keep_alive=5,
        access_log=settings.access_log,  # DTKG_ACCESS_LOG: one log line per request, ~0.1 ms each
    )


__all__ = ["main"]

if __name__ == "__main__":
    main()
