"""The extraction rules (``rules.toml``) loaded once, with the regular expressions built from them.

Why a data file: the word lists (speech verbs, role nouns, bound phrases,
currencies, stance cues) are what a curator tunes when an article is drafted
wrongly; keeping them out of the code lets that happen without touching the
logic, and the evaluation (``python -m bench.ingest``) shows the effect.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("rules.toml")


@cache
def rules() -> dict[str, Any]:
    """The parsed rules file (read once per process)."""
    with RULES_FILE.open("rb") as handle:
        return tomllib.load(handle)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the phrases, longest first, each matched on word boundaries.

    >>> re.findall(alternation(["per cent", "per"]), "12 per cent")
    ['per cent']
    """
    ordered = sorted({w for w in words}, key=len, reverse=True)
    parts = []
    for word in ordered:
        escaped = re.escape(word).replace(r"\ ", r"\s+")
        left = r"(?<![\w])" if word[:1].isalnum() else ""
        right = r"(?![\w])" if word[-1:].isalnum() else ""
        parts.append(left + escaped + right)
    return "(?:" + "|".join(parts) + ")"


@cache
def pattern(*path: str) -> re.Pattern[str]:
    """Case-insensitive regex of the word list at ``path`` in the rules (``pattern("stance", "advice")``)."""
    node: Any = rules()
    for key in path:
        node = node[key]
    words = node.keys() if isinstance(node, dict) else node
    return re.compile(alternation(words), re.IGNORECASE)


def words(*path: str) -> list[str]:
    node: Any = rules()
    for key in path:
        node = node[key]
    return list(node)


def table(*path: str) -> dict[str, Any]:
    node: Any = rules()
    for key in path:
        node = node[key]
    return dict(node)
