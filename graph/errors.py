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

    def __init__(
        self,
        detail: str,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        search: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}
        self.headers = headers or {}
        """Response headers the error needs over HTTP (``WWW-Authenticate`` on a 401); the CLI ignores them."""
        self.search = search
        """A name to look for when the thing asked for was not found ("" when there is none): the API
        adds a link to its entity search. ``graph/`` never names an HTTP route itself — the CLI prints
        these messages too."""


class ConfigError(DtkgError):
    status = 500
    title = "Configuration error"


class VendorAssetsMissing(ConfigError):
    """The front-end files the pages need are not installed (``node_modules`` or a file in it): run ``npm ci``."""

    title = "Front-end files missing"


class NotFound(DtkgError):
    status = 404
    title = "Not found"


class BadRequest(DtkgError):
    status = 400
    title = "Bad request"


class InvalidParameter(BadRequest):
    """A request parameter with a value that cannot be used (an unknown kind, type or id; a date with no day).

    The one 422 for a field: rendered like a failed request validation, with the
    offending field in ``errors``, whether FastAPI or the graph found the problem.
    """

    status = 422
    title = "Invalid request"

    def __init__(self, field_name: str, message: str, *, search: str | None = None) -> None:
        super().__init__(
            f"{field_name}: {message}", extra={"errors": [{"field": field_name, "message": message}]}, search=search
        )
        self.field = field_name


class BadQuery(BadRequest):
    title = "Bad query"


class BadData(BadRequest):
    """Input RDF that does not parse; ``extra`` carries file and line when known."""

    title = "Bad data"


class BadShapes(BadRequest):
    """A shapes graph that does not parse, or holds a shape refused before anything runs (SERVICE, SHACL-JS…)."""

    title = "Bad shapes"


class Forbidden(DtkgError):
    status = 403
    title = "Forbidden"


class Unauthorized(DtkgError):
    """No valid credentials; ``challenge`` is the ``WWW-Authenticate`` value that says how to authenticate."""

    status = 401
    title = "Unauthorized"

    def __init__(self, detail: str, *, challenge: str = "Bearer") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class PayloadTooLarge(DtkgError):
    status = 413
    title = "Payload too large"


class UnsupportedMediaType(DtkgError):
    """Input in a format dtkg does not read (RDF/XML, an unknown media type or file suffix)."""

    status = 415
    title = "Unsupported media type"


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


class QueryTimeout(DtkgError):
    status = 503
    title = "Query timed out"


class StoreUnavailable(DtkgError):
    status = 503
    title = "Store unavailable"
