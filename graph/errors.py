"""One error hierarchy for dtkg.

Each error carries a human ``detail`` and an HTTP-ish ``status``. The CLI prints
``detail`` as one line and exits non-zero; the API renders the same objects as
``application/problem+json`` in one place. Anything that is not a ``DtkgError``
is a bug and is never shown to a client verbatim.
"""

from __future__ import annotations

from typing import Any


class DtkgError(Exception):
    status: int = 500
    title: str = "Internal error"

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}


class ConfigError(DtkgError):
    status = 500
    title = "Configuration error"


class NotFound(DtkgError):
    status = 404
    title = "Not found"


class BadRequest(DtkgError):
    status = 400
    title = "Bad request"


class BadQuery(BadRequest):
    title = "Bad query"


class BadData(BadRequest):
    """Input RDF that does not parse; ``extra`` carries file and line when known."""

    title = "Bad data"


class Forbidden(DtkgError):
    status = 403
    title = "Forbidden"


class Unauthorized(DtkgError):
    status = 401
    title = "Unauthorized"


class PayloadTooLarge(DtkgError):
    status = 413
    title = "Payload too large"


class NotAcceptable(DtkgError):
    status = 406
    title = "Not acceptable"


class NotConformant(DtkgError):
    """Data that parses but breaks the SHACL shapes; ``extra['violations']`` lists them."""

    status = 422
    title = "Data does not conform to the shapes"


class Conflict(DtkgError):
    status = 409
    title = "Conflict"


class StaleVersion(Conflict):
    """Another writer committed between this writer's read of the store version and its commit.

    Nothing was written; the writer may read again and retry (curation does, a few times).
    """


class QueryTimeout(DtkgError):
    status = 503
    title = "Query timed out"


class StoreUnavailable(DtkgError):
    status = 503
    title = "Store unavailable"
