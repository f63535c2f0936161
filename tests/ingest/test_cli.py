"""``dtkg ingest`` then ``dtkg add``: the shipped example article becomes claims that the API answers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.test_cli import assert_one_line_error, dtkg
from tests.conftest import ROOT, ServerFactory

ARTICLE = ROOT / "examples" / "articles" / "northwind-frigates.txt"


@pytest.fixture
def store(built_store_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(built_store_path, target)
    return target


@pytest.mark.server
def test_ingest_then_add_gives_claims_the_api_answers(store: Path, tmp_path: Path, start_server: ServerFactory) -> None:
    draft = tmp_path / "draft.trig"
    result = dtkg("ingest", str(ARTICLE), "--out", str(draft), store=store)
    assert result.returncode == 0, result.stderr
    summary = result.stdout.splitlines()
    assert summary[0].startswith("Northwind Dynamics wins frigate order")
    assert any("Mara Okafor" in line and "more-than 6000000000 USD" in line for line in summary)
    assert any(line.strip().startswith("relation: Northwind Dynamics —cooperates with→ Vellmark navy") for line in summary)
    added = dtkg("add", str(draft), "-m", "Add the Northwind article", store=store)
    assert added.returncode == 0, added.stderr

    server = start_server({"DTKG_STORE": str(store)})
    with server.client() as client:
        source = json.loads(dtkg("ingest", str(ARTICLE), "--format", "json", store=store).stdout)["source"]["id"]
        claims = client.get("/api/claims", params={"source": source, "limit": 100}).json()
        assert claims["total"] == 9
        okafor = client.get("/api/claims", params={"speaker": "mara-okafor"}).json()["items"]
        assert [f["bound"] for c in okafor for f in c["figures"]] == ["more-than", "at-least"]
        linked = [c for c in claims["items"] if any(a["id"] == "rosoboronexport" for a in c["about"])]
        assert len(linked) == 1  # linked to the curated entity, not proposed again
        ranges = [f for c in claims["items"] for f in c["figures"] if f["bound"] == "range"]
        assert [(r["min"], r["max"], r["unit"]) for r in ranges] == [(10, 12, "percent")]
        count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?c <http://schema.org/appearance> ?d }"},
                           headers={"Accept": "application/sparql-results+json"}).json()
        assert int(count["results"]["bindings"][0]["n"]["value"]) > 9
        assert client.get("/network").status_code == 200

        # the relation the article states is a new network edge, supported by the claim that states it
        network = client.get("/api/network", params={"focus": "northwind-dynamics"}).json()
        (edge,) = [e for e in network["edges"] if e["source"] == "northwind-dynamics"]
        assert (edge["target"], edge["relation"]) == ("vellmark-navy", "dtkg:cooperatesWith")
        (claim,) = [c for c in claims["items"] if c["id"] in edge["claims"].split()]
        assert claim["speaker"]["id"] == "northwind-dynamics" and "contract to build four frigates" in claim["text"]
        evidence = client.get(f"/api/network/edges/{edge['id']}").json()
        assert claim["id"] in json.dumps(evidence)
        edge_query = ("PREFIX dtkg: <https://w3id.org/dtkg/ontology#> PREFIX id: <https://w3id.org/dtkg/id/> "
                      "SELECT ?claim WHERE { id:northwind-dynamics dtkg:cooperatesWith id:vellmark-navy . "
                      "?r a dtkg:Relation ; dtkg:subject id:northwind-dynamics ; dtkg:object id:vellmark-navy ; dtkg:supportedBy ?claim }")
        rows = client.get("/sparql", params={"query": edge_query}, headers={"Accept": "application/sparql-results+json"}).json()
        assert [r["claim"]["value"].rsplit("/", 1)[-1] for r in rows["results"]["bindings"]] == [claim["id"]]


def test_ingest_writes_nothing(store: Path, tmp_path: Path) -> None:
    before = dtkg("query", "--name", "graph-sizes", "--format", "json", store=store).stdout
    assert dtkg("ingest", str(ARTICLE), "--out", str(tmp_path / "d.trig"), store=store).returncode == 0
    assert dtkg("query", "--name", "graph-sizes", "--format", "json", store=store).stdout == before


def test_a_published_that_is_not_a_date_is_one_line_error(tmp_path: Path) -> None:
    result = dtkg("ingest", str(ARTICLE), "--published", "last Tuesday", store=tmp_path / "none")
    assert_one_line_error(result, "published")


def test_a_file_that_is_not_utf8_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Le ministère a dit que les exportations ont augmenté.".encode("latin-1"))
    assert_one_line_error(dtkg("ingest", str(bad), store=tmp_path / "none"), "not UTF-8")
