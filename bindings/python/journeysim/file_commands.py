"""The command line's commands that read files a run wrote: ``info``, ``summarize`` and
``compare`` (``docs/analysis.md``). Parsing the rest of the command line is in ``cli``."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

import h5py
import pandas as pd

from journeysim.arguments import BadInput
from journeysim.report import format_report

__all__ = ["add_commands"]

_FORMATS = ("table", "csv", "json")


def add_commands(commands: Any) -> None:
    """Adds ``info``, ``summarize`` and ``compare`` to the command line's subparsers."""
    info = commands.add_parser("info", help="describe a result file or a transaction log")
    info.add_argument("file", metavar="FILE.h5")
    info.set_defaults(command=_info)

    summarize = commands.add_parser("summarize", help="per-store summary of a result file")
    summarize.add_argument("file", metavar="FILE.h5")
    summarize.add_argument(
        "--ci", type=_level, metavar="LEVEL",
        help="with intervals: each metric's mean over replications with its t-interval at this "
        "level, e.g. 0.95, one row per store and metric",
    )
    summarize.add_argument("--format", choices=_FORMATS, default="table",
                           help="table (default), csv or json")
    summarize.set_defaults(command=_summarize)

    compare = commands.add_parser(
        "compare", help="B against A on a metric, paired by replication (docs/analysis.md)"
    )
    compare.add_argument("a", metavar="A.h5")
    compare.add_argument("b", metavar="B.h5", nargs="?",
                         help="the second run; without it, compare --stores or --markets in A")
    compare.add_argument("--metric", required=True, help="a metric of the results, e.g. profit")
    compare.add_argument("--stores", metavar="S1,S2", help="two stores of one run: S2 - S1")
    compare.add_argument(
        "--markets", metavar="M1,M2",
        help="two markets of one run (M2 - M1); with two runs, 'all' compares per market",
    )
    compare.add_argument("--ci", type=_level, default=0.95, metavar="LEVEL",
                         help="the intervals' level (default 0.95)")
    compare.add_argument("--format", choices=_FORMATS, default="table",
                         help="table (default), csv or json")
    compare.set_defaults(command=_compare)


def _info(args: argparse.Namespace) -> int:
    if _is_transaction_log(args.file):
        return _info_log(args.file)
    results = load(args.file)
    meta = results.meta
    rows = [
        ("file", args.file),
        ("journeysim", meta.get("journeysim_version", "?")),
        ("build", meta.get("build", "?")),
        ("scenario", meta.get("scenario_name", "?")),
        ("seed", meta.get("seed", "?")),
        ("replications", meta.get("replications", "?")),
    ]
    for key, value in rows:
        print(f"{key + ':':<14}{value}")
    print("tables:")
    for name, columns in results.tables.items():
        length = len(next(iter(columns.values()))) if columns else 0
        print(f"  {name:<16}{length:>10,} rows  {len(columns):>3} columns")
    return 0


def _info_log(path: str) -> int:
    from journeysim.transactions import load_transactions

    try:
        log = load_transactions(path, incomplete="ignore")
    except ValueError as error:
        raise BadInput(str(error)) from None
    complete = log.attrs.get("complete", False)
    print(f"{'file:':<14}{path}")
    print(f"{'kind:':<14}transaction log ({'complete' if complete else 'incomplete: a prefix'})")
    per_replication = log.groupby("replication").size() if len(log) else pd.Series(dtype=int)
    print(f"{'purchases:':<14}{len(log):,}")
    for replication, count in per_replication.items():
        print(f"  replication {replication:<4}{count:>12,} rows")
    if len(log):
        print(f"{'days:':<14}{log['time'].min():.1f} to {log['time'].max():.1f}")
    return 0


def _summarize(args: argparse.Namespace) -> int:
    results = load(args.file)
    if args.ci is None and args.format == "table":
        print(format_report(results))
        return 0
    summary = results.summary(ci=args.ci)
    print(_formatted(summary if args.ci is not None else summary.reset_index(), args.format))
    return 0


def _compare(args: argparse.Namespace) -> int:
    from journeysim.compare import compare

    a = load(args.a)
    b = load(args.b) if args.b else None
    stores = _pair(args.stores, "--stores") if args.stores else None
    if args.markets == "all":
        markets: Any = True
    else:
        markets = _pair(args.markets, "--markets") if args.markets else None
    try:
        table = compare(a, b, metric=args.metric, stores=stores, markets=markets, ci=args.ci)
    except ValueError as error:
        raise BadInput(str(error)) from None
    print(_formatted(table.reset_index(names=table.index.name or "compared"), args.format))
    return 0


def load(path: str) -> Any:
    """The results in ``path``; not a result file: BadInput naming it and what is wrong."""
    from journeysim.hdf5 import load_results

    try:
        return load_results(path)
    except ValueError as error:  # not a result file: the user pointed at the wrong file
        raise BadInput(str(error)) from None


def _is_transaction_log(path: str) -> bool:
    try:
        with h5py.File(path, "r", locking=False) as file:
            return "transactions" in file and "store_periods" not in file
    except OSError:
        return False  # load_results says what is wrong with it


def _pair(text: str, option: str) -> tuple[str, str]:
    names = [name.strip() for name in text.split(",")]
    if len(names) != 2 or not all(names):
        raise BadInput(f"{option} {text!r}: expected two names, NAME1,NAME2")
    return names[0], names[1]


def _level(text: str) -> float:
    try:
        level = float(text)
    except ValueError:
        level = math.nan
    if not 0.0 < level < 1.0:
        raise argparse.ArgumentTypeError(f"must be a level in (0, 1), e.g. 0.95 (got {text!r})")
    return level


def _formatted(frame: pd.DataFrame, how: str) -> str:
    if how == "csv":
        return frame.to_csv(index=False).rstrip("\n")
    if how == "json":
        records = json.loads(frame.to_json(orient="records", double_precision=15))
        return json.dumps(records, indent=1)
    with pd.option_context("display.width", 200, "display.max_columns", 50,
                           "display.max_rows", 10_000):
        return frame.to_string(index=False, float_format=lambda v: f"{v:.6g}")
