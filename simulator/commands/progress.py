"""`mock-interview progress`: the trend over saved attempts, as a table with sparklines."""

from __future__ import annotations

import argparse
import json
import shutil
import sys


def register(subparsers) -> None:
    from .sessions import _positive_int, parse_since

    parser = subparsers.add_parser(
        "progress",
        help="show the trend over attempts: score, length, speech rate, fillers, what's usually missing",
        description="The trend over your scored attempts, oldest to newest: score, length, speech rate and "
        "fillers per minute as a table and a sparkline, and the components usually missing.",
    )
    parser.add_argument("--question", metavar="ID", help="only attempts at this question id")
    parser.add_argument("--since", type=parse_since, metavar="WHEN", help="only attempts since (2026-11-20, 7d)")
    parser.add_argument("--limit", type=_positive_int, metavar="N", help="the newest N attempts only")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table",
                        help="table (fits the terminal), json, or csv with one row per attempt (default: table)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from .. import progress
    from ..formats import strip_control_chars
    from .sessions import local_time

    data = progress.collect(question=args.question, since=args.since, limit=args.limit)
    damaged = progress.damaged(question=args.question, since=args.since)
    if args.format == "json":
        trends = [{"metric": t.metric.key, "first": t.first, "last": t.last, "mean": t.mean,
                   "values": t.values, "sparkline": t.sparkline} for t in data.trends()]
        attempts = [{k: v for k, v in asdict(p).items() if k != "result"} for p in data.points]
        print(json.dumps({"attempts": attempts, "trends": trends,
                          "usually_missing": data.usually_missing, "missing_counts": data.missing_counts,
                          "flag_counts": data.flag_counts, "damaged": damaged}, indent=2))
        return 0
    if args.format == "csv":
        sys.stdout.write(progress.to_csv(data))
        return 0
    if damaged:
        print(f"{len(damaged)} damaged attempt(s) left out ({', '.join(damaged[:3])}"
              f"{', ...' if len(damaged) > 3 else ''}); `mock-interview sessions` says why.", file=sys.stderr)
    if not data.points:
        print("No scored attempts yet. Run `mock-interview practice`, or `mock-interview score --save FILE`.")
        return 0
    name = _names()
    width = shutil.get_terminal_size((100, 24)).columns
    from ..followup import load_follow_ups

    parts = (progress.format_attempts(data, local=local_time, name=name, width=width),
             progress.format_trends(data, width), progress.format_missing(data, name, width),
             progress.format_follow_ups(data, load_follow_ups()))
    text = "\n\n".join(p for p in parts if p)
    print(strip_control_chars(text))  # ids and verdicts come from files on disk
    return 0


def _names():
    """id -> the name people read ("long-term goal"); the id itself if the rubric cannot be read."""
    from ..errors import SimulatorError
    from ..rubric import load_rubric

    try:
        return load_rubric().name
    except SimulatorError:
        return lambda cid: cid.replace("_", " ")
