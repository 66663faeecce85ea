"""Decisions to optimise: what a policy may choose, by scenario path (``docs/optimisation.md``).

- ``["refer", "none"]``: categorical, one of the listed values;
- ``(1, 8)``, ints: integer, every whole number from lo to hi (staff stays whole);
- ``(0.8, 1.2)``, floats: continuous, any value in the range.

Every value (for ranges, both ends) is applied to the scenario and validated when parsed, so
an unknown path or a value out of the field's range is a ConfigError before anything runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from journeysim.errors import ConfigError
from journeysim.scenario import Scenario

__all__ = ["Decision", "parse_decisions"]


@dataclass(frozen=True)
class Decision:
    """One decision: its scenario path, kind and the values it may take."""

    path: str
    kind: str  # "categorical", "integer" or "continuous"
    values: tuple[Any, ...]  # the choices, or (lo, hi)

    def choices(self) -> list[Any]:
        """Every value of a discrete decision."""
        if self.kind == "integer":
            return list(range(self.values[0], self.values[1] + 1))
        if self.kind == "categorical":
            return list(self.values)
        raise ValueError(f"{self.path}: a continuous decision has no list of choices")

    def suggest(self, trial: Any) -> Any:
        """This decision's value in an Optuna trial."""
        if self.kind == "integer":
            return trial.suggest_int(self.path, *self.values)
        if self.kind == "continuous":
            return trial.suggest_float(self.path, *self.values)
        return trial.suggest_categorical(self.path, list(self.values))


def parse_decisions(scenario: Scenario, decisions: Mapping[str, Any]) -> list[Decision]:
    """``decisions`` as Decisions, each value checked against the scenario."""
    if not isinstance(decisions, Mapping) or not decisions:
        raise ValueError(f"decisions: a mapping of path -> values, not empty (got {decisions!r})")
    parsed = [_decision(path, spec) for path, spec in decisions.items()]
    issues = [issue for decision in parsed for value in decision.values
              for issue in _problems(scenario, decision.path, value)]
    if issues:
        raise ConfigError(issues)
    return parsed


def _problems(scenario: Scenario, path: str, value: Any) -> list[tuple[str, str]]:
    """What is wrong with the scenario when ``path`` takes ``value`` (a range: each end)."""
    try:
        scenario.with_overrides({path: value})
    except ConfigError as error:
        return [(where, f"{message} (decision value {value!r})") for where, message in error.issues]
    return []


def _decision(path: str, spec: Any) -> Decision:
    if isinstance(spec, list):
        if not spec:
            raise ValueError(f"decisions.{path}: no values to choose from (got [])")
        return Decision(path, "categorical", tuple(spec))
    if isinstance(spec, tuple) and len(spec) == 2:
        lo, hi = spec
        if all(isinstance(v, int) and not isinstance(v, bool) for v in spec):
            kind = "integer"
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec):
            kind, lo, hi = "continuous", float(lo), float(hi)
        else:
            raise ValueError(f"decisions.{path}: a range is two numbers (got {spec!r})")
        if not lo <= hi:
            raise ValueError(f"decisions.{path}: the range needs lo <= hi (got {spec!r})")
        return Decision(path, kind, (lo, hi))
    raise ValueError(
        f"decisions.{path}: a list of values or an (lo, hi) range (got {spec!r})"
    )
