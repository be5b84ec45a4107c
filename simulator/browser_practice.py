"""Practice in a web page: the page is the microphone, the speaker and the screen of session.py's loop.

page microphone -> POST pieces of audio -> ``BrowserRecorder`` (record.py's writer: answer.wav grows on
disk as pieces arrive, ended by the same silence and limit rules) -> the loop's live transcription ->
analyse -> feedback -> store, all in ``session.practice()``, unchanged. ``BrowserUI`` turns what the loop
shows into events the page polls, and ``BrowserOutput`` hands the interviewer's voice to the page as WAV
clips. A closed tab or a lost network stops the pieces: the answer so far is kept, marked incomplete,
exactly as Ctrl-C keeps it in the terminal; a page that went before its answer sent any sound leaves no
attempt behind.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from . import config
from .record import Recording, _WavWriter
from .types import Audio

log = logging.getLogger(__name__)

_CLOSED = object()  # put in the piece queue when the page has gone


class ChunkError(ValueError):
    """A piece of audio the recorder cannot take; the message says why, for the page."""


class Events:
    """What the page is shown, in order; the page asks for everything after the last one it saw."""

    def __init__(self):
        self._items: list[dict[str, Any]] = []
        self._cond = threading.Condition()

    def add(self, kind: str, **fields) -> None:
        with self._cond:
            self._items.append({"type": kind, **fields})
            self._cond.notify_all()

    def since(self, n: int, timeout: float) -> list[dict[str, Any]]:
        """The events after the first ``n``, waiting up to ``timeout`` for one to come."""
        with self._cond:
            self._cond.wait_for(lambda: len(self._items) > n, timeout)
            return list(self._items[n:])

    def kinds(self) -> list[str]:
        with self._cond:
            return [e["type"] for e in self._items]


class BrowserRecorder:
    """A ``record.Recorder`` fed by the page: each answer is a "take", its pieces numbered from 0."""

    def __init__(self, events: Events):
        self.events = events
        self.take = 0
        self._pieces: queue.Queue = queue.Queue()
        self._recording = False
        self._next_seq = 0
        self._lock = threading.Lock()

    def add_chunk(self, take: int, seq: int, rate: int, data: bytes) -> bool:
        """Queue one piece (16-bit little-endian mono at ``rate``); False when that answer has ended."""
        if not config.MIN_CHUNK_RATE <= rate <= config.MAX_CHUNK_RATE:
            raise ChunkError(f"sample rate {rate} Hz is not one a microphone gives "
                             f"({config.MIN_CHUNK_RATE}-{config.MAX_CHUNK_RATE} Hz)")
        if len(data) % 2:
            raise ChunkError("a piece of 16-bit audio cannot have an odd number of bytes")
        with self._lock:
            if not self._recording or take != self.take:
                return False
            if seq < self._next_seq:
                return True  # sent again after a lost reply: already written
            if seq > self._next_seq:
                raise ChunkError(f"piece {seq} came before piece {self._next_seq}")
            self._next_seq += 1
        samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
        self._pieces.put((rate, samples))
        return True

    def close(self) -> None:
        """The page has gone: the answer being recorded ends now, kept as it is."""
        self._pieces.put(_CLOSED)

    def record(self, path: Path, *, max_seconds: float = config.MAX_ANSWER_SECONDS,
               silence_seconds: float = config.SILENCE_SECONDS, stop: threading.Event | None = None,
               on_block: Callable | None = None, **_) -> Recording:
        with self._lock:
            self.take += 1
            self._next_seq = 0
            self._recording = True
        self._drop_stale_pieces()
        self.events.add("record", take=self.take, max_seconds=max_seconds, silence_seconds=silence_seconds)
        writer: _WavWriter | None = None
        try:
            writer, ended_by = self._receive(path, max_seconds, silence_seconds, stop, on_block)
        finally:
            with self._lock:
                self._recording = False
            if writer is not None:
                writer.finish()
        if writer is None:  # not one piece came: a header-only answer.wav, as the terminal leaves
            writer = _WavWriter(path, config.SAMPLE_RATE, max_seconds=max_seconds,
                                silence_seconds=silence_seconds, on_block=None, vad=None)
            writer.start()  # finish() joins the writer's thread
            writer.finish()
        if writer.error is not None:
            raise writer.error
        ended_by = writer.ended_by or ended_by  # the writer may have found silence in the last pieces
        duration = writer.frames / float(writer.sample_rate)
        return Recording(
            path=path, sample_rate=writer.sample_rate, duration_s=duration, ended_by=ended_by, overflows=0,
            complete=ended_by in ("silence", "stop", "max"), speech_start_s=writer.vad.speech_start_s,
            speech_end_s=writer.vad.speech_end_s, message=_message(ended_by, duration, max_seconds, silence_seconds),
            options={"device": "browser", "sample_rate": writer.sample_rate, "max_seconds": max_seconds,
                     "silence_seconds": silence_seconds}, ended_at=time.monotonic())

    def _drop_stale_pieces(self) -> None:
        """Pieces of the previous answer that came after it ended are no part of this one."""
        closed = False
        while True:
            try:
                closed = self._pieces.get_nowait() is _CLOSED or closed
            except queue.Empty:
                break
        if closed:
            self._pieces.put(_CLOSED)

    def _receive(self, path, max_seconds, silence_seconds, stop, on_block) -> tuple[_WavWriter | None, str]:
        writer: _WavWriter | None = None
        last = time.monotonic()
        while True:
            if writer is not None and (writer.ended_by or writer.error):
                return writer, writer.ended_by or "interrupted"
            if stop is not None and stop.is_set():
                return writer, "stop"
            try:
                item = self._pieces.get(timeout=config.POLL_SECONDS)
            except queue.Empty:
                limit = config.BROWSER_START_TIMEOUT_SECONDS if writer is None else config.BROWSER_CHUNK_TIMEOUT_SECONDS
                if time.monotonic() - last > limit:
                    return writer, "device_lost"
                continue
            if item is _CLOSED:
                return writer, "interrupted"
            rate, samples = item
            last = time.monotonic()
            if writer is None:  # the file is opened on the first piece: only then is the rate known
                writer = _WavWriter(path, rate, max_seconds=max_seconds, silence_seconds=silence_seconds,
                                    on_block=on_block, vad=None)
                writer.start()
            if rate != writer.sample_rate:
                log.warning("a piece at %d Hz in an answer recorded at %d Hz was left out", rate, writer.sample_rate)
                continue
            writer.queue.put(samples)


def _message(ended_by: str, duration: float, max_seconds: float, silence_seconds: float) -> str:
    """What ended the answer, as the terminal says it; Stop, a closed page and lost sound in the page's words."""
    from .record import _message as said_in_the_terminal

    if ended_by == "stop":
        return f"Answer ended when you pressed Stop ({duration:.1f} s recorded)."
    if ended_by in ("interrupted", "device_lost") and not duration:
        return "No sound came from the page (closed, no microphone, or the network lost); nothing was recorded."
    if ended_by == "interrupted":
        return f"The page was closed after {duration:.1f} s; what was recorded is kept."
    if ended_by == "device_lost":
        return (f"The page stopped sending sound after {duration:.1f} s (tab closed or network lost); "
                "what was recorded is kept.")
    return said_in_the_terminal(ended_by, Path("answer.wav"), duration, max_seconds, silence_seconds)


