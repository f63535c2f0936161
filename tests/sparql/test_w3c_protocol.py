"""The W3C SPARQL 1.1 Protocol test suite (``../shared/w3c-tests/sparql/sparql11/protocol``), over real HTTP.

Each ``mf:ProtocolTest`` of the manifest is one parametrised case; the requests
are read from the manifest (method, path with ``/sparql/`` swapped for our
endpoint, headers, body in its stated encoding) and run in order against a
server whose store holds ``data1.nt`` … ``data3.nt`` as named graphs named by
their ``rdfs:label``, as the suite prescribes. Expectations: the status class,
the format family of the response and, for ASK, the boolean.

Update tests: a server without write tokens refuses updates (403, naming DTKG_WRITE_TOKEN),
so a request the suite expects to succeed with an update must get exactly that
documented refusal, and its follow-up check query is not run. Failure cases
(``bad_update_*``) expect a 4xx, which the refusal or the protocol checks give.
Nothing from the suite is copied into this repository.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

from graph.store import OxigraphStore
from tests.conftest import ROOT
from tests.support.servers import LiveServer, dtkg_server

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SUITE = Path("w3c-tests/sparql/sparql11/protocol")
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json", "application/trig", "application/n-quads"}


@dataclass(frozen=True)
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[str]  # e.g. {"2xx", "3xx"}
    expected_format: str | None
    expected_boolean: bool | None


def _test_names() -> list[str]:
    """Names for parametrisation, read from the manifest when the suite is present."""
    manifest = ROOT.parent / "shared" / SUITE / "manifest.ttl"
    if not manifest.is_file():
        return ["suite-absent"]
    graph = Graph().parse(data=manifest.read_text(encoding="utf-8"), format="turtle")
    return sorted(str(t).rsplit("#", 1)[-1] for t in graph.subjects(RDF.type, MF.ProtocolTest))


@pytest.fixture(scope="module")
def manifest(shared_dir: Path) -> Graph:
    path = shared_dir / SUITE / "manifest.ttl"
    return Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle", publicID=path.as_uri())


def steps(graph: Graph, test: URIRef) -> list[Step]:
    action = graph.value(test, MF.action)
    out = []
    for request in Collection(graph, graph.value(action, HT.requests)):
        headers = {}
        header_list = graph.value(request, HT.headers)
        if header_list is not None:
            for header in Collection(graph, header_list):
                headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
        body_node = graph.value(request, HT.body)
        body = None
        if body_node is not None:
            encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
            body = str(graph.value(body_node, CNT.chars)).encode(encoding)
        response = graph.value(request, HT.resp)
        statuses = frozenset(str(s).rsplit("StatusCode", 1)[-1] for s in graph.objects(response, MF.expectedStatus))
        fmt = graph.value(response, MF.expectedFormat)
        boolean = graph.value(response, MF.expectedBoolean)
        path = str(graph.value(request, HT.absolutePath))
        assert path.startswith("/sparql/")
        out.append(
            Step(
                method=str(graph.value(request, HT.methodName)),
                path="/sparql" + path[len("/sparql/") - 1 :].removeprefix("/"),
                headers=headers,
                body=body,
                statuses=statuses,
                expected_format=str(fmt) if fmt is not None else None,
                expected_boolean=boolean.toPython() if boolean is not None else None,
            )
        )
    return out


@pytest.fixture(scope="module")
def suite_store(shared_dir: Path, manifest: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The suite's fixture graphs as named graphs named by their labels."""
    files: dict[str, Path] = {}
    for data in manifest.objects(None, UT.graphData):
        files[str(manifest.value(data, RDFS.label))] = Path(str(manifest.value(data, UT.graph)).removeprefix("file://"))
    path = tmp_path_factory.mktemp("w3c") / "store"
    store = OxigraphStore(path)
    quads = []
    for name, file in sorted(files.items()):
        for triple in ox.parse(path=str(shared_dir / SUITE / file.name), format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(name)))
    store.apply([], quads)
    store.close()
    return path


@pytest.fixture(scope="module")
def suite_server(suite_store: Path) -> Iterator[LiveServer]:
    """One server for the module (``start_server`` is per test; 34 starts would be slow); its log goes to a file."""
    with dtkg_server({"DTKG_STORE": str(suite_store)}, log=suite_store.with_name("server.log")) as server:
        yield server


def is_update(step: Step) -> bool:
    content_type = step.headers.get("content-type", "")
    body = (step.body or b"").decode("utf-8", errors="replace")
    return content_type.startswith("application/sparql-update") or body.startswith("update=") or "update=" in step.path


def family(response: httpx.Response) -> str:
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if media in RDF_TYPES:
        return "RDF"
    return "tabular" if media in TABULAR else media


def boolean_of(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    parse_as = {"application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/sparql-results+xml": ox.QueryResultsFormat.XML}[media]
    return bool(ox.parse_query_results(response.content, parse_as))


@pytest.mark.server
@pytest.mark.parametrize("name", _test_names())
def test_protocol(name: str, manifest: Graph, suite_server: LiveServer) -> None:
    test = next(t for t in manifest.subjects(RDF.type, MF.ProtocolTest) if str(t).endswith("#" + name))
    with suite_server.client() as client:
        for step in steps(manifest, test):
            response = client.request(step.method, step.path, headers=step.headers, content=step.body)
            got = f"{response.status_code // 100}xx"
            if is_update(step) and step.statuses & {"2xx", "3xx"}:
                # The documented refusal: no updates on the public endpoint.
                assert response.status_code == 403, response.text
                assert "DTKG_WRITE_TOKEN" in response.json()["detail"]
                return
            assert got in step.statuses, f"{step.method} {step.path}: {response.status_code} {response.text[:300]}"
            if step.expected_format == "boolean":
                assert family(response) == "tabular"
            elif step.expected_format is not None:
                assert family(response) == step.expected_format
            if step.expected_boolean is not None:
                assert boolean_of(response) is step.expected_boolean
