"""Ratios from Google Benchmark JSON: this run against a saved baseline, and within this run.

    .venv/bin/python bench/compare.py [--results bench/results] [--baseline bench/baseline]
                                      [--min-kernel-ratio 0.5]

- Against the baseline (bench/baseline/<program>.json, committed): each benchmark's
  throughput (items/s, or events/s for the model) now / then. Machines and loads differ, so
  read these as trends; only same-run ratios are checked.
- Same run: for each pending-event set and size, the scheduler's events/s over the bare
  loop's on the same set (the kernel's overhead; 1.0 = none); each design against the 4-ary
  heap through the scheduler; SimPy's wall time over journeysim's (from compare_simpy.py).

Exits 1 when the engine's set (--checked-set, the 4-ary heap) has a scheduler / bare-loop
ratio below --min-kernel-ratio at any size; the other designs' ratios are printed only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HOLD = re.compile(r"^hold/(scheduler|bare)/([a-z_]+)/(\d+)$")


def throughputs(path: Path) -> dict[str, float]:
    """Benchmark name -> throughput (events/s where reported, else items/s)."""
    data = json.loads(path.read_text())
    out = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"]).removesuffix("/real_time")
        rate = b.get("events_per_s", b.get("items_per_second"))
        if rate:
            out[name] = float(rate)
    return out


def main() -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", type=Path, default=here / "results")
    parser.add_argument("--baseline", type=Path, default=here / "baseline")
    parser.add_argument("--min-kernel-ratio", type=float, default=0.0)
    parser.add_argument(
        "--checked-set",
        default="quaternary_heap",
        help="the pending-event set whose kernel ratio is checked (the engine's)",
    )
    args = parser.parse_args()

    now: dict[str, float] = {}
    for path in sorted(args.results.glob("*_bench.json")):
        now.update(throughputs(path))
    if not now:
        print(f"no benchmark JSON in {args.results}")
        return 1
    then: dict[str, float] = {}
    for path in sorted(args.baseline.glob("*_bench.json")):
        then.update(throughputs(path))

    print(f"== against the baseline ({args.baseline}) ==")
    print(f"{'benchmark':<44} {'now /s':>12} {'baseline /s':>12} {'ratio':>7}")
    for name, rate in now.items():
        base = then.get(name)
        ratio = f"{rate / base:7.2f}" if base else "      -"
        print(f"{name:<44} {rate:12.4g} {base or float('nan'):12.4g} {ratio}")

    print("\n== same run: kernel overhead (scheduler events/s / bare loop events/s) ==")
    hold: dict[tuple[str, str, int], float] = {}
    for name, rate in now.items():
        m = HOLD.match(name)
        if m:
            hold[(m[1], m[2], int(m[3]))] = rate
    designs = sorted({d for _, d, _ in hold})
    sizes = sorted({n for _, _, n in hold})
    ok = True
    print(f"{'pending':>9} " + " ".join(f"{d:>16}" for d in designs))
    for n in sizes:
        cells = []
        for d in designs:
            s, b = hold.get(("scheduler", d, n)), hold.get(("bare", d, n))
            if s and b:
                cells.append(f"{s / b:16.2f}")
                if d == args.checked_set and s / b < args.min_kernel_ratio:
                    ok = False
            else:
                cells.append(f"{'-':>16}")
        print(f"{n:>9} " + " ".join(cells))

    print("\n== same run: designs through the scheduler, ns/event (and speed vs quaternary_heap) ==")
    print(f"{'pending':>9} " + " ".join(f"{d:>22}" for d in designs))
    for n in sizes:
        ref = hold.get(("scheduler", "quaternary_heap", n))
        cells = []
        for d in designs:
            r = hold.get(("scheduler", d, n))
            cells.append(f"{1e9 / r:12.1f} ({r / ref:5.2f}x)" if r and ref else f"{'-':>22}")
        print(f"{n:>9} " + " ".join(f"{c:>22}" for c in cells))

    simpy = args.results / "simpy.json"
    if simpy.exists():
        s = json.loads(simpy.read_text())
        print(
            f"\n== same run: SimPy peer, {s['households']} households, {s['years']:g} years ==\n"
            f"journeysim {s['journeysim_seconds']:.3f} s, SimPy {s['simpy_seconds']:.3f} s: "
            f"{s['speed_ratio']:.0f}x; outputs {'agree' if s['agree'] else 'DISAGREE'}"
        )
    if not ok:
        print(f"\nFAIL: a {args.checked_set} scheduler / bare-loop ratio is below {args.min_kernel_ratio:g}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
