"""The social fabric in a run: word of mouth, awareness, platforms and their adoption, reviews,
stores on social media (engagement, a real person online, listening), and edge-list files.

Where theory gives the answer (pure-innovation adoption, listening's closed form, the
rating of a known quality) the test checks against it; elsewhere it checks the direction
of an effect that the mechanism must produce, against a twin run without it.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import journeysim as js
from journeysim.events import scenario_events

from conftest import write_scenario


def town(**social: Any) -> dict[str, Any]:
    """Two chains in one town on a small-world graph; [social] given by the caller."""
    return {
        "simulation": {"start_year": 2005, "years": 2.0},
        "households": {"count": 2000, "asks_for_salesperson": False},
        "towns": {"centre": {"radius_km": 2.0}},
        "needs": {"rate_per_year": 4.0, "spend": 50.0, "retry_probability": 0.0},
        "stores": {
            "a": {"type": "chain", "x": 0.3, "y": 0.0, "staff": 4, "availability": 1.0},
            "b": {"type": "chain", "x": -0.3, "y": 0.0, "staff": 4, "availability": 0.6},
        },
        "social": {"graph": "watts_strogatz", "mean_degree": 10, **social},
    }


def run(data: dict[str, Any], **kwargs: Any) -> js.Results:
    return js.run(js.Scenario.from_dict(data), **kwargs)


def store_totals(results: js.Results) -> pd.DataFrame:
    return results.periods.groupby("store", observed=False).sum(numeric_only=True)


def same_store_periods(a: js.Results, b: js.Results) -> bool:
    return a.periods.equals(b.periods)


# -- word of mouth ----------------------------------------------------------------------


def test_with_p_tell_zero_word_of_mouth_changes_nothing() -> None:
    plain = town()
    del plain["social"]
    silent = run(town(p_tell=0.0), seed=5)
    assert same_store_periods(run(plain, seed=5), silent)


def test_word_of_mouth_acts_through_the_opinion_term_alone() -> None:
    # Telling draws from its own stream: with b_wom = 0 (and every store known) choices are
    # those of a run where nobody talks; with b_wom > 0 they differ.
    mute = town(p_tell=0.5)
    mute["choice"] = {"wom": 0.0}
    assert same_store_periods(run(town(p_tell=0.0), seed=2), run(mute, seed=2))
    assert not same_store_periods(run(town(p_tell=0.0), seed=2), run(town(p_tell=0.5), seed=2))


def test_word_of_mouth_moves_customers_to_the_store_that_serves_them_well() -> None:
    # b turns away 40% of its customers (lost sales, quality -0.5): friends hear of it.
    quiet = store_totals(run(town(p_tell=0.0), seed=8))
    talking = store_totals(run(town(p_tell=0.6), seed=8))
    share = lambda t: t.loc["a", "visits"] / t["visits"].sum()  # noqa: E731
    assert share(talking) > share(quiet) + 0.03


# -- awareness --------------------------------------------------------------------------


def awareness_town(awareness: float, p_tell: float) -> dict[str, Any]:
    data = town(p_tell=p_tell)
    data["simulation"]["years"] = 1.0
    data["stores"]["b"]["availability"] = 1.0
    data["stores"]["b"]["awareness"] = awareness
    return data


def test_a_store_nobody_knows_is_never_chosen_without_word_of_mouth() -> None:
    t = store_totals(run(awareness_town(0.0, 0.0), seed=1))
    assert t.loc["a", "visits"] > 1000
    assert t.loc["b", "visits"] == 0


def test_friends_recommendations_make_a_store_known() -> None:
    results = run(awareness_town(0.05, 0.5), seed=1)
    visits = results.periods.pivot_table(index="period", columns="store", values="visits",
                                         observed=False)
    # Known to 5% at first; each satisfied customer tells friends, who then know it too.
    first, last = visits.iloc[0], visits.iloc[-1]
    assert first["b"] / first.sum() < 0.06
    assert last["b"] / last.sum() > 2 * first["b"] / first.sum() + 0.05


def test_awareness_share_is_the_share_that_knows_the_store_at_first() -> None:
    # Two identical stores: a household that knows both picks b half the time, one that
    # knows only a never does; early needs are mostly first needs, so b's share ~ a/2.
    results = run(awareness_town(0.5, 0.0), seed=4)
    first = results.periods[results.periods["period"] == 0].set_index("store")["visits"]
    n = first.sum()
    expected = 0.25
    assert abs(first["b"] / n - expected) < 4 * math.sqrt(expected * (1 - expected) / n) + 0.02


# -- platforms and adoption -------------------------------------------------------------


def platform_town(**platform: Any) -> dict[str, Any]:
    data = town()
    data["simulation"]["years"] = 4.0
    data["simulation"]["period"] = "quarter"
    data["social"] = {"graph": "none"}
    data["platforms"] = {"friendface": {"launch": 2005, "innovation": 0.4, "imitation": 0.0,
                                        **platform}}
    return data


def test_pure_innovation_adoption_follows_one_minus_exp() -> None:
    results = run(platform_town(), seed=3)
    adoption = results.adoption
    assert list(adoption["platform"].unique()) == ["friendface"]
    assert (adoption["audience"] == 2000).all()
    t_years = (adoption["period"] + 1) / 4.0
    expected = 1.0 - np.exp(-0.4 * t_years)
    se = np.sqrt(expected * (1 - expected) / 2000)
    assert (np.abs(adoption["share"] - expected) < 4 * se).all()
    assert np.all(np.diff(adoption["adopters"]) >= 0)


def test_a_platform_launched_before_the_start_opens_with_its_bass_share() -> None:
    # Launched two years before the start, by innovation alone: F = 1 - exp(-p (2 + t)).
    results = run(platform_town(launch=2003), seed=3)
    adoption = results.adoption
    t_years = 2.0 + (adoption["period"] + 1) / 4.0
    expected = 1.0 - np.exp(-0.4 * t_years)
    se = np.sqrt(expected * (1 - expected) / 2000)
    assert (np.abs(adoption["share"] - expected) < 4 * se).all()


def test_without_a_graph_a_platform_launched_before_the_start_opens_by_innovation_alone() -> (
    None
):
    # Imitation needs friends: with no graph, the share before the start is innovation's too,
    # so the curve runs on from day 0 with no kink (not Bass's F with q = 3 at the start).
    results = run(platform_town(launch=2003, imitation=3.0), seed=3)
    adoption = results.adoption
    t_years = 2.0 + (adoption["period"] + 1) / 4.0
    expected = 1.0 - np.exp(-0.4 * t_years)
    se = np.sqrt(expected * (1 - expected) / 2000)
    assert (np.abs(adoption["share"] - expected) < 4 * se).all()


def test_audience_is_drawn_by_age_band() -> None:
    data = platform_town(audience={"age_18_29": 0.8, "age_30_49": 0.2, "age_50_64": 0.0,
                                   "age_65_up": 0.0})
    data["households"]["age_min"] = 20
    data["households"]["age_max"] = 40
    adoption = run(data, seed=3).adoption
    # Ages 20-40 at the launch: half in 18-29 (share 0.8), half in 30-49 (share 0.2).
    expected = 2000 * (0.5 * 0.8 + 0.5 * 0.2)
    assert abs(adoption["audience"].iloc[0] - expected) < 4 * math.sqrt(2000 * 0.25)
    assert (adoption["adopters"] <= adoption["audience"]).all()


def test_imitation_spreads_adoption_over_the_graph() -> None:
    lonely = platform_town(innovation=0.05, imitation=0.0)
    social = platform_town(innovation=0.05, imitation=2.0)
    social["social"] = {"graph": "watts_strogatz", "mean_degree": 10}
    end = lambda r: r.adoption["share"].iloc[-1]  # noqa: E731
    assert end(run(social, seed=1)) > end(run(lonely, seed=1)) + 0.3


def test_a_platform_launched_after_the_horizon_has_no_adopters() -> None:
    data = platform_town(launch=2030)
    adoption = run(data, seed=1).adoption
    assert (adoption["adopters"] == 0).all()


# -- reviews ----------------------------------------------------------------------------


def reviewing_town() -> dict[str, Any]:
    data = platform_town(innovation=10.0, carries=["reviews"])
    data["stores"]["b"]["availability"] = 1.0
    for store in data["stores"].values():
        store.update({"expertise": 1.0, "new_hire_expertise": 1.0})
    data["trust"] = {"wait_penalty_per_hour": 0.0, "purchase_quality": 0.6}
    data["social"]["review_probability"] = 1.0
    return data


def test_the_rating_is_the_mean_of_the_posted_qualities() -> None:
    results = run(reviewing_town(), seed=2)
    last = results.periods[results.periods["period"] == results.periods["period"].max()]
    # Every interaction is a purchase of quality 0.6: 3 + 2 x 0.6 = 4.2 stars.
    assert np.allclose(last["rating"], 4.2)
    t = store_totals(results)
    # Everyone adopts within weeks (p = 10 a year); then each visit posts one review.
    assert (t["reviews"] > 0.95 * t["visits"]).all()
    assert (t["reviews"] <= t["visits"]).all()


def test_no_platform_with_reviews_no_ratings() -> None:
    data = reviewing_town()
    data["platforms"]["friendface"]["carries"] = ["product_videos"]
    results = run(data, seed=2)
    assert results.periods["rating"].isna().all()
    assert (results.periods["reviews"] == 0).all()


def test_review_readers_favour_the_better_rated_store() -> None:
    def share_a(review_weight: float) -> float:
        data = reviewing_town()
        data["stores"]["b"]["availability"] = 0.5  # lost sales: quality -0.5, low stars
        data["choice"] = {"review": review_weight}
        t = store_totals(run(data, seed=6))
        return t.loc["a", "visits"] / t["visits"].sum()

    assert share_a(1.0) > share_a(0.0) + 0.05


# -- stores on social media --------------------------------------------------------------


def twin_markets(**engaged: Any) -> dict[str, Any]:
    """Two towns too far apart to mix, each with one identical store; `engaged` joins
    social media (the caller's settings), `plain` does not."""
    store = {"type": "relationship", "staff": 3, "availability": 0.7}
    return {
        "simulation": {"start_year": 2005, "years": 3.0, "period": "year"},
        "households": {"count": 3000, "max_travel_km": 5.0},
        "towns": {"east": {"x": 50.0, "share": 0.5}, "west": {"x": -50.0, "share": 0.5}},
        "needs": {"rate_per_year": 3.0, "spend": 50.0, "retry_probability": 0.0},
        "trust": {"decay_per_year": 1.0},
        "stores": {
            "engaged": {**store, "x": 50.0, "social_media": {"from": 2005, **engaged}},
            "plain": {**store, "x": -50.0},
        },
    }


def test_engagement_slows_trust_decay() -> None:
    results = run(twin_markets(engagement=0.9), seed=3)
    last = results.periods[results.periods["period"] == 2].set_index("store")
    assert last.loc["engaged", "mean_trust"] > last.loc["plain", "mean_trust"] + 0.02


def test_listening_closes_the_availability_gap_at_its_rate() -> None:
    results = run(twin_markets(engagement=0.0, listening_per_year=0.5), seed=3)
    engaged = results.periods[results.periods["store"] == "engaged"]
    years = engaged["period"].to_numpy() + 1.0
    # Each year it loses sales, so a(t) = 1 - (1 - a0) exp(-L t).
    assert np.allclose(engaged["availability"], 1.0 - 0.3 * np.exp(-0.5 * years))
    plain = results.periods[results.periods["store"] == "plain"]
    assert np.allclose(plain["availability"], 0.7)
    assert (engaged["lost_sales"] > 0).all()
    by_store = store_totals(results)
    assert by_store.loc["engaged", "lost_sales"] < by_store.loc["plain", "lost_sales"]


def requesting_markets(request_probability: float, **store: Any) -> dict[str, Any]:
    """Twin markets whose stores carry shoes but not boots, which nobody in reach carries;
    everyone is on a platform within weeks. `listener` listens at L = 0.5 a year, `deaf`
    does not."""
    data = twin_markets(engagement=0.0, listening_per_year=0.5)
    data["categories"] = {"shoes": {"rate_per_year": 3.0, "price": 50.0},
                          "boots": {"rate_per_year": 1.0, "price": 80.0}}
    data["needs"] = {"retry_probability": 0.0}
    data["stores"] = {
        "listener": {**data["stores"]["engaged"], "categories": ["shoes"], **store},
        "deaf": {**data["stores"]["plain"], "categories": ["shoes"], **store,
                 "social_media": {"from": 2005, "engagement": 0.0}},
    }
    data["social"] = {"request_probability": request_probability}
    data["platforms"] = {"friendface": {"launch": 2005, "innovation": 10.0}}
    return data


def test_listening_to_requests_widens_the_range_at_its_rate() -> None:
    results = run(requesting_markets(0.5), seed=3)
    periods = results.periods.set_index(["store", "period"])
    listener, deaf = periods.loc["listener"], periods.loc["deaf"]
    years = listener.index.to_numpy() + 1.0
    # Boots are requested every year: their range r(t) = 1 - exp(-L t), so the breadth
    # A = A0 (r_shoes + r_boots) / 1 = 2 - exp(-L t); the lost sales and requests close the
    # availability gap as before.
    assert (listener["requests"] > 0).all() and (deaf["requests"] > 0).all()
    assert np.allclose(listener["assortment"], 2.0 - np.exp(-0.5 * years))
    assert np.allclose(listener["availability"], 1.0 - 0.3 * np.exp(-0.5 * years))
    assert np.allclose(deaf["assortment"], 1.0) and np.allclose(deaf["availability"], 0.7)
    # Boots are bought from the second year on, once the listener carries some of them.
    boots = results.needs[results.needs["category"] == "boots"].set_index("period")
    assert boots["met"].iloc[-1] > 0 and boots["met"].iloc[0] == 0


def test_requests_alone_teach_a_store_that_loses_no_sale() -> None:
    def store(request_probability: float) -> pd.DataFrame:
        data = requesting_markets(request_probability, referral="special_order",
                                  special_order_days=7.0)
        periods = run(data, seed=5).periods
        return periods[periods["store"] == "listener"]

    # A special order for every item out of stock: no lost sale, so only the requests about
    # those stockouts tell it what is missing.
    asked, silent = store(0.5), store(0.0)
    years = asked["period"].to_numpy() + 1.0
    assert (asked["lost_sales"] == 0).all() and (asked["special_orders"] > 0).all()
    assert np.allclose(asked["availability"], 1.0 - 0.3 * np.exp(-0.5 * years))
    assert (silent["requests"] == 0).all()
    assert np.allclose(silent["availability"], 0.7) and np.allclose(silent["assortment"], 1.0)


def test_a_store_listens_only_between_joining_and_leaving_social_media() -> None:
    data = twin_markets()
    del data["stores"]["engaged"]["social_media"]
    data["timeline"] = [
        {"date": dt.date(2005, 3, 1), "store": "engaged", "social_media": "joins",
         "engagement": 0.0, "listening_per_year": 0.5},
        {"date": dt.date(2007, 6, 1), "store": "engaged", "social_media": "leaves"},
    ]
    results = run(data, seed=3)
    engaged = results.periods[results.periods["store"] == "engaged"]
    # Listening at the ends of 2005 and 2006, whole years each; off by the end of 2007.
    gap = 0.3 * np.exp(-0.5 * np.array([1.0, 2.0, 2.0]))
    assert np.allclose(engaged["availability"], 1.0 - gap)
    events = scenario_events(results.scenario)["event"].tolist()
    assert "engaged: joins social media, engagement 0, listening 0.5/year" in events
    assert "engaged: leaves social media" in events


def test_an_online_store_has_a_relationship_only_through_a_real_person() -> None:
    def online_share(carries: list[str]) -> float:
        data = {
            "simulation": {"start_year": 2005, "years": 3.0},
            "households": {"count": 2000, "relationship_orientation": {"mean": 3.0}},
            "towns": {"centre": {"radius_km": 2.0}},
            "needs": {"rate_per_year": 4.0, "spend": 50.0, "retry_probability": 0.0},
            "trust": {"gain": 0.5},
            "stores": {
                "web": {"type": "online", "availability": 1.0,
                        "social_media": {"from": 2005}},
                "local": {"type": "relationship", "x": 0.0, "y": 0.0, "staff": 5,
                          "availability": 1.0},
            },
            "platforms": {"chat": {"launch": 2005, "innovation": 10.0, "carries": carries}},
        }
        t = store_totals(run(data, seed=9))
        return t.loc["web", "visits"] / t["visits"].sum()

    assert online_share(["real_person"]) > online_share(["product_videos"]) + 0.05


# -- edge lists and reproducibility -------------------------------------------------------


def test_an_edge_list_is_read_relative_to_the_scenario_file(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    data = town(p_tell=0.5)
    data["households"]["count"] = 50
    data["social"] = {"edges": "friends.txt", "p_tell": 0.5}
    (tmp_path / "friends.txt").write_text("".join(f"{i} {i + 1}\n" for i in range(49)))
    path = write_scenario(tmp_path / "ring.toml", data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    results = js.run(path, seed=1)
    assert results.periods["visits"].sum() > 0


def test_a_bad_edge_list_names_its_line_before_any_work(tmp_path: Path) -> None:
    data = town(p_tell=0.5)
    data["households"]["count"] = 50
    data["social"] = {"edges": "friends.txt", "p_tell": 0.5}
    (tmp_path / "friends.txt").write_text("0 1\n1 1\n")
    path = write_scenario(tmp_path / "loops.toml", data)
    with pytest.raises(js.ConfigError) as error:
        js.run(path, seed=1)
    assert "social.edges" in str(error.value)
    assert "friends.txt:2:" in str(error.value)  # the file and the line


def test_social_runs_are_identical_across_threads() -> None:
    data = reviewing_town()
    data["social"].update({"graph": "watts_strogatz", "mean_degree": 6, "p_tell": 0.3})
    data["platforms"]["friendface"].update({"innovation": 0.3, "imitation": 0.5})
    data["stores"]["b"]["awareness"] = 0.5
    scenario = js.Scenario.from_dict(data)
    one = js.run(scenario, seed=11, replications=3, threads=1)
    two = js.run(scenario, seed=11, replications=3, threads=2)
    assert one.periods.equals(two.periods)
    assert one.adoption.equals(two.adoption)


def test_social_knobs_are_validated() -> None:
    bad = platform_town()
    bad["stores"]["a"]["awareness"] = 1.5
    bad["stores"]["b"]["social_media"] = {"engagement": 0.5}
    bad["households"]["age_max"] = 10
    with pytest.raises(js.ConfigError) as error:
        js.Scenario.from_dict(bad)
    paths = {path for path, _ in error.value.issues}
    assert {"stores.a.awareness", "stores.b.social_media.from", "households.age_max"} <= paths


def test_friends_chat_prevents_its_share_of_wrong_fits() -> None:
    def returned(carries: list[str]) -> float:
        data = platform_town(innovation=10.0, carries=carries)
        for store in data["stores"].values():
            store.update({"availability": 1.0, "expertise": 0.6, "new_hire_expertise": 0.6})
        data["social"]["chat_fit"] = 0.5
        t = store_totals(run(data, seed=4))
        return t["returns"].sum() / t["purchases"].sum()

    # Wrong fits: 1 - 0.6 = 40% without chat, (1 - 0.6)(1 - 0.5) = 20% with it (nearly
    # everyone adopts within weeks).
    assert abs(returned(["product_videos"]) - 0.4) < 0.02
    assert abs(returned(["shopping_chat"]) - 0.2) < 0.02


def test_product_videos_prevent_their_share_of_wrong_fits_at_stores_on_social_media() -> None:
    def returned(carries: list[str], on_social_media: bool) -> float:
        data = platform_town(innovation=10.0, carries=carries)
        for store in data["stores"].values():
            store.update({"availability": 1.0, "expertise": 0.6, "new_hire_expertise": 0.6})
            if on_social_media:
                store["social_media"] = {"from": 2005, "engagement": 0.0}
        data["social"].update({"chat_fit": 0.5, "video_fit": 0.25})
        t = store_totals(run(data, seed=4))
        return t["returns"].sum() / t["purchases"].sum()

    # Wrong fits 1 - e = 40%; videos avoid a quarter of them (30%), and with chat as well
    # (1 - e)(1 - chat)(1 - video) = 0.4 x 0.5 x 0.75 = 15%. No videos from a store that
    # is not on social media.
    assert abs(returned(["product_videos"], True) - 0.3) < 0.02
    assert abs(returned(["product_videos", "shopping_chat"], True) - 0.15) < 0.015
    assert abs(returned(["product_videos"], False) - 0.4) < 0.02


def test_the_report_gives_each_platforms_adoption_at_the_end() -> None:
    from journeysim.report import format_report

    results = run(platform_town(), seed=3)
    share = results.adoption["share"].iloc[-1]
    line = format_report(results).splitlines()[-1]
    assert line == (
        f"Platforms at the end (adopters as a share of the audience): friendface {share:.0%}."
    )
    plain = town()
    assert "Platforms" not in format_report(run(plain, seed=3))
