"""Request dependencies as ``Annotated`` aliases, so routes state what they need.

The objects behind them are made once, in the app's lifespan (:mod:`api.app`):
the store, the query workers and the network cache. The getters are ``async``
although they only read ``app.state``: FastAPI runs a plain ``def`` dependency
in its thread pool: a thread hand-off per dependency per request (~0.05 ms each
on an idle machine, much more on a loaded one). The paging aliases are
here because several routers share them and no route imports another.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from api.middleware import light_client
from graph.config import Settings
from graph.network import NetworkCache
from graph.sparql.worker import Answer, Job, Runner
from graph.store import Store


async def _store(request: Request) -> Store:
    return request.app.state.store


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _runner(request: Request) -> Runner:
    return request.app.state.runner


async def _network_cache(request: Request) -> NetworkCache:
    return request.app.state.network_cache


StoreDep = Annotated[Store, Depends(_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]
RunnerDep = Annotated[Runner, Depends(_runner)]
"""The killable query workers behind ``/sparql`` and ``/api/queries``."""
NetworkCacheDep = Annotated[NetworkCache, Depends(_network_cache)]
"""The partner network and its metrics, computed once per graph version."""

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (at most 500).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]


def public_base(settings: Settings) -> str:
    """The base of every absolute URL the service writes into descriptions: ``DTKG_PUBLIC_URL``, else
    the bind address. Never the request's ``Host`` header, which a client could fill with anything
    (issue 12, fault 10)."""
    return settings.public_url or f"http://{settings.host}:{settings.port}"


async def run_query(request: Request, runner: Runner, job: Job) -> Answer:
    """Run a public query: on the event loop when a worker is free, else in a thread that waits for one.

    The thread is only for waiting (a busy pool, the reserved workers of a light
    client): the common case skips its hand-off (issue 18).
    """
    answer = await runner.run_if_idle(job)
    if answer is None:
        answer = await run_in_threadpool(runner.run, job, light_client(request))
    return answer
