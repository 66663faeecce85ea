"""The metric columns are defined once, in the engine: names, types, units and meanings reach
Python through ``_core.metrics()``, and the tables, ``METRICS`` and docs/output.md agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import journeysim as js
from journeysim.results import METRICS, TABLES, metric_columns, metric_info

ROOT = Path(__file__).resolve().parents[2]


def test_every_metric_is_a_column_of_its_table_after_the_keys(
    high_street_results: js.Results,
) -> None:
    tables = high_street_results.tables
    info = metric_info()
    assert set(info["table"]) <= set(TABLES)
    for name in set(info["table"]):
        assert list(tables[name]) == [*TABLES[name], *metric_columns(name)], name
    store_periods = tables["store_periods"]
    for row in info[info["table"] == "store_periods"].itertuples():
        assert store_periods[row.name].dtype == row.type, row.name


def test_metrics_are_the_store_period_metrics_each_with_a_unit_and_a_meaning() -> None:
    info = metric_info()
    assert METRICS == tuple(info.loc[info["table"] == "store_periods", "name"])
    assert METRICS[:2] == ("visits", "purchases")
    assert (info["unit"] != "").all() and (info["description"] != "").all()
    assert set(info["type"]) == {"int64", "float64"}


def test_the_metric_tables_of_docs_output_md_are_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "metric_tables.py"), "--check"],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 0, done.stderr
