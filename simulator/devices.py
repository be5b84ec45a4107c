"""Sound devices: list them and turn a user's choice (index or name) into something PortAudio opens.

On Linux desktops PortAudio usually sees only ALSA's ``pulse`` and ``default`` devices; the real
microphones and speakers are PulseAudio sources and sinks behind them. So the list holds both:
PortAudio devices, and (when a PulseAudio server answers ``pactl``) its sources and sinks, which are
opened through PortAudio's ``pulse`` device with ``PULSE_SOURCE`` / ``PULSE_SINK`` naming the target.

``sounddevice`` is imported lazily: it reads the device list once, at import, so a sound server
started later (as the tests do) would otherwise be invisible.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass

from .errors import DeviceError

log = logging.getLogger(__name__)

DEVICES_HINT = "run `mock-interview devices` to list them"
PACTL_TIMEOUT_S = 3.0  # pactl answers in milliseconds; a hung server must not hang the CLI
_PULSE_ENV = {"input": "PULSE_SOURCE", "output": "PULSE_SINK"}


@dataclass(frozen=True)
class Device:
    """One input or output device, as `mock-interview devices` shows it."""

    kind: str  # "input" | "output"
    name: str  # PortAudio name, or the PulseAudio source/sink name
    index: int | None  # PortAudio index; for a PulseAudio source/sink, the index of PortAudio's "pulse"
    channels: int
    default_rate: float
    is_default: bool  # the system default for this kind
    api: str  # "ALSA", "PulseAudio", ...
    description: str = ""
    pulse_name: str | None = None  # set for PulseAudio sources/sinks: opened via PULSE_SOURCE/PULSE_SINK

    @property
    def label(self) -> str:
        return f"{self.name} ({self.description})" if self.description else self.name


def import_sounddevice():
    """Import sounddevice, turning a missing PortAudio library into a DeviceError."""
    try:
        import sounddevice
    except OSError as exc:  # sounddevice raises OSError when libportaudio2 is absent
        raise DeviceError(f"cannot use sound devices: {exc} (install the Debian package libportaudio2)") from exc
    return sounddevice


def portaudio_devices(kind: str | None = None) -> list[Device]:
    """PortAudio's devices with channels of ``kind`` (both kinds when None)."""
    sd = import_sounddevice()
    apis = sd.query_hostapis()
    default_in, default_out = _default_indices(sd)
    found = []
    for info in sd.query_devices():
        for k, channels_key, default in (("input", "max_input_channels", default_in),
                                         ("output", "max_output_channels", default_out)):
            if kind not in (None, k) or info[channels_key] <= 0:
                continue
            found.append(Device(kind=k, name=info["name"], index=info["index"], channels=info[channels_key],
                                default_rate=float(info["default_samplerate"]), is_default=info["index"] == default,
                                api=apis[info["hostapi"]]["name"]))
    return found


def _default_indices(sd) -> tuple[int, int]:
    defaults = list(sd.default.device)
    return (defaults[0] if defaults[0] is not None else -1, defaults[1] if defaults[1] is not None else -1)


def pulse_devices(kind: str | None = None, pulse_index: int | None = None) -> list[Device]:
    """PulseAudio sources (input) and sinks (output), or [] when no server answers."""
    if not shutil.which("pactl"):
        return []
    found = []
    for k, what in (("input", "source"), ("output", "sink")):
        if kind not in (None, k):
            continue
        entries = _pactl_json("list", f"{what}s")
        default = _pactl_text(f"get-default-{what}")
        for entry in entries or []:
            if k == "input" and entry.get("monitor_source"):
                continue  # "Monitor of ..." sources echo an output; they are not microphones
            found.append(_pulse_device(k, entry, default, pulse_index))
    return found


def _pulse_device(kind: str, entry: dict, default: str | None, pulse_index: int | None) -> Device:
    spec = entry.get("sample_specification", "")  # e.g. "s16le 2ch 44100Hz"
    channels = next((int(p[:-2]) for p in spec.split() if p.endswith("ch")), 2)
    rate = next((float(p[:-2]) for p in spec.split() if p.endswith("Hz")), 44100.0)
    return Device(kind=kind, name=entry["name"], index=pulse_index, channels=channels, default_rate=rate,
                  is_default=entry["name"] == default, api="PulseAudio",
                  description=entry.get("description", ""), pulse_name=entry["name"])


def _pactl_json(*args: str):
    out = _pactl_text("-f", "json", *args)
    try:
        return json.loads(out) if out else None
    except json.JSONDecodeError:
        log.debug("pactl %s printed no JSON", args)
        return None


def _pactl_text(*args: str) -> str | None:
    try:
        done = subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=PACTL_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.debug("pactl %s failed: %s", args, exc)
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def list_devices(kind: str | None = None) -> list[Device]:
    """Every usable device of ``kind``: PortAudio's, then PulseAudio's behind PortAudio's "pulse"."""
    pa = portaudio_devices(kind)
    pulse_index = next((d.index for d in pa if d.name == "pulse"), None)
    # PulseAudio sources and sinks are reachable only through PortAudio's "pulse" device.
    pulse = pulse_devices(kind, pulse_index) if pulse_index is not None else []
    return pa + pulse


def resolve_device(spec: int | str | None, kind: str) -> Device | None:
    """The device ``spec`` names: None (system default), an index, or a name substring.

    Raises DeviceError when no device of ``kind`` exists, or ``spec`` matches none or several.
    Returns None for the system default once it is known that one exists.
    """
    if kind not in _PULSE_ENV:
        raise ValueError(f"kind must be 'input' or 'output', not {kind!r}")
    devices = list_devices(kind)
    if not devices:
        raise DeviceError(f"no {kind} device found ({DEVICES_HINT})")
    if spec is None or spec == "":
        return None
    if isinstance(spec, int) or str(spec).strip().isdigit():
        return _by_index(devices, int(spec), kind)
    return _by_name(devices, str(spec), kind)


def _by_index(devices: list[Device], index: int, kind: str) -> Device:
    for d in devices:
        if d.index == index and d.pulse_name is None:
            return d
    raise DeviceError(f"no {kind} device with index {index} ({DEVICES_HINT})")


def _by_name(devices: list[Device], spec: str, kind: str) -> Device:
    wanted = spec.lower()
    exact = [d for d in devices if d.name.lower() == wanted]
    if exact:
        return exact[0]
    matches = [d for d in devices if wanted in d.name.lower() or wanted in d.description.lower()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DeviceError(f"no {kind} device matches {spec!r} ({DEVICES_HINT})")
    names = ", ".join(repr(d.name) for d in matches)
    raise DeviceError(f"{kind} device {spec!r} is ambiguous: it matches {names}")


def portaudio_target(device: Device | None, kind: str) -> int | None:
    """The PortAudio index to open for ``device``; selects the PulseAudio source/sink as a side effect.

    PulseAudio's ALSA plugin reads PULSE_SOURCE / PULSE_SINK each time a stream opens, which is the
    only way to pick one PulseAudio device through PortAudio.
    """
    if device is None:
        return None
    if device.pulse_name is not None:
        os.environ[_PULSE_ENV[kind]] = device.pulse_name
    return device.index
