"""Spread independent work over the machine's cores, keeping the order of the results.

`run_chunks(fn, items)` / `ordered_map(fn, chunks)` run `fn` on each chunk in forked worker processes (they inherit the
build's state, nothing is pickled but the chunks and the results) and yields the results in the
order of the chunks, so the output and the problem report do not depend on which worker was
faster.  It runs in this process instead when parallelism would not pay or is not safe:

* HANDBILL_JOBS=1 (or the machine has one core), or fewer than MIN_PARALLEL items;
* another thread is running (the preview server): forking a threaded process is not safe;
* the platform cannot fork.

An exception in a worker is raised here, with problems.CURRENT set to the file the worker was
processing, so an internal error still names its file.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from .problems import CURRENT

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool costs more (fork, pickling results) than it saves.
MIN_PARALLEL = 150

_task: list[Callable[[Any], Any]] = []


def jobs(items: int) -> int:
    """How many processes to use for `items` pieces of work."""
    wanted = os.environ.get("HANDBILL_JOBS", "").strip()
    n = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    if n <= 1 or (items < MIN_PARALLEL and not wanted) or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return n


def _init_worker() -> None:
    """Workers leave signals to the parent: Ctrl-C there ends the pool; SIGTERM ends a worker quietly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run(chunk: Any) -> tuple[str, Any, str]:
    try:
        return ("ok", _task[0](chunk), "")
    except BaseException as exc:  # noqa: B036 - handed to the parent, which raises it
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        return ("error", exc, CURRENT.get())


def ordered_map(fn: Callable[[T], R], chunks: list[T], processes: int) -> Iterator[R]:
    if processes <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield fn(chunk)
        return
    _task[:] = [fn]
    # Objects that exist before the fork are moved out of the collector's reach: a collection in a
    # worker would otherwise write to every inherited object's header and copy its page.
    gc.collect()
    gc.freeze()
    pool = multiprocessing.get_context("fork").Pool(processes, initializer=_init_worker)
    try:
        for status, value, current in pool.imap(_run, chunks):
            if status == "error":
                CURRENT.set(current)
                raise value
            yield value
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _task.clear()
        gc.unfreeze()


def split(items: list[T], processes: int, per_chunk: int = 64) -> list[list[T]]:
    """Chunks small enough to balance the load, large enough to keep the overhead low."""
    size = max(1, min(per_chunk, -(-len(items) // max(processes * 4, 1))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def run_chunks(fn: Callable[[list[T]], R], items: list[T]) -> Iterator[R]:
    """fn over chunks of items, in as many processes as pay off; results in order."""
    processes = jobs(len(items))
    return ordered_map(fn, split(items, processes) if processes > 1 else [items], processes)
