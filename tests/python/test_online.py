"""Online fulfilment: orders placed at once with no counter, delivered `delivery_days` later,
wrong fits posted back, and an optional chat whose queue is M/M/c."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import minimal
from test_theory import erlang_c

import journeysim as js

DAY_MIN = 1440.0


def web_only(**store: Any) -> dict[str, Any]:
    """One online store and nothing else: every need is an order there."""
    data = minimal()
    data["simulation"] = {"start_year": 2000, "years": 2.0, "period_days": 10}
    data["households"].update(count=1000, asks_for_salesperson=False)
    data["needs"].update(rate_per_year=6.0, retry_probability=0.0)
    data["stores"]["a"].update(availability=1.0, **store)
    return data


def run(data: dict[str, Any], **kwargs: Any) -> js.Results:
    return js.run(js.Scenario.from_dict(data), **kwargs)


def logged(data: dict[str, Any], path: Path) -> tuple[js.Results, pd.DataFrame]:
    results = run(data, seed=11, transactions=path)
    return results, js.load_transactions(path)


def per_period(days: np.ndarray, results: js.Results) -> np.ndarray:
    """How many of `days` fall in each metrics period [start, end)."""
    bounds = results.tables["periods"]
    edges = np.append(bounds["start_day"], bounds["end_day"][-1])
    counts, _ = np.histogram(days, bins=edges)
    # np.histogram closes its last bin on the right; a period ends before its end day.
    counts[-1] -= int(np.sum(days == edges[-1]))
    return counts


def test_online_orders_never_queue_and_need_no_staff() -> None:
    # Far more orders a day than a counter of one could serve (20 minutes each): no wait.
    data = web_only(staff_cost_per_year=50_000.0)
    data["households"]["count"] = 20_000
    periods = run(data, seed=3).periods
    assert periods["visits"].sum() > 200_000
    assert (periods["mean_wait_min"] == 0).all() and (periods["p95_wait_min"] == 0).all()
    assert (periods["queue_length"] == 0).all()
    assert (periods["balks"] == 0).all() and (periods["reneges"] == 0).all()
    assert periods["utilisation"].isna().all()  # no positions to be busy
    assert (periods["staff_cost"] == 0).all()  # nobody on the payroll without chat
    assert (periods["purchases"] == periods["visits"]).all()


def test_delivery_ends_the_need_exactly_delivery_days_after_the_order(tmp_path: Path) -> None:
    days = 23.0
    results, log = logged(web_only(delivery_days=days), tmp_path / "log.h5")
    needs = results.needs
    # The sale is recorded when ordered: the log's time is the order's, as are the purchases.
    assert len(log) == results.periods["purchases"].sum() > 10_000
    assert (log.discount == "none").all()
    # Every need is met when its goods arrive: `met` per period counts the orders whose
    # time + delivery_days falls in it (exactly: the need's end is the delivery).
    met = needs.groupby("period")["met"].sum().to_numpy()
    np.testing.assert_array_equal(met, per_period(log.time.to_numpy() + days, results))
    assert needs["unmet"].sum() == 0
    # Orders still on their way at the horizon keep their needs open.
    horizon = log.attrs["horizon_days"]
    on_the_way = int((log.time.to_numpy() + days >= horizon).sum())
    assert needs.groupby("period")["open"].sum().iloc[-1] == on_the_way > 0


def test_without_delivery_days_the_need_ends_with_the_order(tmp_path: Path) -> None:
    results, log = logged(web_only(delivery_days=0.0), tmp_path / "log.h5")
    met = results.needs.groupby("period")["met"].sum().to_numpy()
    np.testing.assert_array_equal(met, per_period(log.time.to_numpy(), results))


def test_wrong_fits_go_back_by_post_return_days_after_delivery(tmp_path: Path) -> None:
    delivery, back = 5.0, 30.0
    # An order fits with the store's expertise: at 0 every order comes back.
    data = web_only(delivery_days=delivery, return_days=back, expertise=0.0)
    results, log = logged(data, tmp_path / "log.h5")
    periods = results.periods.set_index("period")
    expected = per_period(log.time.to_numpy() + delivery + back, results)
    np.testing.assert_array_equal(periods["returns"].to_numpy(), expected)
    assert expected.sum() > 10_000
    # Takings count when ordered; refunds come off revenue in the period the parcel is back.
    takings = money_per_period(log.time.to_numpy(), log.price_paid.to_numpy(), results)
    refunds = money_per_period(log.time.to_numpy() + delivery + back, log.price_paid.to_numpy(),
                               results)
    np.testing.assert_allclose(periods["revenue"].to_numpy(), takings - refunds, atol=1e-6)


def money_per_period(days: np.ndarray, amounts: np.ndarray, results: js.Results) -> np.ndarray:
    bounds = results.tables["periods"]
    inside = days < bounds["end_day"][-1]
    period = np.searchsorted(bounds["start_day"], days[inside], "right") - 1
    return np.bincount(period, weights=amounts[inside], minlength=len(bounds["start_day"]))


def test_an_order_fits_with_the_stores_expertise() -> None:
    t = run(web_only(expertise=0.7), seed=5).periods[["purchases", "returns"]].sum()
    sold, returned = t["purchases"], t["returns"]
    assert returned / sold == pytest.approx(0.3, abs=4 * math.sqrt(0.21 / sold))


# -- chat: a share of the orders talk to an agent first, queueing as at a counter ----------

AGENTS = 3
CHAT_MIN = 12.0
CHAT_SHARE = 0.4
MU = DAY_MIN / CHAT_MIN  # chats per day per agent
RHO = 0.75
LAMBDA = RHO * AGENTS * MU / CHAT_SHARE  # orders per day
HOUSEHOLDS = 2000


@pytest.fixture(scope="module")
def chat() -> js.Results:
    data = web_only(
        chat_staff=AGENTS,
        chat_share=CHAT_SHARE,
        chat_minutes=CHAT_MIN,
        service_distribution="exponential",
        expertise=1.0,
    )
    data["simulation"] = {"years": 2.25, "warmup_years": 0.25}
    data["households"]["count"] = HOUSEHOLDS
    data["needs"]["rate_per_year"] = LAMBDA * 365.0 / HOUSEHOLDS
    return run(data, seed=2026, replications=3)


def test_the_chat_queue_waits_as_erlang_c_predicts(chat: js.Results) -> None:
    periods = chat.periods
    visits = periods["visits"].sum()
    assert visits > 1_000_000  # of them, 40% chat: about 600,000 waits
    # The chat sees a Poisson stream thinned by the share: M/M/c at load a = share λ / μ.
    # Orders without chat wait 0, so the mean over all orders is share x Erlang C's wait.
    load = CHAT_SHARE * LAMBDA / MU
    wait = erlang_c(AGENTS, load) / (AGENTS * MU - CHAT_SHARE * LAMBDA) * DAY_MIN
    mean_wait = (periods["mean_wait_min"] * periods["visits"]).sum() / visits
    assert mean_wait == pytest.approx(CHAT_SHARE * wait, rel=0.05)
    assert periods["utilisation"].mean() == pytest.approx(RHO, rel=0.02)
    assert (periods["purchases"] == periods["visits"]).all()


def test_chat_agents_are_on_the_payroll() -> None:
    data = web_only(chat_staff=2, chat_share=0.1, staff_cost_per_year=36_500.0)
    data["simulation"]["period_days"] = 73
    periods = run(data, seed=1).periods
    np.testing.assert_allclose(periods["staff_cost"], 2 * 36_500.0 * 73 / 365.0)


@pytest.mark.parametrize(
    ("store", "path", "expected"),
    [
        ({"delivery_days": -1}, "stores.a.delivery_days", "must be >= 0 (got -1)"),
        ({"return_days": -3}, "stores.a.return_days", "must be >= 0 (got -3)"),
        ({"chat_share": 0.5}, "stores.a.chat_share", "give chat_staff >= 1"),
        ({"chat_staff": 2, "chat_share": 2}, "stores.a.chat_share", "(got 2)"),
        ({"staff": 3}, "stores.a.staff", "an online store has no counter"),
    ],
)
def test_bad_online_fields_are_config_errors(
    store: dict[str, Any], path: str, expected: str
) -> None:
    data = minimal()
    data["stores"]["a"].update(store)
    with pytest.raises(js.ConfigError) as caught:
        js.Scenario.from_dict(data).validate()
    [(where, message)] = caught.value.issues
    assert where == path
    assert expected in message


def test_a_shop_has_no_delivery() -> None:
    data = minimal()
    data["stores"]["a"] = {"type": "chain", "x": 0.0, "y": 0.0, "delivery_days": 2}
    with pytest.raises(js.ConfigError, match="applies to online stores only"):
        js.Scenario.from_dict(data).validate()


# -- delivery at choice: the deadline and the days' weight -------------------------------------


def shop_and_web(deadline_days: float, delivery_days: float, **choice: float) -> dict[str, Any]:
    """A shop next door and an online store alike in all but delivery: a need tries one."""
    data = web_only(delivery_days=delivery_days)
    data["needs"]["deadline_days"] = deadline_days
    data["stores"]["shop"] = {"type": "chain", "x": 0.0, "y": 0.0, "staff": 50,
                              "availability": 1.0, "service_minutes": 1.0}
    data["choice"] = dict(choice)
    return data


def test_an_order_that_would_arrive_after_the_deadline_is_not_placed() -> None:
    on_time = run(shop_and_web(deadline_days=5.0, delivery_days=3.0), seed=5).periods
    late = run(shop_and_web(deadline_days=2.0, delivery_days=3.0), seed=5).periods
    online = lambda periods: periods[periods["store"] == "a"]["purchases"].sum()  # noqa: E731
    assert online(on_time) > 1000
    assert online(late) == 0
    # The needs the web could not meet in time went to the shop.
    assert late["purchases"].sum() == pytest.approx(on_time["purchases"].sum(), rel=0.05)


def test_a_store_refers_only_to_an_online_store_that_delivers_in_time() -> None:
    # The shop has nothing and refers; households would not choose the web themselves.
    def referred(deadline_days: float) -> pd.DataFrame:
        data = shop_and_web(deadline_days=deadline_days, delivery_days=3.0)
        data["stores"]["shop"].update(availability=0.0, referral="refer")
        data["choice"] = {"asc": {"online": -30.0}}
        return run(data, seed=6).periods.groupby("store", observed=False).sum(numeric_only=True)

    in_time, too_late = referred(5.0), referred(2.0)
    assert in_time.loc["shop", "referrals_given"] > 1000
    assert in_time.loc["a", "purchases"] == in_time.loc["shop", "referrals_given"]
    assert too_late.loc["shop", "referrals_given"] == 0
    assert too_late.loc["a", "purchases"] == 0


DELIVERY_WEIGHT = 0.3
DELIVERY_DAYS = (1.0, 4.0)


def test_delivery_days_weigh_in_the_choice_as_the_logit_says() -> None:
    # Two online stores alike but for delivery: shares as exp(-b_delivery x days) says.
    data = web_only(delivery_days=DELIVERY_DAYS[0])
    data["simulation"]["years"] = 4.0
    data["households"].update(count=2000, relationship_orientation=0.0)
    data["needs"]["rate_per_year"] = 20.0
    data["stores"]["b"] = {**data["stores"]["a"], "delivery_days": DELIVERY_DAYS[1]}
    data["choice"] = {"delivery": DELIVERY_WEIGHT}
    bought = run(data, seed=7, replications=2).periods.groupby("store", observed=False)[
        "purchases"].sum()
    n = int(bought.sum())
    expected = 1.0 / (1.0 + math.exp(-DELIVERY_WEIGHT * (DELIVERY_DAYS[1] - DELIVERY_DAYS[0])))
    assert n > 200_000
    assert abs(bought["a"] / n - expected) < 3.0 * math.sqrt(expected * (1 - expected) / n), (
        bought["a"] / n, expected)
