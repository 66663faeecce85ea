"""What the ``journeysim`` command prints: a run's report, and sizes in binary units.

Plain text for a terminal or a log: the per-store summary (:meth:`Results.summary`) as a
table with short headings, the referral matrix, and a line each on the population and the
platforms. The command line itself (parsing, commands, exit codes) is ``cli.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from journeysim.results import Results, metric_info

__all__ = [
    "format_adoption",
    "format_bytes",
    "format_population",
    "format_report",
    "format_summary",
]


def format_bytes(count: int) -> str:
    """Bytes in binary units, as the engine's messages give them."""
    value, unit = float(count), "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            break
        value /= 1024
    return f"{value:.0f} B" if unit == "B" else f"{value:.1f} {unit}"


# Short headings for the terminal; the DataFrame keeps the full names.
_HEADINGS = {
    "lost_sales": "lost",
    "referrals_given": "referred",
    "referrals_received": "received",
    "special_orders": "ordered",
    "sale_purchases": "on_sale",
    "cards_issued": "cards",
    "marketing_cost": "marketing",
    "mean_wait_min": "wait_min",
    "p95_wait_min": "p95_min",
    "active_customers": "active",
    "mean_trust": "trust",
}


# Always in the terminal summary; the other metrics only when some store has any (a
# scenario without sales, cards or referrals does not show their empty columns).
_ALWAYS = (
    "visits",
    "purchases",
    "lost_sales",
    "revenue",
    "share",
    "mean_wait_min",
    "p95_wait_min",
    "active_customers",
    "mean_trust",
)

# How the terminal shows a value of each unit (the units the engine gives its metrics).
_COUNT = "{:,.0f}".format
_FORMATS: dict[str, Callable[[Any], str]] = {
    "count": _COUNT,
    "households": _COUNT,
    "currency": _COUNT,
    "fraction": "{:.1%}".format,
    "minutes": "{:.1f}".format,
    "customers": "{:.2f}".format,
    "trust": "{:.3f}".format,
    "stars": "{:.2f}".format,
    "probability": "{:.0%}".format,
    "breadth": "{:.2f}".format,
}


def format_report(results: Results) -> str:
    """The per-store summary, then the referral matrix when any store referred anyone, then
    a line each on the population and the platforms when they changed or exist."""
    text = format_summary(results.summary(), results.replications)
    matrix = results.referral_matrix()
    if matrix.to_numpy().any():
        runs = results.replications
        per_run = "" if runs == 1 else f", summed over {runs} replications"
        text += f"\n\nReferrals from (rows) to (columns){per_run}:\n{matrix.to_string()}"
    for line in (format_population(results.population), format_adoption(results.adoption)):
        if line:
            text += f"\n\n{line}"
    return text


def format_adoption(adoption: pd.DataFrame) -> str:
    """One line with each platform's adopters at the end, as a share of its audience, or ""
    when the scenario has no platforms."""
    if adoption.empty:
        return ""
    last = adoption[adoption["period"] == adoption["period"].max()]
    share = last.groupby("platform", observed=True)["share"].mean()
    runs = adoption["replication"].nunique()
    mean = "" if runs == 1 else f", means over {runs} replications"
    each = ", ".join(
        f"{name} {'-' if pd.isna(value) else f'{value:.0%}'}" for name, value in share.items()
    )
    return f"Platforms at the end (adopters as a share of the audience{mean}): {each}."


_POPULATION_EVENTS = ("moved_in", "moved_out", "founded", "born", "came_of_age")


def format_population(population: pd.DataFrame) -> str:
    """One line on how the population changed over the measured periods, or "" when it did
    not (a population without a [population] table, or with every rate 0)."""
    if population.empty or not population[list(_POPULATION_EVENTS)].to_numpy().any():
        return ""
    runs = population["replication"].nunique()
    per_run = population.groupby("replication")
    events = per_run[list(_POPULATION_EVENTS)].sum().mean()
    last = per_run[["households", "children"]].last().mean()
    mean = "" if runs == 1 else f" (means over {runs} replications)"
    moves = ", ".join(
        f"{name.replace('_', ' ')} {events[name]:,.0f}" for name in _POPULATION_EVENTS
    )
    return (
        f"Population{mean}: {moves}; at the end {last['households']:,.0f} households and "
        f"{last['children']:,.0f} children at home under 18."
    )


def format_summary(summary: pd.DataFrame, replications: int) -> str:
    """The per-store summary as a readable table with a line saying what it shows."""
    info = metric_info()
    units = dict(info.loc[info["table"] == "store_periods", ["name", "unit"]].to_numpy())
    unused = [c for c in units if c not in _ALWAYS and c in summary and not summary[c].any()]
    summary = summary.drop(columns=unused)
    formatters = {
        _HEADINGS.get(name, name): _FORMATS.get(unit, "{:.3g}".format)
        for name, unit in units.items()
    }
    table = summary.rename(columns=_HEADINGS).to_string(formatters=formatters, na_rep="-")
    runs = "one run" if replications == 1 else f"means over {replications} replications"
    note = (
        f"Per store, {runs}: totals over the run, share of purchases, waits in minutes "
        "(mean, and mean of the periods' p95), active customers and their trust at the end."
    )
    return f"{table}\n{note}"
