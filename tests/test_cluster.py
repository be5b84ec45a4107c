"""`score --cluster`: real Dask schedulers and worker processes on this machine, the real model on real audio.

What the issue asks: a LocalCluster of 2 workers gives exactly the results of --jobs 2; a worker killed
mid-run still leaves every input with its result; a file that keeps killing workers is its own error;
an unreachable scheduler and a missing extra are one error line each.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from conftest import FIXTURES, ROOT
from test_cli import check_contract, cli

import distributed  # noqa: E402  (the cluster extra; `make test` installs it: never skipped)

TEXTS = FIXTURES / "texts"
SHORT = FIXTURES / "answers" / "short_piper.flac"
ADEQUATE = FIXTURES / "answers" / "adequate_piper.flac"
INPUTS = [SHORT, ADEQUATE, TEXTS / "strong.txt", TEXTS / "empty.txt", TEXTS / "weak.txt"]


def by_input(lines: list[dict]) -> dict[str, dict]:
    return {d["input"]: d for d in lines}


def test_local_cluster_gives_exactly_the_results_of_jobs_2():
    jobs = cli("score", *INPUTS, "--format", "json", "--jobs", "2", check_code=1)  # empty.txt fails
    ordered = cli("score", *INPUTS, "--format", "json", "--cluster", "local:2", "--ordered", check_code=1)
    assert ordered.stdout == jobs.stdout  # every field, byte for byte, in input order
    for d in json.loads(ordered.stdout):
        check_contract(d)
    assert "on the Dask scheduler" in ordered.stderr and "2 worker(s)" in ordered.stderr
    assert "mock-interview: " + str(TEXTS / "empty.txt") + ": bad input: empty transcript" in ordered.stderr
    assert "Traceback" not in ordered.stderr and "INFO" not in ordered.stderr  # Dask's chatter stays quiet

    streamed = cli("score", *INPUTS, "--format", "jsonl", "--cluster", "local:2", check_code=1)  # as completed
    lines = [json.loads(x) for x in streamed.stdout.splitlines()]
    assert by_input(lines) == by_input(json.loads(jobs.stdout)) and len(lines) == len(INPUTS)


def test_workers_read_inputs_named_by_url_themselves():
    """fsspec URLs (file:// here; s3://, gs://, http:// with their packages) are read by the worker that
    scores them, and give what the same file gives by path; a URL with nothing behind it is its own error."""
    plain = json.loads(cli("score", SHORT, TEXTS / "strong.txt", "--format", "json", check_code=0).stdout)
    urls = [f"file://{SHORT}", f"file://{TEXTS / 'strong.txt'}", "file:///no/such/answer.wav"]
    p = cli("score", *urls, "--format", "json", "--cluster", "local:2", "--ordered", check_code=1)
    got = json.loads(p.stdout)
    assert [d["input"] for d in got] == urls
    for by_url, by_path in zip(got, plain):
        assert {k: v for k, v in by_url.items() if k != "input"} == {k: v for k, v in by_path.items() if k != "input"}
    assert got[2]["error"] == {"kind": "missing", "message": "no such file at that URL"}
    assert "mock-interview: file:///no/such/answer.wav: missing: no such file at that URL" in p.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_every_format_matches_jobs_2(fmt):
    inputs = sorted(TEXTS.glob("*.txt"))
    jobs = cli("score", *inputs, "--format", fmt, "--jobs", "2", check_code=1)
    ordered = cli("score", *inputs, "--format", fmt, "--cluster", "local:2", "--ordered", check_code=1)
    assert ordered.stdout == jobs.stdout
    if fmt == "csv":  # as completed: the same rows, in whatever order they finished
        rows = lambda out: sorted(map(tuple, csv.reader(io.StringIO(out))))  # noqa: E731
        assert rows(cli("score", *inputs, "--format", fmt, "--cluster", "local:2", check_code=1).stdout) == \
            rows(jobs.stdout)


def test_out_and_save_write_on_the_client(tmp_path):
    home, out = tmp_path / "home", tmp_path / "reports"
    env = {**os.environ, "MOCK_INTERVIEW_HOME": str(home)}
    p = subprocess.run([sys.executable, "-m", "simulator", "score", SHORT, TEXTS / "strong.txt", "--cluster",
                        "local:2", "--save", "--format", "html", "--out", out],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    assert sorted(f.name for f in out.iterdir()) == ["index.html", "short_piper.html", "strong.html"]
    assert p.stderr.count("saved ") == 2
    listed = subprocess.run([sys.executable, "-m", "simulator", "sessions", "--format", "json"],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=True)
    attempts = json.loads(listed.stdout)
    assert sorted(a["input"] for a in attempts) == sorted([str(SHORT), str(TEXTS / "strong.txt")])


# --- lost workers --------------------------------------------------------------------------------


@pytest.fixture
def local_cluster():
    from simulator.cluster import open_cluster, parse_spec

    before = dict(os.environ)
    with open_cluster(parse_spec("local:2")) as client:
        yield client
    # Dask's nannies set OMP_NUM_THREADS=1 and the like in this process: what starts after must not inherit them
    assert dict(os.environ) == before


def test_a_worker_killed_mid_file_still_gives_every_result(tmp_path, local_cluster):
    from simulator.cluster import score_on_cluster
    from simulator.score import BatchItem, ScoreSettings

    client = local_cluster
    items = [BatchItem(f"answer-{n}.flac", ADEQUATE) for n in range(6)]
    pids_before = client.run(os.getpid)  # worker address -> pid
    killed = None
    results = {}
    for i, result in score_on_cluster(items, ScoreSettings(cpu_threads=1), client):
        results[i] = result
        if killed is None:  # the model is loaded; kill a worker that is scoring a file right now
            busy = [addr for addr, keys in client.processing().items() if keys and addr in pids_before]
            assert busy, "no worker busy after the first result"
            killed = pids_before[busy[0]]
            os.kill(killed, signal.SIGKILL)
    assert sorted(results) == list(range(len(items)))
    assert all(r.status == "ok" for r in results.values()), [r.error_message for r in results.values()]
    assert len({r.analysis.transcript.text for r in results.values()}) == 1  # the same file, the same text
    assert [r.input for _, r in sorted(results.items())] == [item.input for item in items]
    assert killed not in client.run(os.getpid).values()  # the worker really was lost (and replaced)


def _dies_on_the_second(i, item, settings):
    """A task that kills its worker process on input 1, as a decoder crashing in native code would."""
    from simulator.cluster import score_task

    if i == 1:
        os._exit(1)
    return score_task(i, item, settings)


def test_a_file_that_keeps_killing_workers_is_its_own_error(local_cluster):
    import cloudpickle

    import test_cluster
    from simulator.cluster import score_on_cluster
    from simulator.score import BatchItem, ScoreSettings

    cloudpickle.register_pickle_by_value(test_cluster)  # the workers cannot import the tests folder
    try:
        items = [BatchItem(str(p), p) for p in (TEXTS / "strong.txt", TEXTS / "weak.txt", TEXTS / "adequate.txt")]
        results = dict(score_on_cluster(items, ScoreSettings(), local_cluster, task=_dies_on_the_second))
    finally:
        cloudpickle.unregister_pickle_by_value(test_cluster)
    assert sorted(results) == [0, 1, 2]
    assert results[1].status == "error" and results[1].error_kind == "crashed"
    assert "died" in results[1].error_message and results[1].input == str(TEXTS / "weak.txt")
    assert results[0].status == results[2].status == "ok"


# --- a running scheduler -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(*cmd):
    # The workers import this checkout's simulator, and take the Dask settings the README gives them.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_CONFIG": str(ROOT / "docs" / "dask")}
    p = subprocess.Popen([sys.executable, "-m", *cmd], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        yield p
    finally:
        p.terminate()
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def wait_until_it_has_a_worker(address: str) -> None:
    """What a user does after `dask scheduler` and `dask worker`: wait until the worker has joined.

    On a loaded machine the two processes take more than `score`'s 5 s connect timeout to start (a CI run
    failed so, with "no answer within 5 s"); that timeout is about a scheduler that is not there, not one
    still starting, so the test waits here, as long as a slow machine needs, before it scores."""
    deadline = time.monotonic() + 180
    while True:
        try:
            with distributed.Client(address, timeout=10) as client:
                client.wait_for_workers(1, timeout=max(1.0, deadline - time.monotonic()))
                return
        except (OSError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_a_running_scheduler_with_its_own_worker(tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"
    inputs = [SHORT, TEXTS / "weak.txt"]
    with running("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                 "--no-dashboard"), \
            running("distributed.cli.dask_worker", address, "--nthreads", "1", "--nworkers", "1",
                    "--no-dashboard"):
        wait_until_it_has_a_worker(address)
        p = cli("score", *inputs, "--format", "json", "--cluster", address, "--ordered", check_code=0)
    one = cli("score", *inputs, "--format", "json", check_code=0)
    strip = lambda ds: [(d["input"], d["transcript"], d["verdict"], d["score"]) for d in ds]  # noqa: E731
    assert strip(json.loads(p.stdout)) == strip(json.loads(one.stdout))
    assert f"Dask scheduler {address}: 1 worker(s)" in p.stderr


def test_the_worker_config_unsets_what_slows_scoring():
    code = ("import dask, distributed; from distributed.nanny import _get_env_variables; "
            "print(sorted(_get_env_variables('distributed.nanny.pre-spawn-environ')), "
            "dask.config.get('distributed.worker.profile.enabled'))")
    env = {**os.environ, "DASK_CONFIG": str(ROOT / "docs" / "dask")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "['MKL_NUM_THREADS', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS'] False"


def test_an_unreachable_scheduler_is_one_error_line():
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    start = time.monotonic()
    p = cli("score", TEXTS / "strong.txt", "--cluster", address, check_code=1)
    took = time.monotonic() - start
    lines = p.stderr.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith(f"mock-interview: error: cannot reach the Dask scheduler "
                                                       f"at {address}"), p.stderr
    assert p.stdout == ""  # nothing half-printed (no table header)
    print(f"unreachable scheduler reported after {took:.1f} s")  # the issue asks for within 10 s; not asserted


def test_without_the_extra_it_says_what_to_install():
    code = ("import sys, runpy; sys.modules['distributed'] = None; "  # as if dask were not installed
            f"sys.argv = ['mock-interview', 'score', {str(TEXTS / 'strong.txt')!r}, '--cluster', 'local:2']; "
            "runpy.run_module('simulator', run_name='__main__')")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.strip().splitlines() == [
        "mock-interview: error: --cluster needs Dask, an optional extra: pip install 'mock-interview[cluster]' "
        "(in a checkout: pip install '.[cluster]')"]


@pytest.mark.parametrize("args,message", [
    (["--cluster", "local:0"], "local:N needs a number of workers"),
    (["--cluster", "nowhere"], "give local:N or a scheduler address"),
    (["--cluster", "local:2", "--jobs", "2"], "--jobs and --cluster: pick one"),
])
def test_cluster_usage_errors_exit_2(args, message):
    p = cli("score", TEXTS / "strong.txt", *args, check_code=2)
    assert message in p.stderr and "Traceback" not in p.stderr
