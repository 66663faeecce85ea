"""Plots of results (matplotlib, imported on first use).

:func:`shares` draws each store's share of purchases over time, :func:`metric` any other
per-store metric, :func:`mark_events` the scenario's dated events on a time axis, and
:func:`story` all of it on one figure, :func:`adoption` the platforms' adoption,
:func:`store_hours` a store's week as a heat map (weekday x hour); :func:`save_overview`
writes a PNG with shares, active customers and mean waits. With several replications the
line is the mean over replications and the band spans their minimum to maximum.
For sweeps, :func:`outcome` draws an outcome against a parameter with confidence intervals
and :func:`sensitivity` the Sobol or Morris indices of :func:`journeysim.sensitivity`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
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

__all__ = [
    "adoption",
    "mark_events",
    "metric",
    "outcome",
    "save_overview",
    "sensitivity",
    "shares",
    "store_hours",
    "story",
]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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
    ax.legend(loc="upper left", fontsize="small", ncols=2, frameon=False)
    return ax


def adoption(results: Results, ax: Axes | None = None) -> Axes:
    """Plot each platform's adopters as a share of its audience over time; returns the Axes.

    The line is the mean over replications, the band their min–max range.
    """
    table = results.adoption
    if table.empty:
        raise ValueError("these results have no platforms ([platforms.<name>] in the scenario)")
    if ax is None:
        ax = _pyplot().subplots(figsize=(9, 4.5), layout="constrained")[1]
    spread = table.groupby(["platform", "date"], observed=True)["share"].agg(["mean", "min", "max"])
    for platform, part in spread.groupby(level="platform", observed=True):
        dates = part.index.get_level_values("date")
        (line,) = ax.plot(dates, part["mean"], label=platform, linewidth=1.4)
        if results.replications > 1:
            ax.fill_between(dates, part["min"], part["max"], color=line.get_color(), alpha=0.2)
    ax.set_ylabel("adopters, share of audience")
    ax.set_ylim(0.0, 1.0)
    ax.yaxis.set_major_formatter(_percent())
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize="small", ncols=2, frameon=False)
    return ax


def store_hours(
    results: Results, store: str, value: str = "mean_wait_min", ax: Axes | None = None
) -> Axes:
    """Draw one store's week as a heat map: weekdays (Monday at the top) by hours of the day,
    coloured by ``value``, a column of ``results.store_hours`` (``mean_wait_min``,
    ``arrivals``, ``staff_on_duty`` or ``open``), averaged over replications. Hours the store
    was never open are left blank. Returns the Axes."""
    table = results.store_hours
    values = [c for c in table.columns if c not in ("replication", "store", "weekday", "hour")]
    if value not in values:
        raise ValueError(f"no column {value!r} in store_hours (known: {', '.join(values)})")
    stores = [str(s) for s in table["store"].cat.categories]
    if store not in stores:
        raise ValueError(f"no store {store!r} in these results (known: {', '.join(stores)})")
    mine = table[table["store"] == store]
    if mine.empty:
        raise ValueError("these results have no store_hours table (written by an older version)")
    cells = mine.groupby(["weekday", "hour"])[[value, "open"]].mean()
    grid = np.full((7, 24), np.nan)
    for (weekday, hour), row in cells.iterrows():
        if row["open"] > 0.0 or value == "open":
            grid[int(weekday), int(hour)] = row[value]
    if ax is None:
        ax = _pyplot().subplots(figsize=(10, 3.6), layout="constrained")[1]
    image = ax.imshow(grid, aspect="auto", cmap="viridis", origin="upper")
    label = value.replace("_", " ").replace(" min", " (min)")
    ax.figure.colorbar(image, ax=ax, label=label)
    ax.set_yticks(range(7), _WEEKDAYS)
    ax.set_xticks(range(0, 24, 2), [f"{h}:00" for h in range(0, 24, 2)], fontsize="small")
    ax.set_xlabel("hour of the day")
    ax.set_title(f"{store}: {label} by hour of the week")
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
    keys = ("replication", "period", "date", "store", "market")
    metrics = [c for c in data.columns if c not in keys]
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


# -- sweeps ------------------------------------------------------------------------------


def outcome(
    summary: pd.DataFrame,
    parameter: str,
    stores: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Plot a sweep's outcome against one parameter, with confidence intervals; the Axes.

    ``summary`` is what :func:`journeysim.sweep_summary` gives: per point and store a mean
    and its interval. One series per store (``stores``: which ones; default all): the mean
    at each point with an error bar from ``ci_low`` to ``ci_high`` (none for a point with a
    single replication). Where the parameter takes each value once per store (the other
    parameters fixed), the means are joined by a line and the intervals shaded as a band.
    """
    if parameter not in summary.columns:
        raise ValueError(f"no parameter {parameter!r} in the summary's columns")
    if ax is None:
        ax = _pyplot().subplots(figsize=(8, 4.5), layout="constrained")[1]
    names = list(dict.fromkeys(summary["store"].astype(str))) if stores is None else list(stores)
    others = [c for c in summary.columns if "." in c and c != parameter]  # parameter paths
    for store in names:
        part = summary[summary["store"].astype(str) == store].sort_values(parameter)
        if part.empty:
            raise ValueError(f"no store {store!r} in the summary")
        x = part[parameter].to_numpy()
        mean = part["mean"].to_numpy(dtype=float)
        below = np.nan_to_num(mean - part["ci_low"].to_numpy(dtype=float), nan=0.0)
        above = np.nan_to_num(part["ci_high"].to_numpy(dtype=float) - mean, nan=0.0)
        # A line only where it means something: each value once, the other parameters fixed
        # (a grid's slice). A sampled design's points vary in every parameter: points alone.
        fixed = all(part[other].nunique() <= 1 for other in others)
        joined = fixed and len(np.unique(x)) == len(x)
        bars = ax.errorbar(
            x, mean, yerr=[below, above], label=store, marker="o", markersize=4,
            linestyle="-" if joined else "none", capsize=3, linewidth=1.2,
        )
        if joined and len(x) > 1:
            ax.fill_between(x, mean - below, mean + above, color=bars.lines[0].get_color(),
                            alpha=0.15, linewidth=0)
    measured = summary.attrs.get("metric", "outcome")
    level = summary.attrs.get("confidence")
    ax.set_xlabel(parameter)
    ax.set_ylabel(measured if level is None else f"{measured} (mean, {level:.0%} CI)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", frameon=False)
    return ax


