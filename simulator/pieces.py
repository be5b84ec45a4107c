"""How audio becomes text, the same way for a recording on disk and for an answer still being spoken.

voice (vad.py) -> pieces of up to 28 s cut in the pauses -> each piece through the engine
(transcribe.py) -> a stretch of voice Whisper could only guess at is decoded again on its own, and
what is still a guess is left out and kept as an unclear span -> one Transcript, every time
measured from the start of the recording.

Why pieces: Whisper then never hears silence (so it cannot invent "Thank you." over it), and each
piece fits one 30 s window, so the filler prompt reaches all of the answer (Whisper keeps "um" only
when its prompt shows them, and its prompt covers the first window only).

``transcribe_voiced(audio, engine)`` does it for a whole recording (`score`, `replay --rescore`).
``LiveTranscription`` does the very same computation early, while the person is still talking: Silero
gives the same numbers on a growing recording as on the finished one, an interval a pause has closed
never changes, and a piece never changes once the next one has begun, so the pieces the whole
recording will be cut into are known as the answer goes on. Each is transcribed as soon as it is
settled, and the piece still growing is transcribed at every pause as if the answer ended there.
When the answer ends, ``finish`` runs ``transcribe_voiced`` on the whole recording, answering each
piece from what is already done: a live answer gets the transcript `score answer.wav` gives, and only
what was not done yet (speech after the last pause, an answer ended by Enter mid-word) costs time.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field, replace

import numpy as np

from . import config
from .engines import Transcriber
from .types import Audio, Segment, Transcript
from .vad import HALLUCINATIONS, VoiceDetector, overlap, speech_intervals, total_speech

log = logging.getLogger(__name__)

Span = tuple[float, float]  # (start, end) seconds in the recording


# --- planning -----------------------------------------------------------------
def plan_pieces(speech: list[Span], duration: float, max_seconds: float = config.CHUNK_SECONDS) -> list[Span]:
    """Group voice intervals into pieces of at most ``max_seconds``, cut in the pauses between them."""
    pieces: list[list[float]] = []
    for start, end in speech:
        while end - start > max_seconds:  # one breathless stretch longer than a piece: cut it
            pieces.append([start, start + max_seconds])
            start += max_seconds
        if pieces and end - pieces[-1][0] <= max_seconds:
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
    padded = []
    for i, (start, end) in enumerate(pieces):
        before = pieces[i - 1][1] if i else 0.0
        after = pieces[i + 1][0] if i + 1 < len(pieces) else duration
        pad = config.CHUNK_PAD_SECONDS
        padded.append((max(start - pad, (start + before) / 2, 0.0), min(end + pad, (end + after) / 2, duration)))
    return padded


def voice_within(speech: list[Span], start: float, end: float) -> list[Span]:
    """The voice intervals clipped to [start, end]."""
    return [(max(s, start), min(e, end)) for s, e in speech if e > start and s < end]


# --- what Whisper made up or only guessed --------------------------------------
def invented(text: str, voiced_s: float) -> bool:
    """Text Whisper made up: a stock phrase over little voice, or more words than the voice could hold."""
    if voiced_s < config.HALLUCINATION_MAX_VOICED_S and HALLUCINATIONS.match(text.strip()):
        return True
    return len(text.split()) > config.MAX_WORDS_PER_VOICED_SECOND * voiced_s + 2


def failed(segment: Segment) -> bool:
    """Whisper's own checks on a decoding: too repetitive, or too unlikely (they are per 30 s window)."""
    return (segment.temperature > 0  # Whisper already found it failed and sampled instead
            or segment.compression_ratio > config.COMPRESSION_RATIO_MAX
            or segment.avg_logprob < config.LOGPROB_FLOOR)


def guessed(segment: Segment) -> bool:
    """Whisper doubted there was speech and its decoding failed its own checks: a guess.

    This is what it produces over the last fraction of a second of a piece, after the final word
    ("Thank you.", "We'll see you in the next video."), over a language it does not know, and over
    a piece that starts in the middle of a word.
    """
    return failed(segment) and segment.no_speech_prob > config.GUESS_NO_SPEECH_PROB


