"""journeysim, the C++ limit and both SimPy peers on the reduced model, side by side (issue 19).

The reduced model is ``compare_simpy.town`` with 5 stores: Poisson needs, a logit with trust,
FIFO M/M/c queues, every other mechanism off. In one run this script times

- journeysim (``journeysim.run``, one replication on one thread, from the scenario to its
  tables) against ``bench/limit/limit.cpp`` (a tuned single-file C++ implementation with no
  journeysim code) at each of ``--sizes`` households: ratio = journeysim / limit, lower is
  better (target <= 1.5, floor 2);
- the fixed cost of a run: ``journeysim.run`` of the reduced model at 1,000 households and
  1 year (target <= 2 ms), and at 10 households and 1 day (what a run costs besides its
  events), the smallest CPU time of 20 runs each;
- journeysim against the SimPy peers at each of ``--simpy-sizes``: ``peers/simpy_peer.py``
  (needs as one superposed process) and ``peers/simpy_household_peer.py`` (a process per
  household, SimPy's own style): ratio = SimPy / journeysim, higher is better (target >= 100
  against the process-per-household peer).

Times are CPU seconds of the process (the machine is shared, so wall time moves with the
load; CPU time much less), the smallest of ``--repeat`` runs for journeysim and the limit
(warmed by one untimed run). Every peer's shares and mean waits must agree with journeysim's
(``compare_simpy.agree``). Exits 1 when any disagree or a ratio misses its threshold.

    .venv/bin/python bench/side_by_side.py                # the figures in bench/README.md
    .venv/bin/python bench/side_by_side.py --sizes 10000 100000 --years 2 \\
        --simpy-sizes 10000 --simpy-years 1 --max-limit-ratio 4.5 --min-household-ratio 50 \\
        --max-fixed-ms 3                                  # what make bench-smoke runs
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import journeysim as js

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))
import simpy_household_peer  # noqa: E402
import simpy_peer  # noqa: E402
from compare_simpy import agree, town  # noqa: E402

STORES = 5
ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds(work: Callable[[], Any]) -> tuple[float, Any]:
    """CPU time of the whole process (journeysim runs on a thread of its own) and the result."""
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def best_of(repeat: int, work: Callable[[], tuple[float, Any]]) -> tuple[float, Any]:
    """The smallest time of ``repeat`` timed runs after an untimed one, with its result."""
    work()
    runs = [work() for _ in range(repeat)]
    return min(runs, key=lambda run: run[0])


def run_journeysim(data: dict[str, Any], seed: int) -> tuple[float, js.Results]:
    scenario = js.Scenario.from_dict(data, name="reduced")
    return cpu_seconds(lambda: js.run(scenario, seed=seed, replications=1, threads=1))


def run_limit(limit: Path, data: dict[str, Any], seed: int) -> tuple[float, dict[str, Any]]:
    """The limit's own CPU time (building households to the horizon, as journeysim's run)."""
    args = [
        str(limit),
        "--households", str(data["households"]["count"]),
        "--years", str(data["simulation"]["years"]),
        "--stores", str(len(data["stores"])),
        "--staff", str(data["stores"]["s0"]["staff"]),
        "--seed", str(seed),
    ]  # fmt: skip
    out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    return out["cpu_seconds"], out


def limit_tallies(out: dict[str, Any]) -> dict[str, simpy_peer.StoreResult]:
    return {
        f"s{k}": simpy_peer.StoreResult(s["visits"], s["purchases"], s["wait_minutes"])
        for k, s in enumerate(out["stores"])
    }


def against_limit(args: argparse.Namespace) -> tuple[list[dict[str, Any]], bool]:
    rows, ok = [], True
    for n in args.sizes:
        data = town(n, args.years, stores=STORES)
        repeat = args.repeat if n < 1_000_000 else 1
        js_s, results = best_of(repeat, lambda: run_journeysim(data, args.seed))
        limit_s, out = best_of(repeat, lambda: run_limit(args.limit, data, args.seed))
        print(f"\n{n} households, {args.years:g} years: journeysim against the limit")
        agreed = agree(results, limit_tallies(out), "limit")
        ratio = js_s / limit_s
        rows.append({"households": n, "years": args.years, "journeysim_cpu_s": js_s,
                     "limit_cpu_s": limit_s, "events": out["events"], "ratio": ratio,
                     "agree": agreed})  # fmt: skip
        ok &= agreed and (args.max_limit_ratio is None or ratio <= args.max_limit_ratio)
    return rows, ok


def fixed_cost(args: argparse.Namespace) -> tuple[dict[str, float], bool]:
    """Milliseconds of CPU per run for a small and a near-empty reduced scenario."""
    small = town(1_000, 1.0, stores=STORES)
    empty = town(10, 1.0 / 365.0, stores=STORES)
    costs = {
        "run_1000_households_1_year_ms": 1e3 * best_of(20, lambda: run_journeysim(small, 1))[0],
        "run_10_households_1_day_ms": 1e3 * best_of(20, lambda: run_journeysim(empty, 1))[0],
    }
    ok = args.max_fixed_ms is None or costs["run_1000_households_1_year_ms"] <= args.max_fixed_ms
    return costs, ok


def against_simpy(args: argparse.Namespace) -> tuple[list[dict[str, Any]], bool]:
    rows, ok = [], True
    for n in args.simpy_sizes:
        data = town(n, args.simpy_years, stores=STORES)
        js_s, results = best_of(args.repeat, lambda: run_journeysim(data, args.seed))
        superposed_s, superposed = cpu_seconds(lambda: simpy_peer.run(data, seed=args.seed))
        process_s, process = cpu_seconds(lambda: simpy_household_peer.run(data, seed=args.seed))
        print(f"\n{n} households, {args.simpy_years:g} years: journeysim against SimPy")
        agreed = agree(results, superposed.stores, "superposed")
        agreed &= agree(results, process.stores, "household")
        row = {"households": n, "years": args.simpy_years, "journeysim_cpu_s": js_s,
               "superposed_cpu_s": superposed_s, "household_cpu_s": process_s,
               "superposed_ratio": superposed_s / js_s, "household_ratio": process_s / js_s,
               "agree": agreed}  # fmt: skip
        rows.append(row)
        ok &= agreed
        if args.min_household_ratio is not None:
            ok &= row["household_ratio"] >= args.min_household_ratio
        if args.min_superposed_ratio is not None:
            ok &= row["superposed_ratio"] >= args.min_superposed_ratio
    return rows, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--years", type=float, default=5.0)
    parser.add_argument("--simpy-sizes", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--simpy-years", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (1 at 1e6)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=Path, default=ROOT / "build/bench/bench/limit")
    parser.add_argument("--max-limit-ratio", type=float, help="fail above this")
    parser.add_argument("--max-fixed-ms", type=float, help="fail above this (1,000 households)")
    parser.add_argument("--min-household-ratio", type=float, help="fail below this")
    parser.add_argument("--min-superposed-ratio", type=float, help="fail below this")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()

    limit_rows, limit_ok = against_limit(args)
    costs, fixed_ok = fixed_cost(args)
    simpy_rows, simpy_ok = against_simpy(args)

    print(f"\nreduced model, {STORES} stores; CPU seconds; journeysim / limit (lower is better)")
    print(f"{'households':>10} {'years':>5} {'journeysim':>10} {'limit':>8} {'ratio':>6} agree")
    for r in limit_rows:
        print(f"{r['households']:>10} {r['years']:>5g} {r['journeysim_cpu_s']:>10.3f} "
              f"{r['limit_cpu_s']:>8.3f} {r['ratio']:>6.2f} {r['agree']}")  # fmt: skip
    print(
        f"fixed cost: a run of 1,000 households for 1 year "
        f"{costs['run_1000_households_1_year_ms']:.2f} ms CPU, "
        f"of 10 households for 1 day {costs['run_10_households_1_day_ms']:.2f} ms"
    )
    print("SimPy / journeysim (higher is better)")
    print(f"{'households':>10} {'years':>5} {'journeysim':>10} {'superposed':>10} {'ratio':>6} "
          f"{'household':>10} {'ratio':>6} agree")  # fmt: skip
    for r in simpy_rows:
        print(f"{r['households']:>10} {r['years']:>5g} {r['journeysim_cpu_s']:>10.3f} "
              f"{r['superposed_cpu_s']:>10.2f} {r['superposed_ratio']:>6.0f} "
              f"{r['household_cpu_s']:>10.2f} {r['household_ratio']:>6.0f} "
              f"{r['agree']}")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = {"limit": limit_rows, "fixed_cost": costs, "simpy": simpy_rows}
        args.json.write_text(json.dumps(figures, indent=2))
    ok = limit_ok and fixed_ok and simpy_ok
    print("OK" if ok else "FAIL: an output disagrees or a ratio misses its threshold")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
