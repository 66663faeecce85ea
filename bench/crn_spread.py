"""The variance reduction common random numbers buy on kringle's referral question
(docs/sweeps.md, "Seeds: common random numbers").

Runs kringle with Kringle's referral policy `refer` and `none`, both at seed 1 (common random
numbers) and at seeds 1 and 2 (independent towns), and prints the spread (standard deviation
over replications) of the paired difference in Kringle's purchases and revenue.

    .venv/bin/python bench/crn_spread.py [--years 6] [--replications 8]
"""

from __future__ import annotations

import argparse

import numpy as np

import journeysim as js


def per_replication(scenario: js.Scenario, policy: str, seed: int, replications: int):
    results = js.run(scenario.with_overrides({"stores.kringle_refers.referral": policy}),
                     seed=seed, replications=replications)
    per = results.summary(by="replication")
    return per[per.store == "kringle_refers"].set_index("replication")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=float, default=6.0)
    parser.add_argument("--replications", type=int, default=8)
    args = parser.parse_args()
    scenario = js.Scenario.from_file("scenarios/kringle.toml").with_overrides(
        {"simulation.years": args.years}
    )
    refer = per_replication(scenario, "refer", 1, args.replications)
    same = per_replication(scenario, "none", 1, args.replications)
    other = per_replication(scenario, "none", 2, args.replications)
    print(f"kringle, {args.years:g} years, {args.replications} replications: spread of the "
          "difference refer - none at kringle_refers")
    for metric in ("purchases", "revenue"):
        crn = np.std(refer[metric] - same[metric], ddof=1)
        independent = np.std(refer[metric] - other[metric], ddof=1)
        print(f"  {metric:<10} common random numbers {crn:12.1f}   independent seeds "
              f"{independent:12.1f}   variance ratio {(crn / independent) ** 2:.3f}")


if __name__ == "__main__":
    main()
