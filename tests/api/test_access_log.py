"""``DTKG_ACCESS_LOG``: uvicorn's per-request log line by default, none when turned off (issue 18: it costs every request)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.servers import dtkg_server

pytestmark = pytest.mark.server


@pytest.mark.parametrize(("setting", "logged"), [("", True), ("true", True), ("false", False)])
def test_access_log_follows_the_setting(built_store_path: Path, tmp_path: Path, setting: str, logged: bool) -> None:
    log = tmp_path / "server.log"
    with dtkg_server({"DTKG_STORE": str(built_store_path), "DTKG_ACCESS_LOG": setting}, log=log) as server:
        with server.client() as client:
            assert client.get("/health").status_code == 200
    assert ('"GET /health HTTP/1.1" 200' in log.read_text()) is logged
