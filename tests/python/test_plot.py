"""Plots draw from results without a display."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np

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
