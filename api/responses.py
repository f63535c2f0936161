"""Responses that more than one router sends, so no route imports another.

* a SPARQL answer from the query workers, with the headers that say whether it
  was cut at ``DTKG_RESULT_LIMIT`` (``/sparql`` and ``/api/queries/{name}``);
* a committed curation change, with its ``Location`` (``/api/changes`` and a
  SPARQL Update on ``/sparql``).
"""

from __future__ import annotations

from fastapi.responses import JSONResponse, Response

from graph import curation
from graph.sparql.worker import Answer


def answer_response(answer: Answer) -> Response:
    headers = {"Vary": "Accept", "X-DTKG-Result-Limit": str(answer.limit)}
    if answer.count is not None:
        headers["X-DTKG-Truncated"] = "true" if answer.truncated else "false"
        headers["X-DTKG-Result-Count"] = str(answer.count)
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def change_response(outcome: curation.Outcome, created: int = 201) -> JSONResponse:
    """A committed (or duplicate) change as the write routes answer it."""
    body = {**outcome.change.to_dict(), "duplicate": outcome.duplicate}
    status = 200 if outcome.duplicate else created
    headers = {"Location": f"/api/changes/{outcome.change.id}"}
    return JSONResponse(body, status_code=status, headers=headers)
