"""Sweeps: many runs of a scenario over a parameter space, resumable, into a directory.

A sweep runs one *point* of a design (``designs.py``) per task: the point's scenario with
``replications`` replications, on one thread, written to its own HDF5 file. Per point
rather than per (point, replication), so that every file is exactly what
``journeysim run --seed <point seed> --replications R`` gives for that point's scenario,
and the per-run overhead (a task, a file) is paid once per point. The price: parallelism
is across points only, so a sweep of few points with many replications is better run with
:func:`journeysim.run`'s thread pool.

Seeds: point ``p`` of a sweep with root seed ``s`` runs with
``point_seed = mix(mix(s ^ SALT) ^ ((p + 1) * G))`` (SplitMix64's ``mix`` and ``G`` as in
``docs/architecture.md``, ``SALT = fnv1a64("journeysim sweep point")``); replication ``r``
of that point then draws from the engine's streams of ``(point_seed, r)``.

The directory (``docs/sweeps.md``): ``sweep.json`` defines the sweep (scenario, space,
design, seed, replications, every point with its parameters, seed and file) and carries a
fingerprint; ``manifest.json`` (``manifest-I-of-N.json`` for shard I of N) records each
run's status, error text and wall time and is rewritten atomically as runs finish; result
files are ``point-<p>.h5``, each written atomically.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import hashlib
import json
import os
import time
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim import executors
from journeysim.designs import Sample, Space, design_sample, parse_design
from journeysim.errors import ConfigError
from journeysim.output_paths import claimed, write_text_atomically
from journeysim.results import _SUMMED, METRICS
from journeysim.runner import _integer
from journeysim.scenario import Scenario

__all__ = ["SweepReport", "load_sweep", "point_seed", "summary", "sweep", "sweep_dataset"]

FORMAT = "journeysim-sweep/1"
DEFINITION = "sweep.json"

_MASK = 2**64 - 1
_GOLDEN = 0x9E3779B97F4A7C15
# Rewrite the manifest at most this often while runs finish (and always at the end), so a
# sweep of thousands of quick runs does not spend its time rewriting JSON.
_MANIFEST_INTERVAL_S = 1.0


def _mix(z: int) -> int:
    """SplitMix64's finaliser, as ``sim/include/journeysim/random/streams.hpp`` has it."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def _fnv1a64(text: str) -> int:
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & _MASK
    return h


_POINT_SALT = _fnv1a64("journeysim sweep point")


def point_seed(seed: int, point: int) -> int:
    """The root seed of point ``point`` in a sweep with root seed ``seed``.

    >>> point_seed(0, 0) != point_seed(0, 1) != point_seed(1, 0)
    True
    """
    return _mix(_mix(seed ^ _POINT_SALT) ^ (((point + 1) * _GOLDEN) & _MASK))


@dataclass(frozen=True)
class SweepReport:
    """What a call to :func:`sweep` did: runs done now, skipped as already done, failed."""

    directory: Path
    points: int
    done: int
    skipped: int
    failed: int
    errors: dict[int, str]

    @property
    def ok(self) -> bool:
        """Whether no run failed."""
        return self.failed == 0


