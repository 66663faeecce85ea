"""The journeysim command: output, messages and exit codes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import h5py
import pytest
from conftest import (
    HIGH_STREET,
    THREE_MISTAKE_PATHS,
    cli_environment,
    console_script,
    high_street,
    interrupt,
    journeysim_cli,
    minimal,
    three_mistakes,
    tomllib,
    write_scenario,
)

import journeysim as js
from journeysim import cli


@pytest.fixture
def town(tmp_path: Path) -> Path:
    """The multi-store scenario, shortened, as a file."""
    data = high_street()
    data["simulation"]["years"] = 1.5
    return write_scenario(tmp_path / "town.toml", data)


def test_run_writes_the_file_and_prints_every_store(town: Path, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "er" / "town.h5"
    done = journeysim_cli("run", town, "-o", out, "--seed", "4", "--replications", "2")
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    for store in HIGH_STREET["stores"]:
        assert store in done.stdout
    with h5py.File(out, "r") as file:
        assert int(file["meta"].attrs["seed"]) == 4
        assert int(file["meta"].attrs["replications"]) == 2


def test_run_writes_to_results_by_default(town: Path, tmp_path: Path) -> None:
    done = journeysim_cli("run", town, "--no-progress", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "results" / "town.h5").is_file()


def test_quiet_prints_nothing(town: Path, tmp_path: Path) -> None:
    done = journeysim_cli("run", town, "-o", tmp_path / "q.h5", "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""


def test_set_changes_the_scenario_that_runs(town: Path, tmp_path: Path) -> None:
    out = tmp_path / "set.h5"
    done = journeysim_cli(
        "run", town, "-o", out, "--quiet",
        "--set", "stores.web.price_index=0.7",
        "--set", "households.count=900",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    scenario = tomllib.loads(js.load_results(out).meta["scenario"])
    assert scenario["stores"]["web"]["price_index"] == 0.7
    assert scenario["households"]["count"] == 900


def test_a_bad_set_path_is_bad_input(town: Path, tmp_path: Path) -> None:
    done = journeysim_cli("run", town, "-o", tmp_path / "x.h5", "--set", "stores.webb.staff=2")
    assert done.returncode == 2
    assert "stores.webb.staff" in done.stderr and "did you mean 'web'" in done.stderr
    assert not (tmp_path / "x.h5").exists()


def test_validate_ok_with_the_console_script(town: Path) -> None:
    assert console_script().is_file(), "the journeysim console script is not installed"
    done = journeysim_cli("validate", town, script=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"{town}: ok"  # then the memory estimate


def test_validate_lists_all_three_mistakes(tmp_path: Path) -> None:
    path = write_scenario(tmp_path / "bad.toml", three_mistakes())
    done = journeysim_cli("validate", path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    for where in THREE_MISTAKE_PATHS:
        assert any(line.startswith(f"{where}: ") for line in lines), where
    assert "did you mean 'price_index'" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_of_invalid_toml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[simulation\nyears = 1\n", encoding="utf-8")
    done = journeysim_cli("validate", path)
    assert done.returncode == 2
    assert "broken.toml" in done.stderr and "line 1" in done.stderr


@pytest.mark.parametrize("command", ["run", "validate"])
def test_a_missing_scenario_is_bad_input(command: str, tmp_path: Path) -> None:
    done = journeysim_cli(command, tmp_path / "absent.toml")
    assert done.returncode == 2
    assert "absent.toml" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "arguments",
    [["--replications", "0"], ["--seed", "-1"], ["--threads", "two"], ["--bogus"]],
)
def test_bad_arguments_are_bad_input(town: Path, arguments: list[str]) -> None:
    done = journeysim_cli("run", town, *arguments)
    assert done.returncode == 2
    assert done.stderr


def test_info_describes_a_result_file(high_street_file: Path) -> None:
    done = journeysim_cli("info", high_street_file)
    assert done.returncode == 0, done.stderr
    assert js.__version__ in done.stdout
    assert "replications:" in done.stdout and "seed:" in done.stdout
    assert "high_street" in done.stdout
    results = js.load_results(high_street_file)
    rows = len(results.tables["store_periods"]["visits"])
    assert f"{rows:,} rows" in done.stdout
    for table in results.tables:
        assert table in done.stdout


def test_summarize_prints_the_summary(high_street_file: Path) -> None:
    done = journeysim_cli("summarize", high_street_file, script=True)
    assert done.returncode == 0, done.stderr
    for store in HIGH_STREET["stores"]:
        assert store in done.stdout
    assert "share" in done.stdout


@pytest.mark.parametrize("command", ["info", "summarize"])
def test_a_file_that_is_not_a_result_is_bad_input(command: str, town: Path) -> None:
    done = journeysim_cli(command, town)
    assert done.returncode == 2
    assert "town.toml" in done.stderr


def test_an_unexpected_error_exits_1_without_a_traceback(
    town: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the engine broke")

    monkeypatch.setattr("journeysim.runner.run", broken)
    monkeypatch.delenv("JOURNEYSIM_DEBUG", raising=False)
    assert cli.main(["run", str(town), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "the engine broke" in err and "Traceback" not in err

    monkeypatch.setenv("JOURNEYSIM_DEBUG", "1")
    assert cli.main(["run", str(town), "--quiet"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_keyboard_interrupt_exits_130(
    town: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("journeysim.runner.run", interrupted)
    out = tmp_path / "never.h5"
    assert cli.main(["run", str(town), "-o", str(out)]) == 130
    assert capsys.readouterr().err.strip() == "interrupted"
    assert not out.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_stops_a_long_run_quickly(tmp_path: Path) -> None:
    data = minimal()
    data["households"]["count"] = 1_000_000
    data["simulation"]["years"] = 40
    data["needs"]["rate_per_year"] = 6.0
    # The store is online: its orders never queue, so memory stays small however long it runs.
    path = write_scenario(tmp_path / "long.toml", data)
    out = tmp_path / "long.h5"
    # The with-block closes the pipes whatever happens, so a failure here leaves no open file
    # to be reported in a later test.
    with subprocess.Popen(
        [sys.executable, "-m", "journeysim", "run", str(path), "-o", str(out), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_environment(),
    ) as process:
        time.sleep(4.0)  # imports, validation, and well into the run
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the run ended before the signal (exit {process.returncode}): {err}")
        err, elapsed = interrupt(process, timeout=10)
    assert process.returncode == 130, err
    assert "interrupted" in err
    assert elapsed < 2.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.toml"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stores.jacksons.price_index=0.9", ("stores.jacksons.price_index", 0.9)),
        ("simulation.years=5", ("simulation.years", 5)),
        ("stores.a.service_distribution=lognormal", ("stores.a.service_distribution", "lognormal")),
        ('stores.a.type="chain"', ("stores.a.type", "chain")),
        ("stores.a.opens=1962-03-01", ("stores.a.opens", __import__("datetime").date(1962, 3, 1))),
        ("households.price_sensitivity={mean=2.0, sd=0.1}",
         ("households.price_sensitivity", {"mean": 2.0, "sd": 0.1})),
        (" households.count = 300 ", ("households.count", 300)),
    ],
)  # fmt: skip
def test_set_values_parse_as_toml(text: str, expected: tuple[str, object]) -> None:
    assert cli.parse_assignment(text) == expected


@pytest.mark.parametrize("text", ["no_equals", "=5"])
def test_a_malformed_set_is_bad_input(text: str) -> None:
    with pytest.raises(cli.BadInput):
        cli.parse_assignment(text)
