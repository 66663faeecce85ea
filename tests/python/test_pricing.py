"""Pricing policies, store cards, direct mail and the money: each against what it must give.

Sales are checked against closed-form logit shares, the card and mail against their
probabilities, costs against their definitions (docs/model.md).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import journeysim as js

PRICE = 50.0


def online_pair(**store_a: Any) -> dict[str, Any]:
    """Two online stores, households that weigh only price (fixed b_price = 2): the logit
    shares are known in closed form."""
    return {
        "simulation": {"start_year": 2000, "years": 2.0, "period_days": 15},
        "households": {
            "count": 3000,
            "price_sensitivity": 2.0,
            "relationship_orientation": 0.0,
            "asks_for_salesperson": False,
        },
        "towns": {"centre": {"radius_km": 2.0}},
        "needs": {"rate_per_year": 4.0, "spend": PRICE, "retry_probability": 0.0},
        "choice": {"promo": 0.4, "card": 0.0},
        "stores": {
            "a": {"type": "online", "availability": 1.0,
                  "expertise": 1.0, "new_hire_expertise": 1.0, **store_a},
            "b": {"type": "online", "availability": 1.0,
                  "expertise": 1.0, "new_hire_expertise": 1.0},
        },
    }


def run(data: dict[str, Any], **kwargs: Any) -> js.Results:
    return js.run(js.Scenario.from_dict(data), **kwargs)


def store_rows(results: js.Results, store: str) -> Any:
    periods = results.periods
    return periods[periods["store"] == store].set_index("period")


def test_sales_raise_demand_as_the_logit_says() -> None:
    discount, promo, b_price = 0.3, 0.4, 2.0
    sales = {"every_days": 60, "days": 15, "discount": discount, "ad_reach": 1.0}
    results = run(online_pair(pricing="high_low", sales=sales), seed=1)
    a = store_rows(results, "a")
    # 15-day periods from day 0: every fourth is a sale window.
    in_sale = a.index % 4 == 0
    u_sale = promo - b_price * math.log(1.0 - discount)
    expected = math.exp(u_sale) / (math.exp(u_sale) + 1.0)
    bought = a["purchases"][in_sale].sum()
    total = bought + store_rows(results, "b")["purchases"][in_sale].sum()
    assert bought / total == pytest.approx(expected, abs=4 * math.sqrt(0.25 / total))
    outside = a["purchases"][~in_sale].sum() / (
        a["purchases"][~in_sale].sum() + store_rows(results, "b")["purchases"][~in_sale].sum()
    )
    assert outside == pytest.approx(0.5, abs=0.02)
    # Every purchase in a window is at the sale price, none outside.
    assert (a["sale_purchases"][in_sale] == a["purchases"][in_sale]).all()
    assert (a["sale_purchases"][~in_sale] == 0).all()
    revenue = a["revenue"].sum()
    expected_revenue = PRICE * (a["purchases"][~in_sale].sum() + (1 - discount) * bought)
    assert revenue == pytest.approx(expected_revenue, rel=1e-12)


def test_only_households_who_saw_the_ad_respond() -> None:
    sales = {"every_days": 60, "days": 15, "discount": 0.3, "ad_reach": 0.5}
    a = store_rows(run(online_pair(pricing="high_low", sales=sales), seed=2), "a")
    b_rows = store_rows(run(online_pair(pricing="high_low", sales=sales), seed=2), "b")
    in_sale = a.index % 4 == 0
    u = 0.4 - 2.0 * math.log(0.7)
    # Half see the ad: P(a) = 0.5 logit(u) + 0.5 * 1/2.
    expected = 0.5 * math.exp(u) / (math.exp(u) + 1) + 0.25
    bought = a["purchases"][in_sale].sum()
    total = bought + b_rows["purchases"][in_sale].sum()
    assert bought / total == pytest.approx(expected, abs=4 * math.sqrt(0.25 / total))


def test_bogo_sells_second_items_during_sales() -> None:
    sales = {"every_days": 60, "days": 15, "discount": 0.2, "bogo_take_up": 0.4,
             "bogo_discount": 0.5}
    a = store_rows(run(online_pair(pricing="high_low", sales=sales), seed=3), "a")
    extra = (a["units"] - a["purchases"]).sum()
    on_sale = a["sale_purchases"].sum()
    assert extra == pytest.approx(0.4 * on_sale, abs=4 * math.sqrt(0.24 * on_sale))
    assert (a["units"] - a["purchases"])[a["sale_purchases"] == 0].sum() == 0


def test_price_match_charges_the_lowest_known_price() -> None:
    data = online_pair(pricing="price_match", price_index=1.2)
    results = run(data, seed=4)
    a = store_rows(results, "a")
    # b's price is the lowest: a charges it, and is chosen as if it asked it.
    assert a["revenue"].sum() == pytest.approx(PRICE * a["purchases"].sum(), rel=1e-12)
    share = a["purchases"].sum() / results.periods["purchases"].sum()
    assert share == pytest.approx(0.5, abs=0.02)


def test_a_store_card_is_taken_up_and_discounts() -> None:
    card = {"offer_probability": 0.5, "acceptance": 0.4, "discount": 0.1}
    results = run(online_pair(card=card), seed=5)
    a = store_rows(results, "a")
    issued = a["cards_issued"].sum()
    # Offered to those without a card at each purchase; their share falls as cards spread,
    # so the count is bounded by 0.2 x purchases and by the households.
    assert 0 < issued < 0.2 * a["purchases"].sum() + 5 * math.sqrt(a["purchases"].sum())
    assert a["card_holders"].iloc[-1] == issued
    assert a["card_holders"].is_monotonic_increasing
    # Holders pay 10% less: revenue lies between list and fully discounted.
    full = PRICE * a["purchases"].sum()
    assert 0.9 * full < a["revenue"].sum() < full


def test_direct_mail_reaches_card_holders_and_brings_responses() -> None:
    card = {"offer_probability": 1.0, "acceptance": 1.0, "discount": 0.0}
    mail = {"every_days": 30, "cost_per_piece": 0.5, "response": 0.1, "coupon_discount": 0.2}
    results = run(online_pair(card=card, mail=mail), seed=6)
    a = store_rows(results, "a")
    pieces, responses = a["contacts"].sum(), a["responses"].sum()
    assert pieces > 10_000
    assert responses == pytest.approx(0.1 * pieces, abs=4 * math.sqrt(0.09 * pieces))
    assert a["marketing_cost"].sum() == pytest.approx(0.5 * pieces, rel=1e-12)
    # Every response comes with a coupon that is redeemed; responses come in over the 30
    # days after a campaign, so those of the last campaign may fall after the horizon.
    assert 0 <= responses - a["coupons"].sum() <= a["responses"].iloc[-3:].sum()
    assert (store_rows(results, "b")["contacts"] == 0).all()


def test_financing_lightens_the_price_and_costs_the_store() -> None:
    financing = {"take_up": 0.5, "everyone": True, "price_relief": 0.3, "cost": 0.04}
    results = run(online_pair(financing=financing), seed=9)
    a, b = store_rows(results, "a"), store_rows(results, "b")
    # Everyone may pay over time at a: it is judged at 70% of its price.
    u = -2.0 * math.log(0.7)
    expected = math.exp(u) / (math.exp(u) + 1.0)
    sold = a["purchases"].sum()
    total = sold + b["purchases"].sum()
    assert sold / total == pytest.approx(expected, abs=4 * math.sqrt(0.25 / total))
    financed = a["financed"].sum()
    assert financed == pytest.approx(0.5 * sold, abs=4 * math.sqrt(0.25 * sold))
    # Each financed sale costs the store 4% of its price (one price here: no discounts).
    assert a["financing_cost"].sum() == pytest.approx(0.04 * PRICE * financed, rel=1e-9)
    assert np.allclose(a["profit"], a["margin"] - a["staff_cost"] - a["marketing_cost"]
                       - a["financing_cost"])
    assert b["financed"].sum() == 0


def test_margin_and_profit_follow_their_definitions() -> None:
    data = online_pair(cost_ratio=0.55, staff_cost_per_year=20_000.0, chat_staff=4,
                       marketing_cost_per_year=5_000.0, expertise=0.8,
                       cross_sell_probability=0.2, cross_sell_spend=30.0)
    results = run(data, seed=7)
    a = store_rows(results, "a")
    kept = a["units"] - a["returns"]
    goods = 0.55 * PRICE * kept + 0.55 * 30.0 * a["cross_sells"]
    assert np.allclose(a["cost_of_goods"], goods)
    assert np.allclose(a["margin"], a["revenue"] - a["cost_of_goods"])
    assert np.allclose(a["profit"], a["margin"] - a["staff_cost"] - a["marketing_cost"]
                       - a["financing_cost"])
    # Open all the time: 4 chat agents and the advertising cost accrue with the period's days.
    days = results.tables["periods"]["end_day"] - results.tables["periods"]["start_day"]
    assert np.allclose(a["staff_cost"], 4 * 20_000.0 * days / 365.0)
    assert np.allclose(a["marketing_cost"], 5_000.0 * days / 365.0)
    sold = a["purchases"].sum()
    assert a["cross_sells"].sum() == pytest.approx(0.2 * sold, abs=4 * math.sqrt(0.16 * sold))


def test_outreach_reaches_customers_and_annoys_by_its_quality() -> None:
    def run_with(quality: float) -> Any:
        outreach = {"telephone": {"every_days": 30, "cost_per_contact": 2.0, "reach": 0.5,
                                  "response": 0.05, "quality": quality}}
        data = online_pair(outreach=outreach)
        data["households"]["relationship_orientation"] = 1.0
        return store_rows(run(data, seed=8), "a")

    annoying, pleasant = run_with(-0.5), run_with(0.2)
    for a in (annoying, pleasant):
        contacts, responses = a["contacts"].sum(), a["responses"].sum()
        assert contacts > 10_000
        assert responses == pytest.approx(0.05 * contacts, abs=4 * math.sqrt(0.0475 * contacts))
        assert a["marketing_cost"].sum() == pytest.approx(2.0 * contacts, rel=1e-12)
        assert a["coupons"].sum() == 0
    # A call at dinner lowers trust; keeping in touch raises it.
    assert annoying["mean_trust"].iloc[-6:].mean() < pleasant["mean_trust"].iloc[-6:].mean() - 0.05


@pytest.mark.parametrize(
    ("store", "message"),
    [
        ({"pricing": "high-low"}, "(did you mean 'high_low'?)"),
        ({"pricing": "high_low", "sales": {"days": 30, "every_days": 20}}, "must be <= every_days"),
        ({"sales": {"discount": 0.2}}, 'applies to pricing = "high_low" only'),
        ({"pricing": "high_low", "sales": {"discount": 1.0}}, "must be in [0, 1) (got 1)"),
        ({"card": {"acceptance": 1.2}}, "stores.a.card.acceptance: must be in [0, 1]"),
        ({"mail": {"every_days": 30}}, "direct mail goes to card holders"),
        ({"financing": {"take_up": 0.5}}, "financing goes with the store card"),
        ({"financing": {"take_up": 0.5, "everyone": True, "price_relief": 1.0}},
         "stores.a.financing.price_relief: must be in [0, 1) (got 1)"),
        ({"cost_ratio": -0.1}, "stores.a.cost_ratio: must be >= 0"),
        ({"outreach": {"phone": {"quality": -2}}}, "stores.a.outreach.phone.quality: must be >= -1"),
        ({"outreach": {"phone": {"every_days": 0}}}, "stores.a.outreach.phone.every_days: must be > 0"),
    ],
)
def test_bad_pricing_fields_name_their_path(store: dict[str, Any], message: str) -> None:
    with pytest.raises(js.ConfigError) as error:
        js.Scenario.from_dict(online_pair(**store)).validate()
    assert message in str(error.value), str(error.value)
