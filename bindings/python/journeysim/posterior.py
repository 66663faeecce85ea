"""An approximate posterior for :func:`journeysim.calibrate`: ABC-SMC with pyabc.

Approximate Bayesian computation by sequential Monte Carlo (Toni et al., J. R. Soc.
Interface 2009; Beaumont et al., Biometrika 2009) as pyabc implements it (Schaelte et al.,
Bioinformatics 2022): particles are drawn from the prior (uniform over each parameter's
range) and run, those whose distance from the observed data is under a threshold are kept,
and each generation proposes from a kernel density around the last one's, its threshold the
median of the last one's distances, until the budget of points is spent. The last
generation, weighted by prior over proposal density, is the approximate posterior; the
intervals are its equal-tailed weighted quantiles.

The distance is calibrate's loss (``calibrate._Loss``). Unlike TPE's search, every particle
runs with a seed of its own: the simulation's noise is then part of what ABC conditions on
and widens the posterior as it should, where one seed everywhere would fit that seed's town.

Reproducible whatever runs the points: candidate ``k`` of a calibration draws its proposal
and its simulation seed from a stream derived from ``(seed, k)`` alone, and candidates are
taken in the order of ``k`` (a parallel wave's surplus beyond the generation's last
acceptance is dropped), so a process pool or Dask gives what a loop in this process gives.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import random
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from journeysim.decisions import Decision
from journeysim.scenario import Scenario

__all__ = ["AbcFit", "abc_smc", "minimum_budget", "population_size"]

# Particles per generation: a twentieth of the budget, within bounds (fewer than 20 make the
# kernel density and the quantiles too rough). At a given budget, more generations (a lower
# final threshold) narrow the posterior more than more particles do (docs/calibration.md).
_BUDGET_PER_PARTICLE = 20
_MIN_POPULATION = 20
_MAX_POPULATION = 200
# Candidates submitted at once to an executor: enough to keep its workers busy; those past a
# generation's last acceptance are dropped (the price of order, hence of reproducibility).
_WAVE = 16


def population_size(budget: int) -> int:
    """Particles per generation for a budget of ``budget`` points."""
    return min(_MAX_POPULATION, max(_MIN_POPULATION, budget // _BUDGET_PER_PARTICLE))


def minimum_budget() -> int:
    """The least budget for an ABC-SMC: a prior sample of the smallest population for the
    first threshold, then a first generation with room for as few as a tenth accepted (a
    median of 20 losses is rough)."""
    return 10 * _MIN_POPULATION


@dataclass(frozen=True)
class AbcFit:
    """What :func:`abc_smc` found. ``posterior``: the last generation, one row per particle:
    each parameter, ``weight`` (summing to 1) and ``loss``. ``history``: every candidate
    run, in order: ``evaluation``, each parameter, ``loss``, ``generation`` (-1 for the
    prior sample that sets the first threshold). ``centre``: each parameter's weighted
    median. ``intervals``: each parameter's equal-tailed ``level`` weighted quantiles."""

    posterior: pd.DataFrame
    history: pd.DataFrame
    centre: dict[str, Any]
    intervals: dict[str, tuple[float, float]]


