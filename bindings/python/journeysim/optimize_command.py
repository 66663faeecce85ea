"""The command line's ``optimize``: the best of the decisions, ranked, and how sure
(``docs/optimisation.md``). Parsing the rest of the command line is in ``cli``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from journeysim import arguments
from journeysim.arguments import BadInput

__all__ = ["add_command"]


def add_command(commands: Any) -> None:
    """Adds ``optimize`` to the command line's subparsers."""
    optimize = commands.add_parser(
        "optimize", help="the best of some decisions, with intervals and the probability of "
        "being best (docs/optimisation.md)"
    )
    optimize.add_argument("scenario", metavar="SCENARIO", help="a scenario file (TOML)")
    optimize.add_argument(
        "--decide", action="append", default=[], metavar="PATH=SPEC",
        help="a decision: PATH=v1,v2,... (choices) or PATH=lo:hi (whole numbers if both are, "
        "else continuous) (repeatable)",
    )
    optimize.add_argument("--objective", required=True, metavar="METRIC",
                          help="a metric over the run, e.g. profit")
    optimize.add_argument("--store", default=None, metavar="NAME",
                          help="the store whose metric counts (default: the sum over stores)")
    optimize.add_argument("--minimize", action="store_true", help="minimise (default: maximise)")
    optimize.add_argument("--discount-rate", type=float, default=None, metavar="RATE",
                          help="the objective's present value at this rate per year (a total)")
    optimize.add_argument(
        "--constraint", action="append", default=[], type=_constraint, metavar="METRIC<=X",
        help="a bound on a metric's mean, METRIC<=X or METRIC>=X, e.g. mean_wait_min<=10 "
        "(repeatable)",
    )
    optimize.add_argument("--budget", type=arguments.positive, default=50, metavar="N",
                          help="runs at most (default 50)")
    optimize.add_argument("--replications", type=arguments.positive, default=5, metavar="R",
                          help="per run (default 5)")
    optimize.add_argument("--delta", type=float, default=None, metavar="D",
                          help="the indifference zone, in the objective's units "
                          "(default: 1%% of the largest mean)")
    optimize.add_argument("--seed", type=arguments.non_negative, default=0,
                          help="root seed shared by every candidate (default 0)")
    optimize.add_argument(
        "--world", action="append", default=[], metavar="PATH=VALUE[;PATH=VALUE...]",
        help="a plausible world, overrides of the scenario: every candidate runs in each and "
        "is judged by --robust-statistic over them (repeatable)",
    )
    optimize.add_argument(
        "--robust-statistic", type=_statistic, default="mean", metavar="mean|Q",
        help="over the worlds, per replication: mean (default) or the Q-quantile, e.g. 0.0 "
        "for the worst world",
    )
    optimize.add_argument(
        "--dask", default=None, metavar="ADDRESS",
        help="run the candidates on the Dask cluster whose scheduler is at ADDRESS",
    )
    optimize.add_argument("--out", default=None, metavar="DIR",
                          help="write DIR/candidates.csv, every candidate evaluated")
    from journeysim.cli import add_set  # cli is loaded: it is building its parser

    add_set(optimize)
    optimize.add_argument("--no-progress", action="store_true", help="no progress bar")
    optimize.set_defaults(command=_optimize)


def _optimize(args: argparse.Namespace) -> int:
    from journeysim.cli import parse_assignment, parse_parameter, scenario_of
    from journeysim.optimize import optimize

    scenario = scenario_of(args)
    decisions = dict(_decision(parse_parameter, item) for item in args.decide)
    if not decisions:
        raise BadInput("give at least one --decide PATH=v1,v2 or PATH=lo:hi")
    out = Path(args.out) if args.out is not None else None
    if out is not None and out.exists() and not out.is_dir():
        raise BadInput(f"--out {out}: not a directory")
    try:
        found = optimize(
            scenario, decisions, args.objective, store=args.store, maximize=not args.minimize,
            budget=args.budget, replications=args.replications, seed=args.seed,
            delta=args.delta, constraints=dict(args.constraint), executor=args.dask,
            robust=[_world(parse_assignment, text) for text in args.world] or None,
            robust_statistic=args.robust_statistic, discount_rate=args.discount_rate,
            progress=not args.no_progress,
        )
    except ValueError as error:
        if type(error) is not ValueError:
            raise  # a ConfigError: cli prints its issues one per line
        raise BadInput(str(error)) from None
    ranking = found.table.drop(columns=["values", "selected"])
    ranking.index = range(1, len(ranking) + 1)
    ranking.index.name = "rank"
    print(f"{found.procedure}: {len(ranking)} candidate(s); best {_assignments(found.best)}, "
          f"{args.objective} {found.value['mean']:.6g} [{found.value['lo']:.6g}, "
          f"{found.value['hi']:.6g}], probability best {found.probability_best:.3f}"
          + (f" (indifference zone {found.delta:.6g})" if found.delta is not None else ""))
    print(ranking.to_string(float_format=lambda v: f"{v:.6g}"))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        table = found.table.copy()
        table["values"] = [";".join(f"{v:.17g}" for v in values) for values in table["values"]]
        table.to_csv(out / "candidates.csv", index=False)
        print(f"wrote {out / 'candidates.csv'}", file=sys.stderr)
    return 0


def _decision(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return parse(text)
    except BadInput:
        raise BadInput(f"--decide {text!r}: expected path=v1,v2,... or path=lo:hi") from None


def _constraint(text: str) -> tuple[str, tuple[str, float]]:
    """``METRIC<=X`` or ``METRIC>=X`` as (metric, (operator, X))."""
    for operator in ("<=", ">="):
        metric, found, bound = text.partition(operator)
        if found:
            try:
                return metric.strip(), (operator, float(bound))
            except ValueError:
                break
    raise argparse.ArgumentTypeError(f"{text!r}: expected METRIC<=X or METRIC>=X")


def _world(parse: Any, text: str) -> dict[str, Any]:
    return dict(parse(part) for part in text.split(";") if part.strip())


def _statistic(text: str) -> str | float:
    if text == "mean":
        return text
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: mean or a quantile in [0, 1]") from None


def _assignments(best: dict[str, Any]) -> str:
    return ", ".join(f"{path}={value}" for path, value in best.items())
