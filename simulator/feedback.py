"""Step: Analysis -> Feedback. What was strong, what was missing, one concrete fix per gap.

All wording comes from prompts/rubric.toml; this module picks what to say and in which order,
and fills in quotes from the answer. The spoken summary keeps only the two most useful points
(about 20 to 30 seconds read aloud).
"""

from __future__ import annotations

from .pieces import unheard
from .rubric import Rubric
from .types import Analysis, Feedback, Point, ScoreResult

_QUOTE_WORDS = 16
FIX_HEADING = "What to fix:"  # the written feedback's list of gaps (the HTML report shows them all)
GAP_KINDS = ("flag", "missing", "unsure", "length")  # Point kinds that are something to fix


def quote(sentence: str, max_words: int = _QUOTE_WORDS) -> str:
    words = sentence.strip().rstrip(".!?,;:").split()
    text = " ".join(words[:max_words]) + ("..." if len(words) > max_words else "")
    text = text[:1].upper() + text[1:]  # a quote cut from a run-on still reads as a sentence
    return f"\u201c{text}\u201d"


def _evidence(a: Analysis, cid: str) -> str | None:
    e = a.content.components[cid]
    return e.evidence[0] if e.present else None


def _fill(template: str, a: Analysis, evidence: str | None = None) -> str:
    """Fill a rubric template. Fixes name the person's goal in plain words: wrapping their own sentence in a
    template ("Join them: '...which will prepare me...', which will...") reads badly and cannot be spoken."""
    goal = _evidence(a, "goal_long")
    values = {
        "quote": quote(evidence) if evidence else "",
        "goal_long_ref": " toward your long-term goal" if goal else "",
        "goal_long_short": "your long-term goal" if goal else "your main goal",
    }
    return template.format(**values)


def format_length(seconds: float | None, words: int) -> str:
    if seconds is None:
        return f"{words} words"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d} ({words} words)"


def _delivery_notes(a: Analysis, rubric: Rubric) -> list[str]:
    d, t, lim = a.delivery, rubric.delivery_feedback, rubric.delivery
    if d is None:
        return []
    notes = []
    if d.speech_rate_wpm < lim["speech_rate_slow"]:
        notes.append(t["slow"].format(rate=round(d.speech_rate_wpm)))
    elif d.speech_rate_wpm > lim["speech_rate_fast"]:
        notes.append(t["fast"].format(rate=round(d.speech_rate_wpm)))
    if d.fillers and d.fillers_per_minute > lim["fillers_good_per_min"]:
        names = [f.text for f in d.fillers]
        top = max(set(names), key=names.count)
        key = "fillers_distracting" if d.fillers_per_minute > lim["fillers_distracting_per_min"] else "fillers"
        notes.append(t[key].format(count=len(d.fillers), per_minute=d.fillers_per_minute, top=top))
    if d.long_pauses:
        n = len(d.long_pauses)
        times = ", ".join(format_length(p.start, 0).split(" ")[0] for p in d.long_pauses[:4])
        notes.append(t["long_pauses"].format(count=n, s="" if n == 1 else "s", times=times))
    if d.start_latency_s is not None and d.start_latency_s > lim["start_latency_note_s"]:
        notes.append(t["latency"].format(latency=round(d.start_latency_s, 1)))
    if d.hedges:
        items = ", ".join(sorted({f'"{h.text}"' for h in d.hedges}))
        notes.append(t["hedges"].format(items=items))
    return notes


def headline(a: Analysis, rubric: Rubric) -> str:
    """The verdict in words; when strong content was capped, why ("Strong content, but at 2:43 it runs too long.")."""
    if a.capped_by is None:
        return rubric.verdict_lines[a.verdict]
    per_minute = a.delivery.fillers_per_minute if a.delivery else 0
    return rubric.capped_lines[a.capped_by].format(length=format_length(a.length.seconds, a.length.words).split(" (")[0]
                                                   if a.length.seconds is not None else f"{a.length.words} words",
                                                   per_minute=round(per_minute))


def _flagged_sentences(a: Analysis) -> set[str]:
    return {s for f in a.content.flags.values() if f.present for s in f.evidence}