def unclear_spans(segments: list[Segment], duration: float) -> list[Span]:
    """Where the guessed segments are, from the segment before to the segment after (or the piece's edges).

    A guess's own times are no better than its text, so they say nothing about where the unclear voice is.
    """
    spans: list[Span] = []
    for i, s in enumerate(segments):
        if guessed(s):
            start = segments[i - 1].end if i else 0.0
            end = segments[i + 1].start if i + 1 < len(segments) else duration
            if spans and spans[-1][1] >= start:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    return spans


def unheard(speech: list[Span] | None, unclear: list[Span]) -> list[Span]:
    """The unclear spans that hold real voice: speech left out of the transcript, to tell the person about.

    The rest are the guesses over a piece's last fraction of a second, after its final word.
    """
    return [s for s in unclear if overlap(speech or [], [s]) >= config.UNCLEAR_MIN_VOICE_S]


# --- one piece -------------------------------------------------------------------
@dataclass
class PieceText:
    """One piece transcribed: the segments kept and what could not be made out, in recording time."""

    segments: list[Segment]
    unclear: list[Span]
    language: str | None  # None when nothing was kept
    decoded: list[Span] = field(default_factory=list)  # what the engine was given: the piece, then any retries


def transcribe_piece(engine: Transcriber, audio: Audio, start: float, end: float, speech: list[Span]) -> PieceText:
    """Transcribe [start, end] of ``audio``; a guessed stretch with real voice in it gets a second decode.

    Whisper's guesses over voice come from a window that starts in the middle of a word (a piece cut
    where there was no pause, or a later pass that starts where the previous one stopped): decoding
    that stretch again from where its voice starts after a pause, trimmed to its voice, gives Whisper
    a clean start. What is still a guess stays unclear.
    """
    text = _decode(engine, audio, start, end, speech)
    for span in list(text.unclear):
        retry = _retry_extent(span, speech, (start, end))
        if retry is None:
            continue
        again = _decode(engine, audio, *retry, speech)
        text.decoded += again.decoded
        if not again.segments:
            log.info("%.1f-%.1f s: still only a guess when decoded again on its own", *span)
            continue
        log.info("%.1f-%.1f s: a guess; decoded again on its own: %r", *span, " ".join(s.text for s in again.segments))
        left = [(a, b) for a, b in ((span[0], retry[0]), (retry[1], span[1])) if b - a > 0]
        text.segments = sorted(text.segments + again.segments, key=lambda s: s.start)
        text.unclear = sorted([u for u in text.unclear if u != span] + left + again.unclear)
        text.language = text.language or again.language
    return text


def _retry_extent(span: Span, speech: list[Span], decoded: Span) -> Span | None:
    """The voice in an unclear span, from where it starts after a pause; None when not worth a decode."""
    voice = voice_within(speech, *span)
    if total_speech(voice) < config.UNCLEAR_MIN_VOICE_S:
        return None  # the guess after a piece's last word
    pad = config.CHUNK_PAD_SECONDS
    starts = [s for s, _ in voice if s > span[0]]  # voice that begins inside the span, after a pause
    start = max(span[0], starts[0] - pad) if starts else span[0]
    extent = (round(start, 3), round(min(span[1], voice[-1][1] + pad), 3))
    if abs(extent[0] - decoded[0]) < 0.01 and abs(extent[1] - decoded[1]) < 0.01:
        return None  # the very audio that was just decoded: the same guess again
    return extent if extent[1] - extent[0] > 0 else None


def _decode(engine: Transcriber, audio: Audio, start: float, end: float, speech: list[Span]) -> PieceText:
    sr = audio.sample_rate
    part = engine.transcribe(Audio(audio.samples[int(start * sr):int(end * sr)], sr, audio.source))
    unclear = [(round(a + start, 3), round(b + start, 3)) for a, b in unclear_spans(part.segments, end - start)]
    kept = [s for s in part.segments if not guessed(s)]
    text = " ".join(s.text for s in kept)
    if kept and invented(text, total_speech(voice_within(speech, start, end))):
        log.info("%.1f-%.1f s: left out %r, made up over too little voice", start, end, text)
        kept = []
    return PieceText(_shifted(kept, start), unclear, part.language if kept else None, [(start, end)])


def _shifted(segments: list[Segment], offset: float) -> list[Segment]:
    return [replace(s, start=s.start + offset, end=s.end + offset,
                    words=[replace(w, start=w.start + offset, end=w.end + offset) for w in s.words])
            for s in segments]


