"""A living population ([population], docs/model.md): counts follow the rates of moving out
and in, births and children coming of age; needs follow who lives there; without it, or with
every rate 0, runs are what they were; replications are the same on any number of threads."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import journeysim as js

from conftest import write_scenario

N0 = 6000
MONTH = 1.0 / 12.0


def town(population: dict[str, Any] | None, **households: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "simulation": {"start_year": 2000, "years": 5.0, "period": "month"},
        "households": {"count": N0, "age_min": 40, "age_max": 60, **households},
        "towns": {"centre": {"radius_km": 3.0}},
        "categories": {"shoes": {"rate_per_year": 1.0, "per_child": 0.5}},
        "stores": {"web": {"type": "online"}},
    }
    if population is not None:
        data["population"] = population
    return data


def run(data: dict[str, Any], **kwargs: Any) -> js.Results:
    return js.run(js.Scenario.from_dict(data), **kwargs)


def household_years(population: Any, start: float) -> float:
    """The integral of living households over the run, by the trapezoid rule on monthly counts."""
    counts = np.concatenate([[start], population["households"].to_numpy(float)])
    return float(np.trapezoid(counts, dx=MONTH))


def assert_same_tables(
    a: js.Results, b: js.Results, skip: tuple[tuple[str, str], ...] = ()
) -> None:
    """Bit for bit: every column of every table (NaN where NaN), but those in `skip`."""
    assert a.tables.keys() == b.tables.keys()
    for name, table in a.tables.items():
        assert table.keys() == b.tables[name].keys(), name
        for column, values in table.items():
            if (name, column) in skip:
                continue
            other = b.tables[name][column]
            nan = values.dtype.kind == "f"
            assert np.array_equal(values, other, equal_nan=nan), (name, column)


def within(observed: float, expected: float, sd: float, k: float = 4.0) -> bool:
    return abs(observed - expected) <= k * sd


def test_moves_out_and_founding_follow_their_rates() -> None:
    mu, leave, years = 0.1, 0.6, 5.0
    results = run(
        town({"move_out_per_year": mu, "leave_home_probability": leave}, children_mean=1.0),
        seed=3,
    )
    pop = results.population
    # The books balance period by period.
    before = np.concatenate([[N0], pop["households"].to_numpy()[:-1]])
    assert np.array_equal(
        pop["households"], before + pop["moved_in"] + pop["founded"] - pop["moved_out"]
    )
    # Each household leaves at rate mu: moves out ~ Poisson(mu x household-years).
    expected = mu * household_years(pop, N0)
    assert within(pop["moved_out"].sum(), expected, math.sqrt(expected))
    # Children are uniform on [0, 18) (adults of 40 to 60): one turns 18 at rate 1/18 a year
    # while its family is still there (probability e^{-mu t}).
    kids = N0 * 1.0  # E[K0]; K0 ~ Poisson(N0), so its own spread is added below
    share = (1.0 - math.exp(-mu * years)) / (mu * 18.0)
    came = pop["came_of_age"].sum()
    assert within(came, kids * share, math.sqrt(kids * share + (kids * share) ** 2 / kids))
    # Each leaves home with probability `leave`.
    assert within(pop["founded"].sum(), came * leave, math.sqrt(came * leave * (1 - leave)))
    assert pop["moved_in"].sum() == 0 and pop["born"].sum() == 0
    # Children at home: the initial ones less those who came of age or left with their family.
    assert pop["children"].iloc[-1] < pop["children"].iloc[0]


def test_moves_in_and_births_follow_their_rates() -> None:
    lam, beta, years = 0.08, 0.05, 5.0
    data = town(
        {"move_in_per_year": lam, "births_per_year": beta, "birth_age_max": 45},
        age_min=20,
        age_max=30,
    )
    pop = run(data, seed=4).population
    expected_in = lam * N0 * years
    assert within(pop["moved_in"].sum(), expected_in, math.sqrt(expected_in))
    assert pop["households"].iloc[-1] == N0 + pop["moved_in"].sum()
    # Every adult is under 45 for the whole run (at most 30 + 5): births at beta per
    # household-year, households growing with those moving in.
    expected_born = beta * household_years(pop, N0)
    assert within(pop["born"].sum(), expected_born, math.sqrt(expected_born))
    assert pop["children"].iloc[-1] == pop["born"].sum()
    assert pop["came_of_age"].sum() == 0


def test_needs_follow_who_lives_there() -> None:
    # Half the town leaves within ~3.5 years: needs per month fall with it, at the rate of
    # the households there, and nobody gone has a need.
    data = town({"move_out_per_year": 0.2})
    data["categories"]["shoes"]["per_child"] = 0.0
    results = run(data, seed=5)
    pop = results.population
    needs = results.totals["needs"].to_numpy(float)
    counts = np.concatenate([[N0], pop["households"].to_numpy(float)])
    expected = 1.0 * MONTH * (counts[:-1] + counts[1:]) / 2.0
    z = (needs - expected) / np.sqrt(expected)
    assert np.all(np.abs(z) < 4.5)
    assert abs(needs.sum() - expected.sum()) < 4.0 * math.sqrt(expected.sum())
    assert needs[-12:].sum() < 0.5 * needs[:12].sum()


def test_a_population_with_every_rate_zero_changes_nothing() -> None:
    base = town(None, children_mean=0.0)
    still = copy.deepcopy(base)
    still["population"] = {
        "move_out_per_year": 0.0,
        "move_in_per_year": 0.0,
        "births_per_year": 0.0,
        "leave_home_probability": 0.0,
    }
    a, b = run(base, seed=6, replications=2), run(still, seed=6, replications=2)
    assert_same_tables(a, b)
    # Children who age but drive no need (per_child 0) and never leave change nothing
    # measured either; only the events that age them are counted.
    for data in (base, still):
        data["households"]["children_mean"] = 1.5
        data["categories"]["shoes"]["per_child"] = 0.0
    a, b = run(base, seed=6), run(still, seed=6)
    ageing = ("children", "came_of_age")
    assert_same_tables(a, b, (("replications", "events"), *(("population", c) for c in ageing)))
    assert b.population["came_of_age"].sum() > 0
    assert b.population["children"].iloc[-1] < a.population["children"].iloc[-1]


def test_replications_are_the_same_on_any_number_of_threads() -> None:
    data = town(
        {
            "move_out_per_year": 0.1,
            "move_in_per_year": 0.1,
            "births_per_year": 0.05,
            "leave_home_probability": 0.5,
        },
        children_mean=1.0,
        age_min=25,
    )
    data["simulation"]["years"] = 2.0
    data["households"]["count"] = 2000
    one = run(data, seed=8, replications=3, threads=1)
    three = run(data, seed=8, replications=3, threads=3)
    assert_same_tables(one, three)
    assert one.population.groupby("replication")["moved_out"].sum().nunique() > 1


@pytest.mark.parametrize(
    ("section", "key", "value", "expected"),
    [
        ("population", "move_out_per_year", -0.1, "must be >= 0"),
        ("population", "leave_home_probability", 1.5, "must be in [0, 1] (got 1.5)"),
        ("population", "birth_age_max", 12, "must be >= 18"),
        ("population", "moves_per_year", 0.1, "unknown key"),
        ("households", "age_min", 10, "must be >= 18"),
    ],
)
def test_bad_population_knobs_are_refused_by_name(
    section: str, key: str, value: float, expected: str
) -> None:
    data = town({})
    data[section][key] = value
    with pytest.raises(js.ConfigError) as caught:
        js.Scenario.from_dict(data).validate()
    assert f"{section}.{key}" in str(caught.value)
    assert expected in str(caught.value)


def test_adult_age_range_must_be_ordered() -> None:
    data = town(None, age_min=50, age_max=40)
    with pytest.raises(js.ConfigError, match=r"households\.age_max.*>= age_min \(50\)"):
        js.Scenario.from_dict(data).validate()


def social_town(population: dict[str, Any] | None) -> dict[str, Any]:
    """A town on a small-world graph with word of mouth and one platform everyone may adopt."""
    data = town(population, children_mean=1.0)
    data["simulation"]["years"] = 3.0
    data["households"]["count"] = 2000
    data["social"] = {"graph": "watts_strogatz", "mean_degree": 6, "p_tell": 0.3}
    data["platforms"] = {
        "friendface": {"launch": 2001, "innovation": 0.1, "imitation": 0.8},
    }
    return data


def test_new_households_join_the_graph_and_the_platforms_audience() -> None:
    # Everyone is in the audience (every band's share is 1): the audience is whoever lives
    # there, period by period, as households move in, are founded and move away.
    data = social_town(
        {
            "move_out_per_year": 0.15,
            "move_in_per_year": 0.15,
            "leave_home_probability": 1.0,
        }
    )
    results = run(data, seed=10)
    pop = results.population
    adoption = results.adoption
    assert pop["moved_in"].sum() > 500 and pop["founded"].sum() > 100
    assert np.array_equal(adoption["audience"], pop["households"])
    assert (adoption["adopters"] <= adoption["audience"]).all()
    # Newcomers adopt too: at innovation 3 a year, those still waiting at the end are about
    # the last third of a year's arrivals (~130 here), not the ~1,000 who came since 2001.
    fast = copy.deepcopy(data)
    fast["platforms"]["friendface"]["innovation"] = 3.0
    end = run(fast, seed=10).adoption.iloc[-1]
    assert end["audience"] - end["adopters"] < 250
    # Reproducible, and the same on any number of threads.
    again = run(data, seed=10, replications=2, threads=2)
    once = run(data, seed=10, replications=2, threads=1)
    assert_same_tables(again, once)
    assert np.array_equal(again.population[again.population.replication == 0]["households"],
                          pop["households"])


def test_with_a_graph_and_platforms_every_rate_zero_still_changes_nothing() -> None:
    base = social_town(None)
    base["households"]["children_mean"] = 0.0
    still = copy.deepcopy(base)
    still["population"] = {}
    assert_same_tables(run(base, seed=11), run(still, seed=11))


def test_the_report_says_how_the_population_changed_only_when_it_did() -> None:
    from journeysim.report import format_report

    data = town({"move_out_per_year": 0.1, "move_in_per_year": 0.05}, children_mean=1.0)
    data["simulation"]["years"] = 1.0
    results = run(data, seed=12)
    pop = results.population
    line = format_report(results).splitlines()[-1]
    assert line.startswith("Population: moved in ")
    assert f"moved out {pop['moved_out'].sum():,}" in line
    assert f"at the end {pop['households'].iloc[-1]:,} households" in line
    del data["population"]
    assert "Population" not in format_report(run(data, seed=12))


def test_founders_inherit_their_parents_trust_in_the_store() -> None:
    # Store a serves the town alone for five years and everyone comes to trust it; then b,
    # its twin, opens next door. Children leaving home in the second half found households
    # that, inheriting their parents' trust, stay with a more than founders starting afresh:
    # b's share is lower with inheritance (twin runs, same seed: same population history).
    def late_share_of_b(inherit: float) -> float:
        data = {
            "simulation": {"start_year": 2000, "years": 10.0, "period": "year"},
            "households": {
                "count": 3000,
                "children_mean": 2.0,
                "age_min": 36,
                "age_max": 54,
                "asks_for_salesperson": False,
                "relationship_orientation": {"mean": 2.0, "sd": 0.3},
            },
            "towns": {"centre": {"radius_km": 2.0}},
            "needs": {"rate_per_year": 3.0, "retry_probability": 0.0},
            "trust": {"initial": 0.0},
            "stores": {
                "a": {"type": "chain", "x": 0.0, "staff": 10, "availability": 1.0},
                "b": {"type": "chain", "x": 0.0, "staff": 10, "availability": 1.0, "opens": 2005},
            },
            "population": {"leave_home_probability": 1.0, "inherit_trust": inherit},
        }
        results = run(data, seed=3)
        assert results.population["founded"].sum() > 3000
        late = results.periods[results.periods["period"] >= 5]
        purchases = late.groupby("store", observed=False)["purchases"].sum()
        return float(purchases["b"] / purchases.sum())

    # Measured: 0.405 without, 0.380 with (seeds 1-4 alike: a drop of 0.022 to 0.024).
    assert late_share_of_b(1.0) < late_share_of_b(0.0) - 0.012


def test_a_shared_edge_list_grows_in_each_replication_alone(tmp_path: Path) -> None:
    # A run reads an edge list once for all replications; a living population links new
    # households into a copy of its own, so replications on two threads match one thread.
    data = social_town({"move_in_per_year": 0.2, "leave_home_probability": 1.0})
    data["households"]["count"] = 500
    data["social"] = {"edges": "friends.txt", "p_tell": 0.3}
    (tmp_path / "friends.txt").write_text("".join(f"{i} {(i + 1) % 500}\n" for i in range(500)))
    path = write_scenario(tmp_path / "ring.toml", data)
    one = js.run(path, seed=13, replications=3, threads=1)
    three = js.run(path, seed=13, replications=3, threads=3)
    assert_same_tables(one, three)
    assert (one.population["moved_in"].sum()) > 100
    assert np.array_equal(one.adoption["audience"], one.population["households"])
