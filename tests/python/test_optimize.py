"""js.optimize against queueing theory, selection across seeds, and bad input."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import journeysim_cli, minimal, write_scenario

import journeysim as js
from journeysim.selection import KimNelson, probability_best

DAY_MIN = 1440.0


def erlang_b(servers: int, load: float) -> float:
    """Blocking probability of M/M/c/c with offered load a = λ/μ (Erlang B, by recursion)."""
    b = 1.0
    for c in range(1, servers + 1):
        b = load * b / (c + load * b)
    return b


def test_erlang_b_formula() -> None:
    # Textbook values: one server blocks a / (1 + a); B(2, 1) = 1/5.
    assert erlang_b(1, 3.0) == pytest.approx(0.75)
    assert erlang_b(2, 1.0) == pytest.approx(0.2)


# -- staffing a store without a waiting room: staff cost against lost margin ---------------

LOAD = 3.0  # offered load in servers: λ / μ
SERVICE_MIN = 20.0
MU = DAY_MIN / SERVICE_MIN
LAMBDA = LOAD * MU  # arrivals per day
SPEND = 40.0
COST_RATIO = 0.6
MARGIN = SPEND * (1.0 - COST_RATIO)  # per purchase
YEARS = 0.5
# A position costs 7.5% of the margin of all arrivals: between the 5th server's gain (9.6%)
# and the 6th's (5.8%), so five is best by about 2% of that margin on either side.
STAFF_COST = 0.075 * MARGIN * LAMBDA * 365.0


def shop() -> dict[str, Any]:
    """The minimal scenario with its store a shop where everyone lives (an online store has
    no counter to staff)."""
    data = minimal()
    data["stores"]["a"] = {"type": "chain", "x": 0.0, "y": 0.0}
    return data


def staffing_scenario() -> dict[str, Any]:
    data = shop()
    data["simulation"] = {"years": YEARS}
    data["households"].update(count=2000, queue_tolerance=0, asks_for_salesperson=False)
    data["needs"].update(rate_per_year=LAMBDA * 365.0 / 2000, retry_probability=0.0,
                         spend=SPEND)
    data["stores"]["a"].update(
        service_minutes=SERVICE_MIN,
        service_distribution="exponential",
        availability=1.0,
        cost_ratio=COST_RATIO,
        expertise=1.0,  # every fit right: no returns to refund or serve
        new_hire_expertise=1.0,
        staff_cost_per_year=STAFF_COST,
    )
    return data


def expected_profit(staff: int) -> float:
    """Margin of the customers served (1 - B(c, a) of arrivals) less the staff's cost."""
    served = LAMBDA * 365.0 * YEARS * (1.0 - erlang_b(staff, LOAD))
    return MARGIN * served - STAFF_COST * staff * YEARS


def test_staffing_finds_the_erlang_b_optimum() -> None:
    theory = max(range(1, 9), key=expected_profit)
    assert theory == 5
    optimum = js.optimize(
        js.Scenario.from_dict(staffing_scenario()),
        {"stores.a.staff": (2, 8)},
        "profit",
        store="a",
        replications=4,
        budget=40,
        seed=11,
        delta=0.005 * MARGIN * LAMBDA * 365.0 * YEARS,
    )
    assert optimum.procedure == "KN"
    assert optimum.delta == pytest.approx(0.005 * MARGIN * LAMBDA * 365.0 * YEARS)
    assert optimum.best == {"stores.a.staff": theory}
    assert isinstance(optimum.best["stores.a.staff"], int)
    assert optimum.probability_best > 0.95
    table = optimum.table.set_index("stores.a.staff")
    # Every candidate's mean within 1% of the margin flow of its Erlang B value.
    for staff, row in table.iterrows():
        assert row["mean"] == pytest.approx(expected_profit(staff), abs=0.01 * MARGIN * LAMBDA
                                            * 365.0 * YEARS)
    assert optimum.value["lo"] < optimum.value["mean"] < optimum.value["hi"]
    assert len(optimum.table) == 7