def sweep(
    scenario: Scenario | str | os.PathLike[str],
    space: Mapping[str, Any] | Space,
    design: str = "grid",
    replications: int = 1,
    seed: int = 0,
    out: str | os.PathLike[str] = "sweep",
    executor: cf.Executor | str | Any | None = None,
    progress: bool = False,
    shard: tuple[int, int] = (0, 1),
    jobs: int | None = None,
) -> SweepReport:
    """Run ``scenario`` at every point of ``design`` over ``space`` into directory ``out``.

    Args:
        scenario: a :class:`Scenario` or the path of a scenario file.
        space: dotted path -> list of values or ``(lo, hi)`` range (see ``designs.py``).
        design: ``"grid"``, ``"lhs:N"``, ``"sobol:N"`` or ``"morris:N"``.
        replications: replications per point (>= 1).
        seed: the sweep's root seed; each point's seed derives from it (:func:`point_seed`).
        out: the sweep directory; created if missing. Running the same sweep again into it
            resumes: runs already done (file present, manifest says done) are skipped.
        executor: where the runs execute. ``None``: a process pool of ``jobs`` workers
            (default: all cores) in which a worker's death fails only its run; any
            ``concurrent.futures.Executor``; a ``distributed.Client``; or the address of a
            Dask scheduler (``"tcp://host:8786"``), connected to for this sweep. Dask
            workers write the result files themselves: ``out`` must be on a file system
            they share.
        progress: show a bar counting runs on stderr.
        shard: ``(i, n)``: run only points ``p`` with ``p % n == i``.
        jobs: workers of the default process pool; ignored when ``executor`` is given.

    Raises:
        ConfigError: a bad path, range or design, a point whose scenario is not valid, or a
            directory holding a different sweep; all before anything runs.
        ValueError: an argument out of range, or an executor of an unknown kind.
        KeyboardInterrupt: Ctrl-C; runs under way are abandoned, the manifest stays
            consistent and a re-run resumes.
    """
    replications = _integer("replications", replications, 1)
    seed = _integer("seed", seed, 0, _MASK)
    index, count = _shard(shard)
    workers = _integer("jobs", jobs, 1) if jobs is not None else os.cpu_count() or 1
    if not isinstance(scenario, Scenario):
        scenario = Scenario.from_file(scenario)
    scenario.validate()
    space = space if isinstance(space, Space) else Space(space)
    parse_design(design)
    sample = design_sample(space, design, seed)

    directory = Path(out)
    definition = _definition(scenario, space, design, seed, replications, sample)
    # A resumed sweep runs the points it stored: samplers may change across versions.
    definition = _held_definition(directory, definition) or definition
    texts = _point_scenarios(scenario, [entry["params"] for entry in definition["points"]])
    manifest = _Manifest(directory, definition, (index, count))
    mine = [p for p in range(len(definition["points"])) if p % count == index]
    todo = [p for p in mine if not manifest.done(p)]
    skipped = len(mine) - len(todo)

    errors: dict[int, str] = {}
    with contextlib.ExitStack() as stack:
        held = stack.enter_context(contextlib.ExitStack())  # out after the pool
        pool = stack.enter_context(executors.resolve(executor, workers, len(todo)))
        # One process per shard at a time: a second is refused before it touches a file.
        held.enter_context(claimed(manifest.path, create_folders=True))
        # Last out: half-written files of runs abandoned on Ctrl-C (temporary names) go.
        held.callback(_remove_partial_files, directory, definition, todo)
        _claim(directory, definition)
        _remove_partial_files(directory, definition, todo)
        for p in todo:
            manifest.record(p, "pending", None, None)
        manifest.write()
        bar = stack.enter_context(_bar(progress, len(mine), skipped))
        # Absolute paths: a Dask worker need not share this process's working directory.
        where = directory.resolve()
        futures = {
            pool.submit(
                run_point,
                texts[p],
                scenario.name,
                definition["points"][p]["seed"],
                replications,
                str(where / definition["points"][p]["file"]),
            ): p
            for p in todo
        }
        try:
            for future in cf.as_completed(futures):
                p = futures[future]
                try:
                    wall = future.result()
                except Exception as error:  # noqa: BLE001 - recorded, and the sweep goes on
                    errors[p] = _error_text(error)
                    manifest.record(p, "failed", errors[p], None)
                else:
                    manifest.record(p, "done", None, wall)
                manifest.write(throttle=True)
                bar.update(1)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        finally:
            manifest.write()
    return SweepReport(
        directory=directory,
        points=len(definition["points"]),
        done=len(todo) - len(errors),
        skipped=skipped,
        failed=len(errors),
        errors=errors,
    )


def run_point(text: str, name: str, seed: int, replications: int, path: str) -> float:
    """Run one point and write its file; returns the wall time in seconds.

    Module-level and given only plain values, so that it pickles to spawned processes and
    to Dask workers.
    """
    from journeysim.runner import run

    started = time.perf_counter()
    results = run(
        Scenario.from_toml(text, name=name), seed=seed, replications=replications, threads=1
    )
    results.to_hdf5(path)
    return time.perf_counter() - started


# -- reading a sweep --------------------------------------------------------------------


def load_sweep(directory: str | os.PathLike[str]) -> pd.DataFrame:
    """The periods of every finished run of the sweep in ``directory``, as one tidy frame.

    One row per (point, replication, period, store): ``point``, one column per parameter
    path (named by the path), ``seed`` (the point's root seed), then the columns of
    :attr:`Results.periods`. Points not done (failed, pending, not yet run) are absent.
    """
    from journeysim.hdf5 import load_results

    directory = Path(directory)
    definition = _read_definition(directory)
    status = _Manifest.statuses(directory)
    frames = []
    for entry in definition["points"]:
        p = entry["point"]
        file = directory / entry["file"]
        if status.get(p) != "done" or not file.exists():
            continue
        periods = load_results(file).periods
        head = {"point": p, **entry["params"], "seed": np.uint64(entry["seed"])}
        for offset, (column, value) in enumerate(head.items()):
            periods.insert(offset, column, value)
        frames.append(periods)
    if not frames:
        raise ValueError(f"{directory}: no finished runs in this sweep yet")
    frame = pd.concat(frames, ignore_index=True)
    # Where it came from, so that sweep_dataset and sensitivity can find the design. (Only
    # the path: pandas copies attrs into every derived frame.)
    frame.attrs["sweep_directory"] = str(directory.resolve())
    return frame


