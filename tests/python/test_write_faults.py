"""Writing when the operating system refuses (issue 20), through the engine's fault hook.

``JOURNEYSIM_TEST_FAULT=STEP:N:ERRNO[:TEXT]`` makes the N-th STEP (create, write, truncate,
close, sync, rename) of each file whose path holds TEXT fail with ERRNO, so that every step
of a write can be failed in turn, which a full disk cannot do (``test_full_disk.py`` fills a
real one). Each failure must raise ``journeysim.WriteError`` (an OSError) naming the file
and the system's reason, or exit 1 from the CLI, with no crash afterwards, nothing under the
final name, no temporary file, HDF5's own error stack kept off stderr; a streamed log keeps
its committed rows.
"""

from __future__ import annotations

import concurrent.futures as cf
import errno
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import cli_environment, high_street, minimal, same_values, write_scenario

import journeysim as js

REASONS = {"ENOSPC": "No space left on device", "EIO": "Input/output error",
           "EACCES": "Permission denied"}

# A step of each kind, and writes early and late in the file (a results file of the
# minimal scenario takes about 20 writes).
RESULT_FAULTS = ["create:1:EACCES", "write:1:ENOSPC", "write:4:EIO", "write:12:ENOSPC",
                 "truncate:1:EIO", "close:1:EIO", "sync:1:EIO", "rename:1:EACCES"]


@pytest.fixture(scope="module")
def results() -> js.Results:
    return js.run(js.Scenario.from_dict(minimal()), seed=1)


@pytest.fixture(scope="module")
def earlier(results: js.Results, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("earlier") / "out.h5"
    results.to_hdf5(path)
    return path.read_bytes()


@pytest.mark.parametrize("plan", RESULT_FAULTS)
def test_each_step_of_writing_results_raises_write_error(
    plan: str, results: js.Results, earlier: bytes, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out.h5"
    out.write_bytes(earlier)
    monkeypatch.setenv("JOURNEYSIM_TEST_FAULT", plan)
    try:
        results.to_hdf5(out)
    except js.WriteError as error:
        name = plan.split(":")[2]
        assert isinstance(error, OSError) and error.errno == getattr(errno, name)
        assert error.filename == str(out)
        assert str(error).startswith(f"{out}: cannot write results (")
        assert str(error).endswith(REASONS[name])
    else:
        assert plan.startswith("truncate"), f"{plan}: no error"  # results are never cut
    assert out.read_bytes() == earlier, "the earlier file changed"
    assert [p.name for p in tmp_path.iterdir()] == ["out.h5"], "a temporary or lock file left"
    assert "HDF5" not in capfd.readouterr().err


@pytest.mark.parametrize("plan", ["write:3:ENOSPC", "rename:1:EACCES"])
def test_the_cli_exits_1_with_one_line_and_no_crash(plan: str, tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "town.toml", minimal())
    out = tmp_path / "results" / "out.h5"
    done = subprocess.run(
        [sys.executable, "-m", "journeysim", "run", str(scenario), "-o", str(out), "--quiet"],
        env={**cli_environment(), "JOURNEYSIM_TEST_FAULT": plan},
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stderr  # a crash at exit gave -11 (issue 20)
    [line] = done.stderr.splitlines()
    assert line.startswith(f"error: {out}: cannot write results (")
    assert line.endswith(REASONS[plan.split(":")[2]])
    assert list(out.parent.iterdir()) == []


def test_the_interpreter_exits_cleanly_after_a_failed_write(tmp_path: Path) -> None:
    # Before the fix the OSError was raised, and the interpreter crashed at exit when
    # libhdf5 closed the file its failed close had freed.
    code = (
        "import journeysim as js\n"
        f"r = js.run(js.Scenario.from_dict({minimal()!r}))\n"
        f"try:\n    r.to_hdf5({str(tmp_path / 'out.h5')!r})\n"
        "except js.WriteError as e:\n    print(e.errno, e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={**cli_environment(), "JOURNEYSIM_TEST_FAULT": "write:2:ENOSPC"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{errno.ENOSPC} {tmp_path / 'out.h5'}: cannot write results")
    assert done.stderr == ""


def _log_scenario() -> js.Scenario:
    """Four chunks of rows in each of two replications: about 160 writes in all."""
    data = high_street()
    data["households"]["count"] = 3000
    data["simulation"]["years"] = 6.0
    return js.Scenario.from_dict(data)


def test_a_log_failing_at_any_write_keeps_its_committed_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = _log_scenario()
    js.run(scenario, seed=1, replications=2, threads=1, transactions=tmp_path / "whole.h5")
    whole = js.load_transactions(tmp_path / "whole.h5")
    log = tmp_path / "log.h5"
    kept = set()
    # Writes in the header, in each replication's chunks and flushes, and in closing.
    for nth in (1, 20, 38, 52, 71, 97, 118, 147, 163, 400):
        log.unlink(missing_ok=True)
        monkeypatch.setenv("JOURNEYSIM_TEST_FAULT", f"write:{nth}:ENOSPC:log.h5")
        try:
            js.run(scenario, seed=1, replications=2, threads=1, transactions=log)
        except js.WriteError as error:
            assert str(error).startswith(f"{log}: cannot write the transaction log (")
            assert str(error).endswith("No space left on device")
        else:
            assert js.load_transactions(log).attrs["complete"], nth
            continue
        finally:
            monkeypatch.delenv("JOURNEYSIM_TEST_FAULT")
        left = sorted(p.name for p in tmp_path.iterdir())
        assert left in (["whole.h5"], ["log.h5", "whole.h5"]), (nth, left)
        if not log.exists():
            continue  # its header failed: no log at all
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", js.IncompleteLogWarning)
            prefix = js.load_transactions(log, incomplete="ignore")
        # Complete when only closing failed, after the last commit.
        assert not prefix.attrs["complete"] or len(prefix) == len(whole), nth
        for replication, rows in prefix.groupby("replication"):
            first = whole[whole.replication == replication].time.to_numpy()[: len(rows)]
            assert same_values(rows.time.to_numpy(), first), (nth, replication)
        kept.add(len(prefix))
    assert len(kept) >= 4, f"too few distinct committed prefixes tried: {sorted(kept)}"


def test_a_sweep_records_a_point_it_cannot_write_and_a_resume_completes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = minimal()
    data["simulation"]["years"] = 0.5
    scenario = js.Scenario.from_dict(data)
    space = {"households.count": [100, 150, 200]}
    monkeypatch.setenv("JOURNEYSIM_TEST_FAULT", "write:2:ENOSPC:point-0001")
    report = js.sweep(scenario, space, out=tmp_path, executor=cf.ThreadPoolExecutor(1))
    assert (report.done, report.failed) == (2, 1)
    assert "No space left on device" in report.errors[1]
    runs = json.loads((tmp_path / "manifest.json").read_text())["runs"]
    assert [run["status"] for run in runs] == ["done", "failed", "done"]
    assert "WriteError" in runs[1]["error"] and "point-0001.h5" in runs[1]["error"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "manifest.json", "point-0000.h5", "point-0002.h5", "sweep.json"]

    monkeypatch.delenv("JOURNEYSIM_TEST_FAULT")  # the disk has space again
    again = js.sweep(scenario, space, out=tmp_path, executor=cf.ThreadPoolExecutor(1))
    assert (again.done, again.skipped, again.failed) == (1, 2, 0)
    assert len(js.load_sweep(tmp_path).point.unique()) == 3
