"""`mock-interview score PATH...`: score recordings and transcripts in a batch."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import config

HELP = "score recordings or transcripts and print a table, JSON, JSONL, CSV or Markdown"
EPILOG = """\
inputs:
  audio   .wav .flac .ogg .opus .mp3 .m4a .aac .webm (any rate, channels, bit depth; up to --max-minutes)
  text    .txt transcripts: content and length only (delivery is null)
  folder  every supported file inside it, recursively

exit codes: 0 every input scored, 1 some input failed (the others are still scored), 2 usage error

examples:
  mock-interview score answer.wav
  mock-interview score recordings/ --format csv > scores.csv
  mock-interview score recordings/ --jobs 2 --format json --out reports/
  mock-interview score recordings/ --format html --out reports/   (open reports/index.html)
"""


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """Transcriber options shared by score, practice and replay --rescore."""
    g = p.add_argument_group("transcription")
    g.add_argument("--engine", default=config.DEFAULT_ENGINE, choices=["faster-whisper", "openai-whisper"],
                   help="speech recognizer (default: %(default)s)")
    g.add_argument("--model", default=None,
                   help=f"model name or folder/.pt path (default: the bundled {config.DEFAULT_MODEL}; "
                        "never downloaded)")
    g.add_argument("--beam-size", type=int, default=config.DEFAULT_BEAM_SIZE,
                   help="beam search width; 1 is greedy and faster (default: %(default)s)")
    g.add_argument("--compute-type", default=config.DEFAULT_COMPUTE_TYPE,
                   help="faster-whisper compute type: float32, int8... (default: %(default)s)")


def register(sub) -> None:
    p = sub.add_parser("score", help=HELP, description=HELP + ".", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="audio files, .txt transcripts or folders")
    p.add_argument("-f", "--format", default="table", choices=["table", "json", "jsonl", "csv", "markdown", "html"],
                   help="output format (default: %(default)s; html needs --out)")
    p.add_argument("-o", "--out", type=Path, metavar="DIR",
                   help="write one report per input into DIR (and index.html for html) instead of stdout")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="score N files at once in worker processes (default: %(default)s; "
                        f"this machine has {os.cpu_count()} cores)")
    p.add_argument("--feedback", action=argparse.BooleanOptionalAction, default=None,
                   help="show the written feedback under the table (default: on for a single input)")
    p.add_argument("--save", action="store_true", help="also keep each scored file in the session store")
    p.add_argument("--question", default=None, help="question id from prompts/questions.toml (default: career-goals)")
    p.add_argument("--rubric", default=None, help="rubric id or .toml file (default: the question's rubric)")
    p.add_argument("--max-minutes", type=float, default=config.MAX_INPUT_SECONDS / 60,
                   help="longest recording accepted (default: %(default)g)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    add_engine_options(p)
    p.set_defaults(func=run)


def _usage(msg: str) -> int:
    print(f"mock-interview score: error: {msg}", file=sys.stderr)
    return 2


def _emit(text: str) -> None:
    if text:
        print(text, flush=True)


def _write_outputs(results, dicts, args) -> None:
    from .. import formats

    if args.format == "html":
        from ..report_html import write_batch

        index = write_batch(results, args.out)
        print(f"wrote {len(results)} report(s) and {index}", file=sys.stderr)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    from ..store import atomic_write_bytes

    used: set[str] = set()
    for d in dicts:
        stem = Path(d["input"]).stem or "input"
        name, n = stem, 1
        while name in used:
            n += 1
            name = f"{stem}-{n}"
        used.add(name)
        body = formats.render([d], args.format)
        if args.format == "table" and d["status"] == "ok":
            body += "\n\n" + d["feedback"]["written"]
        atomic_write_bytes(args.out / (name + formats.EXTENSIONS[args.format]), (body + "\n").encode("utf-8"))
    print(f"wrote {len(dicts)} report(s) to {args.out}", file=sys.stderr)


def run(args) -> int:
    from .. import formats
    from ..score import ScoreSettings, expand_inputs, score_batch
    from ..serialize import result_to_dict

    if args.format == "html" and not args.out:
        return _usage("--format html writes files: add --out DIR")
    if args.out and args.out.exists() and not args.out.is_dir():
        return _usage(f"--out {args.out}: exists and is not a folder")
    if args.jobs < 1:
        return _usage("--jobs must be 1 or more")
    if args.max_minutes <= 0:
        return _usage("--max-minutes must be more than 0")
    if args.beam_size < 1:
        return _usage("--beam-size must be 1 or more")
    items = expand_inputs(args.paths)
    settings = ScoreSettings(engine=args.engine, model=args.model, question_id=args.question,
                             rubric=args.rubric, beam_size=args.beam_size, compute_type=args.compute_type,
                             max_seconds=args.max_minutes * 60)
    results: list = [None] * len(items)
    progress = _progress(len(items), args)
    next_out = 0
    try:
        for i, result in score_batch(items, settings, jobs=min(args.jobs, len(items))):
            results[i] = result
            if result.status != "ok":
                progress.write(f"mock-interview: {result.input}: {result.error_kind}: {result.error_message}",
                               file=sys.stderr)
            progress.update(1)
            while args.format == "jsonl" and not args.out and next_out < len(items) and results[next_out]:
                _emit(formats.to_jsonl_line(result_to_dict(results[next_out])))
                next_out += 1
    finally:
        progress.close()
    dicts = [result_to_dict(r) for r in results]
    if args.save:
        _save(results, dicts)
    if args.out:
        _write_outputs(results, dicts, args)
    elif args.format != "jsonl":
        _emit(formats.render(dicts, args.format))
        show_feedback = args.feedback if args.feedback is not None else len(dicts) == 1
        if args.format == "table" and show_feedback:
            for d in dicts:
                if d["status"] == "ok":
                    header = f"\n== {d['input']} ==\n" if len(dicts) > 1 else "\n"
                    _emit(header + d["feedback"]["written"])
    print(formats.summary(dicts), file=sys.stderr)
    return 0 if all(d["status"] == "ok" for d in dicts) else 1


def _save(results, dicts) -> None:
    from ..store import save_scored

    for r in results:
        if r.status == "ok":
            attempt = save_scored(r)
            print(f"saved {r.input} as attempt {attempt.id}", file=sys.stderr)


def _progress(total: int, args):
    from tqdm import tqdm

    # Shown on stderr for batches; tqdm hides itself when stderr is not a terminal.
    disable = True if args.no_progress or total < 2 else None
    return tqdm(total=total, unit="file", file=sys.stderr, disable=disable, dynamic_ncols=True)
