"""Unknown query parameters are an error, not silently ignored.

``/api/claims?speakr=mikheev`` used to list every claim as if no filter had
been given. Every ``/api`` route now answers 422 naming each parameter it does
not take (and the ones it does), in the problem shape of any other 422. The
named-query runner ``/api/queries/{name}`` is exempt: its parameters are the
query's own, checked by the catalogue against the query's declaration.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

EXEMPT = ("/api/queries/",)


async def reject_unknown(request: Request) -> None:
    """``async`` though it does not wait: a plain ``def`` would cost every request a thread hand-off."""
    route = request.scope.get("route")
    path = request.url.path
    if not isinstance(route, APIRoute) or not path.startswith("/api/") or path.startswith(EXEMPT):
        return
    known = declared(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "no query parameters"
        raise RequestValidationError(
            [{"loc": ("query", name), "msg": f"unknown query parameter; this route takes: {takes}", "type": "extra_forbidden"} for name in unknown]
        )


def declared(dependant: Dependant) -> set[str]:
    """The query parameter names a route reads, its dependencies' included (by alias: ``from``, not ``date_from``)."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= declared(sub)
    return names
