"""Which parameters move an outcome: Sobol or Morris indices of a sweep (SALib).

A sweep with ``design="sobol:N"`` (Saltelli's scheme) gives Sobol indices: the first-order
index S1 is the share of the outcome's variance a parameter explains alone, the total index
ST the share it takes part in, interactions included (Saltelli et al. 2010, "Variance based
sensitivity analysis of model output", Comput. Phys. Commun. 181). A sweep with
``design="morris:N"`` gives Morris's elementary effects (Morris 1991, Technometrics 33;
mu* after Campolongo et al. 2007): mu* ranks how much a parameter moves the outcome, sigma
how much that depends on the other parameters (non-linearity, interactions).

The outcome of a point is the mean over its replications of the metric reduced to one
number per replication and store, as :func:`journeysim.sweep_summary` does. Indices are
computed on the parameters' unit coordinates (each range scaled to [0, 1]), so Morris's mu*
of different parameters compare directly.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from journeysim.designs import MORRIS_LEVELS, parse_design, unit_problem
from journeysim.sweep_analysis import load_sweep, replication_values, sweep_definition

__all__ = ["sensitivity"]

#: Bootstrap resamples for the indices' confidence intervals.
RESAMPLES = 200
# Seeds the bootstrap, so that the same sweep gives the same intervals.
_BOOTSTRAP_SEED = 20_240_601


def sensitivity(
    sweep: pd.DataFrame | str | os.PathLike[str],
    metric: str,
    store: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Sensitivity indices of ``metric`` to each parameter of a Sobol or Morris sweep.

    Args:
        sweep: a sweep directory, or the frame :func:`journeysim.load_sweep` gave.
        metric: a per-store metric (``revenue``, ``share``, ``purchases``, ...).
        store: one store's indices; ``None``: every store's.
        confidence: level of the bootstrap confidence intervals (``*_conf`` columns hold
            their half-widths).

    Returns:
        One row per (store, parameter). For ``sobol:N`` sweeps: ``S1``, ``S1_conf``,
        ``ST``, ``ST_conf``; NaN for a store whose outcome does not vary at all. For
        ``morris:N`` sweeps: ``mu``, ``mu_star``, ``mu_star_conf``, ``sigma``. The frame's
        ``attrs`` say ``method`` ("sobol" or "morris") and ``metric``.

    Raises:
        ValueError: a sweep of another design, an unknown metric or store, a point of the
            design not done yet (indices need them all), or an outcome that is not finite.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1) (got {confidence})")
    frame = sweep if isinstance(sweep, pd.DataFrame) else load_sweep(sweep)
    definition = sweep_definition(frame)
    kind, count = parse_design(definition["design"])
    if kind not in ("sobol", "morris"):
        raise ValueError(
            f"sensitivity indices need a sobol:N or morris:N sweep "
            f"(this one's design is {definition['design']!r})"
        )
    parameters = list(definition["space"])
    assert count is not None
    size = count * (len(parameters) + (2 if kind == "sobol" else 1))
    if len(definition["points"]) != size or any("unit" not in p for p in definition["points"]):
        raise ValueError(
            f"this {definition['design']} sweep does not hold {kind}'s sample of {size} points "
            "with unit coordinates (a sweep made before SALib designs?); run it again into a "
            "new directory"
        )
    outcome = _point_outcomes(frame, metric, len(definition["points"]))
    if store is not None:
        if store not in outcome.columns:
            raise ValueError(f"no store {store!r} in the sweep (stores: {', '.join(outcome)})")
        outcome = outcome[[store]]
    unit = np.array([entry["unit"] for entry in definition["points"]], dtype=float)
    rows = []
    for name in outcome.columns:
        y = outcome[name].to_numpy(dtype=float)
        if not np.isfinite(y).all():
            raise ValueError(
                f"{metric} of store {name!r} is not finite at points "
                f"{np.flatnonzero(~np.isfinite(y)).tolist()[:10]}; indices need a number "
                "at every point"
            )
        indices = _sobol(y, len(parameters), confidence) if kind == "sobol" else _morris(
            unit, y, confidence
        )
        rows.append(pd.DataFrame({"store": name, "parameter": parameters, **indices}))
    table = pd.concat(rows, ignore_index=True)
    table.attrs.update(method=kind, metric=metric)
    return table


def _point_outcomes(frame: pd.DataFrame, metric: str, points: int) -> pd.DataFrame:
    """Mean over replications of ``metric`` per point (rows, in design order) and store."""
    values = replication_values(frame, metric)
    means = values.groupby(["point", "store"], observed=True)["value"].mean().unstack("store")
    missing = sorted(set(range(points)) - set(means.index))
    if missing:
        raise ValueError(
            f"indices need every point of the design; {len(missing)} point(s) are not done "
            f"({missing[:10]}{' ...' if len(missing) > 10 else ''}): run the sweep again to "
            "complete them"
        )
    return means.sort_index()


def _sobol(y: np.ndarray, dimensions: int, confidence: float) -> dict[str, Any]:
    from SALib.analyze import sobol

    if np.ptp(y) == 0:  # no variance to share out: the indices are undefined
        return {column: np.full(dimensions, np.nan) for column in ("S1", "S1_conf", "ST", "ST_conf")}
    result = sobol.analyze(
        unit_problem(dimensions),
        y,
        calc_second_order=False,
        num_resamples=RESAMPLES,
        conf_level=confidence,
        seed=_BOOTSTRAP_SEED,
    )
    return {column: np.asarray(result[column]) for column in ("S1", "S1_conf", "ST", "ST_conf")}


def _morris(unit: np.ndarray, y: np.ndarray, confidence: float) -> dict[str, Any]:
    from SALib.analyze import morris

    result = morris.analyze(
        unit_problem(unit.shape[1]),
        unit,
        y,
        num_resamples=RESAMPLES,
        conf_level=confidence,
        num_levels=MORRIS_LEVELS,
        seed=_BOOTSTRAP_SEED,
    )
    return {column: np.asarray(result[column], dtype=float)
            for column in ("mu", "mu_star", "mu_star_conf", "sigma")}
