"""`journeysim calibrate --out DIR`: a row per point as it finishes, the plot, and resuming
(an interrupted or budget-limited calibration continued gives an uninterrupted one's result)."""

from __future__ import annotations

import concurrent.futures as cf
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import cli_environment, journeysim_cli
from test_calibrate import TOWN

import journeysim as js

PARAM = ["--param", "stores.a.price_index=0.7:1.5", "--param", "needs.rate_per_year=2.0:8.0"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The town's scenario file and one noisy realisation of it at known values."""
    folder = tmp_path_factory.mktemp("calibration")
    town = js.Scenario.from_dict(TOWN, name="town")
    (folder / "town.toml").write_text(town.to_toml())
    res = js.run(town.with_overrides({"stores.a.price_index": 1.1,
                                      "needs.rate_per_year": 5.0}), seed=99)
    table = res.periods.drop(columns="period").rename(columns={"date": "period"})
    table[["period", "store", "purchases", "share"]].to_csv(folder / "history.csv",
                                                            index=False)
    return folder


def calibrate(files: Path, out: Path, budget: int, *more: str) -> Any:
    done = journeysim_cli("calibrate", files / "town.toml", "--observed",
                          files / "history.csv", *PARAM, "--budget", str(budget),
                          "--replications", "2", "--seed", "3", "--method", "tpe", "--out", out,
                          "--no-progress", *more)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def uninterrupted(files: Path) -> Path:
    calibrate(files, files / "whole", 12)
    return files / "whole"


def same_result(first: Path, second: Path) -> None:
    pd.testing.assert_frame_equal(pd.read_csv(first / "history.csv"),
                                  pd.read_csv(second / "history.csv"))
    assert (first / "calibrated.toml").read_text() == (second / "calibrated.toml").read_text()


def test_the_directory_holds_a_row_per_point_the_fit_and_its_plot(uninterrupted: Path) -> None:
    history = pd.read_csv(uninterrupted / "history.csv")
    assert list(history["evaluation"]) == list(range(12))
    assert list(history.columns) == ["evaluation", "stores.a.price_index",
                                     "needs.rate_per_year", "loss"]
    assert (uninterrupted / "fit.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (uninterrupted / "calibration.json").exists()
    assert not list(uninterrupted.glob(".*"))  # no temporary file left


def test_a_larger_budget_continues_a_finished_calibration(files: Path,
                                                          uninterrupted: Path) -> None:
    out = files / "in_steps"
    calibrate(files, out, 5)
    assert len(pd.read_csv(out / "history.csv")) == 5
    done = calibrate(files, out, 12)
    assert "resuming: 5 point(s) already in" in done.stderr
    same_result(out, uninterrupted)


def test_a_killed_calibration_resumes_where_it_stopped(files: Path, uninterrupted: Path) -> None:
    # A kill after the 7th point leaves a history of 7 rows (each row is written atomically
    # as its point finishes) and no calibrated.toml.
    out = files / "killed"
    shutil.copytree(uninterrupted, out)
    history = pd.read_csv(out / "history.csv")
    history.iloc[:7].to_csv(out / "history.csv", index=False)
    (out / "calibrated.toml").unlink()
    (out / "fit.png").unlink()
    calibrate(files, out, 12)
    same_result(out, uninterrupted)
    assert (out / "fit.png").exists()


def test_kill_9_mid_calibration_then_the_same_command(files: Path, uninterrupted: Path) -> None:
    out = files / "kill_9"
    command = [sys.executable, "-m", "journeysim", "calibrate", str(files / "town.toml"),
               "--observed", str(files / "history.csv"), *PARAM, "--budget", "12",
               "--replications", "2", "--seed", "3", "--method", "tpe", "--out", str(out),
               "--no-progress"]
    process = subprocess.Popen(command, env=cli_environment(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60.0
    rows = 0
    while process.poll() is None and time.monotonic() < deadline:
        history = out / "history.csv"
        rows = len(history.read_text().splitlines()) - 1 if history.exists() else 0
        if rows >= 3:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the calibration finished before the kill"
    kept = pd.read_csv(out / "history.csv")
    assert 3 <= len(kept) < 12 and list(kept["evaluation"]) == list(range(len(kept)))
    assert not (out / "calibrated.toml").exists()
    calibrate(files, out, 12)
    same_result(out, uninterrupted)


def test_recorded_points_are_not_run_again(files: Path, uninterrupted: Path) -> None:
    out = files / "doctored"
    shutil.copytree(uninterrupted, out)
    history = pd.read_csv(out / "history.csv")
    # A loss no run gives, on the last point (an earlier one would change what the search
    # proposes after it, which the replay refuses): it must be read, not recomputed.
    history.loc[11, "loss"] = 1e-9
    history.to_csv(out / "history.csv", index=False)
    done = calibrate(files, out, 12)
    assert "best loss 1e-09 over 12 point(s)" in done.stdout
    fitted = js.Scenario.from_file(out / "calibrated.toml").to_dict()
    assert fitted["needs"]["rate_per_year"] == history.loc[11, "needs.rate_per_year"]


def test_a_history_that_does_not_follow_from_the_seed_is_refused(files: Path,
                                                                  uninterrupted: Path) -> None:
    out = files / "tampered"
    shutil.copytree(uninterrupted, out)
    history = pd.read_csv(out / "history.csv")
    history.loc[3, "loss"] = 1e-9  # TPE proposes other points after it
    history.to_csv(out / "history.csv", index=False)
    done = journeysim_cli("calibrate", files / "town.toml", "--observed",
                          files / "history.csv", *PARAM, "--budget", "12",
                          "--replications", "2", "--seed", "3", "--method", "tpe", "--out", out)
    assert done.returncode == 2
    assert "the history is another calibration's" in done.stderr


def test_another_calibration_in_the_directory_is_refused(files: Path, uninterrupted: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "other"
    shutil.copytree(uninterrupted, out)
    done = journeysim_cli("calibrate", files / "town.toml", "--observed",
                          files / "history.csv", *PARAM, "--budget", "13", "--method", "tpe",
                          "--replications", "2", "--seed", "4", "--out", out)
    assert done.returncode == 2
    assert "holds a different calibration (its seed differ); use another directory" in \
        done.stderr
    edited = tmp_path / "edited.csv"
    pd.read_csv(files / "history.csv").iloc[1:].to_csv(edited, index=False)
    done = journeysim_cli("calibrate", files / "town.toml", "--observed", edited,
                          PARAM[0], PARAM[1], "--budget", "13", "--method", "tpe",
                          "--replications", "2",
                          "--seed", "3", "--out", out)
    assert done.returncode == 2
    assert "(its observed, params differ)" in done.stderr
    done = journeysim_cli("calibrate", files / "town.toml", "--observed",
                          files / "history.csv", *PARAM, "--budget", "13", "--method", "abc",
                          "--replications", "2", "--seed", "3", "--out", out)
    assert done.returncode == 2
    assert "(its method differ)" in done.stderr
    assert len(pd.read_csv(out / "history.csv")) == 12  # untouched


def test_bad_observed_data_leaves_no_directory(files: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    pd.read_csv(files / "history.csv").assign(store="nope").to_csv(bad, index=False)
    done = journeysim_cli("calibrate", files / "town.toml", "--observed", bad, *PARAM,
                          "--out", tmp_path / "fit")
    assert done.returncode == 2
    assert "observed: store 'nope' is not in the scenario" in done.stderr
    assert not (tmp_path / "fit").exists()


def test_a_different_history_is_refused_by_the_api(files: Path, uninterrupted: Path) -> None:
    history = pd.read_csv(uninterrupted / "history.csv")
    town = js.Scenario.from_file(files / "town.toml")
    ranges = {"stores.a.price_index": (0.7, 1.5), "needs.rate_per_year": (2.0, 8.0)}
    with pytest.raises(ValueError, match="evaluated: point 0 was stores.a.price_index = "):
        js.calibrate(town, files / "history.csv", ranges, budget=3, replications=2, seed=4,
                     evaluated=history, method="tpe")


def test_on_dask_as_with_any_parallel_executor(files: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    import logging

    town = js.Scenario.from_file(files / "town.toml")
    ranges = {"stores.a.price_index": (0.7, 1.5), "needs.rate_per_year": (2.0, 8.0)}
    with warnings.catch_warnings(), cf.ThreadPoolExecutor(2) as threads:
        warnings.simplefilter("ignore", UserWarning)
        local = js.calibrate(town, files / "history.csv", ranges, budget=10, replications=2,
                             seed=3, executor=threads, method="tpe")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0", silence_logs=logging.CRITICAL
                                  ) as cluster:
        out = tmp_path / "dask"
        calibrate(files, out, 4, "--dask", cluster.scheduler_address)
        calibrate(files, out, 10, "--dask", cluster.scheduler_address)
    history = pd.read_csv(out / "history.csv")
    pd.testing.assert_frame_equal(history, local.history, check_dtype=False)
