"""Output paths: checked before a run starts, and written by one process at a time.

A run can take hours, so a path it could never write (a folder, a folder that cannot be
created, a read-only one) is refused before it starts, not after. While a process writes
a path (a result file, a transaction log, a sweep shard's manifest) it holds an exclusive
``flock`` on ``.<name>.lock`` beside it: a second process wanting the same path is
refused at once with :class:`BlockingIOError` naming the holder, instead of the two
overwriting each other's file. The lock file is removed when released; a process that
dies releases its lock with its descriptors (``docs/reliability.md``).

Locks are between processes: within one, claiming a path it already holds nests.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from journeysim.errors import WriteError

__all__ = [
    "check_output_file", "claimed", "claimed_run_outputs", "lock_name", "write_text_atomically"
]

_held: dict[str, list[int]] = {}  # lock file -> [descriptor, depth], for this process
_held_guard = threading.Lock()


def lock_name(path: str | os.PathLike[str]) -> Path:
    """The lock file of ``path``: hidden, beside it."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


def check_output_file(path: str | os.PathLike[str], *, create_folder: bool = False) -> Path:
    """``path`` if it can be a file journeysim writes; raises otherwise, naming it.

    Raises IsADirectoryError when ``path`` is a folder, FileNotFoundError when its folder
    is missing (and ``create_folder`` is false) or cannot be created. Whether the folder
    can be written is found by :func:`claimed`, which creates a file there: the only test
    that holds for root, for read-only mounts and for access lists alike.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory, not a file path", str(path))
    folder = path.parent
    if create_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            raise FileNotFoundError(
                error.errno or errno.ENOENT, f"cannot create its directory {folder}: {reason}",
                str(path),
            ) from None
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"no such directory: {folder}", str(path))
    return path


@contextlib.contextmanager
def claimed(
    *paths: str | os.PathLike[str] | None, create_folders: bool = False
) -> Iterator[None]:
    """Check each of ``paths`` (None skipped) and hold its write lock inside the block.

    Raises what :func:`check_output_file` raises; PermissionError when the folder cannot
    be written (the lock file cannot be created there); BlockingIOError when another
    process is writing the path.
    """
    with contextlib.ExitStack() as stack:
        for path in paths:
            if path is not None:
                checked = check_output_file(path, create_folder=create_folders)
                stack.enter_context(_locked(checked))
        yield


@contextlib.contextmanager
def claimed_run_outputs(
    result: str | os.PathLike[str], log: str | os.PathLike[str] | None
) -> Iterator[None]:
    """``journeysim run``'s outputs, claimed: the result file, whose folder is created as
    needed, and the transaction log (or None), whose folder must exist."""
    with claimed(result, create_folders=True), claimed(log):
        yield


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = str(lock_name(path.parent.resolve() / path.name))
    with _held_guard:
        entry = _held.get(lock)
        if entry is None:
            _held[lock] = [_acquire(path, lock), 1]
        else:
            entry[1] += 1
    try:
        yield
    finally:
        with _held_guard:
            entry = _held[lock]
            entry[1] -= 1
            if entry[1] == 0:
                del _held[lock]
                # Removed while still held: a process that opened it meanwhile sees that
                # its lock is on a file no longer there, and tries again (_acquire).
                with contextlib.suppress(OSError):
                    os.unlink(lock)
                os.close(entry[0])


def _acquire(path: Path, lock: str) -> int:
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as error:
            reason = error.strerror or str(error)
            raise PermissionError(
                error.errno or errno.EACCES, f"cannot write in its directory: {reason}", str(path)
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise BlockingIOError(
                errno.EWOULDBLOCK,
                f"is being written by another process{holder}; wait for it to finish, or "
                "write elsewhere",
                str(path),
            ) from None
        try:
            current = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            with contextlib.suppress(OSError):  # the pid is a courtesy; a full disk refuses it
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        os.close(fd)  # its holder removed it as we opened it: lock the new one


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = int(os.pread(fd, 32, 0).decode().strip())
        return f" (pid {pid})"
    return ""


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed into place.

    On failure (a full disk) the temporary file is removed, ``path`` is as it was, and
    :class:`WriteError` names ``path`` with the system's reason.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        reason = error.strerror or str(error)
        raise WriteError(error.errno or errno.EIO, f"cannot write: {reason}", str(path)) from None
