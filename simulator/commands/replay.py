"""`mock-interview replay ID|last`: the attempt as it happened, or scored again with `--rescore`.

The transcript is printed in step with the audio: fillers in [brackets], hedges in ~tildes~,
long pauses as [pause 2.4 s], speech that could not be made out as [couldn't make out 0:52-1:01],
and a line for each piece of rubric evidence as it passes. ``print_transcript`` prints the same
marked transcript at once (practice shows it under the feedback).
"""

from __future__ import annotations

import argparse
import shutil
import sys

from .sessions import attempt_ref

PART_TITLES = {"question": "Question", "answer": "Answer", "feedback": "Feedback"}
WRAP_MIN = 40  # narrowest wrap width, even on a very narrow terminal


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "replay",
        help="replay a saved attempt (question, answer, feedback) with its transcript in step",
        description="Play a saved attempt through the output device with the transcript shown in step. "
        "--rescore scores the saved answer again with today's rubric and models and shows what changed.",
    )
    parser.add_argument("id", nargs="?", default="last", type=attempt_ref,
                        help="attempt id, a unique prefix, or 'last' (default: the last scored attempt)")
    parser.add_argument("--any", action="store_true",
                        help="'last' means the newest attempt even if it was never scored (stopped early)")
    parser.add_argument("--device", metavar="DEV", help="output device (index or part of its name; see `mock-interview devices`)")
    parser.add_argument("--no-audio", action="store_true", help="show the replay without sound")
    pace = parser.add_mutually_exclusive_group()
    pace.add_argument("--speed", type=float, metavar="X", default=1.0, help="with --no-audio: times real time (default 1)")
    pace.add_argument("--instant", action="store_true", help="with --no-audio: show everything at once")
    parser.add_argument("--part", action="append", choices=("question", "answer", "follow-up", "feedback"),
                        help="replay only this part (repeatable; follow-up: the follow-up questions and answers)")
    parser.add_argument("--rescore", action="store_true",
                        help="score the saved answer again and show what changed (no playback)")
    parser.add_argument("--save", action="store_true",
                        help="with --rescore: keep the new result in the attempt (it then counts in progress "
                        "and reports); scores an attempt that was never scored")
    parser.add_argument("--rubric", metavar="ID|FILE", help="with --rescore: rubric id or .toml file (default: the question's)")
    parser.add_argument("--engine", metavar="ENGINE", help="with --rescore: transcription engine (default: today's default)")
    parser.add_argument("--model", metavar="NAME|PATH", help="with --rescore: transcription model")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..store import load_attempt

    from ..errors import InputError

    if args.save and not args.rescore:
        raise InputError("--save goes with --rescore: it keeps the new result")
    attempt = load_attempt(args.id, scored=not args.any)
    if args.rescore:
        return _rescore(attempt, args)
    return _replay(attempt, args)


