"""The README stays true: every setting and every command is documented there."""

from __future__ import annotations

import pytest

from api.cli import main
from graph.config import SETTINGS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", [s.env for s in SETTINGS])
def test_every_setting_is_in_the_readme(setting: str) -> None:
    assert f"`{setting}`" in README


def test_quick_start_is_the_two_make_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make run" in quick and "make test" in quick


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme_table(command: str) -> None:
    assert f"| `dtkg {command}" in README


def test_readme_python_examples_run() -> None:
    """The README's ``>>>`` examples are doctests: they fail when the code stops doing what they show."""
    import doctest
    import re

    blocks = re.findall(r"```python\n(>>> .*?)```", README, re.S)
    assert blocks, "the README has no >>> example any more"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for number, block in enumerate(blocks):
        runner.run(doctest.DocTestParser().get_doctest(block, {}, f"README example {number}", "README.md", 0))
    assert runner.failures == 0
