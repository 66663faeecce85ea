"""What a search measures in each run: its objective and its constraints, per replication.

A metric is a store's over the run as ``Results.summary(by="replication")`` gives it (totals
for counts and money, weighted means for waits and shares), or without a store the sum over
all stores (totals only). A constraint bounds a metric's mean over a candidate's
replications: ``{"mean_wait_min": ("<=", 10.0)}``; a candidate that breaks one is infeasible
and cannot be selected. Everything is checked before any run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from journeysim import results
from journeysim.results import Results
from journeysim.scenario import Scenario

__all__ = ["Constraints", "metric_values", "objective_measure", "present_values"]

_OPERATORS = ("<=", ">=")


def objective_measure(
    scenario: Scenario,
    objective: str | Callable[[Results], Any],
    store: str | None,
    discount_rate: float | None = None,
) -> Callable[[Results], np.ndarray]:
    """Results -> the objective per replication: a metric's, or a callable's values.

    With ``discount_rate`` (per year) a total is its present value at the simulation's start:
    each period's value times ``(1 + rate) ** -t``, ``t`` the period's midpoint in years.
    """
    _check_store(scenario, store)
    if discount_rate is not None:
        if callable(objective):
            raise ValueError("discount_rate: a callable objective discounts for itself")
        if objective in results.METRICS and objective not in results.SUMMED:
            raise ValueError(f"discount_rate: {objective!r} is not a total over the run")
        if isinstance(discount_rate, bool) or not isinstance(discount_rate, (int, float)) \
                or not 0.0 <= discount_rate < 10.0:
            raise ValueError(f"discount_rate: a rate per year in [0, 10) (got {discount_rate!r})")
    if callable(objective):
        return lambda res: _one_per_replication(objective(res), res.replications)
    _check_metric("objective", objective, store)
    if discount_rate is not None:
        return lambda res: present_values(res, objective, store, float(discount_rate))
    return lambda res: metric_values(res, objective, store)


def metric_values(res: Results, metric: str, store: str | None) -> np.ndarray:
    """``metric`` per replication: ``store``'s, or the sum over stores."""
    per = res.summary(by="replication")
    table = per.pivot(index="replication", columns="store", values=metric)
    column = table[store] if store is not None else table.sum(axis=1)
    return column.to_numpy(dtype=float)


def present_values(res: Results, metric: str, store: str | None, rate: float) -> np.ndarray:
    """A total ``metric`` per replication, each period's discounted to the run's start."""
    periods = res.tables["periods"]
    years = (np.asarray(periods["start_day"]) + np.asarray(periods["end_day"])) / 2 / 365.0
    factor = dict(zip(np.asarray(periods["period"]).tolist(), (1.0 + rate) ** -years))
    frame = res.periods if store is None else res.periods[res.periods["store"] == store]
    value = frame[metric].to_numpy(dtype=float) * frame["period"].map(factor).to_numpy()
    sums = pd.Series(value).groupby(frame["replication"].to_numpy()).sum()
    return sums.reindex(range(res.replications), fill_value=0.0).to_numpy(dtype=float)


class Constraints:
    """Bounds on metrics' means over a candidate's replications (feasibility)."""

    def __init__(self, scenario: Scenario, constraints: Mapping[str, Any] | None,
                 store: str | None) -> None:
        _check_store(scenario, store)
        self.store = store
        self.bounds: list[tuple[str, str, float]] = []
        for metric, spec in (constraints or {}).items():
            _check_metric(f"constraints.{metric}", metric, store)
            try:
                operator, bound = spec
                bound = float(bound)
            except (TypeError, ValueError):
                operator, bound = None, None
            if operator not in _OPERATORS or bound is None or not np.isfinite(bound):
                raise ValueError(
                    f"constraints.{metric}: (\"<=\" or \">=\", a number) (got {spec!r})"
                )
            self.bounds.append((metric, operator, bound))

    def values(self, res: Results) -> np.ndarray:
        """One row per constraint, one column per replication."""
        rows = [metric_values(res, metric, self.store) for metric, _, _ in self.bounds]
        return np.array(rows).reshape(len(self.bounds), res.replications)

    def met(self, values: np.ndarray) -> bool:
        """Whether the means of ``values`` (as :meth:`values` gives them) keep every bound."""
        for (_, operator, bound), row in zip(self.bounds, values):
            mean = float(np.nanmean(row)) if np.isfinite(row).any() else np.nan
            if not (mean <= bound if operator == "<=" else mean >= bound):
                return False
        return True


def _check_store(scenario: Scenario, store: str | None) -> None:
    stores = list(scenario.to_dict().get("stores", {}))
    if store is not None and store not in stores:
        raise ValueError(f"store: no {store!r} in the scenario (known: {', '.join(stores)})")


def _check_metric(field: str, metric: Any, store: str | None) -> None:
    if not isinstance(metric, str) or metric not in results.METRICS:
        raise ValueError(
            f"{field}: unknown metric {metric!r} (known: {', '.join(results.METRICS)})"
        )
    if store is None and metric not in results.SUMMED:
        raise ValueError(
            f"{field}: {metric!r} is not a total, so it has no sum over stores; give a "
            f"store, or one of: {', '.join(results.SUMMED)}"
        )


def _one_per_replication(values: Any, replications: int) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    if values.shape != (replications,):
        raise ValueError(
            f"objective: a callable must return one value per replication, shape "
            f"({replications},) (got {values.shape})"
        )
    return values
