"""Finding the best policy, and saying how sure: :func:`optimize` (``docs/optimisation.md``).

Every candidate runs with the same seeds, so replication ``r`` of every candidate is the same
simulated town (common random numbers, ``docs/sweeps.md``) and candidates differ by their
decisions, not their luck. Replications come in *batches*: batch ``b`` is one run of
``replications`` replications with seed ``seed`` (batch 0) or ``point_seed(seed, b - 1)``,
the same for every candidate, so more replications keep the pairing.

- A discrete space (categorical decisions and integer ranges) no larger than ``budget``:
  every candidate is evaluated, and procedure KN (``selection.py``) adds batches to the
  survivors until one is left or the indifference zone is resolved: the winner comes with
  a probability of correct selection.
- A larger or continuous space: Optuna's TPE sampler searches it with ``budget`` runs
  (Bergstra et al., "Algorithms for hyper-parameter optimization", NeurIPS 2011); the best
  ``finalists`` are then run again with ``final_batches`` more batches each, and their
  probability of being best is estimated from all their paired replications.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from journeysim import arguments, executors
from journeysim.decisions import Decision, parse_decisions
from journeysim.intervals import check_level, t_interval
from journeysim.objectives import Constraints, objective_measure
from journeysim.results import Results
from journeysim.scenario import Scenario
from journeysim.selection import KimNelson, probability_best
from journeysim.sweep import point_seed
from journeysim.worlds import across_worlds, parse_worlds

__all__ = ["Optimum", "optimize"]

Objective = str | Callable[[Results], Any]


@dataclass(frozen=True)
class Optimum:
    """What :func:`optimize` found.

    ``best``: decision path -> value of the selected candidate. ``value``: its objective's
    mean with the t-interval (``mean``, ``lo``, ``hi``, ``n``). ``table``: one row per
    candidate evaluated: its decisions, ``mean``, ``lo``, ``hi``, ``n``, ``probability_best``
    (NaN for candidates not in the final comparison), ``feasible`` (keeps the constraints),
    ``values`` (per replication) and ``selected``; the selected first, then the feasible, each
    best first. ``probability_best``: the selected candidate's estimated probability of being the
    best. ``procedure``: ``"KN"`` or ``"TPE"``; ``delta``: KN's indifference zone as used
    (given, or the default), None after TPE.
    """

    best: dict[str, Any]
    value: dict[str, float]
    table: pd.DataFrame
    probability_best: float
    procedure: str
    maximize: bool
    delta: float | None = None

    def plot(self, ax: Any = None, top: int = 20) -> Any:
        """Candidates (the ``top`` best) with their intervals, the selected one marked."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6.0, 0.35 * min(top, len(self.table)) + 1.2))
        shown = self.table.head(top).iloc[::-1]
        paths = list(self.best)
        labels = [", ".join(f"{p.split('.')[-1]}={row[p]}" for p in paths)
                  for _, row in shown.iterrows()]
        y = np.arange(len(shown))
        below, above = shown["mean"] - shown["lo"], shown["hi"] - shown["mean"]
        ax.errorbar(shown["mean"], y, xerr=[below, above], fmt="o", color="0.4", capsize=3)
        ax.plot(shown["mean"].iloc[-1:], y[-1:], "o", color="C3", label="selected")
        ax.set_yticks(y, labels)
        ax.set_xlabel("objective (mean, interval over replications)")
        ax.legend(loc="lower right")
        return ax


