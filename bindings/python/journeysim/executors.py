"""Where a sweep's runs execute: a process pool that outlives its workers, or Dask.

``concurrent.futures.ProcessPoolExecutor`` breaks as a whole when one worker dies: every
run still pending fails with ``BrokenProcessPool`` and the pool cannot take more, so a sweep
could neither tell which run killed its worker nor carry on. :class:`WorkerPool` gives each
worker its own pipe and so knows which run each worker holds: a worker's death (a SIGKILL,
the out-of-memory killer, a crash in native code) fails that run alone, with
:class:`WorkerDied`, and a fresh worker takes the next one.

:func:`resolve` turns what a caller passes as ``executor=`` into an executor: ``None`` (a
:class:`WorkerPool`), any ``concurrent.futures.Executor``, a ``distributed.Client`` or the
address of a Dask scheduler.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.context import SpawnContext
from typing import Any

__all__ = ["WorkerDied", "WorkerPool", "resolve"]


class WorkerDied(RuntimeError):
    """The worker process running a task died before it could answer."""


@dataclass
class _Task:
    future: cf.Future[Any]
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass
class _Worker:
    process: Any  # multiprocessing's Process of the chosen context
    connection: multiprocessing.connection.Connection
    task: _Task | None = field(default=None)


class WorkerPool(cf.Executor):
    """A pool of ``workers`` processes (spawned by default) in which a death fails one task.

    Workers start when there is work for them and ignore SIGINT: on Ctrl-C the parent
    decides, and :meth:`terminate` stops them at once. Spawned, not forked, by default: the
    parent may hold engine and progress threads, which a fork would copy half-way.
    """

    def __init__(self, workers: int, context: SpawnContext | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be >= 1 (got {workers})")
        self._size = workers
        self._context = context or multiprocessing.get_context("spawn")
        self._queue: deque[_Task] = deque()
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._closing = False
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)  # a full pipe already holds a wake-up
        self._thread = threading.Thread(target=self._manage, name="journeysim-pool", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        future: cf.Future[Any] = cf.Future()
        with self._lock:
            if self._closing:
                raise RuntimeError("cannot submit to a pool that is shutting down")
            self._queue.append(_Task(future, fn, args, kwargs))
        self._wake()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closing = True
            if cancel_futures:
                while self._queue:
                    self._queue.popleft().future.cancel()
        self._wake()
        if wait:
            self._thread.join()

    def terminate(self) -> None:
        """Cancel queued tasks and kill the workers now; their tasks fail with WorkerDied."""
        with self._lock:
            self._closing = True
            while self._queue:
                self._queue.popleft().future.cancel()
            workers = list(self._workers)
        for worker in workers:
            with contextlib.suppress(ProcessLookupError, ValueError):
                worker.process.kill()
        for worker in workers:
            worker.process.join(timeout=5)
        self._wake()
        self._thread.join(timeout=5)

    # -- the managing thread -------------------------------------------------------------

    def _wake(self) -> None:
        with self._lock, contextlib.suppress(OSError):
            if self._wake_write >= 0:  # closed (and its number maybe reused) once finished
                os.write(self._wake_write, b"x")

    def _manage(self) -> None:
        try:
            while self._dispatch():
                waitables: list[Any] = [self._wake_read]
                for worker in self._workers:
                    waitables += [worker.connection, worker.process.sentinel]
                ready = set(multiprocessing.connection.wait(waitables))
                if self._wake_read in ready:
                    os.read(self._wake_read, 4096)
                for worker in list(self._workers):
                    if worker.connection in ready or worker.process.sentinel in ready:
                        self._collect(worker)
        finally:
            for worker in self._workers:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
            for worker in self._workers:
                worker.process.join(timeout=5)
                if worker.process.is_alive():
                    worker.process.kill()
                    worker.process.join()
            with self._lock:
                os.close(self._wake_read)
                os.close(self._wake_write)
                self._wake_write = -1

    def _dispatch(self) -> bool:
        """Hand queued tasks to idle workers (starting some); False when all is finished."""
        with self._lock:
            while self._queue:
                idle = next((w for w in self._workers if w.task is None), None)
                if idle is None and len(self._workers) < self._size:
                    idle = self._start_worker()
                if idle is None:
                    break
                task = self._queue.popleft()
                if not task.future.set_running_or_notify_cancel():
                    continue
                try:
                    idle.connection.send((task.fn, task.args, task.kwargs))
                except Exception as error:  # noqa: BLE001 - e.g. an argument that cannot pickle
                    task.future.set_exception(error)
                    continue
                idle.task = task
            busy = any(w.task is not None for w in self._workers)
            return not (self._closing and not self._queue and not busy)

    def _start_worker(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs,), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._workers.append(worker)
        return worker

    def _collect(self, worker: _Worker) -> None:
        """Take a worker's answer, or bury it and fail its task."""
        try:
            if worker.connection.poll():
                ok, value = worker.connection.recv()
                task, worker.task = worker.task, None
                if task is not None:
                    if ok:
                        task.future.set_result(value)
                    else:
                        task.future.set_exception(value)
                return
        except (EOFError, OSError):
            pass
        if worker.process.is_alive():
            return  # a wake-up with nothing to read: the worker is still at work
        worker.process.join()
        worker.connection.close()
        with self._lock:
            self._workers.remove(worker)
        if worker.task is not None and not worker.task.future.done():
            worker.task.future.set_exception(
                WorkerDied(
                    f"the worker process running it died ({_exit_text(worker.process.exitcode)})"
                )
            )


