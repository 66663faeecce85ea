"""The engine against closed forms from queueing theory and discrete choice."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import minimal

import journeysim as js

DAY_MIN = 1440.0


def erlang_c(servers: int, load: float) -> float:
    """Probability that an arrival waits in M/M/c with offered load a = λ/μ (Erlang C)."""
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    bottom = sum(load**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom


def test_erlang_c_formula() -> None:
    # Textbook values: M/M/1 waits with probability rho; c=2, a=1 gives 1/3.
    assert erlang_c(1, 0.7) == pytest.approx(0.7)
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)


# -- M/M/c: one shop, Poisson needs, exponential service ---------------------------

SERVERS = 2
SERVICE_MIN = 30.0
MU = DAY_MIN / SERVICE_MIN  # services per day per server
RHO = 0.7
LAMBDA = RHO * SERVERS * MU  # arrivals per day
HOUSEHOLDS = 2000
WARMUP_YEARS = 0.25
MEASURED_YEARS = 6.0
REPLICATIONS = 6


def queue_scenario() -> dict[str, Any]:
    data = minimal()
    data["simulation"] = {"years": WARMUP_YEARS + MEASURED_YEARS, "warmup_years": WARMUP_YEARS}
    data["households"]["count"] = HOUSEHOLDS
    data["households"]["asks_for_salesperson"] = False  # M/M/c: anyone serves anyone
    data["needs"]["rate_per_year"] = LAMBDA * 365.0 / HOUSEHOLDS
    data["stores"]["a"] = dict(  # a shop at the town's centre (an online store has no counter)
        type="chain",
        x=0.0,
        y=0.0,
        staff=SERVERS,
        service_minutes=SERVICE_MIN,
        service_distribution="exponential",
        availability=1.0,
    )
    return data


@pytest.fixture(scope="module")
def queue() -> js.Results:
    return js.run(js.Scenario.from_dict(queue_scenario()), seed=2024, replications=REPLICATIONS)


def test_mean_wait_matches_erlang_c(queue: js.Results) -> None:
    periods = queue.periods
    assert periods["visits"].sum() > 800_000  # enough customers for a 5% check
    mean_wait = (periods["mean_wait_min"] * periods["visits"]).sum() / periods["visits"].sum()
    load = LAMBDA / MU
    expected = erlang_c(SERVERS, load) / (SERVERS * MU - LAMBDA) * DAY_MIN
    assert mean_wait == pytest.approx(expected, rel=0.05)


def test_arrivals_come_at_the_poisson_rate(queue: js.Results) -> None:
    # Every need of the single store's customers is a visit: visits per day = λ.
    days = REPLICATIONS * MEASURED_YEARS * 365.0
    expected = LAMBDA * days
    visits = queue.periods["visits"].sum()
    needs = queue.totals["needs"].sum()
    assert abs(visits - expected) < 4 * math.sqrt(expected)
    assert abs(needs - expected) < 4 * math.sqrt(expected)


def test_queue_length_and_utilisation_match_littles_law_and_erlang_c(queue: js.Results) -> None:
    # Little's law per period: time-average waiting = arrivals per day x mean wait in days
    # (here every arrival is served: no balking, no reneging). Period edges (customers
    # waiting across a boundary) make the per-period identity approximate: 2% in total.
    periods = queue.periods.copy()
    days = np.diff(np.append(queue.tables["periods"]["start_day"], np.nan))
    length = pd.Series(days, index=queue.tables["periods"]["period"])
    periods["days"] = periods["period"].map(length)
    measured = periods.dropna(subset=["days"])
    little = (measured["visits"] / measured["days"]) * measured["mean_wait_min"] / DAY_MIN
    assert (measured["queue_length"] * measured["days"]).sum() == pytest.approx(
        (little * measured["days"]).sum(), rel=0.02
    )
    # And both against theory: Lq = C(c, a) rho / (1 - rho); utilisation = rho.
    load = LAMBDA / MU
    assert periods["queue_length"].mean() == pytest.approx(
        erlang_c(SERVERS, load) * RHO / (1 - RHO), rel=0.05
    )
    assert periods["utilisation"].mean() == pytest.approx(RHO, rel=0.02)


def test_every_customer_buys_when_all_is_available(queue: js.Results) -> None:
    periods = queue.periods
    assert periods["lost_sales"].sum() == 0
    assert (periods["purchases"] == periods["visits"]).all()


# -- multinomial logit: two stores that differ only in price ------------------------------

PRICE_SENSITIVITY = 2.0
PRICES = (1.0, 1.25)


def price_scenario() -> dict[str, Any]:
    data = minimal()
    data["simulation"]["years"] = 4.0
    data["households"].update(
        count=2000, price_sensitivity=PRICE_SENSITIVITY, relationship_orientation=0.0
    )
    data["needs"]["rate_per_year"] = 20.0
    store = {"type": "online", "availability": 1.0}
    data["stores"] = {
        "first": {**store, "price_index": PRICES[0]},
        "second": {**store, "price_index": PRICES[1]},
    }
    return data


def test_price_shares_match_the_logit_closed_form() -> None:
    results = js.run(js.Scenario.from_dict(price_scenario()), seed=7, replications=4)
    bought = results.periods.groupby("store", observed=False)["purchases"].sum()
    n = int(bought.sum())
    share = bought["first"] / n
    gap = math.log(PRICES[1]) - math.log(PRICES[0])
    expected = 1.0 / (1.0 + math.exp(-PRICE_SENSITIVITY * gap))
    standard_error = math.sqrt(expected * (1.0 - expected) / n)
    assert n > 500_000
    assert abs(share - expected) < 3.0 * standard_error, (share, expected, standard_error)
