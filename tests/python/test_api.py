"""The public API: run() arguments and the shape of Results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import HIGH_STREET, minimal, tomllib, write_scenario

import journeysim as js
from journeysim.results import METRICS

STORE_ORDER = list(HIGH_STREET["stores"])


def test_version_is_the_engines() -> None:
    from journeysim import _core

    assert js.__version__ == _core.__version__
    assert js.__version__


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"seed": 2**64}, "seed"),
        ({"replications": 0}, "replications"),
        ({"replications": "3"}, "replications"),
        ({"threads": 0}, "threads"),
        ({"threads": True}, "threads"),
    ],
)
def test_run_rejects_bad_arguments_naming_them(arguments: dict, named: str) -> None:
    scenario = js.Scenario.from_dict(minimal())
    with pytest.raises(ValueError, match=named) as caught:
        js.run(scenario, **arguments)
    assert repr(next(iter(arguments.values()))) in str(caught.value) or str(
        next(iter(arguments.values()))
    ) in str(caught.value)


def test_run_accepts_a_path(tmp_path: Path) -> None:
    path = write_scenario(tmp_path / "tiny.toml", minimal())
    results = js.run(path)
    assert results.meta["scenario_name"] == "tiny"
    assert "tiny" in repr(results)


def test_run_checks_a_scenario_built_without_validation() -> None:
    data = minimal()
    data["households"]["count"] = 0
    with pytest.raises(js.ConfigError):
        js.run(js.Scenario(data))


def test_run_reports_progress_to_a_callable() -> None:
    seen: list[float] = []
    js.run(js.Scenario.from_dict(minimal()), progress=seen.append)
    assert all(0.0 <= fraction <= 1.0 for fraction in seen)
    assert seen == sorted(seen)


def test_progress_false_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    js.run(js.Scenario.from_dict(minimal()), progress=False)
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_true_draws_a_bar_on_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    js.run(js.Scenario.from_dict(minimal()), progress=True)
    captured = capfd.readouterr()
    assert captured.out == ""
    assert "%" in captured.err


def test_periods_is_tidy(high_street_results: js.Results) -> None:
    periods = high_street_results.periods
    assert list(periods.columns) == ["replication", "period", "date", "store", *METRICS]
    assert periods["date"].dtype.kind == "M"
    assert isinstance(periods["store"].dtype, pd.CategoricalDtype)
    assert list(periods["store"].cat.categories) == STORE_ORDER
    keys = periods[["replication", "period", "store"]].astype(str)
    assert not keys.duplicated().any()
    n_periods = len(high_street_results.tables["periods"]["period"])
    assert len(periods) == 2 * n_periods * len(STORE_ORDER)
    assert sorted(periods["replication"].unique()) == [0, 1]


def test_dates_follow_the_periods_table(high_street_results: js.Results) -> None:
    periods = high_street_results.tables["periods"]
    frame = high_street_results.periods
    first = frame[frame["period"] == periods["period"][0]]["date"].unique()
    assert list(first) == [pd.Timestamp(periods["date"][0])]
    assert frame["date"].min().year == HIGH_STREET["simulation"]["start_year"]


def test_stores_is_indexed_by_name(high_street_results: js.Results) -> None:
    stores = high_street_results.stores
    assert list(stores.index) == STORE_ORDER
    assert stores.loc["grand", "mall"] == "plaza"
    assert stores.loc["web", "type"] == "online"
    assert stores.loc["value", "price_index"] == pytest.approx(0.85)
    assert np.isinf(stores.loc["corner", "closes_day"])
    assert stores.loc["value", "closes_day"] < 3 * 365


def test_totals_and_seeds(high_street_results: js.Results) -> None:
    totals = high_street_results.totals
    assert {"replication", "period", "date", "needs", "unmet_needs"} <= set(totals.columns)
    assert (totals["unmet_needs"] <= totals["needs"]).all()
    seeds = high_street_results.seeds
    assert list(seeds.index) == [0, 1]
    assert {"seed_households", "seed_needs", "seed_visits", "seed_campaigns"} <= set(seeds.columns)
    streams = [column for column in seeds.columns if column.startswith("seed_")]
    assert all(seeds[column].dtype == np.uint64 for column in streams)


def test_meta_and_scenario(high_street_results: js.Results) -> None:
    meta = high_street_results.meta
    assert meta["seed"] == 11 and meta["replications"] == 2
    assert meta["journeysim_version"] == js.__version__
    assert tomllib.loads(meta["scenario"])["households"]["count"] == 1500
    scenario = high_street_results.scenario
    assert isinstance(scenario, js.Scenario)
    assert set(scenario.to_dict()["stores"]) == set(STORE_ORDER)


def test_summary_per_store(high_street_results: js.Results) -> None:
    summary = high_street_results.summary()
    assert list(summary.index) == STORE_ORDER
    periods = high_street_results.periods
    totals = periods.groupby("store", observed=False)[["visits", "revenue"]].sum() / 2
    assert np.allclose(summary["visits"], totals["visits"].to_numpy())
    assert np.allclose(summary["revenue"], totals["revenue"].to_numpy())
    assert summary["share"].sum() == pytest.approx(1.0)
    assert summary.loc["web", "type"] == "online"


def test_summary_share_is_the_share_of_all_purchases(high_street_results: js.Results) -> None:
    periods = high_street_results.periods
    per_run = periods.groupby(["replication", "store"], observed=False)["purchases"].sum()
    shares = (per_run / per_run.groupby(level=0).transform("sum")).groupby(level=1).mean()
    summary = high_street_results.summary()
    assert np.allclose(summary["share"], shares.reindex(summary.index).to_numpy())


def test_repr_is_short(high_street_results: js.Results) -> None:
    text = repr(high_street_results)
    assert "2 replication" in text and len(text) < 120
