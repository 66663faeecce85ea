"""Parameter spaces and experimental designs: which scenarios a sweep runs.

A *space* maps dotted scenario paths (as :meth:`Scenario.with_overrides` takes them) to
either a list of values or a range::

    space = {
        "stores.a.price_index": (0.8, 1.2),          # a range: lo <= x <= hi
        "stores.a.staff": [1, 2, 3],                  # values
        "stores.a.referral": ["none", "refer"],
    }

A *design* picks points from it:

- ``"grid"``: the full factorial over value lists (ranges are refused: say which values);
- ``"lhs:N"``: N points of a Latin hypercube (``scipy.stats.qmc.LatinHypercube``);
- ``"sobol:N"``: Saltelli's scheme for Sobol indices (SALib's ``sample.sobol``, on a
  scrambled Sobol sequence): N base points, N a power of two, giving ``N * (D + 2)`` points
  for D parameters, from which first-order and total indices can be estimated;
- ``"morris:N"``: N trajectories of Morris's elementary-effects screening (SALib's
  ``sample.morris``, 4 levels), ``N * (D + 1)`` points.

In the sampled designs each dimension gets a number u in [0, 1] (the *unit* coordinates,
kept with the points: sensitivity indices are computed on them): a range with two integer
bounds takes ``lo + floor(u * (hi - lo + 1))`` (so both bounds can occur), any other range
``lo + u * (hi - lo)``, and a value list its ``floor(u * k)``-th value (u = 1 gives the top
value). The sampler is seeded from the sweep's root seed, so the same sweep gives the same
points; the points are stored in the sweep directory as well, and a resumed sweep uses the
stored ones, as neither scipy nor SALib promises the same numbers across versions.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from journeysim.errors import ConfigError

__all__ = ["Range", "Sample", "Space", "design_points", "design_sample", "parse_design"]

#: Designs drawn from the unit cube; ``grid`` is the other kind.
SAMPLED = ("lhs", "sobol", "morris")
#: Levels of the Morris grid: u takes the values 0, 1/3, 2/3, 1.
MORRIS_LEVELS = 4

# Keeps the sampler's seed apart from every other use of the root seed.
_SAMPLER_SALT = 0x5D1E_5A3F_0C0A_7E11


@dataclass(frozen=True)
class Range:
    """A closed interval of numbers, ``lo <= x <= hi``; integer bounds give integers."""

    lo: float
    hi: float

    @property
    def integer(self) -> bool:
        """Whether both bounds are integers, so that the range holds integers only."""
        return isinstance(self.lo, int) and isinstance(self.hi, int)

    def at(self, u: float) -> int | float:
        """The value at ``u`` in [0, 1)."""
        if self.integer:
            lo, hi = int(self.lo), int(self.hi)
            return min(lo + math.floor(u * (hi - lo + 1)), hi)
        return float(self.lo + u * (self.hi - self.lo))


Dimension = Range | tuple[Any, ...]


class Space:
    """A validated parameter space: dotted path -> :class:`Range` or tuple of values.

    Build it from a mapping; a two-tuple of numbers is a range, a list is values, and a
    :class:`Range` is a range. Problems raise ConfigError naming each bad path.
    """

    def __init__(self, space: Mapping[str, Any]) -> None:
        issues: list[tuple[str, str]] = []
        self._dimensions: dict[str, Dimension] = {}
        if not space:
            issues.append(("space", "is empty: give at least one parameter path"))
        for path, spec in space.items():
            dimension, problem = _dimension(str(path), spec)
            if problem is not None:
                issues.append((str(path), problem))
            elif dimension is not None:
                self._dimensions[str(path)] = dimension
        if issues:
            raise ConfigError(issues)

    @property
    def paths(self) -> list[str]:
        """The parameter paths, in the order given."""
        return list(self._dimensions)

    @property
    def dimensions(self) -> dict[str, Dimension]:
        """Each path's range or values."""
        return dict(self._dimensions)

    def to_json(self) -> dict[str, Any]:
        """The space as JSON-ready data: ``{path: {"range": [lo, hi]} | {"values": [...]}}``."""
        return {
            path: {"range": [dim.lo, dim.hi]} if isinstance(dim, Range) else {"values": list(dim)}
            for path, dim in self._dimensions.items()
        }

    def __repr__(self) -> str:
        return f"Space({self.to_json()!r})"


