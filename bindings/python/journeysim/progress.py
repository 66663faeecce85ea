"""A progress bar for runs, on stderr, driven by the engine's progress callback."""

from __future__ import annotations

import sys

from tqdm import tqdm

__all__ = ["ProgressBar"]


class ProgressBar:
    """A tqdm bar in percent of simulated time; call it with the fraction done.

    Close it when the run ends (``contextlib.closing``). ``delay`` hides the bar until the run has
    lasted that many seconds, so quick runs print nothing; ``interval`` is the least time
    between redraws (make it long when stderr is a log file rather than a terminal).
    """

    def __init__(
        self, description: str = "simulating", delay: float = 0.0, interval: float = 0.1
    ) -> None:
        self._bar = tqdm(
            total=100.0,
            desc=description,
            unit="%",
            bar_format="{desc}: {percentage:3.0f}%|{bar}| [{elapsed}<{remaining}]",
            file=sys.stderr,
            delay=delay,
            mininterval=interval,
            leave=False,
        )

    def __call__(self, fraction: float) -> None:
        self._bar.update(min(max(fraction, 0.0), 1.0) * 100.0 - self._bar.n)

    def close(self) -> None:
        """Remove the bar from the terminal."""
        self._bar.close()
