"""Results of a run: the engine's metric tables as pandas DataFrames.

A :class:`Results` wraps the tables a run returns (or an HDF5 file holds): columns of
plain arrays, one table per kind of record. ``docs/output.md`` documents every table and
column; this module turns them into tidy frames and a per-store summary.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from journeysim import _engine
from journeysim.intervals import check_level, interval_table
from journeysim.output_paths import claimed
from journeysim.scenario import Scenario, parse_toml

__all__ = ["METRICS", "SUMMED", "TABLES", "Results", "metric_columns", "metric_info"]

#: The tables every result holds, and the columns each must have besides its metric columns
#: (:func:`metric_columns`).
TABLES: dict[str, tuple[str, ...]] = {
    "store_periods": ("replication", "period", "store"),
    "periods": ("period", "start_day", "date"),
    "stores": ("store", "name", "type"),
    "totals": ("replication", "period"),
    "category_periods": ("replication", "period", "category"),
    "store_category_periods": ("replication", "period", "store", "category"),
    "store_hours": ("replication", "store", "weekday", "hour"),
    "categories": ("category", "name"),
    "population": ("replication", "period"),
    "referrals": ("replication", "from_store", "to_store", "count"),
    "replications": ("replication",),
    "platform_periods": ("replication", "period", "platform"),
    "platforms": ("platform", "name", "launch_day", "carries"),
}


@functools.cache
def _catalogue() -> tuple[dict[str, str], ...]:
    return tuple(_engine.metrics())


def metric_columns(table: str) -> tuple[str, ...]:
    """The metric columns of result table ``table``, in column order (none for tables of
    the scenario's own items, such as ``stores``). The engine defines them, with their units
    and meanings (:func:`metric_info`), next to the records it fills."""
    return tuple(m["name"] for m in _catalogue() if m["table"] == table)


def metric_info() -> pd.DataFrame:
    """Every metric column of the result tables: ``table``, ``name``, ``type``, ``unit`` and
    ``description``, one row per column in table and column order (``docs/output.md``)."""
    columns = ["table", "name", "type", "unit", "description"]
    return pd.DataFrame([[m[c] for c in columns] for m in _catalogue()], columns=columns)


def __getattr__(name: str) -> Any:
    # METRICS and SUMMED come from the engine, asked for on first use: reading result files
    # and plotting import without the compiled engine (_engine.py).
    if name == "METRICS":
        return _store_metrics()
    if name == "SUMMED":
        return _summed()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# METRICS: per store and period metrics, in the order :attr:`Results.periods` shows them.
def _store_metrics() -> tuple[str, ...]:
    return metric_columns("store_periods")


# SUMMED: the metrics a run's summary totals (counts and money, through profit); the others
# are rates and states.
def _summed() -> tuple[str, ...]:
    metrics = _store_metrics()
    return metrics[: metrics.index("profit") + 1]


Column = np.ndarray
Tables = dict[str, dict[str, Column]]


class Results:
    """The outcome of :func:`journeysim.run`, or of :func:`journeysim.load_results`.

    ``tables`` maps a table name to its columns (1-D arrays of equal length); ``meta``
    holds the run's attributes (``journeysim_version``, ``scenario`` as canonical TOML,
    ``seed``, ``replications``, ``build``, and ``scenario_name`` when known).
    """

    def __init__(self, tables: Mapping[str, Mapping[str, Any]], meta: Mapping[str, Any]) -> None:
        missing = [name for name in TABLES if name not in tables]
        if missing:
            raise ValueError(f"results lack the tables: {', '.join(missing)}")
        self._tables: Tables = {
            name: {column: np.asarray(values) for column, values in columns.items()}
            for name, columns in tables.items()
        }
        self._meta = dict(meta)

    @classmethod
    def from_engine(cls, output: Mapping[str, Any], scenario_name: str) -> Results:
        """Wrap what the engine's ``run`` returns: tables plus a ``"meta"`` entry."""
        tables = {name: table for name, table in output.items() if name != "meta"}
        meta = {**output["meta"], "scenario_name": scenario_name}
        return cls(tables, meta)

    # -- raw ----------------------------------------------------------------------------

    @property
    def tables(self) -> Mapping[str, Mapping[str, Column]]:
        """The tables as columns of arrays, as written to HDF5 (strings as ``str`` arrays)."""
        return self._tables

    @property
    def meta(self) -> dict[str, Any]:
        """A copy of the run's attributes."""
        return dict(self._meta)

    @property
    def seed(self) -> int:
        """The root seed the run was given."""
        return int(self._meta["seed"])

    @property
    def replications(self) -> int:
        """How many replications the run made."""
        return int(self._meta["replications"])

    @cached_property
    def scenario(self) -> Scenario:
        """The scenario that was run, as the engine read it (not validated again)."""
        name = str(self._meta.get("scenario_name", "scenario"))
        return Scenario(parse_toml(str(self._meta["scenario"]), "meta.scenario"), name=name)

    # -- frames -------------------------------------------------------------------------

    @cached_property
    def periods(self) -> pd.DataFrame:
        """One row per (replication, period, store): the period's date, then each metric.

        ``store`` is the store's name, a categorical in the scenario's store order; with
        ``[markets]`` in the scenario, ``market`` follows it (``share`` is then the store's
        share of its market).
        """
        table = self._tables["store_periods"]
        frame = pd.DataFrame(
            {
                "replication": table["replication"],
                "period": table["period"],
                "date": self._dates_of(table["period"]),
                "store": self._stores_of(table["store"]),
            }
        )
        metrics = _store_metrics()
        if self.markets:
            market_of = {store: name for name, stores in self.markets.items() for store in stores}
            frame["market"] = pd.Categorical(
                frame["store"].map(market_of).astype(str), categories=list(self.markets)
            )
        extra = [c for c in table if c not in metrics and c not in frame.columns]
        for column in [c for c in metrics if c in table] + extra:
            frame[column] = table[column]
        return frame

    @cached_property
    def markets(self) -> dict[str, list[str]]:
        """The scenario's markets: each market's stores, in file order ({} without markets)."""
        markets = self.scenario.to_dict().get("markets", {})
        return {name: [str(s) for s in market["stores"]] for name, market in markets.items()}

    @cached_property
    def stores(self) -> pd.DataFrame:
        """One row per store, indexed by name: type, mall, location, dates, price, staff."""
        frame = pd.DataFrame(dict(self._tables["stores"]))
        return frame.set_index("name")

    @cached_property
    def totals(self) -> pd.DataFrame:
        """One row per (replication, period): needs that arose and needs left unmet."""
        table = self._tables["totals"]
        return self._by_period("totals", [c for c in table if c not in ("replication", "period")])

    @cached_property
    def needs(self) -> pd.DataFrame:
        """One row per (replication, period, category): needs open at the period's start
        (``carried_in``), arisen, met, ended unmet, and open at its end."""
        return self._by_period(
            "category_periods",
            list(metric_columns("category_periods")),
            named=("category", "categories"),
        )

    @cached_property
    def store_categories(self) -> pd.DataFrame:
        """One row per (replication, period, store, category): the store's purchases, lost
        sales and revenue in that category."""
        frame = self._by_period(
            "store_category_periods",
            list(metric_columns("store_category_periods")),
            named=("category", "categories"),
        )
        frame.insert(3, "store", self._stores_of(self._tables["store_category_periods"]["store"]))
        return frame

    @cached_property
    def store_hours(self) -> pd.DataFrame:
        """One row per (replication, store, weekday, hour), Monday (day 0) = 0, over the
        measured periods: arrivals, their mean wait, staff on duty, the share of the hour open.
        Empty for a file written before the table existed."""
        table = self._tables["store_hours"]
        columns = (*TABLES["store_hours"], *metric_columns("store_hours"))
        frame = pd.DataFrame({c: table[c] for c in columns})
        frame["store"] = self._stores_of(table["store"])
        return frame

    @cached_property
    def adoption(self) -> pd.DataFrame:
        """One row per (replication, period, platform): the households in the platform's
        audience, those who had adopted it by the period's end, and their ``share`` of the
        audience. Empty when the scenario has no platforms."""
        frame = self._by_period(
            "platform_periods",
            list(metric_columns("platform_periods")),
            named=("platform", "platforms"),
        )
        frame["share"] = frame["adopters"] / frame["audience"].where(frame["audience"] > 0)
        return frame

    @cached_property
    def population(self) -> pd.DataFrame:
        """One row per (replication, period): households and children at home under 18 at the
        period's end, and households that moved in, moved out or were founded by children
        leaving home, children born and children who turned 18, during it."""
        return self._by_period("population", list(metric_columns("population")))

    def referral_matrix(self, replication: int | None = None) -> pd.DataFrame:
        """Customers sent from one store (rows) to another (columns) over the measured periods,
        summed over replications, or for one ``replication``."""
        table = pd.DataFrame(dict(self._tables["referrals"]))
        if replication is not None:
            if replication not in set(table["replication"]):
                raise ValueError(f"no replication {replication} in these results")
            table = table[table["replication"] == replication]
        names = self._store_names
        counts = table.groupby(["from_store", "to_store"])["count"].sum()
        matrix = np.zeros((len(names), len(names)), dtype=np.int64)
        for (source, target), count in counts.items():
            matrix[int(source), int(target)] = int(count)
        frame = pd.DataFrame(matrix, index=pd.Index(names, name="from"), columns=names)
        frame.columns.name = "to"
        return frame

    @cached_property
    def seeds(self) -> pd.DataFrame:
        """The derived seed of every named random stream, per replication."""
        return pd.DataFrame(dict(self._tables["replications"])).set_index("replication")

    def summary(self, ci: float | None = None, by: str | None = None) -> pd.DataFrame:
        """Per store, over the run: the mean over replications, with intervals if asked.

        - the counts and money, ``visits`` through ``profit`` (``results.SUMMED``): totals
          over the run;
        - ``share``: the periods' shares weighted by each period's purchases in the store's
          market (the store's share of its market's purchases over the run; one market
          without ``[markets]``);
        - ``mean_wait_min``: the periods' mean waits weighted by visits (the mean over all
          visits);
        - ``p95_wait_min``: the mean over periods with visits of each period's 95th
          percentile wait (the period tables cannot give the run's own percentile);
        - ``queue_length``, ``utilisation``: the mean over periods of each period's time
          average;
        - ``active_customers``, ``card_holders``, ``mean_trust``: at the end of the run (last
          period), that is, customers who bought in the final 365 days, card holders, and
          the active customers' mean trust; likewise ``rating`` (the public rating),
          ``availability`` and ``assortment``.

        ``summary()``: one row per store, the means. ``summary(ci=0.95)``: a long table,
        one row per (store, metric) with ``mean``, ``sd``, ``lo``, ``hi`` (the t-interval of
        the mean over replications) and ``n``. ``summary(by="replication")``: one row per
        (replication, store), each replication's own values (counts stay integers).
        """
        if by not in (None, "replication"):
            raise ValueError(f'by: must be None or "replication" (got {by!r})')
        per_replication = self._per_replication()
        if by == "replication":
            if ci is not None:
                raise ValueError('ci: intervals are over replications; not with by="replication"')
            return per_replication
        metrics = [c for c in per_replication.columns if c not in ("replication", "store")]
        if ci is not None:
            table = interval_table(per_replication, ["store"], metrics, check_level(ci))
            table["store"] = pd.Categorical(table["store"], categories=self._store_names)
            return table
        summary = per_replication.groupby("store", sort=False, observed=False)[metrics].mean()
        summary = summary.reindex(self._store_names)
        summary.insert(0, "type", self.stores.loc[self._store_names, "type"].to_numpy())
        summary.index.name = "store"
        return summary

    def _per_replication(self) -> pd.DataFrame:
        """One row per (replication, store): the run's totals, weighted means and end states."""
        parts = []
        for replication, part in self.periods.groupby("replication"):
            summary = self._summarize_replication(part).reindex(self._store_names)
            summary = summary.rename_axis("store").reset_index()
            summary.insert(0, "replication", replication)
            parts.append(summary)
        frame = pd.concat(parts, ignore_index=True)
        frame["store"] = pd.Categorical(frame["store"], categories=self._store_names)
        return frame

    # -- output -------------------------------------------------------------------------

    def to_xarray(self) -> Any:
        """The period metrics as an ``xarray.Dataset`` with dimensions (replication, period,
        store): one variable per metric, the period's ``date`` and (with markets) each
        store's ``market`` as coordinates, the run's ``seed`` and ``scenario`` as attributes.
        """
        import xarray as xr  # noqa: F401 - pandas' to_xarray needs it

        frame = self.periods
        metrics = [c for c in _store_metrics() if c in frame.columns]
        table = frame.assign(store=frame["store"].astype(str))
        dataset = table.set_index(["replication", "period", "store"])[metrics].to_xarray()
        dataset = dataset.reindex(store=self._store_names)
        dates = frame.drop_duplicates("period").set_index("period")["date"]
        dataset = dataset.assign_coords(date=("period", dates.reindex(dataset.period).to_numpy()))
        if self.markets:
            market_of = {s: name for name, stores in self.markets.items() for s in stores}
            dataset = dataset.assign_coords(
                market=("store", [market_of[s] for s in self._store_names])
            )
        dataset.attrs.update(seed=self.seed, scenario=str(self._meta["scenario"]))
        return dataset

    def to_hdf5(self, path: str | os.PathLike[str]) -> None:
        """Write the results to an HDF5 file atomically (``docs/output.md``).

        Raises :class:`~journeysim.WriteError` (an OSError) when the system refuses a step of
        the writing, BlockingIOError while another process writes ``path``, and what
        :func:`~journeysim.output_paths.claimed` raises for a path that cannot be written.
        """
        tables = {
            name: {column: _for_engine(values) for column, values in columns.items()}
            for name, columns in self._tables.items()
        }
        with claimed(path):
            _engine.write_hdf5(os.fspath(path), self._meta, tables)

    def __repr__(self) -> str:
        periods = len(self._tables["periods"]["period"])
        stores = len(self._store_names)
        name = self._meta.get("scenario_name", "scenario")
        return (
            f"<Results {name!r}: {self.replications} replication(s), {periods} periods, "
            f"{stores} stores, seed {self.seed}>"
        )

    # -- helpers ------------------------------------------------------------------------

    @cached_property
    def _store_names(self) -> list[str]:
        stores = self._tables["stores"]
        order = np.argsort(stores["store"], kind="stable")
        return [str(name) for name in stores["name"][order]]

    def _by_period(
        self, name: str, columns: list[str], named: tuple[str, str] | None = None
    ) -> pd.DataFrame:
        """Table ``name``'s rows with their period's start date, then ``columns``.

        ``named`` = (column, table): that column numbers rows of another table; it becomes a
        categorical of their names.
        """
        table = self._tables[name]
        frame = pd.DataFrame(
            {
                "replication": table["replication"],
                "period": table["period"],
                "date": self._dates_of(table["period"]),
            }
        )
        if named is not None:
            column, other = named
            names = [str(n) for n in self._tables[other]["name"]]
            frame[column] = pd.Categorical.from_codes(table[column], categories=names)
        for column in columns:
            frame[column] = table[column]
        return frame

    def _stores_of(self, codes: np.ndarray) -> pd.Categorical:
        """Store numbers as a categorical of their names, in the scenario's order."""
        return pd.Categorical.from_codes(codes, categories=pd.Index(self._store_names))

    def _dates_of(self, period: np.ndarray) -> np.ndarray:
        """The start date of each period number in ``period``."""
        table = self._tables["periods"]
        dates = pd.to_datetime(pd.Series(table["date"], dtype=str), format="%Y-%m-%d")
        position = pd.Index(table["period"]).get_indexer(pd.Index(period))
        if (position < 0).any():
            raise ValueError("a table refers to a period the periods table lacks")
        return dates.to_numpy()[position]

    @staticmethod
    def _summarize_replication(data: pd.DataFrame) -> pd.DataFrame:
        by_store = data.groupby("store", observed=False, sort=False)
        summary = by_store[list(_summed())].sum()
        market = ["market"] if "market" in data else []
        period_purchases = data.groupby(["period", *market], observed=True)[
            "purchases"
        ].transform("sum")
        summary["share"] = _weighted(data, "share", period_purchases)
        summary["mean_wait_min"] = _weighted(data, "mean_wait_min", data["visits"])
        with_visits = data[data["visits"] > 0]
        summary["p95_wait_min"] = with_visits.groupby("store", observed=False)[
            "p95_wait_min"
        ].mean()
        # Time averages: the mean over the periods (each the time average over its period).
        for column in ("queue_length", "utilisation"):
            if column in data:
                summary[column] = by_store[column].mean()
        last = data[data["period"] == data["period"].max()].set_index("store")
        for column in ("active_customers", "card_holders", "mean_trust", "rating", "availability",
                       "assortment"):
            if column in last:
                summary[column] = last[column]
        return summary


def _weighted(data: pd.DataFrame, column: str, weights: pd.Series) -> pd.Series:
    """Per store, the ``weights``-weighted mean of ``column`` (NaN where weights sum to 0)."""
    values = data[column].where(weights > 0, 0.0).fillna(0.0)
    parts = pd.DataFrame({"store": data["store"], "num": values * weights, "den": weights})
    sums = parts.groupby("store", observed=False).sum()
    return sums["num"] / sums["den"].where(sums["den"] > 0)


def _for_engine(values: np.ndarray) -> Any:
    """A column as the engine takes it: strings as ``list[str]``, numbers as arrays."""
    if values.dtype.kind in "USO":
        return [str(value) for value in values]
    return values