def _gaps(a: Analysis, rubric: Rubric) -> list[Point]:
    """What to fix, most useful first: red flags, then missing parts, then length.

    A part is said to be missing only when nothing close to it was heard; otherwise the feedback says it
    is unsure and quotes what it heard, so it never tells someone they left out what they said.
    """
    gaps = []
    # a sentence raising a flag that names a goal of the wrong kind (leaving, pay, a presumptuous title, a joke, a
    # personal goal) is no goal to restate; one raising "vague" or "no growth" names none and is quoted as before
    flagged = {x for fid, f in a.content.flags.items() if f.present and fid not in ("vague", "no_ambition")
               for x in f.evidence}
    unsure = bool(unclear_spans(a))  # speech left out might hold a part: not heard, rather than missing
    for fid, flag in a.content.flags.items():
        # A flag raised only for what was not heard ("no concrete goal" when nothing sounded like one) is
        # not raised when speech was left out: the goal may be in there.
        # A flag the analysis is not sure of (the encoder did not confirm it) is asked about, not asserted.
        if flag.present and not (unsure and flag.tentative):
            cue = rubric.flags[fid]
            said = cue.text["unsure" if flag.tentative else "problem"]
            gaps.append(Point("flag", fid, _fill(said, a, flag.evidence[0]), _fill(cue.text["fix"], a)))
    length_gap = a.length.verdict in ("too_short", "too_long")
    for cid in rubric.gap_order:
        found = a.content.components[cid]
        if not found.present:
            cue = rubric.components[cid]
            if unsure:
                gaps.append(Point("unsure", cid, not_heard(cue.label), _fill(cue.text["fix"], a)))
            elif near := [x for x in found.near if x not in flagged]:
                gaps.append(Point("unsure", cid, _fill(cue.text["unsure"], a, near[0]), _fill(cue.text["fix"], a)))
            elif found.near:  # close only in a red flag's sentence: not "say that as your goal", nor "there is none"
                gaps.append(Point("unsure", cid, heard_in_flag(cue.label), _fill(cue.text["fix"], a)))
            else:
                gaps.append(Point("missing", cid, cue.text["missing"], _fill(cue.text["fix"], a)))
        if cid == "ladder" and length_gap:  # a length problem outranks the nice-to-haves
            gaps.append(Point("length", None, rubric.length_feedback[a.length.verdict].format(
                length=format_length(a.length.seconds, a.length.words))))
    return gaps


def _label(rubric: Rubric, cid: str) -> str:
    return rubric.components[cid].label.split(":")[0].lower()


def _strengths(a: Analysis, rubric: Rubric) -> list[Point]:
    """One line per quoted sentence: parts shown by the same sentence are named together.

    Only what was said plainly is praised. A sentence that also raises a red flag is not praised ("a
    stepping stone" is no credit for the employer), and a part shown only indirectly ("the team") is
    acknowledged as such (a "tentative" point), not praised.
    """
    flagged = _flagged_sentences(a)
    groups: dict[str, list[str]] = {}
    tentative = []
    for cid, e in a.content.components.items():
        praise = [s for s in e.evidence if s not in flagged] if e.present else []
        if praise and e.tentative:
            tentative.append(Point("tentative", cid, rubric.tentative_line.format(
                label=_label(rubric, cid), quote=quote(praise[0]))))
        elif praise:
            groups.setdefault(praise[0], []).append(cid)
    points = []
    for sentence, cids in groups.items():
        if len(cids) == 1:
            text = _fill(rubric.components[cids[0]].text["strength"], a, sentence)
        else:
            labels = [_label(rubric, c) for c in cids]
            named = ", ".join(labels[:-1]) + " and " + labels[-1]
            text = f"In one sentence you gave {named}: {quote(sentence, 24)}."
        points += [Point("strength", c, text) for c in cids]
    return points + tentative


def _lines(points: list[Point]) -> list[str]:
    """The text of each point once (parts praised together share one line)."""
    seen, out = set(), []
    for p in points:
        if p.text not in seen:
            seen.add(p.text)
            out.append(p.text)
    return out


def top_fix(a: Analysis, rubric: Rubric, gaps: list[Point]) -> str:
    """The one thing to fix: the most useful gap's fix, else the first delivery note, else ""."""
    if gaps:
        return gaps[0].fix or gaps[0].text
    notes = _delivery_notes(a, rubric)
    return notes[0] if notes else ""


def _spoken(a: Analysis, rubric: Rubric, strengths: list[Point], gaps: list[Point]) -> str:
    praised = {p.id for p in strengths if p.kind == "strength"}
    present = [rubric.components[c].label.split(":")[0].lower() for c in rubric.gap_order[::-1] if c in praised]
    parts = [f"{headline(a, rubric)} You scored {a.score.total} out of 100."]
    if unclear_note(a):
        parts.append(unclear_note(a))
    if present:
        parts.append(f"What worked: {' and '.join(present[-2:])}.")
    fix = top_fix(a, rubric, gaps)
    if gaps:
        parts.append(f"The one thing to fix: {fix}")
    else:
        parts.append(fix or "Keep it this way, and rehearse it once more out loud.")
    return " ".join(parts)


def make_feedback(analysis: Analysis, rubric: Rubric) -> Feedback:
    a = analysis
    strengths = _strengths(a, rubric)
    gaps = _gaps(a, rubric)
    return Feedback(
        written=_written(a, rubric, strengths, gaps, rubric.max_written_gaps),
        written_all=_written(a, rubric, strengths, gaps, len(gaps)),
        spoken=_spoken(a, rubric, strengths, gaps),
        strengths=_lines([p for p in strengths if p.kind == "strength"]),
        gaps=[f"{g.text} Fix: {g.fix}" if g.fix else g.text for g in gaps],
        points=strengths + gaps,
        top_fix=top_fix(a, rubric, gaps),
    )