def optimize(
    scenario: Scenario | str,
    decisions: Mapping[str, Any],
    objective: Objective,
    *,
    store: str | None = None,
    maximize: bool = True,
    constraints: Mapping[str, Any] | None = None,
    discount_rate: float | None = None,
    robust: Sequence[Any] | None = None,
    robust_statistic: str | float = "mean",
    budget: int = 50,
    replications: int = 5,
    seed: int = 0,
    delta: float | None = None,
    pcs: float = 0.95,
    ci: float = 0.95,
    finalists: int = 3,
    final_batches: int = 3,
    executor: Any = None,
    progress: bool = False,
) -> Optimum:
    """The candidate of ``decisions`` with the best ``objective``, and how sure.

    Args:
        scenario: a :class:`Scenario` or the path of a scenario file.
        decisions: path -> a list of values (categorical), an ``(lo, hi)`` pair of ints
            (every whole number from lo to hi) or of floats (continuous).
        objective: a metric (``results.METRICS``) of ``store`` over the run, as
            ``Results.summary`` gives it, summed over all stores when ``store`` is None
            (totals only); or a callable taking :class:`Results` and returning one value
            per replication.
        maximize: False to minimise.
        discount_rate: a metric's total as its present value at the simulation's start, each
            period's value discounted at this rate per year (a total only).
        constraints: metric -> ``("<=", bound)`` or ``(">=", bound)`` on its mean over a
            candidate's replications (of ``store``, or summed over stores); a candidate
            breaking one is infeasible and not selected (``table``'s ``feasible``).
        robust: worlds (override mappings or Scenarios, ``worlds.py``) every candidate runs
            in; its value per replication is then ``robust_statistic`` over the worlds:
            ``"mean"`` or a quantile ``q`` in [0, 1].
        budget: candidate evaluations at most (each a run of ``replications`` replications
            in each world): the discrete space is enumerated when it has at most this many
            candidates, else searched with TPE.
        replications: replications per run; KN's first stage (>= 2 for a discrete space).
        seed: the root seed shared by every candidate (common random numbers).
        delta: KN's indifference zone in the objective's units; None: 1% of the largest
            absolute first-stage mean.
        pcs: KN's target probability of correct selection.
        ci: level of the intervals in ``table`` and ``value``.
        finalists, final_batches: after TPE, how many of the best are re-run, and with how
            many more batches each.
        executor: None (runs one after another, each on all cores); or, to run a batch's
            candidates in parallel, a ``concurrent.futures.Executor``, a
            ``distributed.Client`` or a Dask scheduler's address (as :func:`sweep` takes).
        progress: a bar counting runs on stderr.

    Raises:
        ValueError or ConfigError naming the bad field and value, before anything runs.
    """
    scenario = scenario if isinstance(scenario, Scenario) else Scenario.from_file(scenario)
    budget = arguments.integer("budget", budget, 1)
    replications = arguments.integer("replications", replications, 1)
    seed = arguments.integer("seed", seed, 0, 2**64 - 1)
    finalists = arguments.integer("finalists", finalists, 1)
    final_batches = arguments.integer("final_batches", final_batches, 0)
    level = check_level(ci)
    if not _number(pcs) or not 0.0 < pcs < 1.0:
        raise ValueError(f"pcs: a probability in (0, 1), e.g. 0.95 (got {pcs!r})")
    if delta is not None and not (_number(delta) and delta > 0):
        raise ValueError(f"delta: the indifference zone must be > 0 (got {delta!r})")
    space = parse_decisions(scenario, decisions)
    measure = objective_measure(scenario, objective, store, discount_rate)
    bounds = Constraints(scenario, constraints, store)
    sign = 1.0 if maximize else -1.0
    worlds = parse_worlds(scenario, robust)
    across = across_worlds(robust_statistic)
    discrete = all(d.kind != "continuous" for d in space)
    enumerated = discrete and math.prod(len(d.choices()) for d in space) <= budget
    if enumerated and replications < 2:
        raise ValueError("replications: KN needs >= 2 per run (got 1)")
    with contextlib.ExitStack() as stack:
        # Any executor the sweep takes: a concurrent.futures one, a Dask client or address.
        pool = None if executor is None else stack.enter_context(
            executors.resolve(executor, 1, budget))
        evaluate = stack.enter_context(contextlib.closing(_Evaluator(
            worlds, across, measure, bounds, replications, seed, pool, progress)))
        if enumerated:
            found = _select(space, evaluate, sign, budget, delta, 1.0 - pcs)
        else:
            found = _search(space, evaluate, sign, budget, seed, finalists, final_batches)
        return _optimum(space, found, evaluate, sign, level)


