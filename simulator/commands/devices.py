"""`mock-interview devices`: the microphones and speakers `practice` can use.

Pass a device to `practice` by its index or by part of its name; PulseAudio sources and sinks are
listed by name (they are reached through PortAudio's "pulse" device). Heavy imports stay inside `run`.
"""

from __future__ import annotations

import argparse
import json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "devices",
        help="list the microphones and speakers practice can use",
        description="List input (microphone) and output (speaker) devices. Choose one for practice "
        "by its index or by part of its name; * marks the system default.",
    )
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    kinds = parser.add_mutually_exclusive_group()
    kinds.add_argument("--input", dest="kind", action="store_const", const="input", help="inputs only")
    kinds.add_argument("--output", dest="kind", action="store_const", const="output", help="outputs only")
    parser.set_defaults(func=run, kind=None)


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ..devices import list_devices
    from ..errors import DeviceError

    devices = list_devices(args.kind)
    if args.json:
        print(json.dumps([asdict(d) for d in devices], indent=2))
        return 0
    if not devices:
        raise DeviceError("no sound devices found: is a sound server (PulseAudio or PipeWire) running?")
    for kind, title in (("input", "Microphones (input)"), ("output", "Speakers (output)")):
        chosen = [d for d in devices if d.kind == kind]
        if chosen:
            print(title)
            for d in chosen:
                print("  " + _line(d))
    return 0


def _line(d) -> str:
    mark = "*" if d.is_default else " "
    where = f"{d.index:>3}" if d.pulse_name is None else "  -"
    rate = f"{d.default_rate:g} Hz"
    detail = f"{d.api}, {d.channels} ch, {rate}"
    name = d.name if not d.description else f"{d.name}  ({d.description})"
    return f"{mark} {where}  {name}  [{detail}]"
