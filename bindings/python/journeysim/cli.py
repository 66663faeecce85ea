"""The ``journeysim`` command: run, sweep, validate, info, summarize.

Exit codes: 0 ok, 1 failure (an unexpected error), 2 bad input (an invalid scenario, bad
arguments, a missing or unreadable file), 130 interrupted (Ctrl-C). Errors print one line
per problem on stderr, with no traceback unless ``JOURNEYSIM_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from journeysim import arguments, calibrate_command, file_commands, optimize_command
from journeysim.arguments import BadInput
from journeysim.errors import ConfigError
from journeysim.output_paths import claimed_run_outputs
from journeysim.report import format_bytes, format_report
from journeysim.scenario import Scenario, parse_toml

__all__ = ["add_set", "main", "parse_assignment", "parse_parameter", "scenario_of"]

OK, FAILURE, BAD_INPUT, INTERRUPTED = 0, 1, 2, 130

# Off a terminal (a log file, CI), the bar appears only for runs lasting this long, and is
# redrawn no more often, so that logs stay short.
_LOG_PROGRESS_S = 5.0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        command: Callable[[argparse.Namespace], int] = args.command
        return command(args)
    except ConfigError as error:
        for path, message in error.issues:
            print(f"{path}: {message}", file=sys.stderr)
        return BAD_INPUT
    except (BadInput, FileNotFoundError, IsADirectoryError, PermissionError) as error:
        print(f"error: {_describe(error)}", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`journeysim summarize F | head -1`): it has what it wanted.
        # Python would complain again flushing stdout at exit: point it at /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except Exception as error:  # noqa: BLE001 - the promise: no traceback unless asked for
        if os.environ.get("JOURNEYSIM_DEBUG") == "1":
            traceback.print_exc()
        print(f"error: {_describe(error)}", file=sys.stderr)
        return FAILURE


def parse_assignment(text: str) -> tuple[str, Any]:
    """``path=value`` as (path, value); the value is read as TOML, a bare word as a string.

    >>> parse_assignment("stores.jacksons.price_index=0.9")
    ('stores.jacksons.price_index', 0.9)
    >>> parse_assignment("stores.a.service_distribution=lognormal")
    ('stores.a.service_distribution', 'lognormal')
    """
    path, equals, value = text.partition("=")
    path = path.strip()
    if not equals or not path:
        raise BadInput(f"--set {text!r}: expected path=value")
    try:
        return path, parse_toml(f"value = {value.strip()}")["value"]
    except ConfigError:
        return path, value.strip()


def parse_parameter(text: str) -> tuple[str, Any]:
    """``path=v1,v2,...`` as (path, [values]), ``path=lo:hi`` as (path, (lo, hi)).

    Each value is read as TOML, a bare word as a string; a range needs two numbers.

    >>> parse_parameter("stores.a.staff=1,2")
    ('stores.a.staff', [1, 2])
    >>> parse_parameter("stores.a.price_index=0.8:1.2")
    ('stores.a.price_index', (0.8, 1.2))
    """
    path, equals, spec = text.partition("=")
    path = path.strip()
    if not equals or not path or not spec.strip():
        raise BadInput(f"--param {text!r}: expected path=v1,v2,... or path=lo:hi")
    if ":" in spec and "," not in spec:
        bounds = [_toml_value(part) for part in spec.split(":")]
        if len(bounds) == 2 and all(_is_number(bound) for bound in bounds):
            return path, (bounds[0], bounds[1])
    return path, [_toml_value(part) for part in spec.split(",")]


def _toml_value(text: str) -> Any:
    try:
        return parse_toml(f"value = {text.strip()}")["value"]
    except ConfigError:
        return text.strip()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# -- commands ---------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    from journeysim.runner import run

    scenario = scenario_of(args)
    out = Path(args.output) if args.output else Path("results") / f"{scenario.name}.h5"
    if args.transactions and Path(args.transactions).resolve() == out.resolve():
        raise BadInput(f"--transactions {args.transactions}: must differ from the result file")
    started = time.perf_counter()
    # Both outputs are checked and held before the run: a bad path fails now, not after it.
    outputs = claimed_run_outputs(out, args.transactions)
    with outputs, _memory_limit(args), _progress(args) as progress:
        try:
            results = run(
                scenario,
                seed=args.seed,
                replications=args.replications,
                threads=args.threads,
                progress=progress or False,
                transactions=args.transactions,
                transactions_max_bytes=args.transactions_max_gb * 1e9,
            )
        except ConfigError:
            raise
        except ValueError as error:  # out-of-range arguments, a log or run too large
            raise BadInput(str(error)) from None
        results.to_hdf5(out)
    if args.plot:
        from journeysim.plot import save_overview

        save_overview(results, args.plot)
    if not args.quiet:
        print(format_report(results))
        elapsed = time.perf_counter() - started
        print(
            f"wrote {out} ({results.replications} replication(s), {elapsed:.1f} s)", file=sys.stderr
        )
        if args.transactions:
            print(f"wrote the transaction log {args.transactions}", file=sys.stderr)
    return OK


def _sweep(args: argparse.Namespace) -> int:
    from journeysim.sweep import sweep

    scenario = scenario_of(args)
    space = dict(parse_parameter(item) for item in args.param)
    if not space:
        raise BadInput("give at least one --param PATH=v1,v2 or PATH=lo:hi")
    if args.dask is not None and args.jobs is not None:
        raise BadInput("--jobs sets the local pool's workers; with --dask the cluster has its own")
    started = time.perf_counter()
    report = sweep(
        scenario,
        space,
        design=args.design,
        replications=args.replications,
        seed=args.seed,
        out=args.out,
        executor=args.dask,
        jobs=args.jobs,
        shard=args.shard,
        progress=not (args.quiet or args.no_progress),
        common_random_numbers=not args.no_crn,
    )
    for point, error in sorted(report.errors.items()):
        print(f"point {point}: {error}", file=sys.stderr)
    if not args.quiet or report.failed:
        elapsed = time.perf_counter() - started
        print(
            f"{report.directory}: {report.done} run(s) done, {report.skipped} already done, "
            f"{report.failed} failed, of {report.points} point(s) ({elapsed:.1f} s)",
            file=sys.stderr,
        )
    return OK if report.ok else FAILURE


def _validate(args: argparse.Namespace) -> int:
    """Checks the scenario, then whether a run of it fits in memory (the run's own check)."""
    from journeysim import _engine

    scenario = scenario_of(args)
    problems = _engine.check_scenario_files(scenario.to_toml())  # what run would read first
    if problems:
        raise ConfigError(problems)
    threads = args.threads or min(args.replications, os.cpu_count() or 1)
    try:
        with _memory_limit(args):
            estimate = _engine.estimate_memory(scenario.to_toml(), args.replications, threads)
    except ValueError as error:  # a malformed JOURNEYSIM_MEMORY_LIMIT
        raise BadInput(str(error)) from None
    total, limit = estimate["total"] or 0, estimate["limit"]
    runs = f"{args.replications} replication(s) on {threads} thread(s)"
    if limit is not None and total > limit:
        raise BadInput(
            f"{args.scenario}: valid, but a run of {runs} needs about {format_bytes(total)} of memory, "
            f"more than the {format_bytes(limit)} available (JOURNEYSIM_MEMORY_LIMIT or MemAvailable)"
        )
    available = "" if limit is None else f" ({format_bytes(limit)} available)"
    print(f"{args.scenario}: ok")
    print(f"memory for {runs}: about {format_bytes(total)}{available}")
    return OK


# -- helpers ----------------------------------------------------------------------------


def scenario_of(args: argparse.Namespace) -> Scenario:
    """The scenario file ``args.scenario`` with the ``--set`` overrides of ``args``."""
    scenario = Scenario.from_file(args.scenario)
    overrides = dict(parse_assignment(item) for item in args.set)
    return scenario.with_overrides(overrides) if overrides else scenario


def _progress(args: argparse.Namespace) -> Any:
    """A progress bar unless disabled; off a terminal only for runs that last a while."""
    import contextlib

    from journeysim.progress import ProgressBar

    if args.quiet or args.no_progress:
        return contextlib.nullcontext(None)
    if sys.stderr.isatty():
        return contextlib.closing(ProgressBar(delay=0.5))
    return contextlib.closing(ProgressBar(delay=_LOG_PROGRESS_S, interval=_LOG_PROGRESS_S))


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.filename}: {error.strerror or error}"
    return str(error) or type(error).__name__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeysim", description="Simulate customer journeys between stores."
    )
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run a scenario and write its results")
    run.add_argument("scenario", metavar="SCENARIO", help="a scenario file (TOML)")
    run.add_argument(
        "-o", "--output", metavar="OUT.h5", help="result file (default: results/<scenario>.h5)"
    )
    run.add_argument("--seed", type=arguments.non_negative, default=0, help="root seed (default 0)")
    run.add_argument(
        "--replications",
        type=arguments.positive,
        default=1,
        metavar="R",
        help="independent replications (default 1)",
    )
    run.add_argument(
        "--threads",
        type=arguments.positive,
        default=None,
        metavar="T",
        help="worker threads (default: min(R, cores))",
    )
    run.add_argument(
        "--plot", metavar="OUT.png", help="also save an overview figure (shares, customers, waits)"
    )
    run.add_argument(
        "--transactions",
        metavar="LOG.h5",
        help="also stream the transaction log (a row per purchase) to this file as the run goes",
    )
    run.add_argument(
        "--transactions-max-gb",
        type=arguments.positive_number,
        default=4.0,
        metavar="GB",
        help="refuse a run whose log could exceed this size before compression (default 4)",
    )
    add_set(run)
    _add_memory_limit(run)
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.set_defaults(command=_run)

    sweep = commands.add_parser(
        "sweep", help="run a scenario over a parameter design into a directory (resumable)"
    )
    sweep.add_argument("scenario", metavar="SCENARIO", help="a scenario file (TOML)")
    sweep.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="PATH=SPEC",
        help="a parameter: PATH=v1,v2,... (values) or PATH=lo:hi (a range) (repeatable)",
    )
    sweep.add_argument(
        "--design",
        default="grid",
        help="grid (default), lhs:N, sobol:N (Sobol indices; N a power of 2) or morris:N",
    )
    sweep.add_argument(
        "--replications", type=arguments.positive, default=1, metavar="R", help="per point (default 1)"
    )
    sweep.add_argument("--out", required=True, metavar="DIR", help="the sweep directory")
    sweep.add_argument(
        "--jobs", type=arguments.positive, default=None, metavar="N", help="worker processes (default: cores)"
    )
    sweep.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://host:8786); "
        "--out must be on a file system its workers share",
    )
    sweep.add_argument(
        "--shard", type=arguments.shard_text, default=(0, 1), metavar="I/N", help="run points p with p %% N == I"
    )
    sweep.add_argument("--seed", type=arguments.non_negative, default=0, help="root seed (default 0)")
    sweep.add_argument(
        "--no-crn", action="store_true",
        help="each point its own seed (independent towns) instead of common random numbers",
    )
    add_set(sweep)
    sweep.add_argument("--no-progress", action="store_true", help="no progress bar")
    sweep.add_argument("--quiet", action="store_true", help="print nothing but errors")
    sweep.set_defaults(command=_sweep)

    validate = commands.add_parser(
        "validate", help="check a scenario file, and that a run of it fits in memory"
    )
    validate.add_argument("scenario", metavar="SCENARIO", help="a scenario file (TOML)")
    validate.add_argument(
        "--replications", type=arguments.positive, default=1, metavar="R", help="planned (default 1)"
    )
    validate.add_argument(
        "--threads", type=arguments.positive, default=None, metavar="T",
        help="planned (default: min(R, cores))",
    )
    add_set(validate)
    _add_memory_limit(validate)
    validate.set_defaults(command=_validate)

    file_commands.add_commands(commands)
    optimize_command.add_command(commands)
    calibrate_command.add_command(commands)
    return parser


def add_set(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a scenario value, e.g. stores.jacksons.price_index=0.9 (repeatable)",
    )


@contextlib.contextmanager
def _memory_limit(args: argparse.Namespace) -> Iterator[None]:
    """Hands --memory-limit to the engine, which reads it from the environment, for the
    duration of one command (main may be called many times in one process)."""
    if args.memory_limit is None:
        yield
        return
    before = os.environ.get("JOURNEYSIM_MEMORY_LIMIT")
    os.environ["JOURNEYSIM_MEMORY_LIMIT"] = args.memory_limit
    try:
        yield
    finally:
        if before is None:
            del os.environ["JOURNEYSIM_MEMORY_LIMIT"]
        else:
            os.environ["JOURNEYSIM_MEMORY_LIMIT"] = before


def _add_memory_limit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--memory-limit",
        metavar="SIZE",
        help="refuse a run estimated to need more, e.g. 8G or 512M, or none "
        "(default: JOURNEYSIM_MEMORY_LIMIT, else the memory available)",
    )


def _version() -> str:
    try:
        from journeysim import _engine

        return f"journeysim {_engine.version()}"
    except ImportError:
        return "journeysim (engine not built)"
