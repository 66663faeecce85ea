"""Sensitivity indices: Sobol (Saltelli's scheme) and Morris screening through SALib."""

from __future__ import annotations

import concurrent.futures as cf
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import minimal

import journeysim as js
from journeysim.designs import Space, design_sample

# Two stores compete on price; a third opens only after the horizon, so its chat agents cannot
# matter. The price index of store "a" swings from half to twice the reference.
PRICE, IDLE = "stores.a.price_index", "stores.later.chat_staff"
SPACE = {PRICE: (0.5, 2.0), IDLE: (1, 6)}


@pytest.fixture(scope="module")
def toy() -> js.Scenario:
    data = minimal()
    data["simulation"].update(start_year=2000, years=0.5)
    data["households"]["count"] = 300
    data["needs"]["rate_per_year"] = 4.0
    data["stores"] = {
        "a": {"type": "online", "price_index": 1.0},
        "b": {"type": "online", "price_index": 1.0},
        "later": {"type": "online", "opens": 2003},
    }
    return js.Scenario.from_dict(data)


def run_sweep(scenario: js.Scenario, out: Path, design: str) -> None:
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        report = js.sweep(scenario, SPACE, design=design, replications=2, seed=5, out=out,
                          executor=pool)
    assert report.ok


@pytest.fixture(scope="module")
def sobol_dir(toy: js.Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sobol") / "runs"
    run_sweep(toy, out, "sobol:16")
    return out


@pytest.fixture(scope="module")
def sobol_frame(sobol_dir: Path) -> pd.DataFrame:
    return js.load_sweep(sobol_dir)


@pytest.fixture(scope="module")
def morris_dir(toy: js.Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("morris") / "runs"
    run_sweep(toy, out, "morris:8")
    return out


def by_parameter(table: pd.DataFrame, store: str) -> pd.DataFrame:
    return table[table["store"] == store].set_index("parameter")


def test_saltelli_and_morris_designs_have_their_sizes() -> None:
    space = Space({"a.x": (0.0, 1.0), "a.n": (1, 3), "a.kind": ["p", "q"]})
    sobol = design_sample(space, "sobol:8", seed=1)
    assert len(sobol.points) == 8 * (3 + 2) and sobol.unit is not None
    assert sobol.unit.shape == (40, 3) and ((sobol.unit >= 0) & (sobol.unit <= 1)).all()
    morris = design_sample(space, "morris:5", seed=1)
    assert len(morris.points) == 5 * (3 + 1)
    # A Morris trajectory moves one parameter at a time, by the same step.
    assert morris.unit is not None
    steps = np.diff(morris.unit.reshape(5, 4, 3), axis=1)
    assert ((np.abs(steps) > 1e-12).sum(axis=2) == 1).all()
    assert np.allclose(np.abs(steps[np.abs(steps) > 1e-12]), 2 / 3)
    # Unit coordinates map to values as the module documents.
    for point, u in zip(morris.points, morris.unit):
        assert point["a.x"] == pytest.approx(u[0])
        assert point["a.n"] == min(1 + int(np.floor(u[1] * 3)), 3)
        assert point["a.kind"] == ("p", "q")[min(int(np.floor(u[2] * 2)), 1)]
    assert design_sample(space, "morris:5", seed=1).points == morris.points
    assert design_sample(space, "morris:5", seed=2).points != morris.points


def test_sobol_indices_single_out_the_parameter_that_matters(sobol_dir: Path) -> None:
    table = js.sensitivity(sobol_dir, "purchases")  # from the directory
    assert table.attrs == {"method": "sobol", "metric": "purchases"}
    assert set(table["store"]) == {"a", "b", "later"}
    for store in ("a", "b"):
        indices = by_parameter(table, store)
        assert indices.loc[PRICE, "ST"] > 0.8, indices
        assert abs(indices.loc[IDLE, "ST"]) < 0.1, indices
        # S1's estimator is the noisier one at N = 16 (bootstrap half-widths up to ~0.7).
        assert indices.loc[PRICE, "S1"] > 0.7, indices
        assert abs(indices.loc[IDLE, "S1"]) < 0.15, indices
    # Nobody buys at a store that never opens: nothing to share out.
    assert by_parameter(table, "later")[["S1", "ST"]].isna().all().all()


def test_sobol_indices_agree_with_a_direct_variance_decomposition(
    sobol_frame: pd.DataFrame,
) -> None:
    """With one parameter doing everything, S1 of price is its share of the variance."""
    frame = sobol_frame
    summary = js.sweep_summary(frame, "purchases")
    a = summary[summary["store"] == "a"]
    # Variance explained by price: a smooth fit of the mean outcome on price alone.
    fit = np.polyval(np.polyfit(a[PRICE], a["mean"], 3), a[PRICE])
    explained = 1 - np.var(a["mean"] - fit) / np.var(a["mean"])
    s1 = by_parameter(js.sensitivity(frame, "purchases", store="a"), "a").loc[PRICE, "S1"]
    assert s1 == pytest.approx(explained, abs=0.2)


def test_morris_screening_singles_out_the_parameter_that_matters(morris_dir: Path) -> None:
    table = js.sensitivity(js.load_sweep(morris_dir), "purchases", store="a")
    assert table.attrs["method"] == "morris"
    indices = by_parameter(table, "a")
    assert indices.loc[PRICE, "mu_star"] > 10 * indices.loc[IDLE, "mu_star"]
    assert indices.loc[PRICE, "mu"] < 0  # dearer, fewer sales at a
    assert (indices["mu_star"] >= indices["mu"].abs() - 1e-9).all()
    assert {"mu_star_conf", "sigma"} <= set(table.columns)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda f: js.sensitivity(f, "no_such_metric"), "no metric"),
        (lambda f: js.sensitivity(f, "purchases", store="z"), "no store 'z'"),
        (lambda f: js.sensitivity(f, "purchases", confidence=1.5), "confidence"),
        (lambda f: js.sensitivity(f.copy().pipe(_without_attrs), "purchases"),
         "sweep directory"),
    ],
)
def test_bad_requests_say_what_is_wrong(
    sobol_frame: pd.DataFrame, call: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call(sobol_frame)


def _without_attrs(frame: pd.DataFrame) -> pd.DataFrame:
    frame.attrs = {}
    return frame


def test_indices_need_a_sobol_or_morris_design_and_every_point(
    toy: js.Scenario, tmp_path: Path, sobol_frame: pd.DataFrame
) -> None:
    run_sweep(toy, tmp_path / "lhs", "lhs:4")
    with pytest.raises(ValueError, match="sobol:N or morris:N"):
        js.sensitivity(tmp_path / "lhs", "purchases")
    frame = sobol_frame
    with pytest.raises(ValueError, match=r"1 point\(s\) are not done \(\[3\]\)"):
        js.sensitivity(frame[frame["point"] != 3], "purchases")


def test_a_sobol_sweep_of_the_old_kind_is_refused(sobol_dir: Path, tmp_path: Path) -> None:
    """Before SALib, sobol:N meant N points of a Sobol sequence, without unit coordinates."""
    old = tmp_path / "old"
    shutil.copytree(sobol_dir, old)
    definition = json.loads((old / "sweep.json").read_text())
    definition["points"] = definition["points"][:16]
    for entry in definition["points"]:
        del entry["unit"]
    (old / "sweep.json").write_text(json.dumps(definition))
    with pytest.raises(ValueError, match="does not hold sobol's sample of 64 points"):
        js.sensitivity(old, "purchases")
