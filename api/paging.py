"""One pagination shape for every list route: ``items``, ``total``, ``limit``, ``offset`` and ``next``.

``next`` is the same request with the offset of the following page (a path and
query, relative to the server), or null on the last page, so a client can walk
a list without computing offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request


def listing(request: Request, items: Sequence[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    following = None
    if offset + limit < total:
        url = request.url.include_query_params(offset=offset + limit)
        following = f"{url.path}?{url.query}"
    return {"items": list(items), "total": total, "limit": limit, "offset": offset, "next": following}
