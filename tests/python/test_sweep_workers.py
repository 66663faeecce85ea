"""Sweeps survive their workers: a killed worker fails its run only, Ctrl-C stops cleanly."""

from __future__ import annotations

import concurrent.futures as cf
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_environment, interrupt, minimal, write_scenario
from test_sweep import GRID, files_equal, manifest

import journeysim as js
from journeysim.executors import WorkerDied, WorkerPool

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture(scope="module")
def tiny() -> js.Scenario:
    data = minimal()
    data["simulation"]["years"] = 0.5
    return js.Scenario.from_dict(data)


def _die_while_writing(*args: Any) -> None:
    """Start writing the result file as the engine does, then die as the OOM killer kills."""
    final = Path(args[-1])
    partial = final.with_name(f".{final.name}.tmp-{os.getpid()}-0")
    partial.write_bytes(b"\x89HDF\r\n\x1a\n half a file")
    os.kill(os.getpid(), signal.SIGKILL)


class KillingPool(WorkerPool):
    """The sweep's own pool, whose worker dies while running the run writing ``victim``."""

    def __init__(self, workers: int, victim: str) -> None:
        super().__init__(workers)
        self.victim = victim

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        if str(args[-1]).endswith(self.victim):
            return super().submit(_die_while_writing, *args)
        return super().submit(fn, *args, **kwargs)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_killed_worker_fails_its_run_the_others_finish_and_resume_completes(
    tiny: js.Scenario, tmp_path: Path, workers: int
) -> None:
    out = tmp_path / "runs"
    with KillingPool(workers, "point-0001.h5") as pool:
        report = js.sweep(tiny, GRID, replications=2, seed=7, out=out, executor=pool)

    assert (report.done, report.failed) == (3, 1)
    runs = manifest(out)
    assert runs[1]["status"] == "failed"
    assert "WorkerDied" in runs[1]["error"] and "SIGKILL" in runs[1]["error"]
    assert all(runs[p]["status"] == "done" for p in (0, 2, 3))
    assert sorted(p.name for p in out.iterdir() if "0001" in p.name) == []  # nor a partial

    again = js.sweep(tiny, GRID, replications=2, seed=7, out=out, jobs=2)
    assert (again.done, again.skipped, again.failed) == (1, 3, 0)
    with cf.ThreadPoolExecutor(2) as threads:
        js.sweep(tiny, GRID, replications=2, seed=7, out=tmp_path / "whole", executor=threads)
    for entry in manifest(out).values():
        assert files_equal(out / entry["file"], tmp_path / "whole" / entry["file"])


def test_the_pool_reports_each_death_and_keeps_serving() -> None:
    with WorkerPool(1) as pool:
        first = pool.submit(os.kill, os.getpid(), 0)  # harmless: the test process itself
        doomed = pool.submit(_die_while_writing, str(Path(os.devnull)))
        after = pool.submit(pow, 3, 4)
        failing = pool.submit(int, "not a number")
        assert first.result(timeout=60) is None
        with pytest.raises(WorkerDied, match="killed by SIGKILL"):
            doomed.result(timeout=60)
        assert after.result(timeout=60) == 81
        with pytest.raises(ValueError, match="not a number"):
            failing.result(timeout=60)


def test_terminate_stops_running_work_at_once() -> None:
    pool = WorkerPool(1)
    busy = pool.submit(time.sleep, 60)
    queued = pool.submit(pow, 2, 2)
    while not busy.running():
        time.sleep(0.01)
    time.sleep(0.5)
    started = time.monotonic()
    pool.terminate()
    assert time.monotonic() - started < 5
    assert queued.cancelled()
    with pytest.raises(WorkerDied):
        busy.result(timeout=5)


_CLI_WITH_CTRL_C = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from journeysim.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_ctrl_c_stops_a_cli_sweep_quickly_and_the_same_command_resumes(tmp_path: Path) -> None:
    data = minimal()
    data["households"]["count"] = 80_000  # point 1: a few seconds on an idle core
    data["needs"]["rate_per_year"] = 6.0
    scenario = write_scenario(tmp_path / "town.toml", data)
    out = tmp_path / "runs"
    # Point 0 is quick, point 1 runs for several seconds: it is under way at the signal.
    # `python -m journeysim`, with Python's SIGINT handler installed even when this test
    # runs in a background job, whose children inherit SIGINT ignored (and keep it so).
    command = [sys.executable, "-c", _CLI_WITH_CTRL_C, "sweep", str(scenario), "--param",
               "simulation.years=0.05,12", "--jobs", "2", "--out", str(out), "--no-progress"]
    # The with-block closes the pipes whatever happens (no open file left for a later test).
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=cli_environment()) as process:
        deadline = time.monotonic() + 90
        while not (out / "point-0000.h5").exists():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"point 0 never finished: {process.communicate()}")
            time.sleep(0.05)
        time.sleep(0.5)  # the sweep records it; point 1 is well under way
        assert process.poll() is None, "the sweep ended before the signal; make point 1 longer"
        err, elapsed = interrupt(process, timeout=30)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert elapsed < 3.0  # within a second on an idle machine; this one is shared
    runs = manifest(out)
    assert (runs[0]["status"], runs[1]["status"]) == ("done", "pending")
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "point-0000.h5",
                                                     "sweep.json"]

    resumed = subprocess.run(command, capture_output=True, text=True, env=cli_environment(),
                             timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert "1 run(s) done, 1 already done" in resumed.stderr
    assert set(js.load_sweep(out)["point"]) == {0, 1}

