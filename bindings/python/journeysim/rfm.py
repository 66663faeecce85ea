"""RFM summaries of a transaction log: :func:`rfm`.

Recency, frequency and monetary value per customer, in the layout customer-base libraries
(``lifetimes``, ``btyd``, PyMC-Marketing's CLV models) fit their models to. A customer here
is a (household, store) pair within one replication: the same household is a separate
customer of each store it buys from, and replications are independent samples.

Purchases are counted on distinct purchase periods (days, or weeks), as
``lifetimes.utils.summary_data_from_transaction_data`` does: several purchases on one day
are one purchase of their summed value.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["rfm"]

_UNIT_DAYS = {"days": 1.0, "weeks": 7.0}

_REQUIRED = ("household", "store", "time", "price_paid")


def rfm(
    transactions: pd.DataFrame,
    observation_end: float | None = None,
    *,
    time_unit: str = "days",
) -> pd.DataFrame:
    """Per (replication, household, store): ``frequency``, ``recency``, ``T``, ``monetary_value``.

    Args:
        transactions: a frame as :func:`journeysim.load_transactions` returns (at least
            ``household``, ``store``, ``time`` in days and ``price_paid``; ``replication``
            when there are several).
        observation_end: the day the observation ends; purchases after it are left out.
            ``None``: the run's horizon for a complete log (``transactions.attrs
            ["observation_end"]``), else the day of the latest purchase.
        time_unit: ``"days"`` or ``"weeks"``: the period purchases are counted in and the
            unit of ``recency`` and ``T``.

    Returns one row per customer who bought at least once by ``observation_end``, sorted by
    (replication, household, store), with

    - ``frequency``: repeat purchases, the number of distinct purchase periods minus one;
    - ``recency``: last purchase period minus first, in ``time_unit``;
    - ``T``: the period of ``observation_end`` minus the first purchase period;
    - ``monetary_value``: the mean value of the repeat periods (the first left out), 0 when
      ``frequency`` is 0.

    Periods are whole: day ``d`` runs from time ``d`` to ``d + 1`` (week ``w`` from ``7w``).
    """
    if time_unit not in _UNIT_DAYS:
        raise ValueError(f"time_unit must be 'days' or 'weeks' (got {time_unit!r})")
    if not isinstance(transactions, pd.DataFrame):
        raise ValueError(
            f"transactions must be a DataFrame (got {type(transactions).__name__}); read a "
            "log with journeysim.load_transactions"
        )
    lacking = [column for column in _REQUIRED if column not in transactions.columns]
    if lacking:
        raise ValueError(f"transactions lacks the columns {', '.join(lacking)}")
    end = _observation_end(transactions, observation_end)
    unit = _UNIT_DAYS[time_unit]
    kept = transactions.loc[transactions["time"].to_numpy() <= end]
    has_replication = "replication" in kept.columns
    replication = (
        kept["replication"].to_numpy(np.int64) if has_replication
        else np.zeros(len(kept), np.int64)
    )
    household = kept["household"].to_numpy(np.int64)
    store_codes, stores = _codes(kept["store"])
    period = np.floor(kept["time"].to_numpy(np.float64) / unit).astype(np.int64)
    value = kept["price_paid"].to_numpy(np.float64)

    # Sorted by customer, then period; one key per customer keeps the sort a single pass.
    # (The groupby equivalent takes several times longer on logs of millions of rows.)
    households = int(household.max()) + 1 if len(kept) else 1
    customer = (replication * households + household) * max(len(stores), 1) + store_codes
    order = np.lexsort((period, customer))
    customer, period, value = customer[order], period[order], value[order]

    # Purchase periods: a customer's purchases in one period are one of their summed value.
    starts = _run_starts(customer, period)
    period_customer, period_of = customer[starts], period[starts]
    period_value = np.add.reduceat(value, starts) if len(starts) else value[:0]
    # Customers.
    firsts = _run_starts(period_customer)
    ends = np.r_[firsts[1:], len(period_customer)]
    frequency = (ends - firsts - 1).astype(np.int64)
    first_period, last_period = period_of[firsts], period_of[ends - 1]
    repeat_value = period_value.copy()
    repeat_value[firsts] = 0.0  # the first period is not a repeat purchase
    repeat_total = np.add.reduceat(repeat_value, firsts) if len(firsts) else repeat_value
    monetary = np.divide(repeat_total, frequency, out=np.zeros(len(firsts)), where=frequency > 0)

    row = order[starts[firsts]]  # a row of each customer, for its identifiers
    columns: dict[str, Any] = {}
    if has_replication:
        columns["replication"] = replication[row]
    columns["household"] = household[row]
    columns["store"] = _decode(store_codes[row], stores, kept["store"])
    columns["frequency"] = frequency
    columns["recency"] = (last_period - first_period).astype(np.float64)
    columns["T"] = (math.floor(end / unit) - first_period).astype(np.float64)
    columns["monetary_value"] = monetary
    out = pd.DataFrame(columns)
    out.attrs["observation_end"] = end
    out.attrs["time_unit"] = time_unit
    return out


def _run_starts(*keys: np.ndarray) -> np.ndarray:
    """Indices where a run of equal (key, ...) tuples starts, in sorted arrays."""
    if len(keys[0]) == 0:
        return np.zeros(0, np.int64)
    change = np.zeros(len(keys[0]), bool)
    change[0] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.flatnonzero(change)


def _codes(store: pd.Series) -> tuple[np.ndarray, Any]:
    """Stores as codes 0..n-1 in sorted (for a categorical: category) order, and the n stores."""
    if isinstance(store.dtype, pd.CategoricalDtype):
        return store.cat.codes.to_numpy(np.int64), store.cat.categories
    codes, uniques = pd.factorize(store, sort=True)
    return codes.astype(np.int64), uniques


def _decode(codes: np.ndarray, stores: Any, original: pd.Series) -> Any:
    if isinstance(original.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=original.dtype)
    return np.asarray(stores)[codes] if len(codes) else original.to_numpy()[:0]


def _observation_end(transactions: pd.DataFrame, observation_end: Any) -> float:
    if observation_end is None:
        observation_end = transactions.attrs.get("observation_end")
        if observation_end is None:
            if transactions.empty:
                raise ValueError("observation_end must be given for an empty transactions frame")
            return float(transactions["time"].max())
    try:
        if isinstance(observation_end, bool):
            raise TypeError
        end = float(observation_end)
    except (TypeError, ValueError):
        raise ValueError(
            f"observation_end must be a number of days (got {observation_end!r})"
        ) from None
    if not math.isfinite(end) or end < 0:
        raise ValueError(f"observation_end must be a finite day >= 0 (got {observation_end!r})")
    return end
