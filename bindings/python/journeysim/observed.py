"""A business's own history, as :func:`~journeysim.calibrate` compares runs with it.

Observed data are tidy: one row per (``period``, ``store``), ``period`` the date a period
starts (as ``Results.periods``' ``date`` column has it), then any of the store-period metrics
(``results.METRICS``: revenue, purchases, share, visits, ...) and optionally a ``weight``
(how much the row counts in the loss; 1 when absent). An empty cell is a metric not observed
in that period. Everything is checked against the scenario and its calendar before any
calibration run, and what does not match is a ConfigError naming it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim import results
from journeysim.errors import ConfigError
from journeysim.scenario import Scenario

__all__ = ["read_observed", "scenario_periods"]

_KEYS = ("period", "store")


def read_observed(
    observed: pd.DataFrame | str | os.PathLike[str], scenario: Scenario, periods: pd.Series
) -> pd.DataFrame:
    """``observed`` in long form: ``date``, ``store``, ``metric``, ``value``, ``weight``.

    ``periods`` are the start dates of the scenario's periods (:func:`scenario_periods`).
    """
    frame = _table(observed)
    issues: list[tuple[str, str]] = []
    missing = [key for key in _KEYS if key not in frame.columns]
    if missing:
        raise ConfigError([("observed", f"no {name!r} column (columns: {_names(frame.columns)})")
                           for name in missing])
    metrics = [c for c in frame.columns if c not in (*_KEYS, "weight")]
    known = results.METRICS
    issues += [("observed", f"metric {m!r} is not a store-period metric (metrics: "
                            f"{_names(known)})") for m in metrics if m not in known]
    if not metrics:
        issues.append(("observed", f"no metric column (metrics: {_names(known)})"))
    stores = list(scenario.to_dict().get("stores", {}))
    issues += [("observed", f"store {s!r} is not in the scenario (stores: {_names(stores)})")
               for s in pd.unique(frame["store"].astype(str)) if s not in stores]
    dates = pd.to_datetime(frame["period"], errors="coerce")
    if dates.isna().any():
        bad = frame["period"][dates.isna()].iloc[0]
        issues.append(("observed", f"period {bad!r} is not a date"))
    run_dates = pd.DatetimeIndex(periods)
    span = f"{run_dates[0]:%Y-%m-%d} to {run_dates[-1]:%Y-%m-%d}" if len(run_dates) else "none"
    strange = [d for d in pd.DatetimeIndex(dates.dropna().unique()) if d not in run_dates]
    if strange:
        more = f" (and {len(strange) - 1} more)" if len(strange) > 1 else ""
        issues.append(("observed", f"period {strange[0]:%Y-%m-%d}{more} is not the start of a "
                                   f"period of the run ({len(run_dates)} periods: {span})"))
    weight = frame["weight"] if "weight" in frame.columns else pd.Series(1.0, index=frame.index)
    weight = pd.to_numeric(weight, errors="coerce")
    if not (np.isfinite(weight) & (weight >= 0)).all():
        issues.append(("observed.weight", "weights must be finite and >= 0"))
    if issues:
        raise ConfigError(issues)
    frame = frame.assign(date=dates, store=frame["store"].astype(str), weight=weight)
    repeated = frame.duplicated(["date", "store"])
    if repeated.any():
        row = frame[repeated].iloc[0]
        raise ConfigError([("observed", f"store {row['store']!r} has more than one row for "
                                        f"period {row['date']:%Y-%m-%d}")])
    long = frame.melt(id_vars=["date", "store", "weight"], value_vars=metrics,
                      var_name="metric", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    long = long.dropna(subset=["value"]).reset_index(drop=True)
    if long.empty:
        raise ConfigError([("observed", "no observed values (every metric cell is empty)")])
    return long[["date", "store", "metric", "value", "weight"]]


def scenario_periods(scenario: Scenario) -> pd.Series:
    """The start date of each of the scenario's periods.

    The calendar (warm-up, period length, calendar boundaries) is the engine's, so it is read
    from a run of one household, which takes milliseconds; a scenario that cannot shrink so
    (e.g. a fixed social network) is run as it is, once.
    """
    from journeysim.runner import run

    try:
        probe = scenario.with_overrides({"households.count": 1})
    except ConfigError:
        probe = scenario
    table = run(probe, seed=0, replications=1, threads=1).tables["periods"]
    return pd.to_datetime(pd.Series(table["date"], dtype=str), format="%Y-%m-%d")


def _table(observed: Any) -> pd.DataFrame:
    if isinstance(observed, pd.DataFrame):
        return observed.copy()
    if isinstance(observed, (str, os.PathLike)):
        path = Path(observed)
        if not path.is_file():
            raise ValueError(f"observed: no file {str(path)!r}")
        if path.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(path)
        return pd.read_csv(path)
    raise ValueError(f"observed: a DataFrame or the path of a CSV file (got {observed!r})")


def _names(values: Any) -> str:
    return ", ".join(str(v) for v in values)