class BrowserOutput:
    """The interviewer's voice as WAV clips the page fetches and plays (``session.VoiceOutput``)."""

    def __init__(self, events: Events):
        self.events = events
        self.clips: dict[int, bytes] = {}

    def play(self, chunks: Iterable[Audio], on_start: Callable[[], object]) -> Audio:
        from .report_html import wav_bytes
        from .speak import join_chunks

        audio = join_chunks(chunks)
        n = len(self.clips) + 1
        self.clips[n] = wav_bytes(audio)
        self.events.add("play", clip=n)
        on_start()
        return audio

    def cue(self) -> None:
        self.events.add("cue")


class BrowserUI:
    """``session.SessionUI`` for the page: every call becomes an event; Stop and "Again?" come back by POST."""

    def __init__(self, events: Events):
        self.events = events
        self.stop: threading.Event | None = None
        self._decisions: queue.Queue = queue.Queue()

    def say(self, text: str) -> None:
        self.events.add("say", text=text)

    def show_question(self, question) -> None:
        self.events.add("question", text=question.text)

    def show_follow_up(self, text: str) -> None:
        self.events.add("follow_up", text=text)

    def recording_started(self, max_seconds: float, silence_seconds: float) -> threading.Event:
        self.stop = threading.Event()
        return self.stop

    def on_block(self, block, sample_rate: int) -> None:
        pass  # the page draws its own level meter and clock from the microphone

    def recording_ended(self, recording: Recording) -> None:
        kept = recording.ended_by in ("interrupted", "device_lost")
        self.events.add("recording_ended", message=recording.message + ("" if kept else " Scoring..."),
                        seconds=round(recording.duration_s, 1))

    def show_feedback(self, round_) -> None:
        self.events.add("feedback", **feedback_view(round_))

    def ask_again(self) -> bool:
        self.events.add("ask_again")
        try:
            return self._decisions.get(timeout=config.BROWSER_IDLE_SECONDS)
        except queue.Empty:
            return False

    def decide(self, again: bool) -> None:
        self._decisions.put(again)


