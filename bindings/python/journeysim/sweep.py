"""Sweeps: many runs of a scenario over a parameter space, resumable, into a directory.

A sweep runs one *point* of a design (``designs.py``) per task: the point's scenario with
``replications`` replications, on one thread, written to its own HDF5 file. Per point
rather than per (point, replication), so that every file is exactly what
``journeysim run --seed <point seed> --replications R`` gives for that point's scenario,
and the per-run overhead (a task, a file) is paid once per point. The price: parallelism
is across points only, so a sweep of few points with many replications is better run with
:func:`journeysim.run`'s thread pool.

Seeds: by default every point runs with the sweep's root seed ``s`` (common random numbers:
replication ``r`` of every point is the same town, so points differ by their parameters
and not by their luck; ``docs/sweeps.md``). With ``common_random_numbers=False`` point ``p``
runs with ``point_seed = mix(mix(s ^ SALT) ^ ((p + 1) * G))`` (SplitMix64's ``mix`` and
``G`` as in ``docs/architecture.md``, ``SALT = fnv1a64("journeysim sweep point")``).
Replication ``r`` of a point draws from the engine's streams of ``(its seed, r)``.

The directory it writes (``sweep.json``, manifests, ``point-<p>.h5``) is
``sweep_directory.py``; reading the runs back and summarising them is ``sweep_analysis.py``.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import time
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeysim import arguments, executors, sweep_directory
from journeysim.designs import Space, design_sample, parse_design
from journeysim.errors import ConfigError
from journeysim.output_paths import claimed
from journeysim.scenario import Scenario

__all__ = ["SweepReport", "point_seed", "sweep"]

_MASK = 2**64 - 1
_GOLDEN = 0x9E3779B97F4A7C15


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
    common_random_numbers: bool = True,
) -> SweepReport:
    """Run ``scenario`` at every point of ``design`` over ``space`` into directory ``out``.

    Args:
        scenario: a :class:`Scenario` or the path of a scenario file.
        space: dotted path -> list of values or ``(lo, hi)`` range (see ``designs.py``).
        design: ``"grid"``, ``"lhs:N"``, ``"sobol:N"`` or ``"morris:N"``.
        replications: replications per point (>= 1).
        seed: the sweep's root seed: every point's, or (without common random numbers) the
            one each point's derives from (:func:`point_seed`).
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
        common_random_numbers: every point runs with the root seed, so that replication
            ``r`` of every point draws the same numbers for the same purposes (default);
            False: each point its own seed, independent towns.

    Raises:
        ConfigError: a bad path, range or design, a point whose scenario is not valid, or a
            directory holding a different sweep; all before anything runs.
        ValueError: an argument out of range, or an executor of an unknown kind.
        KeyboardInterrupt: Ctrl-C; runs under way are abandoned, the manifest stays
            consistent and a re-run resumes.
    """
    replications = arguments.integer("replications", replications, 1)
    seed = arguments.integer("seed", seed, 0, _MASK)
    index, count = arguments.shard(shard)
    workers = arguments.integer("jobs", jobs, 1) if jobs is not None else os.cpu_count() or 1
    if not isinstance(scenario, Scenario):
        scenario = Scenario.from_file(scenario)
    scenario.validate()
    space = space if isinstance(space, Space) else Space(space)
    parse_design(design)
    sample = design_sample(space, design, seed)

    directory = Path(out)
    if not isinstance(common_random_numbers, bool):
        raise ValueError(f"common_random_numbers: True or False (got {common_random_numbers!r})")
    points = range(len(sample.points))
    seeds = [seed if common_random_numbers else point_seed(seed, p) for p in points]
    definition = sweep_directory.definition(
        scenario, space, design, seed, replications, sample, seeds, common_random_numbers
    )
    # A resumed sweep runs the points it stored: samplers may change across versions.
    definition = sweep_directory.held_definition(directory, definition) or definition
    texts = _point_scenarios(scenario, [entry["params"] for entry in definition["points"]])
    manifest = sweep_directory.Manifest(directory, definition, (index, count))
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
        held.callback(sweep_directory.remove_partial_files, directory, definition, todo)
        sweep_directory.claim(directory, definition)
        sweep_directory.remove_partial_files(directory, definition, todo)
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
