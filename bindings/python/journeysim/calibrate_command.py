"""The command line's ``calibrate``: a scenario's parameters fitted to observed data
(``docs/calibration.md``), in a directory that a rerun of the same command resumes
(``calibration_directory.py``). Parsing the rest of the command line is in ``cli``."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

from journeysim import arguments
from journeysim.arguments import BadInput
from journeysim.calibration_directory import open_directory
from journeysim.output_paths import write_text_atomically

__all__ = ["add_command"]


def add_command(commands: Any) -> None:
    """Adds ``calibrate`` to the command line's subparsers."""
    calibrate = commands.add_parser(
        "calibrate", help="fit parameters to a business's own history, with approximate "
        "intervals (docs/calibration.md)"
    )
    calibrate.add_argument("scenario", metavar="SCENARIO", help="a scenario file (TOML)")
    calibrate.add_argument("--observed", required=True, action="append", metavar="FILE",
                           help="a tidy CSV or Parquet file: period, store, metrics[, weight]; "
                           "or a transaction export: customer, store, date, amount "
                           "(repeatable)")
    calibrate.add_argument("--param", action="append", default=[], metavar="PATH=LO:HI",
                           help="a parameter and its range (whole numbers if both ends are) "
                           "(repeatable)")
    calibrate.add_argument("--budget", type=arguments.positive, default=None, metavar="N",
                           help="points evaluated (default 300 with abc, 40 with tpe)")
    calibrate.add_argument("--method", choices=["abc", "tpe"], default="abc",
                           help="abc: an ABC-SMC posterior, intervals that hold the truth "
                           "at least as often as they say; tpe: a quick search, far too "
                           "narrow intervals (docs/calibration.md; default abc)")
    calibrate.add_argument("--replications", type=arguments.positive, default=4, metavar="R",
                           help="per point, >= 2 (default 4)")
    calibrate.add_argument("--seed", type=arguments.non_negative, default=0,
                           help="the calibration's seed: the same seed, the same fit (default 0)")
    calibrate.add_argument("--dask", default=None, metavar="ADDRESS",
                           help="run the points on the Dask cluster whose scheduler is at "
                           "ADDRESS")
    calibrate.add_argument("--out", required=True, metavar="DIR",
                           help="write DIR/calibrated.toml, DIR/history.csv (a row per point "
                           "as it finishes) and DIR/fit.png; the same command again resumes")
    from journeysim.cli import add_set  # cli is loaded: it is building its parser

    add_set(calibrate)
    calibrate.add_argument("--no-progress", action="store_true", help="no progress bar")
    calibrate.set_defaults(command=_calibrate)


def _calibrate(args: argparse.Namespace) -> int:
    from journeysim.calibrate import calibrate
    from journeysim.cli import parse_parameter, scenario_of

    scenario = scenario_of(args)
    params = dict(parse_parameter(item) for item in args.param)
    if not params:
        raise BadInput("give at least one --param PATH=LO:HI")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise BadInput(f"--out {out}: not a directory")
    history = open_directory(out, scenario, args.observed, params, args.method, args.seed,
                             args.replications, parallel=args.dask is not None)
    if history.rows:
        print(f"resuming: {len(history.rows)} point(s) already in {history.path}",
              file=sys.stderr)
    observed = args.observed[0] if len(args.observed) == 1 else args.observed
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            fit = calibrate(scenario, observed, params, budget=args.budget,
                            replications=args.replications, seed=args.seed,
                            executor=args.dask, method=args.method,
                            progress=not args.no_progress, evaluated=history.frame(),
                            on_point=history.append)
    except ValueError as error:
        if type(error) is not ValueError:
            raise  # a ConfigError: cli prints its issues one per line
        raise BadInput(str(error)) from None
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    print(f"best loss {fit.loss:.6g} over {len(fit.history)} point(s)")
    for path, value in fit.best.items():
        lo, hi = fit.intervals[path]
        print(f"{path} = {value:.6g}  [{lo:.6g}, {hi:.6g}]")
    write_text_atomically(out / "calibrated.toml", fit.scenario.to_toml())
    _save_plot(fit, out / "fit.png")
    print(f"wrote {out / 'calibrated.toml'}, {history.path} and {out / 'fit.png'}",
          file=sys.stderr)
    return 0


def _save_plot(fit: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    figure = fit.plot()
    partial = path.with_name(f".{path.name}.partial")  # never leave half a PNG under `path`
    try:
        figure.savefig(partial, format="png", dpi=110)
        partial.replace(path)
    finally:
        plt.close(figure)
        partial.unlink(missing_ok=True)