def _written(a: Analysis, rubric: Rubric, strengths: list[Point], gaps: list[Point], most: int) -> str:
    """The written feedback with the first ``most`` points to fix (the rest are counted, not lost)."""
    shown = gaps[:most]
    length_line = rubric.length_feedback[a.length.verdict].format(
        length=format_length(a.length.seconds, a.length.words))
    lines = [f"Verdict: {a.verdict} (score {a.score.total}/100). {headline(a, rubric)}", "",
             f"Length: {length_line}", "", "What was strong:"]
    if unclear_note(a):
        lines[1:1] = ["", unclear_note(a)]
    lines += [f"  + {s}" for s in _lines([p for p in strengths if p.kind == "strength"])] or \
        ["  (nothing yet: start with a clear long-term goal)"]
    heard = _lines([p for p in strengths if p.kind == "tentative"])
    if heard:
        lines += ["", "Heard, but not clearly:"] + [f"  ~ {s}" for s in heard]
    if shown:
        lines += ["", FIX_HEADING]
        for g in shown:
            lines.append(f"  - {g.text}" + (f"\n    Fix: {g.fix}" if g.fix else ""))
        hidden = len(gaps) - len(shown)
        if hidden:
            lines.append(f"  ({hidden} smaller point{'s' if hidden > 1 else ''} not shown: fix the ones above "
                         "first. --all-feedback and the report list every point.)")
    notes = _delivery_notes(a, rubric)
    if notes:
        lines += ["", "Delivery:"] + [f"  * {n}" for n in notes]
    return "\n".join(lines)


# --- speech that could not be made out (pieces.unheard) ---------------------------------
def unclear_spans(a: Analysis) -> list[tuple[float, float]]:
    """Stretches of the answer's voice that the recognizer could not make out and left out."""
    return unheard(a.transcript.speech, a.transcript.unclear)


def clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def unclear_note(a: Analysis) -> str | None:
    """'I couldn't make out 0:52-1:01, ...' when speech was left out of the transcript, else None."""
    spans = unclear_spans(a)
    if not spans:
        return None
    times = ", ".join(f"{clock(start)}-{clock(end)}" for start, end in spans)
    return f"I couldn't make out {times}, so this feedback is on the rest of the answer."


def heard_in_flag(label: str) -> str:
    """A part heard only in a sentence that raised a red flag ("this job as a stepping stone to start my own business"
    is close to a long-term goal): neither asserted missing nor quoted back as the goal to restate."""
    name = label.split(":")[0]
    return f"I heard {name[0].lower() + name[1:]} only in what I flagged above; say one you would pursue in this role."


def not_heard(label: str) -> str:
    """A part not found when some speech was not made out: it may have been said there."""
    name = label.split(":")[0]
    return f"I couldn't hear {name[0].lower() + name[1:]} clearly; it may be in what I couldn't make out."


def _length_words(verdict: str, rubric: Rubric) -> str:
    return rubric.length_label(verdict)  # "too short": ids stay in JSON and CSV


def compare_attempts(before: ScoreResult, after: ScoreResult, rubric: Rubric) -> list[str]:
    """What changed from one attempt to the next: score, length, fillers, parts gained or lost, in words."""
    if before.analysis is None or after.analysis is None:
        return []
    a, b = before.analysis, after.analysis
    lines = [f"Score {a.score.total} -> {b.score.total} ({b.score.total - a.score.total:+d})."]
    if a.length.verdict != b.length.verdict or a.length.seconds != b.length.seconds:
        lines.append(f"Length {format_length(a.length.seconds, a.words)} ({_length_words(a.length.verdict, rubric)}) -> "
                     f"{format_length(b.length.seconds, b.words)} ({_length_words(b.length.verdict, rubric)}).")
    if a.delivery and b.delivery:
        lines.append(f"Fillers {len(a.delivery.fillers)} ({a.delivery.fillers_per_minute} a minute) -> "
                     f"{len(b.delivery.fillers)} ({b.delivery.fillers_per_minute} a minute).")
    for what, section_a, section_b in (("part", a.content.components, b.content.components),
                                       ("red flag", a.content.flags, b.content.flags)):
        def named(ids: list[str]) -> str:
            return ", ".join(rubric.name(k) for k in ids)
        gained = [k for k in section_b if section_b[k].present and not section_a[k].present]
        lost = [k for k in section_b if section_a[k].present and not section_b[k].present]
        if gained:
            lines.append(f"New {what}{'s' if len(gained) > 1 else ''}: {named(gained)}.")
        if lost:
            lines.append(f"{what.capitalize()}{'s' if len(lost) > 1 else ''} gone: {named(lost)}.")
    return lines
