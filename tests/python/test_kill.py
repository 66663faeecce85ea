"""A single run killed or interrupted never damages earlier results or leaves a half file.

Issue 8 (crash and kill safety of ``journeysim run``): ``kill -9`` in the middle of a run,
or in the middle of writing its file, leaves an earlier result file in the same directory
intact and loadable, nothing under the final name, and at most one temporary file named
``.NAME.tmp-<pid>-<n>``, which ``load_results`` and ``journeysim info`` recognise and
refuse. Ctrl-C stops within a second (a generous 3 s here: the test machine is shared)
with exit 130 and nothing new in the directory.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_environment, journeysim_cli, minimal, write_scenario

import journeysim as js
from journeysim.hdf5 import is_temporary_result

BAD_INPUT, INTERRUPTED = 2, 130


def _long_run() -> dict[str, Any]:
    """Minutes of simulation with a small result: a kill always lands mid-run."""
    data = minimal()
    data["households"]["count"] = 1_000_000
    data["simulation"]["years"] = 40
    data["needs"]["rate_per_year"] = 6.0
    return data


def _big_output() -> dict[str, Any]:
    """A quick simulation with a large result (daily periods, many stores): its file takes
    long enough to write that a kill can land in the middle of the write."""
    data = minimal()
    data["households"]["count"] = 300
    data["simulation"]["years"] = 60
    data["simulation"]["period_days"] = 1
    data["stores"] = {f"s{i}": {"type": "online"} for i in range(40)}
    return data


@pytest.fixture
def directory_with_results(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A results directory already holding one finished result file."""
    out = tmp_path / "results"
    out.mkdir()
    earlier = out / "earlier.h5"
    js.run(js.Scenario.from_dict(minimal()), seed=5).to_hdf5(earlier)
    return out, earlier, earlier.read_bytes()


@pytest.fixture
def start_run(tmp_path: Path) -> Iterator[Callable[[dict[str, Any], Path], subprocess.Popen[str]]]:
    processes: list[subprocess.Popen[str]] = []

    def start(data: dict[str, Any], out: Path) -> subprocess.Popen[str]:
        scenario = write_scenario(tmp_path / "scenario.toml", data)
        command = [sys.executable, "-m", "journeysim", "run", str(scenario), "-o", str(out)]
        # No memory guard: _long_run is estimated at 21 GiB (its queues), which a 24 GB
        # machine has free only while nothing else runs; it is killed long before.
        process = subprocess.Popen(
            [*command, "--no-progress", "--quiet", "--memory-limit", "none"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_environment(),
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.communicate()


@pytest.fixture(scope="module")
def simulating_kib(tmp_path_factory: pytest.TempPathFactory) -> int:
    """Resident memory that says a run holds its households: that of a whole tiny run (the
    interpreter, journeysim and every import a run makes) and 40 MiB more, which a million
    households and their first relations pass within a second of the run's start. Measured,
    not fixed: what the imports take varies from one environment to the next."""
    folder = tmp_path_factory.mktemp("baseline")
    scenario = write_scenario(folder / "tiny.toml", minimal())
    measure = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    run = [sys.executable, "-m", "journeysim", "run", str(scenario), "-o", str(folder / "t.h5")]
    done = subprocess.run(
        [sys.executable, "-c", measure, *run, "--no-progress", "--quiet"],
        capture_output=True, text=True, env=cli_environment(), check=True,
    )
    return int(done.stdout.split()[-1]) + 40 * 1024


def _wait_until_simulating(
    process: subprocess.Popen[str], simulating_kib: int, timeout: float = 60.0
) -> None:
    """Until the run holds its households: past imports and validation (which take seconds
    on a loaded machine, and where a signal would land outside the run)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        status = Path(f"/proc/{process.pid}/status").read_text()
        rss_kib = int(status.split("VmRSS:")[1].split()[0])
        if rss_kib > simulating_kib:
            time.sleep(0.5)
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before the signal; make it longer"


def _earlier_is_intact(earlier: Path, content: bytes) -> None:
    assert earlier.read_bytes() == content
    assert js.load_results(earlier).summary()["visits"].sum() > 0


def test_kill_9_mid_run(
    directory_with_results: tuple[Path, Path, bytes], start_run: Any, simulating_kib: int
) -> None:
    out, earlier, content = directory_with_results
    final = out / "final.h5"
    process = start_run(_long_run(), final)
    _wait_until_simulating(process, simulating_kib)
    assert sorted(p.name for p in out.iterdir()) == ["earlier.h5"]  # still simulating
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert sorted(p.name for p in out.iterdir()) == ["earlier.h5"]
    _earlier_is_intact(earlier, content)


def _wait_for_temporary(out: Path, process: subprocess.Popen[str], timeout: float) -> Path | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        found = [p for p in out.iterdir() if is_temporary_result(p)]
        if found:
            return found[0]
        time.sleep(0.001)
    return None


def test_kill_9_mid_write(
    directory_with_results: tuple[Path, Path, bytes], start_run: Any
) -> None:
    out, earlier, content = directory_with_results
    final = out / "final.h5"
    process = start_run(_big_output(), final)
    temporary = _wait_for_temporary(out, process, timeout=60)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert temporary is not None, (
        f"no temporary file seen before the run ended (exit {process.returncode}); "
        "the write was too quick to catch: make the result larger"
    )
    assert process.returncode == -signal.SIGKILL, "the write finished before the kill"
    assert not final.exists()
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["earlier.h5", temporary.name]), names
    assert temporary.name.startswith(".final.h5.tmp-")
    _earlier_is_intact(earlier, content)

    # Recognised and refused with a message saying what it is, from Python and the CLI.
    with pytest.raises(ValueError, match="unfinished temporary file.*final.h5"):
        js.load_results(temporary)
    done = journeysim_cli("info", temporary)
    assert done.returncode == BAD_INPUT
    assert done.stderr.splitlines() == [
        f"error: {temporary}: an unfinished temporary file, left by a write of final.h5 that "
        "was stopped (the process killed); it is never a whole result: delete it"
    ]
    with pytest.raises(FileNotFoundError):
        js.load_results(final)


def test_ctrl_c_stops_within_a_second_and_writes_nothing(
    directory_with_results: tuple[Path, Path, bytes], start_run: Any, simulating_kib: int
) -> None:
    out, earlier, content = directory_with_results
    process = start_run(_long_run(), out / "final.h5")
    _wait_until_simulating(process, simulating_kib)
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, err = process.communicate(timeout=20)
    elapsed = time.monotonic() - sent
    assert process.returncode == INTERRUPTED, err
    assert err.splitlines() == ["interrupted"]
    assert elapsed < 3.0, f"took {elapsed:.2f} s to stop"
    assert sorted(p.name for p in out.iterdir()) == ["earlier.h5"]
    _earlier_is_intact(earlier, content)


@pytest.mark.parametrize(
    ("name", "temporary"),
    [
        (".final.h5.tmp-1234-0", True),
        (".run 3.h5.tmp-99-12", True),
        ("final.h5", False),
        (".final.h5", False),
        ("final.h5.tmp-1234-0", False),
        (".final.h5.tmp-x-0", False),
    ],
)
def test_temporary_names(name: str, temporary: bool) -> None:
    assert is_temporary_result(Path("/some/dir") / name) is temporary
