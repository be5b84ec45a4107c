"""Rendering score results: table, json, jsonl, csv, markdown. Pure functions of contract dicts."""

from __future__ import annotations

import csv
import io
import json
import re
from functools import lru_cache
from typing import Callable

from .rubric import COMPONENT_IDS, FLAG_IDS

FORMATS = ("table", "json", "jsonl", "csv", "markdown", "html")
EXTENSIONS = {"table": ".txt", "json": ".json", "jsonl": ".jsonl", "csv": ".csv", "markdown": ".md", "html": ".html"}

# C0 and C1 control characters and DEL, except tab and newline: escape sequences in a transcript or a
# file name must not reach a terminal (or a spreadsheet, or a report) as commands.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control_chars(text: str) -> str:
    return _CONTROL.sub("", text)


@lru_cache(maxsize=1)
def _names() -> Callable[[str], str]:
    """Part and flag id -> the name people read ("long-term goal"), from the default rubric."""
    from .errors import SimulatorError
    from .rubric import load_rubric

    try:
        return load_rubric().name
    except SimulatorError:
        return lambda cid: cid.replace("_", " ")


def _length_label(verdict: str) -> str:
    from .errors import SimulatorError
    from .rubric import load_rubric

    try:
        return load_rubric().length_label(verdict)
    except SimulatorError:
        return verdict.replace("_", " ")


