"""A real, private PulseAudio sound server with virtual devices, for tests of anything live.

It is started by scripts/sound-server.sh (the single definition of its devices) in a temporary
folder and reached only through ``SoundServer.env``, so a user's own sound server is never touched:

- sink ``mi_speaker``: what the program says; ``capture(path)`` records it from its monitor;
- sink ``mi_mic_feed`` and source ``mi_mic``: whatever ``feed(path)`` plays into the feed comes out
  of the microphone, sample for sample.

``import sounddevice`` only after ``start()``: PortAudio reads the device list once, at import.
Tests are cleaner when the code under test runs in a child process started with ``server.env``.
Missing Debian packages fail loudly with the package's name; nothing is skipped.
"""

from __future__ import annotations

import ctypes.util
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "sound-server.sh"
SPEAKER = "mi_speaker"
MIC_FEED = "mi_mic_feed"
MIC = "mi_mic"
MIC_RATE = 16_000
SPEAKER_RATE = 22_050
START_TIMEOUT_S = 5.0
_NEEDED = {"pulseaudio": "pulseaudio", "pactl": "pulseaudio-utils", "paplay": "pulseaudio-utils",
           "parec": "pulseaudio-utils"}


class SoundServerMissing(RuntimeError):
    """A Debian package the sound server needs is not installed."""


def check_installed() -> None:
    """Fail with the missing Debian package's name."""
    for program, package in _NEEDED.items():
        if shutil.which(program) is None:
            raise SoundServerMissing(f"{program} not found: install the Debian package {package}")
    if ctypes.util.find_library("portaudio") is None:
        raise SoundServerMissing("libportaudio not found: install the Debian package libportaudio2")
    plugin_confs = [Path("/usr/share/alsa/alsa.conf.d/50-pulseaudio.conf"), Path("/etc/alsa/conf.d/50-pulseaudio.conf")]
    if not any(p.exists() for p in plugin_confs):
        raise SoundServerMissing("ALSA's pulse plugin not found: install the Debian package libasound2-plugins")


class SoundServer:
    """Start with ``with SoundServer() as server:`` (or ``start()`` / ``stop()``)."""

    def __init__(self, folder: Path | None = None):
        self._own_folder = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix="mi-sound-"))
        self.env: dict[str, str] = {}

    # --- life cycle ---------------------------------------------------------
    def start(self) -> "SoundServer":
        check_installed()
        done = subprocess.run(["bash", str(SCRIPT), "start", str(self.folder)], capture_output=True, text=True,
                              env=self._script_env())
        if done.returncode != 0:
            raise RuntimeError(f"sound server did not start: {done.stderr.strip() or done.stdout.strip()}")
        self.env = dict(os.environ)
        for k in ("PULSE_SINK", "PULSE_SOURCE"):  # a caller's choices would redirect our devices
            self.env.pop(k, None)
        for line in done.stdout.splitlines():
            key, _, value = line.removeprefix("export ").partition("=")
            self.env[key] = value
        return self

    def _script_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(MI_MIC_RATE=str(MIC_RATE), MI_SPEAKER_RATE=str(SPEAKER_RATE))
        return env

    @property
    def pid(self) -> int | None:
        try:
            return int((self.folder / "runtime" / "pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def running(self) -> bool:
        return subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode == 0

    def kill(self) -> None:
        """Kill the server outright, as a crash or a pulled plug would (SIGKILL, no goodbye)."""
        pid = self.pid
        if pid is None:
            raise RuntimeError("sound server has no pid file; was it started?")
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):
            if not _alive(pid):
                return
            time.sleep(0.02)

    def stop(self) -> None:
        subprocess.run(["bash", str(SCRIPT), "stop", str(self.folder)], capture_output=True)
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "SoundServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- audio in and out ------------------------------------------------------
    def feed(self, path: str | os.PathLike) -> subprocess.Popen:
        """Play ``path`` into the microphone (returns at once; ``.wait()`` for the end)."""
        return subprocess.Popen(["paplay", "-d", MIC_FEED, str(path)], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def capture(self, path: str | os.PathLike) -> "Capture":
        """Record what is played to the speaker into a WAV at ``path`` until ``.stop()``.

        Returns once parec is connected, so nothing played afterwards can be missed.
        """
        capture = Capture(path, self.env)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._records(capture.proc.pid):
            if capture.proc.poll() is not None or time.monotonic() > deadline:
                capture.stop()
                raise RuntimeError(f"parec did not start recording the speaker: {capture.proc.stderr.read()!r}")
            time.sleep(0.01)
        return capture

    def _records(self, pid: int) -> bool:
        """Whether process ``pid`` has a recording stream open on this server."""
        done = subprocess.run(["pactl", "-f", "json", "list", "source-outputs"], env=self.env,
                              capture_output=True, text=True)
        try:
            outputs = json.loads(done.stdout or "[]")
        except json.JSONDecodeError:
            return False
        return any(o.get("properties", {}).get("application.process.id") == str(pid) for o in outputs)

    def python(self, code: str, *args: str, extra_env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
        """Run ``code`` in a child Python (this venv) that sees only this server (text pipes)."""
        import sys

        popen.setdefault("stdout", subprocess.PIPE)
        popen.setdefault("stderr", subprocess.PIPE)
        env = dict(self.env, **(extra_env or {}))
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True, cwd=ROOT, **popen)


class Capture:
    """parec from the speaker's monitor into a WAV file."""

    def __init__(self, path: str | os.PathLike, env: dict[str, str]):
        self.path = Path(path)
        self.proc = subprocess.Popen(
            ["parec", "-d", f"{SPEAKER}.monitor", "--file-format=wav", f"--rate={SPEAKER_RATE}", "--channels=1",
             "--format=s16le", str(self.path)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self) -> Path:
        """Stop recording (parec finalises the WAV on SIGINT) and return the file."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed daemon reparented to a PID 1 that never reaps stays a zombie: dead all the same.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


try:  # a fixture for pytest users: `from soundserver import sound_server`
    import pytest

    @pytest.fixture
    def sound_server(tmp_path):
        """A fresh private server per test (it starts in well under a second)."""
        with SoundServer(tmp_path / "sound") as server:
            yield server
except ImportError:  # used from a shell without pytest
    pass
