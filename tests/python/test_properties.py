"""Property tests (Hypothesis) of the Python API, issue 8.

- a scenario built from the documented valid ranges (docs/scenario.md) runs, or raises
  ConfigError (some combinations are invalid, e.g. a warm-up as long as the horizon);
- junk at any known path raises ConfigError, never anything else and never a crash;
- ``with_overrides`` round-trips through ``to_toml()``;
- results obey the model's accounting (docs/output.md).

Examples stay tiny (<= 300 households, <= 1 year). Profiles: ``ci`` (default, a few
seconds) and ``dev`` (more examples); choose with ``HYPOTHESIS_PROFILE=dev``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from typing import Any

import numpy as np
from conftest import minimal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeysim as js

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    database=None,  # CI leaves no .hypothesis/ behind
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

STORE_TYPES = ("relationship", "chain", "department", "online")


def _unit(low: float = 0.0, high: float = 1.0) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def _trait() -> st.SearchStrategy[Any]:
    return st.one_of(
        _unit(0.0, 5.0),
        st.fixed_dictionaries({"mean": _unit(0.0, 5.0), "sd": _unit(0.0, 3.0)}),
    )


@st.composite
def _store(draw: st.DrawFn, mall: str | None) -> dict[str, Any]:
    kind = draw(st.sampled_from(STORE_TYPES if mall else STORE_TYPES[:2] + ("online",)))
    store: dict[str, Any] = {"type": kind}
    if kind == "department" or (kind != "online" and mall and draw(st.booleans())):
        store["mall"] = mall
    elif kind != "online":
        store["x"] = draw(_unit(-10.0, 10.0))
        store["y"] = draw(_unit(-10.0, 10.0))
    optional = {
        "price_index": _unit(0.01, 100.0),
        "staff": st.integers(1, 5),
        "service_minutes": _unit(0.1, 1440.0),
        "service_distribution": st.sampled_from(("exponential", "lognormal")),
        "service_cv": _unit(0.01, 10.0),
        "availability": _unit(),
        "trust_gain": _unit(),
        "opens": st.sampled_from((1950, dt.date(1950, 3, 1), 1950.5)),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            store[key] = draw(strategy)
    return store


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario from the documented valid ranges, tiny enough to run in well under 1 s."""
    years = draw(_unit(0.05, 1.0))
    shares = draw(st.lists(_unit(0.0, 1.0), min_size=1, max_size=3))
    total = sum(shares)
    if total <= 0:
        shares = [1.0] + [0.0] * (len(shares) - 1)
        total = 1.0
    towns = {
        f"t{i}": {
            "x": draw(_unit(-10.0, 10.0)),
            "y": draw(_unit(-10.0, 10.0)),
            "radius_km": draw(_unit(0.0, 5.0)),
            "share": share / total,
        }
        for i, share in enumerate(shares)
    }
    mall = "m" if draw(st.booleans()) else None
    data: dict[str, Any] = {
        "simulation": {
            "start_year": 1950,
            "years": years,
            "warmup_years": draw(_unit(0.0, 0.9)) * years,
            "period": draw(st.sampled_from(("month", "quarter", "year"))),
        },
        "households": {
            "count": draw(st.integers(1, 300)),
            "max_travel_km": draw(_unit(0.1, 100.0)),
            "price_sensitivity": draw(_trait()),
            "distance_sensitivity": draw(_trait()),
            "relationship_orientation": draw(_trait()),
        },
        "towns": towns,
        "needs": {"rate_per_year": draw(_unit(0.1, 20.0)), "spend": draw(_unit(0.0, 100.0))},
        "choice": {"asc": {kind: draw(_unit(-50.0, 50.0)) for kind in STORE_TYPES}},
        "trust": {
            "initial": draw(_unit()),
            "gain": draw(_unit()),
            "loss": draw(_unit()),
            "decay_per_year": draw(_unit(0.0, 365.0)),
            "purchase_quality": draw(_unit(-1.0, 1.0)),
            "lost_sale_quality": draw(_unit(-1.0, 1.0)),
            "wait_penalty_per_hour": draw(_unit(0.0, 10.0)),
        },
        "stores": {f"s{i}": draw(_store(mall)) for i in range(draw(st.integers(1, 4)))},
    }
    if mall:
        data["malls"] = {mall: {"x": draw(_unit(-10.0, 10.0)), "y": 0.0}}
    return data


@given(data=scenarios(), seed=st.integers(0, 2**64 - 1))
def test_a_scenario_from_valid_ranges_runs_or_raises_config_error(
    data: dict[str, Any], seed: int
) -> None:
    try:
        scenario = js.Scenario.from_dict(data)
    except js.ConfigError as error:
        assert error.issues
        return
    check_invariants(js.run(scenario, seed=seed))


