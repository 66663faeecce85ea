"""journeysim against its SimPy 4 peer (bench/peers/simpy_peer.py) on one scenario, one run.

Builds a town of N households and 10 stores (the layout of bench/model_bench.cpp, with
exponential service so each store is an M/M/c queue), runs one replication of each on one
thread, and checks that the outputs agree within statistical tolerance:

- each store's share of purchases: |p_js - p_simpy| <= 3 * sqrt(p(1-p)(1/n_js + 1/n_simpy))
  + 0.005 (three standard errors of a difference of proportions, plus a margin for the
  correlation trust feedback adds between purchases);
- each store's mean wait: within four standard errors of a difference (the error from
  monthly batch means of journeysim's run, taken equal for both), or 5%, or 0.01 minutes.

Prints the speed ratio (SimPy wall time / journeysim wall time, both including building the
households) and exits 1 when outputs disagree or the ratio is below --min-speedup.

    .venv/bin/python bench/compare_simpy.py --households 50000 --years 5
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import journeysim as js

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))
import simpy_peer  # noqa: E402

STORES = 10
NEEDS_PER_YEAR = 2.5
SERVICE_MINUTES = 20.0


def town(households: int, years: float, stores: int = STORES) -> dict[str, Any]:
    """The reference scenario as a dict (the engine's scenario format)."""
    even_load = households * NEEDS_PER_YEAR / 365.0 / stores * SERVICE_MINUTES / 1440.0
    staff = max(1, math.ceil(even_load / 0.45))  # about half busy: waits matter, queues stable
    specs = {}
    for k in range(stores):
        angle = 2.0 * math.pi * k / stores
        specs[f"s{k}"] = {
            "type": "chain",
            "x": round(3.0 * math.cos(angle), 6),
            "y": round(3.0 * math.sin(angle), 6),
            "price_index": round(0.85 + 0.3 * k / (stores - 1), 6),
            "staff": staff,
            "service_minutes": SERVICE_MINUTES,
            "service_distribution": "exponential",
            "availability": 0.9,
            "expertise": 1.0,  # the reduced model has no wrong fits, hence no returns
            "new_hire_expertise": 1.0,
        }
    return {
        "simulation": {"years": years, "period": "month"},
        "households": {
            "count": households,
            "max_travel_km": 50.0,
            "price_sensitivity": {"mean": 2.0, "sd": 0.5},
            "distance_sensitivity": {"mean": 0.3, "sd": 0.1},
            "relationship_orientation": {"mean": 1.0, "sd": 0.3},
            "asks_for_salesperson": False,  # plain FIFO with any free server
        },
        "towns": {"centre": {"radius_km": 5.0}},
        "needs": {"rate_per_year": NEEDS_PER_YEAR, "spend": 40.0, "retry_probability": 0.0},
        "trust": {
            "initial": 0.0,
            "gain": 0.15,
            "loss": 0.3,
            "decay_per_year": 0.2,
            "purchase_quality": 0.6,
            "lost_sale_quality": -0.5,
            "wait_penalty_per_hour": 0.5,
        },
        "stores": specs,
    }


def agree(results: js.Results, peer: dict[str, simpy_peer.StoreResult], label: str) -> bool:
    """Prints journeysim's and a peer's shares and mean waits per store; True when they agree.

    The tolerances are the module docstring's; ``peer`` holds the peer's tally per store name.
    """
    periods = results.periods
    by_store = periods.groupby("store", observed=False)
    js_purchases = by_store.purchases.sum()
    js_visits = by_store.visits.sum()
    js_wait = (periods.mean_wait_min * periods.visits).groupby(periods.store, observed=False).sum()
    # Waits in a queue are correlated, so their standard error comes from batch means: the
    # monthly means. The peer runs the same model, so its error is taken to be the same.
    monthly = by_store.mean_wait_min
    js_wait_se = monthly.std(ddof=1) / monthly.count().pow(0.5)
    n_js = float(js_purchases.sum())
    n_peer = float(sum(s.purchases for s in peer.values()))

    ok = True
    print(
        f"{'store':>6} {'share js':>9} {label:>9} {'tol':>6}  "
        f"{'wait js':>8} {label:>9} {'tol':>6}"
    )
    for name, tally in peer.items():
        p_js = js_purchases[name] / n_js
        p_peer = tally.purchases / n_peer
        pooled = (js_purchases[name] + tally.purchases) / (n_js + n_peer)
        share_tol = 3.0 * math.sqrt(pooled * (1 - pooled) * (1 / n_js + 1 / n_peer)) + 0.005
        w_js = js_wait[name] / js_visits[name]
        w_peer = tally.wait_minutes / tally.visits
        # 0.01 minutes at least: with many servers (a million households) waits are ~0.001
        # minutes, and a difference in the fourth decimal is no disagreement.
        wait_tol = max(4.0 * math.sqrt(2.0) * js_wait_se[name], 0.05 * max(w_js, w_peer), 0.01)
        bad = abs(p_js - p_peer) > share_tol or abs(w_js - w_peer) > wait_tol
        ok &= not bad
        print(
            f"{name:>6} {p_js:9.4f} {p_peer:9.4f} {share_tol:6.4f}  "
            f"{w_js:8.2f} {w_peer:9.2f} {wait_tol:6.2f}{'  DISAGREE' if bad else ''}"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--years", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-speedup", type=float, default=0.0, help="fail below this ratio")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()

    data = town(args.households, args.years)
    scenario = js.Scenario.from_dict(data, name="simpy_reference")

    start = time.perf_counter()
    results = js.run(scenario, seed=args.seed, replications=1, threads=1)
    js_seconds = time.perf_counter() - start
    start = time.perf_counter()
    peer = simpy_peer.run(data, seed=args.seed)
    simpy_seconds = time.perf_counter() - start

    ok = agree(results, peer.stores, "simpy")
    js_visits = results.periods.visits.sum()
    events = int(results.totals.needs.sum() + js_visits)
    speedup = simpy_seconds / js_seconds
    print(
        f"{args.households} households, {STORES} stores, {args.years:g} years, "
        f"staff {data['stores']['s0']['staff']}, ~{events} events"
    )
    print(f"journeysim {js_seconds:.3f} s, SimPy {simpy_seconds:.3f} s: speed ratio {speedup:.0f}x")
    print(f"outputs {'agree' if ok else 'DISAGREE'} within tolerance")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "households": args.households,
                    "years": args.years,
                    "journeysim_seconds": js_seconds,
                    "simpy_seconds": simpy_seconds,
                    "speed_ratio": speedup,
                    "agree": ok,
                },
                indent=2,
            )
            + "\n"
        )
    if speedup < args.min_speedup:
        print(f"FAIL: speed ratio {speedup:.1f}x below {args.min_speedup:g}x")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
