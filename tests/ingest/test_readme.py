"""The README's "Adding an article" output is what ``dtkg ingest`` prints for the shipped example."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.test_cli import dtkg
from tests.conftest import ROOT


def test_readme_shows_the_real_output(built_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(built_store_path, store)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- ingest-output -->", 1)[1].split("<!-- /ingest-output -->", 1)[0]
    shown = shown.strip().removeprefix("```text").removesuffix("```").strip("\n")
    result = dtkg("ingest", "examples/articles/northwind-frigates.txt", "--out", str(tmp_path / "draft.trig"), store=store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip("\n") == shown
