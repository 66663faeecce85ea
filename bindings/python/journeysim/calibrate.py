"""Fitting a scenario's unknown parameters to a business's own history (``docs/calibration.md``).

:func:`calibrate` searches the parameters' ranges with Optuna's TPE sampler (Bergstra et al.,
"Algorithms for hyper-parameter optimization", NeurIPS 2011) for the point whose runs come
closest to the observed data (``observed.py``). Every point runs with the same seed, so
replication ``r`` of every point is the same simulated town (common random numbers,
``docs/sweeps.md``) and the loss changes with the parameters, not with the luck of the draw.

The loss is chi-square-like: over every observed (store, period, metric) cell,

    weight * (observed - m)^2 / (s^2 * (1 + 1/R) + floor)

with ``m`` and ``s^2`` the mean and variance over the point's ``R`` replications (the
observed value is one more draw of the same town, so its distance from ``m`` has variance
``s^2 (1 + 1/R)``), and ``floor`` ``(1% of the metric's mean absolute observed value)^2``,
so a cell the simulation never varies cannot dominate. Metrics on different scales then
weigh alike: each cell counts in units of the simulation's own noise.

The intervals are profile-style and approximate: for each parameter, the range of the
evaluated points whose loss is within a threshold of the best, widened half-way to the
nearest evaluated point beyond. The threshold is the chi-square quantile (one degree of
freedom, 3.84 at 95%) scaled up for misfit and for correlated cells (``docs/calibration.md``).
They inherit the search's coverage of the space and the loss's Gaussian approximation; they
are not a posterior, and on the tests' town they hold the truth far less often than their
level says (``docs/calibration.md``). So the default, ``method="abc"``, is an approximate
posterior by ABC-SMC with this loss as its distance (``posterior.py``), whose intervals hold
the truth at least as often as they say.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from journeysim import arguments, executors
from journeysim.calibration_runs import Evaluated, replicated_cells, run_point
from journeysim.decisions import Decision, parse_decisions
from journeysim.observed import Observations, read_observations
from journeysim.posterior import abc_smc, minimum_budget
from journeysim.repeat_purchases import SUMMARIES, plot_summaries
from journeysim.scenario import Scenario

__all__ = ["Calibration", "calibrate"]

# A point's loss is compared with the best's in this many steps of the search at once when
# an executor runs them in parallel (TPE proposes them from the same history).
_PARALLEL_PROPOSALS = 8
# Replications of the best point from which the cells' correlations are estimated.
_CORRELATION_RUNS = 24
# Above this share of its range, a parameter's interval says the data do not pin it down.
_UNIDENTIFIED = 0.8
# method -> its default budget (points): ABC-SMC's posterior (posterior.py), TPE's search.
_METHODS = {"abc": 300, "tpe": 40}


@dataclass(frozen=True)
class Calibration:
    """What :func:`calibrate` found.

    ``best``: parameter path -> value at the least loss. ``scenario``: the scenario with
    ``best`` applied. ``loss``: the best's loss. ``history``: one row per evaluated point, in
    the order evaluated: ``evaluation``, each parameter's value, ``loss``. ``intervals``:
    path -> ``(lo, hi)``, an approximate ``level`` range (see :func:`calibrate`).
    ``fit``: the best point's cells: ``date``, ``store``, ``metric``, ``observed``,
    ``simulated`` (the mean over replications), ``sd`` and ``weight``. ``method``: how the
    intervals were found. ``posterior``: with ``method="abc"``, the weighted particles of the
    approximate posterior (each parameter, ``weight``, ``loss``); None with TPE.
    """

    best: dict[str, Any]
    scenario: Scenario
    loss: float
    history: pd.DataFrame
    intervals: dict[str, tuple[float, float]]
    level: float
    fit: pd.DataFrame = field(repr=False)
    method: str = "tpe"
    posterior: pd.DataFrame | None = field(default=None, repr=False)

    def plot(self) -> Any:
        """The loss trace, then observed (points) against simulated (lines) per metric, and
        repeat-purchase summaries (a transaction export) as observed less simulated in
        replication standard deviations."""
        import matplotlib.pyplot as plt

        summaries = self.fit["metric"].isin(SUMMARIES)
        metrics = list(pd.unique(self.fit.loc[~summaries, "metric"]))
        panels = 1 + len(metrics) + int(summaries.any())
        fig, axes = plt.subplots(panels, 1, figsize=(7.0, 2.6 * panels), squeeze=False)
        trace = axes[0, 0]
        loss = self.history["loss"].to_numpy()
        trace.plot(self.history["evaluation"], loss, ".", color="0.6", label="evaluated")
        trace.plot(self.history["evaluation"], np.minimum.accumulate(loss), color="C3",
                   label="best so far")
        trace.set_yscale("log")
        trace.set_xlabel("evaluation")
        trace.set_ylabel("loss")
        trace.legend(loc="upper right")
        for ax, metric in zip(axes[1:, 0], metrics):
            cells = self.fit[self.fit["metric"] == metric]
            for colour, (store, part) in enumerate(cells.groupby("store", sort=False)):
                part = part.sort_values("date")
                ax.plot(part["date"], part["simulated"], color=f"C{colour}", label=store)
                ax.plot(part["date"], part["observed"], "o", ms=3, color=f"C{colour}")
            ax.set_ylabel(metric)
            ax.legend(loc="best", fontsize="small", title="lines: simulated; points: observed",
                      title_fontsize="small")
        if summaries.any():
            plot_summaries(axes[-1, 0], self.fit[summaries])
        fig.tight_layout()
        return fig

    def to_toml(self, path: str | os.PathLike[str]) -> None:
        """Write the fitted scenario as a scenario file."""
        with open(path, "w", encoding="utf-8") as out:
            out.write(self.scenario.to_toml())


def calibrate(
    scenario: Scenario | str,
    observed: Any,
    params: Mapping[str, tuple[float, float]],
    *,
    budget: int | None = None,
    replications: int = 4,
    seed: int = 0,
    level: float = 0.95,
    executor: Any = None,
    method: str = "abc",
    progress: bool = False,
    evaluated: pd.DataFrame | None = None,
    on_point: Callable[[dict[str, Any]], None] | None = None,
) -> Calibration:
    """The values of ``params`` whose runs best reproduce ``observed``, with their ranges.

    Args:
        scenario: a :class:`Scenario` or the path of a scenario file.
        observed: a DataFrame, or the path of a CSV (or Parquet) file: ``period`` (the date a
            period starts), ``store``, then any store-period metrics (``results.METRICS``)
            and optionally ``weight``; an empty cell is not observed. Or a transaction
            export (``customer``, ``store``, ``date``, ``amount``), compared through
            repeat-purchase summaries per store. Or a list of these, or a dict of them by
            name (``observed.py``).
        params: scenario path -> ``(lo, hi)``: floats, or ints for a whole-number parameter.
        budget: points evaluated, each a run of ``replications`` replications; None: 300
            with ``"abc"`` (at least 200), 40 with ``"tpe"``.
        replications: replications per point (>= 2: the loss needs their variance).
        seed: with ``"tpe"``, the seed every point runs with (common random numbers); with
            ``"abc"``, the root of the particles' own seeds and of ABC's draws. The same
            seed gives the same calibration, on any executor.
        level: the intervals' nominal level.
        executor: None (points run one after another, each on all cores); or a
            ``concurrent.futures.Executor``, a ``distributed.Client`` or a Dask scheduler's
            address, to run several proposals at once (as :func:`sweep` takes).
        method: ``"abc"`` (the default): an approximate posterior by ABC-SMC with the loss
            as its distance (``posterior.py``); ``best`` is its median, the intervals its
            equal-tailed quantiles, ``posterior`` its weighted particles. ``"tpe"``: a search
            with Optuna's TPE for the best; its intervals (the range of evaluated points
            within a chi-square threshold of the best loss, see the module's documentation)
            are measured to be far too narrow. ``docs/calibration.md`` compares the two.
        progress: a bar counting runs on stderr.
        evaluated: the ``history`` of an earlier call with the same arguments but a smaller
            ``budget`` (an interrupted one): its points are proposed again in the same
            order and take their recorded loss instead of running, so the result is the
            one an uninterrupted call gives. A proposal that differs from the record is a
            ValueError.
        on_point: called with each newly evaluated point's history row (a dict) as soon as
            its loss is known.

    A parameter whose interval spans more than 80% of its range gets a UserWarning: the
    data do not pin it down.

    Raises:
        ValueError or ConfigError naming the bad field, parameter, store, period or metric,
        before any calibration run.
    """
    from scipy.stats import chi2

    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"method: one of {', '.join(map(repr, _METHODS))} (got {method!r})")
    scenario = scenario if isinstance(scenario, Scenario) else Scenario.from_file(scenario)
    budget = _METHODS[method] if budget is None else arguments.integer("budget", budget, 1)
    if method == "abc" and budget < minimum_budget():
        raise ValueError(f"budget: ABC-SMC needs at least {minimum_budget()} points "
                         f"(got {budget})")
    replications = arguments.integer("replications", replications, 2)
    seed = arguments.integer("seed", seed, 0, 2**64 - 1)
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise ValueError(f"level: a probability in (0, 1), e.g. 0.95 (got {level!r})")
    if not isinstance(params, Mapping) or any(
            not isinstance(spec, tuple) for spec in params.values()):
        raise ValueError(f"params: a mapping of path -> (lo, hi) (got {params!r})")
    space = parse_decisions(scenario, params)
    observations = read_observations(observed, scenario)
    cells = observations.cells
    loss_of = _Loss(cells, replications)
    with contextlib.ExitStack() as stack:
        pool = None if executor is None else stack.enter_context(
            executors.resolve(executor, 1, budget))
        bar = stack.enter_context(contextlib.closing(_bar(progress, budget)))
        if method == "abc":
            abc = abc_smc(space, scenario, loss_of, functools.partial(
                              _evaluate, observations=observations),
                          budget=budget, replications=replications, seed=seed, level=level,
                          pool=pool, bar=bar, replayed=_recorded(evaluated, space),
                          check=_check_replayed, on_point=on_point)
        else:
            points, losses, fits = _search(space, scenario, loss_of, budget, replications,
                                           seed, pool, bar, observations, evaluated, on_point)
    if method == "abc":
        # The best is the posterior's median, run once more with the seed, for its fit.
        loss, fit = loss_of(_evaluate(scenario.with_overrides(abc.centre), seed, replications,
                                      None, observations))
        _warn_unidentified(space, abc.intervals)
        return Calibration(best=abc.centre, scenario=scenario.with_overrides(abc.centre),
                           loss=loss, history=abc.history, intervals=abc.intervals,
                           level=float(level), fit=fit, method=method, posterior=abc.posterior)
    history = pd.DataFrame(points)
    history.insert(0, "evaluation", range(len(points)))
    history["loss"] = losses
    best_index = int(np.argmin(losses))
    best = {d.path: _plain(points[best_index][d.path]) for d in space}
    if fits[best_index] is None:  # a recorded point: run again (same seed, same runs)
        fits[best_index] = loss_of(_evaluate(scenario.with_overrides(best), seed, replications,
                                             None, observations))[1]
    # The chi-square quantile, scaled by the best point's loss per observed cell when that is
    # above 1 (Birge's ratio, as the Particle Data Group scales errors of measurements that
    # disagree): cells are not independent (share sums to 1, a town's households last all
    # run), so a loss well above the number of cells says the data are noisier than counted.
    scale = max(1.0, losses[best_index] / len(cells))
    # Correlated cells (see _Loss.redundancy), measured at the best point with more
    # replications than the search's, the same seed.
    scale *= loss_of.redundancy(_evaluate(scenario.with_overrides(best), seed,
                                          max(_CORRELATION_RUNS, replications), None,
                                          observations))
    threshold = float(chi2.ppf(level, 1)) * scale
    intervals = {d.path: _interval(history, d, losses[best_index] + threshold) for d in space}
    _warn_unidentified(space, intervals)
    return Calibration(best=best, scenario=scenario.with_overrides(best),
                       loss=float(losses[best_index]), history=history, intervals=intervals,
                       level=float(level), fit=fits[best_index])


def _warn_unidentified(space: list[Decision], intervals: dict[str, tuple[float, float]]
                       ) -> None:
    for d in space:
        lo, hi = intervals[d.path]
        if d.values[1] > d.values[0] and hi - lo > _UNIDENTIFIED * (d.values[1] - d.values[0]):
            warnings.warn(
                f"calibrate: {d.path}'s interval [{lo:g}, {hi:g}] spans most of its range "
                f"[{d.values[0]:g}, {d.values[1]:g}]: the data do not pin it down",
                UserWarning, stacklevel=3)


# -- the loss -------------------------------------------------------------------------------


class _Loss:
    """A run's distance from the observed cells, in units of the simulation's noise."""

    def __init__(self, cells: pd.DataFrame, replications: int) -> None:
        self.cells = cells
        self.metrics = list(pd.unique(cells["metric"]))
        self.inflate = 1.0 + 1.0 / replications
        scale = cells.assign(size=cells["value"].abs()).groupby("metric")["size"].mean()
        # 1% of the metric's typical size, squared: a cell the runs never vary (a store not
        # yet open) still has a finite weight, as a measurement error of 1% would give it.
        self.floor = cells["metric"].map((0.01 * scale.where(scale > 0, 1.0)) ** 2)

    def __call__(self, evaluated: Evaluated) -> tuple[float, pd.DataFrame]:
        long = replicated_cells(evaluated, self.metrics)
        stats = long.groupby(["date", "store", "metric"])["simulated"].agg(["mean", "var"])
        stats = stats.reset_index()
        fit = self.cells.merge(stats, on=["date", "store", "metric"], how="left")
        variance = fit["var"].fillna(0.0).to_numpy() * self.inflate + self.floor.to_numpy()
        simulated = fit["mean"].fillna(0.0).to_numpy()
        terms = fit["weight"].to_numpy() * (fit["value"].to_numpy() - simulated) ** 2 / variance
        table = pd.DataFrame({
            "date": fit["date"], "store": fit["store"], "metric": fit["metric"],
            "observed": fit["value"], "simulated": simulated,
            "sd": np.sqrt(fit["var"].fillna(0.0).to_numpy()), "weight": fit["weight"],
        })
        return float(terms.sum()), table

    def redundancy(self, evaluated: Evaluated) -> float:
        """How many times over the loss counts the same noise: sum of squared correlations
        between the observed cells over ``res``' replications, over the number of cells.

        The loss is a sum of squared standardised cells; if the cells were independent its
        variance would be 2n, with correlations rho it is 2 sum(rho^2), so it behaves like a
        chi-square with n^2 / sum(rho^2) degrees of freedom (Satterthwaite, 1946) and a change
        in it is worth n / that as much: 1 for independent cells, n when all move together.
        Each r^2 is adjusted for the few replications it comes from (Ezekiel's adjustment).
        """
        long = replicated_cells(evaluated, self.metrics)
        table = long.pivot_table(index="replication", columns=["date", "store", "metric"],
                                 values="simulated", observed=True)
        keys = pd.MultiIndex.from_frame(self.cells[["date", "store", "metric"]])
        table = table.reindex(columns=keys).dropna(axis=1)
        table = table.loc[:, table.std() > 0]
        runs, cells = table.shape
        if cells < 2 or runs < 4:
            return 1.0
        r2 = np.corrcoef(table.to_numpy(), rowvar=False) ** 2
        adjusted = np.clip(1.0 - (1.0 - r2) * (runs - 1) / (runs - 2), 0.0, 1.0)
        np.fill_diagonal(adjusted, 1.0)
        return max(1.0, float(adjusted.sum()) / cells)


# -- the search -----------------------------------------------------------------------------


def _search(space: list[Decision], scenario: Scenario, loss_of: _Loss, budget: int,
            replications: int, seed: int, pool: Any, bar: Any, observations: Observations,
            evaluated: pd.DataFrame | None, on_point: Callable[[dict[str, Any]], None] | None,
            ) -> tuple[list[dict[str, Any]], list[float], list[pd.DataFrame | None]]:
    """TPE over the ranges, ``budget`` points, each run with ``seed``; the points of
    ``evaluated`` replayed (proposed again, their losses told, not run)."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize",
                                sampler=optuna.samplers.TPESampler(seed=seed % 2**32))
    points: list[dict[str, Any]] = []
    losses: list[float] = []
    fits: list[pd.DataFrame | None] = []
    recorded = _recorded(evaluated, space)
    step = 1 if pool is None else _PARALLEL_PROPOSALS
    while len(points) < budget:
        trials = [study.ask() for _ in range(min(step, budget - len(points)))]
        proposed = [{d.path: d.suggest(t) for d in space} for t in trials]
        first = len(points)
        replayed = recorded[first:first + len(trials)]
        for n, (point, (recorded_point, _)) in enumerate(zip(proposed, replayed)):
            _check_replayed(first + n, point, recorded_point)
        fresh = [scenario.with_overrides(p) for p in proposed[len(replayed):]]
        if pool is None:
            runs = (_evaluate(sc, seed, replications, None, observations) for sc in fresh)
        else:
            futures = [pool.submit(_evaluate, sc, seed, replications, 1, observations)
                       for sc in fresh]
            runs = (future.result() for future in futures)
        # Lazily: each fresh point's loss is told (and recorded) as soon as its run is back.
        outcomes = itertools.chain(((loss, None) for _, loss in replayed),
                                   (loss_of(res) for res in runs))
        for n, (trial, point, (loss, fit)) in enumerate(zip(trials, proposed, outcomes)):
            study.tell(trial, loss)
            points.append(point)
            losses.append(loss)
            fits.append(fit)
            if n >= len(replayed) and on_point is not None:
                on_point({"evaluation": first + n, **point, "loss": loss})
            bar.update(1)
    return points, losses, fits


