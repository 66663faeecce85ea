"""Transaction logs that are not whole: killed runs, truncated and foreign files.

Issue 8 (kill safety): a run killed with SIGKILL leaves a log that h5py opens, marked
incomplete, whose committed rows read back as the same rows a whole run writes.
``load_transactions`` on a damaged or foreign file raises a clear error naming the file.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import pytest
from conftest import cli_environment, high_street, minimal, same_values, write_scenario

import journeysim as js

CHUNK = 16384


def _long_scenario() -> dict[str, object]:
    """Long enough (a few seconds) to be killed while it writes, many chunks."""
    data = high_street()
    data["simulation"].update({"years": 40.0, "warmup_years": 0})
    data["households"]["count"] = 6000
    return data


def test_a_killed_run_leaves_its_committed_rows_readable_and_marked_incomplete(
    tmp_path: Path,
) -> None:
    scenario = write_scenario(tmp_path / "long.toml", _long_scenario())
    out, log = tmp_path / "out.h5", tmp_path / "log.h5"
    process = subprocess.Popen(
        [sys.executable, "-m", "journeysim", "run", str(scenario), "-o", str(out),
         "--transactions", str(log), "--quiet", "--seed", "3"],
        env=cli_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        # Kill once a few chunks are on disk (a chunk is ~140 kB compressed).
        deadline = time.monotonic() + 60
        while not (log.exists() and log.stat().st_size > 600_000):
            assert process.poll() is None, "the run ended before it was killed"
            assert time.monotonic() < deadline, "the log never grew"
            time.sleep(0.01)
        with pytest.raises(ValueError, match=f"^{log}: is being written by a running process"):
            js.load_transactions(log)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        _, stderr = process.communicate()
    assert process.returncode == -signal.SIGKILL, stderr
    assert not out.exists(), "a result file under its final name after a kill"

    with h5py.File(log, "r") as f:  # h5py opens it as it is
        assert f["transactions"].attrs["complete"] == 0
        assert f["transactions/0"].attrs["finished"] == 0
        committed = int(f["transactions/0"].attrs["rows"])
    assert committed > 0 and committed % CHUNK == 0

    with pytest.warns(js.IncompleteLogWarning, match=f"{log}.*incomplete.*0: {committed:,}"):
        prefix = js.load_transactions(log)
    assert prefix.attrs["complete"] is False
    assert "observation_end" not in prefix.attrs
    with pytest.raises(ValueError, match="incomplete"):
        js.load_transactions(log, incomplete="raise")

    # The committed rows are exactly the first rows of a whole run.
    whole_path = tmp_path / "whole.h5"
    js.run(js.Scenario.from_file(scenario), seed=3, transactions=whole_path)
    whole = js.load_transactions(whole_path)
    assert len(whole) > committed
    for column in ("time", "household", "salesperson", "price_paid"):
        assert same_values(prefix[column], whole[column][:committed]), column
    assert (prefix.store.to_numpy() == whole.store[:committed].to_numpy()).all()


def test_an_interrupted_run_leaves_an_incomplete_log(tmp_path: Path) -> None:
    log = tmp_path / "log.h5"

    def interrupt_midway(fraction: float) -> None:
        if fraction > 0.3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        js.run(js.Scenario.from_dict(_long_scenario()), transactions=log,
               progress=interrupt_midway)
    with pytest.warns(js.IncompleteLogWarning):
        prefix = js.load_transactions(log)
    assert len(prefix) > 0 and len(prefix) % CHUNK == 0
    assert prefix.attrs["complete"] is False
    assert prefix.time.max() < 0.8 * 40 * 365, "the run went on after the interruption"


@pytest.fixture(scope="module")
def good_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "log.h5"
    js.run(js.Scenario.from_dict(minimal()), seed=3, replications=2, transactions=path)
    return path


def _copy(good: Path, target: Path) -> Path:
    shutil.copyfile(good, target)
    return target


def test_a_whole_log_reads_without_warning(good_log: Path) -> None:
    log = js.load_transactions(good_log)
    assert log.attrs["complete"] is True and set(log.replication) == {0, 1}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda good, t: t.write_bytes(b""), "empty file"),
        (lambda good, t: t.write_bytes(b"household,store\n1,2\n"), "not an HDF5 file"),
        (lambda good, t: t.write_bytes(good.read_bytes()[: good.stat().st_size // 2]),
         "truncated HDF5 file"),
        (lambda good, t: js.run(js.Scenario.from_dict(minimal())).to_hdf5(t),
         r"no /transactions group; a result file\?"),
    ],
    ids=["empty", "text", "truncated", "results-file"],
)
def test_foreign_and_damaged_files_raise_naming_the_file(
    good_log: Path, tmp_path: Path, make: object, message: str
) -> None:
    target = tmp_path / "bad.h5"
    make(good_log, target)  # type: ignore[operator]
    with pytest.raises(ValueError, match=f"^{target}: .*{message}"):
        js.load_transactions(target)


def _edit(good: Path, target: Path, change: object) -> Path:
    _copy(good, target)
    with h5py.File(target, "r+") as f:
        change(f)  # type: ignore[operator]
    return target


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f["transactions/1"].attrs.modify("rows", 10**7),
         r"/transactions/1/time holds [\d,]+ rows, fewer than the 10,000,000 committed"),
        (lambda f: f["transactions/0"].attrs.modify("rows", -1), "must be an integer >= 0"),
        (lambda f: f["transactions"].attrs.modify("replications", 3),
         "declares 3 replication.*, /meta 2"),
        (lambda f: f.__delitem__("transactions/0/price_paid"),
         "/transactions/0 lacks the column price_paid"),
        (lambda f: f.__delitem__("stores"), "no /stores table"),
        (lambda f: f["transactions"].attrs.__delitem__("complete"),
         "/transactions lacks the attribute 'complete'"),
    ],
    ids=["rows-beyond-data", "negative-rows", "replications", "column", "stores", "complete"],
)
def test_inconsistent_logs_raise_naming_the_file_and_the_fault(
    good_log: Path, tmp_path: Path, change: object, message: str
) -> None:
    target = _edit(good_log, tmp_path / "edited.h5", change)
    with pytest.raises(ValueError, match=f"^{target}: .*{message}"):
        js.load_transactions(target)


def test_store_codes_outside_the_stores_table_are_refused(good_log: Path, tmp_path: Path) -> None:
    def change(f: h5py.File) -> None:
        store = f["transactions/0/store"]
        store[0] = 9

    target = _edit(good_log, tmp_path / "edited.h5", change)
    with pytest.raises(ValueError, match=f"^{target}: column store holds 9, outside the 1"):
        js.load_transactions(target)


def test_missing_files_and_bad_arguments(tmp_path: Path, good_log: Path) -> None:
    with pytest.raises(FileNotFoundError, match="transaction log not found"):
        js.load_transactions(tmp_path / "absent.h5")
    with pytest.raises(ValueError, match="incomplete must be 'warn', 'ignore' or 'raise'"):
        js.load_transactions(good_log, incomplete="maybe")
    with pytest.raises(ValueError, match="is a directory"):
        js.load_transactions(tmp_path)


def test_results_readers_are_not_confused_by_a_log(good_log: Path) -> None:
    with pytest.raises(ValueError, match=f"^{good_log}: not a complete journeysim result file"):
        js.load_results(good_log)
