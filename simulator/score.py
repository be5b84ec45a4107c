"""Scoring files: the same steps as a live session, from a recording or a transcript on disk.

score_path() never raises for a bad input: it returns a ScoreResult with status "error" and a
clear kind, so a batch goes on past a bad file (as whisper's CLI does: "Skipping X due to ...").
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Generator, Iterator

from . import config
from .analyse import analyse
from .audio import load_audio
from .engines import Transcriber, get_transcriber
from .errors import InputError, NoSpeechError, SimulatorError, out_of_memory
from .feedback import make_feedback
from .fileio import check_regular, fetched, is_url, read_limited
from .formats import strip_control_chars
from .pieces import transcribe_voiced
from .question import load_question
from .rubric import Rubric, load_rubric
from .types import Audio, Question, ScoreResult, Transcript
from .vad import total_speech

log = logging.getLogger(__name__)


def transcribe_audio(audio: Audio, transcriber: Transcriber) -> Transcript:
    """Voice check first, so Whisper never gets to invent words over silence."""
    transcript = transcribe_voiced(audio, transcriber)
    if total_speech(transcript.speech or []) < config.MIN_SPEECH_SECONDS:
        raise NoSpeechError("no speech detected (silence or background sound only)")
    return transcript


def score_transcript(transcript: Transcript, question: Question, rubric: Rubric, *, input_name: str,
                     start_latency_s: float | None = None, said_on: date | None = None) -> ScoreResult:
    """Analyse and give feedback on a transcript (raises SimulatorError, e.g. no speech).

    ``said_on``: the day the answer was given (default today), from which a year said as a date counts.
    """
    analysis = analyse(transcript, question, rubric, start_latency_s=start_latency_s, said_on=said_on)
    return ScoreResult(input=input_name, status="ok", analysis=analysis,
                       feedback=make_feedback(analysis, rubric))


def error_result(input_name: str, e: SimulatorError, path: Path | None = None) -> ScoreResult:
    return ScoreResult(input=input_name, status="error", error_kind=e.kind,
                       error_message=e.message, path=path)


def score_audio(audio: Audio, *, transcriber: Transcriber, question: Question, rubric: Rubric,
                start_latency_s: float | None = None, input_name: str = "", said_on: date | None = None) -> ScoreResult:
    try:
        transcript = transcribe_audio(audio, transcriber)
        return score_transcript(transcript, question, rubric, input_name=input_name or audio.source or "",
                                start_latency_s=start_latency_s, said_on=said_on)
    except SimulatorError as e:
        return error_result(input_name or audio.source or "", e)


def read_transcript_file(path: Path) -> Transcript:
    data = read_limited(path, config.MAX_TEXT_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file") from None
    # NULs and escape sequences are no part of an answer, and would reach terminals and reports.
    text = strip_control_chars(text)
    if not text.strip():
        raise InputError("empty transcript: nothing to score")
    return Transcript(text=" ".join(text.split()), segments=[], duration_s=None,
                      options={"engine": "text"})


def score_path(path: str | os.PathLike, *, transcriber: Transcriber | Callable[[], Transcriber],
               question: Question, rubric: Rubric, input_name: str | None = None,
               max_seconds: float | None = config.MAX_INPUT_SECONDS, said_on: date | None = None) -> ScoreResult:
    """Score one file. ``transcriber`` may be a factory, so text-only batches never load a model; ``said_on``: the
    day the answer was given (default today)."""
    name = input_name if input_name is not None else str(path)
    if is_url(path):  # read with fsspec into a local copy; scored as that copy, named by its URL
        try:
            with fetched(str(path), config.MAX_URL_BYTES) as local:
                result = score_path(local, transcriber=transcriber, question=question, rubric=rubric,
                                    input_name=name, max_seconds=max_seconds, said_on=said_on)
        except SimulatorError as e:
            if e.kind == "model_missing":
                raise
            return error_result(name, e)
        result.path = None  # the copy is gone: nothing local to keep with --save or to play in a report
        return result
    path = Path(path)
    try:
        suffix = path.suffix.lower()
        check_regular(path)  # before any open: a FIFO would hang the decoder, /dev/zero never end
        if suffix in config.TEXT_EXTENSIONS:
            return score_transcript(read_transcript_file(path), question, rubric, input_name=name, said_on=said_on)
        if suffix not in config.AUDIO_EXTENSIONS:
            raise InputError(f"unsupported file type {suffix or '(none)'!r}; "
                             f"supported: {', '.join(config.AUDIO_EXTENSIONS + config.TEXT_EXTENSIONS)}")
        audio = load_audio(path, max_seconds=max_seconds)
        engine = transcriber if hasattr(transcriber, "transcribe") else transcriber()
        result = score_transcript(transcribe_audio(audio, engine), question, rubric, input_name=name,
                                  said_on=said_on)
    except SimulatorError as e:
        if e.kind == "model_missing":
            raise  # not the file's fault: stop the batch with one clear line
        return error_result(name, e, path)
    except Exception as e:  # a bug or a decoder surprise on one file must not end the batch
        if out_of_memory(e):  # MemoryError, or a library's own way of saying it ("std::bad_alloc")
            return error_result(name, SimulatorError(
                f"ran out of memory scoring it (a worker may use {config.WORKER_MEMORY_LIMIT_MB} MB)",
                kind="crashed"), path)
        log.debug("%s: unexpected error", name, exc_info=True)
        return error_result(name, SimulatorError(
            f"unexpected error ({type(e).__name__}: {e}); `-vv` shows where", kind="internal"), path)
    result.path = path
    return result


# --- batches ----------------------------------------------------------------


@dataclass
class BatchItem:
    input: str  # as the user gave it (or the file found in a folder they gave)
    path: Path
    error: SimulatorError | None = None  # set when the input itself is unusable (empty folder)
    follow_ups: list[Path] = field(default_factory=list)  # score --exchange: the answers to follow-ups


def expand_inputs(inputs: list[str]) -> list[BatchItem]:
    """Files and URLs stay as given; folders become the supported files inside them, sorted."""
    items: list[BatchItem] = []
    supported = config.AUDIO_EXTENSIONS + config.TEXT_EXTENSIONS
    for raw in inputs:
        if is_url(raw):  # read by whoever scores it (a cluster worker reads it itself)
            items.append(BatchItem(raw, raw))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in supported)
            if not found:
                items.append(BatchItem(raw, path, InputError(
                    f"folder has nothing to score (looked for {', '.join(supported)})", kind="empty_folder")))
            items += [BatchItem(str(p), p) for p in found]
        else:
            items.append(BatchItem(raw, path))
    return items


@dataclass
class ScoreSettings:
    """What every worker needs to build its own pipeline (picklable)."""

    engine: str | None = None
    model: str | None = None
    question_id: str | None = None
    rubric: str | None = None
    beam_size: int = config.DEFAULT_BEAM_SIZE
    compute_type: str = config.DEFAULT_COMPUTE_TYPE
    cpu_threads: int = 0
    max_seconds: float | None = config.MAX_INPUT_SECONDS
    said_on: date | None = None  # the day the answers were given (a year said as a date counts from it); None: today


class Pipeline:
    """Question, rubric and a lazily loaded transcriber, built once per process."""

    def __init__(self, s: ScoreSettings):
        self.settings = s
        self.question = load_question(s.question_id)
        self.rubric = load_rubric(s.rubric or self.question.rubric)
        self._transcriber: Transcriber | None = None
        self._loading = threading.Lock()  # a Dask worker may run several threads on one pipeline

    def transcriber(self) -> Transcriber:
        with self._loading:
            if self._transcriber is None:
                s = self.settings
                self._transcriber = get_transcriber(s.engine, s.model, beam_size=s.beam_size,
                                                    compute_type=s.compute_type, cpu_threads=s.cpu_threads)
        return self._transcriber

    def score(self, item: BatchItem) -> ScoreResult:
        if item.error is not None:
            return error_result(item.input, item.error, item.path)
        result = score_path(item.path, transcriber=self.transcriber, question=self.question,
                            rubric=self.rubric, input_name=item.input, max_seconds=self.settings.max_seconds,
                            said_on=self.settings.said_on)
        if item.follow_ups and result.status == "ok":
            return self.score_exchange(result, item.follow_ups)
        return result

    def score_exchange(self, first: ScoreResult, paths: list[Path]) -> ScoreResult:
        """A recorded exchange: the first answer, then the answer to each follow-up, in order.

        Each follow-up is taken to be the one practice would have asked (followup.choose); the result
        is the exchange scored as one answer, with what each follow-up asked and closed in ``exchange``.
        """
        from .followup import FollowUp, answer_follow_up, choose, load_follow_ups, score_exchange

        follow_ups = load_follow_ups()
        answers, exchange = [], None
        for path in paths:
            answer = score_path(path, transcriber=self.transcriber, question=self.question, rubric=self.rubric,
                                max_seconds=self.settings.max_seconds, said_on=self.settings.said_on)
            if answer.status != "ok" and answer.error_kind != "no_speech":
                return error_result(first.input, SimulatorError(
                    f"follow-up answer {path}: {answer.error_message}", kind=answer.error_kind or "error"), first.path)
            asked = choose(exchange.result if exchange else first, follow_ups,
                           exclude={a.follow_up.gap for a in answers})
            asked = asked or FollowUp("", "", "")  # one practice would not have asked: scored, not judged
            transcript = answer.analysis.transcript if answer.analysis else Transcript("", [], None)
            answers.append(answer_follow_up(asked, transcript, self.question, self.rubric, follow_ups, path,
                                            said_on=self.settings.said_on))
            exchange = score_exchange(first, answers, self.question, self.rubric, follow_ups,
                                      said_on=self.settings.said_on)
        result = exchange.result
        result.input, result.path, result.exchange = first.input, first.path, exchange
        if result.status == "ok":
            result.feedback = exchange.feedback
        return result


WORKER_WATCH_S = 0.5  # how often a worker checks that the batch that started it is still there
_worker: Pipeline | None = None
_started = None  # shared with the parent: 1 at an input's index once a worker has begun on it


def _init_worker(settings: ScoreSettings, started) -> None:
    global _worker, _started
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    _limit_memory(config.WORKER_MEMORY_LIMIT_MB)
    _exit_with_parent(os.getppid())
    _worker, _started = Pipeline(settings), started


def _exit_with_parent(parent: int) -> None:
    """A worker outlives a parent killed with -9 (and holds its stdout open for ever): not ours."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WORKER_WATCH_S)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _limit_memory(megabytes: int | None) -> None:
    try:
        import resource

        limit = megabytes << 20 if megabytes else resource.RLIM_INFINITY
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError) as e:  # not POSIX, or not allowed: go without
        log.debug("no memory limit for the worker: %s", e)


