"""`mock-interview report ID|last`: a self-contained HTML report of one attempt."""

from __future__ import annotations

import argparse

from .sessions import attempt_ref


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report of a saved attempt",
        description="Write one HTML file (audio, waveform, transcript, rubric checklist, pace and length "
        "against their targets, feedback, progress) that opens offline in any browser.",
    )
    parser.add_argument("id", nargs="?", default="last", type=attempt_ref,
                        help="attempt id, a unique prefix, or 'last' (default: the last scored attempt)")
    parser.add_argument("--any", action="store_true",
                        help="'last' means the newest attempt even if it was never scored (stopped early)")
    parser.add_argument("--out", metavar="FILE",
                        help="file or folder to write (default: ./report-ID.html; DIR/ makes the folder)")
    parser.add_argument("--open", action="store_true", help="open the report in the web browser")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..report_html import write_attempt_report

    path = write_attempt_report(args.id, args.out, scored=not args.any)
    print(path)
    if args.open:
        import webbrowser

        if not webbrowser.open(path.resolve().as_uri()):
            print("no web browser found; open the file above by hand")
    return 0