def test_a_constraint_makes_the_cheaper_staffing_infeasible() -> None:
    # At most 8% of arrivals turned away: Erlang B gives 11% with five, 5.2% with six.
    arrivals = LAMBDA * 365.0 * 0.25
    scenario, _ = three_policies()
    optimum = js.optimize(scenario, {"stores.a.staff": [4, 5, 6, 7]}, "profit", store="a",
                          constraints={"balks": ("<=", 0.08 * arrivals)}, replications=3,
                          budget=20)
    assert optimum.best == {"stores.a.staff": 6}
    feasible = optimum.table.set_index("stores.a.staff")["feasible"]
    assert feasible.to_dict() == {4: False, 5: False, 6: True, 7: True}


def test_robust_over_two_worlds_by_their_mean_and_their_worst() -> None:
    # Demand at offered load 3 or 1.5: Erlang B puts the best staff at 5 and 3; the mean of
    # the two worlds' profits is best with 4; the worse world (the quiet one) with 3.
    scenario, _ = three_policies()
    rate = LAMBDA * 365.0 / 2000
    worlds = [{"needs.rate_per_year": rate}, {"needs.rate_per_year": rate / 2}]
    decisions = {"stores.a.staff": [2, 3, 4, 5]}
    options: dict[str, Any] = {"store": "a", "replications": 3, "budget": 20, "robust": worlds}
    assert js.optimize(scenario, decisions, "profit", **options).best["stores.a.staff"] == 4
    worst = js.optimize(scenario, decisions, "profit", robust_statistic=0.0, **options)
    assert worst.best["stores.a.staff"] == 3


def test_a_discounted_total_is_its_present_value_at_the_start() -> None:
    from journeysim.objectives import metric_values, present_values

    scenario, _ = three_policies()
    res = js.run(scenario.with_overrides({"simulation.warmup_years": 0.05}), replications=2)
    assert present_values(res, "profit", "a", 0.0) == pytest.approx(
        metric_values(res, "profit", "a"))
    periods = res.tables["periods"]
    middle = (periods["start_day"] + periods["end_day"]) / 2 / 365.0
    first = res.periods[res.periods["replication"] == 0]["profit"].to_numpy()
    assert present_values(res, "profit", None, 0.5)[0] == pytest.approx(
        (first * 1.5**-middle).sum())


# -- a discrete set with a known winner -------------------------------------------------------


def three_policies() -> tuple[js.Scenario, dict[str, Any]]:
    data = staffing_scenario()
    data["simulation"]["years"] = 0.25
    return js.Scenario.from_dict(data), {"stores.a.staff": [3, 4, 5]}


def test_selection_is_correct_at_the_stated_probability_across_seeds() -> None:
    scenario, decisions = three_policies()
    gap = MARGIN * LAMBDA * 365.0 * 0.25 * 0.02  # the optimum's lead over its neighbours
    chosen = []
    for seed in range(6):
        optimum = js.optimize(scenario, decisions, "profit", store="a", replications=3,
                              budget=12, seed=seed, delta=gap / 2, pcs=0.9)
        chosen.append(optimum.best["stores.a.staff"])
    assert sum(c == 5 for c in chosen) / len(chosen) >= 0.9 - 1e-9


def test_kn_eliminates_clear_losers_after_the_first_stage() -> None:
    rng = np.random.default_rng(1)
    town = rng.normal(0.0, 5.0, size=(10, 1))  # shared by all: common random numbers
    values = town + np.array([0.0, 1.0, 3.0]) + rng.normal(0.0, 0.1, size=(10, 3))
    kn = KimNelson(values, delta=0.5, alpha=0.05)
    assert kn.done
    assert kn.selected(values.mean(axis=0)) == 2


def test_kn_reaches_its_probability_of_correct_selection_when_the_best_leads_by_delta() -> None:
    # The slippage configuration, KN's least favourable: the best leads the others by exactly
    # delta. Normal replications, batches of five; 400 selections, PCS at least 1 - alpha
    # (less three binomial standard errors, about 0.03).
    rng = np.random.default_rng(3)
    means, delta, alpha, batch = np.array([0.5, 0.0, 0.0]), 0.5, 0.1, 5
    correct = 0
    for _ in range(400):
        kn = KimNelson(means + rng.normal(size=(batch, 3)), delta, alpha)
        while not kn.done:
            more = means + rng.normal(size=(batch, 3))
            more[:, ~kn.alive] = np.nan
            kn.add(more)
        correct += kn.selected(np.nanmean(kn.values, axis=0)) == 0
    assert correct / 400 >= 1 - alpha - 0.03


