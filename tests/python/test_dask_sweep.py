"""Sweeps and a search on a real Dask cluster: two worker processes, results equal to a local
run's."""

from __future__ import annotations

import concurrent.futures as cf
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import minimal
from test_sweep import GRID, files_equal, manifest
from test_sweep_workers import _die_while_writing

import journeysim as js
from journeysim import cli

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")


@pytest.fixture(scope="module")
def tiny() -> js.Scenario:
    data = minimal()
    data["simulation"]["years"] = 0.5
    return js.Scenario.from_dict(data)


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    # No second chances for a task whose worker dies, so that a death shows at once (by
    # default Dask re-runs it on another worker, up to allowed-failures (3) deaths).
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=":0",
        silence_logs=logging.CRITICAL,
    ) as cluster, distributed.Client(cluster, set_as_default=False) as connected:
        yield connected


@pytest.fixture(scope="module")
def local(tiny: js.Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "runs"
    with cf.ThreadPoolExecutor(2) as threads:
        js.sweep(tiny, GRID, replications=2, seed=7, out=out, executor=threads)
    return out


def same_sweep(first: Path, second: Path) -> None:
    runs = manifest(first)
    assert runs.keys() == manifest(second).keys()
    for entry in runs.values():
        assert manifest(second)[entry["point"]]["status"] == "done"
        assert files_equal(first / entry["file"], second / entry["file"])


def test_a_sweep_on_a_local_cluster_equals_the_local_run(
    tiny: js.Scenario, client: object, local: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dask"
    report = js.sweep(tiny, GRID, replications=2, seed=7, out=out, executor=client)
    assert (report.done, report.failed) == (4, 0)
    same_sweep(local, out)
    # Both workers took part: the runs really went to the cluster's processes.
    workers = client.run(lambda: __import__("os").getpid())  # type: ignore[attr-defined]
    assert len(set(workers.values())) == 2


def test_a_scheduler_address_works_from_python_and_the_cli(
    tiny: js.Scenario, client: object, local: Path, tmp_path: Path
) -> None:
    address = client.scheduler.address  # type: ignore[attr-defined]
    js.sweep(tiny, GRID, replications=2, seed=7, out=tmp_path / "address", executor=address)
    same_sweep(local, tmp_path / "address")

    scenario = tmp_path / "tiny.toml"
    scenario.write_text(tiny.to_toml())
    params = [arg for path, values in GRID.items()
              for arg in ("--param", f"{path}={','.join(map(str, values))}")]
    args = ["sweep", str(scenario), *params, "--replications", "2", "--seed", "7",
            "--out", str(tmp_path / "cli"), "--dask", address, "--no-progress"]
    assert cli.main(args) == 0
    same_sweep(local, tmp_path / "cli")
    assert cli.main([*args, "--jobs", "2"]) == 2  # --jobs means nothing on a cluster


def test_a_search_on_the_cluster_equals_the_local_search(tiny: js.Scenario, client: object) -> None:
    address = client.scheduler.address  # type: ignore[attr-defined]
    decisions = {"stores.a.chat_staff": [1, 2]}
    local = js.optimize(tiny, decisions, "visits", store="a", replications=2, budget=2)
    remote = js.optimize(tiny, decisions, "visits", store="a", replications=2, budget=2,
                         executor=address)
    assert remote.table["mean"].tolist() == local.table["mean"].tolist()


def test_an_unreachable_scheduler_fails_before_the_directory_is_touched(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(
        OSError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"
    ):
        js.sweep(tiny, GRID, out=tmp_path / "never", executor="tcp://127.0.0.1:9")
    assert not (tmp_path / "never").exists()


def test_an_unknown_executor_is_refused(tiny: js.Scenario, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="executor must be"):
        js.sweep(tiny, GRID, out=tmp_path / "never", executor=42)
    assert not (tmp_path / "never").exists()


class KillingDask(cf.Executor):
    """A Dask client's executor whose worker dies while running the run writing ``victim``."""

    def __init__(self, client: object, victim: str) -> None:
        self.inner = client.get_executor(pure=False)  # type: ignore[attr-defined]
        self.victim = victim

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        if str(args[-1]).endswith(self.victim):
            return self.inner.submit(_die_while_writing, *args)
        return self.inner.submit(fn, *args, **kwargs)


def test_a_killed_dask_worker_fails_its_run_and_resume_completes(
    tiny: js.Scenario, client: object, local: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dask"
    report = js.sweep(tiny, GRID, replications=2, seed=7, out=out,
                      executor=KillingDask(client, "point-0002.h5"))
    runs = manifest(out)
    assert runs[2]["status"] == "failed" and "KilledWorker" in runs[2]["error"]
    assert not (out / "point-0002.h5").exists()
    # Dask blames a death on every task the worker held, so a run that was only queued
    # there may fail with it; each failure is recorded, and every other run is done.
    failed = {p for p, entry in runs.items() if entry["status"] == "failed"}
    assert report.failed == len(failed) and report.done == 4 - len(failed)
    assert all("KilledWorker" in runs[p]["error"] for p in failed)
    assert all(runs[p]["status"] == "done" for p in set(runs) - failed)

    again = js.sweep(tiny, GRID, replications=2, seed=7, out=out, executor=client)
    assert (again.done, again.skipped, again.failed) == (len(failed), 4 - len(failed), 0)
    same_sweep(local, out)
