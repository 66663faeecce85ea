"""The reduced reference model in SimPy 4 with a process per household (issue 19).

The same model as ``simpy_peer.py`` (its docstring says what the model is), written in
SimPy's own style: each household is an object with a ``life`` process that waits an
exponential time for its next need, weighs the stores and starts a visit; each store is an
object with a ``simpy.Resource`` of its staff and a ``visit`` process. So the environment
holds one pending timeout per household (the superposed peer holds one for the whole town),
which is how a SimPy user would write it first.

A household's visit runs as its own process, so a need that comes while the household is
still in a store is not delayed: the needs stay a Poisson process, as in the engine.
"""

from __future__ import annotations

import math
import random
from typing import Any

import simpy
from simpy_peer import (
    MINUTES_PER_DAY,
    PeerResult,
    Reduced,
    StoreResult,
    draw_household,
    service_days,
)


class Store:
    """A store: its place, price, staff as a FIFO resource and its tally."""

    def __init__(self, town: Town, name: str, spec: dict[str, Any]) -> None:
        self.town = town
        self.spec = spec
        self.staff = simpy.Resource(town.env, capacity=int(spec.get("staff", 1)))
        self.online = spec.get("type", "chain") == "online"
        self.x, self.y = float(spec.get("x", 0.0)), float(spec.get("y", 0.0))
        self.asc = float(town.model.asc.get(spec.get("type", "chain"), 0.0))
        self.log_price = math.log(float(spec.get("price_index", 1.0)))
        self.availability = float(spec.get("availability", 0.9))
        self.gain = float(spec.get("trust_gain", town.model.gain))
        self.tally = StoreResult()
        town.results.stores[name] = self.tally

    def visit(self, household: Household) -> Any:
        env, town = self.town.env, self.town
        arrival = env.now
        with self.staff.request() as turn:
            yield turn
            wait_minutes = (env.now - arrival) * MINUTES_PER_DAY
            yield env.timeout(service_days(town.rng, self.spec))
        bought = town.rng.random() < self.availability
        self.tally.visits += 1
        self.tally.wait_minutes += wait_minutes
        self.tally.purchases += bought
        town.results.events += 1
        household.remember(self, town.model.quality(bought, wait_minutes))


class Household:
    """A household: where it lives, its weights, its trust in each store it has visited."""

    def __init__(self, town: Town) -> None:
        self.town = town
        self.x, self.y, self.b_price, self.b_dist, self.b_rel = draw_household(
            town.rng, town.scenario
        )
        self.trust: dict[Store, tuple[float, float]] = {}  # store -> (tau, day it was set)
        town.env.process(self.life())

    def life(self) -> Any:
        env, rng = self.town.env, self.town.rng
        while True:
            yield env.timeout(rng.expovariate(self.town.model.needs_per_day))
            self.town.results.events += 1
            store = self.choose()
            if store is not None:
                env.process(store.visit(self))

    def trust_in(self, store: Store) -> float:
        tau, since = self.trust.get(store, (self.town.model.initial, self.town.env.now))
        return tau * math.exp(-self.town.model.decay * (self.town.env.now - since))

    def utility(self, store: Store) -> float:
        km = 0.0 if store.online else math.hypot(store.x - self.x, store.y - self.y)
        if km > self.town.model.max_km:
            return -math.inf  # out of reach: not considered
        u = store.asc - self.b_price * store.log_price - self.b_dist * km
        if store in self.trust:
            u += self.b_rel * self.trust_in(store)
        return u

    def choose(self) -> Store | None:
        """A store by multinomial logit over those in reach, or None when none is."""
        utilities = [self.utility(store) for store in self.town.stores]
        best = max(utilities)
        if best == -math.inf:
            return None
        weights = [math.exp(u - best) for u in utilities]
        return self.town.rng.choices(self.town.stores, weights)[0]

    def remember(self, store: Store, quality: float) -> None:
        tau = self.trust_in(store)
        self.trust[store] = (self.town.model.stepped(tau, quality, store.gain), self.town.env.now)


class Town:
    """The environment, the stores and the households of one run."""

    def __init__(self, scenario: dict[str, Any], seed: int) -> None:
        self.scenario = scenario
        self.model = Reduced.of(scenario)
        self.rng = random.Random(seed)
        self.env = simpy.Environment()
        self.results = PeerResult()
        self.stores = [Store(self, name, spec) for name, spec in scenario["stores"].items()]
        self.households = [Household(self) for _ in range(self.model.households)]


def run(scenario: dict[str, Any], seed: int = 0) -> PeerResult:
    """Simulates ``scenario`` (the engine's TOML as a dict) once and returns its counts."""
    town = Town(scenario, seed)
    town.env.run(until=town.model.horizon)
    return town.results
