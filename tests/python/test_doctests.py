"""The examples in the package's docstrings run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import journeysim

MODULES = sorted(
    info.name
    for info in pkgutil.iter_modules(journeysim.__path__, "journeysim.")
    if info.name not in ("journeysim.__main__", "journeysim._core")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
