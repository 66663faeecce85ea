"""The streamed transaction log: what it holds, how it reads back, and how it refuses.

Issue 4 (transaction log): one row per purchase with time, household, store, category,
price paid, discount kind and salesperson, streamed to HDF5 with the committed row count
as it goes, off by default. Layout and decisions: docs/output.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pandas as pd
import pytest
from conftest import high_street, journeysim_cli, minimal, same_values, write_scenario

import journeysim as js
from journeysim import cli

CHUNK = 16384  # TransactionLog::kChunkRows: rows reach the file a chunk at a time
SEED = 5


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> tuple[js.Results, Path]:
    """The multi-store scenario (with a warm-up), two replications on two threads, logged."""
    path = tmp_path_factory.mktemp("log") / "high_street_log.h5"
    results = js.run(_scenario(), seed=SEED, replications=2, threads=2, transactions=path)
    return results, path


def _data() -> dict[str, Any]:
    """The multi-store scenario, with households enough to fill two chunks per replication."""
    data = high_street()
    data["households"]["count"] = 4000
    return data


def _scenario() -> js.Scenario:
    return js.Scenario.from_dict(_data())


@pytest.fixture(scope="module")
def log(logged: tuple[js.Results, Path]) -> pd.DataFrame:
    return js.load_transactions(logged[1])


def test_the_log_is_off_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    js.run(js.Scenario.from_dict(minimal()))
    assert list(tmp_path.iterdir()) == []


def test_after_the_warm_up_the_log_counts_the_purchases_of_every_store_and_period(
    logged: tuple[js.Results, Path], log: pd.DataFrame
) -> None:
    results, _ = logged
    warmup = log.attrs["warmup_days"]
    assert warmup == pytest.approx(0.5 * 365)
    periods = results.periods
    after = log[log.time > warmup]
    logged_counts = after.groupby(["replication", "store"], observed=False).size()
    table_counts = periods.groupby(["replication", "store"], observed=False).purchases.sum()
    pd.testing.assert_series_equal(
        logged_counts.sort_index(), table_counts.sort_index(), check_names=False,
        check_dtype=False,
    )
    # Revenue is net of refunds, and a return gives back what was paid: one price per store
    # here (list pricing, one category), so revenue = logged sales - returns x price.
    by_store = periods.groupby(["replication", "store"], observed=False)
    price = after.groupby(["replication", "store"], observed=False).price_paid.agg(["min", "max"])
    assert (price["min"] == price["max"]).all()
    sales = after.groupby(["replication", "store"], observed=False).price_paid.sum()
    assert by_store.returns.sum().sum() > 0, "no returns: the refunds go untested"
    np.testing.assert_allclose(
        (sales - by_store.returns.sum() * price["min"]).sort_index(),
        by_store.revenue.sum().sort_index(), rtol=1e-9,
    )
    # ...and the warm-up's purchases are in the log too, before them.
    assert (log.time <= warmup).sum() > 0


def test_without_a_warm_up_every_row_is_a_purchase_of_the_results(tmp_path: Path) -> None:
    data = high_street()
    data["simulation"]["warmup_years"] = 0
    results = js.run(js.Scenario.from_dict(data), seed=2, transactions=tmp_path / "log.h5")
    log = js.load_transactions(tmp_path / "log.h5")
    assert len(log) == results.periods.purchases.sum() > 0


def test_times_never_go_back_within_a_replication(log: pd.DataFrame) -> None:
    for replication, rows in log.groupby("replication"):
        times = rows.time.to_numpy()
        assert len(times) > 2 * CHUNK, "too few rows to cross chunk boundaries"
        assert (np.diff(times) >= 0).all(), f"replication {replication}"
        assert times[0] >= 0 and times[-1] <= log.attrs["horizon_days"]


def test_rows_hold_what_a_purchase_is(log: pd.DataFrame) -> None:
    scenario = _data()
    assert list(log.columns) == list(js.transactions.COLUMNS)
    assert list(log.store.cat.categories) == list(scenario["stores"])
    assert len(log.category.cat.categories) == 1 and log.category.notna().all()
    assert log.household.between(0, scenario["households"]["count"] - 1).all()
    assert (log.price_paid > 0).all()
    assert set(log.discount.cat.categories) >= {"none", "sale", "coupon", "card"}
    # Prices as the scenario sets them, while the engine has no discounts.
    prices = {name: store.get("price_index", 1.0) * 40.0
              for name, store in scenario["stores"].items()}
    expected = log.store.map(prices).astype(float)
    np.testing.assert_allclose(log.price_paid, expected, rtol=1e-12)
    # Nobody buys at a store before it opens (the mall opens on 1 June 1991, day 516).
    assert log[log.store == "grand"].time.min() >= 516


def test_the_file_says_it_is_complete_and_carries_the_run_meta(
    logged: tuple[js.Results, Path], log: pd.DataFrame
) -> None:
    results, path = logged
    assert log.attrs["complete"] is True
    assert log.attrs["observation_end"] == pytest.approx(3 * 365)
    for key in ("scenario", "seed", "replications", "journeysim_version", "seed_derivation"):
        assert log.attrs[key] == results.meta[key], key
    assert log.attrs["scenario_name"] == "scenario"
    with h5py.File(path, "r") as f:
        group = f["transactions"]
        assert group.attrs["complete"] == 1 and group.attrs["replications"] == 2
        for r in ("0", "1"):
            rows = group[r].attrs["rows"]
            assert group[r].attrs["finished"] == 1
            assert {name: group[r][name].shape for name in group[r]} == {
                name: (rows,) for name in js.transactions.COLUMNS if name != "replication"
            }
            assert group[r]["time"].chunks == (CHUNK,)
            assert group[r]["time"].compression == "gzip"
        assert group["0"]["discount"].attrs["labels"].split(",")[0] == "none"


def test_read_back_is_identical_for_any_thread_count(
    logged: tuple[js.Results, Path], log: pd.DataFrame, tmp_path: Path
) -> None:
    js.run(_scenario(), seed=SEED, replications=2, threads=1,
           transactions=tmp_path / "one_thread.h5")
    again = js.load_transactions(tmp_path / "one_thread.h5")
    assert len(again) == len(log)
    for column in log.columns:
        first, second = log[column], again[column]
        if isinstance(first.dtype, pd.CategoricalDtype):
            assert first.equals(second), column
        else:
            assert same_values(first, second), column


def test_one_thread_writes_the_same_bytes_every_time(tmp_path: Path) -> None:
    # (With more threads the chunks' places in the file follow the threads' timing.)
    paths = [tmp_path / "first.h5", tmp_path / "second.h5"]
    for path in paths:
        js.run(_scenario(), seed=SEED, replications=2, threads=1, transactions=path)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_a_log_too_large_is_refused_with_an_estimate_before_the_run(tmp_path: Path) -> None:
    path = tmp_path / "log.h5"
    with pytest.raises(ValueError, match=r"up to about 36000 rows .* 1500 x 4\.000 x 3\.000 x 2"):
        js.run(js.Scenario.from_dict(high_street()), replications=2, transactions=path,
               transactions_max_bytes=1e5)
    assert not path.exists()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"transactions": 7}, ValueError, "transactions must be a file path"),
        ({"transactions": "no/such/dir/log.h5"}, FileNotFoundError, "no such directory"),
        ({"transactions": ".", "transactions_max_bytes": 1}, ValueError, "is a directory"),
        ({"transactions": "log.h5", "transactions_max_bytes": 0}, ValueError,
         "transactions_max_bytes must be a number > 0"),
    ],
)
def test_bad_log_arguments_are_refused_before_the_run(
    kwargs: dict[str, object], error: type[Exception], match: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=match):
        js.run(js.Scenario.from_dict(minimal()), **kwargs)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_the_cli_writes_a_log_with_transactions(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "town.toml", high_street())
    out, log = tmp_path / "out.h5", tmp_path / "log.h5"
    done = journeysim_cli("run", scenario, "-o", out, "--transactions", log, "--quiet",
                          "--seed", str(SEED))
    assert done.returncode == 0, done.stderr
    results, transactions = js.load_results(out), js.load_transactions(log)
    after = transactions[transactions.time > transactions.attrs["warmup_days"]]
    assert len(after) == results.periods.purchases.sum() > 0
    assert transactions.attrs["scenario_name"] == "town"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--transactions", "{dir}/none/log.h5"], "no such directory"),
        (["--transactions", "{dir}/out.h5"], "must differ from the result file"),
        (["--transactions", "{dir}/log.h5", "--transactions-max-gb", "1e-6"], "GB allowed"),
        (["--transactions", "{dir}/log.h5", "--transactions-max-gb", "0"], "must be a finite"),
    ],
)
def test_bad_log_flags_are_bad_input(
    arguments: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = write_scenario(tmp_path / "town.toml", minimal())
    argv = ["run", str(scenario), "-o", str(tmp_path / "out.h5"), "--quiet"]
    argv += [a.format(dir=tmp_path) for a in arguments]
    try:
        code = cli.main(argv)
    except SystemExit as exit:  # argparse refuses malformed values itself
        code = exit.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "log.h5").exists()
