"""How often js.calibrate's intervals hold the truth: docs/calibration.md's coverage tables.

    python docs/calibration_coverage.py METHOD REALISATIONS BUDGET [LEVEL] [export]
    (tpe 20 40, tpe 20 300, abc 20 300, abc 20 600 for the table)

Fits the test town of tests/python/test_calibrate.py to REALISATIONS noisy realisations of
its known truth (seeds 1000, 1001, ...; realisation k calibrated with seed k, so that the
calibration's own noise varies too) with METHOD, and prints each fit, then the share of
intervals holding the truth, their mean width as a share of the range, and the cost. With
``export``: the realisations are transaction exports and the truth and ranges are
tests/python/test_calibrate_transactions.py's.
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import journeysim as js

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
import test_calibrate  # noqa: E402
import test_calibrate_transactions  # noqa: E402
from test_calibrate import TOWN  # noqa: E402


def main(method: str, realisations: int, budget: int, level: float, export: bool) -> None:
    town = js.Scenario.from_dict(TOWN)
    warnings.simplefilter("ignore", UserWarning)  # short budgets leave parameters loose
    case = test_calibrate_transactions if export else test_calibrate
    hits = dict.fromkeys(case.TRUTH, 0)
    widths = dict.fromkeys(case.TRUTH, 0.0)
    points = 0
    start = time.perf_counter()
    for k in range(realisations):
        observed = (_export if export else _table)(town.with_overrides(case.TRUTH), 1000 + k)
        fit = js.calibrate(town, observed, case.RANGES, budget=budget, seed=k, method=method,
                           level=level)
        points += len(fit.history)
        row = []
        for path, truth in case.TRUTH.items():
            lo, hi = fit.intervals[path]
            hits[path] += lo <= truth <= hi
            widths[path] += (hi - lo) / (case.RANGES[path][1] - case.RANGES[path][0])
            row.append(f"{path} {fit.best[path]:.3f} [{lo:.3f}, {hi:.3f}]")
        print(k, f"loss {fit.loss:.1f}", *row, flush=True)
    print(f"{method} budget {budget} level {level}: coverage",
          {path: hit / realisations for path, hit in hits.items()},
          "mean width / range", {path: round(w / realisations, 3) for path, w in widths.items()},
          f"points per fit {points / realisations:.0f}",
          f"seconds per fit {(time.perf_counter() - start) / realisations:.1f}")


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
    export = sys.argv[-1] == "export"
    args = sys.argv[1:-1] if export else sys.argv[1:]
    main(args[0], int(args[1]), int(args[2]), float(args[3]) if len(args) > 3 else 0.95,
         export)
