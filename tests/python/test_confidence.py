"""Answers with confidence: intervals in summaries, paired comparisons with common random
numbers, and markets (docs/analysis.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import minimal
from scipy import stats

import journeysim as js
from journeysim.intervals import t_interval

REPLICATIONS = 6


@pytest.fixture(scope="module")
def twin_towns() -> js.Scenario:
    """kringle, small: two markets of three stores, Kringle's refers in the east only."""
    return js.Scenario.from_file("scenarios/kringle.toml").with_overrides(
        {"simulation.years": 3, "simulation.warmup_years": 0, "households.count": 4000}
    )


@pytest.fixture(scope="module")
def refers(twin_towns: js.Scenario) -> js.Results:
    return js.run(twin_towns, seed=11, replications=REPLICATIONS, threads=2)


@pytest.fixture(scope="module")
def plain(twin_towns: js.Scenario) -> js.Results:
    scenario = twin_towns.with_overrides({"stores.kringle_refers.referral": "none"})
    return js.run(scenario, seed=11, replications=REPLICATIONS, threads=2)


def test_t_interval_is_students() -> None:
    x = np.array([3.0, 5.0, 4.0, 6.0, 2.0])
    mean, sd, lo, hi, n = t_interval(x, 0.9)
    half = stats.t.ppf(0.95, 4) * x.std(ddof=1) / np.sqrt(5)
    assert (mean, n) == (4.0, 5)
    assert sd == pytest.approx(x.std(ddof=1))
    assert (lo, hi) == pytest.approx((4.0 - half, 4.0 + half))
    assert np.isnan(t_interval([7.0], 0.95)[2]) and t_interval([7.0], 0.95)[4] == 1


def test_t_intervals_cover_near_their_level() -> None:
    rng = np.random.default_rng(5)
    covered = [t_interval(rng.normal(10.0, 3.0, 6), 0.9) for _ in range(4000)]
    rate = np.mean([lo <= 10.0 <= hi for _, _, lo, hi, _ in covered])
    assert rate == pytest.approx(0.9, abs=0.015)


def test_summary_with_intervals_is_a_long_table_over_replications(refers: js.Results) -> None:
    table = refers.summary(ci=0.95)
    assert list(table.columns) == ["store", "metric", "mean", "sd", "lo", "hi", "n"]
    assert list(table["store"].unique()) == list(refers.stores.index)  # file order
    revenue = table[(table.store == "kringle_refers") & (table.metric == "revenue")].iloc[0]
    per = refers.summary(by="replication")
    own = per.loc[per.store == "kringle_refers", "revenue"].to_numpy()
    assert revenue["n"] == REPLICATIONS
    assert revenue["mean"] == pytest.approx(own.mean())
    assert revenue["lo"] < revenue["mean"] < revenue["hi"]
    assert (revenue["lo"], revenue["hi"]) == pytest.approx(t_interval(own, 0.95)[2:4])
    # The plain summary is the means of the same table.
    assert refers.summary().loc["kringle_refers", "revenue"] == pytest.approx(own.mean())


