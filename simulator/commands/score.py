"""`mock-interview score PATH...`: score recordings and transcripts in a batch."""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import os
import sys
from pathlib import Path

from .. import config
from ..errors import SimulatorError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_KEPT = 0, 1, 2, 3

HELP = "score recordings or transcripts and print a table, JSON, JSONL, CSV or Markdown"
EPILOG = """\
inputs:
  audio   .wav .flac .ogg .opus .mp3 .m4a .aac .webm (any rate, channels, bit depth; up to --max-minutes)
  text    .txt transcripts: content and length only (delivery is null)
  folder  every supported file inside it, recursively

exit codes: 0 every input scored, 1 some input failed (the others are still scored), 2 usage error,
  3 some result was scored but could not be saved (--save) or written (--out): it is on stdout

examples:
  mock-interview score answer.wav
  mock-interview score recordings/ --format csv > scores.csv
  mock-interview score recordings/ --format csv --transcript > scores-with-transcripts.csv
  mock-interview score recordings/ --jobs 2 --format json --out reports/
  mock-interview score recordings/ --format html --out reports/   (open reports/index.html)
  mock-interview score --exchange first.wav follow-up.wav --format json
  mock-interview score /shared/answers/ --cluster tcp://scheduler:8786 --format jsonl > scores.jsonl
  mock-interview score answers/ --cluster local:2 --save

--cluster (needs pip install '.[cluster]'): each Dask worker reads the files itself, so give paths
  every worker sees (a shared folder mounted at the same place); --save and --out write on this machine.
  Results are printed as they complete (--ordered: in input order); without Dask installed, or with
  the scheduler unreachable, it is one error line and exit code 1.
"""


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """Transcriber options shared by score, practice and replay --rescore."""
    g = p.add_argument_group("transcription")
    g.add_argument("--engine", default=config.DEFAULT_ENGINE, choices=["faster-whisper", "openai-whisper"],
                   help="speech recognizer (default: %(default)s)")
    g.add_argument("--model", default=None, metavar="NAME|PATH",
                   help=f"model name or folder/.pt path (default: the bundled {config.DEFAULT_MODEL}; "
                        "never downloaded)")
    g.add_argument("--beam-size", type=int, default=config.DEFAULT_BEAM_SIZE, metavar="N",
                   help="beam search width; 1 is greedy and faster (default: %(default)s)")
    g.add_argument("--compute-type", default=config.DEFAULT_COMPUTE_TYPE, metavar="TYPE",
                   help="faster-whisper compute type: float32, int8... (default: %(default)s)")


def register(sub) -> None:
    p = sub.add_parser("score", help=HELP, description=HELP[0].upper() + HELP[1:] + ".", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", metavar="PATH", help="audio files, .txt transcripts or folders")
    p.add_argument("--exchange", nargs="+", action="append", metavar="FILE", default=[],
                   help="a recorded exchange: the first answer, then the answer to each follow-up question "
                   "(repeatable, one per exchange; put other inputs before it); scored as one exchange, as "
                   "practice would score it, taking each follow-up to be the one practice would have asked")
    p.add_argument("-f", "--format", default="table", choices=["table", "json", "jsonl", "csv", "markdown", "html"],
                   help="output format (default: %(default)s; html needs --out)")
    p.add_argument("-o", "--out", type=Path, metavar="DIR",
                   help="write one report per input into DIR (and index.html for html) instead of stdout")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="score N files at once in worker processes (default: %(default)s; "
                        f"this machine has {os.cpu_count()} cores)")
    p.add_argument("--cluster", metavar="SPEC",
                   help="score on a Dask cluster: tcp://HOST:8786 (a running scheduler) or local:N (N worker "
                        "processes on this machine); needs pip install '.[cluster]'")
    p.add_argument("--ordered", action=argparse.BooleanOptionalAction, default=None,
                   help="print results in input order (default), or as each completes (--no-ordered; "
                        "the default with --cluster); --out and --save always write each as it completes")
    p.add_argument("--feedback", action=argparse.BooleanOptionalAction, default=None,
                   help="show the written feedback under the table (default: on for a single input)")
    p.add_argument("--all-feedback", action="store_true",
                   help="with the feedback: every point to fix, not only the first few (implies --feedback)")
    p.add_argument("--transcript", action="store_true",
                   help="csv: add each answer's transcript as a last column (json, jsonl and markdown always "
                        "have it); csv always has the written feedback and the one fix (feedback, top_fix)")
    p.add_argument("--save", action="store_true", help="also keep each scored file in the session store")
    p.add_argument("--question", default=None, metavar="ID", help="question id (default: career-goals; `mock-interview questions` lists them)")
    p.add_argument("--rubric", default=None, metavar="ID|FILE", help="rubric id or .toml file (default: the question's rubric)")
    p.add_argument("--max-minutes", type=float, metavar="N", default=config.MAX_INPUT_SECONDS / 60,
                   help="longest recording accepted (default: %(default)g)")
    p.add_argument("--said-on", type=_day, default=None, metavar="YYYY-MM-DD",
                   help="the day the answers were given, from which a year said as a date counts ('by 2030'); "
                        "default: today. Use it for recordings made earlier")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    add_engine_options(p)
    p.set_defaults(func=run)