def feedback_view(round_) -> dict[str, Any]:
    """What the page shows after an answer: the same text the terminal prints."""
    r = round_.result
    if r.status != "ok":
        return {"attempt": round_.attempt_id, "scored": False, "message": f"No score for this attempt: {r.error_message}."}
    final = round_.final
    feedback = round_.exchange.feedback if round_.exchange else r.feedback
    follow_ups = [{"question": a.follow_up.question, "transcript": a.transcript.text or "(nothing I could make out)"}
                  for a in (round_.exchange.answers if round_.exchange else [])]
    return {"attempt": round_.attempt_id, "scored": True, "verdict": final.analysis.verdict,
            "score": final.analysis.score.total, "written": feedback.written,
            "transcript": r.analysis.transcript.text, "follow_ups": follow_ups, "changes": list(round_.changes),
            "first_verdict": r.analysis.verdict if round_.exchange else None}


class PracticeSession:
    """One practice page: the loop of session.py in a thread, with the page as its devices and screen."""

    def __init__(self, session_id: str, opts, *, speaker=None, transcriber=None):
        from .session import Engines

        self.id = session_id
        self.events = Events()
        self.recorder = BrowserRecorder(self.events)
        self.output = BrowserOutput(self.events)
        self.ui = BrowserUI(self.events)
        self.engines = Engines(opts, self.ui, recorder=self.recorder, output=self.output, speaker=speaker,
                               transcriber=transcriber)
        self.opts = opts
        self.rounds: list = []
        self._thread = threading.Thread(target=self._run, name=f"practice-{session_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        from .errors import SimulatorError
        from .session import practice

        try:
            self.rounds = practice(self.opts, self.ui, self.engines)
            last = self.rounds[-1] if self.rounds else None
            if last is not None and last.recording.ended_by in ("interrupted", "device_lost"):
                self._stopped(last)
        except SimulatorError as e:
            self.events.add("error", message=e.message)
        except Exception as e:  # a bug: the page says so instead of waiting for ever
            log.exception("practice in the page failed")
            self.events.add("error", message=f"unexpected error ({type(e).__name__}: {e})")
        finally:
            self.events.add("done")

    def _stopped(self, last) -> None:
        """The page went away (or sent no sound) during an answer. What it said so far is kept as an incomplete
        attempt; an attempt whose first answer never got a single piece of sound holds nothing to replay or
        score, and is removed rather than left in History as "incomplete"."""
        from . import store
        from .errors import SimulatorError

        if last.result.error_kind == last.recording.ended_by and last.recording.duration_s == 0:
            try:
                store.delete_attempt(last.attempt_id)
            except SimulatorError as e:
                log.warning("the empty attempt %s is left in the store: %s", last.attempt_id, e.message)
            else:
                log.info("attempt %s removed: the page sent no sound for it", last.attempt_id)
                self.events.add("say", text="Nothing was recorded, so no attempt is kept.")
                return
        self.events.add("kept", attempt=last.attempt_id, message=(
            f"What you said so far is kept as an incomplete attempt ({last.recording.duration_s:.1f} s); "
            "History shows it."))

    def stop_answer(self) -> None:
        if self.ui.stop is not None:
            self.ui.stop.set()

    def close(self) -> None:
        """The page has gone (or a new practice page replaced it)."""
        self.recorder.close()
        self.ui.decide(False)

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)
