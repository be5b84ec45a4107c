"""Step: Transcript -> Analysis. Length, delivery, content, verdict and score.

The parts live in content.py (what was said) and delivery.py (how it was said); this module
checks that there is real speech to judge, then combines the parts as rubric.md defines.
"""

from __future__ import annotations

from datetime import date

from . import config
from .content import analyse_content
from .delivery import count_words, measure_delivery
from .errors import NoSpeechError
from .rubric import Rubric
from .vad import HALLUCINATIONS, overlap
from .types import Analysis, ContentResult, Delivery, LengthResult, Question, ScoreBreakdown, Transcript

def check_speech(transcript: Transcript) -> None:
    """Raise NoSpeechError when the transcript is not a real spoken answer."""
    if transcript.duration_s is None:  # text input
        if not transcript.text.strip():
            raise NoSpeechError("empty transcript: nothing to score")
        return
    voiced = sum(e - s for s, e in transcript.speech or [])
    if transcript.speech is not None and voiced < config.MIN_SPEECH_SECONDS:
        raise NoSpeechError("no speech detected (silence or background sound only)")
    unclear = overlap(transcript.speech or [], transcript.unclear)
    if transcript.speech and unclear > config.MAX_UNCLEAR_SHARE * voiced:
        raise NoSpeechError(
            f"this does not sound like English (the recognizer could not make out {unclear:.0f} s of the "
            f"{voiced:.0f} s of speech); the model understands English answers only",
            kind="not_english",
        )
    text = transcript.text.strip().lower().strip(".!?, ")
    if not transcript.words or HALLUCINATIONS.match(text):
        raise NoSpeechError("no speech detected (the recognizer heard no words)")
    segs = transcript.segments
    silent = [s for s in segs if s.no_speech_prob > config.NO_SPEECH_PROB and s.avg_logprob < config.LOGPROB_FLOOR]
    if len(silent) == len(segs):
        raise NoSpeechError("no speech detected (only noise or music)")
    words = transcript.words
    confidence = sum(w.probability for w in words) / len(words)
    weights = [max(s.end - s.start, 0.01) for s in segs]
    logprob = sum(s.avg_logprob * w for s, w in zip(segs, weights)) / sum(weights)
    if confidence < config.MIN_WORD_CONFIDENCE and logprob < config.ENGLISH_LOGPROB_FLOOR:
        raise NoSpeechError(
            f"this does not sound like English (word confidence {confidence:.2f}); "
            "the model understands English answers only",
            kind="not_english",
        )


def judge_length(seconds: float | None, words: int, rubric: Rubric) -> LengthResult:
    for band in rubric.length_bands:
        below = seconds < band.max_seconds if seconds is not None else words < band.max_words
        if below:
            return LengthResult(band.verdict, None if seconds is None else round(seconds, 1), words)
    return LengthResult("too_long", seconds, words)


def decide_verdict(content: ContentResult) -> str:
    c = {k: v.present for k, v in content.components.items()}
    if any(f.present for f in content.flags.values()) or not (c["goal_long"] or c["goal_short"]):
        return "weak"
    if (c["goal_long"] and (c["goal_short"] or c["steps"]) and (c["ladder"] or c["steps"])
            and (c["employer"] or c["contribution"])):
        return "strong"
    return "adequate"


def delivery_credit(delivery: Delivery, rubric: Rubric) -> float:
    d, k = rubric.delivery, rubric.delivery_credit
    lo, hi = d["speech_rate_good"]
    rate = delivery.speech_rate_wpm
    if lo <= rate <= hi:
        pace = k["rate_good"]
    elif d["speech_rate_slow"] <= rate <= d["speech_rate_fast"]:
        pace = k["rate_ok"]
    else:
        pace = k["rate_off"]
    fpm = delivery.fillers_per_minute
    fillers = (k["fillers_good"] if fpm <= d["fillers_good_per_min"]
               else k["fillers_some"] if fpm <= d["fillers_distracting_per_min"] else k["fillers_distracting"])
    pauses = max(0.0, 1.0 - k["per_long_pause"] * len(delivery.long_pauses))
    hedges = max(0.0, 1.0 - k["per_hedge"] * len(delivery.hedges))
    return (pace + fillers + pauses + hedges) / 4.0


def cap_verdict(content_verdict: str, length: LengthResult, delivery: Delivery | None,
                rubric: Rubric) -> tuple[str, str | None]:
    """The overall verdict: strong content is adequate when too short, too long, or full of fillers."""
    if content_verdict != "strong":
        return content_verdict, None
    if length.verdict in ("too_short", "too_long"):
        return "adequate", length.verdict
    if delivery is not None and delivery.fillers_per_minute >= rubric.delivery["fillers_harmful_per_min"]:
        return "adequate", "fillers"
    return "strong", None


def compute_score(content: ContentResult, length: LengthResult, delivery: Delivery | None,
                  rubric: Rubric, verdict: str) -> ScoreBreakdown:
    w = dict(rubric.weights)
    if delivery is None:  # text input: spread the delivery share over the rest
        scale = 100.0 / (w["content"] + w["length"])
        w = {"content": w["content"] * scale, "length": w["length"] * scale, "delivery": 0.0}
    cw = rubric.component_weights
    share = sum(cw[c] for c, e in content.components.items() if e.present) / sum(cw.values())
    n_flags = sum(f.present for f in content.flags.values())
    content_pts = w["content"] * share * max(0.0, 1.0 - rubric.flag_penalty * n_flags)
    length_pts = w["length"] * rubric.length_credit[length.verdict]
    delivery_pts = w["delivery"] * delivery_credit(delivery, rubric) if delivery else 0.0
    points = max(0.0, min(100.0, content_pts + length_pts + delivery_pts))
    low, high = rubric.verdict_bands[verdict]
    return ScoreBreakdown(
        content=round(content_pts, 1), length=round(length_pts, 1), delivery=round(delivery_pts, 1),
        total=int(round(low + points * (high - low) / 100.0)), weights={k: round(v, 1) for k, v in w.items()},
        points=round(points, 1), band=(low, high),
    )


def analyse(transcript: Transcript, question: Question, rubric: Rubric, *,
            start_latency_s: float | None = None, said_on: date | None = None) -> Analysis:
    check_speech(transcript)
    n_words = count_words(transcript.text, rubric)
    delivery = None
    seconds = None
    if transcript.has_timings:
        delivery = measure_delivery(transcript, n_words, rubric, start_latency_s)
        seconds = delivery.answer_time_s
    length = judge_length(seconds, n_words, rubric)
    content = analyse_content(transcript.text, rubric, said_on=said_on)
    content.verdict = decide_verdict(content)
    verdict, capped_by = cap_verdict(content.verdict, length, delivery, rubric)
    return Analysis(
        question_id=question.id,
        transcript=transcript,
        words=n_words,
        length=length,
        delivery=delivery,
        content=content,
        verdict=verdict,
        score=compute_score(content, length, delivery, rubric, verdict),
        capped_by=capped_by,
        rubric_version=f"{rubric.id}@{rubric.version}",
    )
