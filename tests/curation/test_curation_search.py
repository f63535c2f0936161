"""Search follows every acknowledged write and revert (issue 12, fault 6).

The lookup index used to be rebuilt only when the list of named graphs changed;
a change into the existing entities graph adds no graph name, so 18 of 20
accepted aliases could not be found.
"""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import LiveServer
from tests.curation.conftest import AUTH

pytestmark = pytest.mark.server

ENTITIES = "https://w3id.org/dtkg/graph/entities"
ALIAS = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> INSERT DATA {{ GRAPH <" + ENTITIES + "> "
    '{{ <https://w3id.org/dtkg/id/rosoboronexport> skos:altLabel "{label}"@en }} }}'
)
LABELS = ["Xylophantqz", "Brumvokket", "Jindelwarp", "Quorbexian", "Tsampfulgor", "Yewnikrode"]
"""Made-up aliases that share no spelling with each other or the graph: the fuzzy matcher must not
find one through another, so a reverted alias is really gone from search."""


def found(client: httpx.Client, label: str) -> list[str]:
    response = client.get("/api/entities", params={"q": label})
    response.raise_for_status()
    return [item["id"] for item in response.json()["items"]]


def test_every_accepted_change_and_revert_is_searchable(writer: LiveServer) -> None:
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    with writer.client() as client:
        assert found(client, LABELS[0]) == []  # builds the index before the writes
        ids = []
        for label in LABELS:
            response = client.post("/api/changes", content=ALIAS.format(label=label).encode(), headers=headers)
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        assert {label: found(client, label) for label in LABELS} == {label: ["rosoboronexport"] for label in LABELS}
        assert client.delete(f"/api/changes/{ids[0]}", headers=AUTH).status_code == 200
        assert found(client, LABELS[0]) == []
        assert found(client, LABELS[1]) == ["rosoboronexport"]
