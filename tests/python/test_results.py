"""Invariants every run's metrics must hold."""

from __future__ import annotations

import numpy as np
import pandas as pd

import journeysim as js
from journeysim.results import METRICS

COUNTS = (*METRICS[: METRICS.index("revenue")], "active_customers")


def test_counts_are_non_negative(high_street_results: js.Results) -> None:
    periods = high_street_results.periods
    for column in COUNTS:
        assert (periods[column] >= 0).all(), column
    totals = high_street_results.totals
    assert (totals[["needs", "met_needs", "unmet_needs"]] >= 0).all().all()
    assert (totals["met_needs"] + totals["unmet_needs"] <= totals["needs"] + 50).all()


def test_every_visit_is_a_purchase_or_a_lost_sale(high_street_results: js.Results) -> None:
    periods = high_street_results.periods
    assert (periods["purchases"] <= periods["visits"]).all()
    assert (periods["visits"] == periods["purchases"] + periods["lost_sales"]).all()
    assert periods["visits"].sum() > 0


def test_revenue_is_sales_less_refunds(high_street_results: js.Results) -> None:
    # One category at a constant price per store: revenue = (purchases - returns) x price.
    periods = high_street_results.periods
    price = high_street_results.tables["categories"]["price"][0]
    index = high_street_results.stores["price_index"]
    store_index = periods["store"].astype(str).map(index).to_numpy(dtype=float)
    expected = (periods["purchases"] - periods["returns"]).to_numpy() * price * store_index
    assert np.allclose(periods["revenue"], expected)
    assert (periods.loc[(periods["purchases"] == 0) & (periods["returns"] == 0), "revenue"] == 0).all()
    assert periods["returns"].sum() > 0


def test_shares_sum_to_one_where_anything_was_bought(high_street_results: js.Results) -> None:
    periods = high_street_results.periods
    by_period = periods.groupby(["replication", "period"])
    bought = by_period["purchases"].sum() > 0
    shares = by_period["share"].sum()
    assert np.allclose(shares[bought], 1.0)
    assert ((periods["share"] >= 0) & (periods["share"] <= 1)).all()


def test_shares_are_the_shares_of_purchases(high_street_results: js.Results) -> None:
    periods = high_street_results.periods
    total = periods.groupby(["replication", "period"])["purchases"].transform("sum")
    expected = (periods["purchases"] / total.where(total > 0)).fillna(0.0)
    assert np.allclose(periods["share"], expected)


def test_trust_is_in_the_unit_interval(high_street_results: js.Results) -> None:
    trust = high_street_results.periods["mean_trust"].dropna()
    assert ((trust >= 0) & (trust <= 1)).all()


def test_waits_are_sane(high_street_results: js.Results) -> None:
    periods = high_street_results.periods
    served = periods[periods["visits"] > 0]
    assert (served["mean_wait_min"] >= 0).all()
    assert (served["p95_wait_min"] >= 0).all()
    # Nobody waited: the 95th percentile is 0 too. At least 5% waited: the mean is positive.
    assert (served.loc[served["mean_wait_min"] == 0, "p95_wait_min"] == 0).all()
    assert (served.loc[served["p95_wait_min"] > 0, "mean_wait_min"] > 0).all()
    assert (served["p95_wait_min"] > 0).any()  # the scenario has queues


def test_no_activity_while_a_store_is_closed(high_street_results: js.Results) -> None:
    periods = high_street_results.periods
    stores = high_street_results.stores
    starts = pd.Series(
        high_street_results.tables["periods"]["start_day"],
        index=high_street_results.tables["periods"]["period"],
    )
    start = starts.reindex(periods["period"]).to_numpy()
    closes = stores["closes_day"].reindex(periods["store"].astype(str)).to_numpy()
    after_closing = periods[start >= closes]
    assert len(after_closing) > 0  # the scenario closes a store mid-run
    assert (after_closing["visits"] == 0).all()


def test_purchases_and_unmet_needs_are_bounded_by_needs(high_street_results: js.Results) -> None:
    periods = high_street_results.periods
    totals = high_street_results.totals
    purchases = periods.groupby("replication")["purchases"].sum()
    needs = totals.groupby("replication")["needs"].sum()
    unmet = totals.groupby("replication")["unmet_needs"].sum()
    assert (needs > 0).all()
    assert (purchases <= needs).all()
    assert (unmet <= needs).all()
