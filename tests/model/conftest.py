"""Fixtures for the knowledge-model tests.

Fixture policy: use the smallest data that shows the point. Shape behaviour is
shown by the tiny files in ``ontology/examples/``; only the tests about the
curated data itself load ``data/*.trig``, parsed once per session. The curated
claims, evidence nodes and relations are parametrised one per test case, so a
failure names the node that broke.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF

from graph import paths
from graph.vocab import DTKG


@functools.cache
def _curated() -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    for path in sorted(paths.DATA_DIR.glob("*.trig")):
        with warnings.catch_warnings():
            # rdflib 7.6's TriG parsing uses its own deprecated ConjunctiveGraph internally.
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\..*)?$")
            dataset.parse(path, format="trig")
    return dataset


@functools.cache
def _union() -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in _curated().quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.fixture(scope="session")
def curated() -> rdflib.Dataset:
    """All curated named graphs (read-only: do not modify)."""
    return _curated()


@pytest.fixture(scope="session")
def union() -> rdflib.Graph:
    """The union of the curated named graphs (read-only: do not modify)."""
    return _union()


@pytest.fixture(scope="session")
def data_files() -> list[Path]:
    return sorted(paths.DATA_DIR.glob("*.trig"))


def _short(iri: rdflib.term.Node) -> str:
    return str(iri).rsplit("/", 1)[-1]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``claim``, ``evidence`` and ``relation`` over the curated nodes of that kind."""
    kinds = {"claim": DTKG.Claim, "evidence": rdflib.URIRef("http://www.w3.org/ns/oa#SpecificResource"),
             "relation": DTKG.Relation}
    for name, cls in kinds.items():
        if name in metafunc.fixturenames:
            nodes = sorted(_union().subjects(RDF.type, cls))
            metafunc.parametrize(name, nodes, ids=[_short(n) for n in nodes])