class PieceCache:
    """Pieces already transcribed, by exactly what went in: sample range, samples, and the voice in them."""

    def __init__(self):
        self._done: dict[tuple, tuple[bytes, PieceText]] = {}
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _key(start: float, end: float, speech: list[Span]) -> tuple:
        return start, end, tuple(voice_within(speech, start, end))

    @staticmethod
    def _digest(audio: Audio, start: float, end: float) -> bytes:
        sr = audio.sample_rate
        return hashlib.blake2b(audio.samples[int(start * sr):int(end * sr)].tobytes(), digest_size=16).digest()

    def has(self, start: float, end: float, speech: list[Span]) -> bool:
        return self._key(start, end, speech) in self._done

    def transcribe(self, engine: Transcriber, audio: Audio, start: float, end: float, speech: list[Span]) -> PieceText:
        key, digest = self._key(start, end, speech), self._digest(audio, start, end)
        done = self._done.get(key)
        if done is not None and done[0] == digest:
            self.hits += 1
            return done[1]
        self.misses += 1
        text = transcribe_piece(engine, audio, start, end, speech)
        self._done[key] = (digest, text)
        return text


# --- a whole recording -------------------------------------------------------------
def engine_options(engine: Transcriber) -> dict:
    return engine.options() if hasattr(engine, "options") else {"engine": engine.name}


def transcribe_voiced(audio: Audio, engine: Transcriber, *, voice: list[Span] | None = None,
                      cache: PieceCache | None = None) -> Transcript:
    """Find the voice, transcribe it piece by piece, and put the pieces together.

    Where there is no voice it returns an empty transcript, not an error (the caller decides).
    ``voice`` is the audio's speech_intervals when already known; ``cache`` answers pieces done before.
    """
    speech = speech_intervals(audio) if voice is None else voice
    options = {**engine_options(engine), "chunk_seconds": config.CHUNK_SECONDS}
    if total_speech(speech) < config.MIN_SPEECH_SECONDS:
        return Transcript(text="", segments=[], duration_s=audio.duration_s, options=options, speech=speech)
    segments: list[Segment] = []
    unclear: list[Span] = []
    language = "en"
    for start, end in plan_pieces(speech, audio.duration_s):
        if cache is not None:
            piece = cache.transcribe(engine, audio, start, end, speech)
        else:
            piece = transcribe_piece(engine, audio, start, end, speech)
        segments += piece.segments
        unclear += piece.unclear
        language = piece.language or language
    text = " ".join(s.text for s in segments if s.text).strip()
    return Transcript(text=text, segments=segments, duration_s=audio.duration_s, language=language,
                      options=options, speech=speech, unclear=unclear)


# --- an answer while it is spoken ----------------------------------------------------
class _Samples:
    """The answer so far at 16 kHz, exactly the samples `load_audio(answer.wav)` will give."""

    def __init__(self):
        self._buffer = np.zeros(config.SAMPLE_RATE * 30, dtype=np.float32)
        self.count = 0
        self._resampler = None

    def add(self, block: np.ndarray, rate: int) -> np.ndarray:
        if rate != config.SAMPLE_RATE:
            if self._resampler is None:
                from .audio import StreamResampler

                self._resampler = StreamResampler(rate)
            block = self._resampler.push(block)
        self._append(block)
        return block

    def flush(self) -> np.ndarray:
        rest = self._resampler.flush() if self._resampler is not None else np.zeros(0, np.float32)
        self._append(rest)
        return rest

    def _append(self, block: np.ndarray) -> None:
        if self.count + len(block) > len(self._buffer):
            grown = np.zeros(max(2 * len(self._buffer), self.count + len(block)), dtype=np.float32)
            grown[: self.count] = self._buffer[: self.count]
            self._buffer = grown
        self._buffer[self.count: self.count + len(block)] = block
        self.count += len(block)

    def audio(self) -> Audio:
        return Audio(self._buffer[: self.count], config.SAMPLE_RATE, source="live answer")


