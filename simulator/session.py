"""The practice loop: question -> speak -> record -> transcribe -> analyse -> feedback -> store.

Between analyse and feedback, the interviewer may ask a follow-up aimed at the biggest gap (followup.py):
speak -> record -> transcribe again, and the feedback is then on the whole exchange.

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
from typing import Callable, Iterable, Protocol

from . import config, semantic, store
from .engines import Transcriber, get_transcriber
from .errors import ModelMissingError, SimulatorError
from .feedback import compare_attempts
from .followup import Exchange, FollowUps, answer_follow_up, choose, load_follow_ups, score_exchange
from .question import load_question
from .pieces import LiveTranscription
from .record import NoVoiceWatch, Recorder, Recording, SoundDeviceRecorder
from .rubric import Rubric, load_rubric
from .score import error_result, score_transcript
from .serialize import exchange_to_dict
from .types import Audio, Question, ScoreResult, Transcript

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
    follow_ups: int = config.FOLLOW_UPS  # follow-up questions after the first answer (0: none)


@dataclass
class RoundResult:
    attempt_id: str
    recording: Recording  # the last recording of the round (the first answer, or the last follow-up answer)
    result: ScoreResult  # the first answer
    changes: list[str] = field(default_factory=list)  # what changed since the previous round
    feedback_latency_s: float | None = None  # end of the answer -> written feedback shown
    exchange: Exchange | None = None  # when follow-ups were asked: the whole exchange

    @property
    def final(self) -> ScoreResult:
        """What the feedback is about: the exchange when there was one, else the answer."""
        return self.exchange.result if self.exchange else self.result


class SessionUI(Protocol):
    """What the session needs from whoever shows it: the terminal (commands/practice.py) or the page (serve)."""

    def say(self, text: str) -> None: ...  # a status line
    def show_question(self, question: Question) -> None: ...
    def show_follow_up(self, text: str) -> None: ...
    def recording_started(self, max_seconds: float, silence_seconds: float) -> threading.Event | None: ...
    def on_block(self, block, sample_rate: int) -> None: ...  # level meter and elapsed time
    def recording_ended(self, recording: Recording) -> None: ...
    def show_feedback(self, round_: RoundResult) -> None: ...
    def ask_again(self) -> bool: ...


class VoiceOutput(Protocol):
    """Where the interviewer's voice goes: the sound device (practice) or the browser page (serve)."""

    def play(self, chunks: Iterable[Audio], on_start: Callable[[], object]) -> Audio: ...  # returns what was played
    def cue(self) -> None: ...  # the tone that says "recording starts now"


class DeviceOutput:
    """The terminal's voice output: play on a sound device, blocking until it has been heard."""

    def __init__(self, device: str | None = None):
        self.device = device

    def play(self, chunks: Iterable[Audio], on_start: Callable[[], object]) -> Audio:
        from .playback import play_stream

        return play_stream(chunks, device=self.device, on_start=on_start)

    def cue(self) -> None:
        from .playback import cue_tone, play

        play(cue_tone(), device=self.device)


