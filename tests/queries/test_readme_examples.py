"""The README's Data model section stays true.

Its SPARQL blocks run on the curated graph and give the table printed under
each; it names every shape of ``ontology/shapes.ttl`` and every catalogue query.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib

from graph import paths
from graph.sparql import catalogue, results
from graph.store import OxigraphStore
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("<!-- model -->", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```sparql\n(.*?)```\n(.*?)(?=```|\Z)", SECTION, re.DOTALL)
SHAPES = "https://w3id.org/dtkg/shapes#"


def table_after(text: str) -> list[list[str]]:
    """The first Markdown table in ``text``, without its header and rule, as cells."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def test_section_has_three_worked_examples_and_a_diagram() -> None:
    assert len(BLOCKS) >= 3
    assert "```mermaid\nclassDiagram" in SECTION


@pytest.mark.parametrize("number", range(len(BLOCKS)), ids=lambda n: f"example-{n + 1}")
def test_example_runs_and_prints_the_documented_table(number: int, built_store: OxigraphStore) -> None:
    sparql, after = BLOCKS[number]
    answer = built_store.query(sparql)
    assert isinstance(answer, ox.QuerySolutions)
    names = [v.value for v in answer.variables]
    found = [[results.term_text(row[name]) for name in names] for row in answer]
    assert found, "a worked example must answer something"
    assert table_after(after) == found


@pytest.mark.parametrize("shape", sorted(
    str(s)[len(SHAPES):]
    for s in rdflib.Graph().parse(paths.ONTOLOGY_DIR / "shapes.ttl").subjects(
        rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape"))
    if str(s).startswith(SHAPES + "S")
))  # fmt: skip
def test_every_shape_is_listed(shape: str) -> None:
    assert f"`{shape}`" in SECTION


@pytest.mark.parametrize(
    "name", sorted(n for n, q in catalogue.catalogue().items() if {"catalogue", "housekeeping"} & set(q.tags))
)
def test_every_catalogue_query_is_listed(name: str) -> None:
    assert f"| `{name}` | {catalogue.get(name).title} |" in SECTION
