"""The README's REST API examples work: every curl line of the ``<!-- api -->`` section answers 200."""

from __future__ import annotations

import re
import shlex
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import ROOT

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- api -->", 1)[1].split("\n## ", 1)[0]
CURLS = [line.split("#", 1)[0].strip() if " # " in line else line.strip() for line in SECTION.splitlines() if line.startswith("curl ")]


def request_of(line: str) -> tuple[str, dict[str, str]]:
    words = shlex.split(line)
    url = next(w for w in words if w.startswith("http://"))
    headers = dict(
        (name.strip(), value.strip())
        for flag, header in zip(words, words[1:], strict=False)
        if flag == "-H"
        for name, value in [header.split(":", 1)]
    )
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else ""), headers


def test_every_route_has_an_example() -> None:
    paths = {request_of(line)[0].split("?")[0] for line in CURLS}
    for route in ("/api/entities", "/api/claims", "/api/figures", "/api/sources", "/downloads/", "/"):
        assert route in paths
    for pattern in (r"^/api/entities/[^/]+$", r"^/api/claims/[^/]+$", r"^/api/sources/[^/]+$", r"^/api/sources/[^/]+/text$", r"^/id/"):
        assert any(re.search(pattern, p) for p in paths), pattern


@pytest.mark.parametrize("line", CURLS)
def test_readme_example_answers(api: httpx.Client, line: str) -> None:
    path, headers = request_of(line)
    response = api.get(path, headers=headers)
    assert response.status_code == 200, (line, response.text[:300])
