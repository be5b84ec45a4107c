"""`mock-interview questions`: the questions practice can ask (prompts/questions.toml), by id."""

from __future__ import annotations

import argparse
import json

HELP = "list the questions practice can ask (use an id with practice --question)"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "questions", help=HELP,
        description="List the interview questions, from prompts/questions.toml, with the id that "
        "`mock-interview practice --question ID` takes. * marks the default.",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..question import default_question_id, list_questions

    questions, default = list_questions(), default_question_id()
    if args.format == "json":
        print(json.dumps([{"id": q.id, "text": q.text, "rubric": q.rubric, "default": q.id == default}
                          for q in questions], indent=2))
        return 0
    width = max(len(q.id) for q in questions)
    for q in questions:
        print(f"{'*' if q.id == default else ' '} {q.id:<{width}}  {q.text}")
    return 0
