"""Plots of sweeps: outcome against a parameter with intervals, and sensitivity indices."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer, ErrorbarContainer

import journeysim as js


def a_summary() -> pd.DataFrame:
    """A sweep summary as sweep_summary gives it: three prices, two stores."""
    table = pd.DataFrame({
        "point": [0, 0, 1, 1, 2, 2],
        "stores.a.price_index": [1.2, 1.2, 0.8, 0.8, 1.0, 1.0],
        "store": ["a", "b"] * 3,
        "mean": [10.0, 30.0, 30.0, 10.0, 20.0, 20.0],
        "ci_low": [8.0, 27.0, 26.0, 9.0, 19.0, 18.0],
        "ci_high": [12.0, 33.0, 34.0, 11.0, 21.0, 22.0],
        "sd": [1.0] * 6,
        "n": [5] * 6,
    })
    table.attrs.update(metric="revenue", confidence=0.95)
    return table


def test_outcome_draws_means_with_their_intervals_per_store() -> None:
    ax = js.plot.outcome(a_summary(), "stores.a.price_index")
    try:
        bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
        assert [c.get_label() for c in bars] == ["a", "b"]
        line, _, (verticals,) = bars[0].lines
        # Sorted by price, at the means; the bars span each interval exactly.
        assert list(line.get_xdata()) == [0.8, 1.0, 1.2]
        assert list(line.get_ydata()) == [30.0, 20.0, 10.0]
        spans = [(seg[0][1], seg[1][1]) for seg in verticals.get_segments()]
        assert spans == [(26.0, 34.0), (19.0, 21.0), (8.0, 12.0)]
        assert len(ax.collections) >= 2 * 2  # a band per store besides its error bars
        assert ax.get_xlabel() == "stores.a.price_index"
        assert ax.get_ylabel() == "revenue (mean, 95% CI)"
    finally:
        plt.close(ax.figure)


def test_outcome_of_a_sampled_design_draws_points_not_a_line() -> None:
    # Two parameters sampled together (lhs): every point differs in both, so joining the
    # means along one of them would draw a curve the design never measured.
    table = a_summary()
    table["stores.b.price_index"] = [0.9, 0.9, 1.1, 1.1, 1.0, 1.0]
    ax = js.plot.outcome(table, "stores.a.price_index")
    try:
        bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
        assert all(c.lines[0].get_linestyle() == "None" for c in bars)
        assert not [c for c in ax.collections if isinstance(c, PolyCollection)]  # no bands
        assert [c.get_label() for c in bars] == ["a", "b"]  # intervals still drawn
    finally:
        plt.close(ax.figure)


def test_outcome_names_what_is_missing() -> None:
    with pytest.raises(ValueError, match="no parameter 'x'"):
        js.plot.outcome(a_summary(), "x")
    with pytest.raises(ValueError, match="no store 'z'"):
        js.plot.outcome(a_summary(), "stores.a.price_index", stores=["z"])


def indices(method: str) -> pd.DataFrame:
    if method == "sobol":
        values = {"S1": [0.9, 0.01], "S1_conf": [0.05, 0.02], "ST": [0.95, 0.02],
                  "ST_conf": [0.04, 0.01]}
    else:
        values = {"mu": [-40.0, 0.5], "mu_star": [40.0, 1.0], "mu_star_conf": [5.0, 0.5],
                  "sigma": [3.0, 1.5]}
    table = pd.DataFrame({"store": "a", "parameter": ["price", "staff"], **values})
    table.attrs.update(method=method, metric="revenue")
    return table


@pytest.mark.parametrize(
    ("method", "columns"), [("sobol", ["S1", "ST"]), ("morris", ["mu_star", "sigma"])]
)
def test_sensitivity_bars_have_the_indices_heights(method: str, columns: list[str]) -> None:
    table = indices(method)
    ax = js.plot.sensitivity(table)
    try:
        groups = [c for c in ax.containers if isinstance(c, BarContainer)]
        assert len(groups) == 2
        for group, column in zip(groups, columns):
            heights = [patch.get_height() for patch in group.patches]
            assert np.allclose(heights, table[column])
        assert [t.get_text() for t in ax.get_xticklabels()] == ["price", "staff"]
        assert method in ax.get_title() and "revenue" in ax.get_title()
    finally:
        plt.close(ax.figure)


def test_sensitivity_of_several_stores_needs_one_picked() -> None:
    table = pd.concat([indices("sobol"), indices("sobol").assign(store="b")])
    with pytest.raises(ValueError, match="pick one with store="):
        js.plot.sensitivity(table)
    ax = js.plot.sensitivity(table, store="b")
    plt.close(ax.figure)
