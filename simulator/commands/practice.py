"""`mock-interview practice`: the live session, with a level meter and the feedback on screen."""

from __future__ import annotations

import argparse
import math
import queue
import sys
import threading
import time

from .. import config
from .replay import print_transcript
from .score import add_engine_options

HELP = "hear the question, answer out loud, and get spoken and written feedback"
EPILOG = """\
The answer ends when you have been silent for --silence-seconds after speaking, when you press
Enter, or at --max-seconds. Each attempt is saved: see `mock-interview sessions` and `replay`.

examples:
  mock-interview practice
  mock-interview practice --rounds 3 --voice pyttsx3
  mock-interview practice --no-speak --input-device USB     (see `mock-interview devices`)
  mock-interview practice --question career-goals-5y       (see `mock-interview questions`)
"""

METER_WIDTH = 24
METER_FLOOR_DB = -60.0


def register(sub) -> None:
    p = sub.add_parser("practice", help=HELP, description=HELP[0].upper() + HELP[1:] + ".", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=None, metavar="N",
                   help="attempts in a row (default: ask after each; 1 without a terminal)")
    p.add_argument("--question", default=None, metavar="ID",
                   help="which question to ask, by id (default: career-goals; `mock-interview questions` lists them)")
    p.add_argument("--voice", default=None, metavar="ENGINE",
                   help="TTS engine: piper, pyttsx3 or auto (default: auto = Piper if installed)")
    p.add_argument("--no-speak", action="store_true", help="print the question and feedback; play nothing")
    p.add_argument("--all-feedback", action="store_true",
                   help="print every point to fix, not only the first few")
    p.add_argument("--follow-ups", type=int, default=config.FOLLOW_UPS, metavar="N",
                   help="follow-up questions on the biggest gap in the answer (default: %(default)s; 0: none)")
    p.add_argument("--input-device", default=None, metavar="DEV", help="microphone: number or part of its name")
    p.add_argument("--output-device", default=None, metavar="DEV", help="speaker: number or part of its name")
    p.add_argument("--max-seconds", type=float, default=config.MAX_ANSWER_SECONDS, metavar="S",
                   help="longest answer (default: %(default)g)")
    p.add_argument("--silence-seconds", type=float, default=config.SILENCE_SECONDS, metavar="S",
                   help="silence after speaking that ends the answer (default: %(default)g)")
    add_engine_options(p)
    p.set_defaults(func=run)


class Keyboard:
    """Lines typed on a terminal, read on one thread (Enter stops a recording, y/n answers a prompt)."""

    def __init__(self):
        self.lines: queue.Queue[str] = queue.Queue()
        self.interactive = sys.stdin.isatty()
        if self.interactive:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in sys.stdin:
            self.lines.put(line.strip())

    def drain(self) -> None:
        while not self.lines.empty():
            self.lines.get_nowait()


