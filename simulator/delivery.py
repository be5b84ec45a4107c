"""Analysis, part two: how the answer was said (audio only).

Pace, fillers, long pauses, start latency and hedges, from Whisper's word times and the voice
detector's speech intervals (``Transcript.speech``). Fillers and hedges are matched as whole
words or phrases, never as substrings, and "like"/"so"/"actually" only where they are set off
by commas or open a sentence.
"""

from __future__ import annotations

import re

from .rubric import Rubric
from .types import Delivery, Pause, TimedItem, Transcript, Word

_STRIP = re.compile(r"^[^a-z0-9']+|[^a-z0-9']+$")
# "what kind of leader" is a question of type, not a hedge.
_TYPE_WORDS = {"what", "this", "that", "the", "a", "any", "every", "some", "which", "same", "those", "these"}


def norm_word(text: str) -> str:
    return _STRIP.sub("", text.lower().replace("\u2019", "'"))


def _set_off_after(w: Word) -> bool:
    return w.text.rstrip().endswith((",", "...", "\u2026", "-"))


def _boundary_before(words: list[Word], i: int) -> bool:
    return i == 0 or words[i - 1].text.rstrip().endswith((",", ".", "!", "?", "...", "\u2026", "-"))


def find_fillers(words: list[Word], rubric: Rubric) -> list[TimedItem]:
    norms = [norm_word(w.text) for w in words]
    found: list[TimedItem] = []
    i = 0
    while i < len(words):
        n = norms[i]
        pair = f"{n} {norms[i + 1]}" if i + 1 < len(words) else ""
        if n in rubric.fillers_always:
            found.append(TimedItem(n, round(words[i].start, 2)))
        elif pair in rubric.fillers_phrases and (
            _boundary_before(words, i) or _set_off_after(words[i + 1])
        ):
            found.append(TimedItem(pair, round(words[i].start, 2)))
            i += 1
        elif n in rubric.fillers_contextual and _set_off_after(words[i]) and _boundary_before(words, i):
            found.append(TimedItem(n, round(words[i].start, 2)))
        i += 1
    return found


def find_hedges(words: list[Word], rubric: Rubric) -> list[TimedItem]:
    norms = [norm_word(w.text) for w in words]
    phrases = sorted((p.split() for p in rubric.hedges), key=len, reverse=True)
    found: list[TimedItem] = []
    i = 0
    while i < len(norms):
        for p in phrases:
            if norms[i : i + len(p)] == p:
                if p[-1] == "of" and i > 0 and norms[i - 1] in _TYPE_WORDS:
                    continue
                found.append(TimedItem(" ".join(p), round(words[i].start, 2)))
                i += len(p) - 1
                break
        i += 1
    return found


def count_words(text: str, rubric: Rubric) -> int:
    """Words that carry content: filler sounds like "um" do not count."""
    return sum(1 for t in text.split() if (n := norm_word(t)) and n not in rubric.fillers_always)


def _clip(intervals, start: float, end: float) -> list[tuple[float, float]]:
    return [(max(s, start), min(e, end)) for s, e in intervals if e > start and s < end]


def _merge_short_gaps(intervals, gap: float) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for s, e in intervals:
        if merged and s - merged[-1][1] <= gap:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def measure_delivery(transcript: Transcript, n_words: int, rubric: Rubric,
                     start_latency_s: float | None = None) -> Delivery:
    words = transcript.words
    d = rubric.delivery
    speech = transcript.speech
    if speech:
        answer_start, answer_end = speech[0][0], speech[-1][1]
    else:
        answer_start, answer_end = words[0].start, words[-1].end
        speech = [(w.start, w.end) for w in words]
    answer_time = max(answer_end - answer_start, 1e-6)
    spoken = _merge_short_gaps(_clip(speech, answer_start, answer_end), float(d["pause_gap_s"]))
    speaking_time = max(sum(e - s for s, e in spoken), 1e-6)
    pauses = [
        Pause(round(a_end, 2), round(b_start - a_end, 2))
        for (_, a_end), (b_start, _) in zip(spoken, spoken[1:])
        if b_start - a_end > float(d["long_pause_s"])
    ]
    fillers = find_fillers(words, rubric)
    hedges = find_hedges(words, rubric)
    minutes = answer_time / 60.0
    return Delivery(
        speech_rate_wpm=round(n_words / minutes, 1),
        articulation_rate_wpm=round(n_words / (speaking_time / 60.0), 1),
        fillers=fillers,
        fillers_per_minute=round(len(fillers) / minutes, 2),
        long_pauses=pauses,
        hedges=hedges,
        hedges_per_minute=round(len(hedges) / minutes, 2),
        start_latency_s=round(start_latency_s if start_latency_s is not None else answer_start, 2),
        speaking_time_s=round(speaking_time, 2),
        answer_time_s=round(answer_time, 2),
    )
