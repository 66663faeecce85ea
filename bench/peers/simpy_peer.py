"""The reduced reference model in SimPy 4: the peer journeysim is measured against (issue 7).

The same model as the engine (docs/model.md), written the way a SimPy user would write it:

- needs: one process draws the town's superposed Poisson process, Exp(N*r/365) days apart,
  each need belonging to a household drawn uniformly (the engine does the same);
- choice: multinomial logit over the stores within reach,
  U = asc + b_rel*trust - b_price*ln(price_index) - b_dist*km, with each household's
  b_price, b_dist, b_rel drawn lognormal (mean, sd) once;
- a visit: a process that queues FIFO for one of ``staff`` servers
  (``simpy.Resource(capacity=staff)``), is served for an exponential or lognormal time, then
  buys with probability ``availability`` (else a lost sale);
- trust: after each visit, decayed exp(-delta*dt) from its last value, then stepped toward 1
  (gain) or 0 (loss) by the visit's quality, which loses ``wait_penalty_per_hour`` per hour
  waited.

It reads the engine's scenario dict (stores open throughout, no malls), so both run one
scenario. Results: per store, visits, purchases and the sum of waits in minutes.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

import simpy

DAYS_PER_YEAR = 365.0
MINUTES_PER_DAY = 1440.0
STORE_TYPES = ("relationship", "chain", "department", "online")


@dataclass
class StoreResult:
    visits: int = 0
    purchases: int = 0
    wait_minutes: float = 0.0


@dataclass
class PeerResult:
    stores: dict[str, StoreResult] = field(default_factory=dict)
    events: int = 0  # needs + visits, comparable to the engine's event count


def _lognormal(rng: random.Random, mean: float, sd: float) -> float:
    if sd <= 0:
        return mean
    s2 = math.log1p((sd * sd) / (mean * mean))
    return rng.lognormvariate(math.log(mean) - 0.5 * s2, math.sqrt(s2))


def _trait(rng: random.Random, spec: Any) -> float:
    if isinstance(spec, dict):
        return _lognormal(rng, float(spec["mean"]), float(spec.get("sd", 0.0)))
    return float(spec)


@dataclass(frozen=True)
class Reduced:
    """The reduced model's parameters, read from the engine's scenario dict (both peers)."""

    horizon: float  # days
    households: int
    needs_per_day: float  # per household
    max_km: float
    initial: float
    gain: float
    loss: float
    decay: float  # per day
    q_buy: float
    q_lost: float
    penalty: float  # quality lost per hour waited
    asc: dict[str, float]

    @staticmethod
    def of(scenario: dict[str, Any]) -> Reduced:
        trust = scenario.get("trust", {})
        return Reduced(
            horizon=float(scenario.get("simulation", {}).get("years", 10.0)) * DAYS_PER_YEAR,
            households=int(scenario["households"]["count"]),
            needs_per_day=float(scenario.get("needs", {}).get("rate_per_year", 2.0))
            / DAYS_PER_YEAR,
            max_km=float(scenario["households"].get("max_travel_km", 50.0)),
            initial=float(trust.get("initial", 0.0)),
            gain=float(trust.get("gain", 0.15)),
            loss=float(trust.get("loss", 0.3)),
            decay=float(trust.get("decay_per_year", 0.2)) / DAYS_PER_YEAR,
            q_buy=float(trust.get("purchase_quality", 0.6)),
            q_lost=float(trust.get("lost_sale_quality", -0.5)),
            penalty=float(trust.get("wait_penalty_per_hour", 0.5)),
            asc=scenario.get("choice", {}).get("asc", {}),
        )

    def quality(self, bought: bool, wait_minutes: float) -> float:
        """A visit's quality: its outcome less the wait's penalty, in [-1, 1]."""
        q = (self.q_buy if bought else self.q_lost) - self.penalty * wait_minutes / 60.0
        return min(1.0, max(-1.0, q))

    def stepped(self, tau: float, q: float, gain: float) -> float:
        """Trust after a visit of quality q (tau already decayed to now)."""
        tau = tau + gain * q * (1.0 - tau) if q > 0 else tau + self.loss * q * tau
        return min(1.0, max(0.0, tau))


def draw_household(
    rng: random.Random, scenario: dict[str, Any]
) -> tuple[float, float, float, float, float]:
    """A household: a town drawn by share, a uniform point on its disc, three traits.

    Returns (x, y, price weight, distance weight, relationship weight).
    """
    hh = scenario["households"]
    towns = list(scenario["towns"].values())
    town = rng.choices(towns, [float(t.get("share", 1.0)) for t in towns])[0]
    r = float(town.get("radius_km", 2.0)) * math.sqrt(rng.random())
    a = 2.0 * math.pi * rng.random()
    return (
        float(town.get("x", 0.0)) + r * math.cos(a),
        float(town.get("y", 0.0)) + r * math.sin(a),
        _trait(rng, hh.get("price_sensitivity", {"mean": 2.0, "sd": 0.5})),
        _trait(rng, hh.get("distance_sensitivity", {"mean": 0.1, "sd": 0.03})),
        _trait(rng, hh.get("relationship_orientation", {"mean": 1.0, "sd": 0.3})),
    )


def service_days(rng: random.Random, spec: dict[str, Any]) -> float:
    """One service time, exponential or lognormal with the store's mean and cv."""
    mean = float(spec.get("service_minutes", 20.0))
    if spec.get("service_distribution", "lognormal") == "exponential":
        minutes = rng.expovariate(1.0 / mean)
    else:
        minutes = _lognormal(rng, mean, float(spec.get("service_cv", 0.5)) * mean)
    return minutes / MINUTES_PER_DAY


