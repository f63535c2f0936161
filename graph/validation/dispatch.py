"""The one validation entry point: compiled engine first, every shape it cannot evaluate to pyshacl, merged.

Build, validate, add, the write API and SPARQL Update all call :func:`validate`.
Every shape in the shapes graph ends up in exactly one place, listed by
:func:`plan` (and printed as progress): *compiled*, *delegated* to pyshacl with
the reason, checked by one of dtkg's Python *rules*, or the whole validation is
*refused* (:class:`graph.errors.BadShapes`, naming the shape) before anything
runs. Shapes without a target validate nothing at top level and are used
through the shapes that reference them. ``engine="pyshacl"`` delegates every
targeted shape, so the two can be checked against each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import pyoxigraph as ox
import rdflib
from rdflib import URIRef

from graph.progress import Progress
from graph.rdf.parse import from_rdflib, to_rdflib
from graph.validation import compiled, reference, rules
from graph.validation.report import Report, Violation
from graph.validation.shapes import TargetedShape, load_ontology, load_shapes, refuse_unsafe, shape_id, targeted_shapes

__all__ = ["ENGINES", "Engine", "Plan", "plan", "validate"]

Engine = Literal["compiled", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("compiled", "pyshacl")

Data = rdflib.Graph | rdflib.Dataset | Iterable[ox.Quad]


@dataclass(frozen=True)
class Plan:
    """Where each shape of a shapes graph goes."""

    compiled: tuple[compiled.CompiledShape, ...]
    delegated: tuple[tuple[TargetedShape, str], ...]
    rules: tuple[str, ...]
    targeted: tuple[TargetedShape, ...]

    def summary(self) -> str:
        return (f"{len(self.compiled)} shape(s) compiled, {len(self.delegated)} delegated to pyshacl, "
                f"{len(self.rules)} Python rule(s)")


_DTKG_PLANS: dict[str, Plan] = {}


def plan(shapes: rdflib.Graph, engine: Engine = "compiled") -> Plan:
    """Compile what the compiled engine can; the rest is delegated with the reason. Refuses unsafe shapes."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    if shapes is load_shapes() and engine in _DTKG_PLANS:
        return _DTKG_PLANS[engine]
    refuse_unsafe(shapes)
    targeted = targeted_shapes(shapes)
    done: list[compiled.CompiledShape] = []
    delegated: list[tuple[TargetedShape, str]] = []
    try:
        prologue = compiled.prologue(shapes)
    except compiled.UnsupportedShape as error:
        prologue, reason = "", str(error)
    else:
        reason = ""
    for target in targeted:
        if engine == "pyshacl":
            delegated.append((target, "--engine pyshacl"))
        elif reason:
            delegated.append((target, reason))
        else:
            try:
                done.append(compiled.compile_shape(shapes, target, prologue))
            except compiled.UnsupportedShape as error:
                delegated.append((target, str(error)))
    ruled = tuple(shape_id(URIRef(iri)) for iri in rules.RULES if (URIRef(iri), None, None) in shapes)
    result = Plan(tuple(done), tuple(delegated), ruled, tuple(targeted))
    if shapes is load_shapes():
        _DTKG_PLANS[engine] = result
    return result


def validate(
    data: Data,
    *,
    shapes: rdflib.Graph | None = None,
    ontology: rdflib.Graph | None = None,
    engine: Engine = "compiled",
    focus_nodes: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Validate the union of ``data``'s graphs against ``shapes`` (dtkg's shapes and ontology when None).

    ``ontology`` joins the data for class hierarchy (``rdfs:subClassOf``);
    with dtkg's shapes it defaults to dtkg's ontology, with other shapes to
    none. With ``focus_nodes``, only violations of those nodes are reported;
    their verdict equals that of full validation (incremental validation of
    a change relies on it), because the whole ``data`` is still validated:
    pass a smaller ``data``, not a different option, to make it cheaper.
    """
    progress = progress or Progress.silent()
    if shapes is None:
        shapes = load_shapes()
        ontology = load_ontology() if ontology is None else ontology
    focus = None if focus_nodes is None else frozenset(str(f) for f in focus_nodes)
    if focus is not None and not focus:
        return Report.of(())
    the_plan = plan(shapes, engine)
    progress.note(f"shapes: {the_plan.summary()}")
    for target, why in the_plan.delegated:
        if engine == "compiled":
            progress.note(f"  delegated {target.shape_id}: {why}")
    violations: list[Violation] = []
    if the_plan.delegated and not isinstance(data, (rdflib.Graph, rdflib.Dataset)):
        data = list(data)  # pyshacl gets the quads as written: Oxigraph's store canonicalises some literals
    with progress.phase("load into the validation store"):
        # streamed: a million parsed quads never sit in a Python list here
        store, originals = compiled.load_store(_quads(data, ontology))
    progress.note(f"{len(store)} triples (data and ontology) to validate")
    with progress.phase("rules", total=len(the_plan.rules) or None) as step:
        for iri, rule in rules.RULES.items():
            if (URIRef(iri), None, None) in shapes:
                violations.extend(rule(store, shapes, ontology if ontology is not None else rdflib.Graph()))
                step(shape_id(URIRef(iri)))
    if the_plan.compiled:
        with progress.phase("validate (compiled)", total=len(the_plan.compiled)) as step:
            violations.extend(compiled.run_shapes(store, shapes, the_plan.compiled, originals, step))
    if the_plan.delegated:
        with progress.phase(f"validate (pyshacl, {len(the_plan.delegated)} shape(s))"):
            graph = data if isinstance(data, (rdflib.Graph, rdflib.Dataset)) else to_rdflib(data)
            only = {t.node for t, _ in the_plan.delegated}
            violations.extend(reference.run_pyshacl(graph, shapes, list(the_plan.targeted), only, ontology))
    if focus is not None:
        violations = [v for v in violations if v.focus in focus]
    return Report.of(violations)


def _quads(data: Data, ontology: rdflib.Graph | None) -> Iterator[ox.Quad]:
    yield from _data_quads(data)
    if ontology is not None:
        yield from from_rdflib(ontology)


def _data_quads(data: Data) -> Iterator[Any]:
    if isinstance(data, (rdflib.Graph, rdflib.Dataset)):
        yield from from_rdflib(data)
    else:
        yield from data
