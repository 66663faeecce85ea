"""Plots of results (matplotlib, imported on first use).

:func:`shares` draws each store's share of purchases over time, :func:`metric` any other
per-store metric, :func:`mark_events` the scenario's dated events on a time axis, and
:func:`story` all of it on one figure; :func:`save_overview` writes a PNG with shares,
active customers and mean waits. With several replications the line is the mean over
replications and the band spans their minimum to maximum.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    from journeysim.results import Results

__all__ = ["mark_events", "metric", "save_overview", "shares", "story"]


def shares(results: Results, ax: Axes | None = None) -> Axes:
    """Plot each store's share of purchases per period; returns the Axes.

    Periods when a store is closed are left blank. With more than one replication the
    line is the mean and the shaded band the min–max range over replications.
    """
    if ax is None:
        ax = _pyplot().subplots(figsize=(9, 4.5), layout="constrained")[1]
    _draw(ax, results, "share", "share of purchases")
    ax.legend(loc="upper left", fontsize="small", ncols=2, frameon=False)
    ax.set_ylim(0.0, 1.0)
    ax.yaxis.set_major_formatter(_percent())
    return ax


def metric(results: Results, name: str, ax: Axes | None = None, label: str | None = None) -> Axes:
    """Plot one per-store metric (a column of ``results.periods``) over time; returns the Axes."""
    if name not in results.periods.columns:
        known = ", ".join(c for c in results.periods.columns if c not in ("replication", "period", "date", "store"))
        raise ValueError(f"no metric {name!r} in these results (known: {known})")
    if ax is None:
        ax = _pyplot().subplots(figsize=(9, 4.5), layout="constrained")[1]
    _draw(ax, results, name, label or name.replace("_", " "))
    return ax


def mark_events(ax: Axes, results: Results, labels: bool = True) -> Axes:
    """Draw the scenario's dated events (openings, moves, retirements, shocks) on ``ax``.

    Events on the same day share one line and one label; labels are staggered downwards.
    """
    from journeysim.events import scenario_events

    events = scenario_events(results.scenario)
    low, high = results.periods["date"].min(), results.periods["date"].max()
    events = events[(events["date"] >= low) & (events["date"] <= high)]
    transform = ax.get_xaxis_transform()  # x in data, y in axes fraction
    for k, (date, group) in enumerate(events.groupby("date", sort=True)):
        ax.axvline(date, color="0.4", linestyle=":", linewidth=0.9)
        if labels:
            text = "; ".join(group["event"])
            ax.text(date, 0.98 - 0.08 * (k % 5), f" {text}", transform=transform,
                    fontsize="x-small", va="top", ha="left", color="0.25")
    return ax


def story(
    results: Results,
    metrics: tuple[str, ...] = ("share", "mean_trust", "mean_wait_min"),
) -> Figure:
    """One panel per metric over time, sharing the time axis, events marked on each."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 3.2 * len(metrics)), layout="constrained")
    axes = np.atleast_1d(figure.subplots(len(metrics), 1, sharex=True))
    for ax, name in zip(axes, metrics):
        if name == "share":
            shares(results, ax=ax)
        else:
            metric(results, name, ax=ax)
        mark_events(ax, results, labels=ax is axes[0])
    axes[0].legend(loc="lower left", fontsize="small", ncols=3, frameon=False)
    name = results.meta.get("scenario_name", "scenario")
    figure.suptitle(f"{name}: {results.replications} replication(s), seed {results.seed}")
    return figure


def save_overview(results: Results, path: str | os.PathLike[str]) -> Path:
    """Save a PNG with shares, active customers and mean wait per store; returns its path."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 10), layout="constrained")
    top, middle, bottom = figure.subplots(3, 1, sharex=True)
    shares(results, ax=top)
    _draw(middle, results, "active_customers", "active customers")
    _draw(bottom, results, "mean_wait_min", "mean wait (min)")
    name = results.meta.get("scenario_name", "scenario")
    figure.suptitle(f"{name}: {results.replications} replication(s), seed {results.seed}")
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")  # never leave half a PNG under `path`
    figure.savefig(partial, format="png", dpi=110)
    partial.replace(path)
    return path


def _draw(ax: Axes, results: Results, metric: str, label: str) -> None:
    """One line per store of ``metric`` over time, with the replications' range as a band."""
    data = _while_open(results)
    by = data.groupby(["store", "date"], observed=True)[metric]
    spread = by.agg(["mean", "min", "max"]).reset_index()
    for store in results.stores.index:
        part = spread[spread["store"] == store]
        if part.empty or part["mean"].isna().all():
            continue
        (line,) = ax.plot(part["date"], part["mean"], label=store, linewidth=1.4)
        if results.replications > 1:
            ax.fill_between(
                part["date"], part["min"], part["max"], color=line.get_color(), alpha=0.2
            )
    ax.set_ylabel(label)
    ax.grid(True, alpha=0.3)


def _while_open(results: Results) -> pd.DataFrame:
    """The period rows with metrics blanked (NaN) for periods when the store was closed."""
    data = results.periods.copy()
    periods = results.tables["periods"]
    start = pd.Series(periods["start_day"], index=periods["period"]).reindex(data["period"])
    stores = results.stores.reindex(data["store"].astype(str))
    is_open = (start.to_numpy() >= stores["opens_day"].to_numpy() - _period_days(periods)) & (
        start.to_numpy() < stores["closes_day"].to_numpy()
    )
    metrics = [c for c in data.columns if c not in ("replication", "period", "date", "store")]
    data.loc[~is_open, metrics] = np.nan
    return data


def _period_days(periods: Mapping[str, np.ndarray]) -> float:
    """The length of a metrics period in days (a store opening mid-period shows it)."""
    start = np.asarray(periods["start_day"], dtype=float)
    return float(np.diff(start).min()) if start.size > 1 else 0.0


def _percent() -> PercentFormatter:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0)


def _pyplot() -> ModuleType:
    """pyplot, on the Agg backend when there is no display and no backend was chosen."""
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and "MPLBACKEND" not in os.environ and "matplotlib.pyplot" not in sys.modules:
        import matplotlib

        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