def sweep_dataset(sweep: pd.DataFrame | str | os.PathLike[str]) -> Any:
    """The sweep as an ``xarray.Dataset``: one variable per metric.

    ``sweep`` is a sweep directory or the frame :func:`load_sweep` gave. Dimensions: for a
    ``grid`` design one per parameter (named by its path, its values as coordinates: the
    full factorial, NaN where a run is missing), for sampled designs ``point`` with each
    parameter as a coordinate along it; then ``replication``, ``period`` and ``store``.
    Coordinates also hold each point's ``seed`` and each period's ``date``.
    """
    try:
        import xarray as xr  # noqa: F401 - pandas' to_xarray needs it
    except ImportError:
        raise ImportError("sweep_dataset needs xarray: pip install xarray") from None
    frame = sweep if isinstance(sweep, pd.DataFrame) else load_sweep(sweep)
    definition = _definition_of(frame)
    params = list(definition["space"])
    metrics = [c for c in frame.columns if c not in (
        "point", *params, "seed", "replication", "period", "date", "store")]
    table = frame.assign(store=frame["store"].astype(str))
    dataset = table.set_index(["point", "replication", "period", "store"])[metrics].to_xarray()
    points = table.drop_duplicates("point").set_index("point")
    dataset = dataset.assign_coords(
        {path: ("point", points.loc[dataset["point"].to_numpy(), path].to_numpy())
         for path in [*params, "seed"]}
    )
    dates = table.drop_duplicates("period").set_index("period")["date"]
    dataset = dataset.assign_coords(date=("period", dates.loc[dataset["period"].to_numpy()]))
    dataset.attrs.update(design=definition["design"], replications=definition["replications"],
                         scenario=definition["scenario_name"])
    if definition["design"] == "grid":
        dataset = dataset.set_index(point=params).unstack("point")
    return dataset


def _definition_of(frame: pd.DataFrame) -> dict[str, Any]:
    """The ``sweep.json`` of the sweep a :func:`load_sweep` frame came from."""
    directory = frame.attrs.get("sweep_directory")
    if directory is None:
        raise ValueError(
            "this frame does not say which sweep it holds (its attrs lost 'sweep_directory'); "
            "pass the sweep directory, or the frame load_sweep gave"
        )
    return _read_definition(Path(directory))


