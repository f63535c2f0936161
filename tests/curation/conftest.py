"""Fixtures for curation: a private, writable copy of the built store per test.

Writes change the store, so no test writes to the shared session store; each
gets a copy of it (``writable_store_path``), which is cheap at this size.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import OxigraphStore
from graph.store.writelock import lock_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-change.trig"


@pytest.fixture
def writable_store_path(built_store_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path, ignore=shutil.ignore_patterns("LOCK"))
    return path


@pytest.fixture
def store(writable_store_path: Path) -> Iterator[OxigraphStore]:
    opened = OxigraphStore(writable_store_path)
    yield opened
    opened.close()


@pytest.fixture
def lock(writable_store_path: Path) -> Path:
    return lock_path(writable_store_path)