def test_probability_best_uses_the_pairing() -> None:
    rng = np.random.default_rng(2)
    town = rng.normal(0.0, 10.0, size=20)
    a, b = town, town + 0.5 + rng.normal(0.0, 0.1, size=20)
    # Paired, b is surely better; unpaired the towns' spread would hide it.
    assert probability_best([a, b])[1] > 0.99


def test_a_callable_objective_and_minimising() -> None:
    scenario, decisions = three_policies()

    def lost(res: js.Results) -> np.ndarray:
        per = res.summary(by="replication")
        return per.groupby("replication").balks.sum().to_numpy()

    optimum = js.optimize(scenario, decisions, lost, maximize=False, replications=2, budget=3)
    assert optimum.best == {"stores.a.staff": 5}


def test_an_executor_gives_the_same_answer(capsys: pytest.CaptureFixture[str]) -> None:
    import concurrent.futures as cf

    scenario, decisions = three_policies()
    alone = js.optimize(scenario, decisions, "profit", store="a", replications=2, budget=3)
    with cf.ThreadPoolExecutor(2) as pool:
        pooled = js.optimize(scenario, decisions, "profit", store="a", replications=2, budget=3,
                             executor=pool, progress=True)
    assert pooled.table["mean"].tolist() == alone.table["mean"].tolist()
    assert capsys.readouterr().out == ""  # the bar, if shown, is on stderr


def test_integer_and_continuous_decisions_go_to_tpe() -> None:
    scenario, _ = three_policies()
    optimum = js.optimize(
        scenario,
        {"stores.a.staff": (3, 6), "stores.a.price_index": (0.9, 1.1)},
        "revenue",
        store="a",
        replications=2,
        budget=6,
        finalists=2,
        final_batches=1,
    )
    assert optimum.procedure == "TPE"
    assert isinstance(optimum.best["stores.a.staff"], int)
    assert 0.9 <= optimum.best["stores.a.price_index"] <= 1.1
    final = optimum.table.dropna(subset=["probability_best"])
    assert len(final) == 2 and (final["n"] == 4).all()
    assert final["probability_best"].sum() == pytest.approx(1.0)
    ax = optimum.plot()
    assert len(ax.get_yticklabels()) == len(optimum.table)


def test_tpe_leaves_out_infeasible_candidates() -> None:
    scenario, _ = three_policies()
    arrivals = LAMBDA * 365.0 * 0.25
    optimum = js.optimize(scenario, {"stores.a.staff": (5, 7), "stores.a.price_index": (0.9, 1.1)},
                          "profit", store="a", constraints={"balks": ("<=", 0.08 * arrivals)},
                          replications=2, budget=8, finalists=2, final_batches=1)
    assert optimum.procedure == "TPE"
    assert optimum.best["stores.a.staff"] >= 6  # fewer turn away more than 8% (Erlang B)
    assert optimum.table["selected"].iloc[0] and optimum.table["feasible"].iloc[0]


# -- bad input, refused before any run ---------------------------------------------------------


