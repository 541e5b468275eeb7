"""The README's Python examples run, as doctests: what it shows a user is what the package does."""

from __future__ import annotations

import doctest

from helpers import ROOT


def test_the_readme_examples_run():
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert tried >= 5 and failures == 0