def test_summary_by_replication_keeps_counts_whole(refers: js.Results) -> None:
    per = refers.summary(by="replication")
    assert len(per) == REPLICATIONS * len(refers.stores)
    assert per["purchases"].dtype == np.int64 and per["replication"].dtype == np.int64
    assert per["revenue"].dtype == np.float64


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"ci": 1.5}, "ci: must be a confidence level in \\(0, 1\\)"),
     ({"by": "store"}, 'by: must be None or "replication"'),
     ({"by": "replication", "ci": 0.9}, "ci: intervals are over replications")],
)
def test_summary_arguments_are_checked(refers: js.Results, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        refers.summary(**kwargs)


def test_shares_are_within_each_market(refers: js.Results) -> None:
    assert refers.markets == {
        "east": ["kringle_refers", "gimbels_east", "thrift_east"],
        "west": ["kringle_plain", "gimbels_west", "thrift_west"],
    }
    periods = refers.periods
    sums = periods.groupby(["replication", "period", "market"], observed=True)["share"].sum()
    assert np.allclose(sums, 1.0)
    summary = refers.summary()
    for stores in refers.markets.values():
        assert summary.loc[stores, "share"].sum() == pytest.approx(1.0)


def test_common_random_numbers_leave_an_untouched_market_exactly_as_it_was(
    refers: js.Results, plain: js.Results
) -> None:
    table = js.compare(plain, refers, metric="purchases")
    assert list(table.columns) == ["a", "b", "difference", "lo", "hi", "p_value", "n", "paired"]
    west = table.loc[["kringle_plain", "gimbels_west", "thrift_west"]]
    assert (west["difference"] == 0.0).all() and (west["p_value"] == 1.0).all()
    east = table.loc["gimbels_east"]
    assert east["paired"] and east["n"] == REPLICATIONS
    assert east["lo"] <= east["difference"] <= east["hi"]
    by_market = js.compare(plain, refers, metric="profit", markets=True)
    assert list(by_market.index) == ["east", "west"]
    assert by_market.loc["west", "difference"] == 0.0


def test_common_random_numbers_at_least_halve_the_paired_spread(
    twin_towns: js.Scenario, refers: js.Results, plain: js.Results
) -> None:
    other_town = js.run(
        twin_towns.with_overrides({"stores.kringle_refers.referral": "none"}),
        seed=12, replications=REPLICATIONS, threads=2,
    )

    def spread(a: js.Results, b: js.Results) -> float:
        per_a, per_b = a.summary(by="replication"), b.summary(by="replication")
        pick = lambda per: per.loc[per.store == "kringle_refers", "purchases"].to_numpy()  # noqa: E731
        return float(np.std(pick(per_b) - pick(per_a), ddof=1))

    assert spread(plain, refers) <= 0.5 * spread(other_town, refers)


def test_compare_two_stores_or_two_markets_within_a_run(refers: js.Results) -> None:
    stores = js.compare(refers, metric="revenue", stores=("kringle_plain", "kringle_refers"))
    row = stores.loc["kringle_refers - kringle_plain"]
    per = refers.summary(by="replication").pivot(index="replication", columns="store",
                                                 values="revenue")
    difference = per["kringle_refers"] - per["kringle_plain"]
    assert row["difference"] == pytest.approx(difference.mean())
    assert row["p_value"] == pytest.approx(stats.ttest_1samp(difference, 0.0).pvalue)
    markets = js.compare(refers, metric="revenue", markets=("west", "east"))
    assert markets.index[0] == "east - west"


def test_compare_refuses_what_it_cannot_pair(refers: js.Results) -> None:
    with pytest.raises(ValueError, match="metric: unknown 'profits'"):
        js.compare(refers, refers, metric="profits")
    other = js.run(js.Scenario.from_dict(minimal()), seed=11, replications=2)
    with pytest.raises(ValueError, match="not the same scenario shape"):
        js.compare(refers, other, metric="revenue")
    with pytest.raises(ValueError, match="stores: no 'kringle' in these results"):
        js.compare(refers, metric="revenue", stores=("kringle", "kringle_plain"))
    with pytest.raises(ValueError, match="'mean_wait_min' is not a total"):
        js.compare(refers, metric="mean_wait_min", markets=("east", "west"))
    with pytest.raises(ValueError, match="give two stores"):
        js.compare(refers, metric="revenue")


def test_runs_with_other_seeds_are_compared_unpaired(
    twin_towns: js.Scenario, refers: js.Results
) -> None:
    other = js.run(twin_towns, seed=99, replications=3)
    with pytest.warns(UserWarning, match="compared unpaired"):
        table = js.compare(other, refers, metric="purchases")
    assert not table["paired"].any()
    assert isinstance(table, pd.DataFrame)


def test_to_xarray_holds_every_metric_by_replication_period_and_store(refers: js.Results) -> None:
    dataset = refers.to_xarray()
    assert dict(dataset.sizes) == {
        "replication": REPLICATIONS, "period": refers.periods["period"].nunique(), "store": 6
    }
    assert list(dataset["store"].values) == list(refers.stores.index)
    assert list(dataset["market"].values) == ["east"] * 3 + ["west"] * 3
    row = refers.periods.iloc[7]
    value = dataset["revenue"].sel(replication=row["replication"], period=row["period"],
                                   store=row["store"])
    assert float(value) == row["revenue"]
    assert dataset.attrs["seed"] == 11


def test_sales_by_category_add_up_to_each_stores() -> None:
    hopewell = js.Scenario.from_file("scenarios/hopewell.toml").with_overrides(
        {"households.count": 2000, "simulation.years": 12}
    )
    refers = js.run(hopewell, seed=3, replications=2)
    by_category = refers.store_categories
    assert by_category["category"].nunique() == 3
    assert list(by_category.columns[:5]) == ["replication", "period", "date", "store", "category"]
    keys = ["replication", "period", "store"]
    summed = by_category.groupby(keys, observed=True)[["purchases", "lost_sales", "revenue"]].sum()
    periods = refers.periods.set_index(keys)[["purchases", "lost_sales", "revenue"]]
    summed = summed.reindex(periods.index)
    assert (summed["purchases"] == periods["purchases"]).all()
    assert (summed["lost_sales"] == periods["lost_sales"]).all()
    assert np.allclose(summed["revenue"], periods["revenue"], rtol=1e-9, atol=1e-6)
    assert by_category["purchases"].sum() > 0
