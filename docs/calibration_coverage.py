"""How often js.calibrate's intervals hold the truth: docs/calibration.md's coverage table.

    python docs/calibration_coverage.py REALISATIONS BUDGET    (20 40 for the table)
    python docs/calibration_coverage.py REALISATIONS BUDGET export

Fits the test town of tests/python/test_calibrate.py to REALISATIONS noisy realisations of
its known truth (seeds 1000, 1001, ...) and prints each fit, then the share of intervals
holding the truth. With ``export``: the realisations are transaction exports and the truth
and ranges are tests/python/test_calibrate_transactions.py's.
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import journeysim as js

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
import test_calibrate  # noqa: E402
import test_calibrate_transactions  # noqa: E402
from test_calibrate import TOWN  # noqa: E402


def main(realisations: int, budget: int, export: bool) -> None:
    town = js.Scenario.from_dict(TOWN)
    warnings.simplefilter("ignore", UserWarning)  # short budgets leave parameters loose
    case = test_calibrate_transactions if export else test_calibrate
    hits = dict.fromkeys(case.TRUTH, 0)
    for k in range(realisations):
        observed = (_export if export else _table)(town.with_overrides(case.TRUTH), 1000 + k)
        fit = js.calibrate(town, observed, case.RANGES, budget=budget, seed=0)
        row = []
        for path, truth in case.TRUTH.items():
            lo, hi = fit.intervals[path]
            hits[path] += lo <= truth <= hi
            row.append(f"{path} {fit.best[path]:.3f} [{lo:.3f}, {hi:.3f}]")
        print(k, f"loss {fit.loss:.1f}", *row)
    print("coverage", {path: hit / realisations for path, hit in hits.items()})


def _table(truth: js.Scenario, seed: int) -> Any:
    res = js.run(truth, seed=seed, replications=1)
    frame = res.periods.drop(columns="period").rename(columns={"date": "period"})
    frame["store"] = frame["store"].astype(str)
    return frame[["period", "store", "purchases", "share"]]


def _export(truth: js.Scenario, seed: int) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        js.run(truth, seed=seed, replications=1, transactions=Path(folder) / "log.h5")
        return js.as_export(js.load_transactions(Path(folder) / "log.h5"))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:] == ["export"])
