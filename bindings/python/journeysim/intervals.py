"""Intervals over replications: Student-t intervals of means, for summaries and comparisons.

Replications are independent draws of a run's outcome, so a metric's mean over ``n``
replications has the interval ``mean ± t(1 - (1 - ci)/2, n - 1) · sd / sqrt(n)``. With one
replication there is no spread to speak of: ``sd``, ``lo`` and ``hi`` are NaN.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["check_level", "interval_table", "t_interval"]

INTERVAL_COLUMNS = ("mean", "sd", "lo", "hi", "n")


def check_level(ci: float) -> float:
    """``ci`` as a float, or ValueError unless it is strictly between 0 and 1."""
    if isinstance(ci, bool) or not isinstance(ci, (int, float)) or not 0.0 < ci < 1.0:
        raise ValueError(f"ci: must be a confidence level in (0, 1), e.g. 0.95 (got {ci!r})")
    return float(ci)


def t_interval(values: Sequence[float] | np.ndarray, ci: float) -> tuple[float, ...]:
    """(mean, sd, lo, hi, n) of the finite ``values``: the t-interval of their mean."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return (np.nan, np.nan, np.nan, np.nan, 0)
    mean = float(x.mean())
    if n == 1:
        return (mean, np.nan, np.nan, np.nan, 1)
    sd = float(x.std(ddof=1))
    half = float(stats.t.ppf(0.5 + ci / 2.0, n - 1)) * sd / np.sqrt(n)
    return (mean, sd, mean - half, mean + half, n)


def interval_table(
    per_replication: pd.DataFrame, keys: Sequence[str], metrics: Sequence[str], ci: float
) -> pd.DataFrame:
    """A long table: one row per (keys..., metric) with the t-interval of its mean over the
    rows of ``per_replication`` (one row per replication and key), keys in their order."""
    rows = []
    for key, part in per_replication.groupby(list(keys), sort=False, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        for metric in metrics:
            rows.append((*key, metric, *t_interval(part[metric].to_numpy(), ci)))
    table = pd.DataFrame(rows, columns=[*keys, "metric", *INTERVAL_COLUMNS])
    table["n"] = table["n"].astype(np.int64)
    return table