# Every documented path, and values no scenario should hold there.
KNOWN_PATHS = (
    "simulation.start_year",
    "simulation.years",
    "simulation.warmup_years",
    "simulation.period",
    "simulation.period_days",
    "households.count",
    "households.max_travel_km",
    "households.price_sensitivity",
    "households.price_sensitivity.mean",
    "households.price_sensitivity.sd",
    "towns.only.x",
    "towns.only.radius_km",
    "towns.only.share",
    "needs.rate_per_year",
    "needs.spend",
    "choice.asc.online",
    "trust.initial",
    "trust.decay_per_year",
    "trust.wait_penalty_per_hour",
    "malls.m.opens",
    "stores.a.type",
    "stores.a.x",
    "stores.a.mall",
    "stores.a.opens",
    "stores.a.closes",
    "stores.a.price_index",
    "stores.a.staff",
    "stores.a.service_minutes",
    "stores.a.service_distribution",
    "stores.a.service_cv",
    "stores.a.availability",
    "stores.a.trust_gain",
    "stores.b",
    "towns",
    "stores",
)

JUNK = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(),  # NaN and infinities included
        st.text(max_size=20),
        st.dates(),
        st.sampled_from(("", "month", "online", "lognormal", "1950-01-01", "nan")),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@given(path=st.sampled_from(KNOWN_PATHS), value=JUNK)
@settings(max_examples=200)
def test_junk_at_a_known_path_raises_config_error(path: str, value: Any) -> None:
    base = js.Scenario.from_dict(minimal())
    try:
        base.with_overrides({path: value})
    except js.ConfigError as error:
        assert error.issues
        assert all(isinstance(p, str) and isinstance(m, str) for p, m in error.issues)


@given(
    overrides=st.dictionaries(
        st.sampled_from(
            (
                "households.count",
                "needs.rate_per_year",
                "stores.a.price_index",
                "stores.a.staff",
                "trust.gain",
                "simulation.period",
                "stores.a.opens",
            )
        ),
        st.one_of(
            st.integers(1, 10_000), _unit(0.01, 1.0), st.sampled_from(("month", "year"))
        ),
        max_size=4,
    )
)
@settings(max_examples=100)
def test_with_overrides_round_trips_through_toml(overrides: dict[str, Any]) -> None:
    base = js.Scenario.from_dict(minimal(), name="base")
    try:
        changed = base.with_overrides(overrides)
    except js.ConfigError:
        return
    again = js.Scenario.from_toml(changed.to_toml(), name="base")
    assert again == changed
    assert again.to_toml() == changed.to_toml()


def check_invariants(results: js.Results) -> None:
    """The accounting every result obeys, whatever the scenario (docs/output.md)."""
    periods = results.periods
    visits = periods["visits"].to_numpy()
    purchases = periods["purchases"].to_numpy()
    lost = periods["lost_sales"].to_numpy()
    for name in ("visits", "purchases", "lost_sales", "active_customers"):
        assert (periods[name].to_numpy() >= 0).all(), name
    assert (purchases <= visits).all()
    assert (visits == purchases + lost).all()
    # Revenue can fall below zero only by refunds, each at most the dearest list price.
    prices = results.tables["categories"]["price"].max() * results.stores["price_index"].max()
    refunds = periods["returns"].to_numpy() * prices
    assert (periods["revenue"].to_numpy() >= -refunds * (1 + 1e-12) - 1e-9).all()
    shares = periods.groupby(["replication", "period"], observed=True).agg(
        share=("share", "sum"), purchases=("purchases", "sum")
    )
    bought = shares[shares["purchases"] > 0]
    assert np.allclose(bought["share"], 1.0, atol=1e-9), bought
    assert (shares.loc[shares["purchases"] == 0, "share"] == 0).all()
    trust = periods["mean_trust"].to_numpy()
    known = trust[~np.isnan(trust)]
    assert ((known >= 0.0) & (known <= 1.0)).all(), known
    totals = results.totals
    for name in ("carried_in", "needs", "met_needs", "unmet_needs", "open_needs"):
        assert (totals[name].to_numpy() >= 0).all(), name
    # Every need is open, met or unmet: the books balance in every period.
    inflow = totals["carried_in"] + totals["needs"]
    outflow = totals["met_needs"] + totals["unmet_needs"] + totals["open_needs"]
    assert (inflow == outflow).all()
    for _, run in totals.groupby("replication"):
        assert (run["carried_in"].to_numpy()[1:] == run["open_needs"].to_numpy()[:-1]).all()
    assert not math.isnan(float(periods["revenue"].sum()))
