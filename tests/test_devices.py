"""Listing and choosing sound devices, against a real private PulseAudio (tests/soundserver.py).

sounddevice reads the device list once, at import, so every check runs in a child process that
sees only the test's server.
"""

from __future__ import annotations

import json

import pytest
from soundserver import sound_server  # noqa: F401  (a fixture)

LIST_CHILD = """
import dataclasses, json, sys
from simulator.devices import list_devices
print(json.dumps([dataclasses.asdict(d) for d in list_devices()]))
"""

RESOLVE_CHILD = """
import dataclasses, json, sys
from simulator.devices import resolve_device
from simulator.errors import DeviceError
out = {}
for spec, kind in [("mi_mic", "input"), ("MIC", "input"), ("speaker", "output"), ("mi_", "output"),
                   ("usb-headset", "input"), ("99", "input"), ("1", "input"), (None, "input")]:
    try:
        d = resolve_device(spec, kind)
        out[f"{spec}/{kind}"] = d and d.name
    except DeviceError as exc:
        out[f"{spec}/{kind}"] = "DeviceError: " + exc.message
print(json.dumps(out))
"""

pytestmark = pytest.mark.slow  # every test runs a live sound server

COMMAND_CHILD = """
import argparse, sys
from simulator.commands import devices
from simulator.errors import SimulatorError
parser = argparse.ArgumentParser(prog="mock-interview")
devices.register(parser.add_subparsers())
args = parser.parse_args(["devices", *sys.argv[1:]])
try:
    code = args.func(args)
except SimulatorError as exc:
    print("ERROR", exc.kind, exc.message)
    code = 1
sys.exit(code)
"""


def run_child(server, code: str, *args: str, extra_env=None) -> tuple[int, str]:
    proc = server.python(code, *args, extra_env=extra_env)
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err, err
    return proc.returncode, out


def test_lists_the_virtual_microphone_and_speaker(sound_server):
    code, out = run_child(sound_server, LIST_CHILD)
    devices = {(d["kind"], d["name"]): d for d in json.loads(out)}

    mic = devices[("input", "mi_mic")]
    assert mic["is_default"] and mic["api"] == "PulseAudio" and mic["pulse_name"] == "mi_mic"
    assert (mic["channels"], mic["default_rate"]) == (1, 16000.0)
    assert devices[("output", "mi_speaker")]["is_default"]
    assert ("output", "mi_mic_feed") in devices
    # Monitors echo an output; they are not offered as microphones.
    assert not any(kind == "input" and name.endswith(".monitor") for kind, name in devices)
    # PortAudio's own devices are there too, and PulseAudio's are opened through "pulse".
    pulse = devices[("input", "pulse")]
    assert mic["index"] == pulse["index"] and pulse["pulse_name"] is None


def test_resolve_by_name_index_or_default_with_clear_errors(sound_server):
    code, out = run_child(sound_server, RESOLVE_CHILD)
    got = json.loads(out)

    assert got["mi_mic/input"] == "mi_mic"
    assert got["MIC/input"] == "mi_mic"  # a case-insensitive part of the name
    assert got["speaker/output"] == "mi_speaker"
    assert got["None/input"] is None  # the system default, which exists
    assert got["1/input"] == "default"  # PortAudio index 1 is ALSA's "default" here
    assert got["mi_/output"].startswith("DeviceError: output device 'mi_' is ambiguous")
    assert "'mi_speaker'" in got["mi_/output"] and "'mi_mic_feed'" in got["mi_/output"]
    assert got["usb-headset/input"] == (
        "DeviceError: no input device matches 'usb-headset' (run `mock-interview devices` to list them)"
    )
    assert got["99/input"].startswith("DeviceError: no input device with index 99")


def test_devices_command_shows_inputs_and_outputs_with_defaults(sound_server):
    code, out = run_child(sound_server, COMMAND_CHILD)

    assert code == 0
    inputs, outputs = out.split("Speakers (output)")
    assert inputs.startswith("Microphones (input)")
    mic_line = next(line for line in inputs.splitlines() if "mi_mic" in line)
    assert mic_line.lstrip().startswith("*") and "16000 Hz" in mic_line
    assert "mi_speaker" in outputs and "mi_speaker" not in inputs
    assert "mi_mic_feed" in outputs


def test_devices_command_json_and_kind_filter(sound_server):
    code, out = run_child(sound_server, COMMAND_CHILD, "--input", "--json")

    assert code == 0
    listed = json.loads(out)
    assert {d["kind"] for d in listed} == {"input"}
    assert "mi_mic" in {d["name"] for d in listed}


def test_no_sound_server_is_one_clear_error(sound_server, tmp_path):
    nowhere = {"PULSE_SERVER": f"unix:{tmp_path}/no-such-server"}
    code, out = run_child(sound_server, COMMAND_CHILD, extra_env=nowhere)

    assert code == 1
    assert out.strip() == "ERROR device no sound devices found: is a sound server (PulseAudio or PipeWire) running?"
    code, out = run_child(sound_server, LIST_CHILD, extra_env=nowhere)
    assert json.loads(out) == []
