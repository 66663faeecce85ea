"""Plots draw from results without a display."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import journeysim as js


def test_shares_draws_one_line_per_store(high_street_results: js.Results) -> None:
    ax = js.plot.shares(high_street_results)
    try:
        labels = [line.get_label() for line in ax.get_lines()]
        assert labels == list(high_street_results.stores.index)
        assert len(ax.collections) == len(labels)  # a band per store: two replications
        for line in ax.get_lines():
            shares = np.asarray(line.get_ydata(), dtype=float)
            assert np.nanmin(shares) >= 0.0 and np.nanmax(shares) <= 1.0
    finally:
        plt.close(ax.figure)


def test_metric_draws_a_legend_of_its_stores(high_street_results: js.Results) -> None:
    ax = js.plot.metric(high_street_results, "revenue")
    try:
        legend = ax.get_legend()
        assert legend is not None
        assert [t.get_text() for t in legend.get_texts()] == [
            line.get_label() for line in ax.get_lines()
        ]
    finally:
        plt.close(ax.figure)


def test_shares_on_given_axes(high_street_results: js.Results) -> None:
    figure, ax = plt.subplots()
    try:
        assert js.plot.shares(high_street_results, ax=ax) is ax
    finally:
        plt.close(figure)


def test_save_overview_writes_a_png(high_street_results: js.Results, tmp_path: Path) -> None:
    path = js.plot.save_overview(high_street_results, tmp_path / "overview.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000


def test_adoption_draws_each_platform_as_a_share_of_its_audience() -> None:
    data = {
        "simulation": {"start_year": 2005, "years": 3.0, "period": "quarter"},
        "households": {"count": 400},
        "towns": {"only": {"radius_km": 2.0}},
        "stores": {"a": {"type": "online"}},
        "platforms": {
            "fast": {"innovation": 2.0},
            "late": {"launch": 2006, "innovation": 0.5},
        },
    }
    results = js.run(js.Scenario.from_dict(data), seed=1, replications=2)
    ax = js.plot.adoption(results)
    try:
        assert [line.get_label() for line in ax.get_lines()] == ["fast", "late"]
        fast, late = (np.asarray(line.get_ydata(), dtype=float) for line in ax.get_lines())
        mean = results.adoption.groupby(["platform", "period"], observed=True)["share"].mean()
        assert np.allclose(fast, mean["fast"].to_numpy())
        assert fast[-1] > late[-1] > 0.0
    finally:
        plt.close(ax.figure)


def test_adoption_without_platforms_says_so(high_street_results: js.Results) -> None:
    with pytest.raises(ValueError, match="no platforms"):
        js.plot.adoption(high_street_results)


def test_store_hours_draws_the_week_of_one_store(high_street_results: js.Results) -> None:
    store = str(high_street_results.stores.index[0])
    ax = js.plot.store_hours(high_street_results, store, value="arrivals")
    try:
        grid = np.asarray(ax.images[0].get_array())
        assert grid.shape == (7, 24)
        table = high_street_results.store_hours
        mine = table[table["store"] == store]
        monday_noon = mine[(mine["weekday"] == 0) & (mine["hour"] == 12)]["arrivals"].mean()
        assert grid[0, 12] == pytest.approx(monday_noon)
        assert [t.get_text() for t in ax.get_yticklabels()][0] == "Mon"
    finally:
        plt.close(ax.figure)


def test_store_hours_names_what_it_lacks(high_street_results: js.Results) -> None:
    with pytest.raises(ValueError, match="no store 'nowhere'"):
        js.plot.store_hours(high_street_results, "nowhere")
    with pytest.raises(ValueError, match="no column 'queue'"):
        js.plot.store_hours(high_street_results, str(high_street_results.stores.index[0]), "queue")
