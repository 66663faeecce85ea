"""How often js.calibrate's intervals hold the truth: docs/calibration.md's coverage table.

    python docs/calibration_coverage.py REALISATIONS BUDGET    (20 40 for the table)

Fits the test town of tests/python/test_calibrate.py to REALISATIONS noisy realisations of
its known truth (seeds 1000, 1001, ...) and prints each fit, then the share of intervals
holding the truth.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import journeysim as js

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
from test_calibrate import RANGES, TOWN, TRUTH  # noqa: E402


def main(realisations: int, budget: int) -> None:
    town = js.Scenario.from_dict(TOWN)
    warnings.simplefilter("ignore", UserWarning)  # short budgets leave parameters loose
    hits = dict.fromkeys(TRUTH, 0)
    for k in range(realisations):
        res = js.run(town.with_overrides(TRUTH), seed=1000 + k, replications=1)
        frame = res.periods.drop(columns="period").rename(columns={"date": "period"})
        frame["store"] = frame["store"].astype(str)
        fit = js.calibrate(town, frame[["period", "store", "purchases", "share"]], RANGES,
                           budget=budget, seed=0)
        row = []
        for path, truth in TRUTH.items():
            lo, hi = fit.intervals[path]
            hits[path] += lo <= truth <= hi
            row.append(f"{path} {fit.best[path]:.3f} [{lo:.3f}, {hi:.3f}]")
        print(k, f"loss {fit.loss:.1f}", *row)
    print("coverage", {path: hit / realisations for path, hit in hits.items()})


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