# -- running candidates in batches ------------------------------------------------------


class _Evaluator:
    """Runs candidates batch by batch, each batch's seed the same for every candidate."""

    def __init__(self, worlds: list[Scenario], across: Callable, measure: Callable,
                 bounds: Constraints, replications: int, seed: int, executor: Any,
                 progress: bool) -> None:
        self.worlds, self.across = worlds, across
        self.measure, self.bounds = measure, bounds
        self.watched: dict[tuple, np.ndarray] = {}  # candidate -> its constraints' values
        self.replications, self.seed = replications, seed
        self.executor = executor
        self.bar: Any = None
        if progress:
            import sys

            from tqdm import tqdm

            self.bar = tqdm(desc="optimize", unit="run", file=sys.stderr, delay=0.5, leave=False)

    def close(self) -> None:
        """Remove the bar, if any."""
        if self.bar is not None:
            self.bar.close()

    def batch_seed(self, batch: int) -> int:
        return self.seed if batch == 0 else point_seed(self.seed, batch - 1)

    def __call__(self, candidates: list[dict[str, Any]], batch: int) -> list[np.ndarray]:
        """Each candidate's per-replication objective in batch ``batch``."""
        from journeysim.runner import run

        scenarios = [w.with_overrides(c) for c in candidates for w in self.worlds]
        seed = self.batch_seed(batch)
        if self.executor is None:
            runs = (run(sc, seed=seed, replications=self.replications) for sc in scenarios)
        else:
            futures = [self.executor.submit(run, sc, seed, self.replications, 1)
                       for sc in scenarios]
            runs = (future.result() for future in futures)
        out = []
        for candidate in candidates:
            done = [next(runs) for _ in self.worlds]
            for _ in done:
                self._tick()
            out.append(self.across(np.array([self.measure(res) for res in done])))
            # Constraints hold for the mean over the worlds: their replications pooled.
            key = tuple(candidate.values())
            held = self.watched.get(key, np.empty((len(self.bounds.bounds), 0)))
            self.watched[key] = np.hstack([held, *(self.bounds.values(res) for res in done)])
        return out

    def feasible(self, candidate: dict[str, Any]) -> bool:
        """Whether the candidate's replications so far keep every constraint."""
        return self.bounds.met(self.watched[tuple(candidate.values())])

    def _tick(self) -> None:
        if self.bar is not None:
            self.bar.update(1)


# -- the two procedures -----------------------------------------------------------------


@dataclass
class _Found:
    candidates: list[dict[str, Any]]
    values: list[np.ndarray]  # per candidate, its replications (paired by position)
    final: list[int]  # candidates in the final comparison
    selected: int
    procedure: str
    delta: float | None = None


def _select(space: list[Decision], evaluate: _Evaluator, sign: float, budget: int,
            delta: float | None, alpha: float) -> _Found:
    """Every candidate of a discrete space, then procedure KN until it stops or the budget."""
    candidates = [dict(zip([d.path for d in space], combo))
                  for combo in itertools.product(*(d.choices() for d in space))]
    first = np.column_stack(evaluate(candidates, 0))
    allowed = np.flatnonzero([evaluate.feasible(c) for c in candidates])
    if len(allowed) == 0:
        raise ValueError(f"constraints: no candidate keeps them ({len(candidates)} evaluated)")
    if delta is None:
        delta = 0.01 * float(np.abs(first.mean(axis=0)).max()) or 1.0
    kn = KimNelson(sign * first[:, allowed], delta, alpha)  # the feasible only
    runs, batch = len(candidates), 1
    while not kn.done and runs + kn.alive.sum() <= budget:
        alive = np.flatnonzero(kn.alive)
        got = evaluate([candidates[allowed[i]] for i in alive], batch)
        block = np.full((evaluate.replications, len(allowed)), np.nan)
        block[:, alive] = sign * np.column_stack(got)
        kn.add(block)
        runs, batch = runs + len(alive), batch + 1
    values = list(first.T)
    for i, column in zip(allowed, kn.values.T):
        values[i] = sign * column[np.isfinite(column)]
    selected = allowed[kn.selected(np.array([sign * values[i].mean() for i in allowed]))]
    return _Found(candidates, values, list(allowed), int(selected), "KN", delta)


