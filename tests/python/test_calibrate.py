"""js.calibrate: truth recovery on synthetic data, observed-data errors, identifiability."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

import journeysim as js
from conftest import journeysim_cli

# Two chains in one town, two years in quarters: small enough for many runs in a test.
TOWN: dict[str, Any] = {
    "simulation": {"start_year": 2000, "years": 2.0, "period": "quarter"},
    "households": {"count": 400, "price_sensitivity": {"mean": 3.0, "sd": 0.5}},
    "towns": {"only": {"x": 0.0, "y": 0.0, "radius_km": 3.0, "share": 1.0}},
    "needs": {"rate_per_year": 4.0, "spend": 40.0},
    "stores": {
        "a": {"type": "chain", "x": 0.5, "y": 0.0, "price_index": 1.0},
        "b": {"type": "chain", "x": -0.5, "y": 0.0, "price_index": 1.0},
    },
}
TRUTH = {"stores.a.price_index": 1.1, "needs.rate_per_year": 5.0}
RANGES = {"stores.a.price_index": (0.7, 1.5), "needs.rate_per_year": (2.0, 8.0)}


def observe(town: js.Scenario, seed: int) -> pd.DataFrame:
    """One noisy realisation of the truth: purchases and share per store and quarter."""
    res = js.run(town.with_overrides(TRUTH), seed=seed, replications=1)
    frame = res.periods.drop(columns="period").rename(columns={"date": "period"})
    frame["store"] = frame["store"].astype(str)
    return frame[["period", "store", "purchases", "share"]]


@pytest.fixture(scope="module")
def town() -> js.Scenario:
    return js.Scenario.from_dict(TOWN, name="town")


@pytest.fixture(scope="module")
def observed(town: js.Scenario) -> pd.DataFrame:
    """One noisy realisation of the truth, with a seed the calibration does not use."""
    return observe(town, 99)


@pytest.fixture(scope="module")
def fitted(town: js.Scenario, observed: pd.DataFrame) -> js.Calibration:
    return js.calibrate(town, observed, RANGES, budget=40, replications=4, seed=0,
                        method="tpe")


def test_the_truth_lies_inside_the_intervals(fitted: js.Calibration) -> None:
    for path, truth in TRUTH.items():
        lo, hi = fitted.intervals[path]
        assert lo <= truth <= hi, (path, truth, (lo, hi), fitted.best)


def test_the_best_is_near_the_truth(fitted: js.Calibration) -> None:
    for path, truth in TRUTH.items():
        lo, hi = RANGES[path]
        assert abs(fitted.best[path] - truth) <= 0.15 * (hi - lo), (path, fitted.best)


def test_the_calibration_keeps_every_point_and_the_fitted_scenario(
        fitted: js.Calibration, tmp_path: Any) -> None:
    history = fitted.history
    assert len(history) == 40
    assert list(history.columns) == ["evaluation", *RANGES, "loss"]
    assert fitted.loss == history["loss"].min()
    data = fitted.scenario.to_dict()
    assert data["needs"]["rate_per_year"] == fitted.best["needs.rate_per_year"]
    fitted.to_toml(tmp_path / "fitted.toml")
    assert js.Scenario.from_file(tmp_path / "fitted.toml").to_dict() == data
    assert set(fitted.fit["metric"]) == {"purchases", "share"}
    fig = fitted.plot()
    assert len(fig.axes) == 3
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_observed_data_from_a_csv_file(town: js.Scenario, observed: pd.DataFrame,
                                       tmp_path: Any) -> None:
    path = tmp_path / "history.csv"
    observed.assign(period=observed["period"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    with warnings.catch_warnings():  # three points may not pin anything down
        warnings.simplefilter("ignore", UserWarning)
        fit = js.calibrate(town, path, {"stores.a.price_index": (0.9, 1.2)}, budget=3,
                           method="tpe")
    assert len(fit.history) == 3


def test_ints_stay_whole(town: js.Scenario, observed: pd.DataFrame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        fit = js.calibrate(town, observed, {"stores.a.staff": (1, 3)}, budget=3,
                           method="tpe")
    assert isinstance(fit.best["stores.a.staff"], int)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.assign(store=f["store"].replace("b", "nope")),
         "observed: store 'nope' is not in the scenario (stores: a, b)"),
        (lambda f: f.assign(footfall=1.0), "observed: metric 'footfall' is not a store-period"),
        (lambda f: f.assign(period=f["period"] - pd.DateOffset(years=10)),
         "observed: period 1990-01-01 (and 7 more) is not the start of a period of the run "
         "(8 periods: 2000-01-01 to 2001-10-01)"),
        (lambda f: f.drop(columns="store"), "observed: no 'store' column"),
        (lambda f: pd.concat([f, f]), "more than one row for period"),
    ],
)
def test_bad_observed_data_is_a_config_error(town: js.Scenario, observed: pd.DataFrame,
                                             change: Any, message: str) -> None:
    with pytest.raises(js.ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        js.calibrate(town, change(observed), RANGES, budget=2, method="tpe")


def test_a_bad_parameter_is_named(town: js.Scenario, observed: pd.DataFrame) -> None:
    with pytest.raises(js.ConfigError, match="stores.nope"):
        js.calibrate(town, observed, {"stores.nope.price_index": (0.8, 1.2)}, budget=2,
                     method="tpe")
    with pytest.raises(ValueError, match="params"):
        js.calibrate(town, observed, {"stores.a.referral": ["none", "refer"]}, budget=2,
                     method="tpe")


def test_a_parameter_the_data_do_not_see_is_flagged(town: js.Scenario,
                                                    observed: pd.DataFrame) -> None:
    # The spend per need changes revenue, not how many purchases there are.
    purchases = observed[["period", "store", "purchases"]]
    with pytest.warns(UserWarning, match="needs.spend's interval .* the data do not pin it"):
        fit = js.calibrate(town, purchases, {"needs.spend": (20.0, 80.0)}, budget=12, seed=3,
                           method="tpe")
    lo, hi = fit.intervals["needs.spend"]
    assert hi - lo > 0.8 * 60.0
    assert np.isfinite(fit.loss)


def test_the_command_line_writes_the_fitted_scenario_and_the_history(
        town: js.Scenario, observed: pd.DataFrame, tmp_path: Any) -> None:
    (tmp_path / "town.toml").write_text(town.to_toml())
    # Purchases alone say nothing of the spend per need: a warning, every time.
    observed.drop(columns="share").to_csv(tmp_path / "history.csv", index=False)
    done = journeysim_cli("calibrate", tmp_path / "town.toml", "--observed",
                          tmp_path / "history.csv", "--param", "needs.spend=20.0:80.0",
                          "--budget", "4", "--method", "tpe",
                          "--out", tmp_path / "fit", "--no-progress")
    assert done.returncode == 0, done.stderr
    assert "needs.spend = " in done.stdout
    assert "warning: calibrate: needs.spend's interval" in done.stderr
    fitted = js.Scenario.from_file(tmp_path / "fit" / "calibrated.toml")
    history = pd.read_csv(tmp_path / "fit" / "history.csv")
    assert len(history) == 4
    assert fitted.to_dict()["needs"]["spend"] in set(history["needs.spend"])


def test_the_command_line_names_a_bad_store(town: js.Scenario, observed: pd.DataFrame,
                                            tmp_path: Any) -> None:
    (tmp_path / "town.toml").write_text(town.to_toml())
    observed.assign(store="nope").to_csv(tmp_path / "history.csv", index=False)
    done = journeysim_cli("calibrate", tmp_path / "town.toml", "--observed",
                          tmp_path / "history.csv", "--param", "stores.a.price_index=0.9:1.2",
                          "--out", tmp_path / "fit")
    assert done.returncode == 2
    assert "observed: store 'nope' is not in the scenario (stores: a, b)" in done.stderr
