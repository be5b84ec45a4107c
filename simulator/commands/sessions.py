"""`mock-interview sessions`: list saved attempts; `sessions delete|export|rebuild`.

Heavy imports stay inside `run`, so `mock-interview --help` stays fast.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
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
    delete = actions.add_parser("delete", help="delete an attempt and its files")
    delete.add_argument("id", help="attempt id, a unique prefix of one, or 'last'")
    export = actions.add_parser("export", help="write a zip of an attempt's folder")
    export.add_argument("id", help="attempt id, a unique prefix of one, or 'last'")
    export.add_argument("--out", metavar="FILE", help="zip file or folder to write to (default: ./ID.zip)")
    actions.add_parser("rebuild", help="rebuild the index from the attempt folders")
    parser.set_defaults(func=run)


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
    if fmt == "json":
        return json.dumps([r.to_dict() for r in rows], indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        fields = list(rows[0].to_dict()) if rows else ["id"]
        writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow(r.to_dict())
        return buf.getvalue()
    if not rows:
        return "No attempts saved yet. Run `mock-interview practice`, or `mock-interview score --save FILE`.\n"
    table = [COLUMNS] + [_cells(r) for r in rows]
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
    if r.complete:
        return "complete"
    if r.error_kind:
        return f"not scored ({r.error_kind})"
    return f"incomplete ({r.ended_by or 'not finished'})"


def local_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return iso or "-"


def _delete(args: argparse.Namespace) -> int:
    from ..store import delete_attempt

    print(f"deleted {delete_attempt(args.id)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from ..store import export_attempt

    print(export_attempt(args.id, args.out))
    return 0


def _rebuild() -> int:
    from ..store import rebuild_index

    report = rebuild_index()
    print(f"index rebuilt: {report.attempts} attempts, {len(report.incomplete)} incomplete")
    for attempt_id in report.unreadable:
        print(f"  {attempt_id}: attempt.json is damaged; kept and listed as incomplete")
    return 0
