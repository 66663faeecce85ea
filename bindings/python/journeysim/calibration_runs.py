"""A calibration's runs: one point's replications, as the cells its loss compares.

:func:`run_point` runs where the executor puts it (this process, a pool's worker, a Dask
worker) and, when a transaction export is observed, also reduces each replication's
transaction log to repeat-purchase summaries there, so that only the summaries travel back,
never the log. :func:`replicated_cells` lays both out as the observed cells are laid out.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from journeysim.repeat_purchases import repeat_purchase_summaries
from journeysim.results import Results
from journeysim.scenario import Scenario

__all__ = ["Evaluated", "replicated_cells", "run_point"]


@dataclass(frozen=True)
class Evaluated:
    """A point's run: its ``results`` and, with a ``window``, its repeat-purchase
    ``summaries`` per replication (``replication``, ``store``, ``metric``, ``value``)."""

    results: Results
    summaries: pd.DataFrame | None = None
    summary_date: pd.Timestamp | None = None


def run_point(scenario: Scenario, seed: int, replications: int, threads: int | None,
              window: tuple[float, float] | None = None,
              summary_date: pd.Timestamp | None = None) -> Evaluated:
    """Run ``scenario``; with a ``window`` (days), with its transaction log summarised over
    it (the summaries' cells dated ``summary_date``). Without one, exactly ``run``."""
    from journeysim.runner import run
    from journeysim.transactions import load_transactions

    if window is None:
        return Evaluated(run(scenario, seed=seed, replications=replications, threads=threads))
    with tempfile.TemporaryDirectory(prefix="journeysim-calibrate-") as folder:
        log = Path(folder) / "transactions.h5"
        results = run(scenario, seed=seed, replications=replications, threads=threads,
                      transactions=log)
        summaries = repeat_purchase_summaries(load_transactions(log), *window)
    return Evaluated(results, summaries, summary_date)


def replicated_cells(evaluated: Evaluated, metrics: list[str]) -> pd.DataFrame:
    """Every replication's value of each of ``metrics`` per (date, store): ``replication``,
    ``date``, ``store``, ``metric``, ``simulated``; store-period metrics from the periods
    table, repeat-purchase summaries from the log."""
    periods = evaluated.results.periods
    kept = [m for m in metrics if m in periods.columns]
    long = periods.melt(id_vars=["replication", "date", "store"], value_vars=kept,
                        var_name="metric", value_name="simulated")
    long["store"] = long["store"].astype(str)
    if evaluated.summaries is None or evaluated.summaries.empty:
        return long
    summaries = evaluated.summaries.rename(columns={"value": "simulated"})
    summaries = summaries[summaries["metric"].isin(metrics)].assign(
        date=evaluated.summary_date)
    return pd.concat([long, summaries[long.columns]], ignore_index=True)
