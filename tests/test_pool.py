"""The one worker pool of every engine (compliance/engine/pool.py), on workers made up here."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from compliance.engine import interface
from compliance.engine.interface import EngineError, Job, PolicyBundle, PolicyModule, RawFindings, Workers
from compliance.engine.pool import map_jobs

JOBS = [Job("data.x", f'{{"n":{n}}}', context=n) for n in range(12)]


def worker(name: str, threads: set[str] | None = None, fails: bool = False) -> Callable[[Job], RawFindings]:
    def evaluate(job: Job) -> RawFindings:
        if threads is not None:
            threads.add(threading.current_thread().name)
        if fails:
            raise EngineError(f"{name} is down")
        return [{"job": job.context, "by": name}]

    return evaluate


def all_failed(failures: Mapping[int, str]) -> EngineError:
    return EngineError(f"all failed: {'; '.join(failures.values())}")


def test_every_job_is_evaluated_once_across_the_workers() -> None:
    threads: set[str] = set()
    done = list(map_jobs(Workers((worker("a", threads), worker("b", threads), worker("c", threads))), iter(JOBS)))
    assert sorted(job.context for job, _ in done) == list(range(12))
    assert all(raw[0]["job"] == job.context for job, raw in done)
    assert threading.current_thread().name not in threads  # each worker on a thread of its own


def test_a_single_worker_runs_on_the_callers_thread() -> None:
    """An embedded engine in-process must stay on the thread that made it."""
    threads: set[str] = set()
    done = list(map_jobs(Workers((worker("a", threads),)), JOBS))
    assert [job.context for job, _ in done] == list(range(12))
    assert threads == {threading.current_thread().name}


def test_a_failing_worker_leaves_its_jobs_to_the_others() -> None:
    done = list(map_jobs(Workers((worker("down", fails=True), worker("up")), all_failed), JOBS))
    assert sorted(job.context for job, _ in done) == list(range(12))
    assert {raw[0]["by"] for _, raw in done} == {"up"}


@pytest.mark.parametrize("count", [1, 3])
def test_when_every_worker_fails_all_failed_is_raised(count: int) -> None:
    workers = tuple(worker(f"w{i}", fails=True) for i in range(count))
    with pytest.raises(EngineError, match=r"^all failed: w"):
        list(map_jobs(Workers(workers, all_failed), JOBS))


@pytest.mark.parametrize("count", [1, 3])
def test_without_fail_over_the_first_failure_raises(count: int) -> None:
    workers = (worker("bad", fails=True), *(worker(f"w{i}") for i in range(count - 1)))
    with pytest.raises(EngineError, match=r"^bad is down$"):
        list(map_jobs(Workers(workers), JOBS))


def test_an_error_making_a_job_reaches_the_caller() -> None:
    def jobs() -> Any:
        yield JOBS[0]
        raise ValueError("cannot build the chunk")

    with pytest.raises(ValueError, match="cannot build"):
        list(map_jobs(Workers((worker("a"), worker("b"))), jobs()))


def test_a_bundle_is_hashed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = interface.to_json

    def counting(value: Any, what: str) -> str:
        calls.append(what)
        return real(value, what)

    monkeypatch.setattr(interface, "to_json", counting)
    bundle = PolicyBundle((PolicyModule("a.rego", "package a\n"),), {"compliance": {"params": {}}})
    keys = {bundle.key for _ in range(5)}
    assert len(keys) == 1 and calls == ["the bundle data"]
    assert PolicyBundle(bundle.modules, {"compliance": {"params": {"x": 1}}}).key not in keys
