"""Reading many in-network files at once: a pool of processes, each with one file at a time.

Each reader holds one file at a time with the fast path (memory bounded by its chunk and item
limits, not by the file). With ``jobs`` = N, N - 1 worker processes read and so does the calling
process, so a run's memory stays near N times that of one process reading one file (a pool of N
beside an idle parent would add the parent's imports on top). Processes, not threads: the fast
path is CPU-bound Python. Workers are started with ``spawn`` so that they inherit no threads
(ISA-L's, the progress display's) from the parent.

Progress goes from the workers to the parent through a queue, as events handed to a callback
(:data:`ProgressEvent`), so the display (tqdm bars in the CLI) stays out of the core.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ratecalc.errors import InputError
from ratecalc.market_defaults import default_jobs
from ratecalc.market_rates.catalog import Failure, FileTask
from ratecalc.market_rates.extract import MarketRates, extract_market_rates
from ratecalc.market_rates.http_source import HttpSettings
from ratecalc.market_rates.records import ExtractOptions
from ratecalc.market_rates.remote_refs import RemoteReferences

ProgressEvent = Callable[[str, int, str, int], None]
"""``(kind, task index, label, amount)``: kind ``"start"`` (amount = the file's size, 0 when not
known), ``"bytes"`` (amount = bytes read since the last event) or ``"done"``."""

_BATCH_BYTES = 4 << 20  # progress events are batched: one queue message per 4 MB read


@dataclass(frozen=True)
class ReadSettings:
    """How each file is read (picklable: it travels to the workers)."""

    method: str = "auto"
    http: HttpSettings = HttpSettings()
    checksum: bool = True
    cache_dir: str | None = None  # remote provider references, shared by the workers


# -- the worker side --------------------------------------------------------------------------

_queue: Any = None
_remote: RemoteReferences | None = None


def _init_worker(queue: Any, locks: Sequence[Any] | None, settings: ReadSettings) -> None:
    global _queue, _remote
    _queue = queue
    cache = Path(settings.cache_dir) if settings.cache_dir else None
    _remote = RemoteReferences(cache, settings.http, locks)


Emit = Callable[[tuple[Any, ...]], None]


def _reporter(index: int, emit: Emit) -> Callable[[str, int], Callable[[int], None]]:
    def factory(label: str, total: int) -> Callable[[int], None]:
        emit(("start", index, label, total))
        pending = [0, time.monotonic()]

        def update(n: int) -> None:
            pending[0] += n
            now = time.monotonic()
            if pending[0] >= _BATCH_BYTES or now - pending[1] > 0.5:
                emit(("bytes", index, label, pending[0]))
                pending[0], pending[1] = 0, now

        return update

    return factory


def read_task(
    index: int, task: FileTask, options: ExtractOptions, settings: ReadSettings,
    emit: Callable[[tuple[Any, ...]], None] | None = None, remote: RemoteReferences | None = None,
) -> MarketRates | Failure:
    """Read one file; a failure to read it is returned (named), not raised."""
    emit = emit or (_queue.put if _queue is not None else None)
    try:
        return extract_market_rates(
            task.location, options, method=settings.method,
            progress=_reporter(index, emit) if emit is not None else None,
            settings=settings.http, checksum=settings.checksum, remote=remote or _remote)
    except InputError as exc:
        # the message names the file as resolved; the listing says where it came from
        return Failure(task.location, f"{exc}{task.listings_text()}", task.listed_by)
    finally:
        if emit is not None:
            emit(("done", index, "", 0))


# -- the parent side --------------------------------------------------------------------------


def read_files(
    tasks: Sequence[FileTask],
    options: ExtractOptions,
    *,
    jobs: int | None = None,
    settings: ReadSettings | None = None,
    on_progress: ProgressEvent | None = None,
    on_result: Callable[[int, MarketRates | Failure], None] | None = None,
) -> list[MarketRates | Failure]:
    """Read every task's file, ``jobs`` at a time; results in task order.

    Parameters
    ----------
    tasks : sequence of FileTask
        The files (each listed once: see :func:`~ratecalc.market_rates.catalog.build_catalog`).
    options : ExtractOptions
        What to keep from each file.
    jobs : int, optional
        Worker processes (default: the cores). 1 reads in this process, one file after another.
    settings : ReadSettings, optional
        Reader, download and cache settings.
    on_progress : callable, optional
        Receives progress events in this process (see :data:`ProgressEvent`).
    on_result : callable, optional
        Called in this process with ``(index, result)`` as each file finishes (in finishing
        order), e.g. to store it at once so an interrupted run resumes.

    Returns
    -------
    list
        Per task, its :class:`MarketRates` or the :class:`Failure` that names why not.
    """
    settings = settings or ReadSettings()
    jobs = max(1, min(jobs or default_jobs(), len(tasks) or 1))
    results: list[MarketRates | Failure | None] = [None] * len(tasks)

    def emit(event: tuple[Any, ...]) -> None:
        if on_progress is not None:
            on_progress(*event)

    if jobs == 1:
        cache = Path(settings.cache_dir) if settings.cache_dir else None
        remote = RemoteReferences(cache, settings.http)
        for i, task in enumerate(tasks):
            results[i] = read_task(i, task, options, settings, emit, remote)
            if on_result is not None:
                on_result(i, results[i])  # type: ignore[arg-type]
        return results  # type: ignore[return-value]

    context = multiprocessing.get_context("spawn")
    # Handed to the workers as they start (no manager process: it would cost memory and a core)
    queue = context.Queue()
    locks = [context.Lock() for _ in range(16)]
    todo = deque(range(len(tasks)))
    todo_lock, result_lock = threading.Lock(), threading.Lock()
    stop = threading.Event()
    failed: list[BaseException] = []

    def next_index() -> int | None:
        with todo_lock:
            return todo.popleft() if todo else None

    def finish(i: int, result: MarketRates | Failure) -> None:
        with result_lock:
            results[i] = result
            if on_result is not None:
                on_result(i, result)

    def pump() -> None:  # queue -> callback, in this process
        while not stop.is_set():
            with contextlib.suppress(Exception):
                emit(queue.get(timeout=0.2))

    def dispatch(pool: ProcessPoolExecutor) -> None:  # keeps each worker busy with one file
        inflight: dict[Future[MarketRates | Failure], int] = {}
        try:
            while True:
                while len(inflight) < jobs - 1 and (i := next_index()) is not None:
                    inflight[pool.submit(read_task, i, tasks[i], options, settings)] = i
                if not inflight:
                    return
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for future in done:
                    finish(inflight.pop(future), future.result())
        except BaseException as exc:  # re-raised in the calling thread
            failed.append(exc)
            with todo_lock:
                todo.clear()

    pumper = threading.Thread(target=pump, daemon=True)
    pumper.start()
    try:
        # jobs - 1 worker processes, and this process reads too: jobs readers in all, so the
        # memory of the run is about jobs times that of one reading process
        with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context,
                                 initializer=_init_worker,
                                 initargs=(queue, locks, settings)) as pool:
            dispatcher = threading.Thread(target=dispatch, args=(pool,), daemon=True)
            dispatcher.start()
            cache = Path(settings.cache_dir) if settings.cache_dir else None
            remote = RemoteReferences(cache, settings.http, locks)
            try:
                while not failed and (mine := next_index()) is not None:
                    finish(mine, read_task(mine, tasks[mine], options, settings, emit, remote))
            except BaseException:
                with todo_lock:
                    todo.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            finally:
                dispatcher.join()
        if failed:
            raise failed[0]
    finally:
        stop.set()
        pumper.join(timeout=5)
        queue.close()
        queue.join_thread()
    return results  # type: ignore[return-value]
