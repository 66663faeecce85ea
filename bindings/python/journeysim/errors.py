"""Errors raised by journeysim.

Only bad *input* gets its own type: a scenario that does not validate raises
:class:`ConfigError`, which carries every problem found, each with the path of the field
it concerns, so a user can fix them all in one go. A file the operating system would not
let journeysim write raises :class:`WriteError`, an ``OSError``.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ConfigError", "WriteError"]


class ConfigError(ValueError):
    """A scenario is not valid.

    ``issues`` lists every problem as ``(path, message)``, for example
    ``("stores.jacksons.staff", "must be >= 1 (got 0)")``. ``str(error)`` shows them one
    per line as ``path: message``.
    """

    issues: list[tuple[str, str]]

    def __init__(self, issues: Iterable[tuple[str, str]]) -> None:
        self.issues = [(str(path), str(message)) for path, message in issues]
        super().__init__("\n".join(f"{path}: {message}" for path, message in self.issues))

    def __reduce__(self) -> tuple[type[ConfigError], tuple[list[tuple[str, str]]]]:
        # Rebuild from the issues, not from the joined message, so that the error survives
        # pickling across process pools intact.
        return (type(self), (self.issues,))


class WriteError(OSError):
    """A result file or transaction log could not be written: a full disk, an I/O error, a
    permission refused at some step of the writing (``docs/reliability.md``).

    ``errno`` is the operating system's error number, ``filename`` the file, ``strerror``
    what was being done and the system's reason, e.g. ``cannot write results (flushing):
    No space left on device``; ``str(error)`` is ``filename: strerror``. Nothing is left
    under the file's name (a transaction log keeps what it had committed).
    """

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"
