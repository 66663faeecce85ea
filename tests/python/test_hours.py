"""Opening hours and the shopping rhythm: arrivals only when the doors are open, the weekly
profile of needs as the rhythm says, waiting for the morning, bad hours named by path, and a
time-varying queue, M(t)/M/c, against the periodic solution of its Kolmogorov equations."""

from __future__ import annotations

import math
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from conftest import minimal, write_scenario
from scipy import stats
from scipy.linalg import expm

import journeysim as js

DAY_MIN = 1440.0
MON_SAT_9_18 = {day: "9-18" for day in ("mon", "tue", "wed", "thu", "fri", "sat")}


def one_store(
    hours: dict[str, str] | None, rhythm: dict[str, list[float]] | None
) -> dict[str, Any]:
    """One chain store in the middle of a small town; every need is a visit there."""
    data = minimal()
    data["simulation"] = {"years": 1.0, "warmup_years": 0.1}
    data["households"].update(count=1000, asks_for_salesperson=False)
    data["needs"]["rate_per_year"] = 8.0
    data["stores"]["a"] = {
        "type": "chain",
        "x": 0.0,
        "y": 0.0,
        "staff": 3,
        "service_minutes": 10.0,
        "service_distribution": "exponential",
        "availability": 1.0,
    }
    if hours is not None:
        data["stores"]["a"]["hours"] = hours
    if rhythm is not None:
        data["households"]["rhythm"] = rhythm
    return data


def by_hour_of_week(results: js.Results, column: str) -> np.ndarray:
    """A store_hours column summed over replications, as 168 values (Monday 0:00 first)."""
    table = results.store_hours
    summed = table.groupby(["weekday", "hour"])[column].sum()
    return summed.to_numpy().reshape(168)


# -- arrivals only when open ---------------------------------------------------------------


@pytest.fixture(scope="module")
def shop_hours() -> js.Results:
    # The default rhythm; a slow trip (3 km at 2 km/h: 1.5 hours), so that some customers who
    # set out before closing find the door shut and wait.
    # And a weekly phone call whose responses come at any hour of the week that follows.
    data = one_store({**MON_SAT_9_18, "fri": "9-21"}, None)
    data["towns"]["only"].update(x=3.0)
    data["households"]["travel_speed_kmh"] = 2.0
    data["stores"]["a"]["outreach"] = {"phone": {"every_days": 7.3, "response": 0.1}}
    return js.run(js.Scenario.from_dict(data), seed=7, replications=2)


def test_arrivals_only_in_open_hours(shop_hours: js.Results) -> None:
    arrivals = by_hour_of_week(shop_hours, "arrivals")
    open_share = shop_hours.store_hours.groupby(["weekday", "hour"])["open"].mean().to_numpy()
    assert arrivals[open_share == 0].sum() == 0
    assert (arrivals[open_share == 1] > 0).all()
    expected_open = np.zeros(168)
    for day in range(6):
        expected_open[day * 24 + 9 : day * 24 + (21 if day == 4 else 18)] = 1.0
    np.testing.assert_allclose(open_share, expected_open)
    # Nobody is lost to the night: every need is met, the campaign's too.
    assert shop_hours.periods["responses"].sum() > 1000
    assert shop_hours.totals["unmet_needs"].sum() == 0


def test_store_hours_table_has_every_hour_of_every_store(shop_hours: js.Results) -> None:
    table = shop_hours.store_hours
    assert len(table) == 2 * 168
    assert list(table.columns) == [
        "replication", "store", "weekday", "hour",
        "arrivals", "mean_wait_min", "staff_on_duty", "open",
    ]
    assert (table["staff_on_duty"] == 3).all()
    # Arrivals in store_hours are the visits of store_periods (counted when served: those in
    # the store at the warm-up's end and at the horizon make the difference).
    assert abs(table["arrivals"].sum() - shop_hours.periods["visits"].sum()) <= 20


