"""Sweep scaling: the overhead a sweep adds per run, and throughput from 1 to 2 workers.

    .venv/bin/python bench/sweep_scaling.py [--json OUT.json] [--quick]

Overhead: a sweep of many points of a tiny scenario on a warm one-worker pool; per point,
its wall time (sweep wall / points) less the simulation alone (the same points run with
``journeysim.run`` in this process, results kept in memory). The difference is everything a
sweep adds: building and validating the point's scenario, the task round trip to the worker,
writing the HDF5 file, the manifest. Target: under 50 ms.

Throughput: the same CPU-bound sweep (points of a few seconds each) on warm pools of 1 and
2 workers; runs per second with 2 workers over runs per second with 1. Target: >= 1.8x on
2 cores. That needs two idle cores; on a shared machine the script also reports the
*concurrency* of the 2-worker sweep, the runs' summed wall times (from the manifest) over
the sweep's wall time: 2.0 means the sweep kept both workers busy all along, so that any
shortfall in speed-up is the cores' (other load), not the sweep's; and the workers' CPU
seconds per run and the cores they obtained (CPU seconds over wall seconds), read from the
workers before and after each sweep: the same CPU per run with 1 and 2 workers means the
runs do not slow each other down, only the share of the machine they get. Both pools are started and warmed (every worker has imported the engine) before
the clock starts, so that start-up, paid once per sweep, is reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import journeysim as js
from journeysim.executors import WorkerPool

# A town of 200 households over half a year: the simulation takes about a millisecond, so
# the per-run cost is nearly all overhead.
TINY = """
[simulation]
years = 0.5
[households]
count = 200
[towns.only]
x = 0.0
y = 0.0
radius_km = 2.0
share = 1.0
[needs]
rate_per_year = 2.0
[stores.a]
type = "online"
"""

# CPU-bound: each point simulates 20,000 households with four stores for twelve years.
BUSY = """
[simulation]
years = 12
[households]
count = 20000
[towns.only]
x = 0.0
y = 0.0
radius_km = 4.0
share = 1.0
[needs]
rate_per_year = 3.0
[stores.a]
type = "chain"
x = 1.0
y = 0.0
[stores.b]
type = "chain"
x = -1.0
y = 0.0
[stores.c]
type = "relationship"
x = 0.0
y = 1.0
[stores.d]
type = "online"
"""


def warm_pool(workers: int) -> tuple[WorkerPool, float]:
    """A pool whose every worker has imported the engine; and how long that took."""
    started = time.perf_counter()
    pool = WorkerPool(workers)
    # One slow-ish task per worker, so that each worker starts and imports journeysim.
    futures = [pool.submit(_import_and_wait, 0.5) for _ in range(workers)]
    for future in futures:
        future.result()
    return pool, time.perf_counter() - started


def _import_and_wait(seconds: float) -> int:
    import journeysim.runner  # noqa: F401 - the import is the point

    time.sleep(seconds)
    return os.getpid()


def _cpu_after_wait(seconds: float) -> tuple[int, float]:
    """This worker's pid and CPU seconds so far (the wait keeps each worker to one task)."""
    time.sleep(seconds)
    return os.getpid(), time.process_time()


def worker_cpu(pool: WorkerPool, workers: int) -> dict[int, float]:
    """CPU seconds each worker of ``pool`` has used so far."""
    answers = [pool.submit(_cpu_after_wait, 0.5) for _ in range(workers)]
    cpu = dict(future.result() for future in answers)
    if len(cpu) != workers:
        raise SystemExit("could not reach every worker to read its CPU time; run again")
    return cpu


def cpu_of_sweep(
    text: str, space: dict[str, Any], pool: WorkerPool, workers: int, where: Path
) -> tuple[float, float]:
    """(wall seconds, CPU seconds the workers spent) of one sweep on a warm pool."""
    before = worker_cpu(pool, workers)
    wall = timed_sweep(text, space, pool, where)
    after = worker_cpu(pool, workers)
    return wall, sum(after[pid] - before[pid] for pid in before)


