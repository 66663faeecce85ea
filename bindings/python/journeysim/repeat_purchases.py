"""Repeat-purchase summaries per store: how often, how lately and how much customers buy.

The one function here is applied alike to a simulation's transaction log (a customer is a
household within a replication) and to a business's transaction export (a customer is an
id in the export), so that :func:`~journeysim.calibrate` compares like with like. The two
kinds of customer are never matched one to one: only these summaries meet.

Purchases are counted on distinct days, as :func:`journeysim.rfm` counts them (several rows
of one customer at one store on one day are one purchase of their summed amount); only the
purchases in the window ``[start, end)`` count. Per store:

- ``buyers_1``, ``buyers_2``, ``buyers_3``, ``buyers_4_plus``: the share of the store's
  customers in the window with 1, 2, 3, 4 or more purchases (they sum to 1);
- ``recency_days``: the mean, over customers, of the days from their last purchase to the
  end of the window;
- ``interpurchase_days``: the mean time between a customer's consecutive purchases, pooled
  over customers (the sum of their first-to-last spans over the sum of their gaps);
- ``mean_amount``: the mean amount of a purchase (a customer's day at a store).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from journeysim.rfm import rfm

__all__ = ["SUMMARIES", "plot_summaries", "repeat_purchase_summaries"]

#: The summaries' names, as they appear in calibration cells (``docs/calibration.md``).
SUMMARIES = ("buyers_1", "buyers_2", "buyers_3", "buyers_4_plus", "recency_days",
             "interpurchase_days", "mean_amount")


def repeat_purchase_summaries(transactions: pd.DataFrame, start: float,
                              end: float) -> pd.DataFrame:
    """One row per (replication, store, summary) with its ``value``.

    ``transactions``: ``replication``, ``household`` (the customer), ``store``, ``time``
    (days since 1 January of the start year) and ``price_paid``, as
    :func:`journeysim.load_transactions` reads a log. ``start`` and ``end``: the window, in
    days. A store without a customer in a replication has no rows for that replication.
    """
    time = transactions["time"].to_numpy(np.float64)
    kept = transactions.loc[(time >= start) & (time < end)]
    kept = kept.assign(store=kept["store"].astype(str))
    columns = ["replication", "store", "metric", "value"]
    if kept.empty:
        return pd.DataFrame({c: [] for c in columns})
    customers = rfm(kept, observation_end=end)
    purchases = customers["frequency"] + 1
    since_last = customers["T"] - customers["recency"]
    by = [customers["replication"], customers["store"]]
    grouped = pd.DataFrame({
        **{f"buyers_{k}": (purchases == k).groupby(by).mean() for k in (1, 2, 3)},
        "buyers_4_plus": (purchases >= 4).groupby(by).mean(),
        "recency_days": since_last.groupby(by).mean(),
        "spans": customers["recency"].groupby(by).sum(),
        "gaps": customers["frequency"].groupby(by).sum(),
        "purchases": purchases.groupby(by).sum(),
    })
    spend = kept.groupby(["replication", "store"])["price_paid"].sum()
    grouped["mean_amount"] = spend.reindex(grouped.index) / grouped["purchases"]
    # Nobody bought twice: no gap to average, so no cell (rather than a made-up value).
    grouped["interpurchase_days"] = (grouped["spans"] / grouped["gaps"]).where(
        grouped["gaps"] > 0)
    grouped.index.names = ["replication", "store"]
    long = grouped[list(SUMMARIES)].reset_index().melt(
        id_vars=["replication", "store"], var_name="metric", value_name="value")
    return long.dropna(subset=["value"]).reset_index(drop=True)[columns]


def plot_summaries(ax: Any, fit: pd.DataFrame) -> None:
    """Observed less simulated, in replication standard deviations, per summary and store
    (``fit``: a calibration's cells); the band is two of them, the scale logarithmic
    beyond it."""
    order = [m for m in SUMMARIES if m in set(fit["metric"])]
    stores = list(pd.unique(fit["store"]))
    width = 0.8 / max(len(stores), 1)
    for colour, store in enumerate(stores):
        cells = fit[fit["store"] == store].set_index("metric").reindex(order)
        gap = (cells["observed"] - cells["simulated"]) / cells["sd"].where(cells["sd"] > 0)
        ax.bar(np.arange(len(order)) + (colour - (len(stores) - 1) / 2) * width, gap,
               width=width, color=f"C{colour}", label=store)
    ax.axhspan(-2.0, 2.0, color="0.9", zorder=0)
    ax.set_yscale("symlog", linthresh=2.0)  # linear within the band, a far miss still fits
    ax.axhline(0.0, color="0.4", lw=0.8)
    ax.set_xticks(np.arange(len(order)), [m.replace("_", " ") for m in order], fontsize="small",
                  rotation=20)
    ax.set_ylabel("(observed − simulated) / sd")
    ax.set_title("repeat purchases (transaction export)", fontsize="small")
    ax.legend(loc="best", fontsize="small")