def test_without_hours_every_hour_is_open_and_arrivals_are_flat() -> None:
    results = js.run(js.Scenario.from_dict(one_store(None, None)), seed=3, replications=1)
    table = results.store_hours
    assert (table["open"] == 1.0).all()
    arrivals = by_hour_of_week(results, "arrivals")
    # Uniform over the week: a chi-square test of 168 cells.
    expected = np.full(168, arrivals.sum() / 168)
    assert stats.chisquare(arrivals, expected).pvalue > 0.001


# -- the weekly profile follows the rhythm -------------------------------------------------

WEEKDAYS = [1.0, 1.0, 1.2, 1.0, 1.4, 2.0, 0.5]
HOURS = [0.1] * 7 + [0.5, 1, 1, 1.2, 1.5, 2, 1.5, 1, 1, 1.2, 1.8, 2.2, 1.8, 1, 0.5, 0.2, 0.1]


@pytest.fixture(scope="module")
def rhythm_only() -> js.Results:
    # Open around the clock, with a rhythm: arrivals are the needs, at the rhythm's intensity.
    data = one_store(None, {"weekdays": WEEKDAYS, "hours": HOURS})
    data["needs"]["rate_per_year"] = 20.0
    return js.run(js.Scenario.from_dict(data), seed=11, replications=2)


def test_weekly_profile_matches_the_rhythm(rhythm_only: js.Results) -> None:
    arrivals = by_hour_of_week(rhythm_only, "arrivals")
    weight = np.outer(WEEKDAYS, HOURS).reshape(168)
    expected = arrivals.sum() * weight / weight.sum()
    assert expected.min() > 5  # chi-square's rule of thumb
    assert stats.chisquare(arrivals, expected).pvalue > 0.001
    # And it can fail: the same arrivals are far from flat.
    assert stats.chisquare(arrivals, np.full(168, arrivals.sum() / 168)).pvalue < 1e-12


def test_the_rhythm_keeps_the_number_of_needs(rhythm_only: js.Results) -> None:
    days = 2 * 0.9 * 365.0
    expected = 1000 * 20.0 / 365.0 * days
    needs = rhythm_only.totals["needs"].sum()
    assert abs(needs - expected) < 4 * math.sqrt(expected)


# -- towns that keep rhythms of their own ------------------------------------------------------

EVENINGS = [0.0] * 17 + [1.0, 2.0, 2.0, 1.0, 0.0, 0.0, 0.0]
SHARES = {"mill": 0.6, "farms": 0.4}


@pytest.fixture(scope="module")
def two_towns() -> js.Results:
    # Two towns 50 km apart, each with a store open around the clock that only its own
    # households reach: each store's arrivals are its town's needs. The mill town shops by
    # the households' rhythm, the farms by their own (evenings only).
    data = one_store(None, {"weekdays": WEEKDAYS, "hours": HOURS})
    data["households"]["max_travel_km"] = 10.0
    data["needs"]["rate_per_year"] = 20.0
    data["towns"] = {
        "mill": {"x": 0.0, "y": 0.0, "radius_km": 2.0, "share": SHARES["mill"]},
        "farms": {"x": 50.0, "y": 0.0, "radius_km": 2.0, "share": SHARES["farms"],
                  "rhythm": {"hours": EVENINGS}},
    }
    data["stores"]["b"] = {**data["stores"]["a"], "x": 50.0}
    return js.run(js.Scenario.from_dict(data), seed=12, replications=2)


def store_by_hour_of_week(results: js.Results, store: str) -> np.ndarray:
    table = results.store_hours[results.store_hours["store"] == store]
    return table.groupby(["weekday", "hour"])["arrivals"].sum().to_numpy().reshape(168)


@pytest.mark.parametrize(
    ("store", "weekdays", "hours"),
    [("a", WEEKDAYS, HOURS), ("b", [1.0] * 7, EVENINGS)],
    ids=["the households' rhythm", "the town's own"],
)
def test_each_town_shops_by_its_own_rhythm(
    two_towns: js.Results, store: str, weekdays: list[float], hours: list[float]
) -> None:
    arrivals = store_by_hour_of_week(two_towns, store)
    weight = np.outer(weekdays, hours).reshape(168)
    assert arrivals[weight == 0].sum() == 0  # never in an hour its town does not shop
    shops = weight > 0
    expected = arrivals.sum() * weight[shops] / weight[shops].sum()
    assert expected.min() > 5
    assert stats.chisquare(arrivals[shops], expected).pvalue > 0.001


