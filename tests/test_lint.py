"""The code stays lint-clean (ruff, configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_ruff_is_clean() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    binary = str(ruff) if ruff.exists() else shutil.which("ruff")
    if binary is None:
        pytest.skip("ruff is not installed (it comes with the test extras: pip install -e '.[test]')")
    result = subprocess.run([binary, "check", "graph", "api", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