def _mmss(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def _present(d: dict, section: str) -> list[str]:
    return [k for k, v in d["content"][section].items() if v["present"]]


def row(d: dict) -> dict:
    """One flat row per result, shared by table, csv and markdown."""
    if d["status"] != "ok":
        return {"input": d["input"], "status": "error", "error_kind": d["error"]["kind"],
                "error_message": d["error"]["message"]}
    dl = d.get("delivery") or {}
    out = {
        "input": d["input"], "status": "ok", "error_kind": "", "error_message": "",
        "verdict": d["verdict"], "score": d["score"], "length_verdict": d["length"]["verdict"],
        "seconds": d["length"]["seconds"], "words": d["words"],
        "speech_rate_wpm": dl.get("speech_rate_wpm"), "articulation_rate_wpm": dl.get("articulation_rate_wpm"),
        "fillers": dl["fillers"]["count"] if dl else None,
        "fillers_per_minute": dl["fillers"]["per_minute"] if dl else None,
        "long_pauses": len(dl["long_pauses"]) if dl else None,
        "hedges": dl["hedges"]["count"] if dl else None,
        "start_latency_s": dl.get("start_latency_s"),
    }
    for c in COMPONENT_IDS:
        out[c] = int(d["content"]["components"][c]["present"])
    for f in FLAG_IDS:
        out[f"flag_{f}"] = int(d["content"]["flags"][f]["present"])
    # what the feedback says it is unsure of, as the table, replay and report mark it "(not sure)": a part credited
    # only tentatively (acknowledged, not praised) and a flag raised but asked about rather than asserted
    for section, column in (("components", "parts_not_sure"), ("flags", "flags_not_sure")):
        out[column] = " ".join(k for k, v in d["content"][section].items() if v["present"] and v.get("tentative"))
    feedback = d.get("feedback") or {}
    out["top_fix"] = feedback.get("top_fix") or ""
    out["feedback"] = feedback.get("written") or ""
    out["transcript"] = d.get("transcript") or ""
    return out


_ALL_COLUMNS = list(row({"input": "", "status": "ok", "verdict": "", "score": 0, "words": 0,
                         "length": {"verdict": "", "seconds": None}, "delivery": None,
                         "content": {"components": {c: {"present": False} for c in COMPONENT_IDS},
                                     "flags": {f: {"present": False} for f in FLAG_IDS}}}))
# The transcript is a column only when asked for (``score --transcript``): it makes every row long.
CSV_COLUMNS = [c for c in _ALL_COLUMNS if c != "transcript"]


def csv_columns(transcript: bool = False) -> list[str]:
    return _ALL_COLUMNS if transcript else CSV_COLUMNS


def to_json(results: list[dict]) -> str:
    return json.dumps(results, indent=2, ensure_ascii=False)


def to_jsonl_line(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False)


# A cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): these first characters.
_FORMULA_START = ("=", "+", "-", "@", "\t")  # and CR and NUL, which strip_control_chars drops


def csv_cell(value):
    """A cell a spreadsheet shows as the text it is: control characters dropped, and a text that
    starts like a formula prefixed with ``'`` (OWASP); the writer also quotes every text cell, so
    a separator inside one cannot start a new cell. Numbers stay numbers."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    value = strip_control_chars(value)
    # Some spreadsheets skip leading spaces before deciding whether a cell is a formula.
    return "'" + value if value.lstrip(" ").startswith(_FORMULA_START) else value


def csv_writer(buf, fieldnames: list[str]) -> csv.DictWriter:
    return csv.DictWriter(buf, fieldnames=fieldnames, extrasaction="ignore", lineterminator="\n",
                          quoting=csv.QUOTE_NONNUMERIC)


def to_csv(results: list[dict], *, transcript: bool = False) -> str:
    """One row per result; the written feedback and the one fix are a cell each (with newlines inside)."""
    buf = io.StringIO()
    w = csv_writer(buf, csv_columns(transcript))
    w.writeheader()
    for d in results:
        w.writerow({k: csv_cell(v) for k, v in row(d).items()})
    return buf.getvalue()


def exchange_name(first: str, follow_ups: int) -> str:
    """How the table names an exchange: its first answer and how many follow-up answers it has."""
    return f"{first} +{follow_ups} follow-up{'s' if follow_ups > 1 else ''}" if follow_ups else first


def _table_cells(d: dict) -> list[str]:
    """A result as the table shows it to people: labels, never ids (those stay in JSON and CSV)."""
    from .errors import kind_label

    if d["status"] != "ok":
        return [d["input"], "ERROR", "", "", "", "", "", f'{kind_label(d["error"]["kind"])}: {d["error"]["message"]}']
    dl = d.get("delivery")
    name = _names()
    parts = d["content"]["components"]
    absent = [c for c in COMPONENT_IDS if not parts[c]["present"]]
    # as the feedback says it: a part something came close to is "unsure", not "missing"
    missing = [name(c) for c in absent if not parts[c].get("near")]
    unsure = [name(c) for c in absent if parts[c].get("near")]
    # a flag the analysis is not sure of is asked about in the feedback, so the table does not assert it either
    flags = [name(f) + " (not sure)" * bool(d["content"]["flags"][f].get("tentative")) for f in _present(d, "flags")]
    said = ["missing: " + ", ".join(missing)] * bool(missing) + ["unsure: " + ", ".join(unsure)] * bool(unsure)
    notes = ("; ".join(said) or "every part") + ("; RED FLAGS: " + ", ".join(flags) if flags else "")
    name = d["input"]
    if d.get("exchange"):  # score --exchange: the exchange is scored; say it has follow-up answers
        name = exchange_name(name, len(d["exchange"]["follow_ups"]))
        notes = f"first answer alone {d['exchange']['first_verdict']} {d['exchange']['first_score']}; " + notes
    return [
        name, d["verdict"], str(d["score"]),
        f'{_length_label(d["length"]["verdict"])} {_mmss(d["length"]["seconds"])}'.replace(" -", ""),
        str(d["words"]),
        f'{dl["speech_rate_wpm"]:.0f}' if dl else "-",
        f'{dl["fillers"]["per_minute"]:.1f}' if dl else "-",
        notes,
    ]


TABLE_HEADER = ["input", "verdict", "score", "length", "words", "wpm", "fill/min", "notes"]
# Widest value of each column but input and notes, so a streamed table lines up before it is complete.
_TABLE_MAX = ["", "adequate", "100", "good length 10:00", "1000", "250", "10.0"]


def _table_line(cells: list[str], widths: list[int]) -> str:
    cells = [strip_control_chars(c).replace("\n", " ") for c in cells]
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths)) + "  " + cells[-1]


def _table_rule(widths: list[int]) -> str:
    return "  ".join("-" * w for w in widths) + "  " + "-" * 5


def to_table(results: list[dict]) -> str:
    rows = [TABLE_HEADER] + [_table_cells(d) for d in results]
    widths = [max(len(strip_control_chars(r[i])) for r in rows) for i in range(len(TABLE_HEADER) - 1)]
    lines = [_table_line(TABLE_HEADER, widths), _table_rule(widths)]
    return "\n".join(lines + [_table_line(r, widths) for r in rows[1:]])


# --- markdown: what a transcript or a file name holds stays text (no HTML, links or images) ---

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>!|~&#])")
_MD_BULLET = re.compile(r"^([-+=])")  # a line starting like a list item or a heading underline
_MD_NUMBERED = re.compile(r"^(\d+)([.)])")  # "12. " starts an ordered list


def md_escape(text: str) -> str:
    """One line of plain text for markdown: raw HTML, images, links and emphasis are escaped."""
    text = " ".join(strip_control_chars(str(text)).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_NUMBERED.sub(r"\1\\\2", _MD_BULLET.sub(r"\\\1", text))


def _md_code(text: str) -> list[str]:
    """A fenced block longer than any run of backticks inside it, so the text cannot close it."""
    text = strip_control_chars(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, text, fence]


def to_markdown(results: list[dict]) -> str:
    out = ["| " + " | ".join(TABLE_HEADER) + " |", "|" + "---|" * len(TABLE_HEADER)]
    out += ["| " + " | ".join(md_escape(c) for c in _table_cells(d)) + " |" for d in results]
    for d in results:
        out += ["", f"## {md_escape(d['input'])}", ""]
        if d["status"] != "ok":
            out.append(f"**Error ({md_escape(d['error']['kind'])}):** {md_escape(d['error']['message'])}")
            continue
        out += [*_md_code(d["feedback"]["written"]), "", f"> {md_escape(d['transcript'])}"]
    return "\n".join(out) + "\n"


# --- streaming: each result written as soon as it is final -------------------------------

STREAMED = ("table", "json", "jsonl", "csv")


class Stream:
    """A streamed format as text pieces: ``head()``, ``item(d)`` per result in order, ``tail()``.

    Pure: the caller prints. ``inputs`` (every input's name, known before scoring) sizes the
    table's first column, so rows line up although the table is printed one row at a time.
    json is the same bytes ``to_json`` gives for the whole list.
    """

    def __init__(self, fmt: str, inputs: list[str], *, transcript: bool = False):
        assert fmt in STREAMED, fmt
        self.fmt, self.count, self.transcript = fmt, 0, transcript
        self.widths = [max([len(TABLE_HEADER[0])] + [len(strip_control_chars(i)) for i in inputs])]
        self.widths += [max(len(h), len(m)) for h, m in zip(TABLE_HEADER[1:-1], _TABLE_MAX[1:])]

    def head(self) -> str:
        if self.fmt == "table":
            return _table_line(TABLE_HEADER, self.widths) + "\n" + _table_rule(self.widths) + "\n"
        if self.fmt == "csv":
            return to_csv([], transcript=self.transcript)
        return ""

    def item(self, d: dict) -> str:
        self.count += 1
        if self.fmt == "table":
            return _table_line(_table_cells(d), self.widths) + "\n"
        if self.fmt == "csv":
            return to_csv([d], transcript=self.transcript).split("\n", 1)[1]  # the rows after the header
        if self.fmt == "jsonl":
            return to_jsonl_line(d) + "\n"
        body = "\n".join("  " + line for line in to_json(d).split("\n"))
        return ("[\n" if self.count == 1 else ",\n") + body

    def tail(self) -> str:
        if self.fmt == "json":
            return "\n]\n" if self.count else "[]\n"
        return ""


def render(results: list[dict], fmt: str, *, transcript: bool = False) -> str:
    if fmt == "json":
        return to_json(results)
    if fmt == "jsonl":
        return "\n".join(to_jsonl_line(d) for d in results)
    if fmt == "csv":
        return to_csv(results, transcript=transcript).rstrip("\n")
    if fmt == "markdown":
        return to_markdown(results).rstrip("\n")
    return to_table(results)


def unique_stem(stem: str, used: set[str]) -> str:
    """A file-name-safe stem not in ``used`` (compared without case, for case-blind file systems)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip(".") or "input"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name.lower())
    return name


def summary(results: list[dict]) -> str:
    ok = [d for d in results if d["status"] == "ok"]
    failed = len(results) - len(ok)
    verdicts = {v: sum(d["verdict"] == v for d in ok) for v in ("strong", "adequate", "weak")}
    parts = [f"Scored {len(ok)} of {len(results)} input{'s' if len(results) != 1 else ''}"]
    if failed:
        parts[0] += f" ({failed} failed)"
    if ok:
        parts.append(", ".join(f"{n} {v}" for v, n in verdicts.items() if n))
        parts.append(f"mean score {sum(d['score'] for d in ok) / len(ok):.0f}")
    return ". ".join(parts) + "."