def test_each_town_keeps_its_number_of_needs(two_towns: js.Results) -> None:
    days = 2 * 0.9 * 365.0
    for store, town in (("a", "mill"), ("b", "farms")):
        expected = 1000 * SHARES[town] * 20.0 / 365.0 * days
        arrivals = store_by_hour_of_week(two_towns, store).sum()
        assert abs(arrivals - expected) < 4 * math.sqrt(expected), (store, arrivals, expected)


def test_a_town_rhythm_alone_leaves_the_other_towns_at_any_hour() -> None:
    data = one_store(None, None)
    data["towns"]["only"]["share"] = 0.5
    data["towns"]["night"] = {"x": 0.0, "y": 0.0, "radius_km": 2.0, "share": 0.5,
                              "rhythm": {"hours": [1.0] * 6 + [0.0] * 18}}
    data["needs"]["rate_per_year"] = 20.0
    arrivals = by_hour_of_week(js.run(js.Scenario.from_dict(data), seed=13), "arrivals")
    night = np.tile(np.arange(24) < 6, 7)
    # Half the needs at any hour (a quarter of them at night), half at night only.
    expected = np.where(night, 0.25 * 0.5 + 0.5, 0.75 * 0.5) / np.where(night, 42, 126)
    expected = arrivals.sum() * expected
    assert stats.chisquare(arrivals, expected).pvalue > 0.001


def test_a_bad_town_rhythm_is_named_by_path() -> None:
    data = one_store(None, None)
    data["towns"]["only"]["rhythm"] = {"hours": [0.0] * 24}
    with pytest.raises(js.ConfigError, match=r"towns\.only\.rhythm\.hours: must not be all zero"):
        js.Scenario.from_dict(data)


# -- closed dates: holidays ---------------------------------------------------------------------


