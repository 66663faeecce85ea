"""The dated events a scenario describes: openings, closings, moves, retirements, shocks,
platform launches and stores joining or leaving social media.

Plots mark them on the time axis (:func:`journeysim.plot.mark_events`) so a change in a
curve can be read against what happened then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from journeysim.scenario import Scenario

__all__ = ["scenario_events"]


def scenario_events(scenario: Scenario) -> pd.DataFrame:
    """One row per dated event, in date order: ``date`` (Timestamp) and ``event`` (text).

    Events at the very start of the run (stores open from day 0) are left out.
    """
    data = scenario.to_dict()
    start = int(data.get("simulation", {}).get("start_year", 1950))
    rows: list[tuple[pd.Timestamp, str]] = []

    def add(when: Any, text: str) -> None:
        date = _date(when, start)
        if date is not None and date > pd.Timestamp(start, 1, 1):
            rows.append((date, text))

    for name, mall in data.get("malls", {}).items():
        add(mall.get("opens"), f"{name} opens")
        add(mall.get("closes"), f"{name} closes")
    for name, store in data.get("stores", {}).items():
        add(store.get("opens"), f"{name} opens")
        add(store.get("closes"), f"{name} closes")
        for person, spec in store.get("salespeople", {}).items():
            add(spec.get("retires"), f"{person} retires ({name})")
        add(store.get("social_media", {}).get("from"), f"{name} on social media")
    for name, platform in data.get("platforms", {}).items():
        add(platform.get("launch"), f"{name} launches")
    for change in data.get("timeline", []):
        if "price_sensitivity" in change:
            add(change.get("date"), f"shock: price sensitivity x{change['price_sensitivity']:g}")
            add(change.get("until"), "shock ends")
            continue
        what = [
            f"moves to {change['mall']}" if "mall" in change else None,
            "moves" if "x" in change else None,
            f"price {change['price_index']:g}" if "price_index" in change else None,
            f"availability {change['availability']:g}" if "availability" in change else None,
            f"referral {change['referral']}" if "referral" in change else None,
            f"pricing {change['pricing']}" if "pricing" in change else None,
            f"{change['social_media']} social media" if "social_media" in change else None,
            f"engagement {change['engagement']:g}" if "engagement" in change else None,
            f"listening {change['listening_per_year']:g}/year"
            if "listening_per_year" in change
            else None,
        ]
        add(change.get("date"), f"{change.get('store', '?')}: {', '.join(w for w in what if w)}")
    frame = pd.DataFrame(rows, columns=["date", "event"])
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def _date(when: Any, start_year: int) -> pd.Timestamp | None:
    """A scenario date (a date, or a possibly fractional year) as a Timestamp."""
    if when is None:
        return None
    if isinstance(when, dt.date):
        return pd.Timestamp(when)
    year = float(when)
    whole = int(year)
    return pd.Timestamp(whole, 1, 1) + pd.Timedelta(days=round((year - whole) * 365))
