"""Request dependencies as ``Annotated`` aliases, so routes state what they need."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.config import Settings
from graph.store import Store


def _store(request: Request) -> Store:
    return request.app.state.store


def _settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]
