"""Output paths (issue 20): refused before the run when they cannot be written, and written
by one process at a time; a reader of a file being replaced keeps the old one.

A read-only folder is made with a read-only tmpfs where root may mount one (permission bits
do not stop root), with ``chmod`` otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
from conftest import cli_environment, minimal, write_scenario

import journeysim as js
from journeysim import cli
from journeysim.output_paths import claimed, lock_name

runner_module = sys.modules["journeysim.runner"]


@pytest.fixture
def never_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any simulation fails the test: the check must come before it."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the simulation started")

    monkeypatch.setattr(runner_module._engine, "run", refuse)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "read-only"
    where.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs",
                                  str(where)], capture_output=True, text=True)
        if mounted.returncode != 0:
            pytest.skip(f"root ignores permission bits, and mount is refused: {mounted.stderr}")
        yield where
        subprocess.run(["umount", "-l", str(where)], check=False)
    else:
        where.chmod(0o555)
        yield where
        where.chmod(0o755)


def _run(tmp_path: Path, out: Path, *more: str) -> int:
    scenario = write_scenario(tmp_path / "town.toml", minimal())
    return cli.main(["run", str(scenario), "-o", str(out), "--quiet", *more])


@pytest.mark.usefixtures("never_runs")
def test_an_output_that_is_a_directory_is_refused_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out.h5").mkdir()
    assert _run(tmp_path, tmp_path / "out.h5") == 2
    error = capsys.readouterr().err
    assert error == f"error: {tmp_path / 'out.h5'}: is a directory, not a file path\n"


@pytest.mark.usefixtures("never_runs")
def test_a_folder_that_cannot_be_created_is_refused_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("not a folder")
    out = tmp_path / "file" / "sub" / "out.h5"
    assert _run(tmp_path, out) == 2
    assert capsys.readouterr().err.startswith(
        f"error: {out}: cannot create its directory {out.parent}: ")


@pytest.mark.usefixtures("never_runs")
def test_a_read_only_folder_is_refused_before_the_run(
    tmp_path: Path, read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = read_only_folder / "out.h5"
    assert _run(tmp_path, out) == 2
    assert capsys.readouterr().err.startswith(f"error: {out}: cannot write in its directory: ")
    assert _run(tmp_path, tmp_path / "out.h5", "--transactions", str(out)) == 2
    assert not (tmp_path / "out.h5").exists()
    with pytest.raises(PermissionError, match="cannot write in its directory"):
        js.run(js.Scenario.from_dict(minimal()), transactions=out)
    assert list(read_only_folder.iterdir()) == []


def _hold(*paths: Path) -> subprocess.Popen[str]:
    """Another process holding the write locks of ``paths`` until its stdin closes."""
    code = (
        "import sys\nfrom journeysim.output_paths import claimed\n"
        f"with claimed(*{[str(p) for p in paths]!r}):\n"
        "    print('held', flush=True)\n    sys.stdin.read()\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=cli_environment())
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


@pytest.mark.usefixtures("never_runs")
def test_a_second_writer_of_the_same_path_is_refused_naming_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, log, sweep = tmp_path / "out.h5", tmp_path / "log.h5", tmp_path / "sweep"
    sweep.mkdir()
    holder = _hold(out, log, sweep / "manifest.json")
    try:
        for held, args in ((out, ()), (log, ("--transactions", str(log)))):
            assert _run(tmp_path, out if held == out else tmp_path / "other.h5", *args) == 1
            assert capsys.readouterr().err == (
                f"error: {held}: is being written by another process (pid {holder.pid}); "
                "wait for it to finish, or write elsewhere\n")
        with pytest.raises(BlockingIOError, match=f"pid {holder.pid}"), claimed(out):
            pass
        # Two sweeps of the same shard in one directory: the second touches nothing.
        with pytest.raises(BlockingIOError, match="is being written by another process"):
            js.sweep(js.Scenario.from_dict(minimal()), {"households.count": [9, 10]}, out=sweep)
        assert not (sweep / "sweep.json").exists()
    finally:
        holder.communicate("")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep", "town.toml"], "lock left"
    assert list(sweep.iterdir()) == []


def test_two_runs_to_the_same_file_one_wins_and_the_other_is_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = minimal()
    data["households"]["count"] = 400_000  # a few seconds: the second comes while it runs
    scenario = write_scenario(tmp_path / "long.toml", data)
    out = tmp_path / "out.h5"
    first = subprocess.Popen(
        [sys.executable, "-m", "journeysim", "run", str(scenario), "-o", str(out), "--quiet"],
        env=cli_environment(), stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not lock_name(out).exists():
            assert first.poll() is None and time.monotonic() < deadline, "no lock taken"
            time.sleep(0.01)
        second = cli.main(["run", str(scenario), "-o", str(out), "--quiet"])
        assert first.poll() is None, "the first ended before the second came"
    finally:
        _, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err
    assert second == 1
    error = capsys.readouterr().err
    assert f"{out}: is being written by another process (pid {first.pid})" in error
    assert js.load_results(out).replications == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.toml", "out.h5"]


def test_a_reader_of_a_log_being_replaced_keeps_the_old_one(tmp_path: Path) -> None:
    scenario = js.Scenario.from_dict(minimal())
    log = tmp_path / "log.h5"
    js.run(scenario, seed=1, transactions=log)
    old = js.load_transactions(log)
    with h5py.File(log, "r") as reader:  # open while a new run replaces the file
        js.run(scenario, seed=2, transactions=log)
        assert (reader["transactions/0/time"][()] == old.time.to_numpy()).all()
    assert not np.array_equal(js.load_transactions(log).time, old.time)  # the new one