def _evaluate(scenario: Scenario, seed: int, replications: int, threads: int | None,
              observations: Observations) -> Evaluated:
    return run_point(scenario, seed, replications, threads, observations.window,
                     observations.window_date)


def _recorded(evaluated: pd.DataFrame | None, space: list[Decision]
              ) -> list[tuple[dict[str, Any], float]]:
    """``evaluated``'s points and losses, in order."""
    if evaluated is None or evaluated.empty:
        return []
    lacking = [c for c in [d.path for d in space] + ["loss"] if c not in evaluated.columns]
    if lacking:
        raise ValueError(f"evaluated: no column {', '.join(lacking)} (a calibration's history "
                         "has a column per parameter and loss)")
    rows = evaluated.sort_values("evaluation") if "evaluation" in evaluated else evaluated
    return [({d.path: row[d.path] for d in space}, float(row["loss"]))
            for _, row in rows.iterrows()]


def _check_replayed(evaluation: int, proposed: dict[str, Any], recorded: dict[str, Any]) -> None:
    """The search proposes what it proposed before (same seed, same history), or the record
    is another calibration's."""
    for path, value in proposed.items():
        if not math.isclose(float(value), float(recorded[path]), rel_tol=1e-12, abs_tol=0.0):
            raise ValueError(
                f"evaluated: point {evaluation} was {path} = {_plain(recorded[path])!r}, but "
                f"this calibration proposes {_plain(value)!r} there: the history is another calibration's "
                "(another scenario, observed data, parameters, seed, replications or executor)")


