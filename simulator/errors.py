"""The project's error hierarchy.

Library code raises these; only the CLI turns them into one line and an exit code.
Each error carries a short machine-readable ``kind`` that also appears in JSON output.
"""

from __future__ import annotations

import re


class SimulatorError(Exception):
    """Base of every error this package raises on purpose."""

    kind = "error"

    def __init__(self, message: str, *, kind: str | None = None):
        super().__init__(message)
        if kind is not None:
            self.kind = kind

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.kind


class InputError(SimulatorError, ValueError):
    """An input path that cannot be scored (missing, wrong type, nothing to score)."""

    kind = "bad_input"


class AudioFileError(InputError):
    """An audio file that cannot be decoded (empty, header only, truncated, not audio)."""

    kind = "bad_audio"


class NoSpeechError(SimulatorError):
    """Audio that decodes fine but holds no speech (silence, noise, music)."""

    kind = "no_speech"


class DeviceError(SimulatorError, OSError):
    """A sound device that is missing, refused the settings, or went away."""

    kind = "device"


class ModelMissingError(SimulatorError, FileNotFoundError):
    """A model or engine that is not installed or does not verify."""

    kind = "model_missing"


class RubricError(SimulatorError, ValueError):
    """Data in prompts/ that does not validate."""

    kind = "rubric"


class StoreError(SimulatorError):
    """The session store cannot find, read or save an attempt."""

    kind = "store"


class OutputError(SimulatorError, OSError):
    """A report or result file that cannot be written (``--out``, ``report --out``)."""

    kind = "output"


class ClusterError(SimulatorError):
    """``score --cluster``: Dask not installed, the scheduler unreachable, or no workers."""

    kind = "cluster"


# How each kind reads in a table, a report or an index (the kinds themselves stay in JSON and CSV).
KIND_LABELS = {
    "bad_input": "bad input", "bad_audio": "unreadable audio", "no_speech": "no speech",
    "not_english": "not English", "too_long": "too long", "truncated": "truncated recording",
    "device": "audio device", "model_missing": "model missing", "rubric": "rubric", "store": "not saved",
    "output": "not written", "crashed": "crashed", "internal": "internal error", "damaged": "damaged",
    "missing": "missing", "empty_folder": "empty folder", "tts": "speech engine", "error": "error",
    "cluster": "cluster", "missing_extra": "not installed",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " "))


_NO_MEMORY = re.compile(r"bad_alloc|failed to map segment|cannot allocate memory|out of memory", re.IGNORECASE)


def out_of_memory(error: BaseException) -> bool:
    """Was ``error`` caused by running out of memory, however a library reported it?

    Under the worker's address-space cap, a shared library that cannot be mapped raises ImportError
    ("failed to map segment from shared object"), ONNX Runtime raises "std::bad_alloc", and faster-whisper
    turns a failed import into "requires the onnxruntime package". None of those is a missing package.
    """
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, MemoryError) or _NO_MEMORY.search(str(error)):
            return True
        error = error.__cause__ or error.__context__
    return False
