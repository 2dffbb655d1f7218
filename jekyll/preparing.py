"""Prepare posts ahead of the writer, in other processes when there is a core to spare.

Preparing a post (read, expand Liquid, render Markdown, map to blocks, hash its images,
take the source's visible words) touches no database, so while this process writes one
post, worker processes can prepare the next ones. Posts still come out in order, a few
ahead at most: memory does not grow with the number of posts.

Workers are forked from the importing process, so they share its settings and site
without pickling them; they never use its database connections and leave without
closing them (``os._exit``, as ``multiprocessing`` ends a worker). A query a worker
tries is refused (:class:`DatabaseRefused`, the post fails) rather than sent down the
connection it shares with the importing process, which it would disrupt.
"""

import logging
import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.db import connections

from jekyll.reading.front_matter import FrontMatterError
from jekyll.rendering.liquid import LiquidError

logger = logging.getLogger("folio.importer")

# Posts prepared ahead of the writer, per worker.
AHEAD = 4

_prepare: Callable | None = None  # in a worker: what to do with each path


def prepared_posts(
    paths: Iterable[Path], prepare: Callable[[Path], object], *, workers: int = 0
) -> Iterator[tuple[Path, object]]:
    """``(path, prepare(path))`` for each path in order; an exception ``prepare`` raises
    is given in place of its result. With ``workers``, that many processes prepare."""
    if workers <= 0 or "fork" not in multiprocessing.get_all_start_methods():
        for path in paths:
            yield path, outcome(prepare, path)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(prepare,),
    )
    try:
        pending = deque()
        remaining = iter(paths)
        for path in remaining:
            pending.append((path, pool.submit(_prepare_in_worker, path)))
            if len(pending) >= workers * AHEAD:
                break
        while pending:
            path, future = pending.popleft()
            following = next(remaining, None)
            if following is not None:
                pending.append((following, pool.submit(_prepare_in_worker, following)))
            yield path, future.result()
    finally:
        # An interrupted import (Ctrl-C, a crash) drops the posts prepared ahead.
        pool.shutdown(wait=True, cancel_futures=True)


def outcome(prepare: Callable, path: Path):
    try:
        return prepare(path)
    except Exception as error:  # noqa: BLE001 (reported for its post by the runner)
        return error


def _start_worker(prepare: Callable):
    global _prepare
    _prepare = prepare


class DatabaseRefused(RuntimeError):
    pass


def _refuse_query(execute, sql, params, many, context):
    raise DatabaseRefused(f"A worker preparing posts must not use the database: {sql[:200]}")


@contextmanager
def no_database():
    """Inside the block, a query on any connection raises :class:`DatabaseRefused`."""
    with ExitStack() as refusing:
        for connection in connections.all():
            refusing.enter_context(connection.execute_wrapper(_refuse_query))
        yield


def _prepare_in_worker(path: Path):
    with no_database():
        result = outcome(_prepare, path)
    if isinstance(result, Exception):
        if not isinstance(result, FrontMatterError | LiquidError):
            # Here, where its traceback is: the runner gets the error without it.
            logger.warning("Could not read %s", path, exc_info=result)
        try:
            pickle.dumps(result)
        except Exception:  # noqa: BLE001 (the error must reach the runner, as text at least)
            return RuntimeError(f"{type(result).__name__}: {result}")
    return result