@dataclass
class LiveStats:
    """How much of the work was done while the person spoke."""

    pieces: int = 0  # pieces the finished answer was cut into
    ready: int = 0  # of those, transcribed before the answer ended
    decoded_s: float = 0.0  # seconds of audio decoded while the answer went on (pieces that then grew included)
    finish_s: float = 0.0  # time the final step took once the answer had ended


class LiveTranscription:
    """Transcribe an answer while it is spoken; ``finish`` gives what ``transcribe_voiced`` gives.

    Pass ``on_block`` as the recorder's ``on_block`` (the samples the WAV file holds): it only hands
    the block over. A worker thread finds the voice, plans the pieces and transcribes them. After
    the recording, ``finish`` waits for the worker and returns the transcript (raising a worker's
    error); ``cancel`` stops it for an answer that will not be scored.
    """

    def __init__(self, engine: Transcriber, *, speculate_after_s: float = config.SPECULATE_PAUSE_SECONDS):
        self.engine = engine
        self.speculate_after_s = speculate_after_s
        self.cache = PieceCache()
        self.stats = LiveStats()
        self.error: BaseException | None = None
        self._samples = _Samples()
        self._voice = VoiceDetector()
        self._incoming: list[tuple[np.ndarray, int]] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._ended = False
        self._cancelled = False
        self._result: Transcript | None = None
        self._worker = threading.Thread(target=self._work, name="live-transcription", daemon=True)
        self._worker.start()

    def on_block(self, block: np.ndarray, sample_rate: int) -> None:
        with self._lock:
            self._incoming.append((np.array(block, dtype=np.float32), sample_rate))
        self._wake.set()

    def finish(self) -> Transcript:
        """The whole answer's transcript, once the recording has ended."""
        self._stop(cancel=False)
        if self.error is not None:
            raise self.error
        assert self._result is not None
        return self._result

    def cancel(self) -> None:
        """Stop the worker without transcribing what is left."""
        self._stop(cancel=True)

    def _stop(self, *, cancel: bool) -> None:
        self._cancelled = cancel
        self._ended = True
        self._wake.set()
        self._worker.join()

    def _work(self) -> None:
        try:
            while not self._cancelled:
                ended = self._ended  # read first: every block handed over before the end is taken below
                self._take()
                if ended:
                    self._result = self._final()
                    return
                if not self._transcribe_next():
                    self._wake.wait(config.POLL_SECONDS)
                    self._wake.clear()
        except BaseException as exc:  # raised from finish(), on the caller's thread
            self.error = exc

    def _take(self) -> None:
        with self._lock:
            incoming, self._incoming = self._incoming, []
        for block, rate in incoming:
            self._voice.feed(self._samples.add(block, rate))

    def _transcribe_next(self) -> bool:
        """Transcribe the first settled piece not done yet; False when there is none."""
        voice = self._voice.voice()
        if not voice.intervals:
            return False
        pieces = plan_pieces(voice.intervals, voice.decided_s)
        for i, (start, end) in enumerate(pieces):
            if i == len(pieces) - 1:  # may still grow: only after a pause, as if the answer ended there
                if voice.open or voice.decided_s - voice.intervals[-1][1] < self.speculate_after_s:
                    return False
            if not self.cache.has(start, end, voice.intervals):
                self.cache.transcribe(self.engine, self._samples.audio(), start, end, voice.intervals)
                self.stats.decoded_s += end - start
                log.debug("live: transcribed %.2f-%.2f s%s", start, end,
                          " (still growing, at a pause)" if i == len(pieces) - 1 else "")
                return True
        return False

    def _final(self) -> Transcript:
        started = time.monotonic()
        self._voice.feed(self._samples.flush())
        audio = self._samples.audio()
        voice = self._voice.finish()
        done_before = self.cache.hits + self.cache.misses
        hits_before = self.cache.hits
        transcript = transcribe_voiced(audio, self.engine, voice=voice.intervals, cache=self.cache)
        self.stats.pieces = self.cache.hits + self.cache.misses - done_before
        self.stats.ready = self.cache.hits - hits_before
        self.stats.finish_s = round(time.monotonic() - started, 3)
        self.stats.decoded_s = round(self.stats.decoded_s, 2)
        log.info("live transcription: %d of %d pieces ready when the answer ended; %.1f s decoded while it went on",
                 self.stats.ready, self.stats.pieces, self.stats.decoded_s)
        return transcript