def _search(space: list[Decision], evaluate: _Evaluator, sign: float, budget: int, seed: int,
            finalists: int, final_batches: int) -> _Found:
    """TPE over the space with ``budget`` runs, then the finalists re-run in more batches."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    candidates: list[dict[str, Any]] = []
    values: list[np.ndarray] = []
    seen: dict[tuple, int] = {}

    def trial_value(trial: optuna.Trial) -> float:
        candidate = {d.path: d.suggest(trial) for d in space}
        key = tuple(candidate.values())
        if key not in seen:  # a whole-number space repeats itself: run each once
            seen[key] = len(candidates)
            candidates.append(candidate)
            values.append(evaluate([candidate], 0)[0])
        if not evaluate.feasible(candidate):
            return -sign * math.inf  # the worst there is
        return float(values[seen[key]].mean())

    sampler = optuna.samplers.TPESampler(seed=seed % 2**32)
    study = optuna.create_study(direction="maximize" if sign > 0 else "minimize",
                                sampler=sampler)
    study.optimize(trial_value, n_trials=budget)
    allowed = [i for i, c in enumerate(candidates) if evaluate.feasible(c)]
    if not allowed:
        raise ValueError(f"constraints: no candidate keeps them ({len(candidates)} evaluated)")
    final = sorted(allowed, key=lambda i: -sign * values[i].mean())[:finalists]
    for batch in range(1, final_batches + 1):
        got = evaluate([candidates[i] for i in final], batch)
        for i, more in zip(final, got):
            values[i] = np.concatenate([values[i], more])
    final = [i for i in final if evaluate.feasible(candidates[i])] or final[:1]
    selected = max(final, key=lambda i: sign * values[i].mean())
    return _Found(candidates, values, final, selected, "TPE")


# -- the answer -------------------------------------------------------------------------


def _optimum(space: list[Decision], found: _Found, evaluate: _Evaluator, sign: float,
             level: float) -> Optimum:
    chance = probability_best([sign * found.values[i] for i in found.final])
    p_best = dict(zip(found.final, chance))
    rows = []
    for i, (candidate, values) in enumerate(zip(found.candidates, found.values)):
        mean, _, lo, hi, n = t_interval(values, level)
        rows.append({**candidate, "mean": mean, "lo": lo, "hi": hi, "n": n,
                     "probability_best": p_best.get(i, np.nan),
                     "feasible": evaluate.feasible(candidate), "values": values})
    table = pd.DataFrame(rows)
    table["selected"] = False
    table.loc[found.selected, "selected"] = True
    order = np.lexsort((-sign * table["mean"].to_numpy(), ~table["feasible"].to_numpy(),
                        ~table["selected"].to_numpy()))
    table = table.iloc[order].reset_index(drop=True)
    best = table.iloc[0]
    return Optimum(
        best={d.path: _plain(best[d.path]) for d in space},
        value={"mean": float(best["mean"]), "lo": float(best["lo"]), "hi": float(best["hi"]),
               "n": int(best["n"])},
        table=table,
        probability_best=float(p_best[found.selected]),
        procedure=found.procedure,
        maximize=sign > 0,
        delta=found.delta,
    )


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _plain(value: Any) -> Any:
    """numpy scalars as Python's, so that ``best`` goes straight into ``with_overrides``."""
    return value.item() if isinstance(value, np.generic) else value