def replication_values(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    """``metric`` reduced to one number per (point, replication, store), as in a summary.

    The reduction is :meth:`Results.summary`'s: totals over the run for counts and money
    (the metrics ``results._SUMMED`` names), the share weighted by each period's purchases,
    the mean wait weighted by visits, the p95 wait averaged over periods with visits, and
    the last period's value for the other metrics (states such as active customers and
    trust). Done here for every (point, replication) at once, one grouping per metric (a
    per-replication loop costs tens of ms a replication); a test checks it against
    :meth:`Results.summary` for every metric. Columns: ``point``, ``replication``,
    ``store``, ``value``.
    """
    if metric not in frame.columns:
        raise ValueError(f"no metric {metric!r} in the sweep's columns")
    run = ["point", "replication"]
    by_store = [*run, "store"]
    if metric in _SUMMED:
        value = frame.groupby(by_store, observed=True)[metric].sum()
    elif metric in ("share", "mean_wait_min"):
        weight = (
            frame.groupby([*run, "period"])["purchases"].transform("sum")
            if metric == "share" else frame["visits"]
        )
        parts = frame[by_store].assign(
            num=frame[metric].where(weight > 0, 0.0).fillna(0.0) * weight, den=weight
        )
        sums = parts.groupby(by_store, observed=True)[["num", "den"]].sum()
        value = sums["num"] / sums["den"].where(sums["den"] > 0)
    elif metric == "p95_wait_min":
        index = frame.groupby(by_store, observed=True).size().index
        with_visits = frame[frame["visits"] > 0]
        value = with_visits.groupby(by_store, observed=True)[metric].mean().reindex(index)
    elif metric in METRICS:  # the rest are states: active customers, card holders, trust
        last = frame["period"] == frame.groupby(run)["period"].transform("max")
        value = frame[last].groupby(by_store, observed=True)[metric].first()
    else:
        raise ValueError(
            f"{metric!r} has no per-run reduction; use one of {', '.join(METRICS)}"
        )
    return value.rename("value").reset_index()


def summary(frame: pd.DataFrame, metric: str, confidence: float = 0.95) -> pd.DataFrame:
    """Per point and store: ``metric``'s mean over replications with a t confidence interval.

    Each replication is first reduced to one number per store the way
    :meth:`Results.summary` does (totals over the run, weighted means, end values); the
    interval is ``mean ± t(1 - (1 - confidence)/2, n - 1) · sd / sqrt(n)``, NaN for n = 1.
    Columns: ``point``, the parameters, ``store``, ``mean``, ``ci_low``, ``ci_high``,
    ``sd``, ``n``.
    """
    from scipy import stats

    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1) (got {confidence})")
    params = list(frame.columns[1 : frame.columns.get_loc("seed")])
    values = replication_values(frame, metric)
    grouped = values.groupby(["point", "store"], sort=True, observed=True)["value"]
    table = grouped.agg(mean="mean", sd="std", n="count").reset_index()
    t = stats.t.ppf(0.5 + confidence / 2, np.maximum(table["n"] - 1, 1))
    half = np.where(table["n"] > 1, t * table["sd"] / np.sqrt(table["n"]), np.nan)
    table["ci_low"] = table["mean"] - half
    table["ci_high"] = table["mean"] + half
    points = frame.drop_duplicates("point").set_index("point")[params]
    table = table.join(points, on="point")
    table = table[["point", *params, "store", "mean", "ci_low", "ci_high", "sd", "n"]]
    table.attrs.update(metric=metric, confidence=confidence)
    return table


# -- the directory ----------------------------------------------------------------------


def _definition(
    scenario: Scenario,
    space: Space,
    design: str,
    seed: int,
    replications: int,
    sample: Sample,
) -> dict[str, Any]:
    """The sweep's ``sweep.json``: what it runs, and a fingerprint of that."""
    points = sample.points
    width = max(len(str(len(points) - 1)), 4)
    what = {
        "scenario": scenario.to_toml(),
        "scenario_name": scenario.name,
        "space": space.to_json(),
        "design": design.strip().lower(),
        "seed": seed,
        "replications": replications,
    }
    fingerprint = hashlib.sha256(_json(what, sort=True).encode("utf-8")).hexdigest()
    return {
        "format": FORMAT,
        "fingerprint": fingerprint,
        **what,
        "seed_derivation": "point_seed = mix(mix(seed ^ fnv1a64('journeysim sweep point')) "
        "^ (point + 1) * 0x9E3779B97F4A7C15); see docs/sweeps.md",
        "points": [
            {
                "point": p,
                "params": params,
                "seed": point_seed(seed, p),
                "file": f"point-{p:0{width}d}.h5",
                **({} if sample.unit is None else {"unit": [float(u) for u in sample.unit[p]]}),
            }
            for p, params in enumerate(points)
        ],
    }


def _held_definition(directory: Path, definition: dict[str, Any]) -> dict[str, Any] | None:
    """The definition ``directory`` holds if it is this sweep's; None for a new directory.

    Refuses (ConfigError) a directory of another sweep, naming what differs, and a
    non-empty directory that is no sweep's.
    """
    if (directory / DEFINITION).exists():
        held = _read_definition(directory)
        if held.get("fingerprint") != definition["fingerprint"]:
            differ = [
                k for k in _IDENTITY
                if _json(held.get(k), sort=True) != _json(definition[k], sort=True)
            ]
            raise ConfigError(
                [(str(directory), "holds a different sweep (its "
                  f"{', '.join(differ) or 'definition'} differ); use another directory")]
            )
        return held
    if directory.exists() and any(directory.iterdir()):
        raise ConfigError(
            [(str(directory), f"is not empty and holds no {DEFINITION}; use another directory")]
        )
    return None


def _claim(directory: Path, definition: dict[str, Any]) -> None:
    """Make ``directory`` this sweep's (checked by :func:`_held_definition` before)."""
    path = directory / DEFINITION
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, _json(definition, indent=1))