def timed_sweep(text: str, space: dict[str, Any], pool: WorkerPool, where: Path) -> float:
    shutil.rmtree(where, ignore_errors=True)
    scenario = js.Scenario.from_toml(text, name="bench")
    started = time.perf_counter()
    report = js.sweep(scenario, space, design="grid", out=where, executor=pool)
    elapsed = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"the benchmark sweep failed: {report.errors}")
    return elapsed


def busy_time(where: Path) -> float:
    """The runs' wall times summed, as the manifest records them."""
    runs = json.loads((where / "manifest.json").read_text())["runs"]
    return float(sum(entry["wall_s"] for entry in runs))


def simulation_only(text: str, space: dict[str, Any]) -> float:
    """Seconds to run every point of ``space`` with ``journeysim.run`` alone, one thread."""
    from journeysim.sweep import point_seed

    scenario = js.Scenario.from_toml(text, name="bench")
    (path, values), = space.items()
    variants = [scenario.with_overrides({path: value}) for value in values]
    started = time.perf_counter()
    for p, variant in enumerate(variants):
        js.run(variant, seed=point_seed(0, p), threads=1)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--quick", action="store_true", help="fewer points (a smoke run)")
    args = parser.parse_args(argv)
    tiny_points = 32 if args.quick else 200
    busy_points = 4 if args.quick else 8
    scratch = Path(tempfile.mkdtemp(prefix="sweep-bench-"))
    try:
        one, start_one = warm_pool(1)
        with one:
            tiny_space = {"needs.rate_per_year": [2.0 + i / 1000 for i in range(tiny_points)]}
            sweep_wall = timed_sweep(TINY, tiny_space, one, scratch / "tiny")
            alone = simulation_only(TINY, tiny_space)
            busy_space = {"needs.rate_per_year": [3.0 + i / 100 for i in range(busy_points)]}
            busy_one, cpu_one = cpu_of_sweep(BUSY, busy_space, one, 1, scratch / "busy1")
        two, start_two = warm_pool(2)
        with two:
            busy_two, cpu_two = cpu_of_sweep(BUSY, busy_space, two, 2, scratch / "busy2")
            concurrency = busy_time(scratch / "busy2") / busy_two
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    per_point = sweep_wall / tiny_points
    simulation = alone / tiny_points
    figures = {
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "overhead": {
            "points": tiny_points,
            "sweep_wall_s": sweep_wall,
            "per_point_ms": 1e3 * per_point,
            "simulation_per_point_ms": 1e3 * simulation,
            "overhead_per_point_ms": 1e3 * (per_point - simulation),
            "target_ms": 50.0,
        },
        "throughput": {
            "points": busy_points,
            "one_worker_s": busy_one,
            "two_workers_s": busy_two,
            "speedup": busy_one / busy_two,
            "target": 1.8,
            "two_worker_concurrency": concurrency,
            "cpu_per_run_s": {"one_worker": cpu_one / busy_points,
                              "two_workers": cpu_two / busy_points},
            "cores_obtained": {"one_worker": cpu_one / busy_one, "two_workers": cpu_two / busy_two},
        },
        "pool_start_s": {"one_worker": start_one, "two_workers": start_two},
    }
    overhead, throughput = figures["overhead"], figures["throughput"]
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    print(f"overhead per run: {overhead['overhead_per_point_ms']:.1f} ms "
          f"({overhead['per_point_ms']:.1f} ms per point in a sweep of {tiny_points}, of which "
          f"the simulation {overhead['simulation_per_point_ms']:.1f} ms); target < 50 ms")
    print(f"throughput, {busy_points} CPU-bound points: 1 worker {busy_one:.1f} s, "
          f"2 workers {busy_two:.1f} s: {throughput['speedup']:.2f}x; target >= 1.8x "
          f"(2-worker concurrency {concurrency:.2f} of 2)")
    print(f"CPU per run: 1 worker {cpu_one / busy_points:.2f} s, 2 workers "
          f"{cpu_two / busy_points:.2f} s; cores obtained: 1 worker {cpu_one / busy_one:.2f}, "
          f"2 workers {cpu_two / busy_two:.2f}")
    print(f"pool start (spawn, import, warm): 1 worker {start_one:.1f} s, "
          f"2 workers {start_two:.1f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