def parse_design(design: str) -> tuple[str, int | None]:
    """``"grid"``, ``"lhs:N"``, ``"sobol:N"`` or ``"morris:N"`` as (kind, N), or ConfigError.

    >>> parse_design("lhs:16")
    ('lhs', 16)
    """
    kind, colon, count = str(design).strip().partition(":")
    kind = kind.lower()
    if kind == "grid" and not colon:
        return kind, None
    if kind in SAMPLED and colon:
        try:
            n = int(count)
        except ValueError:
            n = 0
        least = 2 if kind == "morris" else 1  # elementary effects need two trajectories
        if n < least:
            return _bad_design(design, f"{kind}:N needs a whole number N >= {least}")
        if kind == "sobol" and n & (n - 1):
            return _bad_design(design, f"sobol:N needs N a power of two (got {n}; try {_pow2(n)})")
        return kind, n
    return _bad_design(design, "expected grid, lhs:N, sobol:N or morris:N")


@dataclass(frozen=True)
class Sample:
    """A design's points, and for sampled designs their unit coordinates (one row each)."""

    points: list[dict[str, Any]]
    unit: np.ndarray | None


def design_points(space: Space, design: str, seed: int) -> list[dict[str, Any]]:
    """The points of ``design`` over ``space``: one ``{path: value}`` dict per point.

    ``seed`` is the sweep's root seed; the sampled designs derive their sampler's seed
    from it, so the same arguments give the same points.
    """
    return design_sample(space, design, seed).points


def design_sample(space: Space, design: str, seed: int) -> Sample:
    """The points of ``design`` over ``space`` with their unit coordinates (see above)."""
    kind, count = parse_design(design)
    dimensions = space.dimensions
    if kind == "grid":
        ranges = [path for path, dim in dimensions.items() if isinstance(dim, Range)]
        if ranges:
            raise ConfigError(
                [(path, "a range cannot be gridded: give a list of values, or use lhs:N")
                 for path in ranges]
            )
        values = [dim for dim in dimensions.values() if not isinstance(dim, Range)]
        return Sample([dict(zip(dimensions, combo)) for combo in itertools.product(*values)], None)
    assert count is not None
    unit = _unit_sample(kind, count, len(dimensions), seed)
    points = [
        {path: _at(dim, float(u)) for (path, dim), u in zip(dimensions.items(), row)}
        for row in unit
    ]
    return Sample(points, unit)


def _unit_sample(kind: str, count: int, dimensions: int, seed: int) -> np.ndarray:
    """``kind``'s points in the unit cube, from a sampler seeded by the sweep's seed."""
    rng = np.random.default_rng([seed, _SAMPLER_SALT])
    if kind == "lhs":
        from scipy.stats import qmc  # imported here: only sampled designs need scipy

        return qmc.LatinHypercube(dimensions, rng=rng).random(count)
    problem = unit_problem(dimensions)
    sampler_seed = int(rng.integers(2**31))  # SALib hands it to numpy's legacy seeding
    if kind == "sobol":
        from SALib.sample import sobol

        return np.asarray(
            sobol.sample(problem, count, calc_second_order=False, scramble=True, seed=sampler_seed)
        )
    from SALib.sample import morris

    return np.asarray(morris.sample(problem, count, num_levels=MORRIS_LEVELS, seed=sampler_seed))


def unit_problem(dimensions: int) -> dict[str, Any]:
    """SALib's problem for ``dimensions`` parameters on the unit cube."""
    return {
        "num_vars": dimensions,
        "names": [f"x{i}" for i in range(dimensions)],
        "bounds": [[0.0, 1.0]] * dimensions,
    }


def _at(dimension: Dimension, u: float) -> Any:
    if isinstance(dimension, Range):
        return dimension.at(u)
    return dimension[min(math.floor(u * len(dimension)), len(dimension) - 1)]


def _dimension(path: str, spec: Any) -> tuple[Dimension | None, str | None]:
    """A path's spec as a dimension, or the problem with it."""
    if not path or not all(path.split(".")):
        return None, "not a dotted path of keys (a key is empty)"
    if isinstance(spec, Range) or isinstance(spec, tuple):
        bounds = (spec.lo, spec.hi) if isinstance(spec, Range) else spec
        if len(bounds) != 2 or not all(_is_number(b) for b in bounds):
            return None, f"a range is (lo, hi) with two numbers (got {spec!r})"
        lo, hi = (_number(b) for b in bounds)
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
            return None, f"a range needs finite lo < hi (got {lo!r}, {hi!r})"
        return Range(lo, hi), None
    if isinstance(spec, (str, bytes)) or not isinstance(spec, Sequence | np.ndarray):
        return None, f"expected a list of values or a (lo, hi) range (got {spec!r})"
    values = tuple(v.item() if isinstance(v, np.generic) else v for v in spec)
    if not values:
        return None, "the list of values is empty"
    return values, None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, bool
    )


def _number(value: Any) -> int | float:
    if isinstance(value, (int, np.integer)):
        return operator.index(value)
    return float(value)


def _pow2(n: int) -> int:
    return 1 << max(n - 1, 0).bit_length()


def _bad_design(design: str, message: str) -> Any:
    raise ConfigError([("design", f"{message} (got {design!r})")])
