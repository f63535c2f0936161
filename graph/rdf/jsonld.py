"""JSON-LD with an ``@context`` of prefixes, so keys read ``skos:prefLabel`` instead of a full IRI.

pyoxigraph writes expanded JSON-LD (every key a full IRI) and ignores prefixes;
a full JSON-LD compaction (rdflib's, pyld's) is far slower and also rewrites
the document's shape. This keeps pyoxigraph's node objects and only shortens
IRIs to compact IRIs (``prefix:local``) where a prefix matches — keys, ``@id``,
``@type`` and datatype values — and states the prefixes in ``@context``, so
any JSON-LD processor expands it back to exactly the same triples.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
"""A local part that reads unambiguously after ``prefix:`` (no ``//``, no second colon)."""


def serialize(triples: Sequence[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """``{"@context": {prefix: IRI…}, "@graph": [nodes]}`` with only the prefixes the triples use."""
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]")
    used: dict[str, str] = {}

    def shorten(iri: str) -> str:
        for prefix, base in prefixes.items():
            if iri.startswith(base) and _LOCAL.match(iri[len(base) :]):
                used[prefix] = base
                return f"{prefix}:{iri[len(base):]}"
        return iri

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(n) for n in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "@id" and isinstance(value, str):
                out[key] = shorten(value)
            elif key == "@type":
                out[key] = [shorten(v) for v in value] if isinstance(value, list) else shorten(value)
            elif key.startswith("@"):
                out[key] = walk(value)
            else:
                out[shorten(key)] = walk(value)
        return out

    graph = walk(expanded if isinstance(expanded, list) else expanded.get("@graph", [expanded]))
    return json.dumps({"@context": dict(sorted(used.items())), "@graph": graph}, ensure_ascii=False).encode("utf-8")
