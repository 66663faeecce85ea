"""Sweeps: designs, seeds, the sweep directory, failures, resume, shards, results, CLI."""

from __future__ import annotations

import concurrent.futures as cf
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import high_street, journeysim_cli, minimal, same_values, write_scenario

import journeysim as js
from journeysim import cli
from journeysim.designs import Range, Space, design_points, parse_design

sweep_module = sys.modules["journeysim.sweep"]

# Two parameters of the minimal scenario: a 2 x 2 grid, two replications each.
GRID = {"needs.rate_per_year": [1.0, 3.0], "households.count": [100, 150]}


@pytest.fixture(scope="module")
def tiny() -> js.Scenario:
    data = minimal()
    data["simulation"]["years"] = 0.5
    return js.Scenario.from_dict(data)


def threads() -> cf.ThreadPoolExecutor:
    return cf.ThreadPoolExecutor(max_workers=2)


def sweep(scenario: js.Scenario, out: Path, **options: Any) -> Any:
    options.setdefault("executor", threads())
    options.setdefault("replications", 2)
    options.setdefault("seed", 7)
    return js.sweep(scenario, options.pop("space", GRID), out=out, **options)


def files_equal(first: Path, second: Path) -> bool:
    """Whether two result files hold the same tables, floats bit for bit (NaN == NaN)."""
    a, b = js.load_results(first), js.load_results(second)
    if set(a.tables) != set(b.tables):
        return False
    for name, columns in a.tables.items():
        if set(columns) != set(b.tables[name]):
            return False
        if not all(same_values(values, b.tables[name][c]) for c, values in columns.items()):
            return False
    return a.meta["seed"] == b.meta["seed"] and a.meta["scenario"] == b.meta["scenario"]


def manifest(out: Path, name: str = "manifest.json") -> dict[int, dict[str, Any]]:
    runs = json.loads((out / name).read_text())["runs"]
    return {entry["point"]: entry for entry in runs}


# -- designs ----------------------------------------------------------------------------


def test_the_grid_has_every_combination_once() -> None:
    space = Space({"a.x": [1, 2, 3], "b.y": ["p", "q"]})
    points = design_points(space, "grid", seed=0)
    assert len(points) == 6
    assert {(p["a.x"], p["b.y"]) for p in points} == {
        (x, y) for x in (1, 2, 3) for y in ("p", "q")
    }


@pytest.mark.parametrize(("design", "size"), [("lhs:8", 8), ("sobol:8", 40), ("morris:4", 16)])
def test_sampled_designs_stay_in_range_and_repeat_with_the_seed(design: str, size: int) -> None:
    space = Space({"a.x": (0.5, 2.0), "a.n": (1, 4), "a.kind": ["p", "q"]})
    points = design_points(space, design, seed=3)
    assert len(points) == size
    assert all(0.5 <= p["a.x"] <= 2.0 for p in points)
    assert all(isinstance(p["a.n"], int) and 1 <= p["a.n"] <= 4 for p in points)
    assert {p["a.kind"] for p in points} == {"p", "q"}
    assert points == design_points(space, design, seed=3)
    assert points != design_points(space, design, seed=4)


def test_a_latin_hypercube_fills_every_stratum() -> None:
    points = design_points(Space({"a.x": (0.0, 1.0)}), "lhs:10", seed=1)
    assert sorted(int(p["a.x"] * 10) for p in points) == list(range(10))


@pytest.mark.parametrize(
    ("space", "design", "path"),
    [
        ({"a.x": (2.0, 1.0)}, "lhs:4", "a.x"),
        ({"a.x": (1.0, float("inf"))}, "lhs:4", "a.x"),
        ({"a.x": ("p", "q")}, "lhs:4", "a.x"),
        ({"a.x": []}, "grid", "a.x"),
        ({"a..x": [1]}, "grid", "a..x"),
        ({"a.x": "abc"}, "grid", "a.x"),
        ({"a.x": (0.0, 1.0)}, "grid", "a.x"),
        ({"a.x": [1]}, "sobol:6", "design"),
        ({"a.x": [1]}, "lhs:0", "design"),
        ({"a.x": [1]}, "morris:1", "design"),
        ({"a.x": [1]}, "random", "design"),
    ],
)
def test_bad_spaces_and_designs_name_the_culprit(
    space: dict[str, Any], design: str, path: str
) -> None:
    with pytest.raises(js.ConfigError) as caught:
        design_points(Space(space), design, seed=0)
    assert path in [p for p, _ in caught.value.issues]


