"""A claim's stance: advice ("should"), forecast ("will", "expects", "next year") or opinion.

Cues come from ``rules.toml``. An explicit first-person opinion ("in my view",
"I think", "I don't think", "I would prefer") wins, and so does hindsight
("it should have come years ago": a judgement, not advice); then advice, then forecast, then evaluative words
("remarkable", "reckless"), which mark the author's or a speaker's judgement. A counterfactual ("would have
paid") and a negated plan ("does not plan to") forecast nothing; "Should X improve, …" is a condition, not
advice; a possibility under a condition ("if …, we could review it") is a forecast; a wish ("we would like to sell
…") is no stance.
A claim has at most one stance (shape S10), so the first that applies is kept.
"""

from __future__ import annotations

import re
from functools import cache

from graph.ingest.rules import alternation, pattern, words

_EXPLICIT_OPINION = re.compile(
    r"(?<!\w)(?:in\s+(?:my|our)\s+(?:view|opinion)|(?:i|we)(?:\s+(?:do\s+not|don['’]t))?\s+(?:think|believe|feel)"
    r"|(?:i|we)\s+(?:would|['’]d)\s+(?:prefer|rather|like(?!\s+to\b))|would\s+rather)(?!\w)",
    re.IGNORECASE,
)
# "It should have come years ago": a judgement of the past, not advice; "should" stays advice otherwise.
_HINDSIGHT = re.compile(r"(?<!\w)(?:should|ought\s+to|must)\s+(?:not\s+|never\s+)?have\s+\w+(?:ed|en|ne|wn|me)(?!\w)", re.IGNORECASE)


# "Had Y bought them, it would have paid more": a counterfactual past, no forecast; "does not plan to": no plan.
_COUNTERFACTUAL = re.compile(r"(?<!\w)(?:would|could|might|may)\s+(?:not\s+|never\s+)?have\s+\w+(?!\w)", re.IGNORECASE)
# "We would like to sell trucks to Y", "they would love to buy more": a wish, which neither forecasts nor judges.
_WISH = re.compile(r"(?<!\w)(?:would|['’]d)\s+(?:like|love)\s+to(?!\w)", re.IGNORECASE)
_NO_PLAN = re.compile(r"(?<!\w)(?:(?:does|do|did)\s+not|(?:does|do|did)n['’]t|(?:has|have)\s+no)\s+(?:plans?|intend|intends|intention|aim)\s+to(?!\w)",
                      re.IGNORECASE)
# "Should the situation improve, …", "Had Y bought …": an inverted auxiliary opening a clause is a condition, not advice.
_INVERTED_CONDITION = re.compile(r"^\W*(?:Should|Had|Were)\s+[^,]{3,80},")
# "If Sundar held elections, we could review it": a possibility under a condition is a forecast.
_CONDITION = re.compile(r"(?<!\w)(?:if|unless|provided\s+that)(?!\w)|^\W*(?:Should|Had|Were)\s", re.IGNORECASE)
_POSSIBLE = re.compile(r"(?<!\w)(?:could|might|may)\s+(?!not\b|have\b)[a-z]+", re.IGNORECASE)
# "Westmark may resume sales in the summer": "may"/"might" before a verb is a possible future even with no condition
# (lower case: "May" is the month; "may have bought" is a guess about the past, removed as a counterfactual first).
# "could" stays a forecast only under a condition or before a change of quantity: alone it is mostly ability. "may be"
# is one only before a participle ("may be delayed"): "That may be true" grants a point now.
_MAY = re.compile(r"(?<![\w’'])(?:may|might)\s+(?:not\s+|also\s+|well\s+|soon\s+|even\s+)?(?!have\b|be\s+(?![a-z]+(?:ed|en)\b))[a-z]+")