def _interval(history: pd.DataFrame, decision: Decision, cutoff: float) -> tuple[float, float]:
    """The range of ``decision``'s values at points with loss <= ``cutoff``, widened half-way
    to the nearest evaluated value beyond each end (the search did not look in between), or
    to the end of the range when none is."""
    values = history[decision.path].to_numpy(dtype=float)
    inside = values[history["loss"].to_numpy() <= cutoff]
    lo, hi = float(inside.min()), float(inside.max())
    # Nothing evaluated beyond an end: nothing rules the rest of the range out.
    below, above = values[values < lo], values[values > hi]
    lo = (lo + below.max()) / 2 if below.size else decision.values[0]
    hi = (hi + above.min()) / 2 if above.size else decision.values[1]
    lo, hi = max(lo, decision.values[0]), min(hi, decision.values[1])
    if decision.kind == "integer":
        return (math.floor(lo), math.ceil(hi))
    return (float(lo), float(hi))


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(progress: bool, budget: int) -> Any:
    if not progress:
        return _NoBar()
    import sys

    from tqdm import tqdm

    return tqdm(desc="calibrate", total=budget, unit="point", file=sys.stderr, delay=0.5,
                leave=False)


def _plain(value: Any) -> Any:
    """numpy scalars as Python's, so that ``best`` goes straight into ``with_overrides``."""
    return value.item() if isinstance(value, np.generic) else value
