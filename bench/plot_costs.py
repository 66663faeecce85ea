"""Cost plots for docs/performance.md, from the Google Benchmark JSON of `make bench`.

Reads bench/results/model_bench.json (model/town10/<households>, model/stores/<stores>) and
bench/results/social_bench.json (social/word_of_mouth_degree/<k>), and writes three PNGs:

- cost_households.png: CPU seconds per simulated event and per household-year against
  households (log-log), with the slope of the fit, 1.0 meaning linear growth of total cost;
- cost_stores.png: CPU microseconds per event against the number of stores;
- cost_degree.png: CPU microseconds per word-of-mouth tell against the graph's degree.

    .venv/bin/python bench/plot_costs.py --results bench/results --out docs

Each figure is written to a temporary name and renamed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def load(path: Path) -> dict[str, dict]:
    """Benchmarks by name (aggregates skipped), CPU time in seconds per iteration."""
    data = json.loads(path.read_text())
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration":
            continue
        b = dict(b)
        b["cpu_seconds"] = b["cpu_time"] * scale[b.get("time_unit", "ns")]
        out[b["name"].removesuffix("/real_time")] = b
    return out


def series(benchmarks: dict[str, dict], prefix: str) -> list[tuple[float, dict]]:
    """(argument, benchmark) for every benchmark named prefix/<argument>, by argument."""
    rows = [
        (float(name[len(prefix) + 1 :]), b)
        for name, b in benchmarks.items()
        if name.startswith(prefix + "/") and name[len(prefix) + 1 :].isdigit()
    ]
    return sorted(rows, key=lambda r: r[0])


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log y on log x."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def save(fig: plt.Figure, path: Path) -> None:
    temporary = path.with_name(path.name + ".tmp.png")
    fig.savefig(temporary, dpi=110, bbox_inches="tight")
    plt.close(fig)
    os.replace(temporary, path)
    print(f"wrote {path}")


def plot_households(model: dict[str, dict], out: Path) -> None:
    rows = series(model, "model/town10")
    if len(rows) < 2:
        raise SystemExit("plot_costs: model_bench.json has fewer than two model/town10 sizes")
    n = [r[0] for r in rows]
    total = [r[1]["cpu_seconds"] for r in rows]
    per_event = [r[1]["cpu_seconds"] / r[1]["events_per_run"] * 1e6 for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.loglog(n, total, "o-", label=f"run (slope {slope(n, total):.2f}; 1 = linear)")
    left.loglog(n, [total[0] * x / n[0] for x in n], ":", color="grey", label="linear from the first")
    left.set_xlabel("households")
    left.set_ylabel("CPU seconds per run (10 stores, 5 years)")
    left.legend()
    right.semilogx(n, per_event, "o-")
    right.set_ylim(0, max(per_event) * 1.2)
    right.set_xlabel("households")
    right.set_ylabel("CPU µs per event")
    fig.suptitle("Full model against households (bench/model_bench.cpp, model/town10)")
    save(fig, out / "cost_households.png")


def plot_linear(
    rows: list[tuple[int, dict]], cost: list[float], labels: tuple[str, str, str], path: Path
) -> None:
    """One cost against one size on linear axes, from 0, with the log-log slope in the legend."""
    xs = [r[0] for r in rows]
    xlabel, ylabel, title = labels
    fig, ax = plt.subplots(figsize=(5.5, 4))
    ax.plot(xs, cost, "o-", label=f"slope {slope(xs, cost):.2f} (log-log)")
    ax.set_ylim(0, max(cost) * 1.2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    save(fig, path)


def plot_stores(model: dict[str, dict], out: Path) -> None:
    rows = series(model, "model/stores")
    if len(rows) < 2:
        raise SystemExit("plot_costs: model_bench.json has fewer than two model/stores sizes")
    per_event = [r[1]["cpu_seconds"] / r[1]["events_per_run"] * 1e6 for r in rows]
    labels = ("stores", "CPU µs per event", "Full model against stores (100,000 households, 2 years)")
    plot_linear(rows, per_event, labels, out / "cost_stores.png")


def plot_degree(social: dict[str, dict], out: Path) -> None:
    rows = series(social, "social/word_of_mouth_degree")
    if len(rows) < 2:
        raise SystemExit("plot_costs: social_bench.json has fewer than two degrees")
    per_tell = [r[1]["cpu_seconds"] * 1e6 for r in rows]
    labels = (
        "mean degree k (Watts–Strogatz, β = 0.1)",
        "CPU µs per tell",
        "Word of mouth against degree (100,000 households)",
    )
    plot_linear(rows, per_tell, labels, out / "cost_degree.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", type=Path, default=Path("bench/results"))
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    model = load(args.results / "model_bench.json")
    social = load(args.results / "social_bench.json")
    args.out.mkdir(parents=True, exist_ok=True)
    plot_households(model, args.out)
    plot_stores(model, args.out)
    plot_degree(social, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
