"""A calibration's directory (``journeysim calibrate ... --out DIR``), resumable like a sweep's.

``calibration.json`` says what the calibration is (scenario, observed files by content,
parameters and ranges, method, seed, replications, whether proposals run in parallel) with a
fingerprint of that; ``history.csv`` gains a row as each point's loss is known, rewritten
atomically (a temporary name, then a rename), so a killed calibration leaves every finished
point. Rerunning the same command replays those points (``calibrate(evaluated=...)``): the
search proposes them again and takes their recorded losses, and only the rest run, so the
result is an uninterrupted run's. The budget is not part of what a calibration is: a larger
one continues a finished calibration. Anything else that differs is a ConfigError naming it,
as for sweeps (``sweep_directory.py``, whose checks this reuses).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.errors import ConfigError
from journeysim.output_paths import write_text_atomically
from journeysim.scenario import Scenario
from journeysim.sweep_directory import claim, fingerprint, held_definition

__all__ = ["DEFINITION", "HISTORY", "History", "open_directory"]

FORMAT = "journeysim-calibration/1"
DEFINITION = "calibration.json"
HISTORY = "history.csv"

_IDENTITY = ("scenario", "observed", "params", "method", "seed", "replications", "parallel")


def open_directory(directory: Path, scenario: Scenario, observed: Sequence[str],
                   params: Mapping[str, tuple[Any, Any]], method: str, seed: int,
                   replications: int, parallel: bool) -> History:
    """Find whether ``directory`` is this calibration's, and its history so far; it becomes
    this calibration's when the first point is recorded (bad observed data, found before,
    leave nothing behind).

    Refuses (ConfigError) a directory of another calibration, naming what differs, and a
    non-empty directory that is no calibration's.
    """
    what = {
        "scenario": scenario.to_toml(),
        "observed": [_file_identity(Path(path)) for path in observed],
        "params": {path: list(bounds) for path, bounds in params.items()},
        "method": method,
        "seed": seed,
        "replications": replications,
        "parallel": parallel,
    }
    definition = {"format": FORMAT, "fingerprint": fingerprint(what), **what}
    held = held_definition(directory, definition, name=DEFINITION, identity=_IDENTITY,
                           kind="calibration")
    return History(directory / HISTORY, list(params), existing=held is not None,
                   claim=lambda: claim(directory, definition, name=DEFINITION))


class History:
    """``history.csv``: the points evaluated so far, one row each, in the order evaluated."""

    def __init__(self, path: Path, params: list[str], existing: bool,
                 claim: Callable[[], None]) -> None:
        self.path = path
        self._claim = claim
        self.columns = ["evaluation", *params, "loss"]
        self.rows: list[dict[str, Any]] = []
        if existing and path.exists():
            held = pd.read_csv(path)
            if list(held.columns) != self.columns:
                raise ConfigError([(str(path), f"columns {', '.join(held.columns)}, not "
                                               f"{', '.join(self.columns)}; use another "
                                               "directory")])
            self.rows = held.to_dict("records")

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=self.columns)

    def append(self, row: dict[str, Any]) -> None:
        """Add a point and rewrite the file (atomically: every earlier row survives a kill)."""
        if row["evaluation"] < len(self.rows):
            return  # a point the record already holds (a calibration with a smaller budget)
        if not self.rows:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._claim()
        self.rows.append({column: row[column] for column in self.columns})
        text = io.StringIO()
        self.frame().to_csv(text, index=False)  # floats as repr: they read back exactly
        write_text_atomically(self.path, text.getvalue())


def _file_identity(path: Path) -> dict[str, str]:
    """A file by its name and content: an edited file makes another calibration."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = ""  # reading it fails later, with the observed data's own message
    return {"name": path.name, "sha256": digest}