# "The statement did not say when the trucks would arrive", "it is unclear whether deliveries will resume": the future is
# what is asked about or not known, nobody forecasts it.
_INDIRECT_QUESTION = re.compile(
    r"(?<!\w)(?:say|said|says|disclose[sd]?|specif(?:y|ied|ies)|know|knows|knew|unclear|ask|asks|asked|explain(?:s|ed)?|reveal(?:s|ed)?"
    r"|confirm(?:s|ed)?|decide[sd]?|wonder(?:s|ed)?)\s+(?:when|whether|if|how|where|why|what|which|who)(?!\w)[^,;]*",
    re.IGNORECASE,
)
# "Amaru had bought 36 trucks, although it would not buy the company's tanks unless …": a concession qualifies what the
# claim states; a "would" or "will" inside it does not make the claim a forecast (a forecast in the main clause still does).
_CONCESSION = re.compile(r"(?<!\w)(?:although|though|whereas)(?!\w)[^;]*", re.IGNORECASE)


_COMPARED = re.compile(r"(?<!\w)(?:than|as)\s+(?:had\s+been\s+|was\s+|were\s+)?(?:expected|forecast|predicted|projected|planned)(?!\w)", re.IGNORECASE)


@cache
def _should_expects() -> re.Pattern[str]:
    """"should arrive", "should be completed": an expectation about things, which no one can be advised to do."""
    return re.compile(rf"(?<!\w)should\s+(?:not\s+)?(?={alternation(words('stance', 'should_expects'))})", re.IGNORECASE)


def stance(text: str) -> str | None:
    """``opinion``, ``advice``, ``forecast`` or None for a plain statement of fact.

    >>> stance("Countries should conduct due diligence")
    'advice'
    >>> stance("deliveries would stay on schedule through next year")
    'forecast'
    >>> stance("In my view, the industry will thrive")
    'opinion'
    >>> stance("I don't think that is fair"), stance("I would prefer it to be faster"), stance("It should have come years ago")
    ('opinion', 'opinion', 'opinion')
    >>> stance("the last batteries should be delivered in May"), stance("the army should buy radars")
    ('forecast', 'advice')
    >>> stance("the deal was smaller than expected") is None
    True
    >>> stance("Should prices fall, the navy would buy more"), stance("If asked, we could deliver in May")
    ('forecast', 'forecast')
    >>> stance("Had they waited, they would have paid less") is None, stance("It does not plan to sell the yard") is None
    (True, True)
    >>> stance("The company signed the contract in 2024") is None
    True
    >>> stance("We would like to open a plant in Amaru") is None, stance("I would like it cheaper")
    (True, 'opinion')
    >>> stance("The ministry did not disclose when the radars would be handed over") is None
    True
    >>> stance("Orvik sold six boats, though it would not sell more"), stance("Orvik will sell six boats, though talks continue")
    (None, 'forecast')
    >>> stance("Norland may reopen the yard in May"), stance("In May the yard reopened") is None, stance("They may have sold it") is None
    ('forecast', True, True)
    >>> stance("A new order is unlikely before the election"), stance("That may be true") is None
    ('forecast', True)
    """
    if _EXPLICIT_OPINION.search(text) or _HINDSIGHT.search(text):
        return "opinion"
    text = _COMPARED.sub(" ", text)  # "smaller than expected" compares with a forecast; it makes none
    text = _INDIRECT_QUESTION.sub(" ", text)
    conditional = bool(_CONDITION.search(text))
    text = _INVERTED_CONDITION.sub("if …,", text)
    text = _COUNTERFACTUAL.sub(" ", _NO_PLAN.sub(" ", _WISH.sub(" ", text)))
    text = _should_expects().sub("will ", text)
    if pattern("stance", "advice").search(text):
        return "advice"
    main = _CONCESSION.sub(" ", text)
    if pattern("stance", "forecast").search(main) or (conditional and _POSSIBLE.search(main)) or _MAY.search(main):
        return "forecast"
    if pattern("stance", "opinion").search(text):
        return "opinion"
    return None
