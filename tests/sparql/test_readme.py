"""The README's SPARQL section stays true: every curl line in it answers 200 from a real server."""

from __future__ import annotations

import shlex
import shutil
import subprocess

import pytest

from tests.conftest import ROOT, LiveServer

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- sparql -->", 1)[1].split("\n## ", 1)[0]
CURLS = [line.strip() for line in SECTION.splitlines() if line.startswith("curl ")]


def test_section_has_examples() -> None:
    assert len(CURLS) >= 8
    for setting in ("DTKG_QUERY_TIMEOUT", "DTKG_RESULT_LIMIT", "DTKG_MAX_QUERY_BYTES"):
        assert f"`{setting}`" in SECTION


@pytest.mark.server
@pytest.mark.parametrize("line", CURLS)
def test_curl_example_answers(live_server: LiveServer, line: str) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    words = [w.replace("http://127.0.0.1:8000", live_server.url) for w in shlex.split(line)]
    done = subprocess.run([curl, "-sS", "-o", "/dev/null", "-w", "%{http_code}", *words[1:]], capture_output=True, text=True, timeout=60)
    assert done.stdout == "200", (line, done.stdout, done.stderr)
