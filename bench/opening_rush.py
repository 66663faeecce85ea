"""Not a speed figure: what closed doors do to queues on hopewell.toml with opening hours.

Prints each store's balks, reneges and mean wait, and Jackson's mean wait by weekday at 9:00,
over a run of hopewell.toml with its downtown and mall hours set here (so the same script runs
on a build from before the scenario kept hours). docs/model.md ("Closed doors") compares the
figures of two rules for a need that meets only closed doors: uniform in the store's first open
hour (the rule of commit bf19a76) and drawn from the rhythm over its next open stretch::

    .venv/bin/python bench/opening_rush.py [households] [replications]
"""

from __future__ import annotations

import sys
from pathlib import Path

import journeysim as js

LOCAL = {day: "9-18" for day in ("mon", "tue", "wed", "thu", "sat")} | {"fri": "9-21"}
MALL = {day: "10-21" for day in ("mon", "tue", "wed", "thu", "fri", "sat")} | {"sun": "12-18"}


def main() -> None:
    households = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    replications = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    path = Path(__file__).parents[1] / "scenarios" / "hopewell.toml"
    overrides: dict[str, object] = {
        "households.count": households,
        "malls.hopewell_mall.hours": MALL,
    }
    for store in ("jacksons", "miller_shoes", "thrift_shoe_mart", "shoe_city"):
        overrides[f"stores.{store}.hours"] = LOCAL
    results = js.run(js.Scenario.from_file(path).with_overrides(overrides), seed=1950,
                     replications=replications)
    periods = results.periods
    table = periods.groupby("store", observed=True)[["balks", "reneges"]].sum()
    table["mean_wait_min"] = periods.groupby("store", observed=True)["mean_wait_min"].mean()
    print(table.round(2).to_string())
    hours = results.store_hours
    nine = hours[(hours["store"] == "jacksons") & (hours["hour"] == 9)]
    print("Jackson's mean wait at 9:00, Monday first:")
    print(nine.groupby("weekday")["mean_wait_min"].mean().round(1).to_string())


if __name__ == "__main__":
    main()
