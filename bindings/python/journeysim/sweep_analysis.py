"""Analysing a sweep: its runs as one frame, as an xarray Dataset, and per-point summaries.

Reads the directory a sweep wrote (``sweep_directory.py``, ``docs/sweeps.md``): only runs
the manifests say are done. Running a sweep is ``sweep.py``; sensitivity indices from a
``sobol:N`` or ``morris:N`` design are ``sensitivity.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim import results
from journeysim.sweep_directory import Manifest, read_definition

__all__ = ["load_sweep", "replication_values", "summary", "sweep_dataset", "sweep_definition"]


def load_sweep(directory: str | os.PathLike[str]) -> pd.DataFrame:
    """The periods of every finished run of the sweep in ``directory``, as one tidy frame.

    One row per (point, replication, period, store): ``point``, one column per parameter
    path (named by the path), ``seed`` (the point's root seed), then the columns of
    :attr:`Results.periods`. Points not done (failed, pending, not yet run) are absent.
    """
    from journeysim.hdf5 import load_results

    directory = Path(directory)
    definition = read_definition(directory)
    status = Manifest.statuses(directory)
    frames = []
    for entry in definition["points"]:
        p = entry["point"]
        file = directory / entry["file"]
        if status.get(p) != "done" or not file.exists():
            continue
        periods = load_results(file).periods
        head = {"point": p, **entry["params"], "seed": np.uint64(entry["seed"])}
        for offset, (column, value) in enumerate(head.items()):
            periods.insert(offset, column, value)
        frames.append(periods)
    if not frames:
        raise ValueError(f"{directory}: no finished runs in this sweep yet")
    frame = pd.concat(frames, ignore_index=True)
    # Where it came from, so that sweep_dataset and sensitivity can find the design. (Only
    # the path: pandas copies attrs into every derived frame.)
    frame.attrs["sweep_directory"] = str(directory.resolve())
    return frame


def sweep_dataset(sweep: pd.DataFrame | str | os.PathLike[str]) -> Any:
    """The sweep as an ``xarray.Dataset``: one variable per metric.

    ``sweep`` is a sweep directory or the frame :func:`load_sweep` gave. Dimensions: for a
    ``grid`` design one per parameter (named by its path, its values as coordinates: the
    full factorial, NaN where a run is missing), for sampled designs ``point`` with each
    parameter as a coordinate along it; then ``replication``, ``period`` and ``store``.
    Coordinates also hold each point's ``seed`` and each period's ``date``.
    """
    try:
        import xarray as xr  # noqa: F401 - pandas' to_xarray needs it
    except ImportError:
        raise ImportError("sweep_dataset needs xarray: pip install xarray") from None
    frame = sweep if isinstance(sweep, pd.DataFrame) else load_sweep(sweep)
    definition = sweep_definition(frame)
    params = list(definition["space"])
    metrics = [c for c in frame.columns if c not in (
        "point", *params, "seed", "replication", "period", "date", "store")]
    table = frame.assign(store=frame["store"].astype(str))
    dataset = table.set_index(["point", "replication", "period", "store"])[metrics].to_xarray()
    points = table.drop_duplicates("point").set_index("point")
    dataset = dataset.assign_coords(
        {path: ("point", points.loc[dataset["point"].to_numpy(), path].to_numpy())
         for path in [*params, "seed"]}
    )
    dates = table.drop_duplicates("period").set_index("period")["date"]
    dataset = dataset.assign_coords(date=("period", dates.loc[dataset["period"].to_numpy()]))
    dataset.attrs.update(design=definition["design"], replications=definition["replications"],
                         scenario=definition["scenario_name"])
    if definition["design"] == "grid":
        dataset = dataset.set_index(point=params).unstack("point")
    return dataset


def sweep_definition(frame: pd.DataFrame) -> dict[str, Any]:
    """The ``sweep.json`` of the sweep a :func:`load_sweep` frame came from."""
    directory = frame.attrs.get("sweep_directory")
    if directory is None:
        raise ValueError(
            "this frame does not say which sweep it holds (its attrs lost 'sweep_directory'); "
            "pass the sweep directory, or the frame load_sweep gave"
        )
    return read_definition(Path(directory))


def replication_values(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    """``metric`` reduced to one number per (point, replication, store), as in a summary.

    The reduction is :meth:`Results.summary`'s: totals over the run for counts and money
    (the metrics ``results.SUMMED`` names), the share weighted by each period's purchases
    (in the store's market), the mean wait weighted by visits, the p95 wait and the time
    averages (queue length, utilisation) averaged over periods (with visits), and
    the last period's value for the other metrics (states such as active customers and
    trust). Done here for every (point, replication) at once, one grouping per metric (a
    per-replication loop costs tens of ms a replication); a test checks it against
    :meth:`Results.summary` for every metric. Columns: ``point``, ``replication``,
    ``store``, ``value``.
    """
    if metric not in frame.columns:
        raise ValueError(f"no metric {metric!r} in the sweep's columns")
    run = ["point", "replication"]
    by_store = [*run, "store"]
    if metric in results.SUMMED:
        value = frame.groupby(by_store, observed=True)[metric].sum()
    elif metric in ("share", "mean_wait_min"):
        market = ["market"] if "market" in frame.columns else []  # a share is of its market
        weight = (
            frame.groupby([*run, "period", *market], observed=True)["purchases"].transform("sum")
            if metric == "share" else frame["visits"]
        )
        parts = frame[by_store].assign(
            num=frame[metric].where(weight > 0, 0.0).fillna(0.0) * weight, den=weight
        )
        sums = parts.groupby(by_store, observed=True)[["num", "den"]].sum()
        value = sums["num"] / sums["den"].where(sums["den"] > 0)
    elif metric in ("queue_length", "utilisation"):  # time averages: mean over periods
        value = frame.groupby(by_store, observed=True)[metric].mean()
    elif metric == "p95_wait_min":
        index = frame.groupby(by_store, observed=True).size().index
        with_visits = frame[frame["visits"] > 0]
        value = with_visits.groupby(by_store, observed=True)[metric].mean().reindex(index)
    elif metric in results.METRICS:  # the rest are states: active customers, card holders, trust
        last = frame["period"] == frame.groupby(run)["period"].transform("max")
        value = frame[last].groupby(by_store, observed=True)[metric].first()
    else:
        raise ValueError(
            f"{metric!r} has no per-run reduction; use one of {', '.join(results.METRICS)}"
        )
    return value.rename("value").reset_index()


def summary(frame: pd.DataFrame, metric: str, confidence: float = 0.95) -> pd.DataFrame:
    """Per point and store: ``metric``'s mean over replications with a t confidence interval.

    Each replication is first reduced to one number per store the way
    :meth:`Results.summary` does (totals over the run, weighted means, end values); the
    interval is ``mean ± t(1 - (1 - confidence)/2, n - 1) · sd / sqrt(n)``, NaN for n = 1.
    Columns: ``point``, the parameters, ``store``, ``mean``, ``ci_low``, ``ci_high``,
    ``sd``, ``n``.
    """
    from scipy import stats

    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1) (got {confidence})")
    params = list(frame.columns[1 : frame.columns.get_loc("seed")])
    values = replication_values(frame, metric)
    grouped = values.groupby(["point", "store"], sort=True, observed=True)["value"]
    table = grouped.agg(mean="mean", sd="std", n="count").reset_index()
    t = stats.t.ppf(0.5 + confidence / 2, np.maximum(table["n"] - 1, 1))
    half = np.where(table["n"] > 1, t * table["sd"] / np.sqrt(table["n"]), np.nan)
    table["ci_low"] = table["mean"] - half
    table["ci_high"] = table["mean"] + half
    points = frame.drop_duplicates("point").set_index("point")[params]
    table = table.join(points, on="point")
    table = table[["point", *params, "store", "mean", "ci_low", "ci_high", "sd", "n"]]
    table.attrs.update(metric=metric, confidence=confidence)
    return table
