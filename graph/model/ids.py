"""Deterministic IRIs for claims, evidence, figures and relations.

A claim's IRI hashes the fields that identify it (source, span offsets, speaker),
so rebuilding the data yields the same IRIs and a curation diff touches only what
changed. Nodes that exist only for one claim (its evidence, selectors,
attributions, figures) derive their IRI from the claim's. Hand-authored TriG uses
these IRIs; ``tests/model/test_identifiers.py`` recomputes every one.
"""

from __future__ import annotations

import hashlib

from graph import vocab
from graph.errors import NotFound

_SEPARATOR = "\x1f"  # ASCII unit separator: cannot occur in slugs, so field joins are unambiguous


def digest(*fields: str) -> str:
    """First 12 hex digits of the SHA-256 of the fields joined by a unit separator."""
    joined = _SEPARATOR.join(fields)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def claim_iri(source_slug: str, start: int, end: int, speaker_slug: str) -> str:
    """IRI of the claim that ``speaker_slug`` makes in ``source_slug`` at code points ``[start, end)``."""
    return vocab.entity("claim-" + digest(source_slug, str(start), str(end), speaker_slug))


def evidence_iri(claim: str) -> str:
    """The claim's oa:SpecificResource."""
    return f"{claim}-evidence"


def quote_selector_iri(claim: str) -> str:
    """The oa:TextQuoteSelector of the claim's evidence."""
    return f"{claim}-quote"


def position_selector_iri(claim: str) -> str:
    """The oa:TextPositionSelector of the claim's evidence."""
    return f"{claim}-position"


def attribution_iri(claim: str, role: str) -> str:
    """The prov:Attribution of the claim for a role local name (``speaker``, ``reported-source``, ``reporter``)."""
    return f"{claim}-attribution-{role}"


def figure_iri(claim: str, number: int) -> str:
    """The ``number``-th (1-based) figure the claim asserts, in order of appearance."""
    if number < 1:
        raise ValueError("figure numbers start at 1")
    return f"{claim}-figure-{number}"


def relation_iri(subject: str, relation_type: str, obj: str, valid_from: str = "", valid_to: str = "") -> str:
    """IRI of the qualified node of the triple ``subject relation_type obj`` with its validity.

    Full IRIs go in, and validity as lexical forms ("" when unknown), so the same
    relation stated by two sources gets one node that both support.
    """
    return vocab.entity("rel-" + digest(subject, relation_type, obj, valid_from, valid_to))


def interval_iri(node: str) -> str:
    """The time:Interval of a relation, membership or programme."""
    return f"{node}-interval"


def instant_iri(node: str, end: str) -> str:
    """The time:Instant beginning (``end="beginning"``) or ending (``end="end"``) an interval of ``node``."""
    if end not in ("beginning", "end"):
        raise ValueError("end must be 'beginning' or 'end'")
    return f"{node}-interval-{end}"


def checked_id(raw: str, *, what: str = "entity") -> str:
    """``raw`` if it can be a dtkg id, else NotFound (404): the one check before any id becomes an IRI.

    Ids come from URL paths and parameters, where ``%00``, ``%FF`` or a lone
    surrogate would otherwise reach pyoxigraph as an invalid IRI and a 500
    (issue 12, fault 4). Letters, digits, ``.``, ``_`` and ``-`` only, 200 at most.
    The message names no route (the CLI prints it too); ``search=""`` lets the
    API add its entity-search link for entities, not for change ids.
    """
    if not vocab.is_id(raw):
        shown = raw[:200].encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise NotFound(
            f"no {what} with id {shown!r}: ids are letters, digits, '.', '_' and '-'",
            extra={"id": shown},
            search=None if what == "change" else "",
        )
    return raw