def _serve(connection: multiprocessing.connection.Connection) -> None:
    """A worker: run each task received, send back (ok, result or exception)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args, kwargs = message
        try:
            answer: tuple[bool, Any] = (True, fn(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 - the parent records it
            answer = (False, error)
        try:
            connection.send(answer)
        except Exception as error:  # noqa: BLE001 - an answer that does not pickle
            connection.send((False, RuntimeError(f"cannot send the task's answer back: {error}")))


def _exit_text(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


# -- choosing an executor ----------------------------------------------------------------


def resolve(executor: Any, jobs: int, tasks: int) -> contextlib.AbstractContextManager[cf.Executor]:
    """A context giving the executor for ``executor=`` (see :func:`journeysim.sweep`).

    Raises ValueError for anything else, and ImportError (with what to install) for Dask
    without ``distributed``; a scheduler that cannot be reached raises here, before the
    sweep touches its directory.
    """
    if executor is None:
        return _own_pool(max(1, min(jobs, tasks)))
    if isinstance(executor, str):
        return _dask_address(executor)
    if _is_dask_client(executor):
        return contextlib.nullcontext(executor.get_executor(pure=False))
    if isinstance(executor, cf.Executor):
        return contextlib.nullcontext(executor)
    raise ValueError(
        "executor must be None, a concurrent.futures.Executor, a distributed.Client or a "
        f"Dask scheduler address (got {executor!r})"
    )


@contextlib.contextmanager
def _own_pool(workers: int) -> Iterator[cf.Executor]:
    pool = WorkerPool(workers)
    try:
        yield pool
    except BaseException:
        pool.terminate()  # Ctrl-C or an error: abandon the runs under way at once
        raise
    pool.shutdown(wait=True)


def _dask_address(address: str) -> contextlib.AbstractContextManager[cf.Executor]:
    """An executor on the scheduler at ``address``; connects now, closes with the context."""
    try:
        # Gives up after Dask's distributed.comm.timeouts.connect (default 30 s).
        client = _distributed().Client(address, set_as_default=False)
    except OSError as error:
        raise OSError(f"cannot reach the Dask scheduler at {address}: {error}") from None

    @contextlib.contextmanager
    def connected() -> Iterator[cf.Executor]:
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()

    return connected()


def _is_dask_client(executor: Any) -> bool:
    kind = type(executor)
    return kind.__module__.startswith("distributed") and kind.__name__ == "Client"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ImportError(
            "running a sweep on Dask needs the 'distributed' package: "
            "pip install 'dask[distributed]'"
        ) from None
    return distributed
