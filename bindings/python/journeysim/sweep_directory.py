"""A sweep's directory: what it runs (``sweep.json``) and how its runs went (manifests).

``sweep.json`` defines the sweep (scenario, space, design, seed, replications, every point
with its parameters, seed and file) and carries a fingerprint of what it runs;
``manifest.json`` (``manifest-I-of-N.json`` for shard I of N) records each run's status,
error text and wall time and is rewritten atomically as runs finish; result files are
``point-<p>.h5``, each written atomically by the engine (``docs/sweeps.md``).

Running a sweep (``sweep.py``) writes the directory; analysing one (``sweep_analysis.py``)
reads it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from journeysim.designs import Sample, Space
from journeysim.errors import ConfigError
from journeysim.output_paths import write_text_atomically
from journeysim.scenario import Scenario

__all__ = [
    "DEFINITION",
    "FORMAT",
    "Manifest",
    "claim",
    "definition",
    "fingerprint",
    "held_definition",
    "read_definition",
    "remove_partial_files",
]

FORMAT = "journeysim-sweep/1"
DEFINITION = "sweep.json"

# What a sweep runs: two definitions that differ in any of these are different sweeps.
_IDENTITY = ("scenario", "space", "design", "seed", "replications", "common_random_numbers")
# Rewrite the manifest at most this often while runs finish (and always at the end), so a
# sweep of thousands of quick runs does not spend its time rewriting JSON.
_MANIFEST_INTERVAL_S = 1.0


def definition(
    scenario: Scenario,
    space: Space,
    design: str,
    seed: int,
    replications: int,
    sample: Sample,
    point_seeds: list[int],
    common_random_numbers: bool,
) -> dict[str, Any]:
    """The sweep's ``sweep.json``: what it runs, and a fingerprint of that.

    ``point_seeds[p]`` is point ``p``'s root seed: ``seed`` with common random numbers,
    else ``sweep.point_seed``. (A sweep with them says so; one without is written as
    before they were the default, so that sweeps made then resume.)
    """
    points = sample.points
    width = max(len(str(len(points) - 1)), 4)
    what = {
        "scenario": scenario.to_toml(),
        "scenario_name": scenario.name,
        "space": space.to_json(),
        "design": design.strip().lower(),
        "seed": seed,
        "replications": replications,
        **({"common_random_numbers": True} if common_random_numbers else {}),
    }
    return {
        "format": FORMAT,
        "fingerprint": fingerprint(what),
        **what,
        "seed_derivation": "every point runs with seed (common random numbers)"
        if common_random_numbers
        else "point_seed = mix(mix(seed ^ fnv1a64('journeysim sweep point')) "
        "^ (point + 1) * 0x9E3779B97F4A7C15); see docs/sweeps.md",
        "points": [
            {
                "point": p,
                "params": params,
                "seed": point_seeds[p],
                "file": f"point-{p:0{width}d}.h5",
                **({} if sample.unit is None else {"unit": [float(u) for u in sample.unit[p]]}),
            }
            for p, params in enumerate(points)
        ],
    }


def fingerprint(what: dict[str, Any]) -> str:
    """A hash of what a directory's runs are (keys in any order)."""
    return hashlib.sha256(_json(what, sort=True).encode("utf-8")).hexdigest()


def held_definition(
    directory: Path,
    definition: dict[str, Any],
    *,
    name: str = DEFINITION,
    identity: tuple[str, ...] = _IDENTITY,
    kind: str = "sweep",
) -> dict[str, Any] | None:
    """The definition ``directory`` holds if it is this sweep's; None for a new directory.

    Refuses (ConfigError) a directory of another sweep, naming what differs, and a
    non-empty directory that is no sweep's. ``name``, ``identity`` (the keys that make
    what it runs) and ``kind`` serve other resumable directories (a calibration's).
    """
    if (directory / name).exists():
        held = read_definition(directory, name=name, expected_format=definition["format"])
        if held.get("fingerprint") != definition["fingerprint"]:
            differ = [
                k for k in identity
                if _json(held.get(k), sort=True) != _json(definition.get(k), sort=True)
            ]
            raise ConfigError(
                [(str(directory), f"holds a different {kind} (its "
                  f"{', '.join(differ) or 'definition'} differ); use another directory")]
            )
        return held
    if directory.exists() and any(directory.iterdir()):
        raise ConfigError(
            [(str(directory), f"is not empty and holds no {name}; use another directory")]
        )
    return None


def claim(directory: Path, definition: dict[str, Any], *, name: str = DEFINITION) -> None:
    """Make ``directory`` this sweep's (checked by :func:`held_definition` before)."""
    path = directory / name
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, _json(definition, indent=1))


def remove_partial_files(directory: Path, definition: dict[str, Any], points: list[int]) -> None:
    """Remove temporary result files of ``points`` left by runs killed while writing.

    The engine writes ``.<file>.tmp-<pid>-<n>`` and renames it when complete (docs/output.md).
    Only this shard's points: another shard may be writing its own at this moment.
    """
    for p in points:
        for partial in directory.glob(f".{definition['points'][p]['file']}.tmp-*"):
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()


def read_definition(
    directory: Path, *, name: str = DEFINITION, expected_format: str = FORMAT
) -> dict[str, Any]:
    """The ``sweep.json`` in ``directory``; FileNotFoundError when it is no sweep's."""
    path = directory / name
    if not path.exists():
        raise FileNotFoundError(2, f"not a sweep directory (no {name})", str(directory))
    definition: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if definition.get("format") != expected_format:
        raise ValueError(f"{path}: not a {expected_format} definition")
    return definition


class Manifest:
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