def sensitivity(indices: pd.DataFrame, store: str | None = None, ax: Axes | None = None) -> Axes:
    """Bar chart of :func:`journeysim.sensitivity`'s indices for one store; the Axes.

    Sobol: first-order (S1) and total (ST) index per parameter, Morris: mu* and sigma, each
    with its confidence half-width as an error bar where it has one. ``store`` picks the
    store when ``indices`` holds several.
    """
    names = list(dict.fromkeys(indices["store"].astype(str)))
    if store is None and len(names) > 1:
        raise ValueError(f"indices of several stores: pick one with store= ({', '.join(names)})")
    store = names[0] if store is None else store
    part = indices[indices["store"].astype(str) == store]
    if part.empty:
        raise ValueError(f"no store {store!r} in the indices")
    bars: list[tuple[str, str | None, str]]
    if "S1" in part.columns:
        bars = [("S1", "S1_conf", "first order (S1)"), ("ST", "ST_conf", "total (ST)")]
    else:
        bars = [("mu_star", "mu_star_conf", "mu*"), ("sigma", None, "sigma")]
    if ax is None:
        ax = _pyplot().subplots(figsize=(8, 4), layout="constrained")[1]
    position = np.arange(len(part))
    width = 0.8 / len(bars)
    for k, (column, conf, label) in enumerate(bars):
        error = None if conf is None else part[conf].to_numpy(dtype=float)
        ax.bar(position + (k - (len(bars) - 1) / 2) * width, part[column].to_numpy(dtype=float),
               width, yerr=error, capsize=3, label=label)
    ax.set_xticks(position, part["parameter"].tolist(), rotation=20, ha="right")
    measured = indices.attrs.get("metric", "outcome")
    method = indices.attrs.get("method", "")
    ax.set_title(f"{store}: {method} sensitivity of {measured}".replace("  ", " "))
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize="small", frameon=False)
    return ax
