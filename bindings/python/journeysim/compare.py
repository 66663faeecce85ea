"""Paired comparisons: is B better than A, by how much, and how sure (``docs/analysis.md``).

Two runs of the same scenario shape and seed share their random numbers replication by
replication (common random numbers, ``docs/sweeps.md``), so replication ``r`` of one is the
same town as replication ``r`` of the other and their difference carries only the effect of
what changed. :func:`compare` takes each replication's difference, and gives its mean with a
t-interval and the paired t-test's two-sided p-value. Within one run it compares two stores
or two markets the same way.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from journeysim.intervals import check_level, t_interval
from journeysim import results
from journeysim.results import Results

__all__ = ["compare"]

COLUMNS = ("a", "b", "difference", "lo", "hi", "p_value", "n", "paired")


def compare(
    a: Results | str | os.PathLike[str],
    b: Results | str | os.PathLike[str] | None = None,
    *,
    metric: str,
    stores: Sequence[str] | None = None,
    markets: Sequence[str] | bool | None = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    """B against A on ``metric`` over the run, paired by replication.

    - ``compare(a, b, metric="profit")``: two runs (Results, or paths to result files); one
      row per store (``markets=True``: per market), B's value less A's.
    - ``compare(res, metric="profit", stores=("kringle_plain", "kringle_refers"))``: within
      one run, the second store less the first; ``markets=("west", "east")`` likewise for
      two markets' totals.

    Columns: ``a`` and ``b`` (means over replications), ``difference`` (mean of b - a),
    ``lo`` and ``hi`` (its t-interval at ``ci``), ``p_value`` (paired t-test, two-sided),
    ``n`` (replications) and ``paired``. Runs with different seeds are not paired: their
    difference is Welch's, with a warning.
    """
    level = check_level(ci)
    a = _results(a, "a")
    if metric not in results.METRICS:
        raise ValueError(f"metric: unknown {metric!r} (known: {', '.join(results.METRICS)})")
    if b is None:
        return _within(a, metric, stores, markets, level)
    if stores is not None:
        raise ValueError("stores: compares two stores within one run; give one run, not two")
    b = _results(b, "b")
    if list(a.stores.index) != list(b.stores.index):
        raise ValueError(
            f"a and b have different stores ({', '.join(a.stores.index)} against "
            f"{', '.join(b.stores.index)}): not the same scenario shape"
        )
    paired = a.seed == b.seed and a.replications == b.replications
    if not paired:
        warnings.warn(
            f"a and b have different seeds or replications (seed {a.seed} x {a.replications}, "
            f"seed {b.seed} x {b.replications}): compared unpaired (Welch)",
            stacklevel=2,
        )
    by_market = markets is True
    if markets not in (None, True, False):
        raise ValueError("markets: with two runs, True (per market) or None (per store)")
    groups = list(a.markets) if by_market else list(a.stores.index)
    va, vb = (_values(r, metric, by_market) for r in (a, b))
    rows = [_row(va[g], vb[g], level, paired) for g in groups]
    return pd.DataFrame(rows, columns=COLUMNS, index=pd.Index(groups, name=va.columns.name))


def _within(
    res: Results, metric: str, stores: Sequence[str] | None, markets: object, level: float
) -> pd.DataFrame:
    if (stores is None) == (markets is None or markets is False):
        raise ValueError("give two stores (stores=(a, b)) or two markets (markets=(a, b)) to "
                         "compare within one run, or a second run")
    by_market = stores is None
    pair = list(markets if by_market else stores)  # type: ignore[arg-type]
    known = list(res.markets) if by_market else list(res.stores.index)
    what = "markets" if by_market else "stores"
    if len(pair) != 2:
        raise ValueError(f"{what}: two names to compare (got {pair!r})")
    for name in pair:
        if name not in known:
            raise ValueError(f"{what}: no {name!r} in these results (known: {', '.join(known)})")
    values = _values(res, metric, by_market)
    row = _row(values[pair[0]], values[pair[1]], level, True)
    return pd.DataFrame([row], columns=COLUMNS, index=pd.Index([f"{pair[1]} - {pair[0]}"]))


def _results(value: Results | str | os.PathLike[str], name: str) -> Results:
    if isinstance(value, Results):
        return value
    if isinstance(value, (str, os.PathLike)):
        from journeysim.hdf5 import load_results

        return load_results(value)
    raise TypeError(f"{name}: Results or a path to a results file (got {type(value).__name__})")


def _values(res: Results, metric: str, by_market: bool) -> pd.DataFrame:
    """Replications (rows) by store or market (columns): the metric over the run."""
    per = res.summary(by="replication")
    table = per.pivot(index="replication", columns="store", values=metric)
    table.columns = table.columns.astype(str)
    if not by_market:
        return table
    if not res.markets:
        raise ValueError("markets: these results have no [markets] in their scenario")
    if metric not in results.SUMMED:
        raise ValueError(
            f"metric: {metric!r} is not a total, so it has no market value; "
            f"compare stores, or one of: {', '.join(results.SUMMED)}"
        )
    totals = pd.DataFrame({name: table[stores].sum(axis=1) for name, stores in res.markets.items()})
    totals.columns.name = "market"
    return totals


def _row(a: pd.Series, b: pd.Series, level: float, paired: bool) -> tuple:
    xa, xb = a.to_numpy(dtype=float), b.to_numpy(dtype=float)
    if paired:
        difference = xb - xa
        mean, sd, lo, hi, n = t_interval(difference, level)
        if n < 2:
            p = np.nan
        elif sd == 0.0:
            p = 1.0 if mean == 0.0 else 0.0
        else:
            p = float(stats.ttest_1samp(difference[np.isfinite(difference)], 0.0).pvalue)
        return (float(np.nanmean(xa)), float(np.nanmean(xb)), mean, lo, hi, p, n, True)
    test = stats.ttest_ind(xb, xa, equal_var=False, nan_policy="omit")
    mean = float(np.nanmean(xb) - np.nanmean(xa))
    se = float(np.sqrt(np.nanvar(xa, ddof=1) / len(xa) + np.nanvar(xb, ddof=1) / len(xb)))
    half = float(stats.t.ppf(0.5 + level / 2.0, test.df)) * se if np.isfinite(test.df) else np.nan
    n = min(len(xa), len(xb))
    return (float(np.nanmean(xa)), float(np.nanmean(xb)), mean, mean - half, mean + half,
            float(test.pvalue), n, False)
