"""A business's transaction export (a CRM's or a till's), as calibration reads it.

One row per purchase (or per line of one): ``customer`` (any id), ``store`` (a store of the
scenario), ``date`` and ``amount`` (what the customer paid). It is compared with the
simulation through repeat-purchase summaries per store (``repeat_purchases.py``) over the
window the export covers: from the start of the scenario's period holding its first date to
the end of the period holding its last. Dates map to the engine's days on its 365-day
calendar (29 February counts as 28 February, as scenario dates do).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from journeysim.errors import ConfigError

__all__ = ["COLUMNS", "Export", "as_export", "read_export"]

#: The columns an export must have.
COLUMNS = ("customer", "store", "date", "amount")

_MONTH_STARTS = np.cumsum([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30])


@dataclass(frozen=True)
class Export:
    """A checked export: ``transactions`` as :func:`repeat_purchase_summaries` reads them
    (``replication`` 0, ``household`` the customer's code, ``store``, ``time`` in days,
    ``price_paid``), and the ``window`` ``(start, end)`` in days with ``first_period``, the
    date its first period starts."""

    transactions: pd.DataFrame
    window: tuple[float, float]
    first_period: pd.Timestamp


def read_export(frame: pd.DataFrame, calendar: pd.DataFrame, where: str,
                issues: list[tuple[str, str]]) -> Export:
    """``frame`` checked against the scenario's periods (``calendar``: ``date``,
    ``start_day``, ``end_day`` per period); every problem, with the ``issues`` found before
    (its stores, checked as a metric table's are), is a ConfigError at ``where``, raised
    before any calibration run."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ConfigError([(where, f"the transaction export has no {c!r} column (columns: "
                                   f"{_names(frame.columns)}; an export needs "
                                   f"{_names(COLUMNS)})") for c in missing])
    if frame.empty:
        raise ConfigError([(where, "the transaction export has no rows")])
    issues = list(issues)
    if frame["customer"].isna().any():
        issues.append((where, f"customer is empty in {int(frame['customer'].isna().sum())} "
                              "row(s)"))
    dates = pd.to_datetime(frame["date"], errors="coerce")
    if dates.isna().any():
        issues.append((where, f"date {frame['date'][dates.isna()].iloc[0]!r} is not a date"))
    amount = pd.to_numeric(frame["amount"], errors="coerce")
    bad = ~(np.isfinite(amount) & (amount >= 0))
    if bad.any():
        value = frame["amount"][bad].iloc[0]
        value = value.item() if isinstance(value, np.generic) else value
        issues.append((where, f"amount {value!r} is not a number >= 0 ({int(bad.sum())} "
                              "row(s))"))
    bounds = np.r_[calendar["start_day"].to_numpy(np.float64),
                   calendar["end_day"].to_numpy(np.float64)[-1:]]
    days = _days(dates.fillna(calendar["date"].iloc[0]), calendar)
    outside = (days < bounds[0]) | (days >= bounds[-1])
    if outside.any():
        first = pd.Timestamp(calendar["date"].iloc[0])
        last = _dates(np.array([bounds[-1] - 1.0]), _start_year(calendar))[0]
        more = f" (and {int(outside.sum()) - 1} more)" if outside.sum() > 1 else ""
        issues.append((where, f"date {dates[outside].iloc[0]:%Y-%m-%d}{more} is outside the "
                              f"run's measured periods ({first:%Y-%m-%d} to {last:%Y-%m-%d}, "
                              f"{len(calendar)} periods)"))
    if issues:
        raise ConfigError(issues)
    first = int(np.searchsorted(bounds, days.min(), side="right")) - 1
    last = int(np.searchsorted(bounds, days.max(), side="right")) - 1
    transactions = pd.DataFrame({
        "replication": np.zeros(len(frame), np.int64),
        "household": pd.factorize(frame["customer"].astype(str))[0].astype(np.int64),
        "store": frame["store"].astype(str).to_numpy(),
        "time": days,
        "price_paid": amount.to_numpy(np.float64),
    })
    return Export(transactions, (float(bounds[first]), float(bounds[last + 1])),
                  pd.Timestamp(calendar["date"].iloc[first]))


def _days(dates: pd.Series, calendar: pd.DataFrame) -> np.ndarray:
    """The engine's day of each date: its 365-day calendar counted from the first period's
    start (a date and its day), 29 February as 28 February."""
    anchor = pd.Timestamp(calendar["date"].iloc[0])
    dates = pd.DatetimeIndex(dates)
    return (float(calendar["start_day"].iloc[0]) + 365.0 * (dates.year - anchor.year).to_numpy()
            + _day_of_year(dates) - _day_of_year(pd.DatetimeIndex([anchor]))[0])


def _start_year(calendar: pd.DataFrame) -> int:
    anchor = pd.Timestamp(calendar["date"].iloc[0])
    offset = float(calendar["start_day"].iloc[0]) - _day_of_year(pd.DatetimeIndex([anchor]))[0]
    return anchor.year - round(offset / 365.0)


def _dates(days: np.ndarray, start_year: int) -> pd.DatetimeIndex:
    """The dates of engine days (the inverse of :func:`_days`)."""
    day = np.floor(days).astype(np.int64)
    day_of_year = day % 365
    month = np.searchsorted(_MONTH_STARTS, day_of_year, side="right")
    return pd.DatetimeIndex(pd.to_datetime(pd.DataFrame({
        "year": start_year + day // 365, "month": month,
        "day": day_of_year - _MONTH_STARTS[month - 1] + 1})))


def _day_of_year(dates: pd.DatetimeIndex) -> np.ndarray:
    month, day = dates.month.to_numpy(), dates.day.to_numpy()
    return (_MONTH_STARTS[month - 1] + np.where((month == 2) & (day == 29), 28, day) - 1
            ).astype(np.float64)


def _names(values: Any) -> str:
    return ", ".join(str(v) for v in values)


def as_export(transactions: pd.DataFrame, replication: int = 0) -> pd.DataFrame:
    """A run's transaction log (:func:`journeysim.load_transactions`) as a business would
    export it: one replication's purchases as ``customer`` (``h<household>``), ``store``,
    ``date`` and ``amount``. What synthetic checks of a calibration start from."""
    if "start_year" not in transactions.attrs:
        raise ValueError("transactions: no start_year in its attrs (read the log with "
                         "journeysim.load_transactions)")
    rows = transactions[transactions["replication"] == replication]
    dates = _dates(rows["time"].to_numpy(np.float64), int(transactions.attrs["start_year"]))
    return pd.DataFrame({
        "customer": "h" + rows["household"].astype(str).to_numpy(),
        "store": rows["store"].astype(str).to_numpy(),
        "date": dates.to_numpy(),
        "amount": rows["price_paid"].to_numpy(np.float64),
    })
