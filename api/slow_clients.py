"""Slow clients cannot hold the server: a deadline for request headers and one for the body (issue 12, fault 11).

uvicorn closes idle keep-alive connections (5 s) and caps concurrent work
(``limit_concurrency``, ``DTKG_MAX_CONNECTIONS``, 503 past it), but it waits for
a request's line and headers for ever, and a body may trickle in for as long
as the client likes. So:

* :func:`protocol_with_header_deadline` gives uvicorn an HTTP/1.1 protocol
  (its own ``httptools`` one) that closes a connection whose request line and
  headers are not complete ``DTKG_HEADER_TIMEOUT`` seconds after the connection
  opened (or after the previous response on a kept-alive connection), and
  answers 400 and closes when they grow past :data:`HEADER_BYTES`;
* :class:`BodyDeadline` (ASGI middleware) answers 408 when the body has not
  arrived in full ``DTKG_BODY_TIMEOUT`` seconds after the request started.

Behind a reverse proxy (nginx ``client_header_timeout`` / ``client_body_timeout``)
the proxy's limits apply first; these are the last line.

Why httptools rather than uvicorn's default h11 protocol: h11 parses in pure
Python, and on ``/sparql``'s small queries that parse was a measurable part of
the per-request cost (issue 18; BENCHMARKS.md, section 2). httptools' C parser
sets no limit on the size of the headers, which h11 did (16 KiB, its
``max_incomplete_event_size``); :data:`HEADER_BYTES` keeps that limit.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from graph.errors import RequestTimeout

HEADER_BYTES = 16 * 1024
"""Most bytes a request line and its headers may take: what uvicorn's h11 parser allowed before."""


class _HeaderDeadline(HttpToolsProtocol):
    """Armed while a connection waits for a request's line and headers, disarmed once they are in.

    While armed, the bytes received are counted: past :data:`HEADER_BYTES` the
    client gets a 400 and the connection is closed, since httptools itself
    would buffer headers without end.
    """

    header_timeout = 10.0
    _deadline: asyncio.TimerHandle | None = None
    _header_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # uvicorn narrows the base signature the same way
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        waiting = self._deadline is not None
        if waiting:
            self._header_bytes += len(data)
        super().data_received(data)
        if waiting and self._deadline is not None and self._header_bytes > HEADER_BYTES and not self.transport.is_closing():
            self.send_400_response("Request headers too large.")  # closes the connection

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the headers of a request are in: the body has its own deadline

    def on_response_complete(self) -> None:
        waiting = not self.pipeline  # else the next request's headers are in already: uvicorn starts it now
        super().on_response_complete()
        if waiting and not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_bytes = 0
        self._deadline = self.loop.call_later(self.header_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self.cycle is None or self.cycle.response_complete:
            self.transport.close()


def protocol_with_header_deadline(seconds: float) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol, closing connections whose headers take longer than ``seconds``."""
    return type("HeaderDeadlineProtocol", (_HeaderDeadline,), {"header_timeout": seconds})


class BodyDeadline:
    """408 when a request body is not complete ``seconds`` after the request started."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = time.monotonic() + self.seconds
        state: dict[str, Any] = {"done": False}

        async def receive_with_deadline() -> Message:
            if state["done"]:
                return await receive()  # after the body: waiting for a disconnect is not reading
            try:  # asyncio.timeout rather than wait_for: no extra task per chunk received
                async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                    message = await receive()
            except TimeoutError:
                raise RequestTimeout(
                    f"the request body did not arrive within {self.seconds:g} s (DTKG_BODY_TIMEOUT)",
                    extra={"timeout_seconds": self.seconds},
                ) from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                state["done"] = True
            return message

        await self.app(scope, receive_with_deadline, send)