class Engines:
    """The speaker, recorder and transcriber, loaded once; Whisper and the rubric load while the question plays.

    The terminal passes nothing and gets the sound devices; `serve` passes the browser's recorder and
    voice output, and the speaker and transcriber it loaded once for every round in the page.
    """

    def __init__(self, opts: PracticeOptions, ui: SessionUI, *, recorder: Recorder | None = None,
                 output: VoiceOutput | None = None, speaker=None, transcriber: Transcriber | None = None):
        self.opts = opts
        self.recorder = recorder or SoundDeviceRecorder(opts.input_device)
        self.output = output or DeviceOutput(opts.output_device)
        self.speaker = (speaker or self._speaker(ui)) if opts.speak else None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-load")
        self._loading = False  # set once the first sound plays (or at once when nothing is spoken)
        self._transcriber: Future | None = None
        if transcriber is not None:
            self._transcriber = Future()
            self._transcriber.set_result(transcriber)
        self._rubrics: dict[str, Future] = {}

    def use_rubric(self, name: str) -> None:
        """The rubric this session scores with, compiled in the background with the models.

        Compiling its cues takes about a second of pure Python: done before the first sound, it would
        delay the question by that much.
        """
        if name not in self._rubrics:
            self._rubrics[name] = Future()
            if self._loading:
                self._submit_rubric(name)

    def _submit_rubric(self, name: str) -> None:
        done = self._rubrics[name]

        def compile_it() -> None:
            try:
                done.set_result(load_rubric(name))
            except BaseException as e:  # a RubricError is raised where the rubric is needed
                done.set_exception(e)
        self._pool.submit(compile_it)

    def rubric(self, name: str) -> Rubric:
        """The rubric, waiting for it if it is still compiling; a bad rubric raises its RubricError here."""
        self.use_rubric(name)
        self.start_loading()
        return self._rubrics[name].result()

    def start_loading(self) -> None:
        """Start loading Whisper, the rubric and the sentence encoder in the background (once the question plays)."""
        if self._loading:
            return
        self._loading = True
        if self._transcriber is None:
            opts = self.opts
            self._transcriber = self._pool.submit(get_transcriber, opts.engine, opts.model,
                                                  beam_size=opts.beam_size)
        for name in self._rubrics:
            self._submit_rubric(name)
        self._pool.submit(semantic.warm_up)  # the content judgement's encoder, ready before the answer ends

    def _speaker(self, ui: SessionUI):
        from .speak import get_speaker

        try:
            return get_speaker(self.opts.voice)
        except ModelMissingError as e:
            ui.say(f"No voice available ({e.message}); the question and feedback will be printed only.")
            return None

    @property
    def transcriber(self) -> Transcriber:
        self.start_loading()
        return self._transcriber.result()

    def speak(self, text: str, ui: SessionUI) -> Audio | None:
        """Say ``text`` aloud; return what was played (kept with the attempt), or None if silent.

        Whisper and the rubric start loading once the first sound plays: loading them first would delay it.
        """
        if self.speaker is None:
            self.start_loading()
            return None
        try:
            return self.output.play(self.speaker.synthesize(text), on_start=self.start_loading)
        except SimulatorError as e:  # no device, device gone, or the voice engine failed
            ui.say(f"Cannot speak ({e.message}); continuing with text only.")
            self.speaker = None
            self.start_loading()
            return None

    def cue(self) -> None:
        if self.speaker is not None:
            self.output.cue()


