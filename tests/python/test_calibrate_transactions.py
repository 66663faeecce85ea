"""Calibrating to a transaction export: the repeat-purchase summaries, truth recovery through
them, and exports that do not fit the scenario."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from test_calibrate import TOWN

import journeysim as js
from journeysim.calibration_runs import run_point
from journeysim.observed import read_observations
from journeysim.repeat_purchases import SUMMARIES

# The spend per need shows only in the amounts, the need rate in how often customers come
# back: the export pins both down. Truth off the scenario's own values (4.0 and 40.0).
TRUTH = {"needs.rate_per_year": 5.0, "needs.spend": 55.0}
RANGES = {"needs.rate_per_year": (2.0, 8.0), "needs.spend": (20.0, 80.0)}


@pytest.fixture(scope="module")
def town() -> js.Scenario:
    return js.Scenario.from_dict(TOWN, name="town")


@pytest.fixture(scope="module")
def log(town: js.Scenario, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """One noisy realisation of the truth, with a seed the calibration does not use."""
    path = tmp_path_factory.mktemp("log") / "log.h5"
    js.run(town.with_overrides(TRUTH), seed=99, replications=1, transactions=path)
    return js.load_transactions(path)


@pytest.fixture(scope="module")
def export(log: pd.DataFrame) -> pd.DataFrame:
    return js.as_export(log)


def test_summaries_by_hand() -> None:
    # Customer 1 at a: days 0, 0 (one purchase of 30), 10, 40 -> 3 purchases, gaps 10 and 30,
    # last at 40. Customer 2 at a: day 5 only. Customer 1 at b: day 99, and day 100, which is
    # outside the window [0, 100).
    frame = pd.DataFrame({
        "replication": 0,
        "household": [1, 1, 1, 1, 2, 1, 1],
        "store": ["a", "a", "a", "a", "a", "b", "b"],
        "time": [0.2, 0.7, 10.5, 40.0, 5.0, 99.9, 100.0],
        "price_paid": [10.0, 20.0, 30.0, 40.0, 50.0, 7.0, 8.0],
    })
    got = js.repeat_purchase_summaries(frame, 0.0, 100.0).set_index(["store", "metric"])
    value = got["value"]
    assert value["a", "buyers_1"] == 0.5 and value["a", "buyers_3"] == 0.5
    assert value["a", "buyers_2"] == 0.0 and value["a", "buyers_4_plus"] == 0.0
    assert value["a", "recency_days"] == pytest.approx(((100 - 40) + (100 - 5)) / 2)
    assert value["a", "interpurchase_days"] == pytest.approx(40 / 2)
    assert value["a", "mean_amount"] == pytest.approx(150 / 4)  # 4 purchase days
    assert value["b", "buyers_1"] == 1.0 and value["b", "mean_amount"] == 7.0
    assert ("b", "interpurchase_days") not in value.index  # nobody bought twice


def test_the_export_and_the_log_give_the_same_summaries(
        town: js.Scenario, log: pd.DataFrame, export: pd.DataFrame) -> None:
    # Dates round-trip to the engine's days, so the two kinds of customer meet exactly.
    observations = read_observations(export, town)
    start, end = observations.window
    assert start == 0.0 and end == 730.0  # the export's quarters cover the whole run
    from_log = js.repeat_purchase_summaries(log, start, end)
    cells = observations.cells.merge(from_log, on=["store", "metric"])
    assert len(cells) == len(observations.cells) == 14
    np.testing.assert_allclose(cells["value_x"], cells["value_y"], rtol=1e-12)


def test_a_run_summarises_its_own_log_over_the_window(town: js.Scenario) -> None:
    evaluated = run_point(town, 5, 2, None, (365.0, 730.0), pd.Timestamp("2001-01-01"))
    assert set(evaluated.summaries["replication"]) == {0, 1}
    assert set(evaluated.summaries["metric"]) == set(SUMMARIES)
    shares = evaluated.summaries[evaluated.summaries["metric"].str.startswith("buyers_")]
    np.testing.assert_allclose(shares.groupby(["replication", "store"])["value"].sum(), 1.0)


@pytest.fixture(scope="module")
def fitted(town: js.Scenario, export: pd.DataFrame) -> js.Calibration:
    return js.calibrate(town, export, RANGES, budget=50, replications=4, seed=0,
                        method="tpe")


def test_the_truth_lies_inside_the_intervals(fitted: js.Calibration) -> None:
    for path, truth in TRUTH.items():
        lo, hi = fitted.intervals[path]
        assert lo <= truth <= hi, (path, truth, (lo, hi), fitted.best)
        # And the data pin it down: well under the whole range.
        assert hi - lo < 0.6 * (RANGES[path][1] - RANGES[path][0]), (path, (lo, hi))


def test_the_fit_holds_every_summary_cell(fitted: js.Calibration) -> None:
    assert set(fitted.fit["metric"]) <= set(SUMMARIES)
    assert len(fitted.fit) == 14  # 7 summaries x 2 stores
    assert (fitted.fit["sd"] > 0).all()
    import matplotlib.pyplot as plt

    fig = fitted.plot()
    assert len(fig.axes) == 2  # the loss trace and the summaries
    plt.close(fig)


def test_metric_tables_and_an_export_mix_in_one_loss(
        town: js.Scenario, export: pd.DataFrame) -> None:
    res = js.run(town.with_overrides(TRUTH), seed=99, replications=1)
    table = res.periods.drop(columns="period").rename(columns={"date": "period"})
    table = table.assign(store=table["store"].astype(str))[["period", "store", "purchases"]]
    with warnings.catch_warnings():  # three points need not pin anything down
        warnings.simplefilter("ignore", UserWarning)
        both = js.calibrate(town, {"books": table, "crm": export},
                            {"needs.spend": (20.0, 80.0)}, budget=3, method="tpe")
        listed = js.calibrate(town, [table, export], {"needs.spend": (20.0, 80.0)}, budget=3,
                              method="tpe")
    assert set(both.fit["metric"]) == {"purchases", *SUMMARIES}
    pd.testing.assert_frame_equal(both.history, listed.history)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e.drop(columns="amount"),
         r"observed: the transaction export has no 'amount' column \(columns: customer, "
         r"store, date; an export needs customer, store, date, amount\)"),
        (lambda e: e.assign(store=e["store"].replace("b", "nope")),
         r"observed: store 'nope' is not in the scenario \(stores: a, b\)"),
        (lambda e: e.assign(date=e["date"] - pd.DateOffset(years=3)),
         r"observed: date 1997-\d\d-\d\d \(and \d+ more\) is outside the run's measured periods "
         r"\(2000-01-01 to 2001-12-31, 8 periods\)"),
        (lambda e: e.assign(date="someday"), "observed: date 'someday' is not a date"),
        (lambda e: e.assign(amount=-1.0),
         r"observed: amount -1.0 is not a number >= 0 \(\d+ row\(s\)\)"),
        (lambda e: e.assign(customer=None), r"observed: customer is empty in \d+ row\(s\)"),
        (lambda e: e.iloc[:0], "observed: the transaction export has no rows"),
    ],
)
def test_a_bad_export_is_a_config_error(town: js.Scenario, export: pd.DataFrame,
                                        change: Any, message: str) -> None:
    with pytest.raises(js.ConfigError, match=message):
        js.calibrate(town, change(export), RANGES, budget=2, method="tpe")


def test_errors_name_the_table_they_are_in(town: js.Scenario, export: pd.DataFrame) -> None:
    with pytest.raises(js.ConfigError, match=r"observed\.crm: store 'nope'"):
        js.calibrate(town, {"crm": export.assign(store="nope")}, RANGES, budget=2,
                     method="tpe")
    with pytest.raises(js.ConfigError, match=r"observed\[1\]: a second transaction export"):
        js.calibrate(town, [export, export], RANGES, budget=2, method="tpe")


def test_an_export_from_a_csv_file(town: js.Scenario, export: pd.DataFrame,
                                   tmp_path: Any) -> None:
    path = tmp_path / "crm.csv"
    export.assign(date=export["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    from_file = read_observations(path, town)
    in_memory = read_observations(export, town)
    pd.testing.assert_frame_equal(from_file.cells, in_memory.cells)
