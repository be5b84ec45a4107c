"""Dataclasses <-> plain dicts. ``result_to_dict`` is the JSON output contract of rubric.md."""

from __future__ import annotations

from dataclasses import asdict

from .types import Analysis, Evidence, ScoreResult, Segment, Transcript, Word


def _evidence(items: dict[str, Evidence]) -> dict:
    out = {}
    for k, e in items.items():
        out[k] = {"present": e.present, "evidence": list(e.evidence)}
        if e.near:  # absent, but something close was heard: the feedback says it is unsure
            out[k]["near"] = list(e.near)
        if e.tentative:  # present, but only indirectly: acknowledged, not praised
            out[k]["tentative"] = True
    return out


def delivery_to_dict(a: Analysis) -> dict | None:
    d = a.delivery
    if d is None:
        return None
    return {
        "speech_rate_wpm": d.speech_rate_wpm,
        "articulation_rate_wpm": d.articulation_rate_wpm,
        "fillers": {"count": len(d.fillers), "per_minute": d.fillers_per_minute,
                    "items": [asdict(f) for f in d.fillers]},
        "long_pauses": [asdict(p) for p in d.long_pauses],
        "hedges": {"count": len(d.hedges), "per_minute": d.hedges_per_minute,
                   "items": [asdict(h) for h in d.hedges]},
        "start_latency_s": d.start_latency_s,
        "speaking_time_s": d.speaking_time_s,
        "answer_time_s": d.answer_time_s,
    }


def result_to_dict(r: ScoreResult) -> dict:
    if r.status != "ok" or r.analysis is None:
        return {"input": r.input, "status": "error",
                "error": {"kind": r.error_kind or "error", "message": r.error_message or ""}}
    a = r.analysis
    t = a.transcript
    d = {
        "input": r.input,
        "status": "ok",
        "question_id": a.question_id,
        "transcript": t.text,
        "duration_s": None if t.duration_s is None else round(t.duration_s, 2),
        "words": a.words,
        "length": {"verdict": a.length.verdict, "seconds": a.length.seconds, "words": a.length.words},
        "delivery": delivery_to_dict(a),
        "content": {"components": _evidence(a.content.components), "flags": _evidence(a.content.flags),
                    "verdict": a.content.verdict or a.verdict},
        "verdict": a.verdict,
        "score": a.score.total,
        "score_breakdown": {"content": a.score.content, "length": a.score.length,
                            "delivery": a.score.delivery, "weights": a.score.weights, "points": a.score.points,
                            "band": list(a.score.band)},
        "verdict_capped_by": a.capped_by,
        "feedback": _feedback(r),
        "rubric_version": a.rubric_version,
        "settings": analysis_settings(a),
    }
    if r.exchange is not None:  # score --exchange: this is the whole exchange; the first answer alone is inside
        d["exchange"] = exchange_to_dict(r.exchange, with_result=False)
    return d


def analysis_settings(a) -> dict:
    """What produced this result: the transcriber's options, the rubric version and the second opinion.
    The JSON output, a saved attempt and re-scoring all record the same keys."""
    settings = dict(a.transcript.options or {})
    if a.rubric_version:
        settings["rubric_version"] = a.rubric_version
    if a.content.second_opinion:
        settings["second_opinion"] = a.content.second_opinion
    return settings


def _feedback(r: ScoreResult) -> dict:
    """The texts, the one fix, and every point (the written text keeps only the first few gaps)."""
    f = r.feedback
    if f is None:
        return {"written": "", "spoken": "", "written_all": "", "top_fix": "", "points": []}
    return {"written": f.written, "spoken": f.spoken, "written_all": f.written_all, "top_fix": f.top_fix,
            "points": [{"kind": p.kind, "id": p.id, "text": p.text, "fix": p.fix} for p in f.points]}


def transcript_to_dict(t: Transcript) -> dict:
    return {
        "text": t.text,
        "duration_s": t.duration_s,
        "language": t.language,
        "options": dict(t.options),
        "speech": [list(iv) for iv in t.speech] if t.speech is not None else None,
        "unclear": [list(iv) for iv in t.unclear],
        "segments": [asdict(s) for s in t.segments],
    }


def transcript_from_dict(d: dict) -> Transcript:
    segments = [
        Segment(**{**s, "words": [Word(**w) for w in s.get("words", [])]}) for s in d.get("segments", [])
    ]
    speech = d.get("speech")
    return Transcript(
        text=d.get("text", ""),
        segments=segments,
        duration_s=d.get("duration_s"),
        language=d.get("language", "en"),
        options=dict(d.get("options", {})),
        speech=[tuple(iv) for iv in speech] if speech is not None else None,
        unclear=[tuple(iv) for iv in d.get("unclear") or []],
    )


def exchange_to_dict(x, *, with_result: bool = True) -> dict:
    """A first answer with its follow-ups (followup.Exchange): what each follow-up asked, what its answer
    showed, and the exchange scored as one answer (the contract shape, in ``result``)."""
    return {
        "follow_ups": [{
            "gap": a.follow_up.gap, "question": a.follow_up.question, "closed": a.closed, "parts": list(a.parts),
            "evidence": a.evidence, "transcript": transcript_to_dict(a.transcript),
            "answer_file": a.path.name if a.path else None,
            "result": result_to_dict(a.result) if a.result else None,  # the follow-up answer on its own
        } for a in x.answers],
        "remaining": list(x.remaining),
        "first_verdict": x.first.analysis.verdict if x.first.analysis else None,
        "first_score": x.first.analysis.score.total if x.first.analysis else None,
        "feedback": {"written": x.feedback.written, "spoken": x.feedback.spoken,
                     "written_all": x.feedback.written_all} if x.feedback else None,
        **({"result": result_to_dict(x.result)} if with_result else {"first": result_to_dict(x.first)}),
    }