def abc_smc(space: list[Decision], scenario: Scenario,
            loss_of: Callable[[Any], tuple[float, Any]], evaluate: Callable[..., Any], *,
            budget: int, replications: int, seed: int, level: float, pool: Any, bar: Any,
            replayed: list[tuple[dict[str, Any], float]],
            check: Callable[[int, dict[str, Any], dict[str, Any]], None],
            on_point: Callable[[dict[str, Any]], None] | None) -> AbcFit:
    """ABC-SMC over ``space`` with ``loss_of`` as the distance, at most ``budget`` runs of
    ``replications`` replications each, ``evaluate(scenario, seed, replications, threads)``
    giving what ``loss_of`` takes (see the module's documentation). The first candidates
    take the ``replayed`` points' losses (``check`` raising if a proposal differs) instead of
    running; ``on_point`` is called with each fresh candidate's history row."""
    import pyabc

    names = [f"p{i}" for i in range(len(space))]  # pyabc's names: no dots
    prior = pyabc.Distribution(**{name: pyabc.RV("uniform", *_support(d))
                                  for name, d in zip(names, space)})
    simulate = _Simulate(scenario, dict(zip(names, space)), loss_of, evaluate, replications,
                         threads=None if pool is None else 1, replayed=replayed, check=check)

    def record(index: int, parameter: Any, loss: float) -> None:
        if on_point is not None and index >= len(replayed):
            on_point({"evaluation": index, **simulate.point(parameter), "loss": loss})

    sampler = _OrderedSampler(seed, pool, budget, bar, record)
    abc = pyabc.ABCSMC(simulate, prior, _distance, population_size=population_size(budget),
                       sampler=sampler)
    with tempfile.TemporaryDirectory() as directory, _quiet(), _numpy_state(seed):
        abc.new("sqlite:///" + os.path.join(directory, "abc.db"), {"loss": 0.0})
        abc.run(max_total_nr_simulations=budget).done()  # the database, before its directory
    if not sampler.last:
        raise ValueError(f"budget: {budget} points did not complete a first ABC-SMC "
                         f"generation; give at least {minimum_budget()}")
    particles = pd.DataFrame([p.parameter for p in sampler.last], columns=names)
    weights = np.array([p.weight for p in sampler.last], dtype=float)
    posterior = pd.DataFrame({d.path: [simulate.value(d, v) for v in particles[name]]
                              for name, d in zip(names, space)})
    posterior["weight"] = weights / weights.sum()
    posterior["loss"] = [p.distance for p in sampler.last]
    tail = (1.0 - level) / 2
    centre, intervals = {}, {}
    for name, d in zip(names, space):
        raw = particles[name].to_numpy(dtype=float)
        centre[d.path] = simulate.value(d, _quantile(raw, weights, 0.5))
        lo, hi = (_quantile(raw, weights, q) for q in (tail, 1.0 - tail))
        if d.kind == "integer":
            intervals[d.path] = (simulate.value(d, lo), simulate.value(d, hi))
        else:
            intervals[d.path] = (float(lo), float(hi))
    rows = pd.DataFrame(sampler.evaluated, columns=["generation", *names, "loss"])
    evaluated = pd.DataFrame({"evaluation": range(len(rows))})
    for name, d in zip(names, space):
        evaluated[d.path] = [simulate.value(d, v) for v in rows[name]]
    evaluated["loss"] = rows["loss"]
    evaluated["generation"] = rows["generation"]
    return AbcFit(posterior=posterior, history=evaluated, centre=centre, intervals=intervals)


def _support(decision: Decision) -> tuple[float, float]:
    """scipy's uniform (loc, scale) over the range; a whole number's range is widened by a
    half at each end so that rounding gives each value the same prior mass."""
    lo, hi = decision.values
    if decision.kind == "integer":
        return (lo - 0.5, hi - lo + 1.0)
    return (float(lo), float(hi - lo))


def _quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The weighted ``q`` quantile, interpolating the weighted CDF at particle midpoints."""
    order = np.argsort(values, kind="stable")
    values, weights = values[order], weights[order] / weights.sum()
    cdf = np.cumsum(weights) - weights / 2
    return float(np.interp(q, cdf, values))


def _distance(simulated: dict[str, float], observed: dict[str, float]) -> float:
    """The loss, computed where the point ran (observed is a placeholder)."""
    return simulated["loss"]


class _Simulate:
    """pyabc's model: a point's run, with a seed of the particle's own stream, to its loss.
    Picklable, so that it runs in a process pool's worker or on Dask."""

    def __init__(self, scenario: Scenario, space: dict[str, Decision],
                 loss_of: Callable[[Any], tuple[float, Any]], evaluate: Callable[..., Any],
                 replications: int, threads: int | None,
                 replayed: list[tuple[dict[str, Any], float]],
                 check: Callable[[int, dict[str, Any], dict[str, Any]], None]) -> None:
        self.scenario, self.space, self.loss_of = scenario, space, loss_of
        self.evaluate, self.replications, self.threads = evaluate, replications, threads
        self.replayed, self.check = replayed, check

    def point(self, parameter: Any) -> dict[str, Any]:
        """pyabc's parameter as the scenario's paths and values."""
        return {d.path: self.value(d, parameter[name]) for name, d in self.space.items()}

    @staticmethod
    def value(decision: Decision, raw: float) -> Any:
        if decision.kind == "integer":
            lo, hi = decision.values
            return int(min(hi, max(lo, math.floor(raw + 0.5))))
        return float(raw)

    def __call__(self, parameter: Any) -> dict[str, float]:
        point = self.point(parameter)
        # The candidate's stream was seeded by _run_candidate: its draws are reproducible.
        seed = int(np.random.randint(0, 2**63 - 1, dtype=np.int64))
        index = _CANDIDATE.index
        if index < len(self.replayed):  # an interrupted calibration's: proposed again
            recorded, loss = self.replayed[index]
            self.check(index, point, recorded)
            return {"loss": loss}
        # The stream's last draw for this candidate (pyabc's acceptor draws none): other
        # threads may use it while this one runs.
        with _released(_STREAM):
            res = self.evaluate(self.scenario.with_overrides(point), seed, self.replications,
                                self.threads)
        return {"loss": self.loss_of(res)[0]}


