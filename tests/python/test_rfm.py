"""RFM summaries: a hand-computed log, and a brute-force pandas computation on a real run.

Definitions (docs/output.md) follow lifetimes' summary_data_from_transaction_data:
purchases counted on distinct periods, frequency = periods - 1, recency = last - first,
T = observation end - first, monetary_value = mean of the repeat periods' totals.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import high_street

import journeysim as js


def _log(rows: list[tuple[int, int, str, float, float]]) -> pd.DataFrame:
    replication, household, store, time, price = zip(*rows)
    return pd.DataFrame(
        {
            "replication": replication,
            "household": household,
            "store": pd.Categorical(store, categories=["a", "b", "c"]),
            "time": time,
            "price_paid": price,
        }
    )


# Replication 0: household 1 buys at a on days 0 (twice: 10 + 5), 3 and 10, and once at b;
# household 2 buys twice on day 2 at a; household 3 only after the observation ends.
# Replication 1: household 1 again, on days 7 and 8 at a.
HAND = _log(
    [
        (0, 1, "a", 0.5, 10.0),
        (0, 1, "a", 0.7, 5.0),
        (0, 1, "a", 3.2, 20.0),
        (0, 1, "a", 10.9, 40.0),
        (0, 1, "b", 5.0, 7.0),
        (0, 2, "a", 2.0, 10.0),
        (0, 2, "a", 2.5, 10.0),
        (0, 3, "a", 25.0, 99.0),
        (1, 1, "a", 7.0, 12.0),
        (1, 1, "a", 8.99, 30.0),
    ]
)


def test_a_hand_computed_log_in_days() -> None:
    summary = js.rfm(HAND, observation_end=20.0)
    expected = pd.DataFrame(
        {
            "replication": [0, 0, 0, 1],
            "household": [1, 1, 2, 1],
            "store": pd.Categorical(["a", "b", "a", "a"], categories=["a", "b", "c"]),
            "frequency": [2, 0, 0, 1],
            "recency": [10.0, 0.0, 0.0, 1.0],
            "T": [20.0, 15.0, 18.0, 13.0],
            "monetary_value": [30.0, 0.0, 0.0, 30.0],
        }
    )
    pd.testing.assert_frame_equal(summary, expected)
    assert summary.attrs == {"observation_end": 20.0, "time_unit": "days"}


def test_a_hand_computed_log_in_weeks() -> None:
    summary = js.rfm(HAND, observation_end=20.0, time_unit="weeks")
    # Household 1 at a: week 0 (10 + 5 + 20) and week 1 (40); T = week 2 - week 0.
    # Replication 1: days 7 and 8.99 are both week 1.
    assert summary.frequency.tolist() == [1, 0, 0, 0]
    assert summary.recency.tolist() == [1.0, 0.0, 0.0, 0.0]
    assert summary["T"].tolist() == [2.0, 2.0, 2.0, 1.0]
    assert summary.monetary_value.tolist() == [40.0, 0.0, 0.0, 0.0]


def test_the_observation_end_cuts_purchases_and_defaults_to_the_last_one() -> None:
    early = js.rfm(HAND, observation_end=4.0)
    first = early[(early.replication == 0) & (early.household == 1) & (early.store == "a")]
    assert first.frequency.item() == 1 and first.monetary_value.item() == 20.0
    assert len(early) == 2  # household 1 at b (day 5) and replication 1 not yet
    # Without attrs, the latest purchase (day 25) ends the observation: household 3 counts.
    assert js.rfm(HAND)["T"].tolist() == [25.0, 20.0, 23.0, 0.0, 18.0]


def test_a_frame_without_replications_gives_one_row_per_household_and_store() -> None:
    single = HAND[HAND.replication == 0].drop(columns="replication")
    summary = js.rfm(single, observation_end=20.0)
    assert "replication" not in summary.columns
    assert summary.frequency.tolist() == [2, 0, 0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"time_unit": "months"}, "time_unit must be 'days' or 'weeks' \\(got 'months'\\)"),
        ({"observation_end": -1.0}, "observation_end must be a finite day >= 0"),
        ({"observation_end": math.nan}, "observation_end must be a finite day >= 0"),
        ({"observation_end": "soon"}, "observation_end must be a number of days"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        js.rfm(HAND, **kwargs)  # type: ignore[arg-type]


def test_a_frame_lacking_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="transactions lacks the columns price_paid"):
        js.rfm(HAND.drop(columns="price_paid"))
    with pytest.raises(ValueError, match="must be a DataFrame"):
        js.rfm([1, 2, 3])  # type: ignore[arg-type]


def _brute_force(log: pd.DataFrame, end: float) -> pd.DataFrame:
    """RFM one customer at a time, the slow obvious way."""
    rows = []
    kept = log[log.time <= end]
    for (replication, household, store), purchases in kept.groupby(
        ["replication", "household", "store"], observed=True
    ):
        days, day_of = np.unique(np.floor(purchases.time.to_numpy()), return_inverse=True)
        spent = [purchases.price_paid.to_numpy()[day_of == i].sum() for i in range(len(days))]
        rows.append(
            {
                "replication": replication,
                "household": household,
                "store": store,
                "frequency": len(days) - 1,
                "recency": days[-1] - days[0],
                "T": math.floor(end) - days[0],
                "monetary_value": float(np.mean(spent[1:])) if len(days) > 1 else 0.0,
            }
        )
    return pd.DataFrame(rows)


def test_a_real_log_matches_a_brute_force_computation(tmp_path: Path) -> None:
    data = high_street()
    data["households"]["count"] = 150
    js.run(js.Scenario.from_dict(data), seed=4, replications=2, transactions=tmp_path / "l.h5")
    log = js.load_transactions(tmp_path / "l.h5")
    summary = js.rfm(log)
    end = log.attrs["observation_end"]
    assert summary.attrs["observation_end"] == end == 3 * 365
    expected = _brute_force(log, end)
    assert len(summary) == len(expected) > 300
    assert (summary.frequency > 0).mean() > 0.3, "too few repeat customers to test much"
    for column in ("replication", "household", "frequency", "recency", "T"):
        np.testing.assert_array_equal(summary[column], expected[column], err_msg=column)
    assert summary.store.astype(str).tolist() == expected.store.astype(str).tolist()
    np.testing.assert_allclose(summary.monetary_value, expected.monetary_value, rtol=1e-12)
    # Customer-level totals agree with the log: every purchase day is counted once.
    days = log.assign(day=np.floor(log.time)).groupby(
        ["replication", "household", "store", "day"], observed=True
    ).ngroups
    assert (summary.frequency + 1).sum() == days


@pytest.mark.parametrize(("time_unit", "freq"), [("days", "D"), ("weeks", "W")])
def test_agrees_with_lifetimes(time_unit: str, freq: str, tmp_path: Path) -> None:
    """The reference implementation, when installed (it is not a dependency)."""
    utils = pytest.importorskip("lifetimes.utils")
    data = high_street()
    data["households"]["count"] = 300
    js.run(js.Scenario.from_dict(data), seed=9, transactions=tmp_path / "l.h5")
    log = js.load_transactions(tmp_path / "l.h5")
    ours = js.rfm(log, time_unit=time_unit)
    # lifetimes wants dates: day 0 on a Monday, so that its calendar weeks are 7-day blocks.
    day0 = pd.Timestamp("2001-01-01")
    dated = log.assign(
        customer=log.household * 10 + log.store.cat.codes,
        date=day0 + pd.to_timedelta(log.time, unit="D"),
    )
    theirs = utils.summary_data_from_transaction_data(
        dated, "customer", "date", monetary_value_col="price_paid",
        observation_period_end=day0 + pd.Timedelta(days=log.attrs["observation_end"]),
        freq=freq,
    ).sort_index()
    assert (theirs.index == ours.household * 10 + ours.store.cat.codes).all()
    for column in ("frequency", "recency", "T", "monetary_value"):
        np.testing.assert_allclose(ours[column], theirs[column], rtol=1e-12, err_msg=column)
