"""Step: the follow-up question, and the exchange it makes with the first answer.

analyse -> feedback -> ``choose`` a follow-up aimed at the biggest gap -> speak -> record -> transcribe
-> ``score_exchange``: the first answer and the follow-up answers analysed as one exchange.

Which gap comes first, when it applies, and how it is asked are data (prompts/followups.toml). The
interviewer only asks about what was surely missing or a red flag that was raised: never about a part that
was said unclearly or half-said, which would tell the person they left out what they said.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import config
from .errors import RubricError
from .feedback import quote
from .rubric import COMPONENT_IDS, FLAG_IDS, VERDICTS, Rubric, read_toml
from .types import Analysis, Feedback, Question, ScoreResult, Segment, Transcript, Word

log = logging.getLogger(__name__)

SPOKEN_MAX_WORDS = 70  # spoken exchange feedback stays under 30 s (Piper speaks about 150 a minute)
JOIN_GAP_S = 1.0  # the pause put between one answer's last voice and the next answer's first


@dataclass(frozen=True)
class Condition:
    missing: tuple[str, ...] = ()  # parts surely missing (every one)
    present: tuple[str, ...] = ()  # parts present (every one)
    raised: tuple[str, ...] = ()  # red flags (any one, when listed)


@dataclass(frozen=True)
class Gap:
    id: str
    name: str  # "a concrete step"
    when: tuple[Condition, ...]
    ask: tuple[str, ...]  # phrasings, used in turn
    closes: tuple[str, ...]  # parts that close it (any one)

    @property
    def flags(self) -> set[str]:
        return {f for c in self.when for f in c.raised}


@dataclass(frozen=True)
class FollowUps:
    gaps: tuple[Gap, ...]  # in priority order
    skip_when: tuple[str, ...]  # content verdicts that get no follow-up
    path: Path | None = None

    def gap(self, gap_id: str) -> Gap:
        return next(g for g in self.gaps if g.id == gap_id)


@dataclass
class FollowUp:
    """One follow-up question as asked."""

    gap: str  # the gap id ("no_step")
    name: str  # what it asks for, in words ("a concrete step")
    question: str


@dataclass
class FollowUpAnswer:
    follow_up: FollowUp
    transcript: Transcript
    closed: bool  # the answer showed what was asked for
    parts: list[str] = field(default_factory=list)  # the parts it showed, of those that close the gap
    evidence: str | None = None  # the sentence that closed it
    path: Path | None = None  # the recording, when there is one
    result: ScoreResult | None = None  # the follow-up answer scored on its own (None: nothing was said)


@dataclass
class Exchange:
    """The first answer and its follow-ups, analysed as one answer (``result``)."""

    first: ScoreResult  # the first answer alone
    answers: list[FollowUpAnswer]
    result: ScoreResult  # the whole exchange
    remaining: list[str]  # names of the gaps still open, by priority
    feedback: Feedback | None = None  # what is shown and said about the exchange


# --- the gaps, as data ------------------------------------------------------------------

def load_follow_ups(path: Path | None = None) -> FollowUps:
    """prompts/followups.toml, validated: one "key: what is wrong" line for any mistake."""
    path = path or config.PROMPTS_DIR / "followups.toml"
    data = read_toml(path)

    def fail(key: str, why: str):
        raise RubricError(f"{path}: {key}: {why}")

    def ids(key: str, value, known) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail(key, f"expected a list of ids, got {value!r}")
        unknown = [v for v in value if v not in known]
        if unknown:
            fail(key, f"unknown id(s) {unknown}; choose from {list(known)}")
        return tuple(value)

    skip = ids("skip_when", data.get("skip_when", []), VERDICTS)
    entries = data.get("gap")
    if not isinstance(entries, list) or not entries:
        fail("gap", "needs at least one [[gap]] table")
    gaps, seen = [], set()
    for i, g in enumerate(entries):
        key = f"gap[{i}]"
        if not isinstance(g, dict):
            fail(key, "expected a table")
        extra = set(g) - {"id", "name", "when", "ask", "closes"}
        if extra:
            fail(key, f"unknown key(s) {sorted(extra)}")
        for k in ("id", "name"):
            if not isinstance(g.get(k), str) or not g[k].strip():
                fail(f"{key}.{k}", "needs a non-empty text")
        if g["id"] in seen:
            fail(f"{key}.id", f"{g['id']!r} is used twice")
        seen.add(g["id"])
        when = g.get("when")
        if not isinstance(when, list) or not when:
            fail(f"{key}.when", "needs at least one condition")
        conditions = []
        for j, c in enumerate(when):
            ckey = f"{key}.when[{j}]"
            if not isinstance(c, dict) or not c or set(c) - {"missing", "present", "raised"}:
                fail(ckey, "expected a table of missing, present and/or raised")
            conditions.append(Condition(ids(f"{ckey}.missing", c.get("missing", []), COMPONENT_IDS),
                                        ids(f"{ckey}.present", c.get("present", []), COMPONENT_IDS),
                                        ids(f"{ckey}.raised", c.get("raised", []), FLAG_IDS)))
        ask = g.get("ask")
        if not isinstance(ask, list) or not ask or not all(isinstance(a, str) and a.strip() for a in ask):
            fail(f"{key}.ask", "needs a list of one or more questions")
        closes = ids(f"{key}.closes", g.get("closes"), COMPONENT_IDS)
        if not closes:
            fail(f"{key}.closes", "needs at least one part")
        gaps.append(Gap(g["id"], g["name"].strip(), tuple(conditions), tuple(a.strip() for a in ask), closes))
    return FollowUps(tuple(gaps), skip, path)


# --- which follow-up --------------------------------------------------------------------

def _holds(c: Condition, missing: set[str], present: set[str], raised: set[str]) -> bool:
    return (set(c.missing) <= missing and set(c.present) <= present
            and (not c.raised or bool(set(c.raised) & raised)))


def open_gaps(analysis: Analysis, feedback: Feedback, follow_ups: FollowUps) -> list[Gap]:
    """The gaps that apply to an answer, by priority: the parts and flags as the feedback states them. Missing
    means what it calls missing (surely absent); a part it is unsure about (heard unclearly, or half-said)
    never opens a gap, nor does a flag it does not raise."""
    missing = {p.id for p in feedback.points if p.kind == "missing"}
    present = {c for c, e in analysis.content.components.items() if e.present}
    raised = {p.id for p in feedback.points if p.kind == "flag"}
    return [g for g in follow_ups.gaps if any(_holds(c, missing, present, raised) for c in g.when)]


def open_in_record(gap: Gap, result: dict) -> bool:
    """Whether ``gap`` applies to a saved result (the contract dict): missing means absent with nothing
    close heard ("near"), as the feedback judged it when the answer was scored."""
    content = result.get("content") or {}
    components, flags = content.get("components") or {}, content.get("flags") or {}
    missing = {c for c, e in components.items() if not e.get("present") and not e.get("near")}
    present = {c for c, e in components.items() if e.get("present")}
    raised = {f for f, e in flags.items() if e.get("present")}
    return any(_holds(c, missing, present, raised) for c in gap.when)


def choose(result: ScoreResult, follow_ups: FollowUps, *, asked: dict[str, int] | None = None,
           exclude: set[str] | frozenset[str] = frozenset()) -> FollowUp | None:
    """The follow-up aimed at the biggest gap, or None (strong content, nothing open, or not scored).

    ``asked`` counts how often each gap was asked before (this session), so its phrasings rotate;
    ``exclude`` holds the gaps already asked in this exchange.
    """
    a, fb = result.analysis, result.feedback
    if result.status != "ok" or a is None or fb is None or a.content.verdict in follow_ups.skip_when:
        return None
    for gap in open_gaps(a, fb, follow_ups):
        if gap.id not in exclude:
            n = (asked or {}).get(gap.id, 0)
            return FollowUp(gap.id, gap.name, gap.ask[n % len(gap.ask)])
    return None


# --- the exchange -----------------------------------------------------------------------

def join_transcripts(first: Transcript, second: Transcript) -> Transcript:
    """Two answers as one: the second's times moved to follow the first's last voice after JOIN_GAP_S.

    The silence that ended the first answer and the wait before the second are left out, so the exchange
    is timed and paced as if it were said in one go. Text answers (no times) are joined as text.
    """
    text = " ".join(t for t in (first.text.strip(), second.text.strip()) if t)
    if first.duration_s is None or second.duration_s is None:
        return Transcript(text=text, segments=first.segments + second.segments, duration_s=None,
                          language=first.language, options=dict(first.options))
    end_first = _last_voice(first)
    start_second = _first_voice(second)
    shift = end_first + JOIN_GAP_S - start_second
    moved = [Segment(s.start + shift, s.end + shift, s.text,
                     [Word(w.text, w.start + shift, w.end + shift, w.probability) for w in s.words],
                     s.avg_logprob, s.no_speech_prob, s.compression_ratio, s.temperature)
             for s in second.segments]
    speech = None
    if first.speech is not None and second.speech is not None:
        speech = list(first.speech) + [(a + shift, b + shift) for a, b in second.speech]
    unclear = list(first.unclear) + [(a + shift, b + shift) for a, b in second.unclear]
    duration = max(end_first, second.duration_s + shift)
    return Transcript(text=text, segments=first.segments + moved, duration_s=duration, language=first.language,
                      options=dict(first.options), speech=speech, unclear=unclear)


def _last_voice(t: Transcript) -> float:
    ends = [b for _, b in t.speech or []] + [w.end for w in t.words]
    return max(ends) if ends else 0.0


def _first_voice(t: Transcript) -> float:
    starts = [a for a, _ in t.speech or []] + [w.start for w in t.words]
    return min(starts) if starts else 0.0


def answer_follow_up(follow_up: FollowUp, transcript: Transcript, question: Question, rubric: Rubric,
                     follow_ups: FollowUps, path: Path | None = None, said_on=None) -> FollowUpAnswer:
    """Did the follow-up answer, on its own, show what was asked (and not raise the same red flag)?"""
    from .errors import SimulatorError
    from .score import score_transcript

    try:
        result = score_transcript(transcript, question, rubric, input_name=str(path or "follow-up"), said_on=said_on)
    except SimulatorError:  # nothing was said
        return FollowUpAnswer(follow_up, transcript, False, path=path)
    result.path = path
    if not follow_up.gap:  # an answer to a follow-up practice would not have asked: nothing to close
        return FollowUpAnswer(follow_up, transcript, False, path=path, result=result)
    content = result.analysis.content
    gap = follow_ups.gap(follow_up.gap)
    parts = [c for c in gap.closes if content.components[c].present and not content.components[c].tentative]
    again = any(content.flags[f].present for f in gap.flags)
    evidence = content.components[parts[0]].evidence[0] if parts else None
    return FollowUpAnswer(follow_up, transcript, bool(parts) and not again, parts, evidence, path, result)


def score_exchange(first: ScoreResult, answers: list[FollowUpAnswer], question: Question, rubric: Rubric,
                   follow_ups: FollowUps, said_on=None) -> Exchange:
    """The exchange as one answer, and the feedback on it: what each follow-up closed, what is still open,
    and the verdict of the exchange next to that of the first answer alone."""
    from .errors import SimulatorError
    from .score import error_result, score_transcript

    joined = first.analysis.transcript
    for answer in answers:
        if answer.transcript.text.strip():
            joined = join_transcripts(joined, answer.transcript)
    try:
        result = score_transcript(joined, question, rubric, input_name=first.input,
                                  start_latency_s=first.analysis.delivery.start_latency_s
                                  if first.analysis.delivery else None, said_on=said_on)
    except SimulatorError as e:
        result = error_result(first.input, e)
    closed = {a.follow_up.gap for a in answers if a.closed}  # never "still open" right after "you gave it"
    remaining = open_gaps(result.analysis, result.feedback, follow_ups) if result.status == "ok" else []
    exchange = Exchange(first, answers, result, [g.name for g in remaining if g.id not in closed])
    exchange.feedback = exchange_feedback(exchange, rubric)
    return exchange


def exchange_feedback(x: Exchange, rubric: Rubric) -> Feedback:
    """Written: each follow-up and what its answer closed, what remains, both verdicts, then the feedback
    on the whole exchange. Spoken: the same in a few sentences (under 30 s)."""
    first, whole = x.first, x.result
    lines, said = [], []
    for a in x.answers:
        if not a.follow_up.gap:
            lines.append("No follow-up was needed after the first answer; the next answer counts with it.")
            continue
        lines.append(f"Follow-up: \u201c{a.follow_up.question}\u201d")
        if a.closed:
            lines.append(f"  + Your answer gave {a.follow_up.name}: {quote(a.evidence, 20)}.")
            said.append(f"Your follow-up answer gave {a.follow_up.name}{_short_quote(a.evidence)}.")
        else:
            lines.append(f"  - Your answer did not give {a.follow_up.name} yet.")
            said.append(f"Your follow-up answer did not give {a.follow_up.name} yet.")
    if x.remaining:
        still = _and(x.remaining)
        lines.append(f"Still open: {still}.")
        said.append(f"Still open: {still}.")
    else:
        lines.append("Nothing important is left open.")
    if whole.status != "ok":
        lines.append(f"The exchange could not be scored: {whole.error_message}.")
        text = "\n".join(lines)
        return Feedback(written=text, written_all=text, spoken=" ".join(said))
    verdicts = (f"First answer alone: {first.analysis.verdict} (score {first.analysis.score.total}). "
                f"With the follow-up: {whole.analysis.verdict} (score {whole.analysis.score.total}).")
    lines += [verdicts, ""]
    said.append(f"Your first answer alone was {first.analysis.verdict}; with the follow-up, the exchange is "
                f"{whole.analysis.verdict}, {whole.analysis.score.total} out of 100.")
    fix = next((p for p in whole.feedback.points if p.kind in ("flag", "missing", "unsure", "length")), None)
    if fix is not None and len(" ".join(said).split()) + len((fix.fix or fix.text).split()) + 5 <= SPOKEN_MAX_WORDS:
        said.append(f"Next time: {fix.fix or fix.text}")
    head = "\n".join(lines)
    return Feedback(
        written=head + "\nThe whole exchange:\n" + whole.feedback.written,
        written_all=head + "\nThe whole exchange:\n" + whole.feedback.written_all,
        spoken=" ".join(said),
        strengths=whole.feedback.strengths, gaps=whole.feedback.gaps, points=whole.feedback.points,
        top_fix=whole.feedback.top_fix,
    )


def _short_quote(sentence: str | None) -> str:
    """A quote for the ear: only when short and whole, else nothing (the written feedback has it)."""
    if not sentence or len(sentence.split()) > 12:
        return ""
    return ": " + quote(sentence)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
