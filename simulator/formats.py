"""Rendering score results: table, json, jsonl, csv, markdown. Pure functions of contract dicts."""

from __future__ import annotations

import csv
import io
import json
import re

from .rubric import COMPONENT_IDS, FLAG_IDS

FORMATS = ("table", "json", "jsonl", "csv", "markdown", "html")
EXTENSIONS = {"table": ".txt", "json": ".json", "jsonl": ".jsonl", "csv": ".csv", "markdown": ".md", "html": ".html"}

# C0 and C1 control characters and DEL, except tab and newline: escape sequences in a transcript or a
# file name must not reach a terminal (or a spreadsheet, or a report) as commands.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control_chars(text: str) -> str:
    return _CONTROL.sub("", text)


SHORT = {"framing": "frame", "goal_long": "long", "goal_short": "short", "steps": "steps", "ladder": "ladder",
         "learning": "learn", "contribution": "contrib", "balance": "balance", "employer": "employer"}


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
    return out


CSV_COLUMNS = list(row({"input": "", "status": "ok", "verdict": "", "score": 0, "words": 0,
                        "length": {"verdict": "", "seconds": None}, "delivery": None,
                        "content": {"components": {c: {"present": False} for c in COMPONENT_IDS},
                                    "flags": {f: {"present": False} for f in FLAG_IDS}}}))


def to_json(results: list[dict]) -> str:
    return json.dumps(results, indent=2, ensure_ascii=False)


def to_jsonl_line(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False)


def to_csv(results: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for d in results:
        w.writerow({k: ("" if v is None else v) for k, v in row(d).items()})
    return buf.getvalue()


def _table_cells(d: dict) -> list[str]:
    if d["status"] != "ok":
        return [d["input"], "ERROR", "", "", "", "", "", f'{d["error"]["kind"]}: {d["error"]["message"]}']
    dl = d.get("delivery")
    missing = [SHORT[c] for c in COMPONENT_IDS if not d["content"]["components"][c]["present"]]
    flags = _present(d, "flags")
    notes = ("missing: " + ",".join(missing) if missing else "all parts") + (
        "; FLAGS: " + ",".join(flags) if flags else "")
    return [
        d["input"], d["verdict"], str(d["score"]),
        f'{d["length"]["verdict"]} {_mmss(d["length"]["seconds"])}'.replace(" -", ""),
        str(d["words"]),
        f'{dl["speech_rate_wpm"]:.0f}' if dl else "-",
        f'{dl["fillers"]["per_minute"]:.1f}' if dl else "-",
        notes,
    ]


TABLE_HEADER = ["input", "verdict", "score", "length", "words", "wpm", "fill/min", "notes"]


def to_table(results: list[dict]) -> str:
    rows = [TABLE_HEADER] + [_table_cells(d) for d in results]
    widths = [max(len(r[i]) for r in rows) for i in range(len(TABLE_HEADER) - 1)]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1])
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 5)
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(results: list[dict]) -> str:
    out = ["| " + " | ".join(TABLE_HEADER) + " |", "|" + "---|" * len(TABLE_HEADER)]
    out += ["| " + " | ".join(_md_escape(c) for c in _table_cells(d)) + " |" for d in results]
    for d in results:
        out += ["", f"## {_md_escape(d['input'])}", ""]
        if d["status"] != "ok":
            out.append(f"**Error ({d['error']['kind']}):** {d['error']['message']}")
            continue
        out += ["```", d["feedback"]["written"], "```", "", f"> {d['transcript']}"]
    return "\n".join(out) + "\n"


def render(results: list[dict], fmt: str) -> str:
    if fmt == "json":
        return to_json(results)
    if fmt == "jsonl":
        return "\n".join(to_jsonl_line(d) for d in results)
    if fmt == "csv":
        return to_csv(results).rstrip("\n")
    if fmt == "markdown":
        return to_markdown(results).rstrip("\n")
    return to_table(results)


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
