"""Scoring files: the same steps as a live session, from a recording or a transcript on disk.

score_path() never raises for a bad input: it returns a ScoreResult with status "error" and a
clear kind, so a batch goes on past a bad file (as whisper's CLI does: "Skipping X due to ...").
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from . import config
from .analyse import analyse
from .audio import load_audio
from .errors import InputError, NoSpeechError, SimulatorError
from .feedback import make_feedback
from .pieces import transcribe_voiced
from .question import load_question
from .rubric import Rubric, load_rubric
from .transcribe import Transcriber, get_transcriber
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
                     start_latency_s: float | None = None) -> ScoreResult:
    """Analyse and give feedback on a transcript (raises SimulatorError, e.g. no speech)."""
    analysis = analyse(transcript, question, rubric, start_latency_s=start_latency_s)
    return ScoreResult(input=input_name, status="ok", analysis=analysis,
                       feedback=make_feedback(analysis, rubric))


def error_result(input_name: str, e: SimulatorError, path: Path | None = None) -> ScoreResult:
    return ScoreResult(input=input_name, status="error", error_kind=e.kind,
                       error_message=e.message, path=path)


def score_audio(audio: Audio, *, transcriber: Transcriber, question: Question, rubric: Rubric,
                start_latency_s: float | None = None, input_name: str = "") -> ScoreResult:
    try:
        transcript = transcribe_audio(audio, transcriber)
        return score_transcript(transcript, question, rubric, input_name=input_name or audio.source or "",
                                start_latency_s=start_latency_s)
    except SimulatorError as e:
        return error_result(input_name or audio.source or "", e)


def read_transcript_file(path: Path) -> Transcript:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file") from None
    if not text.strip():
        raise InputError("empty transcript: nothing to score")
    return Transcript(text=" ".join(text.split()), segments=[], duration_s=None,
                      options={"engine": "text"})


def score_path(path: str | os.PathLike, *, transcriber: Transcriber | Callable[[], Transcriber],
               question: Question, rubric: Rubric, input_name: str | None = None,
               max_seconds: float | None = config.MAX_INPUT_SECONDS) -> ScoreResult:
    """Score one file. ``transcriber`` may be a factory, so text-only batches never load a model."""
    path = Path(path)
    name = input_name if input_name is not None else str(path)
    try:
        suffix = path.suffix.lower()
        if not path.exists():
            raise InputError("no such file", kind="missing")
        if suffix in config.TEXT_EXTENSIONS:
            return score_transcript(read_transcript_file(path), question, rubric, input_name=name)
        if suffix not in config.AUDIO_EXTENSIONS:
            raise InputError(f"unsupported file type {suffix or '(none)'!r}; "
                             f"supported: {', '.join(config.AUDIO_EXTENSIONS + config.TEXT_EXTENSIONS)}")
        audio = load_audio(path, max_seconds=max_seconds)
        engine = transcriber if hasattr(transcriber, "transcribe") else transcriber()
        result = score_transcript(transcribe_audio(audio, engine), question, rubric, input_name=name)
    except SimulatorError as e:
        if e.kind == "model_missing":
            raise  # not the file's fault: stop the batch with one clear line
        return error_result(name, e, path)
    result.path = path
    return result


# --- batches ----------------------------------------------------------------


@dataclass
class BatchItem:
    input: str  # as the user gave it (or the file found in a folder they gave)
    path: Path
    error: SimulatorError | None = None  # set when the input itself is unusable (empty folder)


def expand_inputs(inputs: list[str]) -> list[BatchItem]:
    """Files stay as given; folders become the supported files inside them, sorted."""
    items: list[BatchItem] = []
    supported = config.AUDIO_EXTENSIONS + config.TEXT_EXTENSIONS
    for raw in inputs:
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


class Pipeline:
    """Question, rubric and a lazily loaded transcriber, built once per process."""

    def __init__(self, s: ScoreSettings):
        self.settings = s
        self.question = load_question(s.question_id)
        self.rubric = load_rubric(s.rubric or self.question.rubric)
        self._transcriber: Transcriber | None = None

    def transcriber(self) -> Transcriber:
        if self._transcriber is None:
            s = self.settings
            self._transcriber = get_transcriber(s.engine, s.model, beam_size=s.beam_size,
                                                compute_type=s.compute_type, cpu_threads=s.cpu_threads)
        return self._transcriber

    def score(self, item: BatchItem) -> ScoreResult:
        if item.error is not None:
            return error_result(item.input, item.error, item.path)
        return score_path(item.path, transcriber=self.transcriber, question=self.question,
                          rubric=self.rubric, input_name=item.input, max_seconds=self.settings.max_seconds)


_worker: Pipeline | None = None


def _init_worker(settings: ScoreSettings) -> None:
    global _worker
    _worker = Pipeline(settings)


def _score_in_worker(index: int, item: BatchItem) -> tuple[int, ScoreResult]:
    assert _worker is not None
    return index, _worker.score(item)


def score_batch(items: list[BatchItem], settings: ScoreSettings, jobs: int = 1) -> Iterator[tuple[int, ScoreResult]]:
    """Yield (index, result) as each input finishes; with jobs > 1, in worker processes."""
    if jobs <= 1 or len(items) <= 1:
        pipeline = Pipeline(settings)
        for i, item in enumerate(items):
            yield i, pipeline.score(item)
        return
    if not settings.cpu_threads:  # share the cores instead of oversubscribing them
        settings.cpu_threads = max(1, (os.cpu_count() or 1) // jobs)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        futures = [pool.submit(_score_in_worker, i, item) for i, item in enumerate(items)]
        for fut in as_completed(futures):
            yield fut.result()
