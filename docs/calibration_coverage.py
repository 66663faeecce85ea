"""How often js.calibrate's intervals hold the truth: docs/calibration.md's coverage table.

    python docs/calibration_coverage.py METHOD REALISATIONS BUDGET [LEVEL]
    (tpe 20 40, abc 20 300, abc 20 600 for the table)

Fits the test town of tests/python/test_calibrate.py to REALISATIONS noisy realisations of
its known truth (seeds 1000, 1001, ...; realisation k calibrated with seed k, so the
calibration's own noise varies too) with METHOD, and prints each fit, then the share of
intervals holding the truth, their mean width as a share of the range, and the cost.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import journeysim as js

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
from test_calibrate import RANGES, TOWN, TRUTH, observe  # noqa: E402


def main(method: str, realisations: int, budget: int, level: float = 0.95) -> None:
    town = js.Scenario.from_dict(TOWN)
    warnings.simplefilter("ignore", UserWarning)  # short budgets leave parameters loose
    hits = dict.fromkeys(TRUTH, 0)
    widths = dict.fromkeys(TRUTH, 0.0)
    points = 0
    start = time.perf_counter()
    for k in range(realisations):
        fit = js.calibrate(town, observe(town, 1000 + k), RANGES, budget=budget, seed=k,
                           method=method, level=level)
        points += len(fit.history)
        row = []
        for path, truth in TRUTH.items():
            lo, hi = fit.intervals[path]
            hits[path] += lo <= truth <= hi
            widths[path] += (hi - lo) / (RANGES[path][1] - RANGES[path][0]) / realisations
            row.append(f"{path} {fit.best[path]:.3f} [{lo:.3f}, {hi:.3f}]")
        print(k, f"loss {fit.loss:.1f}", *row, flush=True)
    print(f"{method} budget {budget} level {level}: coverage",
          {path: hit / realisations for path, hit in hits.items()},
          "mean width / range", {path: round(w, 3) for path, w in widths.items()},
          f"points per fit {points / realisations:.0f}",
          f"seconds per fit {(time.perf_counter() - start) / realisations:.1f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
         *(float(a) for a in sys.argv[4:5]))