def run_round(question: Question, engines: Engines, ui: SessionUI,
              previous: RoundResult | None, follow_ups: FollowUps, asked: dict[str, int]) -> RoundResult:
    opts = engines.opts
    attempt = store.new_attempt(question.id, "practice", question_text=question.text,
                                settings={"tts": getattr(engines.speaker, "name", None)})
    try:
        ui.show_question(question)
        audio = {"question": engines.speak(question.text, ui)}
        rubric = engines.rubric(question.rubric)  # compiled while the question played; a bad one stops here
        recording, live = record_answer(engines, ui, attempt.answer_wav)
    except BaseException:  # Ctrl-C while the question played, or a bad rubric: nothing was said, nothing is kept
        if not attempt.answer_wav.exists():
            store.delete_attempt(attempt.id)
            log.info("attempt %s removed: stopped before the answer", attempt.id)
        raise
    if recording.ended_by in ("interrupted", "device_lost"):  # keep the answer, score nothing
        live.cancel()
        store.finish_attempt(attempt, None, ended_by=recording.ended_by, more_audio=audio)
        stopped = error_result(str(attempt.answer_wav), SimulatorError(recording.message, kind=recording.ended_by))
        return RoundResult(attempt.id, recording, stopped)
    result = score_live(live, recording.speech_start_s, question, rubric, attempt.answer_wav)

    # Follow-ups: the interviewer asks about the biggest gap, then the next, up to opts.follow_ups.
    exchange, answers = None, []
    while len(answers) < opts.follow_ups:
        follow_up = choose(exchange.result if exchange else result, follow_ups, asked=asked,
                           exclude={a.follow_up.gap for a in answers})
        if follow_up is None:
            break
        n = len(answers) + 1
        asked[follow_up.gap] = asked.get(follow_up.gap, 0) + 1
        ui.show_follow_up(follow_up.question)
        audio[f"follow_up_{n}_question"] = engines.speak(follow_up.question, ui)
        path = attempt.path / f"follow_up_{n}.wav"
        recording, live = record_answer(engines, ui, path)
        if recording.ended_by in ("interrupted", "device_lost"):  # both answers are kept; the first is scored
            live.cancel()
            store.finish_attempt(attempt, result, ended_by=recording.ended_by, more_audio=audio,
                                 exchange=exchange_to_dict(exchange) if exchange else None)
            return RoundResult(attempt.id, recording, result, exchange=exchange)
        try:
            transcript = live.finish()
        except SimulatorError as e:  # nothing heard: the follow-up is left unanswered
            log.info("follow-up %d not transcribed: %s", n, e)
            transcript = Transcript(text="", segments=[], duration_s=recording.duration_s)
        answers.append(answer_follow_up(follow_up, transcript, question, rubric, follow_ups, path))
        exchange = score_exchange(result, answers, question, rubric, follow_ups)

    final = exchange.result if exchange else result
    changes = compare_attempts(previous.final, final, rubric) if previous else []
    round_ = RoundResult(attempt.id, recording, result, changes, time.monotonic() - recording.ended_at, exchange)
    ui.show_feedback(round_)
    feedback = exchange.feedback if exchange else result.feedback
    audio["feedback"] = engines.speak(feedback.spoken, ui) if feedback else None
    timings = {"feedback_latency_s": round(round_.feedback_latency_s, 3), "live": asdict(live.stats)}
    store.finish_attempt(attempt, result, ended_by=recording.ended_by, more_audio=audio,
                         exchange=exchange_to_dict(exchange) if exchange else None, settings={"timings": timings})
    log.info("feedback %.2f s after the answer ended", round_.feedback_latency_s)
    return round_


def record_answer(engines: Engines, ui: SessionUI, path) -> tuple[Recording, LiveTranscription]:
    """The tone, then record into ``path`` while transcribing piece by piece; the screen shows the level."""
    opts = engines.opts
    engines.cue()
    stop = ui.recording_started(opts.max_seconds, opts.silence_seconds)
    live = LiveTranscription(engines.transcriber)
    watch = NoVoiceWatch(lambda: ui.say(config.NO_VOICE_HINT))

    def on_block(block, rate):
        live.on_block(block, rate)
        watch.update(block, rate)
        ui.on_block(block, rate)

    recording = engines.recorder.record(path, max_seconds=opts.max_seconds, silence_seconds=opts.silence_seconds,
                                        stop=stop, on_block=on_block)
    recording.ended_at = time.monotonic()
    ui.recording_ended(recording)
    return recording, live


def score_live(live: LiveTranscription, start_latency_s: float | None, question: Question, rubric: Rubric,
               path) -> ScoreResult:
    try:
        result = score_transcript(live.finish(), question, rubric, input_name=str(path),
                                  start_latency_s=start_latency_s)
    except SimulatorError as e:
        result = error_result(str(path), e)
    result.path = path
    return result


def practice(opts: PracticeOptions, ui: SessionUI, engines: Engines | None = None) -> list[RoundResult]:
    """Run rounds until ``opts.rounds`` is reached or the person says stop (``engines``: see Engines)."""
    question = load_question(opts.question_id)
    follow_ups = load_follow_ups() if opts.follow_ups else None
    engines = engines or Engines(opts, ui)
    engines.use_rubric(question.rubric)  # compiles once the question is playing
    rounds: list[RoundResult] = []
    asked: dict[str, int] = {}  # gap -> times asked this session: its phrasings are used in turn
    while True:
        round_ = run_round(question, engines, ui, rounds[-1] if rounds else None, follow_ups, asked)
        rounds.append(round_)
        if round_.recording.ended_by in ("interrupted", "device_lost"):
            break  # the answer is kept; the CLI says what happened
        if opts.rounds is not None and len(rounds) >= opts.rounds:
            break
        if opts.rounds is None and not ui.ask_again():
            break
    return rounds
