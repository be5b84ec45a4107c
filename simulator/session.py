"""The practice loop: question -> speak -> record -> transcribe -> analyse -> feedback -> store.

Read it top to bottom: ``practice()`` runs rounds, ``run_round()`` is one attempt. Everything that
touches the screen goes through the ``SessionUI`` the CLI passes in; everything heavy sits in the
step modules. The answer is on disk (recorded straight into the attempt's folder) before any
transcription result is needed, and it is transcribed piece by piece while the person is still
talking (pieces.py), exactly as `score` would transcribe the saved file, so feedback comes about a
second after they stop.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Protocol

from . import config, store
from .engines import Transcriber, get_transcriber
from .errors import ModelMissingError, SimulatorError
from .feedback import compare_attempts
from .question import load_question
from .pieces import LiveTranscription
from .record import NoVoiceWatch, Recording, SoundDeviceRecorder
from .rubric import Rubric, load_rubric
from .score import error_result, score_transcript
from .types import Audio, Question, ScoreResult

log = logging.getLogger(__name__)


@dataclass
class PracticeOptions:
    question_id: str | None = None
    rounds: int | None = None  # None: ask after each round
    voice: str | None = None  # TTS engine name; None picks the best installed
    speak: bool = True  # False: text only (--no-speak)
    input_device: str | None = None
    output_device: str | None = None
    max_seconds: float = config.MAX_ANSWER_SECONDS
    silence_seconds: float = config.SILENCE_SECONDS
    engine: str | None = None
    model: str | None = None
    beam_size: int = config.DEFAULT_BEAM_SIZE


@dataclass
class RoundResult:
    attempt_id: str
    recording: Recording
    result: ScoreResult
    changes: list[str] = field(default_factory=list)  # what changed since the previous round
    feedback_latency_s: float | None = None  # end of the answer -> written feedback shown


class SessionUI(Protocol):
    """What the session needs from whoever shows it (the CLI; tests use the CLI in a subprocess)."""

    def say(self, text: str) -> None: ...  # a status line
    def show_question(self, question: Question) -> None: ...
    def recording_started(self, max_seconds: float, silence_seconds: float) -> threading.Event | None: ...
    def on_block(self, block, sample_rate: int) -> None: ...  # level meter and elapsed time
    def recording_ended(self, recording: Recording) -> None: ...
    def show_feedback(self, round_: RoundResult) -> None: ...
    def ask_again(self) -> bool: ...


class Engines:
    """The speaker, recorder and transcriber, loaded once; Whisper loads while the question plays."""

    def __init__(self, opts: PracticeOptions, ui: SessionUI):
        self.opts = opts
        self.recorder = SoundDeviceRecorder(opts.input_device)
        self.speaker = self._speaker(ui) if opts.speak else None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-load")
        self._transcriber: Future | None = None

    def load_transcriber(self) -> None:
        """Start loading Whisper in the background (once the question is already playing)."""
        if self._transcriber is None:
            opts = self.opts
            self._transcriber = self._pool.submit(get_transcriber, opts.engine, opts.model,
                                                  beam_size=opts.beam_size)

    def _speaker(self, ui: SessionUI):
        from .speak import get_speaker

        try:
            return get_speaker(self.opts.voice)
        except ModelMissingError as e:
            ui.say(f"No voice available ({e.message}); the question and feedback will be printed only.")
            return None

    @property
    def transcriber(self) -> Transcriber:
        self.load_transcriber()
        return self._transcriber.result()

    def speak(self, text: str, ui: SessionUI) -> Audio | None:
        """Say ``text`` aloud; return what was played (kept with the attempt), or None if silent.

        Whisper starts loading once the first sound plays: loading both at once would delay it.
        """
        if self.speaker is None:
            self.load_transcriber()
            return None
        from .playback import play_stream

        try:
            return play_stream(self.speaker.synthesize(text), device=self.opts.output_device,
                               on_start=self.load_transcriber)
        except SimulatorError as e:  # no device, device gone, or the voice engine failed
            ui.say(f"Cannot speak ({e.message}); continuing with text only.")
            self.speaker = None
            self.load_transcriber()
            return None

    def cue(self) -> None:
        if self.speaker is not None:
            from .playback import cue_tone, play

            play(cue_tone(), device=self.opts.output_device)


def run_round(question: Question, rubric: Rubric, engines: Engines, ui: SessionUI,
              previous: RoundResult | None) -> RoundResult:
    opts = engines.opts
    attempt = store.new_attempt(question.id, "practice", question_text=question.text,
                                settings={"tts": getattr(engines.speaker, "name", None)})
    ui.show_question(question)
    question_audio = engines.speak(question.text, ui)
    engines.cue()
    stop = ui.recording_started(opts.max_seconds, opts.silence_seconds)
    live = LiveTranscription(engines.transcriber)
    watch = NoVoiceWatch(lambda: ui.say(config.NO_VOICE_HINT))

    def on_block(block, rate):
        live.on_block(block, rate)
        watch.update(block, rate)
        ui.on_block(block, rate)

    recording = engines.recorder.record(attempt.answer_wav, max_seconds=opts.max_seconds,
                                        silence_seconds=opts.silence_seconds, stop=stop, on_block=on_block)
    ended = time.monotonic()
    ui.recording_ended(recording)
    if recording.ended_by in ("interrupted", "device_lost"):  # keep the answer, score nothing
        live.cancel()
        store.finish_attempt(attempt, None, ended_by=recording.ended_by, question_audio=question_audio)
        stopped = error_result(str(attempt.answer_wav), SimulatorError(recording.message, kind=recording.ended_by))
        return RoundResult(attempt.id, recording, stopped)
    try:
        transcript = live.finish()
        result = score_transcript(transcript, question, rubric, input_name=str(attempt.answer_wav),
                                  start_latency_s=recording.speech_start_s)
    except SimulatorError as e:
        result = error_result(str(attempt.answer_wav), e)
    result.path = attempt.answer_wav
    changes = compare_attempts(previous.result, result, rubric) if previous else []
    round_ = RoundResult(attempt.id, recording, result, changes, time.monotonic() - ended)
    ui.show_feedback(round_)
    feedback_audio = engines.speak(result.feedback.spoken, ui) if result.feedback else None
    timings = {"feedback_latency_s": round(round_.feedback_latency_s, 3), "live": asdict(live.stats)}
    store.finish_attempt(attempt, result, ended_by=recording.ended_by, question_audio=question_audio,
                         feedback_audio=feedback_audio, settings={"timings": timings})
    log.info("feedback %.2f s after the answer ended", round_.feedback_latency_s)
    return round_


def practice(opts: PracticeOptions, ui: SessionUI) -> list[RoundResult]:
    """Run rounds until ``opts.rounds`` is reached or the person says stop."""
    question = load_question(opts.question_id)
    rubric = load_rubric(question.rubric)
    engines = Engines(opts, ui)
    rounds: list[RoundResult] = []
    while True:
        round_ = run_round(question, rubric, engines, ui, rounds[-1] if rounds else None)
        rounds.append(round_)
        if round_.recording.ended_by in ("interrupted", "device_lost"):
            break  # the answer is kept; the CLI says what happened
        if opts.rounds is not None and len(rounds) >= opts.rounds:
            break
        if opts.rounds is None and not ui.ask_again():
            break
    return rounds
