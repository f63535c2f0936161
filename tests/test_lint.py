"""The code stays lint-clean: ruff and mypy, both configured in pyproject.toml (``make lint`` runs the same)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _tool(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    binary = str(local) if local.exists() else shutil.which(name)
    if binary is None:
        pytest.skip(f"{name} is not installed (it comes with the test extras: pip install -e '.[test]')")
    return binary


def test_ruff_is_clean() -> None:
    result = subprocess.run([_tool("ruff"), "check", "graph", "api", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    """mypy over graph, api and bench (the files list is in pyproject.toml); zero errors, no bare ignores."""
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_type_ignore_gives_a_reason() -> None:
    """A ``type: ignore`` says why on the same line (``# type: ignore[code]  # because …``)."""
    bare = []
    for folder in ("graph", "api", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if "type: ignore" in line and not line.split("type: ignore", 1)[1].split("#", 1)[1:]:
                    bare.append(f"{path.relative_to(ROOT)}:{number}")
    assert not bare, "type: ignore without a reason: " + ", ".join(bare)