# numpy's global stream, from seeding a candidate to its last draw: a Dask worker runs
# several candidates at once in threads of one process.
_STREAM = threading.Lock()
# The candidate a thread is running (its index, for replaying a record).
_CANDIDATE = threading.local()


@contextlib.contextmanager
def _released(lock: Any) -> Iterator[None]:
    lock.release()
    try:
        yield
    finally:
        lock.acquire()


def _run_candidate(simulate_one: Any, seed: int, index: int) -> Any:
    """Candidate ``index``: its proposal and its run draw from numpy's global stream (as
    pyabc does), seeded from ``(seed, index)`` alone."""
    if isinstance(simulate_one, bytes):
        import cloudpickle

        simulate_one = cloudpickle.loads(simulate_one)
    state = np.random.SeedSequence([seed, index]).generate_state(2)
    with _STREAM:
        np.random.seed(state[0])
        random.seed(int(state[1]))
        _CANDIDATE.index = index
        return simulate_one()


class _OrderedSampler:
    """A pyabc sampler that takes candidates in order (see the module's documentation),
    here or on an executor, and stops when ``budget`` candidates have been taken."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # pyabc's Sampler is built when pyabc is imported, which calibrate does lazily.
        from pyabc.sampler import Sampler

        class OrderedSampler(Sampler):
            def __init__(self, seed: int, pool: Any, budget: int, bar: Any,
                         record: Callable[[int, Any, float], None]) -> None:
                super().__init__()
                self.seed, self.pool, self.budget, self.bar = seed, pool, budget, bar
                self.record = record
                self.taken = 0
                self.evaluated: list[dict[str, Any]] = []
                self.last: list[Any] = []  # the accepted particles of the last generation

            def sample_until_n_accepted(self, n: int, simulate_one: Any, t: int, *,
                                        max_eval: float = np.inf, all_accepted: bool = False,
                                        ana_vars: Any = None) -> Any:
                sample = self._create_empty_sample()
                accepted = evaluations = 0
                for particle in self._candidates(simulate_one):
                    sample.append(particle)
                    evaluations += 1
                    self.taken += 1
                    self.bar.update(1)
                    # The distance is not yet computed in the prior sample (t = -1).
                    loss = particle.sum_stat["loss"]
                    self.evaluated.append({"generation": t, **particle.parameter,
                                           "loss": loss})
                    self.record(self.taken - 1, particle.parameter, loss)
                    accepted += particle.accepted
                    if accepted == n or evaluations >= max_eval:
                        break
                self.nr_evaluations_ = evaluations
                sample.ok = accepted == n
                if sample.ok and t >= 0:  # t = -1: the prior sample, not a generation
                    self.last = list(sample.accepted_particles)
                return sample

            def _candidates(self, simulate_one: Any) -> Iterator[Any]:
                """Candidates in order, until the budget is spent."""
                if self.pool is None:
                    while self.taken < self.budget:
                        yield _run_candidate(simulate_one, self.seed, self.taken)
                    return
                import cloudpickle

                payload = cloudpickle.dumps(simulate_one)
                first = self.taken
                while first < self.budget:
                    last = min(first + _WAVE, self.budget)
                    futures = [self.pool.submit(_run_candidate, payload, self.seed, k)
                               for k in range(first, last)]
                    try:
                        for future in futures:
                            yield future.result()
                    finally:
                        for future in futures:
                            future.cancel()
                    first = last

        return OrderedSampler(*args, **kwargs)


@contextlib.contextmanager
def _numpy_state(seed: int) -> Iterator[None]:
    """numpy's global stream, which pyabc draws from here too, seeded for the calibration
    and given back as it was."""
    saved, saved_random = np.random.get_state(), random.getstate()
    np.random.seed(np.random.SeedSequence([seed]).generate_state(1)[0])
    try:
        yield
    finally:
        np.random.set_state(saved)
        random.setstate(saved_random)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pyabc's per-generation log lines off: calibrate reports through its progress bar."""
    logger = logging.getLogger("ABC")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
