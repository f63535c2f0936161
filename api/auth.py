"""Who may write: the one check behind ``POST``/``DELETE /api/changes`` and SPARQL Update on ``/sparql``.

Writes need ``Authorization: Bearer <token>`` with a token from
``DTKG_WRITE_TOKEN`` (``name:token`` pairs; the name becomes the change's
author). Without that setting the server is read-only and every write answers
403; a missing or wrong token answers 401 with a ``WWW-Authenticate`` challenge.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from graph.config import Settings
from graph.errors import Forbidden, Unauthorized


def authenticate(request: Request, settings: Settings) -> str:
    """The token holder's name (the change's author); 403 when writes are off, 401 on a bad token."""
    if not settings.write_tokens:
        raise Forbidden("writes are disabled on this server: set DTKG_WRITE_TOKEN (name:token pairs) to enable them")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("a write needs 'Authorization: Bearer <token>'", challenge="Bearer")
    author = None
    for known, name in settings.write_tokens.items():  # compare with every token, in constant time each
        if hmac.compare_digest(known.encode(), token.encode()):
            author = name
    if author is None:
        raise Unauthorized("the bearer token is not valid", challenge='Bearer error="invalid_token"')
    return author
