"""Checks on arguments where they come in: the Python API's and the command line's.

The API's checks raise ValueError naming the argument and its value; the command line's are
argparse types, which raise ``argparse.ArgumentTypeError`` so that argparse prints usage.
"""

from __future__ import annotations

import argparse
import operator
from typing import Any

__all__ = [
    "BadInput",
    "integer",
    "non_negative",
    "positive",
    "positive_number",
    "shard",
    "shard_text",
]


class BadInput(Exception):
    """Command-line input the user must fix: a missing file, a malformed argument (exit 2)."""


# -- the Python API ---------------------------------------------------------------------


def integer(name: str, value: Any, low: int, high: int | None = None) -> int:
    """``value`` as an int in [low, high], or ValueError naming the argument."""
    try:
        if isinstance(value, bool):
            raise TypeError
        number = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be an integer (got {value!r})") from None
    if number < low or (high is not None and number > high):
        bound = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"{name} must be {bound} (got {number})")
    return number


def shard(value: Any) -> tuple[int, int]:
    """A sweep's ``shard=(index, count)``, checked: 0 <= index < count."""
    try:
        index, count = value
    except (TypeError, ValueError):
        raise ValueError(f"shard must be (index, count) (got {value!r})") from None
    count = integer("shard count", count, 1)
    index = integer("shard index", index, 0, count - 1)
    return index, count


# -- the command line -------------------------------------------------------------------


def shard_text(text: str) -> tuple[int, int]:
    """``--shard I/N`` as (I, N), with 0 <= I < N."""
    index, slash, count = text.partition("/")
    try:
        value = int(index), int(count)
    except ValueError:
        value = (-1, 0)
    if not slash or value[1] < 1 or not 0 <= value[0] < value[1]:
        raise argparse.ArgumentTypeError(f"expected I/N with 0 <= I < N (got {text!r})")
    return value


def non_negative(text: str) -> int:
    """An integer >= 0 given on the command line."""
    return _integer_at_least(text, 0)


def positive(text: str) -> int:
    """An integer >= 1 given on the command line."""
    return _integer_at_least(text, 1)


def positive_number(text: str) -> float:
    """A finite number > 0 given on the command line."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0 (got {text})")
    return value


def _integer_at_least(text: str, low: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"must be >= {low} (got {value})")
    return value