def test_a_sobol_size_not_a_power_of_two_suggests_one_and_says_got_once() -> None:
    with pytest.raises(js.ConfigError) as caught:
        design_points(Space({"a.x": (0.0, 1.0)}), "sobol:12", seed=0)
    message = str(caught.value)
    assert message.count("got") == 1, message
    assert "e.g. sobol:16 (got 'sobol:12')" in message


def test_parse_design() -> None:
    assert parse_design("grid") == ("grid", None)
    assert parse_design("SOBOL:16") == ("sobol", 16)
    assert parse_design("morris:10") == ("morris", 10)
    assert Range(1, 3).at(0.999) == 3 and Range(1.0, 3.0).at(0.5) == 2.0


# -- seeds ------------------------------------------------------------------------------


def test_without_common_random_numbers_seeds_differ_across_points_and_repeat(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    sweep(tiny, tmp_path / "one", common_random_numbers=False)
    sweep(tiny, tmp_path / "two", common_random_numbers=False)
    seeds = []
    for p, entry in manifest(tmp_path / "one").items():
        assert entry["seed"] == sweep_module.point_seed(7, p)
        first = js.load_results(tmp_path / "one" / entry["file"]).seeds
        again = js.load_results(tmp_path / "two" / entry["file"]).seeds
        assert first.equals(again)
        seeds += [tuple(row) for row in first.to_numpy()]
    assert len(seeds) == 4 * 2
    assert len(set(seeds)) == len(seeds)  # every (point, replication) has its own streams
    assert len({s for row in seeds for s in row}) == len(seeds) * len(seeds[0])


def test_common_random_numbers_give_every_point_the_same_streams(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    sweep(tiny, tmp_path)
    entries = manifest(tmp_path)
    assert {entry["seed"] for entry in entries.values()} == {7}
    seeds = [js.load_results(tmp_path / e["file"]).seeds.filter(like="seed_")
             for e in entries.values()]
    assert all(s.equals(seeds[0]) for s in seeds)
    assert len({tuple(row) for row in seeds[0].to_numpy()}) == 2  # replications still differ
    # A different choice of seeding is a different sweep: it does not resume this one.
    with pytest.raises(js.ConfigError, match="common_random_numbers differ"):
        sweep(tiny, tmp_path, common_random_numbers=False)


def test_a_point_is_what_run_gives_with_its_seed(tiny: js.Scenario, tmp_path: Path) -> None:
    sweep(tiny, tmp_path)
    entry = manifest(tmp_path)[3]
    alone = js.run(tiny.with_overrides(entry["params"]), seed=entry["seed"], replications=2)
    alone.to_hdf5(tmp_path / "alone.h5")
    assert files_equal(tmp_path / entry["file"], tmp_path / "alone.h5")


# -- the directory: failures, resume, refusal, shards -----------------------------------


class FailingExecutor(cf.ThreadPoolExecutor):
    """Runs every point but one, which raises in place of running."""

    def __init__(self, failing_file: str) -> None:
        super().__init__(max_workers=2)
        self.failing_file = failing_file

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        if str(args[-1]).endswith(self.failing_file):
            return super().submit(_explode)
        return super().submit(fn, *args, **kwargs)


def _explode() -> None:
    raise RuntimeError("node lost")


def test_a_failing_run_is_recorded_and_the_others_complete(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    report = sweep(tiny, tmp_path, executor=FailingExecutor("point-0001.h5"))
    assert (report.done, report.failed, report.skipped) == (3, 1, 0)
    runs = manifest(tmp_path)
    assert runs[1]["status"] == "failed" and "RuntimeError: node lost" in runs[1]["error"]
    assert not (tmp_path / "point-0001.h5").exists()
    for p in (0, 2, 3):
        assert runs[p]["status"] == "done" and runs[p]["error"] is None
        assert runs[p]["wall_s"] > 0 and (tmp_path / runs[p]["file"]).exists()
    assert sorted(js.load_sweep(tmp_path)["point"].unique()) == [0, 2, 3]
    # Running it again makes only the failed run.
    again = sweep(tiny, tmp_path)
    assert (again.done, again.failed, again.skipped) == (1, 0, 3)


def test_a_resumed_sweep_runs_only_the_missing_run_and_ends_equal(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    sweep(tiny, whole)
    sweep(tiny, broken)
    (broken / "point-0002.h5").unlink()
    content = json.loads((broken / "manifest.json").read_text())
    content["runs"][2]["status"] = "pending"
    (broken / "manifest.json").write_text(json.dumps(content))
    before = {p: (broken / e["file"]).stat().st_mtime_ns for p, e in manifest(broken).items()
              if p != 2}

    report = sweep(tiny, broken)

    assert (report.done, report.skipped, report.failed) == (1, 3, 0)
    assert all((broken / manifest(broken)[p]["file"]).stat().st_mtime_ns == t
               for p, t in before.items())
    assert all(entry["status"] == "done" for entry in manifest(broken).values())
    for entry in manifest(whole).values():
        assert files_equal(whole / entry["file"], broken / entry["file"])


def test_a_file_without_a_done_entry_is_run_again(tiny: js.Scenario, tmp_path: Path) -> None:
    sweep(tiny, tmp_path)
    content = json.loads((tmp_path / "manifest.json").read_text())
    content["runs"][0]["status"] = "pending"
    (tmp_path / "manifest.json").write_text(json.dumps(content))
    assert sweep(tiny, tmp_path).done == 1


@pytest.mark.parametrize(
    "change",
    [{"seed": 8}, {"replications": 3}, {"space": {"needs.rate_per_year": [1.0, 2.0]}},
     {"design": "lhs:4", "space": {"needs.rate_per_year": (1.0, 3.0)}}],
)
def test_a_directory_of_another_sweep_is_refused(
    tiny: js.Scenario, tmp_path: Path, change: dict[str, Any]
) -> None:
    sweep(tiny, tmp_path, replications=1)
    options = {"replications": 1, **change}
    with pytest.raises(js.ConfigError, match="holds a different sweep"):
        sweep(tiny, tmp_path, **options)
    other = js.Scenario.from_dict({**minimal(), "households": {"count": 120}})
    with pytest.raises(js.ConfigError, match="scenario"):
        sweep(other, tmp_path, replications=1)


def test_a_non_empty_directory_that_is_no_sweep_is_refused(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(js.ConfigError, match="not empty"):
        sweep(tiny, tmp_path)


def test_bad_paths_and_values_raise_before_anything_runs(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    class NoRuns(cf.ThreadPoolExecutor):
        def submit(self, *args: Any, **kwargs: Any) -> cf.Future[Any]:
            raise AssertionError("a run was submitted")

    space = {"stores.a.chat_staff": [1, -1], "simulation.yeers": [1], "needs.rate_per_year": [2.0]}
    with pytest.raises(js.ConfigError) as caught:
        js.sweep(tiny, space, out=tmp_path / "out", executor=NoRuns())
    paths = [path for path, _ in caught.value.issues]
    assert "stores.a.chat_staff" in paths and "simulation.yeers" in paths
    assert "sweep point 1" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_shards_split_the_points_and_together_make_the_sweep(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    whole = tmp_path / "whole"
    sweep(tiny, whole)
    first = sweep(tiny, tmp_path / "split", shard=(0, 2))
    assert first.done == 2
    assert sorted(manifest(tmp_path / "split", "manifest-0-of-2.json")) == [0, 2]
    sweep(tiny, tmp_path / "split", shard=(1, 2))
    frame, split = js.load_sweep(whole), js.load_sweep(tmp_path / "split")
    assert list(frame.columns) == list(split.columns)
    for column in frame.columns:
        assert same_values(frame[column].astype(str) if column == "store" else frame[column],
                           split[column].astype(str) if column == "store" else split[column])
    assert sweep(tiny, tmp_path / "split").skipped == 4  # unsharded sees both shards' runs


def test_the_process_pool_and_a_thread_pool_give_identical_files(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    sweep(tiny, tmp_path / "threads")
    sweep(tiny, tmp_path / "processes", executor=None, jobs=2)
    for entry in manifest(tmp_path / "threads").values():
        assert files_equal(tmp_path / "threads" / entry["file"],
                           tmp_path / "processes" / entry["file"])


# -- results ----------------------------------------------------------------------------


def test_load_sweep_is_tidy_and_summary_gives_intervals(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    sweep(tiny, tmp_path, replications=3)
    frame = js.load_sweep(tmp_path)
    assert list(frame.columns[:4]) == ["point", "needs.rate_per_year", "households.count", "seed"]
    assert "purchases" in frame.columns and "period" in frame.columns
    assert set(frame["replication"]) == {0, 1, 2}
    table = js.sweep_summary(frame, "purchases")
    assert len(table) == 4 and (table["n"] == 3).all()
    assert (table["ci_low"] < table["mean"]).all() and (table["mean"] < table["ci_high"]).all()
    one = frame[frame["point"] == 1]
    totals = one.groupby("replication")["purchases"].sum().to_numpy()
    row = table[table["point"] == 1].iloc[0]
    assert row["mean"] == pytest.approx(totals.mean())
    half = 4.302652729749464 * totals.std(ddof=1) / np.sqrt(3)  # t(0.975, 2)
    assert row["ci_high"] - row["mean"] == pytest.approx(half)
    # More needs per year, more purchases: the parameters reach the runs.
    by_rate = table.groupby("needs.rate_per_year")["mean"].mean()
    assert by_rate[3.0] > 2 * by_rate[1.0]


def test_summary_reduces_each_run_as_results_summary_does(tmp_path: Path) -> None:
    data = high_street()
    data["households"]["count"] = 300
    data["simulation"].update(years=2.0, warmup_years=0.0)
    scenario = js.Scenario.from_dict(data)
    # Horizons differ between points, so that "the last period" differs too.
    sweep(scenario, tmp_path, space={"simulation.years": [1.5, 2.0]}, replications=2)
    frame = js.load_sweep(tmp_path)
    metrics = [m for m in js.results.METRICS if m in frame.columns]
    assert {"revenue", "share", "p95_wait_min", "mean_trust"} <= set(metrics)
    for metric in metrics:
        table = js.sweep_summary(frame, metric)
        for p, entry in manifest(tmp_path).items():
            expected = js.load_results(tmp_path / entry["file"]).summary()[metric]
            got = table[table["point"] == p].set_index("store")["mean"]
            assert list(got.index) == list(expected.index), metric
            assert got.to_numpy() == pytest.approx(expected.to_numpy(), nan_ok=True), metric
    with pytest.raises(ValueError, match="no per-run reduction"):
        js.sweep_summary(frame.assign(extra=1.0), "extra")


def test_the_dataset_of_a_grid_has_a_dimension_per_parameter(
    tiny: js.Scenario, tmp_path: Path
) -> None:
    sweep(tiny, tmp_path, replications=2)
    frame = js.load_sweep(tmp_path)
    data = js.sweep_dataset(tmp_path)
    assert dict(data.sizes) == {"replication": 2, "period": frame["period"].nunique(),
                                "store": 1, "needs.rate_per_year": 2, "households.count": 2}
    assert list(data["needs.rate_per_year"].values) == [1.0, 3.0]
    assert data.attrs["design"] == "grid" and data.attrs["replications"] == 2
    row = frame[(frame["point"] == 3) & (frame["replication"] == 1) & (frame["period"] == 2)]
    cell = data["purchases"].sel({"needs.rate_per_year": row["needs.rate_per_year"].item(),
                                  "households.count": row["households.count"].item()})
    assert cell.sel(replication=1, period=2, store="a").item() == row["purchases"].item()
    assert str(data["date"].sel(period=2).values)[:10] == str(row["date"].item())[:10]
    # Totals agree: nothing lost or doubled on the way.
    assert data["revenue"].sum().item() == pytest.approx(frame["revenue"].sum())


def test_the_dataset_of_a_sampled_design_runs_along_points(tiny: js.Scenario, tmp_path: Path) -> None:
    space = {"needs.rate_per_year": (1.0, 3.0)}
    sweep(tiny, tmp_path, space=space, design="lhs:3", replications=1)
    run_failed = json.loads((tmp_path / "manifest.json").read_text())
    run_failed["runs"][1]["status"] = "failed"
    (tmp_path / "manifest.json").write_text(json.dumps(run_failed))
    data = js.sweep_dataset(js.load_sweep(tmp_path))
    assert list(data["point"].values) == [0, 2]  # the failed point is absent
    stored = {e["point"]: e for e in json.loads((tmp_path / "sweep.json").read_text())["points"]}
    assert list(data["needs.rate_per_year"].values) == [
        stored[p]["params"]["needs.rate_per_year"] for p in (0, 2)]
    assert [int(s) for s in data["seed"].values] == [stored[p]["seed"] for p in (0, 2)]


def test_a_resumed_sweep_keeps_its_stored_points(tiny: js.Scenario, tmp_path: Path) -> None:
    """Samplers may change across versions; the points a directory holds are the sweep."""
    space = {"needs.rate_per_year": (1.0, 3.0)}
    sweep(tiny, tmp_path, space=space, design="lhs:2", replications=1)
    definition = json.loads((tmp_path / "sweep.json").read_text())
    definition["points"][1]["params"]["needs.rate_per_year"] = 2.5
    (tmp_path / "sweep.json").write_text(json.dumps(definition))
    (tmp_path / "point-0001.h5").unlink()
    sweep(tiny, tmp_path, space=space, design="lhs:2", replications=1)
    results = js.load_results(tmp_path / "point-0001.h5")
    assert "rate_per_year = 2.5" in results.meta["scenario"]


# -- command line -----------------------------------------------------------------------


def test_cli_sweeps_resumes_and_refuses(tmp_path: Path) -> None:
    data = minimal()
    data["simulation"]["years"] = 0.5
    scenario = write_scenario(tmp_path / "tiny.toml", data)
    out = tmp_path / "runs"
    args = ["sweep", scenario, "--param", "needs.rate_per_year=1:3", "--param",
            "stores.a.chat_staff=1,2", "--design", "lhs:3", "--out", out, "--jobs", "2"]
    done = journeysim_cli(*args)
    assert done.returncode == 0, done.stderr
    assert "3 run(s) done" in done.stderr
    assert len(list(out.glob("point-*.h5"))) == 3
    other = journeysim_cli(*args, "--seed", "1")
    assert other.returncode == 2 and "holds a different sweep" in other.stderr


def test_cli_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = minimal()
    data["simulation"]["years"] = 0.5
    scenario = write_scenario(tmp_path / "tiny.toml", data)
    args = ["sweep", str(scenario), "--param", "needs.rate_per_year=1,2", "--out",
            str(tmp_path / "runs"), "--no-progress", "--shard", "1/2"]
    assert cli.main(args) == 0
    assert "1 run(s) done, 0 already done" in capsys.readouterr().err
    assert cli.main(args) == 0
    assert "0 run(s) done, 1 already done" in capsys.readouterr().err


@pytest.mark.parametrize(
    "extra",
    [["--param", "stores.a.stuf=1,2"], ["--param", "needs.rate_per_year=3:1"],
     ["--param", "needs.rate_per_year"], ["--param", "needs.rate_per_year=1,2", "--shard", "2/2"],
     ["--param", "needs.rate_per_year=1,2", "--design", "sobol:3"], []],
)
def test_cli_bad_sweeps_are_bad_input(
    tmp_path: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = write_scenario(tmp_path / "tiny.toml", minimal())
    try:
        code = cli.main(["sweep", str(scenario), "--out", str(tmp_path / "runs"), *extra])
    except SystemExit as exit:  # argparse's own errors
        code = int(exit.code or 0)
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "runs").exists()


def test_cli_exits_1_on_a_failed_run_and_130_on_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = write_scenario(tmp_path / "tiny.toml", minimal())
    args = ["sweep", str(scenario), "--param", "needs.rate_per_year=1,2", "--out",
            str(tmp_path / "runs"), "--no-progress"]
    failed = sweep_module.SweepReport(tmp_path, 2, 1, 0, 1, {1: "RuntimeError: node lost"})
    monkeypatch.setattr(sweep_module, "sweep", lambda *a, **k: failed)
    assert cli.main(args) == 1
    assert "point 1: RuntimeError: node lost" in capsys.readouterr().err

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(sweep_module, "sweep", interrupted)
    assert cli.main(args) == 130


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a.b=1,2", ("a.b", [1, 2])), ("a.b=0.5:2", ("a.b", (0.5, 2))),
     ("a.b=refer,none", ("a.b", ["refer", "none"])), ("a.b=3", ("a.b", [3]))],
)
def test_parse_parameter(text: str, expected: tuple[str, Any]) -> None:
    assert cli.parse_parameter(text) == expected
