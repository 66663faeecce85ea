"""Staff rosters: the shifts' staff on duty hour by hour, waits that follow the staff on duty
as Erlang C says where the load changes slowly, staff cost by the hours on duty, a named
salesperson's days off, and bad shifts named by path."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from conftest import minimal

import journeysim as js

SERVICE_MIN = 10.0
NEEDS_PER_YEAR = 39.42  # x 2000 households: 216 a day, 0.15 a minute: offered load 1.5
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Two on duty around the clock, and a third from Friday to Sunday: the load changes slowly
# against the queue's relaxation (some nine hours for two servers at 75%).
SHIFTS = {
    "all_week": {"hours": {d: "0-24" for d in DAYS}, "staff": 2},
    "long_weekend": {"hours": {d: "0-24" for d in ("fri", "sat", "sun")}, "staff": 1},
}
WARMUP_YEARS = 0.05


def on_duty(weekday: np.ndarray) -> np.ndarray:
    return np.where(weekday >= 4, 3.0, 2.0)


def rostered_store(**store: Any) -> dict[str, Any]:
    """One store open around the clock, needs at a constant rate (no rhythm, no hours), no
    balking or reneging: an M/M/c queue whose c the roster sets."""
    data = minimal()
    data["simulation"] = {"years": 1.0, "warmup_years": WARMUP_YEARS}
    data["households"].update(count=2000, asks_for_salesperson=False)
    data["needs"]["rate_per_year"] = NEEDS_PER_YEAR
    data["stores"]["a"] = {
        "type": "chain",
        "x": 0.0,
        "y": 0.0,
        "staff": 3,
        "service_minutes": SERVICE_MIN,
        "service_distribution": "exponential",
        "availability": 1.0,
        "shifts": SHIFTS,
        **store,
    }
    return data


def erlang_c_wait(servers: int, offered: float, service_min: float) -> float:
    """Mean queue wait (minutes) of M/M/c with offered load `offered`."""
    top = offered**servers / math.factorial(servers) * servers / (servers - offered)
    below = sum(offered**k / math.factorial(k) for k in range(servers)) + top
    return top / below * service_min / (servers - offered)


@pytest.fixture(scope="module")
def rostered() -> js.Results:
    return js.run(js.Scenario.from_dict(rostered_store(staff_cost_per_hour=12.0)), seed=3,
                  replications=3)


def test_staff_on_duty_follows_the_shifts(rostered: js.Results) -> None:
    table = rostered.store_hours
    expected = on_duty(table["weekday"].to_numpy())
    np.testing.assert_allclose(table["staff_on_duty"], expected, rtol=1e-9)


def test_waits_follow_the_staff_on_duty_as_erlang_c_says(rostered: js.Results) -> None:
    # Away from the changes (a day after each) the queue is in its steady state for the staff
    # on duty: Tuesday to Thursday with two, Saturday and Sunday with three.
    table = rostered.store_hours
    offered = NEEDS_PER_YEAR * 2000 / 365.0 / 1440.0 * SERVICE_MIN
    for servers, days in ((2, (1, 2, 3)), (3, (5, 6))):
        block = table[table["weekday"].isin(days)]
        per_replication = block.groupby("replication").apply(
            lambda g: np.average(g["mean_wait_min"], weights=g["arrivals"]))
        expected = erlang_c_wait(servers, offered, SERVICE_MIN)
        mean = per_replication.mean()
        spread = per_replication.std(ddof=1) / math.sqrt(len(per_replication))
        assert abs(mean - expected) < max(4 * spread, 0.05 * expected), (servers, mean, expected)
    # And the change is the one theory predicts: some eight times shorter waits with three.
    ratio = erlang_c_wait(2, offered, SERVICE_MIN) / erlang_c_wait(3, offered, SERVICE_MIN)
    assert ratio > 6


def test_staff_cost_by_hours_on_duty(rostered: js.Results) -> None:
    # 48 hours on duty a day, 72 from Friday to Sunday, at 12 an hour, over the measured days.
    start, end = WARMUP_YEARS * 365.0, 365.0
    days = np.arange(math.floor(start), math.ceil(end))
    overlap = np.minimum(days + 1, end) - np.maximum(days, start)
    hours_on_duty = (overlap * on_duty(days % 7) * 24.0).sum()
    per_replication = rostered.periods.groupby("replication")["staff_cost"].sum()
    np.testing.assert_allclose(per_replication, hours_on_duty * 12.0, rtol=1e-9)


def test_nobody_works_a_closed_date() -> None:
    # Open around the clock but on 25 December (day 358, a Tuesday): nobody on duty that day,
    # so its 48 hours are not paid, and Tuesday's staff on duty is 2 on 48 of its 49 measured.
    hours = {**{d: "0-24" for d in DAYS}, "closed": ["12-25"]}
    results = js.run(js.Scenario.from_dict(rostered_store(staff_cost_per_hour=12.0, hours=hours)),
                     seed=3)
    start, end = WARMUP_YEARS * 365.0, 365.0
    days = np.arange(math.floor(start), math.ceil(end))
    overlap = np.minimum(days + 1, end) - np.maximum(days, start)
    hours_on_duty = (overlap * on_duty(days % 7) * 24.0).sum() - 48.0
    np.testing.assert_allclose(results.periods["staff_cost"].sum(), hours_on_duty * 12.0,
                               rtol=1e-9)
    table = results.store_hours
    tuesdays = int(((days % 7 == 1) & (days >= start)).sum())
    assert tuesdays == 49
    np.testing.assert_allclose(table[table["weekday"] == 1]["staff_on_duty"],
                               2.0 * (tuesdays - 1) / tuesdays, rtol=1e-9)
    np.testing.assert_allclose(table[table["weekday"] == 2]["staff_on_duty"], 2.0, rtol=1e-9)


def test_a_named_salesperson_is_off_on_her_days_off(tmp_path: Any) -> None:
    data = rostered_store()
    data["households"]["asks_for_salesperson"] = True
    store = data["stores"]["a"]
    del store["shifts"]
    store["staff"] = 2
    store["salespeople"] = {"mary": {"days_off": ["sat", "sun"]}}
    data["needs"]["rate_per_year"] = 4.0
    js.run(js.Scenario.from_dict(data), seed=5, transactions=tmp_path / "log.h5")
    log = js.load_transactions(tmp_path / "log.h5")
    day_of_week = log["time"].to_numpy() % 7
    weekend = day_of_week >= 5
    mary = 0  # the store's first position: its named salesperson
    served_by_mary = log["salesperson"].to_numpy() == mary
    assert served_by_mary[~weekend].mean() > 0.2  # she serves her share on weekdays...
    # ...and at the weekend only the customer in hand at midnight on Friday.
    assert (day_of_week[served_by_mary & weekend] < 5 + 1 / 24).all()
    assert served_by_mary[weekend].sum() <= 3
    assert weekend.sum() > 1000  # the others serve the weekend's customers


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"staff": 2}, "stores.a.shifts", "3 on duty at once"),
        ({"shifts": {"x": {"staff": 1}}}, "stores.a.shifts.x.hours", "a shift needs its hours"),
        ({"shifts": {"x": {"hours": {"mon": "9-25"}}}}, "stores.a.shifts.x.hours.mon",
         "hour must be 0..24"),
        ({"shifts": {"x": {"hours": {"mon": "9-17"}, "staff": 0}}}, "stores.a.shifts.x.staff",
         ">= 1"),
        ({"shifts": {}, "staff_cost_per_hour": 10.0}, "stores.a.staff_cost_per_hour",
         "applies to stores with shifts"),
        ({"salespeople": {"mary": {"days_off": ["sunday"]}}},
         "stores.a.salespeople.mary.days_off", "sunday"),
    ],
)
def test_bad_rosters_are_named_by_path(change: dict[str, Any], path: str, words: str) -> None:
    data = rostered_store()
    data["stores"]["a"].update(change)
    with pytest.raises(js.ConfigError) as caught:
        js.Scenario.from_dict(data)
    message = str(caught.value)
    assert path in message and words in message, message
