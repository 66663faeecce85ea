"""The HDF5 result file: its layout read with h5py alone, and round trips."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest
from conftest import minimal, same_values

import journeysim as js
from journeysim.results import METRICS, TABLES


def read_column(dataset: h5py.Dataset) -> np.ndarray:
    """A dataset as a plain array, fixed-length byte strings decoded, as a user would."""
    values = dataset[()]
    if values.dtype.kind == "S":
        return np.char.decode(values, "utf-8")
    if values.dtype.kind == "O":
        return np.array([v.decode() if isinstance(v, bytes) else v for v in values])
    return values


def attribute(value: object) -> object:
    return value.decode() if isinstance(value, bytes) else value


def test_meta_attributes(high_street_file: Path, high_street_results: js.Results) -> None:
    with h5py.File(high_street_file, "r") as file:
        attrs = {key: attribute(value) for key, value in file["meta"].attrs.items()}
    assert attrs["scenario"] == high_street_results.meta["scenario"]
    assert int(attrs["seed"]) == 11
    assert int(attrs["replications"]) == 2
    assert attrs["journeysim_version"] == js.__version__
    assert "build" in attrs


def test_one_group_per_table_one_dataset_per_column(
    high_street_file: Path, high_street_results: js.Results
) -> None:
    with h5py.File(high_street_file, "r") as file:
        assert set(TABLES) <= set(file)
        for name, columns in high_street_results.tables.items():
            group = file[name]
            assert isinstance(group, h5py.Group)
            assert set(group) == set(columns), name
            for column, values in columns.items():
                dataset = group[column]
                assert dataset.ndim == 1, (name, column)
                assert same_values(read_column(dataset), values), (name, column)


def test_numeric_columns_are_chunked_and_compressed(high_street_file: Path) -> None:
    with h5py.File(high_street_file, "r") as file:
        dataset = file["store_periods"]["visits"]
        assert dataset.chunks is not None
        assert dataset.compression is not None


def test_a_dataframe_from_h5py_alone(
    high_street_file: Path, high_street_results: js.Results
) -> None:
    with h5py.File(high_street_file, "r") as file:
        table = pd.DataFrame({c: read_column(d) for c, d in file["store_periods"].items()})
        names = read_column(file["stores"]["name"])
    table["store"] = names[table["store"].to_numpy()]
    ours = high_street_results.periods
    table = table.sort_values(["replication", "period", "store"], kind="stable")
    ours = ours.assign(store=ours["store"].astype(str)).sort_values(
        ["replication", "period", "store"], kind="stable"
    )
    for column in ("store", *METRICS):
        assert same_values(table[column].to_numpy(), ours[column].to_numpy()), column


def test_load_results_round_trips(high_street_file: Path, high_street_results: js.Results) -> None:
    loaded = js.load_results(high_street_file)
    pd.testing.assert_frame_equal(loaded.periods, high_street_results.periods)
    # Columns in the engine's order, as docs/output.md lists them (h5py alone would sort
    # them by name; the file tracks the order they were written in).
    pd.testing.assert_frame_equal(loaded.stores, high_street_results.stores)
    pd.testing.assert_frame_equal(loaded.totals, high_street_results.totals)
    pd.testing.assert_frame_equal(loaded.seeds, high_street_results.seeds)
    pd.testing.assert_frame_equal(loaded.store_categories, high_street_results.store_categories)
    pd.testing.assert_frame_equal(loaded.store_hours, high_street_results.store_hours)
    with h5py.File(high_street_file, "r") as file:
        assert list(file["totals"]) == list(high_street_results.tables["totals"])
    pd.testing.assert_frame_equal(loaded.summary(), high_street_results.summary())
    assert loaded.meta["scenario"] == high_street_results.meta["scenario"]
    assert loaded.scenario.to_dict() == high_street_results.scenario.to_dict()


def test_a_loaded_result_writes_the_same_file_again(high_street_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.h5"
    js.load_results(high_street_file).to_hdf5(again)
    first, second = js.load_results(high_street_file), js.load_results(again)
    for name, columns in first.tables.items():
        for column, values in columns.items():
            assert same_values(second.tables[name][column], values), (name, column)


def test_writing_leaves_only_the_final_file(
    high_street_results: js.Results, tmp_path: Path
) -> None:
    high_street_results.to_hdf5(tmp_path / "out.h5")
    assert [p.name for p in tmp_path.iterdir()] == ["out.h5"]


def test_a_failed_write_leaves_nothing_under_the_final_name(
    high_street_results: js.Results, tmp_path: Path
) -> None:
    # The final name is taken by a directory: the file is written to its temporary name,
    # and then the rename fails. No partial file, no temporary file may be left.
    target = tmp_path / "out.h5"
    target.mkdir()
    with pytest.raises(OSError, match="out.h5"):
        high_street_results.to_hdf5(target)
    assert target.is_dir() and not any(target.iterdir())
    assert [p.name for p in tmp_path.iterdir()] == ["out.h5"]


def test_a_missing_directory_is_an_os_error(
    high_street_results: js.Results, tmp_path: Path
) -> None:
    target = tmp_path / "absent" / "out.h5"
    with pytest.raises(OSError, match="out.h5"):
        high_street_results.to_hdf5(target)
    assert not (tmp_path / "absent").exists()


def test_load_results_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nothing.h5"):
        js.load_results(tmp_path / "nothing.h5")


def test_load_results_of_a_file_that_is_not_hdf5(tmp_path: Path) -> None:
    path = tmp_path / "notes.h5"
    path.write_text("not hdf5", encoding="utf-8")
    with pytest.raises(ValueError, match="notes.h5"):
        js.load_results(path)


def test_load_results_of_an_hdf5_file_without_meta(tmp_path: Path) -> None:
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as file:
        file.create_dataset("x", data=np.arange(3))
    with pytest.raises(ValueError, match=r"other\.h5.*meta"):
        js.load_results(path)


def test_load_results_names_a_missing_table(high_street_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "partial.h5"
    path.write_bytes(high_street_file.read_bytes())
    with h5py.File(path, "a") as file:
        del file["totals"]
    with pytest.raises(ValueError, match=r"partial\.h5.*totals"):
        js.load_results(path)


def test_a_file_from_before_store_hours_loads_without_them(
    high_street_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "older.h5"
    path.write_bytes(high_street_file.read_bytes())
    with h5py.File(path, "a") as file:
        del file["store_hours"]
    loaded = js.load_results(path)
    assert loaded.store_hours.empty
    assert list(loaded.store_hours.columns)[:4] == ["replication", "store", "weekday", "hour"]
    with pytest.raises(ValueError, match="no store_hours table"):
        js.plot.store_hours(loaded, str(loaded.stores.index[0]))


def test_the_largest_seed_survives_the_file(tmp_path: Path) -> None:
    seed = 2**64 - 1
    results = js.run(js.Scenario.from_dict(minimal()), seed=seed)
    path = tmp_path / "big_seed.h5"
    results.to_hdf5(path)
    assert js.load_results(path).seed == seed == results.seed
