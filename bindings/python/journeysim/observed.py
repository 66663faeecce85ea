"""A business's own history, as :func:`~journeysim.calibrate` compares runs with it.

Observed data are tidy: one row per (``period``, ``store``), ``period`` the date a period
starts (as ``Results.periods``' ``date`` column has it), then any of the store-period metrics
(``results.METRICS``: revenue, purchases, share, visits, ...) and optionally a ``weight``
(how much the row counts in the loss; 1 when absent). An empty cell is a metric not observed
in that period. Everything is checked against the scenario and its calendar before any
calibration run, and what does not match is a ConfigError naming it.

A transaction export (``customer``, ``store``, ``date``, ``amount``: ``transaction_export.py``)
is observed data too, compared through repeat-purchase summaries per store
(``repeat_purchases.py``); a table with a ``customer`` column is read as one. ``observed``
may be one table, a list of them, or a dict of them by name (the name shows in errors).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim import results
from journeysim.errors import ConfigError
from journeysim.repeat_purchases import repeat_purchase_summaries
from journeysim.scenario import Scenario
from journeysim.transaction_export import read_export

__all__ = ["Observations", "read_observations", "read_observed", "scenario_calendar",
           "scenario_periods"]


@dataclass(frozen=True)
class Observations:
    """Everything observed, as cells: ``date``, ``store``, ``metric``, ``value``, ``weight``.

    ``window``: the days ``(start, end)`` over which a transaction export's repeat-purchase
    summaries were taken (the simulation's are taken over the same), None without an
    export; ``window_date``: the start of its first period, the date of those cells.
    """

    cells: pd.DataFrame
    window: tuple[float, float] | None = None
    window_date: pd.Timestamp | None = None


def read_observations(observed: Any, scenario: Scenario) -> Observations:
    """``observed`` (a table, a list of tables or a dict of them, each a DataFrame or the path
    of a CSV or Parquet file) checked against ``scenario`` and read into cells."""
    calendar = scenario_calendar(scenario)
    if isinstance(observed, Mapping):
        sources = [(f"observed.{name}", source) for name, source in observed.items()]
    elif isinstance(observed, (list, tuple)):
        sources = [(f"observed[{i}]", source) for i, source in enumerate(observed)]
    else:
        sources = [("observed", observed)]
    if not sources:
        raise ValueError("observed: give at least one table (got an empty collection)")
    parts, window, window_date = [], None, None
    for where, source in sources:
        frame = _table(source, where)
        if "customer" not in frame.columns:
            parts.append(read_observed(frame, scenario, calendar["date"], where))
            continue
        if window is not None:
            raise ConfigError([(where, "a second transaction export; give one (concatenate "
                                       "them)")])
        store_issues = _unknown_stores(frame, scenario, where) if "store" in frame else []
        export = read_export(frame, calendar, where, store_issues)
        window, window_date = export.window, export.first_period
        summaries = repeat_purchase_summaries(export.transactions, *window)
        parts.append(summaries.drop(columns="replication").assign(
            date=export.first_period, weight=1.0)[["date", "store", "metric", "value",
                                                  "weight"]])
    cells = pd.concat(parts, ignore_index=True)
    twice = cells.duplicated(["date", "store", "metric"])
    if twice.any():
        row = cells[twice].iloc[0]
        raise ConfigError([("observed", f"store {row['store']!r}'s {row['metric']} for period "
                                        f"{row['date']:%Y-%m-%d} is observed twice")])
    return Observations(cells, window, window_date)

_KEYS = ("period", "store")


def read_observed(
    observed: pd.DataFrame | str | os.PathLike[str], scenario: Scenario, periods: pd.Series,
    where: str = "observed",
) -> pd.DataFrame:
    """A table of store-period metrics in long form: ``date``, ``store``, ``metric``,
    ``value``, ``weight``.

    ``periods`` are the start dates of the scenario's periods (:func:`scenario_periods`);
    ``where`` names the table in errors.
    """
    frame = _table(observed, where)
    issues: list[tuple[str, str]] = []
    missing = [key for key in _KEYS if key not in frame.columns]
    if missing:
        raise ConfigError([(where, f"no {name!r} column (columns: {_names(frame.columns)})")
                           for name in missing])
    metrics = [c for c in frame.columns if c not in (*_KEYS, "weight")]
    known = results.METRICS
    issues += [(where, f"metric {m!r} is not a store-period metric (metrics: "
                       f"{_names(known)})") for m in metrics if m not in known]
    if not metrics:
        issues.append((where, f"no metric column (metrics: {_names(known)})"))
    issues += _unknown_stores(frame, scenario, where)
    dates = pd.to_datetime(frame["period"], errors="coerce")
    if dates.isna().any():
        bad = frame["period"][dates.isna()].iloc[0]
        issues.append((where, f"period {bad!r} is not a date"))
    run_dates = pd.DatetimeIndex(periods)
    span = f"{run_dates[0]:%Y-%m-%d} to {run_dates[-1]:%Y-%m-%d}" if len(run_dates) else "none"
    strange = [d for d in pd.DatetimeIndex(dates.dropna().unique()) if d not in run_dates]
    if strange:
        more = f" (and {len(strange) - 1} more)" if len(strange) > 1 else ""
        issues.append((where, f"period {strange[0]:%Y-%m-%d}{more} is not the start of a "
                              f"period of the run ({len(run_dates)} periods: {span})"))
    weight = frame["weight"] if "weight" in frame.columns else pd.Series(1.0, index=frame.index)
    weight = pd.to_numeric(weight, errors="coerce")
    if not (np.isfinite(weight) & (weight >= 0)).all():
        issues.append((f"{where}.weight", "weights must be finite and >= 0"))
    if issues:
        raise ConfigError(issues)
    frame = frame.assign(date=dates, store=frame["store"].astype(str), weight=weight)
    repeated = frame.duplicated(["date", "store"])
    if repeated.any():
        row = frame[repeated].iloc[0]
        raise ConfigError([(where, f"store {row['store']!r} has more than one row for "
                                   f"period {row['date']:%Y-%m-%d}")])
    long = frame.melt(id_vars=["date", "store", "weight"], value_vars=metrics,
                      var_name="metric", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    long = long.dropna(subset=["value"]).reset_index(drop=True)
    if long.empty:
        raise ConfigError([(where, "no observed values (every metric cell is empty)")])
    return long[["date", "store", "metric", "value", "weight"]]


def scenario_periods(scenario: Scenario) -> pd.Series:
    """The start date of each of the scenario's periods."""
    return scenario_calendar(scenario)["date"]


def scenario_calendar(scenario: Scenario) -> pd.DataFrame:
    """The scenario's periods: ``date`` (the start, a Timestamp), ``start_day``, ``end_day``.

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
    return pd.DataFrame({
        "date": pd.to_datetime(pd.Series(table["date"], dtype=str), format="%Y-%m-%d"),
        "start_day": np.asarray(table["start_day"], np.float64),
        "end_day": np.asarray(table["end_day"], np.float64),
    })


def _table(observed: Any, where: str) -> pd.DataFrame:
    if isinstance(observed, pd.DataFrame):
        return observed.copy()
    if isinstance(observed, (str, os.PathLike)):
        path = Path(observed)
        if not path.is_file():
            raise ValueError(f"{where}: no file {str(path)!r}")
        if path.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(path)
        return pd.read_csv(path)
    raise ValueError(f"{where}: a DataFrame or the path of a CSV or Parquet file, or a list or "
                     f"dict of them (got {observed!r})")


def _unknown_stores(frame: pd.DataFrame, scenario: Scenario, where: str
                    ) -> list[tuple[str, str]]:
    stores = list(scenario.to_dict().get("stores", {}))
    return [(where, f"store {s!r} is not in the scenario (stores: {_names(stores)})")
            for s in pd.unique(frame["store"].astype(str)) if s not in stores]


def _names(values: Any) -> str:
    return ", ".join(str(v) for v in values)
