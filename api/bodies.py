"""Reading a request body, in one place: size limits, media type, charset, UTF-8, forms.

A body is refused with 413 as soon as it is known to pass its limit: a declared
``Content-Length`` over it before anything is read, a chunked body while it
streams in. The message names the setting that sets the limit, so whoever
hits it knows what to change.
"""

from __future__ import annotations

import urllib.parse

from fastapi import Request

from graph.errors import BadRequest, PayloadTooLarge


async def read_body(request: Request, limit: int, setting: str) -> bytes:
    """The request body, at most ``limit`` bytes (``setting`` is the ``DTKG_*`` variable that sets it)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise BadRequest(f"invalid Content-Length: {declared[:40]!r}") from None
        if size > limit:
            raise _too_large(limit, setting, f"Content-Length is {size}")
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise _too_large(limit, setting, f"more than {limit} bytes were sent")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int, setting: str, why: str) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the request body is too large ({why}); at most {limit} bytes ({setting}) are accepted",
        extra={"limit_bytes": limit},
    )


def content_type(request: Request) -> tuple[str | None, str | None]:
    """The body's media type (lower case, no parameters) and its charset, each None when not given."""
    raw = request.headers.get("content-type")
    if not raw or not raw.strip():
        return None, None
    media, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the body is not valid UTF-8 (byte {exc.start}); SPARQL requests must be UTF-8") from None


def form(text: str) -> list[tuple[str, str]]:
    """An ``application/x-www-form-urlencoded`` body as (name, value) pairs, repeated names kept."""
    try:
        return urllib.parse.parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("the form body is not valid URL-encoded UTF-8") from None
