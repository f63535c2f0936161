"""Lookups see a write at once: after any write request the lookup tables are re-checked.

:mod:`graph.model.snapshot` trusts the graph version it read for a couple of seconds
(reading it lists every named graph). A request that may have written to the
store — any method but GET, HEAD and OPTIONS — makes the next lookup read the
version again. This runs as soon as the write's response starts, before the
client can ask anything else.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.model import snapshot

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class FreshAfterWrites:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return

        async def send_after_invalidating(message: Message) -> None:
            if message["type"] == "http.response.start":
                store = getattr(scope["app"].state, "store", None)
                if store is not None:
                    snapshot.invalidate(store)
            await send(message)

        await self.app(scope, receive, send_after_invalidating)
