"""`mock-interview sessions`: list saved attempts; `sessions delete|export|rebuild`.

Heavy imports stay inside `run`, so `mock-interview --help` stays fast.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from datetime import datetime, timedelta, timezone

FORMATS = ("table", "json", "csv")
_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
COLUMNS = ("id", "date", "question", "source", "duration", "verdict", "score", "state")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sessions",
        help="list saved attempts (and delete, export or rebuild them)",
        description="List saved practice attempts and scored files, newest first. "
        "Attempts live as folders in the data directory; the index is rebuilt from them on demand.",
    )
    parser.add_argument("--question", metavar="ID", help="only attempts at this question id")
    parser.add_argument("--since", type=parse_since, metavar="WHEN",
                        help="only attempts since a date (2026-11-20), a time (2026-11-20T09:00) or an age (7d, 12h)")
    parser.add_argument("--limit", type=_positive_int, metavar="N", help="at most N attempts")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    actions = parser.add_subparsers(dest="action", metavar="{delete,export,rebuild}")
    delete = actions.add_parser("delete", help="delete an attempt and its files",
                                description="Delete an attempt's folder (recordings, transcript, feedback). "
                                "On a terminal it first says which attempt and asks.")
    delete.add_argument("id", type=attempt_ref, help="attempt id, a unique prefix of one, or 'last'")
    delete.add_argument("-y", "--yes", action="store_true", help="do not ask first")
    export = actions.add_parser("export", help="write a zip of an attempt's folder",
                                description="Write a zip of an attempt's folder (recordings, transcript, feedback), "
                                "to share it or keep it elsewhere. Links planted in the folder are left out.")
    export.add_argument("id", type=attempt_ref, help="attempt id, a unique prefix of one, or 'last'")
    export.add_argument("--out", metavar="FILE", help="zip file or folder to write to (default: ./ID.zip)")
    actions.add_parser("rebuild", help="rebuild the index from the attempt folders",
                       description="Rebuild the index (index.sqlite) from the attempt folders, which hold "
                       "everything: use it when the index is damaged or missing. Damaged attempts are listed.")
    parser.set_defaults(func=run)


def attempt_ref(text: str) -> str:
    """An attempt id, prefix or 'last'; empty or blank is a usage error, never 'the newest'."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an attempt id, a unique prefix of one, or 'last' (not empty)")
    return text.strip()


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def parse_since(text: str) -> datetime:
    """An ISO date/time (local time unless it says otherwise) or an age such as 7d, 12h, 30m, 2w."""
    text = text.strip()
    m = _RELATIVE.match(text)
    if m:
        return datetime.now(timezone.utc) - timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (2026-11-20), a time or an age (7d)") from None
    return when if when.tzinfo else when.astimezone()


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    if action == "delete":
        return _delete(args)
    if action == "export":
        return _export(args)
    if action == "rebuild":
        return _rebuild()
    return _list(args)


def _list(args: argparse.Namespace) -> int:
    from ..store import list_attempts

    rows = list_attempts(question=args.question, since=args.since, limit=args.limit)
    print(render(rows, args.format), end="")
    return 0


def render(rows, fmt: str) -> str:
    from ..formats import csv_cell, csv_writer, strip_control_chars

    if fmt == "json":
        return json.dumps([r.to_dict() for r in rows], indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv_writer(buf, list(rows[0].to_dict()) if rows else ["id"])
        writer.writeheader()
        for r in rows:
            writer.writerow({k: csv_cell(v) for k, v in r.to_dict().items()})
        return buf.getvalue()
    if not rows:
        return "No attempts saved yet. Run `mock-interview practice`, or `mock-interview score --save FILE`.\n"
    table = [COLUMNS] + [tuple(strip_control_chars(c) for c in _cells(r)) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _cells(r) -> tuple[str, ...]:
    return (
        r.id,
        local_time(r.created_at),
        r.question_id or "-",
        r.source or "-",
        "-" if r.duration_s is None else f"{r.duration_s:.0f}s",
        r.verdict or "-",
        "-" if r.score is None else str(r.score),
        _state(r),
    )


def _state(r) -> str:
    if r.damaged:
        return f"damaged: {r.damaged}"
    if r.complete:
        return "complete"
    if r.error_kind:
        from ..errors import kind_label

        return f"not scored ({kind_label(r.error_kind)})"
    return f"incomplete ({ENDED.get(r.ended_by, r.ended_by or 'not finished')})"


# How an attempt that was never scored ended, in words (record.ENDINGS are the ids).
ENDED = {"interrupted": "stopped with Ctrl-C", "device_lost": "microphone lost", "max": "at the time limit",
         "silence": "ended on silence", "enter": "ended with Enter"}


def local_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return iso or "-"


def _delete(args: argparse.Namespace) -> int:
    from ..formats import strip_control_chars
    from ..store import delete_attempt, summarize

    target = summarize(args.id)  # resolved once: "last" cannot move on while we ask
    if not args.yes and sys.stdin.isatty():
        what = strip_control_chars(describe(target))
        print(f"Delete attempt {what}?\nIts folder goes, with the recording and the feedback. [y/N] ", end="",
              flush=True)
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            print("Not deleted.")
            return 1
    print(f"deleted {delete_attempt(target.id)}")
    return 0


def describe(r) -> str:
    """One attempt in a line: id, date, question, source, and its score or state."""
    outcome = f"score {r.score}, {r.verdict}" if r.complete and r.score is not None else _state(r)
    parts = [local_time(r.created_at), r.question_id, r.source and f"from {r.source}", r.input, outcome]
    return f"{r.id} (" + ", ".join(str(p) for p in parts if p) + ")"


def _export(args: argparse.Namespace) -> int:
    from ..store import export_attempt

    print(export_attempt(args.id, args.out))
    return 0


def _rebuild() -> int:
    from ..formats import strip_control_chars
    from ..store import rebuild_index

    report = rebuild_index()
    if report.moved_aside:
        print(f"index.sqlite was not an index file; moved it aside to {report.moved_aside}")
    print(f"index rebuilt: {report.attempts} attempts, {len(report.incomplete)} incomplete")
    for attempt_id, why in report.damaged.items():
        print(strip_control_chars(f"  {attempt_id}: attempt.json is damaged ({why}); "
                                  "its folder is kept as it is, listed as damaged"))
    return 0
