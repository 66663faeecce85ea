"""Store mechanics, each on a reduced scenario whose effect can be predicted.

Referral policies, special orders, seasons, children, queue tolerance against M/M/c/K,
wrong fits returned, relocation and economic shocks (docs/model.md).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

import numpy as np
import pytest

import journeysim as js

DAY_MIN = 1440.0


def two_stores(**store_a: Any) -> dict[str, Any]:
    """Households around the centre; store a (adjusted by the caller) and a well-stocked b."""
    return {
        "simulation": {"start_year": 2000, "years": 1.0},
        "households": {"count": 1500, "asks_for_salesperson": False},
        "towns": {"centre": {"radius_km": 2.0}},
        "needs": {"rate_per_year": 4.0, "spend": 50.0, "retry_probability": 0.0},
        "stores": {
            "a": {"type": "chain", "x": 0.0, "y": 0.0, "staff": 3, **store_a},
            "b": {"type": "chain", "x": 0.5, "y": 0.0, "staff": 3, "availability": 1.0},
            "c": {"type": "chain", "x": -0.5, "y": 0.0, "staff": 3, "availability": 0.5},
        },
    }


def run(data: dict[str, Any], **kwargs: Any) -> js.Results:
    return js.run(js.Scenario.from_dict(data), **kwargs)


def totals(results: js.Results) -> Any:
    """Per store, every count summed over the run."""
    return results.periods.groupby("store", observed=False).sum(numeric_only=True)


# -- referral policies ----------------------------------------------------------------


def test_refer_sends_every_customer_it_cannot_serve_to_the_likeliest_competitor() -> None:
    results = run(two_stores(availability=0.0, referral="refer"), seed=3)
    t = totals(results)
    matrix = results.referral_matrix()
    assert t.loc["a", "visits"] > 500
    # Nothing in stock at a: every visit is a stockout, and every one is referred to b,
    # the store most likely to have it (availability 1 against c's 0.5).
    assert t.loc["a", "stockouts"] == t.loc["a", "visits"]
    assert t.loc["a", "referrals_given"] == t.loc["a", "visits"]
    assert matrix.loc["a", "b"] == t.loc["a", "referrals_given"]
    assert matrix.loc["a", "c"] == 0
    assert t.loc["b", "referrals_received"] == matrix["b"].sum()
    assert t.loc["a", "purchases"] == 0
    # Stores without a referral policy refer nobody.
    assert matrix.loc[["b", "c"]].to_numpy().sum() == 0


def test_without_referral_nobody_is_sent_on() -> None:
    results = run(two_stores(availability=0.0), seed=3)
    t = totals(results)
    assert results.referral_matrix().to_numpy().sum() == 0
    assert (t["referrals_given"] == 0).all() and (t["referrals_received"] == 0).all()
    assert t.loc["a", "lost_sales"] == t.loc["a", "visits"] > 500


def test_referral_goodwill_raises_trust_in_the_referring_store() -> None:
    refer = run(two_stores(availability=0.0, referral="refer"), seed=5)
    none = run(two_stores(availability=0.0), seed=5)
    last = lambda r: r.periods[r.periods["period"] == r.periods["period"].max()].set_index("store")  # noqa: E731
    # Active customers of a are few (nobody buys there); compare b's view instead: referred
    # customers bought at b, so b has more of them when a refers.
    assert totals(refer).loc["b", "purchases"] > totals(none).loc["b", "purchases"]
    assert last(refer).loc["b", "active_customers"] > last(none).loc["b", "active_customers"]


def test_a_special_order_slower_than_the_deadline_never_sells() -> None:
    data = two_stores(availability=0.0, referral="special_order", special_order_days=20.0)
    data["needs"]["deadline_days"] = 10.0
    t = totals(run(data, seed=7))
    assert t.loc["a", "visits"] > 500
    assert t.loc["a", "special_orders"] == 0
    assert t.loc["a", "purchases"] == 0
    assert t.loc["a", "lost_sales"] == t.loc["a", "visits"]


def test_a_special_order_in_time_is_delivered() -> None:
    data = two_stores(availability=0.0, referral="special_order", special_order_days=5.0)
    data["needs"]["deadline_days"] = 30.0
    results = run(data, seed=7)
    t = totals(results)
    assert t.loc["a", "special_orders"] == t.loc["a", "visits"] > 500
    assert t.loc["a", "lost_sales"] == 0
    # Orders placed in the last 5 days are delivered after the horizon.
    undelivered = t.loc["a", "special_orders"] - t.loc["a", "purchases"]
    assert 0 <= undelivered < 0.05 * t.loc["a", "special_orders"]


def test_push_substitute_sells_with_its_probability() -> None:
    data = two_stores(
        availability=0.0, referral="push_substitute", substitute_sale_probability=0.3
    )
    t = totals(run(data, seed=11))
    n = t.loc["a", "visits"]
    assert t.loc["a", "substitutes"] == t.loc["a", "purchases"]
    assert t.loc["a", "purchases"] == pytest.approx(0.3 * n, abs=4 * math.sqrt(0.21 * n))


def test_refer_better_sends_customers_to_a_much_cheaper_competitor() -> None:
    data = two_stores(availability=1.0, referral="refer_better", refer_better_threshold=0.1)
    data["stores"]["b"]["price_index"] = 0.8  # 20% cheaper, as likely to have it
    t = totals(run(data, seed=13))
    assert t.loc["a", "referrals_given"] == t.loc["a", "visits"] > 300
    assert t.loc["a", "purchases"] == 0
    # Not when the competitor is cheaper by less than the threshold.
    data["stores"]["b"]["price_index"] = 0.95
    t = totals(run(data, seed=13))
    assert t.loc["a", "referrals_given"] == 0
    assert t.loc["a", "purchases"] > 300


# -- needs ---------------------------------------------------------------------------


def season_factor(day: np.ndarray, peak: float, width: float, boost: float) -> np.ndarray:
    d = np.abs(day % 365.0 - peak)
    d = np.minimum(d, 365.0 - d)
    return 1.0 + boost * np.exp(-0.5 * (d / width) ** 2)


def test_demand_follows_the_seasonal_peak() -> None:
    peak, width, boost = 196.0, 12.0, 3.0
    data = {
        "simulation": {"start_year": 2000, "years": 3.0},
        "households": {"count": 4000},
        "towns": {"centre": {"radius_km": 2.0}},
        "seasons": {"summer": {"peak_day": peak, "width_days": width, "boost": boost}},
        "categories": {"sandals": {"rate_per_year": 1.0, "price": 30.0, "seasons": ["summer"]}},
        "stores": {"a": {"type": "online"}},
    }
    results = run(data, seed=17)
    needs = results.needs.groupby("period")["needs"].sum()
    bounds = results.tables["periods"]
    for period, observed in needs.items():
        start = bounds["start_day"][period]
        end = bounds["end_day"][period]
        days = np.linspace(start, end, 2001)
        rate = 4000 * 1.0 / 365.0 * season_factor(days, peak, width, boost)
        expected = float(np.trapezoid(rate, days))
        assert observed == pytest.approx(expected, abs=5 * math.sqrt(expected)), period
    july = needs[[6, 18, 30]].sum()
    january = needs[[0, 12, 24]].sum()
    assert july > 2.5 * january


def test_children_raise_the_need_rate() -> None:
    n, rate, per_child, kids = 3000, 2.0, 0.5, 2.0
    data = {
        "simulation": {"years": 2.0},
        "households": {"count": n, "children_mean": kids},
        "towns": {"centre": {"radius_km": 2.0}},
        "categories": {"school_shoes": {"rate_per_year": rate, "per_child": per_child}},
        "stores": {"a": {"type": "online"}},
    }
    needs = run(data, seed=19).needs["needs"].sum()
    # E[needs] = rate * years * (N + per_child * K), K ~ Poisson(N * kids).
    expected = rate * 2.0 * (n + per_child * kids * n)
    sd = math.sqrt(expected + (rate * 2.0 * per_child) ** 2 * kids * n)
    assert needs == pytest.approx(expected, abs=5 * sd)


def test_categories_a_store_does_not_carry_go_elsewhere() -> None:
    data = two_stores()
    data.pop("needs")
    data["needs"] = {"retry_probability": 0.0}
    data["categories"] = {"boots": {"rate_per_year": 2.0}, "slippers": {"rate_per_year": 2.0}}
    data["stores"]["a"]["categories"] = ["boots"]
    results = run(data, seed=23)
    log_free = results.needs.groupby("category", observed=False)["needs"].sum()
    assert log_free["boots"] > 2000 and log_free["slippers"] > 2000
    t = totals(results)
    # a sees only boots: about half the visits b and c see per unit of attraction.
    assert t.loc["a", "visits"] < 0.75 * t.loc["b", "visits"]


# -- queues --------------------------------------------------------------------------


def mmck_blocking(arrival: float, service: float, servers: int, capacity: int) -> float:
    """P(an arrival finds the system full) in M/M/c/K."""
    a = arrival / service
    terms = [a**n / math.factorial(n) for n in range(servers)]
    terms += [a**n / (math.factorial(servers) * servers ** (n - servers)) for n in range(servers, capacity + 1)]
    return terms[-1] / sum(terms)


def test_balking_share_matches_mmck() -> None:
    servers, tolerance, service_min, rho = 2, 3, 20.0, 0.9
    mu = DAY_MIN / service_min
    lam = rho * servers * mu
    households = 2000
    data = {
        "simulation": {"years": 2.25, "warmup_years": 0.25},
        "households": {
            "count": households,
            "queue_tolerance": tolerance,
            "asks_for_salesperson": False,
        },
        "towns": {"centre": {"radius_km": 2.0}},
        "needs": {"rate_per_year": lam * 365.0 / households, "retry_probability": 0.0},
        "stores": {
            "a": {
                "type": "chain",
                "x": 0.0,
                "y": 0.0,
                "staff": servers,
                "service_minutes": service_min,
                "service_distribution": "exponential",
                "availability": 1.0,
            }
        },
    }
    t = totals(run(data, seed=29, replications=2))
    arrivals = t.loc["a", "visits"] + t.loc["a", "balks"]
    expected = mmck_blocking(lam, mu, servers, servers + tolerance)
    observed = t.loc["a", "balks"] / arrivals
    assert arrivals > 150_000
    assert observed == pytest.approx(expected, rel=0.06)


def test_customers_renege_more_when_patience_is_short() -> None:
    def reneges(patience: float) -> int:
        data = two_stores(availability=1.0)
        data["households"]["patience_minutes"] = patience
        data["needs"]["rate_per_year"] = 40.0
        for store in data["stores"].values():
            store.update(staff=1, service_minutes=15.0)
        return int(totals(run(data, seed=31))["reneges"].sum())

    short, long = reneges(5.0), reneges(60.0)
    assert short > long > 0


# -- fit and returns -----------------------------------------------------------------


def test_wrong_fits_come_back_at_one_minus_expertise() -> None:
    data = two_stores(availability=1.0, expertise=0.7, new_hire_expertise=0.7)
    data["simulation"]["years"] = 2.0
    t = totals(run(data, seed=37))
    sold, returned = t.loc["a", "purchases"], t.loc["a", "returns"]
    assert sold > 2000
    assert returned / sold == pytest.approx(0.3, abs=4 * math.sqrt(0.21 / sold) + 0.01)
    # b's staff are at the default expertise.
    assert t.loc["b", "returns"] / t.loc["b", "purchases"] == pytest.approx(0.2, abs=0.03)


# -- the timeline --------------------------------------------------------------------


def test_a_relocated_store_gains_the_customers_now_within_reach() -> None:
    data = two_stores(availability=1.0)
    data["households"]["max_travel_km"] = 20.0
    data["stores"]["a"].update(x=100.0, y=0.0)  # out of reach until it moves
    data["malls"] = {"plaza": {"x": 1.0, "y": 1.0}}
    data["timeline"] = [{"date": dt.date(2000, 7, 1), "store": "a", "mall": "plaza"}]
    results = run(data, seed=41)
    visits = results.periods[results.periods["store"] == "a"].set_index("period")["visits"]
    assert (visits.loc[:5] == 0).all()
    assert (visits.loc[6:] > 50).all()


def test_an_economic_shock_favours_the_cheaper_store() -> None:
    data = two_stores(availability=1.0, price_index=0.8)
    data["simulation"]["years"] = 2.0
    data["timeline"] = [
        {"date": dt.date(2000, 7, 1), "until": dt.date(2001, 1, 1), "price_sensitivity": 3.0}
    ]
    periods = run(data, seed=43).periods
    share = periods[periods["store"] == "a"].set_index("period")["share"]
    assert share.loc[6:11].mean() > share.loc[0:5].mean() + 0.05
    assert share.loc[6:11].mean() > share.loc[12:23].mean() + 0.05


# -- determinism and validation ------------------------------------------------------


def everything() -> dict[str, Any]:
    data = two_stores(availability=0.6, referral="refer", turnover_per_year=2.0)
    data["households"].update(queue_tolerance=4, patience_minutes=30.0, children_mean=1.0)
    data["households"]["asks_for_salesperson"] = True
    data["needs"]["rate_per_year"] = 30.0  # busy enough that queues form
    data["stores"]["b"].update(
        availability=0.8,
        referral="special_order",
        salespeople={"ruth": {"expertise": 0.95, "retires": dt.date(2000, 6, 1)}},
    )
    data["stores"]["c"].update(
        referral="push_substitute", stock={"goods": {"reorder_point": 3, "order_up_to": 12}}
    )
    data["timeline"] = [{"date": dt.date(2000, 3, 1), "store": "c", "price_index": 0.9}]
    return data


def test_every_mechanism_together_is_reproducible_across_threads() -> None:
    scenario = js.Scenario.from_dict(everything())
    one = js.run(scenario, seed=47, replications=3, threads=1)
    two = js.run(scenario, seed=47, replications=3, threads=2)
    for name, table in one.tables.items():
        for column, values in table.items():
            nan_equal = values.dtype.kind == "f"  # NaN (no rating yet) equals NaN here
            assert np.array_equal(values, two.tables[name][column], equal_nan=nan_equal), (
                f"{name}.{column}"
            )
    t = totals(one)
    for column in ("balks", "reneges", "returns", "referrals_given", "special_orders", "substitutes"):
        assert t[column].sum() > 0, column


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("stores.a.referral", "refr", "must be one of none, refer"),
        ("stores.a.expertise", 1.5, "must be in [0, 1] (got 1.5)"),
        ("stores.a.turnover_per_year", -1.0, "must be >= 0 (got -1)"),
        ("stores.a.special_order_days", -2.0, "must be >= 0"),
        ("stores.a.categories", ["boots"], "unknown name 'boots'"),
        ("stores.a.stock", {"goods": {"reorder_point": 9, "order_up_to": 4}}, "must be > reorder_point"),
        ("households.queue_tolerance", -3, "must be >= -1 (got -3)"),
        ("households.patience_minutes", 0.0, "must be > 0 (got 0)"),
        ("households.asks_for_salesperson", "yes", "must be true or false"),
        ("needs.retry_probability", 2.0, "must be in [0, 1] (got 2)"),
        ("trust.kappa_lost", -0.1, "must be >= 0"),
        ("seasons", {"x": {"peak_day": 400}}, "must be in [0, 365)"),
        ("timeline", [{"date": dt.date(2000, 5, 1), "store": "zz", "price_index": 1.0}], "unknown store 'zz'"),
        ("timeline", [{"store": "a", "price_index": 1.0}], "is required"),
        ("timeline", [{"date": dt.date(2000, 5, 1), "store": "a"}], "says what changes"),
    ],
)
def test_bad_values_name_their_path(path: str, value: Any, message: str) -> None:
    data = copy.deepcopy(two_stores())
    keys = path.split(".")
    target = data
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value
    with pytest.raises(js.ConfigError) as error:
        js.Scenario.from_dict(data).validate()
    text = str(error.value)
    assert message in text, text
    assert keys[0] in text
