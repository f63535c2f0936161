"""A claim's stance: advice ("should"), forecast ("will", "expects", "next year") or opinion.

Cues come from ``rules.toml``. An explicit first-person opinion ("in my view",
"I think") wins; then advice, then forecast, then evaluative words
("remarkable", "reckless"), which mark the author's or a speaker's judgement.
A claim has at most one stance (shape S10), so the first that applies is kept.
"""

from __future__ import annotations

import re

from graph.ingest.rules import pattern

_EXPLICIT_OPINION = re.compile(
    r"(?<!\w)(?:in\s+(?:my|our)\s+(?:view|opinion)|i\s+(?:think|believe|feel)|we\s+(?:think|believe))(?!\w)", re.IGNORECASE
)


def stance(text: str) -> str | None:
    """``opinion``, ``advice``, ``forecast`` or None for a plain statement of fact.

    >>> stance("Countries should conduct due diligence")
    'advice'
    >>> stance("deliveries would stay on schedule through next year")
    'forecast'
    >>> stance("In my view, the industry will thrive")
    'opinion'
    >>> stance("The company signed the contract in 2024") is None
    True
    """
    if _EXPLICIT_OPINION.search(text):
        return "opinion"
    if pattern("stance", "advice").search(text):
        return "advice"
    if pattern("stance", "forecast").search(text):
        return "forecast"
    if pattern("stance", "opinion").search(text):
        return "opinion"
    return None
