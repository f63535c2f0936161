"""Entity matching: names as people type them, matched against the names the graph holds.

One matcher serves every name lookup in dtkg — ``/api/entities?q=``, the
landing page and network page searches, the W3C reconciliation service and
ingestion's entity linking — so they all agree on what "the same name" means.

* :mod:`graph.matching.fold` — the comparable form of a name (case, accents, punctuation);
* :mod:`graph.matching.translit` — Latin spellings of Cyrillic names and the
  spelling key that makes press variants ("kh/h", "ks/x", "y/i", "e/ye") equal;
* :mod:`graph.matching.index` — the names of every entity, indexed once per graph version;
* :mod:`graph.matching.score` — how one name compares with one label, as a score and a reason;
* :mod:`graph.matching.matcher` — :class:`Matcher`: candidates, type filter, ranking.
"""

from graph.matching.index import Label
from graph.matching.matcher import AUTO_MATCH_MARGIN, AUTO_MATCH_SCORE, Match, Matcher, Reason

__all__ = ["AUTO_MATCH_MARGIN", "AUTO_MATCH_SCORE", "Label", "Match", "Matcher", "Reason"]