def test_a_closed_date_has_no_visits_and_its_needs_come_the_next_day() -> None:
    # Open around the clock but on 25 December (day 358, a Tuesday): no visit that day, and
    # the needs of the day come on the 26th, on top of its own.
    data = one_store({**{day: "0-24" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
                      "closed": ["12-25"]}, None)
    data["simulation"] = {"years": 1.0, "warmup_years": 0.0, "period_days": 1}
    data["needs"].update(rate_per_year=20.0, deadline_days=30.0)
    results = js.run(js.Scenario.from_dict(data), seed=14)
    visits = results.periods.sort_values("period")["visits"].to_numpy()
    assert len(visits) == 365
    assert visits[358] == 0
    per_day = visits[np.r_[300:358, 360:365]].mean()  # about 55
    assert abs(visits[359] - 2 * per_day) < 4 * math.sqrt(2 * per_day), (visits[359], per_day)
    # The weekly table counts the closed date out of its Tuesday hours: 51 open of 52.
    table = results.store_hours
    tuesday = table[table["weekday"] == 1]["open"].to_numpy()
    np.testing.assert_allclose(tuesday, 51 / 52, rtol=1e-12)
    assert (table[table["weekday"] != 1]["open"] == 1.0).all()


def test_a_bad_closed_date_is_named_by_path() -> None:
    data = one_store({"mon": "9-18", "closed": ["12-32"]}, None)
    with pytest.raises(js.ConfigError, match=r'stores\.a\.hours\.closed\[0\]: "12-32": expected'):
        js.Scenario.from_dict(data)


# -- closed doors: a need waits for the next opening ------------------------------------------


def test_needs_of_the_closed_hours_come_during_the_next_opening() -> None:
    # A flat rhythm and a store open Monday to Saturday 9 to 18: the needs of the closed hours
    # come during the next open day, spread over it as the (flat) rhythm says. Expected
    # arrivals in an open hour: its own hour's needs plus a ninth of the closed stretch's
    # before it (15 hours overnight, 39 from Saturday 18:00 to Monday 9:00).
    flat = {"weekdays": [1.0] * 7, "hours": [1.0] * 24}
    results = js.run(js.Scenario.from_dict(one_store(MON_SAT_9_18, flat)), seed=5, replications=2)
    arrivals = by_hour_of_week(results, "arrivals").reshape(7, 24)
    weeks = 2 * 0.9 * 365.0 / 7
    per_hour = 1000 * 8.0 / 365.0 / 24.0 * weeks
    for weekday, closed_before in ((0, 39), (1, 15), (5, 15)):
        observed = arrivals[weekday, 9:18].sum()
        expected = per_hour * (9 + closed_before)
        assert abs(observed - expected) < 4 * math.sqrt(expected), (weekday, observed, expected)
        # Spread evenly over the day's hours, not bunched at the opening.
        hourly = arrivals[weekday, 9:18]
        assert stats.chisquare(hourly, np.full(9, hourly.sum() / 9)).pvalue > 0.001
    assert arrivals[6].sum() == 0 and arrivals[:, :9].sum() == 0 and arrivals[:, 18:].sum() == 0
    assert results.totals["unmet_needs"].sum() == 0


# -- bad hours ------------------------------------------------------------------------------


def test_bad_hours_name_their_path() -> None:
    data = one_store({"mon": "9-18", "fri": "9-25", "sat": "9-13,12-18", "tues": "closed"}, None)
    with pytest.raises(js.ConfigError) as error:
        js.Scenario.from_dict(data)
    issues = dict(error.value.issues)
    assert issues["stores.a.hours.fri"] == '"9-25": hour must be 0..24'
    assert issues["stores.a.hours.sat"] == '"9-13,12-18": 12:00-18:00 overlaps 9:00-13:00'
    assert "did you mean 'tue'" in issues["stores.a.hours.tues"]
    data = one_store({"tue": "18-9"}, None)
    with pytest.raises(js.ConfigError, match=r"stores\.a\.hours\.tue: \"18-9\": closes"):
        js.Scenario.from_dict(data)
    online = minimal()
    online["stores"]["a"]["hours"] = {"mon": "9-18"}
    with pytest.raises(js.ConfigError, match="an online store is always open"):
        js.Scenario.from_dict(online)
    bad_rhythm = one_store(None, {"weekdays": [1, 1, 1]})
    with pytest.raises(js.ConfigError, match=r"households\.rhythm\.weekdays: must have 7"):
        js.Scenario.from_dict(bad_rhythm)


def test_bad_hours_on_the_command_line(tmp_path) -> None:
    path = write_scenario(tmp_path / "bad.toml", one_store({"fri": "9-25"}, None))
    done = subprocess.run(
        [sys.executable, "-m", "journeysim", "validate", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert 'stores.a.hours.fri: "9-25": hour must be 0..24' in done.stdout + done.stderr


# -- M(t)/M/c against its Kolmogorov forward equations ----------------------------------------

SERVERS = 2
SERVICE_MIN = 30.0
MU = 60.0 / SERVICE_MIN  # services per hour per server
MEAN_ARRIVALS_PER_HOUR = 2.0
QUEUE_HOURS = [0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1.1, 1.4, 1.6, 1.7, 1.6,
               1.4, 1.2, 1.1, 1.2, 1.5, 1.7, 1.8, 1.6, 1.2, 0.8, 0.5, 0.4]
QUEUE_WEEKDAYS = [1.0, 1.0, 1.0, 1.0, 1.1, 1.25, 0.65]
QUEUE_YEARS = 3.0
QUEUE_REPLICATIONS = 8


def queue_weights() -> np.ndarray:
    weight = np.outer(QUEUE_WEEKDAYS, QUEUE_HOURS).reshape(168)
    return weight / weight.mean()


def kolmogorov_mean_waits(arrivals_per_hour: np.ndarray, states: int = 80) -> np.ndarray:
    """Mean wait (minutes) of the arrivals in each hour of the week, in the periodic steady
    state of M(t)/M/c with λ constant within each hour: p(t)' = p(t) Q(t), solved exactly hour by
    hour (a matrix exponential per minute), the week repeated until it no longer changes. An
    arrival at t who finds n >= c present waits for n - c + 1 departures at rate cμ (PASTA holds
    for a Poisson arrival stream, time-varying or not)."""
    n = np.arange(states)
    departures = np.minimum(n, SERVERS) * MU
    wait_if_found = np.where(n >= SERVERS, (n - SERVERS + 1) / (SERVERS * MU), 0.0) * 60.0
    steps = 60
    minute_step = []
    for rate in arrivals_per_hour:
        q = np.zeros((states, states))
        q[n[:-1], n[:-1] + 1] = rate
        q[n[1:], n[1:] - 1] = departures[1:]
        q -= np.diag(q.sum(axis=1))
        minute_step.append(expm(q / steps))
    p = np.zeros(states)
    p[0] = 1.0
    waits = np.zeros(168)
    for _week in range(6):
        before = waits.copy()
        for hour, step in enumerate(minute_step):
            total = 0.5 * p @ wait_if_found
            for _ in range(steps):
                p = p @ step
                total += p @ wait_if_found
            total -= 0.5 * p @ wait_if_found  # trapezoid over the hour
            waits[hour] = total / steps
        if np.abs(waits - before).max() < 1e-6:
            break
    assert p[-5:].sum() < 1e-9  # the truncation holds nothing
    return waits


def test_kolmogorov_reference_is_erlang_c_when_the_rate_is_constant() -> None:
    # A constant rate: the periodic state is the stationary one, Erlang C's mean wait.
    rate = 3.0
    waits = kolmogorov_mean_waits(np.full(168, rate))
    load = rate / MU
    top = load**SERVERS / math.factorial(SERVERS) * SERVERS / (SERVERS - load)
    erlang = top / (sum(load**k / math.factorial(k) for k in range(SERVERS)) + top)
    np.testing.assert_allclose(waits, erlang / (SERVERS * MU - rate) * 60.0, rtol=1e-6)


@pytest.fixture(scope="module")
def time_varying_queue() -> js.Results:
    data = one_store(None, {"weekdays": QUEUE_WEEKDAYS, "hours": QUEUE_HOURS})
    data["simulation"] = {"years": QUEUE_YEARS + 0.1, "warmup_years": 0.1}
    data["needs"]["rate_per_year"] = MEAN_ARRIVALS_PER_HOUR * 24 * 365.0 / 1000
    data["stores"]["a"].update(staff=SERVERS, service_minutes=SERVICE_MIN)
    return js.run(js.Scenario.from_dict(data), seed=2026, replications=QUEUE_REPLICATIONS)


def test_time_varying_queue_matches_kolmogorov(time_varying_queue: js.Results) -> None:
    reference = kolmogorov_mean_waits(MEAN_ARRIVALS_PER_HOUR * queue_weights())
    table = time_varying_queue.store_hours.sort_values(["replication", "weekday", "hour"])
    waits = table["mean_wait_min"].to_numpy().reshape(QUEUE_REPLICATIONS, 168)
    arrivals = table["arrivals"].to_numpy().reshape(QUEUE_REPLICATIONS, 168)
    mean = waits.mean(axis=0)
    error = waits.std(axis=0, ddof=1) / math.sqrt(QUEUE_REPLICATIONS)
    z = (mean - reference) / error
    # Hour by hour: the z scores spread as Student's t with 7 degrees of freedom (mean z^2 =
    # 7/5). Night hours after a busy evening have heavy-tailed waits, so a few cells stray
    # further than a t would; an exact simulation of the same queue (Kiefer-Wolfowitz, 1,500
    # weeks in 10 batches) gave mean z^2 = 1.40 and a largest |z| of 4.9.
    assert np.mean(z**2) < 2.2, np.mean(z**2)
    assert (np.abs(z) > 4).sum() <= 3, np.flatnonzero(np.abs(z) > 4)
    # Over the week, arrivals' mean wait as the reference weighs them (26 minutes).
    rate = MEAN_ARRIVALS_PER_HOUR * queue_weights()
    overall = (waits * arrivals).sum() / arrivals.sum()
    assert overall == pytest.approx((reference * rate).sum() / rate.sum(), rel=0.03)
    # The waits follow the day: the evening peak is many times the night's.
    assert reference.max() > 5 * reference.min()
