"""Researchers' own tools against the endpoint: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from graph import vocab
from tests.conftest import LiveServer

LABEL_QUERY = f"""SELECT ?label WHERE {{ <{vocab.entity("rosoboronexport")}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}"""


def wrapper(server: LiveServer, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.server
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(live_server: LiveServer, method: str) -> None:
    result = wrapper(live_server, LABEL_QUERY, JSON, method).query().convert()
    labels = {b["label"]["value"] for b in result["results"]["bindings"]}  # type: ignore[index, call-overload]
    assert "Rosoboronexport" in labels


@pytest.mark.server
def test_sparqlwrapper_select_xml(live_server: LiveServer) -> None:
    document = wrapper(live_server, LABEL_QUERY, XML).query().convert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]  # type: ignore[union-attr]
    assert "Rosoboronexport" in literals


@pytest.mark.server
def test_sparqlwrapper_select_csv(live_server: LiveServer) -> None:
    text = wrapper(live_server, LABEL_QUERY, CSV).query().convert().decode()  # type: ignore[union-attr]
    assert text.splitlines()[0] == "label" and "Rosoboronexport" in text.splitlines()[1:]


@pytest.mark.server
def test_sparqlwrapper_ask_and_construct(live_server: LiveServer) -> None:
    assert wrapper(live_server, "ASK { ?s ?p ?o }", JSON).query().convert()["boolean"] is True  # type: ignore[index, call-overload]
    entity = vocab.entity("rosoboronexport")
    construct = f"CONSTRUCT {{ <{entity}> ?p ?o }} WHERE {{ <{entity}> ?p ?o }}"
    turtle = wrapper(live_server, construct, TURTLE).query().convert()
    graph = Graph().parse(data=turtle, format="turtle")  # type: ignore[arg-type]
    assert (URIRef(entity), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Rosoboronexport", lang="en")) in graph


@pytest.mark.server
def test_rdflib_sparqlstore(live_server: LiveServer) -> None:
    store = SPARQLStore(live_server.url + "/sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(LABEL_QUERY))
    assert Literal("Rosoboronexport", lang="en") in {row[0] for row in rows}  # type: ignore[index]
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    entity = URIRef(vocab.entity("rosoboronexport"))
    assert len(list(graph.triples((entity, None, None)))) > 0
    store.close()