def run(scenario: dict[str, Any], seed: int = 0) -> PeerResult:
    """Simulates ``scenario`` (the engine's TOML as a dict) once and returns its counts."""
    rng = random.Random(seed)
    m = Reduced.of(scenario)
    n, horizon, max_km, decay, initial = m.households, m.horizon, m.max_km, m.decay, m.initial
    default_gain = m.gain

    columns = zip(*(draw_household(rng, scenario) for _ in range(n)))
    xs, ys, b_price, b_dist, b_rel = (list(c) for c in columns)

    env = simpy.Environment()
    names = list(scenario["stores"])
    specs = [scenario["stores"][name] for name in names]
    servers = [simpy.Resource(env, capacity=int(s.get("staff", 1))) for s in specs]
    static_u = [float(m.asc.get(s.get("type", "chain"), 0.0)) for s in specs]
    log_price = [math.log(float(s.get("price_index", 1.0))) for s in specs]
    online = [s.get("type", "chain") == "online" for s in specs]
    results = PeerResult(stores={name: StoreResult() for name in names})
    tallies = [results.stores[name] for name in names]
    trust: dict[tuple[int, int], tuple[float, float]] = {}  # (household, store) -> (tau, t0)

    def visit(h: int, s: int) -> Any:
        spec = specs[s]
        arrival = env.now
        with servers[s].request() as turn:
            yield turn
            wait_min = (env.now - arrival) * MINUTES_PER_DAY
            yield env.timeout(service_days(rng, spec))
        bought = rng.random() < float(spec.get("availability", 0.9))
        tally = tallies[s]
        tally.visits += 1
        tally.wait_minutes += wait_min
        if bought:
            tally.purchases += 1
        results.events += 1
        tau, t0 = trust.get((h, s), (initial, env.now))
        tau *= math.exp(-decay * (env.now - t0))
        gain = float(spec.get("trust_gain", default_gain))
        trust[(h, s)] = (m.stepped(tau, m.quality(bought, wait_min), gain), env.now)

    def needs() -> Any:
        rate = n * m.needs_per_day
        stores = range(len(specs))
        while True:
            yield env.timeout(rng.expovariate(rate))
            results.events += 1
            h = rng.randrange(n)
            now = env.now
            utilities = []
            for s in stores:
                spec = specs[s]
                km = 0.0 if online[s] else math.hypot(spec["x"] - xs[h], spec["y"] - ys[h])
                if km > max_km:
                    utilities.append(-math.inf)  # out of reach: not considered
                    continue
                u = static_u[s] - b_price[h] * log_price[s] - b_dist[h] * km
                known = trust.get((h, s))
                if known is not None:
                    u += b_rel[h] * known[0] * math.exp(-decay * (now - known[1]))
                utilities.append(u)
            # Logit with the largest utility subtracted (log-sum-exp), one uniform draw.
            best = max(utilities)
            if best == -math.inf:
                continue  # no store in reach: an unmet need
            weights = [math.exp(u - best) for u in utilities]
            s = rng.choices(stores, weights)[0]
            env.process(visit(h, s))

    env.process(needs())
    env.run(until=horizon)
    return results
