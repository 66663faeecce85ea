"""Output paths: checked before a run starts, and written by one process at a time.

A run can take hours, so a path it could never write (a folder, a folder that cannot be
created, a read-only one) is refused before it starts, not after. While a process writes
a path (a result file, a transaction log, a sweep shard's manifest) it holds an exclusive
``flock`` on a lock file for it: a second process wanting the same path is refused at once
with :class:`BlockingIOError` naming the holder, instead of the two overwriting each
other's file. Lock files live in one directory of the machine's (``journeysim-locks`` in
the temporary directory, shared by all users like ``/tmp``), named by a hash of the path,
so that a killed process leaves nothing in the output folder; a lock is removed when
released, and a dead process's lock goes with its descriptors (``docs/reliability.md``).

Locks are between processes: within one, claiming a path it already holds nests.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import tempfile
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
    """The lock file of ``path``, named by a hash of where the path really is, so that every
    name of one file (relative, through links) shares one lock."""
    path = Path(path)
    real = os.path.join(os.path.realpath(path.parent), path.name)
    return _lock_directory() / f"{hashlib.sha256(real.encode()).hexdigest()[:32]}.lock"


def _lock_directory() -> Path:
    where = Path(tempfile.gettempdir()) / "journeysim-locks"
    if not where.is_dir():
        with contextlib.suppress(FileExistsError):
            where.mkdir()
            where.chmod(0o1777)  # every user's locks, each removable only by its owner
    return where


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
            raise _refusal(FileNotFoundError, error, f"cannot create its directory {folder}",
                           path) from None
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"no such directory: {folder}", str(path))
    return path


@contextlib.contextmanager
def claimed(
    *paths: str | os.PathLike[str] | None, create_folders: bool = False
) -> Iterator[None]:
    """Check each of ``paths`` (None skipped) and hold its write lock inside the block.

    Raises what :func:`check_output_file` raises; PermissionError when the folder cannot
    be written; BlockingIOError when another process is writing the path.
    """
    with contextlib.ExitStack() as stack:
        for path in paths:
            if path is not None:
                checked = check_output_file(path, create_folder=create_folders)
                _check_writable(checked)
                stack.enter_context(_locked(checked))
        yield


def _check_writable(path: Path) -> None:
    """Creates and removes a file beside ``path``: the one test of whether its folder can be
    written that holds for root, read-only mounts and access lists alike."""
    probe = path.with_name(f".{path.name}.probe-{os.getpid()}")
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
    except FileExistsError:
        return  # left by a process of this pid killed here: the folder was writable then
    except OSError as error:
        raise _refusal(PermissionError, error, "cannot write in its directory", path) from None
    os.unlink(probe)


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
    lock = str(lock_name(path))
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
            fd = _open_lock(lock)
        except OSError as error:
            raise _refusal(OSError, error, f"cannot create its lock file {lock}", path) from None
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


def _open_lock(lock: str) -> int:
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except PermissionError:  # another user's (a killed process's): flock needs no write
        return os.open(lock, os.O_RDONLY | os.O_CLOEXEC)


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
        raise _refusal(WriteError, error, "cannot write", path) from None


def _refusal(kind: type[OSError], error: OSError, what: str, path: Path) -> OSError:
    """A ``kind`` naming ``path``: ``what`` failed, for the system's reason in ``error``."""
    return kind(error.errno or errno.EIO, f"{what}: {error.strerror or error}", str(path))