def _remove_partial_files(directory: Path, definition: dict[str, Any], points: list[int]) -> None:
    """Remove temporary result files of ``points`` left by runs killed while writing.

    The engine writes ``.<file>.tmp-<pid>-<n>`` and renames it when complete (docs/output.md).
    Only this shard's points: another shard may be writing its own at this moment.
    """
    for p in points:
        for partial in directory.glob(f".{definition['points'][p]['file']}.tmp-*"):
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()


_IDENTITY = ("scenario", "space", "design", "seed", "replications")


def _read_definition(directory: Path) -> dict[str, Any]:
    path = directory / DEFINITION
    if not path.exists():
        raise FileNotFoundError(2, f"not a sweep directory (no {DEFINITION})", str(directory))
    definition: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if definition.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} definition")
    return definition


class _Manifest:
    """This shard's ``manifest*.json``: one entry per run it has been asked to make."""

    def __init__(self, directory: Path, definition: dict[str, Any], shard: tuple[int, int]):
        index, count = shard
        name = "manifest.json" if count == 1 else f"manifest-{index}-of-{count}.json"
        self._path = self.path = directory / name
        self._directory = directory
        self._definition = definition
        self._shard = shard
        self._written = 0.0
        self._done = {
            p for p, s in self.statuses(directory).items()
            if s == "done" and (directory / definition["points"][p]["file"]).exists()
        }
        self._entries: dict[int, dict[str, Any]] = {}
        if self._path.exists():
            for entry in json.loads(self._path.read_text(encoding="utf-8"))["runs"]:
                self._entries[int(entry["point"])] = entry

    @staticmethod
    def statuses(directory: Path) -> dict[int, str]:
        """Each point's status over every manifest in ``directory`` ("done" wins)."""
        status: dict[int, str] = {}
        for path in sorted(directory.glob("manifest*.json")):
            for entry in json.loads(path.read_text(encoding="utf-8"))["runs"]:
                p = int(entry["point"])
                if status.get(p) != "done":
                    status[p] = str(entry["status"])
        return status

    def done(self, p: int) -> bool:
        return p in self._done

    def record(self, p: int, status: str, error: str | None, wall: float | None) -> None:
        point = self._definition["points"][p]
        self._entries[p] = {
            "point": p,
            "params": point["params"],
            "seed": point["seed"],
            "status": status,
            "error": error,
            "wall_s": None if wall is None else round(wall, 4),
            "file": point["file"],
        }

    def write(self, throttle: bool = False) -> None:
        now = time.monotonic()
        if throttle and now - self._written < _MANIFEST_INTERVAL_S:
            return
        content = {
            "format": FORMAT,
            "fingerprint": self._definition["fingerprint"],
            "shard": list(self._shard),
            "runs": [self._entries[p] for p in sorted(self._entries)],
        }
        _write_atomically(self._path, _json(content, indent=1))
        self._written = now


def _write_atomically(path: Path, text: str) -> None:
    write_text_atomically(path, text)  # a full disk: WriteError, and the old file stays


def _json(value: Any, indent: int | None = None, sort: bool = False) -> str:
    return json.dumps(value, sort_keys=sort, indent=indent, default=_json_value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# -- helpers ----------------------------------------------------------------------------


def _point_scenarios(scenario: Scenario, points: list[dict[str, Any]]) -> list[str]:
    """Each point's scenario as TOML text, all validated before anything runs."""
    texts, issues = [], []
    for p, params in enumerate(points):
        try:
            texts.append(scenario.with_overrides(params).to_toml())
        except ConfigError as error:
            issues += [(path, f"{message} (at sweep point {p}: {params})")
                       for path, message in error.issues]
    if issues:
        raise ConfigError(issues)
    return texts


def _shard(shard: tuple[int, int]) -> tuple[int, int]:
    try:
        index, count = shard
    except (TypeError, ValueError):
        raise ValueError(f"shard must be (index, count) (got {shard!r})") from None
    count = _integer("shard count", count, 1)
    index = _integer("shard index", index, 0, count - 1)
    return index, count


def _error_text(error: BaseException) -> str:
    text = "".join(traceback.format_exception_only(type(error), error)).strip()
    return text or type(error).__name__


@contextlib.contextmanager
def _bar(progress: bool, total: int, initial: int) -> Iterator[Any]:
    if not progress:
        yield _NoBar()
        return
    import sys

    from tqdm import tqdm

    bar = tqdm(total=total, initial=initial, desc="sweep", unit="run", file=sys.stderr)
    try:
        yield bar
    finally:
        bar.close()


class _NoBar:
    def update(self, n: int) -> None:
        pass
