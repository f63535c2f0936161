"""``dtkg export``, ``synth`` and ``ingest`` tell their progress on stderr like ``build`` and ``validate``.

Issue 17 point 14: phases with elapsed time; a bar on a terminal (checked
through a pseudo-terminal), plain lines when stderr is a pipe; ``--quiet``
silences it while the command's results stay as they were.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.cli.test_cli import dtkg
from tests.conftest import ROOT

ARTICLE = ROOT / "examples" / "articles" / "northwind-frigates.txt"
DONE = re.compile(r"^(?P<phase>.+): done in (?P<seconds>\d+\.\d) s$", re.MULTILINE)
NOTE = re.compile(r"\(\d+\.\d s\)$", re.MULTILINE)


def phases(stderr: str) -> list[str]:
    return [m["phase"] for m in DONE.finditer(stderr)]


def commands(store: Path, out: Path) -> dict[str, list[str]]:
    return {
        "export": ["export", "--format", "nq", "--out", str(out / "dump.nq")],
        "synth": ["synth", "--triples", "5000", "--out", str(out / "synthetic.nq")],
        "ingest": ["ingest", str(ARTICLE), "--out", str(out / "draft.trig")],
    }


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("export", ["read", "serialise", "write"]),
        ("synth", ["entities", "documents"]),
        ("ingest", ["read the store's entities", "draft claims", "write"]),
    ],
)
def test_phases_with_elapsed_time_as_plain_lines_off_a_terminal(built_store_path: Path, tmp_path: Path, command: str, expected: list[str]) -> None:
    result = dtkg(*commands(built_store_path, tmp_path)[command], store=built_store_path)
    assert result.returncode == 0, result.stderr
    done = phases(result.stderr)
    assert len(done) == len(expected), result.stderr
    for phase, start in zip(done, expected, strict=True):
        assert phase.startswith(start), result.stderr
    assert "\r" not in result.stderr and "[#" not in result.stderr, "no bar when stderr is not a terminal"


@pytest.mark.parametrize("command", ["export", "synth", "ingest"])
def test_quiet_silences_the_progress(built_store_path: Path, tmp_path: Path, command: str) -> None:
    result = dtkg(*commands(built_store_path, tmp_path)[command], "--quiet", store=built_store_path)
    assert result.returncode == 0, result.stderr
    assert phases(result.stderr) == []
    assert not NOTE.search(result.stderr), result.stderr
    assert " …" not in result.stderr


def test_export_to_standard_output_keeps_the_data_clean(built_store_path: Path) -> None:
    result = dtkg("export", "--format", "nq", store=built_store_path)
    assert result.returncode == 0, result.stderr
    assert len(list(ox.parse(result.stdout.encode(), ox.RdfFormat.N_QUADS))) > 100
    assert phases(result.stderr)[-1] == "write to standard output"


def on_a_terminal(*args: str, store: Path | None = None) -> str:
    """What ``dtkg ARGS`` writes to stderr when stderr is a (pseudo-)terminal."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTKG_")}
    if store is not None:
        env["DTKG_STORE"] = str(store)
    try:
        process = subprocess.run(
            [sys.executable, "-m", "api.cli", *args],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, timeout=240,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert process.returncode == 0
    return b"".join(chunks).decode()


def test_synth_draws_a_bar_on_a_terminal(tmp_path: Path) -> None:
    """stderr on a pseudo-terminal: one self-overwriting bar line for the documents, ending at 100/100."""
    shown = on_a_terminal("synth", "--triples", "20000", "--out", str(tmp_path / "s.nq"))
    assert re.search(r"\rdocuments \(about 20,000 triples\) \[#+\.*\] \d+/100 ", shown), shown
    assert "[" + "#" * 20 + "] 100/100" in shown
    assert re.search(r"documents \(about 20,000 triples\): done in \d+\.\d s", shown)


def test_export_draws_a_bar_over_the_quads_on_a_terminal(built_store_path: Path, tmp_path: Path) -> None:
    shown = on_a_terminal("export", "--format", "nq", "--out", str(tmp_path / "d.nq"), store=built_store_path)
    assert re.search(r"\rread [\d,]+ quads \[#*\.*\] \d+/100 [\d,]+ quads", shown), shown
    assert re.search(r"\rread [\d,]+ quads \[" + "#" * 20 + r"\] 100/100 [\d,]+ quads \d+\.\d s", shown), shown
    assert re.search(r"serialise [\d,]+ quads as N-Quads: done in \d+\.\d s", shown), shown
