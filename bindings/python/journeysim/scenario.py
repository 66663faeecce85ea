"""Scenarios: what to simulate, as nested TOML tables.

A :class:`Scenario` holds the scenario as a plain nested dict, exactly as its TOML file
reads. The engine's validator is the single source of truth for what is valid: every
constructor here hands the scenario to it and raises :class:`~journeysim.ConfigError`
listing all problems at once, so bad input fails before any work is done. The fields are
documented in ``docs/scenario.md``.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from journeysim import _engine
from journeysim.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["Scenario", "parse_toml"]

_TOML_SCALARS = (str, bool, int, float, dt.date, dt.time)

# A missing table whose name is this close to an existing one is taken for a typo.
_TYPO_CUTOFF = 0.8


def _resolve_edge_list(data: dict[str, Any], directory: Path) -> None:
    """Make ``social.edges`` absolute, read relative to the scenario file's directory, so the
    scenario means the same file wherever it is run from (a sweep's worker, say)."""
    social = data.get("social")
    edges = social.get("edges") if isinstance(social, dict) else None
    if isinstance(edges, str) and edges and not Path(edges).is_absolute():
        social["edges"] = str(directory.absolute() / edges)


class Scenario:
    """A validated scenario.

    Build one with :meth:`from_file`, :meth:`from_dict` or :meth:`from_toml`; derive
    variants with :meth:`with_overrides`. A scenario is never changed in place.

    Example::

        sc = Scenario.from_file("scenarios/hopewell.toml")
        cheaper = sc.with_overrides({"stores.jacksons.price_index": 0.9})
    """

    def __init__(self, data: Mapping[str, Any], name: str = "scenario") -> None:
        """Wrap ``data`` *without* validating it; prefer the ``from_*`` constructors."""
        self._data: dict[str, Any] = _plain(data, "")
        self._name = str(name)

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Scenario:
        """Read and validate a TOML scenario file; its name is the file's stem.

        Raises FileNotFoundError when the file does not exist, and ConfigError when it is
        not valid TOML (the issue names the file, line and column) or not a valid scenario.
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FileNotFoundError(2, "scenario file not found", str(path)) from None
        data = parse_toml(text, str(path))
        _resolve_edge_list(data, path.parent)
        return cls.from_dict(data, name=path.stem)

    @classmethod
    def from_toml(cls, text: str, name: str = "scenario", *, source: str = "<toml>") -> Scenario:
        """Parse and validate a scenario given as TOML text.

        ``source`` names the text in a syntax error's issue (a file name, say).
        """
        return cls.from_dict(parse_toml(text, source), name=name)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], name: str = "scenario") -> Scenario:
        """Validate a scenario given as nested dicts (TOML tables); the dict is copied."""
        scenario = cls(data, name=name)
        scenario.validate()
        return scenario

    # -- views --------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """A short name: the file's stem, or ``"scenario"``; used for output file names."""
        return self._name

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the scenario's tables; changing it does not change the scenario."""
        return copy.deepcopy(self._data)

    def to_toml(self) -> str:
        """The scenario as TOML text (dates stay TOML dates)."""
        return tomli_w.dumps(self._data)

    def validate(self) -> None:
        """Ask the engine's validator; raise ConfigError listing every problem found."""
        issues = _engine.check_scenario(self.to_toml())
        if issues:
            raise ConfigError(issues)

    # -- variants -----------------------------------------------------------------------

    def with_overrides(self, overrides: Mapping[str, Any]) -> Scenario:
        """A validated copy with values set at dotted paths.

        ``{"stores.jacksons.price_index": 0.9, "households.count": 500}`` sets two
        values; a value may be a whole table. Missing tables along a path are created
        (``stores.macys.card.discount`` creates ``card``), unless the missing name is
        close to an existing one (``stores.macy.price_index`` when ``stores.macys``
        exists): that, or a path through a value, raises ConfigError naming the path and
        the keys that do exist. New keys are checked by the validator like any other.
        The scenario itself is unchanged.
        """
        data = self.to_dict()
        issues: list[tuple[str, str]] = []
        for path, value in overrides.items():
            problem = _set_path(data, str(path), value)
            if problem is not None:
                issues.append((str(path), problem))
        if issues:
            raise ConfigError(issues)
        return Scenario.from_dict(data, name=self._name)

    # -- dunder -------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self._name == other._name and self._data == other._data

    __hash__ = None  # type: ignore[assignment]  # mutable contents

    def __repr__(self) -> str:
        tables = ", ".join(
            f"{key}({len(value)})" if key in ("towns", "malls", "stores") else key
            for key, value in self._data.items()
            if isinstance(value, dict)
        )
        return f"<Scenario {self._name!r}: {tables}>"


def parse_toml(text: str, source: str = "<toml>") -> dict[str, Any]:
    """Parse TOML text; a syntax error raises ConfigError naming ``source``, line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([(source, f"invalid TOML: {error}")]) from None


def _set_path(data: dict[str, Any], path: str, value: Any) -> str | None:
    """Set ``value`` at dotted ``path`` in ``data``; return a problem message or None."""
    parts = path.split(".")
    if not all(parts):
        return "not a dotted path of keys (a key is empty)"
    table = data
    for depth, key in enumerate(parts[:-1]):
        here = ".".join(parts[:depth]) or "the scenario"
        if key not in table:
            typo = difflib.get_close_matches(key, list(table), n=1, cutoff=_TYPO_CUTOFF)
            if typo:
                return f"no table '{key}' in {here}; did you mean '{typo[0]}'? ({_keys(table)})"
            table[key] = {}
        elif not isinstance(table[key], dict):
            return f"'{'.'.join(parts[: depth + 1])}' is a value, not a table ({_keys(table)})"
        table = table[key]
    table[parts[-1]] = _plain(value, path)
    return None


def _keys(table: Mapping[str, Any]) -> str:
    return f"{len(table)} keys: {', '.join(table)}" if table else "it is empty"


def _plain(value: Any, path: str) -> Any:
    """A deep copy of ``value`` made of TOML types only.

    Numpy scalars become Python scalars and tuples become lists, so that values from sweeps
    and arrays can be used directly. Anything that TOML cannot hold raises ConfigError.
    """
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ConfigError([(path or "<scenario>", f"key {key!r} is not a string")])
            out[key] = _plain(item, f"{path}.{key}" if path else key)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if hasattr(value, "dtype") and hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()  # a numpy scalar
    if isinstance(value, _TOML_SCALARS):
        return value
    raise ConfigError(
        [(path or "<scenario>", f"{type(value).__name__} value {value!r} cannot be a TOML value")]
    )
