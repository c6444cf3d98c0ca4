"""The worker pool, written once for every engine: the jobs of a run spread over an engine's
workers (embedded: worker processes; opa: one engine a server URL), each worker driven by a thread
of this process that waits on it (a pipe or a socket, the GIL released)."""

from __future__ import annotations

from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from compliance.engine.interface import EngineError, Job, RawFindings, Workers

if TYPE_CHECKING:
    from concurrent.futures import Future


def map_jobs(workers: Workers, jobs: Iterable[Job]) -> Iterator[tuple[Job, RawFindings]]:
    """Yield (job, raw findings) as the workers finish them (not necessarily in order).

    A single worker evaluates on this thread (a regorus engine must stay on the thread that made
    it); several each on a thread, the jobs made ahead on one more (`_prefetched`).
    """
    evaluate = list(workers.evaluate)
    failures: dict[int, str] = {}  # worker index -> why it failed
    if len(evaluate) == 1:
        for job in jobs:
            try:
                raw = evaluate[0](job)
            except EngineError as error:
                if workers.all_failed is None:
                    raise
                failures[0] = error.format_message()
                raise workers.all_failed(failures) from None
            yield job, raw
        return
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    pending = _prefetched(jobs, len(evaluate))  # one job a worker running, one waiting
    retry: deque[Job] = deque()
    idle = list(reversed(range(len(evaluate))))
    running: dict[Future[RawFindings], tuple[Job, int]] = {}
    try:
        with ThreadPoolExecutor(max_workers=len(evaluate), thread_name_prefix="compliance-worker") as threads:
            while True:
                while idle:
                    ready = retry.popleft() if retry else next(pending, None)
                    if ready is None:
                        break
                    worker = idle.pop()
                    running[threads.submit(evaluate[worker], ready)] = (ready, worker)
                if not running:
                    return
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    job, worker = running.pop(future)
                    try:
                        raw = future.result()
                    except EngineError as error:
                        if workers.all_failed is None:
                            raise
                        failures[worker] = error.format_message()
                        retry.append(job)
                        if len(failures) == len(evaluate):
                            raise workers.all_failed(failures) from None
                        continue
                    idle.append(worker)
                    yield job, raw
    finally:
        pending.close()  # stops the thread making jobs


_DONE = object()  # the end of the jobs, in the prefetch queue


class _Raised:
    """An exception raised while making a job, carried to the consumer."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def _prefetched(jobs: Iterable[Job], depth: int) -> Generator[Job, None, None]:
    """The jobs, made up to `depth` ahead on a thread of their own.

    Making a job (a chunk's input JSON, built by Arrow kernels that release the GIL) then overlaps
    with dispatching and joining: without it, the workers waited whenever the next block of chunks
    was being built (measured: a quarter of the evaluation time at 200,000 datasets). At most
    `depth` jobs wait in the queue, so memory stays bounded. An exception raised while making a job
    is raised here, in the consumer; closing this iterator early stops the thread.
    """
    import queue
    import threading

    ready: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        """Hand item to the consumer; False when the consumer has stopped."""
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for job in jobs:
                if not put(job):
                    return
            item: Any = _DONE
        except BaseException as error:  # carried to the consumer, which raises it
            item = _Raised(error)
        put(item)

    thread = threading.Thread(target=produce, name="compliance-jobs", daemon=True)
    thread.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, _Raised):
                raise item.error
            yield item
    finally:
        stop.set()
        thread.join()