class TerminalUI:
    def __init__(self, *, all_feedback: bool = False):
        self.all_feedback = all_feedback
        self.keys = Keyboard()
        self.tty = sys.stderr.isatty()
        self._stop: threading.Event | None = None
        self._start_line = ""
        self._started = 0.0
        self._last_draw = 0.0

    def say(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def show_question(self, question) -> None:
        print(f"\nInterviewer: {question.text}\n", flush=True)

    def show_follow_up(self, text: str) -> None:
        print(f"\nInterviewer (follow-up): {text}\n", flush=True)

    def recording_started(self, max_seconds: float, silence_seconds: float):
        self._stop = threading.Event()
        how = "press Enter or " if self.keys.interactive else ""
        # Said on the first block from the microphone, so nobody starts talking into a closed stream.
        self._start_line = (f"● Recording: answer now ({how}stay silent {silence_seconds:g} s to finish; "
                            f"at most {max_seconds:g} s).")
        if self.keys.interactive:
            self.keys.drain()
            threading.Thread(target=self._enter_stops, args=(self._stop,), daemon=True).start()
        return self._stop

    def _enter_stops(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.keys.lines.get(timeout=0.1)
                stop.set()
            except queue.Empty:
                pass

    def on_block(self, block, sample_rate: int) -> None:
        if self._start_line:
            self._started = time.monotonic()
            self.say(self._start_line)
            self._start_line = ""
        if not self.tty:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1:
            return
        self._last_draw = now
        from ..record import level_dbfs

        db = max(METER_FLOOR_DB, level_dbfs(block))
        filled = int(round((db - METER_FLOOR_DB) / -METER_FLOOR_DB * METER_WIDTH))
        elapsed = int(now - self._started)
        bar = "█" * filled + "·" * (METER_WIDTH - filled)
        print(f"\r  {elapsed // 60}:{elapsed % 60:02d}  {bar} {db:5.0f} dB ", end="", file=sys.stderr, flush=True)

    def recording_ended(self, recording) -> None:
        if self._stop is not None:
            self._stop.set()
        if self.tty:
            print(file=sys.stderr)
        if recording.ended_by in ("interrupted", "device_lost"):  # kept, not scored: run() says so
            self.say(f"■ {recording.message or 'Recording stopped.'}")
        else:
            self.say(f"■ {recording.message or 'Recording ended'} Scoring...")

    def show_feedback(self, round_) -> None:
        r = round_.result
        if r.status != "ok":
            print(f"\nNo score for this attempt: {r.error_message}. "
                  "Check your microphone with `mock-interview devices`.", flush=True)
            return
        print("\nWhat I heard (fillers in [brackets], hedges in ~tildes~):", flush=True)
        print_transcript(r, sys.stdout)
        feedback = r.feedback
        if round_.exchange is not None:
            for answer in round_.exchange.answers:
                print(f"\nAnd after \u201c{answer.follow_up.question}\u201d:", flush=True)
                if answer.result is not None:
                    print_transcript(answer.result, sys.stdout)
                else:
                    print("  (nothing I could make out)", flush=True)
            feedback = round_.exchange.feedback
        print("\n" + (feedback.written_all if self.all_feedback else feedback.written), flush=True)
        if round_.changes:
            print("\nSince your last attempt:\n" + "\n".join(f"  {c}" for c in round_.changes), flush=True)
        print(f"\n(saved as attempt {round_.attempt_id}; `mock-interview replay {round_.attempt_id}`)", flush=True)

    def ask_again(self) -> bool:
        if not self.keys.interactive:
            return False
        print("\nAnother round? [Y/n] ", end="", flush=True)
        self.keys.drain()
        answer = self.keys.lines.get()
        return answer.lower() not in ("n", "no", "q", "quit")


def run(args) -> int:
    from ..session import PracticeOptions, practice

    for bad, message in ((args.rounds is not None and args.rounds < 1, "--rounds must be 1 or more"),
                         (not 0 < args.max_seconds < math.inf, "--max-seconds must be more than 0 and finite"),
                         (not 0 < args.silence_seconds < math.inf, "--silence-seconds must be more than 0 and finite"),
                         (args.beam_size < 1, "--beam-size must be 1 or more"),
                         (args.follow_ups < 0, "--follow-ups must be 0 or more")):
        if bad:
            print(f"mock-interview practice: error: {message}", file=sys.stderr)
            return 2
    ui = TerminalUI(all_feedback=args.all_feedback)
    rounds = args.rounds if args.rounds is not None or ui.keys.interactive else 1
    opts = PracticeOptions(question_id=args.question, rounds=rounds, voice=args.voice, speak=not args.no_speak,
                           input_device=args.input_device, output_device=args.output_device,
                           max_seconds=args.max_seconds, silence_seconds=args.silence_seconds,
                           engine=args.engine, model=args.model, beam_size=args.beam_size,
                           follow_ups=args.follow_ups)
    results = practice(opts, ui)
    last = results[-1]
    if last.recording.ended_by == "interrupted" and last.result.status == "ok":  # during a follow-up answer
        ui.say(f"Stopped during the follow-up. Both answers are kept in attempt {last.attempt_id}; the first "
               f"was scored (`mock-interview replay {last.attempt_id}`).")
        return 130
    if last.recording.ended_by == "interrupted":
        ui.say(f"Stopped before scoring. What you said so far is kept in attempt {last.attempt_id} "
               f"({last.recording.path}); `mock-interview replay {last.attempt_id} --rescore --save` scores it.")
        return 130
    if last.recording.ended_by == "device_lost":
        ui.say(f"mock-interview: error: {last.recording.message} "
               f"The recording so far is kept in attempt {last.attempt_id}; "
               f"`mock-interview replay {last.attempt_id} --rescore --save` scores it.")
        return 1
    return 0 if all(r.result.status == "ok" for r in results) else 1
