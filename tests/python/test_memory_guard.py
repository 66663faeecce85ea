"""Resource guards: a run that would not fit in memory is refused before it starts.

Issue 8. The engine estimates a run's peak memory from the scenario
(sim/src/run/memory_estimate.cpp) and refuses a run whose estimate exceeds the limit:
``JOURNEYSIM_MEMORY_LIMIT`` or ``--memory-limit`` when given, else MemAvailable. Python
raises ValueError, the CLI exits 2; ``journeysim validate`` prints the estimate.

Run as a script, this file measures the estimate against the peak RSS of real runs
(``python tests/python/test_memory_guard.py 100000 1000000``), the table in
docs/reliability.md.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_environment, high_street, journeysim_cli, minimal, write_scenario

import journeysim as js
from journeysim import _engine, report

BAD_INPUT = 2


def _estimate(data: dict[str, Any], replications: int = 1, threads: int = 1) -> dict[str, Any]:
    return _engine.estimate_memory(js.Scenario.from_dict(data).to_toml(), replications, threads)


def test_the_estimate_adds_up_and_scales() -> None:
    small = _estimate(high_street())
    parts = ("households", "relations", "stores", "queues", "result_rows")
    assert small["total"] == sum(small[p] for p in parts)
    big = high_street()
    big["households"]["count"] *= 100
    large = _estimate(big)
    assert large["households"] == pytest.approx(100 * small["households"], rel=1e-6)
    assert large["result_rows"] == small["result_rows"]
    eight = _estimate(high_street(), replications=8, threads=2)
    assert eight["simulations_at_once"] == 2
    assert eight["result_rows"] == pytest.approx(8 * small["result_rows"], rel=1e-6)


def test_a_run_over_the_limit_is_refused_before_it_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = minimal()
    data["households"]["count"] = 50_000_000  # would take a minute to build, before running
    monkeypatch.setenv("JOURNEYSIM_MEMORY_LIMIT", "256M")
    started = time.monotonic()
    needs = report.format_bytes(_estimate(data)["total"])
    with pytest.raises(ValueError, match=rf"^memory: this run needs about {re.escape(needs)} "
                       r"\(households .* more than the 256\.0 MiB JOURNEYSIM_MEMORY_LIMIT allows"):
        js.run(js.Scenario.from_dict(data))
    assert time.monotonic() - started < 1.0


def test_a_run_within_the_limit_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYSIM_MEMORY_LIMIT", "256M")
    assert js.run(js.Scenario.from_dict(minimal())).summary()["visits"].sum() > 0
    monkeypatch.setenv("JOURNEYSIM_MEMORY_LIMIT", "none")
    data = minimal()
    data["households"]["count"] = 50_000_000
    assert _estimate(data)["limit"] is None


def test_a_malformed_limit_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYSIM_MEMORY_LIMIT", "lots")
    with pytest.raises(ValueError, match="JOURNEYSIM_MEMORY_LIMIT: expected a size"):
        js.run(js.Scenario.from_dict(minimal()))


def test_the_cli_refuses_with_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    data = minimal()
    data["households"]["count"] = 50_000_000
    scenario = write_scenario(tmp_path / "big.toml", data)
    out = tmp_path / "big.h5"
    done = journeysim_cli("run", scenario, "-o", out, "--memory-limit", "1G", "--no-progress")
    assert done.returncode == BAD_INPUT, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: memory: this run needs about"), lines
    assert "more than the 1.0 GiB" in lines[0]
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.toml"]


def test_validate_prints_the_estimate(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "s.toml", high_street())
    done = journeysim_cli("validate", scenario, "--replications", "4", "--threads", "2")
    assert done.returncode == 0, done.stderr
    needs = report.format_bytes(_estimate(high_street(), 4, 2)["total"])
    assert re.fullmatch(
        rf"{re.escape(str(scenario))}: ok\nmemory for 4 replication\(s\) on 2 thread\(s\): "
        rf"about {re.escape(needs)} \([\d.]+ (MiB|GiB|TiB) available\)\n",
        done.stdout,
    ), done.stdout


def test_validate_says_when_a_valid_scenario_would_not_fit(tmp_path: Path) -> None:
    data = minimal()
    data["households"]["count"] = 50_000_000
    scenario = write_scenario(tmp_path / "s.toml", data)
    done = journeysim_cli("validate", scenario, "--memory-limit", "100M")
    assert done.returncode == BAD_INPUT
    needs = report.format_bytes(_estimate(data)["total"])
    assert done.stderr.splitlines() == [
        f"error: {scenario}: valid, but a run of 1 replication(s) on 1 thread(s) needs about "
        f"{needs} of memory, more than the 100.0 MiB available (JOURNEYSIM_MEMORY_LIMIT or "
        "MemAvailable)"
    ]


# Sizes, horizons and rates a typo (an extra zero or three) can push out of reach: each has
# an upper bound, and going over it names the path, the bound and the value.
UPPER_BOUNDS = [
    ("simulation.years", 500, 5000),
    ("simulation.warmup_years", 500, 5000),
    ("simulation.period_days", 36500, 365000),
    ("households.count", 50_000_000, 500_000_000),
    ("households.max_travel_km", 40000, 400000.0),
    ("households.price_sensitivity", 1000, 10000.0),
    ("households.relationship_orientation.mean", 1000, 10000.0),
    ("towns.only.radius_km", 40000, 400000.0),
    ("needs.rate_per_year", 1000, 10000.0),
    ("needs.spend", 1000000000, 1e10),
    ("trust.wait_penalty_per_hour", 1000, 10000.0),
    ("stores.a.chat_staff", 10000, 100000),
    ("stores.a.chat_minutes", 1440, 14400.0),
]


@pytest.mark.parametrize(("path", "bound", "value"), UPPER_BOUNDS)
def test_sizes_and_rates_have_upper_bounds(path: str, bound: float, value: float) -> None:
    base = js.Scenario.from_dict(minimal())
    if path.endswith(".mean"):
        base = base.with_overrides({path.rsplit(".", 1)[0]: {"mean": 1.0, "sd": 0.5}})
    with pytest.raises(js.ConfigError) as caught:
        base.with_overrides({path: value}).validate()
    messages = dict(caught.value.issues)
    assert path in messages, caught.value.issues
    assert re.fullmatch(rf"must be in [\[(][\d.]+, {bound}\] \(got [\de+.]+\)", messages[path]), (
        messages[path]
    )


# -- the estimate against measured peak memory ----------------------------------------

# Peak RSS of a process that runs the scenario; the same for a 10-household run is the
# baseline. Two fresh processes, rather than one process before and after, because which
# freed memory a run can reuse depends on the allocator's arenas, not on the run.
# (VmHWM, not ru_maxrss, which Linux carries over from the parent across exec.)
_PEAK = """
import re, sys
import journeysim as js
scenario = js.Scenario.from_file(sys.argv[1])
js.run(scenario, replications=int(sys.argv[2]), threads=int(sys.argv[3]))
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) * 1024)
"""


def _peak_rss(scenario: js.Scenario, path: Path, replications: int, threads: int) -> int:
    path.write_text(scenario.to_toml(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path), str(replications), str(threads)],
        capture_output=True, text=True, env=cli_environment(), check=True, timeout=1800,
    )  # fmt: skip
    return int(done.stdout)


def measure(households: int, years: float, replications: int = 1, threads: int = 1,
            directory: Path = Path("."), staff: int | None = None) -> dict[str, Any]:
    """Peak RSS growth of a run of scenarios/hopewell.toml over a 10-household run of the
    same, and the engine's estimate; ``staff`` (per store) replaces the shipped staffing."""
    scenario = js.Scenario.from_file(Path(__file__).parents[2] / "scenarios" / "hopewell.toml")
    overrides: dict[str, Any] = {"households.count": households, "simulation.years": years}
    if staff is not None:
        overrides.update({f"stores.{name}.staff": staff for name in scenario.to_dict()["stores"]})
    scenario = scenario.with_overrides(overrides)
    tiny = scenario.with_overrides({"households.count": 10})
    peak = _peak_rss(scenario, directory / "run.toml", replications, threads)
    baseline = _peak_rss(tiny, directory / "tiny.toml", replications, threads)
    estimate = _engine.estimate_memory(scenario.to_toml(), replications, threads)
    return {"measured": peak - baseline, "estimate": estimate}


def test_the_estimate_covers_a_measured_run(tmp_path: Path) -> None:
    """Peak RSS growth of a 100,000-household run lies under the estimate, and not far under
    (a guard that overestimates tenfold would refuse runs that fit)."""
    result = measure(100_000, 10, directory=tmp_path)
    measured, estimate = result["measured"], result["estimate"]["total"]
    assert measured <= estimate <= 3 * measured, result


if __name__ == "__main__":  # the calibration table of docs/reliability.md
    import tempfile

    print("| households | staff | measured peak growth | estimate (of which queues) | "
          "estimate / measured |")
    print("|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as scratch:
        for count in [int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000]:
            for staff in (None, 1000):
                r = measure(count, 10, directory=Path(scratch), staff=staff)
                m, e = r["measured"], r["estimate"]
                print(
                    f"| {count:,} | {'as shipped' if staff is None else staff} | "
                    f"{m / 2**20:.1f} MiB ({m / count:.0f} B/household) | "
                    f"{e['total'] / 2**20:.1f} MiB ({e['queues'] / 2**20:.1f} MiB) | "
                    f"{e['total'] / m:.2f} |"
                )