def _replay(attempt, args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..replay import PARTS, play_timeline, timeline

    if not args.no_audio and (args.instant or args.speed != 1.0):
        raise InputError("--speed and --instant need --no-audio: with sound the replay runs in real time")
    parts = timeline(attempt, question_text=_question_text(attempt), labels=_labels())
    printer = Printer(sys.stdout)
    print(_printable(f"Attempt {attempt.id}  {_summary(attempt)}"))
    speed = 0.0 if args.instant else args.speed
    try:
        play_timeline(parts, printer.show, sound=not args.no_audio, device=args.device, speed=speed,
                      only=tuple(args.part or PARTS))
    finally:
        printer.end_line()
    return 0


def _summary(attempt) -> str:
    r = attempt.result or {}
    if r.get("status") != "ok":
        return "(incomplete)" if not attempt.complete else "(not scored)"
    return f"score {r.get('score')}, {r.get('verdict')}, {_length(r)}"


def _question_text(attempt) -> str | None:
    from ..errors import SimulatorError
    from ..question import load_question

    try:
        return load_question(attempt.question_id).text if attempt.question_id else None
    except SimulatorError:
        return None


def _rubric():
    from ..errors import SimulatorError
    from ..rubric import load_rubric

    try:
        return load_rubric()
    except SimulatorError:
        return None


def _labels() -> dict[str, str]:
    rubric = _rubric()
    return {cid: cue.label for cid, cue in {**rubric.components, **rubric.flags}.items()} if rubric else {}


def _length(r: dict) -> str:
    """'good length 1:12' (the label people read, and the time or the words)."""
    length = r.get("length") or {}
    rubric = _rubric()
    label = rubric.length_label(length.get("verdict")) if rubric else str(length.get("verdict"))
    seconds = length.get("seconds")
    if isinstance(seconds, (int, float)):
        return f"{label} {int(seconds) // 60}:{int(seconds) % 60:02d}"
    return f"{label} ({r.get('words')} words)"


class Printer:
    """Prints replay events as a flowing, wrapped transcript."""

    def __init__(self, out):
        self.out = out
        self.col = 0
        self.width = max(WRAP_MIN, shutil.get_terminal_size((100, 24)).columns - 2)

    def show(self, part, event) -> None:
        kind = event.kind
        if kind == "heading":
            self.end_line()
            self._line(f"\n== {PART_TITLES.get(event.text, event.text)} ==")
        elif kind in ("say", "note"):
            self.end_line()
            self._line(event.text)
        elif kind in ("evidence", "flag"):
            self.end_line()
            mark = "+" if kind == "evidence" else "!"
            self._line(f"    {mark} {event.text}")
        else:
            token = {"filler": f"[{event.text}]", "hedge": f"~{event.text}~",
                     "pause": f"[pause {event.text.split()[0]} s]",
                     "unclear": f"[couldn't make out {event.text}]"}.get(kind, event.text)
            self._word(token)

    def _word(self, token: str) -> None:
        token = _printable(token)
        if self.col and self.col + 1 + len(token) > self.width:
            self.end_line()
        if self.col:
            self.out.write(" ")
            self.col += 1
        self.out.write(token)
        self.col += len(token)
        self.out.flush()

    def _line(self, text: str) -> None:
        self.out.write(_printable(text) + "\n")
        self.out.flush()

    def end_line(self) -> None:
        if self.col:
            self.out.write("\n")
            self.out.flush()
            self.col = 0


def _printable(text: str) -> str:
    """Words and notes come from a file on disk: no escape sequences reach the terminal."""
    from ..formats import strip_control_chars

    return strip_control_chars(text)


def print_transcript(result, out) -> None:
    """The transcript a ScoreResult is based on, wrapped, marked as the replay marks it."""
    from .. import serialize
    from ..replay import answer_events

    printer = Printer(out)
    record = serialize.result_to_dict(result)
    for event in answer_events(serialize.transcript_to_dict(result.analysis.transcript), record, {}):
        if event.kind in ("word", "filler", "hedge", "pause", "unclear"):
            printer.show(None, event)
    printer.end_line()


def _rescore(attempt, args: argparse.Namespace) -> int:
    from ..replay import rescore
    from ..rubric import load_rubric
    from ..engines import get_transcriber

    rubric = load_rubric(args.rubric) if args.rubric else None
    transcriber = get_transcriber(args.engine, args.model)
    outcome = rescore(attempt, transcriber=transcriber, rubric=rubric)
    print(f"Attempt {attempt.id} scored again")
    print(f"  before: {_line(outcome.before)}   [{_settings_line(outcome.settings_before)}]")
    print(f"  now:    {_line(outcome.after)}   [{_settings_line(outcome.settings_after)}]")
    if not outcome.changes:
        print("No change.")
    else:
        print("Changed:")
        for c in outcome.changes:
            print(f"  {c.what}: {_show(c.before)} -> {_show(c.after)}")
    if args.save:
        from ..store import finish_attempt

        finish_attempt(attempt.dir, outcome.result, ended_by=attempt.record.get("ended_by"))
        print(f"Saved: attempt {attempt.id} now holds this result (progress and reports use it).")
    elif outcome.changes:
        print("Not saved: add --save to keep the new result.")
    return 0


def _line(r: dict) -> str:
    if r.get("status") != "ok":
        return _printable(f"not scored ({(r.get('error') or {}).get('message', 'no result')})")
    return f"score {r.get('score')}, {r.get('verdict')}, {_length(r)}"


def _settings_line(s: dict) -> str:
    return ", ".join(f"{k} {s.get(k)}" for k in ("engine", "model", "rubric_version", "second_opinion")
                     if s.get(k))


def _show(value) -> str:
    if value is None:
        return "-"
    text = _printable(str(value))
    return text if len(text) <= 60 else f'"{text[:57]}..."'
