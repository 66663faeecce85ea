"""The command line on files a run wrote: summarize with intervals, compare, info on a
transaction log; and what a new user found: validate reads the edge list, a closed pipe."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import cli_environment, journeysim_cli, minimal, write_scenario

import journeysim as js

SMALL = ["--set", "simulation.years=2", "--set", "simulation.warmup_years=0",
         "--set", "households.count=3000", "--replications", "3", "--seed", "5", "--quiet"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """kringle small, as is (b) and with Kringle's not referring (a), and b's log."""
    folder = tmp_path_factory.mktemp("runs")
    paths = {name: folder / f"{name}.h5" for name in ("a", "b", "log")}
    done = journeysim_cli("run", "scenarios/kringle.toml", *SMALL, "-o", paths["b"],
                          "--transactions", paths["log"])
    assert done.returncode == 0, done.stderr
    done = journeysim_cli("run", "scenarios/kringle.toml", *SMALL, "-o", paths["a"],
                          "--set", "stores.kringle_refers.referral=none")
    assert done.returncode == 0, done.stderr
    return paths


def test_summarize_with_intervals_as_csv_matches_the_api(runs: dict[str, Path]) -> None:
    done = journeysim_cli("summarize", runs["b"], "--ci", "0.9", "--format", "csv")
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout))
    expected = js.load_results(runs["b"]).summary(ci=0.9)
    assert list(table.columns) == ["store", "metric", "mean", "sd", "lo", "hi", "n"]
    assert len(table) == len(expected)
    assert table["hi"].to_numpy() == pytest.approx(expected["hi"].to_numpy(), nan_ok=True)


def test_summarize_means_as_json(runs: dict[str, Path]) -> None:
    done = journeysim_cli("summarize", runs["b"], "--format", "json")
    rows = json.loads(done.stdout)
    assert [row["store"] for row in rows] == list(js.load_results(runs["b"]).stores.index)


def test_compare_two_runs_pairs_by_replication(runs: dict[str, Path]) -> None:
    done = journeysim_cli("compare", runs["a"], runs["b"], "--metric", "purchases",
                          "--format", "csv")
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout)).set_index("store")
    expected = js.compare(runs["a"], runs["b"], metric="purchases")
    assert table["difference"].to_numpy() == pytest.approx(expected["difference"].to_numpy())
    assert (table.loc["kringle_plain", ["difference", "p_value"]] == [0.0, 1.0]).all()


def test_compare_two_stores_of_one_run(runs: dict[str, Path]) -> None:
    done = journeysim_cli("compare", runs["b"], "--metric", "share",
                          "--stores", "kringle_plain,kringle_refers", "--format", "json")
    [row] = json.loads(done.stdout)
    assert row["compared"] == "kringle_refers - kringle_plain"
    assert row["lo"] <= row["difference"] <= row["hi"] and row["paired"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--stores", "kringle_refers"], "--stores 'kringle_refers': expected two names"),
     (["--metric", "profits"], "metric: unknown 'profits'")],
)
def test_compare_says_what_is_wrong(runs: dict[str, Path], extra: list[str], message: str) -> None:
    args = ["--metric", "share", "--stores", "kringle_plain,kringle_refers", *extra]
    done = journeysim_cli("compare", runs["b"], *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_info_describes_a_transaction_log(runs: dict[str, Path]) -> None:
    done = journeysim_cli("info", runs["log"])
    assert done.returncode == 0, done.stderr
    assert "transaction log (complete)" in done.stdout
    rows = len(js.load_transactions(runs["log"]))
    assert f"purchases:    {rows:,}" in done.stdout


def test_output_into_a_closed_pipe_exits_quietly(runs: dict[str, Path]) -> None:
    command = f"{sys.executable} -m journeysim summarize {runs['b']} | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True,
                          text=True, env=cli_environment(), timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.count("\n") == 1


def test_validate_reads_the_edge_list_as_run_does(tmp_path: Path) -> None:
    data = minimal()
    data["social"] = {"edges": "friends.csv", "p_tell": 0.3}
    scenario = write_scenario(tmp_path / "town.toml", data)
    missing = journeysim_cli("validate", scenario)
    assert missing.returncode == 2
    assert "social.edges:" in missing.stderr and "friends.csv" in missing.stderr
    (tmp_path / "friends.csv").write_text("0 1\n1 x\n")
    damaged = journeysim_cli("validate", scenario)
    assert damaged.returncode == 2
    assert "friends.csv:2:" in damaged.stderr
    (tmp_path / "friends.csv").write_text("0 1\n1 2\n")
    assert journeysim_cli("validate", scenario).returncode == 0
