"""Scenario: reading, writing, overriding and validating."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import numpy as np
import pytest
from conftest import (
    THREE_MISTAKE_PATHS,
    high_street,
    minimal,
    three_mistakes,
    tomllib,
    write_scenario,
)

import journeysim as js


def test_from_file_reads_the_tables_and_names_the_scenario(tmp_path: Path) -> None:
    path = write_scenario(tmp_path / "corner_shop.toml", high_street())
    scenario = js.Scenario.from_file(path)
    assert scenario.name == "corner_shop"
    assert scenario.to_dict() == high_street()
    assert "corner_shop" in repr(scenario)


def test_from_dict_is_named_scenario_by_default() -> None:
    assert js.Scenario.from_dict(minimal()).name == "scenario"


def test_to_toml_round_trips_through_tomllib() -> None:
    scenario = js.Scenario.from_dict(high_street())
    parsed = tomllib.loads(scenario.to_toml())
    assert parsed == scenario.to_dict()
    assert js.Scenario.from_dict(parsed) == scenario


def test_dates_stay_toml_dates() -> None:
    text = js.Scenario.from_dict(high_street()).to_toml()
    assert "opens = 1991-06-01" in text
    assert tomllib.loads(text)["malls"]["plaza"]["opens"] == dt.date(1991, 6, 1)


def test_to_dict_is_a_copy() -> None:
    scenario = js.Scenario.from_dict(minimal())
    scenario.to_dict()["households"]["count"] = 5
    assert scenario.to_dict()["households"]["count"] == minimal()["households"]["count"]


def test_from_dict_copies_its_input() -> None:
    data = minimal()
    scenario = js.Scenario.from_dict(data)
    data["households"]["count"] = 5
    assert scenario.to_dict()["households"]["count"] == 200


def test_numpy_values_become_plain_toml_values() -> None:
    data = minimal()
    data["households"]["count"] = np.int64(300)
    data["needs"]["rate_per_year"] = np.float64(2.5)
    scenario = js.Scenario.from_dict(data)
    assert tomllib.loads(scenario.to_toml())["households"]["count"] == 300


def test_a_value_toml_cannot_hold_is_a_config_error() -> None:
    data = minimal()
    data["needs"]["spend"] = None
    with pytest.raises(js.ConfigError) as caught:
        js.Scenario.from_dict(data)
    assert caught.value.issues[0][0] == "needs.spend"


def test_with_overrides_changes_values_and_leaves_the_original() -> None:
    original = js.Scenario.from_dict(minimal())
    changed = original.with_overrides({"stores.a.price_index": 0.9, "households.count": 500})
    assert changed.to_dict()["stores"]["a"]["price_index"] == 0.9
    assert changed.to_dict()["households"]["count"] == 500
    assert original.to_dict() == minimal()
    assert changed.name == original.name


def test_with_overrides_creates_a_missing_table() -> None:
    changed = js.Scenario.from_dict(minimal()).with_overrides({"choice.asc.online": -0.5})
    assert changed.to_dict()["choice"]["asc"]["online"] == -0.5


def test_with_overrides_can_set_a_whole_table() -> None:
    store = {"type": "online", "price_index": 0.8}
    changed = js.Scenario.from_dict(minimal()).with_overrides({"stores.b": store})
    assert changed.to_dict()["stores"]["b"] == store


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("house_holds.count", "did you mean 'households'"),
        ("households.count.mean", "is a value, not a table"),
        ("stores..price_index", "a key is empty"),
        ("stores.nope.staff", "no store 'nope' in the scenario (stores: a); a new store is"),
        ("towns.uptown.share", "no town 'uptown' in the scenario (towns: only)"),
    ],
)
def test_a_bad_override_path_is_a_config_error_naming_it(path: str, expected: str) -> None:
    scenario = js.Scenario.from_dict(minimal())
    with pytest.raises(js.ConfigError) as caught:
        scenario.with_overrides({path: 1})
    [(where, message)] = caught.value.issues
    assert where == path
    assert expected in message


def test_a_bad_override_path_names_the_existing_keys() -> None:
    with pytest.raises(js.ConfigError) as caught:
        js.Scenario.from_dict(minimal()).with_overrides({"town.only.share": 1.0})
    message = caught.value.issues[0][1]
    assert "towns" in message and "households" in message


def test_an_override_with_an_invalid_value_fails_validation() -> None:
    with pytest.raises(js.ConfigError) as caught:
        js.Scenario.from_dict(minimal()).with_overrides({"households.count": -3})
    assert [path for path, _ in caught.value.issues] == ["households.count"]


def test_all_three_mistakes_are_reported_with_their_paths() -> None:
    with pytest.raises(js.ConfigError) as caught:
        js.Scenario.from_dict(three_mistakes())
    issues = dict(caught.value.issues)
    assert set(issues) == set(THREE_MISTAKE_PATHS)
    assert "did you mean 'price_index'" in issues["stores.a.price_idx"]
    assert str(caught.value).splitlines() == [f"{p}: {m}" for p, m in caught.value.issues]


def test_config_error_is_a_value_error_that_pickles() -> None:
    error = js.ConfigError([("households.count", "must be >= 1 (got -1)"), ("a.b", "bad")])
    assert isinstance(error, ValueError)
    assert str(error) == "households.count: must be >= 1 (got -1)\na.b: bad"
    copy = pickle.loads(pickle.dumps(error))
    assert copy.issues == error.issues


def test_a_missing_file_is_file_not_found_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(FileNotFoundError, match="nowhere.toml"):
        js.Scenario.from_file(missing)


def test_a_toml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[simulation]\nyears = 1\n[households\ncount = 3\n", encoding="utf-8")
    with pytest.raises(js.ConfigError) as caught:
        js.Scenario.from_file(path)
    [(where, message)] = caught.value.issues
    assert where == str(path)
    assert "line 3" in message


def test_validate_passes_a_valid_scenario_and_catches_a_direct_one() -> None:
    js.Scenario.from_dict(minimal()).validate()
    data = minimal()
    data["households"]["count"] = 0
    unchecked = js.Scenario(data)  # built directly: not validated until asked
    with pytest.raises(js.ConfigError):
        unchecked.validate()