def _score_in_worker(index: int, item: BatchItem) -> tuple[int, ScoreResult]:
    assert _worker is not None and _started is not None
    _started[index] = 1
    return index, _worker.score(item)


def score_batch(items: list[BatchItem], settings: ScoreSettings, jobs: int = 1) -> Iterator[tuple[int, ScoreResult]]:
    """Yield (index, result) as each input finishes, scored in ``jobs`` worker processes.

    Workers even for one job: a hostile file can crash a decoder in native code (it happened:
    a WAV header claiming 64 channels), and then only that input is lost, never the batch.
    """
    Pipeline(settings)  # a bad --question or --rubric stops here, before any worker starts
    if not items:
        return
    if jobs > 1 and not settings.cpu_threads:  # share the cores instead of oversubscribing them
        settings.cpu_threads = max(1, (os.cpu_count() or 1) // jobs)
    started = multiprocessing.Array("b", len(items), lock=False)
    pending = list(range(len(items)))
    while pending:
        left = yield from _pool_pass(items, pending, settings, jobs, started)
        # A worker died (killed, out of memory). What it was scoring is tried again alone, so an
        # input that kills its worker is named and the others are not blamed; every input that
        # no worker had begun goes on as before.
        suspects = [i for i in left if started[i]] or left[:1]
        if suspects:
            log.warning("a worker process died; scoring %d input(s) again, one at a time", len(suspects))
        for i in suspects:
            if (yield from _pool_pass(items, [i], settings, 1, started)):
                yield i, error_result(items[i].input, SimulatorError(
                    "the process scoring it died (killed, out of memory, or a crash in a decoder); "
                    "the other inputs were scored", kind="crashed"), items[i].path)
        pending = [i for i in left if i not in suspects]


def _pool_pass(items, indices, settings, jobs, started) -> Generator[tuple[int, ScoreResult], None, list[int]]:
    """Score ``indices`` in a pool; yield each result, and return the indices a dead worker left."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(settings, started))
    finished = False
    try:
        futures = [pool.submit(_score_in_worker, i, items[i]) for i in indices]
        done = set()
        for fut in as_completed(futures):
            try:
                i, result = fut.result()
            except BrokenProcessPool:
                continue  # every unfinished future fails so; the finished ones are still collected
            done.add(i)
            yield i, result
        finished = True
        return [i for i in indices if i not in done]
    finally:
        if not finished:  # the caller stopped reading (Ctrl-C, a closed pipe, an error): stop the workers
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        # Waited for, also when stopping: a pool left to shut down on its own races the interpreter's
        # exit ("OSError: Bad file descriptor" from concurrent.futures' atexit hook).
        pool.shutdown(wait=True, cancel_futures=True)
