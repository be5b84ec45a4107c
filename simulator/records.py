"""What a saved attempt.json must hold, checked when it is read.

A record that parses as JSON but has the wrong shape (a result that is a number, a date that is
not text, a word without a start time) is named with what is wrong, so ``sessions``, ``progress``
and ``report`` list that one attempt as damaged and go on, instead of crashing on it later.

The shapes below are what the readers (store, progress, replay, report_html) use. A key may be
absent (older records lack newer keys; readers have defaults), unless it ends with ``!``: then a
reader indexes it directly. Unknown keys are allowed.
"""

from __future__ import annotations

from typing import Any


class Opt:
    """``spec`` or null."""

    def __init__(self, spec: Any):
        self.spec = spec


class Each:
    """An object whose keys are free (component ids) and whose values all match ``spec``."""

    def __init__(self, spec: Any):
        self.spec = spec


NUM = (int, float)
TIMED = {"text": str, "start!": NUM}
EVIDENCE = {"present": bool, "evidence": [str]}
WORD = {"text!": str, "start!": NUM, "end!": NUM}
SPAN = [NUM]  # (start, end) seconds

DELIVERY = {
    "speech_rate_wpm": Opt(NUM), "articulation_rate_wpm": Opt(NUM), "start_latency_s": Opt(NUM),
    "fillers": {"count": int, "per_minute": Opt(NUM), "items": [TIMED]},
    "hedges": {"count": int, "per_minute": Opt(NUM), "items": [TIMED]},
    "long_pauses": [{"start!": NUM, "duration!": NUM}],
}
RESULT = {
    "input": Opt(str), "status": str, "question_id": Opt(str), "transcript": Opt(str),
    "duration_s": Opt(NUM), "words": Opt(int), "verdict": Opt(str), "score": Opt(NUM),
    "error": {"kind": Opt(str), "message": Opt(str)},
    "length": {"verdict": Opt(str), "seconds": Opt(NUM), "words": Opt(int)},
    "delivery": Opt(DELIVERY),
    "content": {"components": Each(EVIDENCE), "flags": Each(EVIDENCE), "verdict": Opt(str)},
    "feedback": {"written": Opt(str), "spoken": Opt(str), "written_all": Opt(str), "top_fix": Opt(str),
                 "points": [{"kind": Opt(str), "id": Opt(str), "text!": str, "fix": Opt(str)}]},
    "score_breakdown": dict, "settings": dict, "rubric_version": Opt(str),
}
TRANSCRIPT = {
    "text": Opt(str), "duration_s": Opt(NUM), "options": dict,
    "segments": [{"start": NUM, "end": NUM, "text": Opt(str), "words": [WORD]}],
    "words": [WORD], "speech": Opt([SPAN]), "unclear": [SPAN],
}
EXCHANGE = {
    "follow_ups": [{"gap": str, "question": str, "closed": bool, "parts": [str], "evidence": Opt(str),
                    "transcript": Opt(TRANSCRIPT), "answer_file": Opt(str), "result": Opt(RESULT)}],
    "remaining": [str], "first_verdict": Opt(str), "first_score": Opt(NUM),
    "feedback": Opt({"written": Opt(str), "spoken": Opt(str), "written_all": Opt(str)}),
    "result": Opt(RESULT),
}
RECORD = {
    "id": str, "created_at": Opt(str), "finished_at": Opt(str), "source": Opt(str), "input": Opt(str),
    "question": Opt({"id": Opt(str), "text": Opt(str)}),
    "complete": bool, "ended_by": Opt(str), "settings": Opt(dict),
    "result": Opt(RESULT), "transcript": Opt(TRANSCRIPT), "exchange": Opt(EXCHANGE),
}


def problem(record: Any) -> str | None:
    """What is wrong with a parsed attempt.json (``"result is a number, not an object"``), or None."""
    return _check(record, RECORD, "record")


def _check(value: Any, spec: Any, where: str) -> str | None:
    if isinstance(spec, Opt):
        return None if value is None else _check(value, spec.spec, where)
    if isinstance(spec, dict):
        return _check_object(value, spec, where)
    if isinstance(spec, Each):
        if not isinstance(value, dict):
            return _wrong(value, "an object", where)
        return _first(_check(v, spec.spec, f"{where}.{k}") for k, v in value.items())
    if isinstance(spec, list):
        if not isinstance(value, list):
            return _wrong(value, "a list", where)
        return _first(_check(v, spec[0], f"{where}[{i}]") for i, v in enumerate(value))
    # bool is an int to Python; a count or a time that is true/false is still wrong
    if isinstance(value, bool) and spec is not bool:
        return _wrong(value, _NAMES.get(spec, "something else"), where)
    return None if isinstance(value, spec) else _wrong(value, _NAMES.get(spec, "something else"), where)


def _check_object(value: Any, spec: dict, where: str) -> str | None:
    if not isinstance(value, dict):
        return _wrong(value, "an object", where)
    for key, sub in spec.items():
        name = key.rstrip("!")
        if name not in value:
            if key.endswith("!"):
                return f"{_name(where + '.' + name)} is missing"
            continue
        found = _check(value[name], sub, f"{where}.{name}")
        if found:
            return found
    return None


def _first(problems) -> str | None:
    return next((p for p in problems if p), None)


_NAMES = {str: "text", bool: "true or false", int: "a whole number", NUM: "a number", dict: "an object"}
_KINDS = ((bool, "true/false"), (int, "a number"), (float, "a number"), (str, "text"), (list, "a list"),
          (dict, "an object"), (type(None), "null"))


def _wrong(value: Any, wanted: str, where: str) -> str:
    what = next((name for kind, name in _KINDS if isinstance(value, kind)), type(value).__name__)
    return f"{_name(where)} is {what}, not {wanted}"


def _name(where: str) -> str:
    return "the record" if where == "record" else where.removeprefix("record.")
