"""A real full disk (issue 20): a small tmpfs, mounted for each test.

Runs as root where ``mount -t tmpfs`` is permitted, and is skipped with the reason
otherwise; ``test_write_faults.py`` fails every step of a write through the engine's fault
hook without one. A result file, a transaction log, a sweep's points and a sweep's own
files meet "No space left on device": the error names the file and the reason, nothing
crashes, nothing is left half-written, and a sweep resumed once space is back completes.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import cli_environment, high_street, minimal, same_values, write_scenario

import journeysim as js

NO_SPACE = "No space left on device"


def _mount(where: Path, size: str) -> str | None:
    """Mounts a tmpfs of ``size`` at ``where``; the reason it cannot, or None."""
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root"
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True)
    return None if done.returncode == 0 else f"mount -t tmpfs refused: {done.stderr.strip()}"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mounts a tmpfs of the size asked for; remounting changes its size."""
    where = tmp_path / "disk"

    def mount(size: str) -> Path:
        if where.is_mount():
            subprocess.run(["mount", "-o", f"remount,size={size}", str(where)], check=True)
        elif (reason := _mount(where, size)) is not None:
            pytest.skip(reason)
        return where

    yield mount
    if where.is_mount():
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_the_cli_on_a_full_disk_exits_1_naming_the_file_and_leaves_nothing(
    small_disk: Callable[[str], Path], tmp_path: Path
) -> None:
    disk = small_disk("64k")  # the run's result file needs about 280 kB
    scenario = write_scenario(tmp_path / "town.toml", minimal())
    out = disk / "out.h5"
    done = subprocess.run(
        [sys.executable, "-m", "journeysim", "run", str(scenario), "-o", str(out), "--quiet",
         "--replications", "2"],
        env=cli_environment(), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stderr  # it was 139, a crash at exit
    [line] = done.stderr.splitlines()
    assert line.startswith(f"error: {out}: cannot write results (") and line.endswith(NO_SPACE)
    assert list(disk.iterdir()) == []


def test_a_log_on_a_disk_that_fills_keeps_its_committed_rows(
    small_disk: Callable[[str], Path], tmp_path: Path
) -> None:
    data = high_street()
    data["households"]["count"] = 3000
    data["simulation"]["years"] = 6.0
    scenario = js.Scenario.from_dict(data)
    js.run(scenario, seed=1, transactions=tmp_path / "whole.h5")
    whole = js.load_transactions(tmp_path / "whole.h5")
    log = small_disk("400k") / "log.h5"  # the whole log takes about 700 kB
    expected = f"^{log}: cannot write the transaction log .*{NO_SPACE}"
    with pytest.raises(js.WriteError, match=expected):
        js.run(scenario, seed=1, transactions=log)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", js.IncompleteLogWarning)
        prefix = js.load_transactions(log, incomplete="ignore")
    assert 0 < len(prefix) < len(whole)
    assert same_values(prefix.time, whole.time[: len(prefix)])
    assert [p.name for p in log.parent.iterdir()] == ["log.h5"]


def _sweep(out: Path) -> js.SweepReport:
    data = minimal()
    data["simulation"]["years"] = 0.5
    space = {"households.count": [100, 150, 200, 250]}
    return js.sweep(js.Scenario.from_dict(data), space, out=out,
                    executor=cf.ThreadPoolExecutor(1))


def test_a_sweep_on_a_disk_that_fills_records_its_failures_and_resumes(
    small_disk: Callable[[str], Path],
) -> None:
    out = small_disk("700k") / "sweep"  # two point files of about 280 kB fit
    report = _sweep(out)
    assert (report.done, report.failed) == (2, 2)
    assert all(NO_SPACE in error for error in report.errors.values())
    runs = json.loads((out / "manifest.json").read_text())["runs"]
    assert [run["status"] for run in runs] == ["done", "done", "failed", "failed"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left"

    small_disk("2m")  # space is back
    again = _sweep(out)
    assert (again.done, again.skipped, again.failed) == (2, 2, 0)
    assert len(js.load_sweep(out).point.unique()) == 4


def test_a_sweep_that_cannot_write_its_own_files_stops_cleanly(
    small_disk: Callable[[str], Path],
) -> None:
    disk = small_disk("64k")
    with open(disk / "filler", "wb", buffering=0) as filler, contextlib.suppress(OSError):
        while True:  # until the disk is full
            filler.write(b"\0" * 4096)
    with pytest.raises(js.WriteError, match=f"sweep.json: cannot write: {NO_SPACE}"):
        _sweep(disk / "sweep")
    assert list((disk / "sweep").iterdir()) == []
