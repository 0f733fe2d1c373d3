"""A sweep's points on a Dask distributed cluster (``sweep --cluster tcp://host:8786``), or on
a LocalCluster of this machine's cores (``sweep --engine dask``).

Dask schedules; each point is one task, and the task runs the point exactly as a local sweep
does (:func:`japan_us.sweep.execute`: the project's executor forking one chapter process,
the charts checked, the entry sealed in the sweeps' cache of the worker's build folder). The
executed notebook comes back to this machine and is cached here too, so the table, and a
later sweep reusing the points, are the same as after a local sweep.

Workers run from a checkout of the same commit with the same locked environment: a point's
input hash covers the code, the pins, the notebook and its tables, and a worker whose hash
differs from this machine's stops the sweep rather than fill the table with other results.
A Dask worker process is daemonic by default (``distributed.worker.daemon``), and Python
forbids a daemonic process to start one, lest it leave orphans when it is killed; the task
lifts the flag for its worker, since a chapter's process is killed with the process that
started it anyway (executor.die_with_parent), so a default ``dask worker`` runs points.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Iterator
from typing import Any

from japan_us.build import BuildError
from japan_us.executor import Limits
from japan_us.params import ParameterError
from japan_us.sweep import Engine, Plan, Ran, SweepEntry, cached, execute

# Points of one worker process run one at a time: each forks its own chapter process, and
# the cache's temporary files are named by process (see files.write_atomically).
_ONE_AT_A_TIME = threading.Lock()


def run_point(slug: str, index: int, values: dict[str, Any], limits: Limits) -> tuple[str, Ran]:
    """On a worker: the point's input hash and how it ended (reused from the worker's cache,
    or executed by the project's executor)."""
    from japan_us import chapters

    chapter = chapters.get(slug)
    with _ONE_AT_A_TIME:
        multiprocessing.current_process().daemon = False  # (see the module's docstring)
        key = SweepEntry(chapter, values).key
        notebook = cached(chapter, values)
        if notebook is not None:
            return key, Ran(index, notebook, reused=True)
        return key, next(execute(chapter, [(index, values)], 1, limits))


@contextlib.contextmanager
def client(address: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at ``address``, or of a LocalCluster of ``workers`` processes
    (one thread each) on 127.0.0.1 that lives as long as the sweep."""
    from distributed import Client, LocalCluster

    if address is None:
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
            ) as cluster,
            Client(cluster) as local,
        ):
            yield local
        return
    try:
        remote = Client(address, timeout="10s")
    except (OSError, ValueError, TypeError) as exc:
        raise ParameterError(f"--cluster {address}: cannot reach a Dask scheduler there ({exc})") from None
    with remote:
        yield remote


def engine(address: str | None = None) -> Engine:
    """The sweep engine that submits each pending point to the cluster as one task."""

    def run(plan: Plan, pending: list[tuple[int, dict[str, Any]]], workers: int, limits: Limits) -> Iterator[Ran]:
        from distributed import as_completed

        with client(address, workers) as dask_client:
            futures = [
                dask_client.submit(run_point, plan.chapter.slug, index, values, limits, pure=False)
                for index, values in pending
            ]
            index_of = {future.key: index for future, (index, _) in zip(futures, pending, strict=True)}
            try:
                for future, outcome in as_completed(futures, with_results=True, raise_errors=False):
                    yield _received(plan, index_of[future.key], future.status, outcome)
            finally:
                dask_client.cancel(futures)

    return run


def _received(plan: Plan, index: int, status: str, outcome) -> Ran:
    """A task's result, checked against this machine's inputs and cached here; a task that
    raised (a worker that cannot run chapters, say) is a failed point."""
    if status != "finished":
        return Ran(index, None, f"the Dask task failed: {type(outcome).__name__}: {outcome}")
    key, ran = outcome
    entry = SweepEntry(plan.chapter, plan.points[index])
    if key != entry.key:
        raise BuildError(
            f"point {ran.index}: a Dask worker computed another input hash ({key[:12]}, here {entry.key[:12]}): "
            "it runs other code, data or pins; start the workers from this commit's checkout and environment"
        )
    if ran.notebook is not None:
        entry.write(ran.notebook)
    return ran
