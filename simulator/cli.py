"""The command line. The only place that prints and picks exit codes.

Each subcommand lives in simulator/commands/<name>.py with ``register(subparsers)`` and
``run(args) -> int``; heavy imports happen inside ``run`` so ``--help`` stays fast.
Library errors (SimulatorError) become one line on stderr; tracebacks only with --debug.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from . import __version__
from .errors import SimulatorError

# Order is the order shown in --help.
COMMANDS = ["score", "practice", "serve", "questions", "devices", "sessions", "replay", "progress", "report", "models"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program ended by SIGPIPE

DESCRIPTION = """\
An offline voice mock-interview coach for "What are your career goals?".

  mock-interview practice          hear the question, answer out loud, get feedback
  mock-interview score FILES...    score recordings or transcripts (table, JSON, CSV...)
  mock-interview replay last       hear and read a saved attempt again

Everything runs on this machine: no audio, text or model call leaves it.
Data lives in $MOCK_INTERVIEW_HOME (default: your user data folder).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mock-interview", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.commands.{name}":
                raise
            continue  # a command not built in this version
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except SimulatorError as e:
        if args.debug:
            raise
        from .formats import strip_control_chars

        print(f"mock-interview: error: {strip_control_chars(e.message)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("mock-interview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """stdout's reader went away (`... | head`): stop quietly, as a killed-by-SIGPIPE program would."""
    # Point stdout at /dev/null so the interpreter's last flush does not fail again on exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