def _day(text: str):
    """A day as YYYY-MM-DD, for --said-on (argparse turns the ValueError into one usage line)."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day as YYYY-MM-DD") from None


def _usage(msg: str) -> int:
    print(f"mock-interview score: error: {msg}", file=sys.stderr)
    return EXIT_USAGE


def _usage_problem(args) -> str | None:
    if not args.paths and not args.exchange:
        return "nothing to score: give files or folders, or --exchange FIRST FOLLOW_UP_ANSWER"
    short = [files[0] for files in args.exchange if len(files) < 2]
    if short:
        return f"--exchange {short[0]}: give the first answer and at least one follow-up answer"
    if args.format == "html" and not args.out:
        return "--format html writes files: add --out DIR"
    if args.out and args.out.exists() and not args.out.is_dir():
        return f"--out {args.out}: exists and is not a folder"
    if args.transcript and args.format != "csv":
        return "--transcript adds a CSV column; use it with --format csv (json, jsonl and markdown always hold the transcript)"
    if args.jobs < 1:
        return "--jobs must be 1 or more"
    if args.cluster:
        if args.jobs != 1:
            return "--jobs and --cluster: pick one (--cluster local:N runs N worker processes here)"
        from ..cluster import parse_spec

        try:
            parse_spec(args.cluster)
        except ValueError as e:
            return str(e)
    if not (args.max_minutes > 0 and math.isfinite(args.max_minutes)):  # nan compares false to everything
        return f"--max-minutes must be more than 0 and finite (not {args.max_minutes:g})"
    if args.beam_size < 1:
        return "--beam-size must be 1 or more"
    return None


def strip_control_chars(text: str) -> str:
    from ..formats import strip_control_chars

    return strip_control_chars(text)


def error_line(name: str, kind: str | None, message: str) -> str:
    """One line on stderr for one input, its kind said in words ("unreadable audio: empty file (0 bytes)"; the
    kind's id is in the JSON and CSV): escape sequences in a file name never reach the terminal."""
    from ..errors import kind_label

    said = f"{kind_label(kind)}: {message}" if kind else message
    return strip_control_chars(f"mock-interview: {name}: {said}").replace("\n", " ")


def run(args) -> int:
    from .. import formats
    from ..score import BatchItem, Pipeline, ScoreSettings, expand_inputs

    problem = _usage_problem(args)
    if problem:
        return _usage(problem)
    items = expand_inputs(args.paths) + [
        BatchItem(files[0], Path(files[0]), follow_ups=[Path(f) for f in files[1:]]) for files in args.exchange]
    settings = ScoreSettings(engine=args.engine, model=args.model, question_id=args.question,
                             rubric=args.rubric, beam_size=args.beam_size, compute_type=args.compute_type,
                             max_seconds=args.max_minutes * 60, said_on=args.said_on)
    ordered = args.ordered if args.ordered is not None else not args.cluster
    Pipeline(settings)  # a bad --question or --rubric is its one error line, before a table's header is printed
    with _results(args, items, settings) as results:
        sink = Sink(args, items, ordered=ordered)
        progress = _progress(len(items), args)
        try:
            for i, result in results:
                if result.status != "ok":
                    progress.write(error_line(result.input, result.error_kind, result.error_message), file=sys.stderr)
                for line in sink.keep(i, result):
                    progress.write(line, file=sys.stderr)
                progress.update(1)
        finally:
            progress.close()
            sink.close()
    for line in sink.finish():
        print(line, file=sys.stderr)
    print(formats.summary(sink.done()), file=sys.stderr)
    return sink.exit_code()


@contextlib.contextmanager
def _results(args, items, settings):
    """Where the (index, result) pairs come from: worker processes here (--jobs) or a Dask cluster."""
    from ..score import score_batch

    if not args.cluster:
        with contextlib.closing(score_batch(items, settings, jobs=min(args.jobs, len(items)))) as results:
            yield results
        return
    from ..cluster import describe, load_dask, open_cluster, parse_spec, score_on_cluster

    load_dask()  # without the extra: one line saying what to install
    # Dask logs its every step at INFO (and teardown chatter with tracebacks): only errors unless -v.
    logging.getLogger("distributed").setLevel(logging.DEBUG if args.verbose > 1 else
                                              logging.WARNING if args.verbose else logging.ERROR)
    spec = parse_spec(args.cluster)
    if spec.local_workers and not settings.cpu_threads:  # share the cores, as --jobs does
        settings.cpu_threads = max(1, (os.cpu_count() or 1) // spec.local_workers)
    with open_cluster(spec) as client:
        print(f"scoring {len(items)} input(s) on the {describe(client)}", file=sys.stderr)
        with contextlib.closing(score_on_cluster(items, settings, client)) as results:
            yield results


class Sink:
    """Where each result goes the moment it is final: stdout, or a file in --out; and the store (--save).

    With ``ordered``, stdout keeps the inputs' order: a result waits only for the inputs before it;
    otherwise each is printed as it comes (markdown, printed at the end, is in input order). A result that
    cannot be saved or written is never dropped: its failure is one error line (kind "store" or
    "output"), and a result --out could not take is printed on stdout as a JSON line instead.
    """

    def __init__(self, args, items, *, ordered: bool = True):
        from .. import formats

        self.args, self.fmt, self.ordered = args, args.format, ordered
        self.dicts: list[dict | None] = [None] * len(items)
        self.results: list = [None] * len(items)
        self.printed = 0  # results on stdout so far, in input order
        self.not_kept = 0
        self.stream = None
        if not args.out and self.fmt in formats.STREAMED:
            self.stream = formats.Stream(self.fmt, [formats.exchange_name(i.input, len(i.follow_ups)) for i in items],
                                         transcript=args.transcript)
            _emit(self.stream.head())
        self.names = _out_names(items, self.fmt) if args.out else []
        self.html = None
        if args.out and self.fmt == "html":
            from ..report_html import BatchReport

            self.html = BatchReport(args.out)

    def keep(self, i: int, result) -> list[str]:
        """Pass one result on; returns the lines to show on stderr."""
        from ..serialize import result_to_dict

        self.results[i], self.dicts[i] = result, result_to_dict(result)
        lines = self._write(i) if self.args.out else []
        if self.ordered:
            self._print_ready()
        elif self.stream:
            _emit(self.stream.item(self.dicts[i]))
        if self.args.save and result.status == "ok":
            lines.append(self._save(result))
        return lines

    def _print_ready(self) -> None:
        while self.stream and self.printed < len(self.dicts) and self.dicts[self.printed] is not None:
            _emit(self.stream.item(self.dicts[self.printed]))
            self.printed += 1

    def _write(self, i: int) -> list[str]:
        from .. import formats
        from ..fileio import atomic_write_bytes

        d = self.dicts[i]
        try:
            if self.html is not None:
                self.html.add(self.results[i], name=self.names[i])
                return []
            body = formats.render([d], self.fmt, transcript=self.args.transcript)
            if self.fmt == "table" and d["status"] == "ok":
                body += "\n\n" + strip_control_chars(_written(d, self.args))
            atomic_write_bytes(self.args.out / (self.names[i] + formats.EXTENSIONS[self.fmt]),
                               (body + "\n").encode("utf-8"))
            return []
        except (SimulatorError, OSError) as e:
            self.not_kept += 1
            _emit(formats.to_jsonl_line(d) + "\n")  # not lost: the result goes to stdout instead
            why = e.message if isinstance(e, SimulatorError) else (e.strerror or str(e))
            return [error_line(d["input"], None, f"not written to {self.args.out} ({why}); "
                                                     "the result is on stdout as a JSON line")]

    def _save(self, result) -> str:
        from ..store import save_scored

        try:
            said_on = self.args.said_on
            attempt = save_scored(result, settings={"said_on": said_on.isoformat()} if said_on else None)
        except (SimulatorError, OSError) as e:
            self.not_kept += 1
            why = e.message if isinstance(e, SimulatorError) else (e.strerror or str(e))
            return error_line(result.input, None, f"scored but not saved ({why})")
        return strip_control_chars(f"saved {result.input} as attempt {attempt.id}")

    def close(self) -> None:
        """End what was streamed, also when the batch stopped early (Ctrl-C, a missing model)."""
        if self.stream is not None:
            stream, self.stream = self.stream, None
            _emit(stream.tail())

    def finish(self) -> list[str]:
        """After the batch: the formats written whole, feedback under a table, the html index."""
        from .. import formats

        done = self.done()
        if self.args.out:
            return self._finish_out(done)
        if self.fmt == "markdown":
            _emit(formats.render(done, self.fmt) + "\n")
        show = self.args.feedback if self.args.feedback is not None else (len(done) == 1 or self.args.all_feedback)
        if self.fmt == "table" and show:
            for d in (d for d in done if d["status"] == "ok"):
                header = f"\n== {d['input']} ==\n" if len(done) > 1 else "\n"
                _emit(strip_control_chars(header + _written(d, self.args)) + "\n")
        return []

    def _finish_out(self, done: list[dict]) -> list[str]:
        written = len(done) - self.not_kept
        if self.html is None:
            return [f"wrote {written} report(s) to {self.args.out}"]
        try:
            index = self.html.finish()
        except SimulatorError as e:
            self.not_kept += 1
            return [error_line("index.html", e.kind, e.message)]
        return [f"wrote {written} report(s) and {index}"]

    def done(self) -> list[dict]:
        return [d for d in self.dicts if d is not None]

    def exit_code(self) -> int:
        if self.not_kept:
            return EXIT_NOT_KEPT
        return EXIT_OK if all(d["status"] == "ok" for d in self.done()) else EXIT_FAILED


def _out_names(items, fmt: str) -> list[str]:
    """One file name per input, unique, decided up front so --jobs cannot change who gets which."""
    from pathlib import Path

    from ..formats import unique_stem

    used = {"index"} if fmt == "html" else set()
    return [unique_stem(Path(item.input).stem, used) for item in items]


def _emit(text: str) -> None:
    if text:
        sys.stdout.write(text)
        sys.stdout.flush()


def _progress(total: int, args):
    from tqdm import tqdm

    # Shown on stderr for batches; tqdm hides itself when stderr is not a terminal.
    disable = True if args.no_progress or total < 2 else None
    return tqdm(total=total, unit="file", file=sys.stderr, disable=disable, dynamic_ncols=True)


def _written(d: dict, args) -> str:
    """The written feedback of a result: the first points to fix, or every one with --all-feedback."""
    feedback = d["feedback"]
    return (feedback.get("written_all") or feedback["written"]) if args.all_feedback else feedback["written"]
