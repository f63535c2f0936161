"""Fixtures for the validation tests; the W3C suite's counts are printed at the end of the run.

Fixture policy: use the smallest data that shows the point (the shape
examples in ``ontology/examples/``, the W3C suite's own files in ``../shared``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

W3C_COUNTS: dict[str, Counter[str]] = {"entry point": Counter(), "compiled engine alone": Counter()}
"""Outcome per W3C case, filled by tests/validation/test_w3c_shacl.py, summed in the terminal summary."""


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not any(W3C_COUNTS.values()):
        return
    terminalreporter.section("W3C SHACL test suite")
    for what, counts in W3C_COUNTS.items():
        terminalreporter.write_line(f"{what}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
