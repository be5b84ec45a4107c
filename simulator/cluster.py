"""Scoring a batch on a Dask cluster: the per-file step `--jobs` uses, run by Dask workers.

``score_on_cluster`` yields ``(index, ScoreResult)`` as each input finishes, like ``score.score_batch``,
so the CLI's Sink stays the one place results go (stdout, --out, --save: all on the client).

Each worker process builds its Pipeline (question, rubric, Whisper) once and keeps it, in a
module-level cache keyed by the settings; workers read the files themselves, so every worker must
see the inputs at the paths the client gives (a shared folder mounted at the same place).

A worker lost mid-file (killed, out of memory) is Dask's to recover: the scheduler gives its files
to another worker; a file under which workers keep dying is that file's "crashed" error.
Dask is an optional extra (``pip install '.[cluster]'``), imported only here and only when used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import threading
import uuid
from dataclasses import dataclass
from typing import Callable, Iterator

from . import config
from .errors import ClusterError, SimulatorError
from .score import BatchItem, Pipeline, ScoreSettings, error_result
from .types import ScoreResult

log = logging.getLogger(__name__)

INSTALL_HINT = ("--cluster needs Dask, an optional extra: pip install 'mock-interview[cluster]' "
                "(in a checkout: pip install '.[cluster]')")


@dataclass
class ClusterSpec:
    """What --cluster names: N local worker processes, or the address of a running scheduler."""

    local_workers: int | None = None
    address: str | None = None

    def __str__(self) -> str:
        return f"local:{self.local_workers}" if self.local_workers else str(self.address)


def parse_spec(text: str) -> ClusterSpec:
    """``local:N`` (``local`` alone: one worker per core) or a scheduler address (tcp://host:8786).

    Raises ValueError with the message a usage error shows.
    """
    if text == "local" or text.startswith("local:"):
        n = text.partition(":")[2] or str(os.cpu_count() or 1)
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"--cluster {text}: local:N needs a number of workers, 1 or more")
        return ClusterSpec(local_workers=int(n))
    scheme, sep, rest = text.partition("://")
    if not sep:  # Dask takes host:port and means tcp://host:port
        scheme, rest = "tcp", text
    host, colon, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls", "ws", "wss") or not (host and colon and port.isdigit()):
        raise ValueError(f"--cluster {text}: give local:N or a scheduler address like tcp://HOST:8786")
    return ClusterSpec(address=f"{scheme}://{rest}")


def load_dask():
    """The distributed module; ClusterError naming the extra to install when it is not there."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(INSTALL_HINT, kind="missing_extra") from None
    return distributed


@contextlib.contextmanager
def open_cluster(spec: ClusterSpec) -> Iterator:
    """A connected ``distributed.Client`` with at least one worker; a LocalCluster is closed after.

    Raises ClusterError (one line) when the scheduler cannot be reached or has no worker.
    """
    distributed = load_dask()
    import dask

    with contextlib.ExitStack() as stack:
        # Dask's nannies write their pre-spawn settings (one BLAS/OpenMP thread, a hash seed) into this process's
        # environment and leave them there: every process started after the cluster (a practice server, `score`)
        # would inherit them. The environment is put back as it was once the cluster is closed.
        stack.callback(_restore_environ, dict(os.environ))
        if spec.local_workers:
            # Set before the cluster starts: the scheduler reads its config once, the nannies pass theirs on.
            stack.enter_context(dask.config.set({
                "distributed.scheduler.allowed-failures": config.CLUSTER_ALLOWED_FAILURES,
                # Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which turns off glibc's
                # adaptive mmap threshold: every large array is mapped and unmapped again. It made --jobs 2
                # 1.6x slower, and the LocalCluster 1.4x slower than --jobs (bench/cluster.py). None unsets
                # it; Dask's other settings (one BLAS/OpenMP thread per worker) are kept.
                "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                # The workers' statistical profiler samples the scoring thread's stack every 10 ms.
                "distributed.worker.profile.enabled": False,
            }))
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=spec.local_workers, threads_per_worker=1, processes=True,
                memory_limit=local_memory_limit(spec.local_workers), dashboard_address=None,
                silence_logs=logging.ERROR))
            client = stack.enter_context(distributed.Client(cluster))
        else:
            try:
                client = distributed.Client(spec.address, timeout=config.CLUSTER_CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as e:
                raise ClusterError(f"cannot reach the Dask scheduler at {spec.address} "
                                   f"(no answer within {config.CLUSTER_CONNECT_TIMEOUT_S:g} s: {_why(e)})",
                                   kind="cluster") from None
            stack.enter_context(client)
            _wait_for_workers(client, spec)
        yield client


def _restore_environ(before: dict[str, str]) -> None:
    for key in set(os.environ) - set(before):
        del os.environ[key]
    os.environ.update(before)


def local_memory_limit(workers: int) -> int:
    """Bytes each local worker may use: the --jobs cap, but never more than its share of the machine."""
    cap = config.WORKER_MEMORY_LIMIT_MB << 20
    try:
        import psutil  # a dependency of distributed

        cap = min(cap, psutil.virtual_memory().total // workers)
    except (ImportError, OSError):
        pass
    return cap


def _wait_for_workers(client, spec: ClusterSpec) -> None:
    try:
        client.wait_for_workers(1, timeout=config.CLUSTER_WAIT_FOR_WORKERS_S)
    except (OSError, TimeoutError) as e:
        raise ClusterError(f"the Dask scheduler at {spec.address} has no workers "
                           f"(none joined within {config.CLUSTER_WAIT_FOR_WORKERS_S:g} s: {_why(e)}); "
                           "start some with `dask worker ADDRESS --nthreads 1`", kind="cluster") from None


def _why(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) < 200 else text[:197] + "..."


def describe(client) -> str:
    """One line for stderr: where the batch runs and how many workers it has."""
    info = client.scheduler_info()
    workers = info.get("workers", {})
    threads = sum(w.get("nthreads", 0) for w in workers.values())
    return f"Dask scheduler {info.get('address', '?')}: {len(workers)} worker(s), {threads} thread(s)"


# --- on the client ------------------------------------------------------------------------------


def score_on_cluster(items: list[BatchItem], settings: ScoreSettings, client, *,
                     task: Callable | None = None) -> Iterator[tuple[int, ScoreResult]]:
    """Yield (index, result) as each input finishes on the cluster's workers.

    ``task`` is the function each worker runs (``score_task``; the bench passes a no-op).
    A model missing on a worker stops the batch (raised), as with --jobs; any other failure is
    that input's error result. Stopping early (Ctrl-C, a closed pipe) cancels what is left.
    """
    distributed = load_dask()
    Pipeline(settings)  # a bad --question or --rubric stops here, before any work is sent
    if not items:
        return
    task = task or score_task
    batch = uuid.uuid4().hex[:8]
    futures = client.map(task, range(len(items)), items, [settings] * len(items), pure=False,
                         key=[f"score-{batch}-{i}" for i in range(len(items))])
    index = {f.key: i for i, f in enumerate(futures)}
    try:
        # with_results: results are fetched in the background as they complete, not one round trip each.
        for future, value in distributed.as_completed(futures, with_results=True, raise_errors=False):
            i = index[future.key]
            yield i, value[1] if future.status == "finished" else _failed(future, items[i], distributed)
            future.release()  # the worker may forget it: the client holds what it needs
    finally:
        client.cancel([f for f in futures if not f.done()])


def _failed(future, item: BatchItem, distributed) -> ScoreResult:
    """The error result of a task that raised or whose workers died (or stops the batch: no model)."""
    try:
        return future.result()[1]  # raises the task's exception
    except distributed.KilledWorker:
        return error_result(item.input, SimulatorError(
            "the worker process scoring it died each time it was tried (killed, out of memory, or a crash "
            "in a decoder); the other inputs were scored", kind="crashed"), item.path)
    except SimulatorError as e:
        if e.kind == "model_missing":
            raise
        return error_result(item.input, e, item.path)
    except Exception as e:  # e.g. the worker could not unpickle the task (a different mock-interview)
        log.debug("%s: failed on the cluster", item.input, exc_info=True)
        return error_result(item.input, SimulatorError(
            f"failed on the cluster ({type(e).__name__}: {_why(e)})", kind="internal"), item.path)


# --- on the workers ---------------------------------------------------------------------------------

_pipelines: dict[tuple, Pipeline] = {}
_pipelines_lock = threading.Lock()


def worker_pipeline(settings: ScoreSettings) -> Pipeline:
    """This worker process's Pipeline for these settings, built on first use and kept."""
    key = dataclasses.astuple(settings)
    with _pipelines_lock:
        pipeline = _pipelines.get(key)
        if pipeline is None:
            log.info("worker %d: loading the pipeline", os.getpid())
            pipeline = _pipelines[key] = Pipeline(settings)
        return pipeline


def score_task(index: int, item: BatchItem, settings: ScoreSettings) -> tuple[int, ScoreResult]:
    """What a worker runs for one input (never raises for a bad input: it is an error result)."""
    return index, worker_pipeline(settings).score(item)