@pytest.mark.parametrize(
    ("decisions", "options", "message"),
    [
        ({"stores.a.staf": [1, 2]}, {}, "stores.a.staf"),
        ({"stores.a.staff": []}, {}, "decisions.stores.a.staff: no values"),
        ({}, {}, "decisions: a mapping"),
        ({"stores.a.staff": (3, 1)}, {}, "lo <= hi"),
        ({"stores.a.staff": (0, 2)}, {}, "stores.a.staff"),
        ({"stores.a.staff": [1, 2]}, {"budget": 0}, "budget must be >= 1 (got 0)"),
        ({"stores.a.staff": [1, 2]}, {"objective": "proft"}, "objective: unknown metric 'proft'"),
        ({"stores.a.staff": [1, 2]}, {"store": "b"}, "store: no 'b'"),
        ({"stores.a.staff": [1, 2]}, {"store": None, "objective": "share"}, "not a total"),
        ({"stores.a.staff": [1, 2]}, {"delta": 0.0}, "delta"),
        ({"stores.a.staff": [1, 2]}, {"robust": []}, "robust: a list of worlds"),
        ({"stores.a.staff": [1, 2]}, {"discount_rate": -0.1}, "discount_rate: a rate per year"),
        ({"stores.a.staff": [1, 2]}, {"objective": "share", "discount_rate": 0.05},
         "discount_rate: 'share' is not a total"),
        ({"stores.a.staff": [1, 2]}, {"robust": [{"needs.rate": 1.0}]}, "robust[0].needs.rate"),
        ({"stores.a.staff": [1, 2]}, {"robust_statistic": "median"}, "robust_statistic"),
        ({"stores.a.staff": [1, 2]}, {"constraints": {"mean_wait": ("<=", 1)}},
         "constraints.mean_wait: unknown metric"),
        ({"stores.a.staff": [1, 2]}, {"constraints": {"mean_wait_min": ("<", 1)}},
         "constraints.mean_wait_min: (\"<=\" or \">=\", a number)"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    decisions: dict[str, Any], options: dict[str, Any], message: str, monkeypatch: Any
) -> None:
    import journeysim.runner

    def no_run(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("ran despite bad input")

    monkeypatch.setattr(journeysim.runner, "run", no_run)
    arguments = {"objective": "profit", "store": "a", **options}
    objective = arguments.pop("objective")
    with pytest.raises(ValueError, match=re.escape(message)):
        js.optimize(js.Scenario.from_dict(shop()), decisions, objective, **arguments)


# -- the command line ------------------------------------------------------------------------


def test_the_command_line_ranks_the_candidates_and_writes_them(tmp_path: Path) -> None:
    scenario, decisions = three_policies()
    path = write_scenario(tmp_path / "staffing.toml", scenario.to_dict())
    done = journeysim_cli("optimize", path, "--decide", "stores.a.staff=3,4,5", "--objective",
                          "profit", "--store", "a", "--budget", "12", "--replications", "3",
                          "--seed", "1", "--out", tmp_path / "opt", "--no-progress",
                          "--constraint", "balks>=0")
    assert done.returncode == 0, done.stderr
    assert "best stores.a.staff=5" in done.stdout and "probability best" in done.stdout
    table = pd.read_csv(tmp_path / "opt" / "candidates.csv")
    assert table["stores.a.staff"].iloc[0] == 5 and table["selected"].iloc[0]
    expected = js.optimize(scenario, decisions, "profit", store="a", budget=12,
                           replications=3, seed=1)
    assert table["mean"].to_numpy() == pytest.approx(expected.table["mean"].to_numpy())


def test_the_command_line_takes_worlds(tmp_path: Path) -> None:
    scenario, _ = three_policies()
    path = write_scenario(tmp_path / "staffing.toml", scenario.to_dict())
    rate = LAMBDA * 365.0 / 2000
    done = journeysim_cli("optimize", path, "--decide", "stores.a.staff=2,3,4,5", "--objective",
                          "profit", "--store", "a", "--budget", "20", "--replications", "3",
                          "--world", f"needs.rate_per_year={rate}",
                          "--world", f"needs.rate_per_year={rate / 2};simulation.years=0.25",
                          "--robust-statistic", "0", "--no-progress")
    assert done.returncode == 0, done.stderr
    assert "best stores.a.staff=3" in done.stdout  # the quiet world's Erlang B optimum


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--decide", "stores.a.staf=1,2"], "stores.a.staf"),
     (["--decide", "stores.a.staff"], "--decide 'stores.a.staff': expected path=v1,v2"),
     (["--decide", "stores.a.staff=1,2", "--objective", "proft"], "unknown metric 'proft'"),
     ([], "give at least one --decide"),
     (["--decide", "stores.a.staff=1,2", "--constraint", "balks<10"], "expected METRIC<=X"),
     (["--decide", "stores.a.staff=1,2", "--world", "needs.rate=1"], "robust[0].needs.rate"),
     (["--decide", "stores.a.staff=1,2", "--robust-statistic", "2"], "robust_statistic")],
)
def test_the_command_line_says_what_is_wrong(
    tmp_path: Path, extra: list[str], message: str
) -> None:
    path = write_scenario(tmp_path / "shop.toml", shop())
    done = journeysim_cli("optimize", path, "--objective", "profit", *extra)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
