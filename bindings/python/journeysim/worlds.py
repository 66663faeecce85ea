"""Plausible worlds for a robust search: which policy wins across what we do not know.

``robust=`` gives :func:`journeysim.optimize` a set of worlds: override mappings applied to the
scenario (``{"households.price_sensitivity": 1.5}``), or Scenarios of the same shape. Every
candidate runs in every world with the same seeds, so replication ``r`` is the same town in
each world and each candidate (common random numbers). A candidate's value in replication
``r`` is then the worlds' mean, or their ``q``-quantile (``robust_statistic=q``: a low ``q``
when maximising judges a policy by its bad worlds), of that replication's values: one value
per replication, so the selection procedures treat a robust objective like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from journeysim.errors import ConfigError
from journeysim.scenario import Scenario

__all__ = ["across_worlds", "parse_worlds"]


def parse_worlds(scenario: Scenario, robust: Sequence[Any] | None) -> list[Scenario]:
    """The worlds as Scenarios (the scenario alone without ``robust``), each validated."""
    if robust is None:
        return [scenario]
    if isinstance(robust, (str, Mapping)) or not isinstance(robust, Sequence) or not robust:
        raise ValueError(
            f"robust: a list of worlds (override mappings or Scenarios), not empty (got {robust!r})"
        )
    worlds, issues = [], []
    for w, world in enumerate(robust):
        if isinstance(world, Scenario):
            world.validate()
            worlds.append(world)
        elif isinstance(world, Mapping):
            try:
                worlds.append(scenario.with_overrides(world))
            except ConfigError as error:
                issues += [(f"robust[{w}].{path}", message) for path, message in error.issues]
        else:
            # ValueError, as for every bad argument of optimize (a caller catches one kind).
            message = f"robust[{w}]: overrides or a Scenario (got {world!r})"
            raise ValueError(message)  # noqa: TRY004
    if issues:
        raise ConfigError(issues)
    return worlds


def across_worlds(statistic: str | float) -> Callable[[np.ndarray], np.ndarray]:
    """(worlds x replications) -> one value per replication: the mean or a quantile."""
    if statistic == "mean":
        return lambda values: values.mean(axis=0)
    if isinstance(statistic, (int, float)) and not isinstance(statistic, bool) \
            and 0.0 <= statistic <= 1.0:
        q = float(statistic)
        return lambda values: np.quantile(values, q, axis=0)
    raise ValueError(f'robust_statistic: "mean" or a quantile in [0, 1] (got {statistic!r})')
