"""journeysim: a discrete-event simulator of customer journeys between stores.

A short tour::

    import journeysim as js
    sc = js.Scenario.from_file("scenarios/hopewell.toml")
    res = js.run(sc.with_overrides({"stores.jacksons.price_index": 0.9}), replications=10)
    res.periods.groupby("store", observed=True).revenue.sum()
    js.plot.shares(res)

and a sweep over a design, resumable, into a directory (``docs/sweeps.md``)::

    js.sweep(sc, {"stores.jacksons.price_index": (0.8, 1.2)}, design="lhs:16",
             replications=5, out="runs/")
    js.sweep_summary(js.load_sweep("runs/"), "revenue")

and which parameters matter, from a ``sobol:N`` or ``morris:N`` design::

    js.sensitivity("runs/", "revenue", store="jacksons")

and a transaction log, streamed to a file while the run goes, with RFM summaries per
household and store (``docs/output.md``)::

    js.run(sc, replications=2, transactions="results/log.h5")
    js.rfm(js.load_transactions("results/log.h5"))

and the best of a few policies, with the probability that it is the best
(``docs/optimisation.md``)::

    js.optimize(sc, {"stores.jacksons.staff": (1, 4)}, "profit", store="jacksons")

and the unknown parameters fitted to a business's own history (``docs/calibration.md``)::

    fit = js.calibrate(sc, "history.csv", {"stores.jacksons.price_index": (0.8, 1.2)})
    fit.best, fit.intervals

also to a transaction export (customer, store, date, amount), through repeat-purchase
summaries per store::

    fit = js.calibrate(sc, ["history.csv", "crm_export.csv"], {"needs.spend": (20, 80)})
"""

from __future__ import annotations

from typing import Any

from journeysim import plot
from journeysim.calibrate import Calibration, calibrate
from journeysim.compare import compare
from journeysim.errors import ConfigError, WriteError
from journeysim.hdf5 import load_results
from journeysim.optimize import Optimum, optimize
from journeysim.repeat_purchases import repeat_purchase_summaries
from journeysim.results import Results
from journeysim.rfm import rfm
from journeysim.runner import run
from journeysim.scenario import Scenario
from journeysim.sensitivity import sensitivity
from journeysim.sweep import sweep
from journeysim.sweep_analysis import load_sweep, sweep_dataset
from journeysim.sweep_analysis import summary as sweep_summary
from journeysim.transaction_export import as_export
from journeysim.transactions import IncompleteLogWarning, load_transactions

__all__ = [
    "Calibration",
    "ConfigError",
    "IncompleteLogWarning",
    "Optimum",
    "Results",
    "Scenario",
    "WriteError",
    "__version__",
    "as_export",
    "calibrate",
    "compare",
    "load_results",
    "load_sweep",
    "load_transactions",
    "optimize",
    "plot",
    "repeat_purchase_summaries",
    "rfm",
    "run",
    "sensitivity",
    "sweep",
    "sweep_dataset",
    "sweep_summary",
]


def __getattr__(name: str) -> Any:
    # The version comes from the compiled engine, imported only when asked for.
    if name == "__version__":
        from journeysim import _engine

        return _engine.version()
    raise AttributeError(f"module 'journeysim' has no attribute {name!r}")
