"""Analysis, part one: what the answer says. The rubric's nine parts and seven red flags, with evidence.

The answer is cleaned and cut into sentences by language.py; each sentence is read once for what the
rules need (is it a goal or a story about the past? how far ahead does it point?), then each part and
flag is decided by a short rule over the rubric's cue groups (prompts/rubric.toml says, above each part,
how its groups combine). Every part credited keeps the sentences that showed it, as said, so the
feedback can quote them; a part not credited keeps the sentences that came close (``near``), so the
feedback can say it was unsure instead of claiming the part is absent. Before a part is left with neither,
semantic.py (a sentence encoder) gets a second look for a sentence that reads like it, said in words no cue lists.
The encoder also checks each red flag the rules raised: one whose evidence does not read like the flag is kept but
marked tentative, so the feedback asks about it instead of asserting it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import regex

from . import semantic
from .language import (NEGATIONS, NOT_ONLY, Horizon, Sentence, age_now, denied_after, from_age, horizons, negated,
                       sentences)
from .rubric import Rubric, whole_words
from .types import ContentResult, Evidence


@dataclass
class Line:
    """One sentence with what the rules ask of it."""

    s: Sentence
    intent: bool  # states a goal or a plan (vocabulary.intent), not negated
    past: bool  # tells the past (vocabulary.past) and states no goal
    horizons: list[Horizon]
    found: dict = field(default_factory=dict, repr=False, compare=False)  # cue matches already looked up
    # a plan only as it goes on with the sentence before, its subject left out (vocabulary.continues: "And learn
    # the system.", "Setting the shifts, sorting the rotas, ...")
    continued: bool = field(default=False, compare=False)

    @property
    def text(self) -> str:
        return self.s.text

    @property
    def short(self) -> bool:
        return any(h.short for h in self.horizons)

    @property
    def long(self) -> bool:
        return any(h.long for h in self.horizons)


@dataclass
class Finding:
    present: bool = False
    evidence: list[Line] = field(default_factory=list)
    near: list[Line] = field(default_factory=list)
    sure: bool = False  # at least one sentence shows it plainly (the feedback praises only then)

    def add(self, line: Line, sure: bool = True) -> None:
        if line not in self.evidence:
            self.evidence.append(line)
        self.present = True
        self.sure = self.sure or sure

    def close(self, line: Line) -> None:
        if line not in self.near:
            self.near.append(line)

    def evidence_of(self) -> Evidence:
        near = [] if self.present else [x.s.original for x in self.near]
        return Evidence(self.present, [x.s.original for x in self.evidence], near,
                        tentative=self.present and not self.sure)


class Reader:
    """Matches the rubric's cue groups on cleaned sentences, minding negation."""

    def __init__(self, rubric: Rubric):
        self.rubric = rubric
        self.window = rubric.negation_window
        self._negation_cues: dict[str, list] = {}  # pattern -> its cues that say a negation

    def group(self, section: str, name: str) -> re.Pattern:
        return self.rubric.group(section, name)

    def find(self, pattern: re.Pattern, line: Line, *, negation: bool = True, start: int = 0,
             end: int | None = None) -> re.Match | None:
        """The first match of ``pattern`` in the line that is not negated (or any match, without ``negation``)."""
        key = (pattern.pattern, negation, start, end)
        if key not in line.found:  # the rules ask the same question of a sentence several times
            line.found[key] = self._find(pattern, line, negation, start, end)
        return line.found[key]

    def _find(self, pattern: re.Pattern, line: Line, negation: bool, start: int, end: int | None) -> re.Match | None:
        for m in pattern.finditer(line.text, start, len(line.text) if end is None else end):
            if negation and (negated(line.s, m.start(), self.window) or self._negated_inside(pattern, line, m)):
                continue
            return m
        return None

    def _negated_inside(self, pattern: re.Pattern, line: Line, m: re.Match) -> bool:
        """A negation inside the match ("money is not what drives me") negates it, unless a cue that says the
        negation itself matched there ("not looking to climb"): the cue, not its whole group, decides."""
        if not NEGATIONS.search(NOT_ONLY.sub(" ", m.group())):
            return False
        if pattern.pattern not in self._negation_cues:
            parts = getattr(pattern, "parts", None)  # a rubric group: its cues one by one
            self._negation_cues[pattern.pattern] = (
                [whole_words([p]) for p in parts if NEGATIONS.search(p)] if parts is not None
                else [pattern] if NEGATIONS.search(pattern.pattern) else [])
        return not any(cue.search(line.text, m.start(), m.end()) for cue in self._negation_cues[pattern.pattern])

    def has(self, section: str, name: str, line: Line, **kw) -> re.Match | None:
        return self.find(self.group(section, name), line, **kw)

    def vocab(self, name: str, line: Line, **kw) -> re.Match | None:
        return self.find(self.rubric.vocabulary[name], line, **kw)

    def is_role(self, word: str) -> bool:
        return bool(self.rubric.vocabulary["role"].fullmatch(word)) and not \
            self.rubric.vocabulary["role_not"].fullmatch(word)


def _misheard_want(line: Line) -> bool:
    """Whisper often writes "I want to finish" as "I went to finish": with a time ahead, it is a plan."""
    return bool(re.search(r"\bi went to [a-z]+", line.text)) and any(not h.past for h in line.horizons)


_SEQUENCE_ONLY = re.compile(r"first|second|third|then|next|after that|later")


_AND = re.compile(r"(and|or|plus|also|as well as)\b")


def read_lines(text: str, rubric: Rubric, today: date | None = None) -> list[Line]:
    reader = Reader(rubric)
    lines = []
    for s in sentences(text):
        line = Line(s, False, False, horizons(s, today))
        intent = reader.vocab("intent", line)
        if intent and _SEQUENCE_ONLY.fullmatch(intent.group()) and reader.vocab("past", line, negation=False):
            # "Then I did three years on a respiratory ward": an order word opens a story too
            intent = reader.find(rubric.vocabulary["intent"], line, start=intent.end())
        line.intent = bool(intent) or _misheard_want(line)
        continued = False
        if not line.intent and lines and lines[-1].intent and "continues" in rubric.vocabulary:
            # "... And learn the system."
            line.intent = continued = line.continued = bool(reader.vocab("continues", line, negation=False))
        # the plan goes on under the clock of the sentence before ("So over the next year I want to learn Go
        # properly, | and get to the point where I can own a service"): the clock is the list's
        piece = lines and not lines[-1].s.original.rstrip().endswith((".", "!", "?")) and _AND.match(line.text)
        later = reader.vocab("long_time", line, negation=False) or reader.vocab("later_time", line, negation=False)
        if (continued or piece) and line.intent and lines[-1].intent and not line.horizons and not later:
            line.horizons = [Horizon(0, 0, h.low, h.high, False, h.text) for h in lines[-1].horizons if h.short][:1]
        line.past = not line.intent and bool(reader.vocab("past", line, negation=False))
        lines.append(line)
    return lines


# --- the parts ----------------------------------------------------------------------------------------

def _sameness(r: Reader, line: Line, start: int = 0) -> re.Match | None:
    """A no-ambition cue, but not "keep doing that" when "that" is a thing of worth said just before it in the same
    sentence ("I'm the one who trains the new lot, and I want to keep doing that")."""
    cues = r.group("flags.no_ambition", "cues")
    while (m := r.find(cues, line, start=start)) is not None:
        start = m.end()
        if re.search(r"\b(it|this|that)$", m.group()):
            before = _helps_someone(r, line) or r.find(r.group("components.learning", "cues"), line)
            if before is not None and before.start() < m.start():
                continue
        return m
    return None


def _off_topic(r: Reader, line: Line) -> bool:
    """A goal about private life or money is not a career goal (the flags deal with it).

    A sentence that also names a career move ("transition into private equity, where the pay is better")
    is still about the career.
    """
    if _sameness(r, line) or r.has("flags.flippant", "cues", line) or \
            r.has("flags.personal", "centred", line):
        return True  # "occupying precisely this position" is not a five-year career goal
    personal = r.has("flags.personal", "cues", line)
    if not (personal or r.has("flags.money", "cues", line)):
        return False
    # "I'm in it for the money, so this year I'm doing my forklift licence": the money is a flag, the licence still
    # a step; a concrete step beside a money motive keeps the sentence about the career (a pilot's licence "just
    # for fun" is a hobby's, not a step)
    # (a number beside the money is not: "earn minimum double of what I earn now" is the money itself)
    concrete = not personal and any(r.has("components.steps", g, line) for g in ("credential", "project"))
    return not r.vocab("work_tie", line) and not (line.intent and _aspiration(r, line)) and not concrete


def _concrete_step(r: Reader, line: Line) -> bool:
    """A credential, a measurable target or a project named in the sentence."""
    return any(r.has("components.steps", g, line) for g in ("credential", "target", "project"))


# A name in the answer as said: an acronym or a capitalised word that does not open the sentence ("my CDL
# endorsements", "a day role in the ICU", "learning Kubernetes properly"). Not "I", a month or a day, and not a
# place to visit ("do Australia", "see Japan"). A place is a capitalised word after "in", "to" or "from".
_CALENDAR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b"
_NAME = regex.compile(r"(?<=[a-z,;:] )(?<!\b(?:do|visit|see|to|around|in|at|on|by|every|since|until|till|before|after) )"
                      rf"(?!I\b|I'|{_CALENDAR})([A-Z][A-Za-z0-9&'-]*)")
_PLACE = regex.compile(rf"(?<=\b(?:in|to|from|back to|out to|over to) )(?!{_CALENDAR})[A-Z][a-z]+")  # not "in March"

# After a learning cue: a thing learnt ("good at welding aluminium"), not "learn and grow" or "better at stuff".
_SKILL_OBJECT = re.compile(r"( (at|in|on|with|about|how to))? (?!(and|but|so|because|or|more|a lot|as much|every|each|"
                           r"all|new things|things|on the job|fast|quickly|and grow|too|as well)\b)[a-z]")
_UNNAMED = re.compile(r"( (at|in|with|on))? (stuff|things|everything|it all|anything|something|it|that|this|life|"
                      r"my job|what i do)\b")


def _concrete_goal(r: Reader, line: Line) -> bool:
    """A career goal with a concrete object: the speaker wants something that can be named or checked.

    A role to grow into, a credential, a project, a measurable target, a named skill ("get really good at welding
    aluminium") or a name ("my CDL endorsements", "learning Kubernetes properly") in a sentence of intent that is
    not negated, not a story about the past and not a personal, money or joke goal. "Grow", "be successful" and
    "get better at stuff" have nothing to check.
    """
    if not line.intent or line.past or r.vocab("intent", line) is None:
        return False
    if any(r.has(f"flags.{f}", "cues", line) for f in ("personal", "money", "flippant")):
        return False
    if not r.vocab("generic_growth", line):  # "get really good at welding aluminium", not "at stuff"
        start, learning = 0, r.group("components.learning", "cues")
        while (skill := r.find(learning, line, start=start)) is not None:
            start = skill.end()
            if _SKILL_OBJECT.match(line.text, skill.end()) and not _UNNAMED.match(line.text, skill.end()):
                return True
    return _concrete_step(r, line) or _aspiration(r, line) is not None or bool(_NAME.search(line.s.original))


_BUT = re.compile(r"\b(but|though|although|however|as long as|rather|instead|until then|in the meantime)\b")


def _goal_after_but(r: Reader, line: Line, pos: int) -> bool:
    """After a "but" past ``pos``, a goal of growth in the same sentence.

    "I'm not a ladder-climber, but I'm teaching myself Rust", "I'd love to win the lottery, but until then I want to
    finish my apprenticeship": what comes first is set aside by what the speaker goes on to want.
    """
    b = _BUT.search(line.text, pos)
    if b is None:
        return False
    groups = (r.group("components.learning", "cues"), r.group("components.steps", "credential"),
              r.group("components.steps", "project"), r.rubric.vocabulary["generic_growth"])
    if any(r.find(g, line, start=b.end()) for g in groups):
        return True
    m = _aspiration(r, line)
    return m is not None and m.start() > b.end()


# "I freelanced", "I ran my own studio": the simple past of a deed; not a wish told in the past ("I always dreamed of")
_SIMPLE_PAST = re.compile(r"\bi (?!have\b|had\b)(\w+ )?(?!(wanted|dreamed|dreamt|hoped|planned|decided|intended|considered|"
                          r"thought|wondered|fancied|imagined|pictured|loved|liked|aimed|aspired|longed)\b)\w+ed\b")


def _told_past(r: Reader, line: Line, a: int, b: int) -> bool:
    """Is the clause a..b told in the past tense ("I freelanced for two years"): a past duration, or "I" with a verb in
    -ed, and no word of intent?"""
    clause = line.text[a:b]
    if any(not h.past and a <= h.start < b for h in line.horizons):
        return False  # "I've accepted a place on a full-time MSc starting next September" is arranged ahead
    past = any(h.past and a <= h.start < b for h in line.horizons) or _SIMPLE_PAST.search(clause)
    return bool(past) and not r.rubric.vocabulary["intent"].search(line.text, a, b)


def _in_story(r: Reader, line: Line, at: int) -> bool:
    """Is the place ``at`` in a clause about the past ("My last job I did the same thing for years")?"""
    a, b = line.s.clause_bounds(at)
    return bool(r.rubric.vocabulary["past"].search(line.text, a, b)) and not r.rubric.vocabulary["intent"].search(
        line.text, a, b)


_MERIT = {"good", "great", "better", "best", "excellent", "decent", "proper", "solid", "strong", "reliable", "brilliant",
          "really", "very", "confident", "competent", "safe", "safer", "kind", "caring", "patient"}


def _aspiration(r: Reader, line: Line) -> re.Match | None:
    """ "become a senior nurse", "move into welding inspection", "make partner": a role to grow into."""
    for m in r.group("components.goal_long", "aspire").finditer(line.text):
        if negated(line.s, m.start(), r.window):
            continue
        verb = m.group()
        after = re.findall(r"[a-z][a-z'-]*", line.text[m.end():m.end() + 60])[:5]
        if after and after[0] in ("a", "an", "the"):
            after = after[1:]
        if after and after[0] in _MERIT:
            continue  # "be a good nurse", "become a better teacher": better at this job, not a role to grow into
        if verb in ("be", "to be") and after and after[0].endswith("ing") and after[1:2] != ["as"]:
            # "be shifting more motors than anyone": doing something, not a role; "be housekeeping supervisor" and
            # "be working as a nurse" are roles
            after = after[:2]
        if verb in ("move into", "go into", "get into", "transition into", "move across into", "specialise in",
                    "specialize in", "qualify as", "train as", "register as", "progress into", "work in"):
            if after and after[0] not in ("it", "that", "this", "the", "a"):
                return m
        if any(r.is_role(w) for w in after):
            return m
    return None


def _long_marker(r: Reader, line: Line) -> re.Match | None:
    blocked = [m.span() for m in r.group("components.goal_long", "not_goal").finditer(line.text)]
    return next((m for m in r.rubric.vocabulary["long_time"].finditer(line.text)
                 if not negated(line.s, m.start(), r.window) and not any(a <= m.start() < b for a, b in blocked)), None)


def _far(r: Reader, line: Line) -> bool:
    return any(h.long and not negated(line.s, h.start, r.window) for h in line.horizons)


def _soon(r: Reader, line: Line, weak: bool = True) -> re.Match | Horizon | None:
    """The first near-term horizon or marker of the line (with ``weak``, "now" and "first" count too)."""
    near = [h for h in line.horizons if h.short and not negated(line.s, h.start, r.window)]
    # "four years now" is the past, and "five years from now" is far: their "now" is no near-term marker
    past = [(h.start, h.end) for h in line.horizons if h.past or h.long]
    kinds = ("short_time", "soon_time") if weak else ("short_time",)
    markers = [m for kind in kinds for m in r.rubric.vocabulary[kind].finditer(line.text)
               if not negated(line.s, m.start(), r.window) and not any(a <= m.start() < b for a, b in past)]
    found = sorted([*near, *markers], key=_start)
    return found[0] if found else None


def _start(x) -> int:
    return x.start if isinstance(x, Horizon) else x.start()


def _arranged(r: Reader, line: Line, at: int) -> bool:
    """Is the thing said in the past tense at ``at`` set for a time ahead, in its own clause ("I've been given a place on
    the leadership programme for next year", "I've booked the exam for March")? Then it is a plan under way, not a
    story."""
    a, b = line.s.clause_bounds(at)
    if _BOOKED.search(line.text, a, b):
        return True
    return any(h.short and a <= h.start < b and not negated(line.s, h.start, r.window)
               and (_AHEAD.search(h.text) or line.text[max(0, h.start - 4):h.start].strip() == "for")
               for h in line.horizons)


_BOOKED = re.compile(r"\bi am (now |already |all )?(booked|enrolled|registered|signed up|scheduled|due|confirmed) "
                     r"(on|onto|in|for|to)\b")
_AHEAD = re.compile(r"\b(next|coming|upcoming|from now|ahead|later this|later in)\b")


def _bare_time(line: Line, time) -> bool:
    """Is the time a clause of its own with nothing else in it ("become senior analyst, maybe in two years")?
    Then it is the time of the clause before, not of a step that follows."""
    a, b = line.s.clause_bounds(_start(time))
    rest = re.findall(r"[a-z']+", line.text[a:_start(time)] + " " + line.text[(time.end if isinstance(time, Horizon)
                                                                                else time.end()):b])
    return all(w in ("maybe", "perhaps", "probably", "hopefully", "or", "so", "ideally", "roughly", "about",
                     "around", "and", "all", "being", "well") for w in rest)


def _contrast(line: Line, a: int, b: int) -> bool:
    """Is there a "but" between two places of the line ("I'm not sure when, but I want to lead a team")?"""
    lo, hi = sorted((a, b))
    return bool(re.search(r"\b(but|though|although|however|still|yet|anyway)\b", line.text[lo:hi]))


def find_goal_long(r: Reader, lines: list[Line]) -> Finding:
    """A career goal three or more years ahead, or a role to grow into with no near-term clock."""
    out = Finding()
    for i, line in enumerate(lines):
        if line.past or _off_topic(r, line):
            continue
        marker, far = _long_marker(r, line), _far(r, line)
        aspiration = _aspiration(r, line) if line.intent else None
        soon = _soon(r, line)
        later = r.vocab("later_time", line)
        # "a bootcamp next year, and then move into UX design": what comes after "then" is further out
        beyond = bool(later and line.intent and ((soon and later.start() > _start(soon)) or later.start() < 3))
        hedge = r.has("components.goal_long", "hedge", line, negation=False)
        anchor = marker or next((h for h in line.horizons if h.long), None) or aspiration
        hedged = hedge is not None and not _contrast(line, hedge.start(), _start(anchor) if anchor else hedge.start())
        if hedged:
            if marker or aspiration:
                out.close(line)
            continue
        if r.vocab("generic_growth", line) and not aspiration:
            out.close(line)  # "long term, I want to keep learning": growth, but no direction
            continue
        # "That will position me to take on an area of my own within three to four years": what a step leads to,
        # with a far time, is a goal said without "I want"
        leads_to = far and bool(r.has("components.ladder", "cues", line)) and bool(re.search(
            r"\b(me|us) (up )?to (be|become|take|lead|run|move|step|manage|head|apply|go|get|qualify|progress|"
            r"specialise|specialize|open|sit|join)\b", line.text))
        if (far or marker or beyond) and (line.intent or aspiration or leads_to):
            if far or not soon or beyond or (marker and (_start(soon) < marker.start()
                                                         or _later_clause(line, soon, marker))):
                out.add(line, sure=bool(far or marker))
            else:
                out.close(line)
        elif aspiration and not (soon and (_start(soon) < aspiration.start() or line.s.clause_bounds(_start(soon))
                                           == line.s.clause_bounds(aspiration.start())
                                           or _bare_time(line, soon))):
            # a role to grow into, with no time said for it; a time in a later clause is the step's
            # ("become a physio, and to do that I'm doing my access course this year")
            out.add(line, sure=False)
        elif (far or marker) and _role_fragment(r, line):
            out.add(line, sure=False)  # "And then, some day, maybe pharmacy technician?": the plan, said without a verb
        elif far or marker:
            # "I'd like to make partner. Within three years." / "It is a long way, but I'm patient."
            # a bare heading ("Longer term...") points at what follows it, never back
            heading = marker and not far and not re.sub(r"[^a-z]", "", line.text.replace(marker.group(), ""))
            goal = next((x for x in (lines[i - 1] if i and not heading else None,
                                     lines[i + 1] if i + 1 < len(lines) else None)
                         if x is not None and x.intent and not x.past and not _off_topic(r, x)
                         and not _soon(r, x)), None)
            if goal is not None:
                out.add(goal, sure=False)
                out.add(line, sure=False)
            else:
                out.close(line)
        elif aspiration:
            out.close(line)
    return out


# a subject of its own: the clause is a new statement, not more of the goal's
_SUBJECT = re.compile(r"\b(i|we)\b")


def _role_fragment(r: Reader, line: Line) -> bool:
    """A short line with a role and no subject of its own: a roadmap said in nouns ("Supervisor and then, one day,
    manager." / "Eventually, head of department.")."""
    said = re.split(r"\b(if|when|once|as long as|unless)\b", line.text)[0]  # "..., if I'm good enough"
    words = re.findall(r"[a-z]+", said)
    subject = re.search(r"\b(i|we|you|he|she|they|it|there|that|this|me|us|my|our)\b|\w+ed\b", said)
    return len(words) <= 12 and not subject \
        and any(r.is_role(w) and not re.search(rf"\b(the|my|our|his|her|their|your|a) ({w}|\w+ {w})\b", said)
                for w in words)


def _later_clause(line: Line, soon, anchor: re.Match) -> bool:
    """Is the near time in a later clause with a subject of its own ("Long term I want to be a site manager, so next
    year I'm doing my SMSTS")? Then it is the step's clock, not the goal's ("Long term, within two years, I'd like to
    be a supervisor" keeps one clock for one goal)."""
    a, b = line.s.clause_bounds(_start(soon))
    return a > anchor.end() and bool(_SUBJECT.search(line.text, a, b)) \
        and bool(_SUBJECT.search(line.text, anchor.end(), a))


def _linked_plan(r: Reader, line: Line) -> bool:
    """ "Mentoring the juniors this year is practice for that": a near activity linked to the goal is a plan,
    though it has no "I want" (not intent) and no "I'm doing" (not under way)."""
    return not line.past and bool(_soon(r, line)) and bool(r.has("components.ladder", "cues", line))


def find_goal_short(r: Reader, lines: list[Line]) -> Finding:
    out = Finding()
    for line in lines:
        if _off_topic(r, line) or r.has("components.goal_short", "not_goal", line, negation=False):
            continue
        under_way = r.has("components.goal_short", "cues", line)
        soon = _soon(r, line)
        linked = soon and _linked_plan(r, line)
        concrete = _concrete_step(r, line) or r.has("components.learning", "cues", line)
        drift = r.has("flags.vague", "cues", line, negation=False)
        if drift and not (concrete or _BUT.search(line.text, drift.end())):
            continue  # "taking it one day at a time at the moment": a time, but the plan is to have none, not near one
        elif soon and r.vocab("generic_growth", line) and not (under_way or linked or concrete):
            out.close(line)  # "in a year, a better place than I am now": a time, but no goal in it
        elif ((line.intent or under_way) and soon and not line.past) or linked:
            out.add(line, sure=bool(_soon(r, line, weak=False)) and bool(line.intent or under_way))
        elif under_way and (r.has("components.steps", "credential", line) or r.has("components.learning", "cues", line)):
            out.add(line, sure=False)  # a course under way is a near-term focus, said without "now"
        elif soon and not line.past and (r.has("components.steps", "credential", line) or r.has("components.steps", "target", line)):
            out.close(line)
    return out


# A named qualification said as an acronym after a verb of doing it ("do the GWO sea survival", "sit my AAT"): a
# step, smaller than a credential the rubric names. Not a country or a trade ("do the UK tour", "do the IT side").
_NAMED_COURSE = re.compile(r"\b(?i:do|doing|take|taking|sit|sitting|pass|passing|get|getting|complete|completing|finish|"
                           r"finishing|start|starting|book|booking) (?:the|my|an?|both|our) "
                           r"(?!(?:UK|US|USA|EU|UAE|TV|IT|HR|PR|CEO|MD|GP|A&E)\b)[A-Z][A-Z0-9]+\b")


_TAKEN = re.compile(r"\bi (have |had )?(volunteered|asked|put my (hand|name)|booked|signed up|enrolled|registered|"
                    r"applied|taken on|taken over|took on|took over)\b")


def find_steps(r: Reader, lines: list[Line]) -> Finding:
    out = Finding()
    for line in lines:
        if _off_topic(r, line):
            continue
        # a credential held already is background, not a step; a step may follow it ("I've had my CSCS card since
        # 2019, and next year I want my SMSTS")
        held = r.has("components.steps", "background", line, negation=False)
        start = held.end() if held else 0

        def step_cue(name: str) -> re.Match | None:
            return r.find(r.group("components.steps", name), line, start=start)

        under_way = r.has("components.goal_short", "cues", line)
        credential = step_cue("credential")
        minor = step_cue("minor") or (line.intent and not held and _NAMED_COURSE.search(line.s.original))
        if line.past and not under_way:
            # a story may hold a step in a clause of its own ("which I've never done, so I've asked to shadow the
            # programmer this winter"): it counts when its clause is not the story
            cue = credential or minor or step_cue("project")
            if not cue or (_in_story(r, line, cue.start()) and not _arranged(r, line, cue.start())):
                continue
            under_way = cue
        # "leading a discovery programme" in a five-year goal is the goal itself, not a step toward it
        distant = (_far(r, line) or _long_marker(r, line)) and not _soon(r, line)
        project = step_cue("project") if not distant else None
        target = step_cue("target") if (line.intent or under_way) and not distant else None
        improving = r.has("components.contribution", "improve", line) or r.has("components.steps", "target_verb", line)
        # a step already taken by the speaker ("I put my hand up for the legacy pilot", "I've volunteered to lead the
        # review") is a step without any word of intent
        taken = project and _TAKEN.search(line.text, min(max(0, project.start() - 12),
                                                         line.s.clause_bounds(project.start())[0]), project.end())
        if credential or minor or (project and (line.intent or under_way or taken)) or (target and improving):
            out.add(line, sure=bool(credential))
        elif line.intent and r.has("components.steps", "vague_step", line):
            out.close(line)
        elif line.intent and not line.past and not distant and _dated_step(r, line):
            out.add(line, sure=False)
    return out


def _dated_step(r: Reader, line: Line) -> bool:
    """A planned action said with its date or rhythm ("observe other teachers' lessons once a week"), which is not a
    state to reach ("to be a supervisor by Christmas") nor a personal goal ("a half marathon by next spring")."""
    groups = r.rubric.components["steps"].groups
    if "dated" not in groups or not r.has("components.steps", "dated", line, negation=False):
        return False
    state = "state" in groups and r.has("components.steps", "state", line, negation=False)
    return not (state or r.has("flags.personal", "cues", line, negation=False)
                or r.has("flags.vague", "cues", line, negation=False))


def find_ladder(r: Reader, lines: list[Line], has_step_or_goal: bool) -> Finding:
    out = Finding()
    for line in lines:
        sure = r.has("components.ladder", "cues", line)
        link = sure or r.has("components.ladder", "loose", line)
        # a sentence that tells the past may still hold the link in a clause of its own ("because I've never run
        # housekeeping, and you can't manage a rooms division if you don't understand ..."): the link counts
        # when its own clause is not the story
        if line.past and not (link and not _in_story(r, line, link.start())):
            continue
        if link and _off_topic(r, line):
            continue  # "regular hours so I can get my allotment going": a private-life plan, linked to nothing at work
        if link and has_step_or_goal:
            out.add(line, sure=bool(sure))
        elif r.has("components.ladder", "sequence", line) and (line.intent or line.short or line.long):
            out.close(line)
    return out


_WORD = re.compile(r"[a-z]{4,}")


def _echoes_goal(r: Reader, lines: list[Line], c: dict[str, Finding]) -> Line | None:
    """A plan joined by a reason to what the long-range goal names ("I'd like to become a practice educator", then "so
    I'm planning the Practice Educator stage one next year to start on that path"): the link heard from the answer's
    own words (rubric components.ladder `echo` and `common`), so it does not hang on a phrase list."""
    groups = r.rubric.components["ladder"].groups
    if "echo" not in groups or not c["goal_long"].present:
        return None
    common = groups.get("common")

    def words(line: Line) -> dict[str, int]:  # word: where it is first said
        found = {}
        for m in _WORD.finditer(line.text):
            if not (common and common.fullmatch(m.group())):
                found.setdefault(m.group(), m.start())
        return found

    goal = set().union(*(words(x) for x in c["goal_long"].evidence))
    for line in lines:
        if line.past or line in c["goal_long"].evidence:
            continue
        if not (line.intent or line in c["steps"].evidence or line in c["goal_short"].evidence):
            continue
        link = r.has("components.ladder", "echo", line)
        if not link or _in_story(r, line, link.start()):
            continue
        # the goal's word said of now, not in a story ("I came into science because ...")
        if any(w in goal and not _in_story(r, line, at) for w, at in words(line).items()):
            return line
    return None


def _points_back(r: Reader, lines: list[Line], c: dict[str, Finding], text: str = "") -> Line | None:
    """A step whose sentence points back at a goal said in one of the two sentences before it ("I'd like to be a site
    manager. Getting my SMSTS this year opens that door."): the pointing words are rubric components.ladder `back`.
    Or a step that opens with "So" right after the long-range goal ("The big goal is dental hygienist, in a few years.
    So I'm starting the part-time diploma in September."): the plan said as what the goal leads to."""
    if "back" not in r.rubric.components["ladder"].groups:
        return None
    goals = c["goal_long"].evidence + c["goal_short"].evidence
    for i, line in enumerate(lines):
        step = line in c["steps"].evidence or r.has("components.steps", "credential", line)
        if not step or line.past or line in c["goal_long"].evidence:
            continue
        if i and lines[i - 1] in c["goal_long"].evidence and _SO_OPENS.match(text[lines[i - 1].s.end:line.s.end]):
            return line
        if not any(x in goals for x in lines[max(0, i - 2):i]):
            continue
        back = r.has("components.ladder", "back", line)
        if back and not _in_story(r, line, back.start()):
            return line
    return None


# A commitment said as a value ("I place a high value on continuous professional development", "I'm committed to
# staying current"): a goal of a kind, for learning
_VALUES = re.compile(r"\bi (also |really |genuinely |strongly )?(place|put) (a |great |high |real |particular )*(value|importance|"
                     r"emphasis) on|\bi am (\w+ )?committed to|\bi (really |strongly )?believe in")


# Learning under way, said as what the speaker is doing now ("I'm teaching myself Python in the evenings")
_LEARNING_NOW = re.compile(r"\bi am (currently |now |also |slowly |still )?(teaching myself|studying|learning|training|"
                           r"reading up|working through|brushing up|soaking up)\b")


def find_learning(r: Reader, lines: list[Line]) -> Finding:
    out = Finding()
    for line in lines:
        if line.past or _off_topic(r, line):
            continue
        held = r.has("components.steps", "background", line, negation=False)  # "I've held my HGV licence for years"
        start = held.end() if held else 0
        cue = (r.find(r.group("components.learning", "cues"), line, start=start)
               or r.find(r.group("components.steps", "credential"), line, start=start)
               or r.find(r.group("components.steps", "minor"), line, start=start))
        if not cue:
            if line.intent and not held and _NAMED_COURSE.search(line.s.original):
                out.add(line, sure=False)  # "next year I want to do the GWO sea survival"
            elif _missed_and_again(r, line, start):
                out.add(line)  # "I didn't get on the degree apprenticeship, so I'm reapplying in January"
            continue
        trait = r.has("components.learning", "not_goal", line, negation=False)
        if trait and trait.start() <= cue.start() < trait.end() + 3:
            out.close(line)
        elif (line.intent or r.has("components.goal_short", "cues", line)
              or r.find(r.group("components.steps", "credential"), line, start=start)
              or _linked_plan(r, line) or _VALUES.search(line.text, 0, cue.start())
              or _LEARNING_NOW.search(line.text, max(0, cue.start() - 30), cue.end() + 30)):
            out.add(line, sure=line.intent and bool(r.has("components.learning", "cues", line)))
        else:
            out.close(line)
    return out


# another go at what one missed: "so I'm reapplying", "I'm resitting it in March", "I'll try again next year"
_AGAIN = re.compile(r"\b(reappl(y|ying|ied)|re-appl(y|ying)|resit(ting)?|re-sit(ting)?|retak(e|ing)|re-tak(e|ing)|"
                    r"(try|trying|go|going|apply|applying) (for it |for that )?again|(have|having|give it|giving it) "
                    r"another (go|try|shot|attempt)|booked (in|on) (for|to))\b")


def _missed_and_again(r: Reader, line: Line, start: int) -> bool:
    """A credential or course said in a negated clause ("I didn't get on the apprenticeship") with another go at it
    planned later in the sentence: the plan is a goal to learn, though the cue itself was negated."""
    credential = r.find(r.group("components.steps", "credential"), line, negation=False, start=start) \
        or r.find(r.group("components.learning", "cues"), line, negation=False, start=start)
    if credential is None:
        return False
    again = _AGAIN.search(line.text, credential.end())
    return again is not None and not negated(line.s, again.start(), r.window)


def _helps_someone(r: Reader, line: Line, start: int = 0) -> re.Match | None:
    beneficiary = r.rubric.vocabulary["beneficiary"]
    for m in r.group("components.contribution", "help").finditer(line.text, start):
        if negated(line.s, m.start(), r.window) or re.match(r"\s(me|myself|us)\b", line.text[m.end():]):
            continue
        who = beneficiary.search(line.text, m.start(), min(len(line.text), m.end() + 40))
        if who and not (_OWN_FAMILY.fullmatch(who.group()) and _MY.search(line.text, 0, who.start())):
            return m  # not the speaker's own family: "help my kids with their homework" is home life
    return None


_MY = re.compile(r"\bmy (own )?$")


_SO_THAT = re.compile(r"\bso( that)? (?:(the|my|our|your|every|each|other|all the|those|these|no|more|fewer) )?"
                      r"((?:[a-z'-]+ ){0,2}?)([a-z'-]+) (has|have|gets?|can|could|will|would|are able to|is able to|"
                      r"do not have to|does not have to|no longer|never|always|feels?|knows?|are not|is not|"
                      r"do not|does not|stops?|spends?|waits?|finds?|sorts?|deals?|catch(?:es)?|handles?|avoids?|"
                      r"learns?)\b")
# the speaker's own family gains from their work, not the people the work is for ("so my kids can have a good life")
_OWN_FAMILY = re.compile(r"(kids|children|family|wife|husband|partner|son|daughter|sons|daughters|parents|mum|mom|dad)")


def _frees_others(r: Reader, line: Line) -> re.Match | None:
    """A result for other people: "so the pharmacist has more time for the patients", "so our new starters can".

    The one who gains is a role or someone the work is for (vocabulary.beneficiary), not the speaker.
    """
    beneficiary = r.rubric.vocabulary["beneficiary"]
    for m in _SO_THAT.finditer(line.text):
        who = m.group(4)
        if m.group(2) in (None, "my") and _OWN_FAMILY.fullmatch(who):
            continue
        if who in ("they", "them") and not m.group(3):  # "working alongside managers so they sort things out early"
            before = re.findall(r"[a-z'-]+", line.text[max(0, m.start() - 60):m.start()])[-8:]
            who = next((w for w in reversed(before) if r.is_role(w) or beneficiary.fullmatch(w)), who)
        if (r.is_role(who) or beneficiary.fullmatch(who) or beneficiary.fullmatch(f"{m.group(3)}{who}".strip())) \
                and not negated(line.s, m.start(), r.window):
            return m
    return None


def find_contribution(r: Reader, lines: list[Line]) -> Finding:
    out = Finding()
    for line in lines:
        if line.past or _off_topic(r, line):
            continue
        gives = (_helps_someone(r, line) or r.has("components.contribution", "relied_on", line)
                 or _frees_others(r, line) or r.has("components.contribution", "improve", line))
        if not gives:
            continue
        trait = r.has("components.contribution", "trait", line, negation=False)
        at = gives.start() if hasattr(gives, "start") else None
        in_trait = trait is not None and (at is None or line.s.clause_bounds(trait.start())[0] <= at
                                          <= line.s.clause_bounds(trait.start())[1])
        if in_trait:  # "I like to help new people, ..., so I want to help new colleagues find their feet"
            after = line.s.clause_bounds(trait.start())[1]
            later = _helps_someone(r, line, after) or r.find(r.group("components.contribution", "relied_on"), line,
                                                               start=after)
            if later is not None:
                gives, in_trait = later, False
        if (line.intent or not line.past) and not in_trait:
            helps = (_helps_someone(r, line) or r.has("components.contribution", "relied_on", line)
                     or _frees_others(r, line))
            out.add(line, sure=line.intent and bool(helps))
        else:
            out.close(line)
    return out


def find_balance(r: Reader, lines: list[Line]) -> Finding:
    out = Finding()
    for i, line in enumerate(lines):
        if r.has("components.balance", "cues", line):
            out.add(line)
            continue
        # a wider life said in the words of a personal goal ("keep up my own Pilates") is one too
        if not (r.vocab("life", line, negation=False) or r.has("flags.personal", "cues", line, negation=False)):
            continue  # ("if I don't look after myself" still ties it)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        tie = r.vocab("work_tie", line) or (nxt is not None and r.vocab("work_tie", nxt))
        if tie:
            same = bool(r.vocab("work_tie", line))
            out.add(line, sure=same)
            if nxt is not None and not same:
                out.add(nxt, sure=False)
        elif line.intent or r.has("flags.personal", "cues", line):
            out.close(line)
    return out


def find_employer(r: Reader, lines: list[Line]) -> Finding:
    out = Finding()
    elsewhere = r.group("components.employer", "elsewhere")
    for line in lines:
        if r.has("flags.flippant", "cues", line) or _sameness(r, line):
            continue
        # a clause about another employer (a past or current one) says nothing about this one; the sentence's
        # other clauses still may ("In my last role I ..., and I'd expect to keep that pace here")
        other = [line.s.clause_bounds(m.start()) for m in elsewhere.finditer(line.text)]

        # "registering with the GDC here" after "my qualification last year in Poland": "here" is the country
        abroad = bool(_PLACE.search(line.s.original))

        def here(name: str) -> re.Match | None:
            return next((m for m in r.group("components.employer", name).finditer(line.text)
                         if line.s.clause_bounds(m.start()) not in other and not (abroad and m.group() == "here")
                         and not negated(line.s, m.start(), r.window)), None)

        if here("cues") or (not line.past and here("workplace")):
            out.add(line)
        elif not line.past and (here("loose") or here("yours") or _named(r, line, other)):
            out.add(line, sure=False)  # "the team", "grow with the company", "your scheme": this employer, probably
        elif r.has("components.employer", "generic", line) and (line.intent or line.long or line.short):
            out.close(line)
    return out


# A name owning what an employer has ("Fairway's in-house modules", "Greenline's survey team"), what one grows with
# ("grow with Citylink"), or where a goal is set ("lead projects at Northwind"): this employer by its name, probably.
# Not the sentence's first word, and not a month or day.
_NAME = regex.compile(rf"(?<=[a-z,;:] )(?!{_CALENDAR})[A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+)?")


def _named(r: Reader, line: Line, other: list[tuple[int, int]]) -> bool:
    owned = r.rubric.components["employer"].groups.get("named")  # optional: a rubric copied before stop 29 has none
    if other:  # a sentence that also speaks of another employer: the name may be that one's
        return False
    for m in _NAME.finditer(line.s.original):
        after = line.s.original[m.end():].lower()
        before = line.s.original[:m.start()].lower()
        if owned is not None and after.startswith("'s ") and owned.match(after[3:]):
            return True
        if re.search(r"\b(grow|grow up|stay|build a career|progress|develop|move up|join|joining) (with )?$", before):
            return True
        # a goal set at a named place ("a senior nurse at St Mary's", "my future at Northwind"); not a study
        # ("a degree at Leeds Beckett"), nor a skill ("better at SQL")
        if line.intent and not line.past and before.endswith(" at ") and not _STUDY_AT.search(before) \
                and not _SKILLED_AT.search(before):
            return True
    return False


_SKILLED_AT = re.compile(r"\b(better|good|great|best|skilled|expert|strong|stronger|confident|experienced|proficient|"
                         r"quicker|faster|sharper|competent|excel|excelling|look|looking|aim|aiming|hands-on) at $")
_STUDY_AT = re.compile(r"\b(study|studying|degree|course|masters|master's|phd|diploma|training|train|uni|university|"
                       r"college|school|exam|exams|conference|event|talk|present|presenting)\b")


def find_framing(r: Reader, lines: list[Line]) -> Finding:
    out = Finding()
    first = r.rubric.components["framing"].params.get("first_sentences", 3)
    opening = [x for x in lines if not r.vocab("pleasantry", x, negation=False)]
    for i, line in enumerate(opening):
        if r.has("components.framing", "cues", line) and not line.past:
            (out.add if i < first else out.close)(line)
    return out


# --- the flags ----------------------------------------------------------------------------------------

def _rest_of_sentence(lines: list[Line], i: int) -> list[Line]:
    """The pieces after line ``i`` that a run-on cut from the same sentence (up to one that ends it)."""
    out = []
    while i + 1 < len(lines) and not lines[i].s.original.rstrip().endswith((".", "!", "?")):
        i += 1
        out.append(lines[i])
    return out


def find_leaving(r: Reader, lines: list[Line]) -> Finding:
    out = Finding()
    stay = r.group("flags.leaving", "stays")
    cues = r.group("flags.leaving", "cues")
    for i, line in enumerate(lines):
        if line.past:
            continue
        # a long sentence cut in pieces may turn the plan down in its next piece ("people ask whether I'm going to do
        # a teaching degree full-time, and I did look at it, but I'm not going to")
        if any(denied_after(x.s) for x in _rest_of_sentence(lines, i)):
            continue
        start = 0  # every cue in the sentence: "I'd only be here for the summer, then I'm off to Australia"
        while (m := r.find(cues, line, start=start)) is not None:
            start = m.end()
            a, b = line.s.clause_bounds(m.start())
            if "stepping stone" in m.group():  # "the role you're advertising would be a stepping stone, because
                a, b = 0, len(line.text)       # shift managers here need both": a step here, said in the sentence
            # "move across into the revenue team here" stays; "leave this company to start my own" does not; the cue's
            # own words are not the move's place ("I'd only be here for six months" is a stint, not a stay)
            around = line.text[a:m.start()] + " " + line.text[m.end():b]
            if stay.search(around) and not re.search(r"\b(leave|leaving|quit|quitting)\b", line.text[a:b]):
                continue
            if _reported(line, m.start()):
                continue  # "my cousin says I should go out on my own" is the cousin's plan
            if _in_story(r, line, m.start()) or _told_past(r, line, a, b):
                continue  # "I freelanced for two years, and now I want a team": a past career move, not a plan
            if _STUDY.search(m.group()) and r.has("flags.leaving", "alongside", line) \
                    and not re.search(r"\bfull[- ]time\b", line.text):
                continue  # "a degree in the evenings while I keep working here": study beside the job
            out.add(line)
            break
        else:
            # "my girlfriend is in Canada, so in two years we plan to move there"; "I want to be back home in Wroclaw";
            # not "move over to the Leeds office" (a place of work in the move's own clause)
            away = _MOVE_AWAY.search(line.text)
            # the place may be named in the sentence before ("My cousin is there in Toronto ... I go there")
            place = _PLACE.search(line.s.original) or (i > 0 and _PLACE.search(lines[i - 1].s.original))
            if away and place and not negated(line.s, away.start(), r.window) \
                    and not _employers_workplace(r, line, *line.s.clause_bounds(away.start())):
                out.add(line)
    if not out.present and "bounded" in r.rubric.flags["leaving"].groups:
        # a stay the speaker bounds ("I'd give it everything while I'm here", "a gap thing"): asked, not asserted
        for line in lines:
            m = r.has("flags.leaving", "bounded", line)
            if m and not line.past and not _reported(line, m.start()):
                out.add(line, sure=False)
                break
    return out


def _employers_workplace(r: Reader, line: Line, a: int, b: int) -> bool:
    """A place of work in the clause that is not the speaker's family's ("move over to the Leeds office" stays; "go
    back home to Poland to run my dad's farm" does not)."""
    return any(not re.search(r"\b(my|our|his|her|their|family|own|[a-z]+'s)( [a-z'-]+)?\s*$", line.text[a:m.start()])
               for m in r.rubric.vocabulary["workplace"].finditer(line.text, a, b))


# Somebody else's words ("my sister keeps telling me, come work with me, we make good money"): a flag cue after them
# is theirs, not the speaker's plan.
_REPORTED = re.compile(r"\b(he|she|they|people|everyone|everybody|somebody|someone|friends|(my|our|a) (\w+ )?"
                       r"(sister|brother|mum|mom|mother|dad|father|parents|friend|friends|mate|mates|wife|husband|"
                       r"partner|boyfriend|girlfriend|family|uncle|aunt|cousin|boss|manager|colleague|colleagues))"
                       r"( \w+){0,3} (says?|said|tells?|told|keeps? (telling|saying)|asks?|asked|suggests?|suggested)"
                       r"( me| us)?\b")


def _reported(line: Line, at: int) -> bool:
    """Whether the words at ``at`` follow somebody else's "says" / "tells me" in the same sentence."""
    return any(m.end() <= at for m in _REPORTED.finditer(line.text))


_STUDY = re.compile(r"\b(school|university|uni|college|study|studying|studies|degree|course|masters|phd)\b")
_MOVE_AWAY = re.compile(r"\b((move|moving|relocate|relocating|emigrate|emigrating|go|going) (over )?"
                        r"(there|away|out there)"
                        r"|(be|go|going|get|getting|move|moving|head|heading|return|returning|settle|settling) "
                        r"back home"
                        r"|(i am|i will be|we are|we will be) off to)"
                        r"(?! (for (work|the job|a project|a secondment|training)|with (the|this|your) \w+))\b")


# "not just" negates nothing for a part ("not just to learn but to teach": both are goals), but it takes money out
# of the goal: "I'm not just here for the money", "I don't just want a paycheck". (Checked here, not in the cues: a
# cue that holds a negation word is matched as written, Reader._negated_inside.)
_NOT_ONLY_BEFORE = re.compile(r"\bnot (just|only|simply|merely|purely|solely|really)( \w+){0,3}$")


def find_money(r: Reader, lines: list[Line]) -> Finding:
    out = Finding()
    ours = r.rubric.vocabulary["company_money"]
    for line in lines:
        m = r.has("flags.money", "cues", line)
        if not m:
            continue
        if _NOT_ONLY_BEFORE.search(line.text[max(0, m.start() - 40):m.start()] + m.group().split()[0]) \
                or _reported(line, m.start()):
            continue
        a, b = line.s.clause_bounds(m.start())
        if ours.search(line.text, a, b) and not r.has("flags.money", "personal_money", line):
            continue
        out.add(line)
    return out


# The next sentence that points back at the goal just named and gives it a clock: "My goal is to be head of marketing.
# I'd like to get there within eighteen months.", "I want to run the department. I think I can do that in two years."
_BACK_REF = re.compile(r"\b(get|getting|got|be) there\b|\b(do|doing|achieve|achieving|reach|reaching|manage|make|making|"
                       r"hit|hitting|be) (that|it|this)\b(?! (course|qualification|exam|diploma|certificate|degree)\b)|"
                       r"\bmake it\b|\b(i will|i would|i should|i could) be ready\b|\bfor (that|it) to happen\b|"
                       # the goal wanted again by a pointer: "I'd like that in about three years", "I want that in a year"
                       r"\b(i would (like|love|want)|i (want|need|expect|am aiming for|aim for|am hoping for|hope for|am after|am "
                       r"targeting|target|am going for|am gunning for|am shooting for)) "
                       r"(that|it|this)\b(?! (if|when|course|qualification|exam|diploma|certificate|degree)\b)|"
                       # "five years is enough time for this", "three years is enough for this"
                       r"\b(enough|plenty|plenty of|sufficient)( time)? (for|to do|to get|to reach|to achieve) "
                       r"(this|that|it|there)\b|\blong enough (for|to do|to get|to reach) (this|that|it|there)\b|"
                       # "be in that chair by the time I'm twenty-eight", "it's doable in two years"
                       r"\b(in|into|to) (that|the same) (chair|seat|role|post|job|position|office|title)\b|"
                       r"\b(it is|that is|this is|it would be|that would be|this would be|it will be|that will be|"
                       r"this will be|it should be) (totally |"
                       r"definitely |perfectly |quite |very )?(doable|possible|achievable|realistic|feasible)\b")
# "to get there" as the purpose of a step ("To get there, ...", "the steps to get there", "in order to do that")
_PURPOSE_BEFORE = re.compile(r"(^|[,;:] |\b(in order|so as|steps?|way|help|helps|need|needs|plan|and|so) )to $")
# ... or the means to it: "I'd like to get there by doing my pastoral training next year"
_MEANS_AFTER = re.compile(r"\s*,?\s*((by|through|via) [a-z]+ing|(through|via) (my|the|a|an))\b")
# a goal timed by the clock of the sentence before: "... within eighteen to twenty-four months. I'd anticipate being
# appointed director on that timescale"
_SAME_CLOCK = re.compile(r"\b(on|in|within|to|over|at) (that|this|the same|such a|such) (timescale|timeframe|time frame|"
                         r"timeline|horizon|schedule|time ?scale|pace|rate)\b")
# how many sentences on a clock that points back may come: a rambling answer names the goal, digresses, then times it
_REACH = 4


def _clock_after(r: Reader, lines: list[Line], i: int, titled=None) -> list[Horizon]:
    """The clock a later sentence gives the goal of sentence ``i`` by pointing back at it (_BACK_REF) or by saying it
    is reached without naming it again (rubric `arrival`), in the same clause ("I can do that in two years"); not a
    step taken for it ("To get there, this year I'm doing my CIMA").

    The pointer may come up to _REACH sentences on, past digressions, but not past another goal (a sentence with
    intent that ``titled`` does not find a title in): "Long term, director. For now I want to be a solid analyst. I'd
    like to get there in two years" times the analyst. A sentence that says its goal is "on that timescale" takes
    the clock of the sentence before it."""
    line = lines[i]
    if i and (same := _SAME_CLOCK.search(line.text)) and not negated(line.s, same.start(), r.window):
        before = [h for h in lines[i - 1].horizons if not h.past]
        if before:
            return before
    arrival = r.group("flags.overreach", "arrival") if "arrival" in r.rubric.flags["overreach"].groups else None
    for j, nxt in enumerate(lines[i + 1:i + 1 + _REACH], start=i + 1):
        if nxt.past:
            continue  # a story told between the goal and its clock
        # a pointer back ("I can do that in two years"), or the goal reached without naming it ("I've given myself
        # eighteen months", "I'm aiming to get the promotion by the end of next year": rubric `arrival`)
        ref = _BACK_REF.search(nxt.text) or (arrival is not None and r.find(arrival, nxt, negation=False)) or None
        if not ref and nxt.continued and (clock := [h for h in nxt.horizons if not h.past and _bare_clock(nxt, h)
                                                    and not negated(nxt.s, h.start, r.window)]):
            # the post's duties listed without a subject, its clock said last on its own ("Goal is chef de cuisine.
            # Running the pass, my menu, my brigade, two years tops.")
            return clock
        if not ref and (clock := _clock_alone(nxt) or _clock_alone(nxt, opening=True)):
            # a clock said on its own, past what the post involves ("I want to be the guy the whole site answers to.
            # Setting the shifts, sorting the rotas. Not in ten years though. I'm thinking by the end of next year.")
            return clock
        if not ref:
            if nxt.intent and not nxt.continued and not (titled and titled(nxt)) and not _THE_ONE.search(nxt.text):
                # another goal comes first: a pointer after it points at that one (not the post's duties listed
                # without a subject: "Setting the timetable, hiring the staff, all of it.", nor the post said again
                # by what it does: "I want to be the one writing the menu, ordering, running the brigade.")
                return []
            continue
        if negated(nxt.s, ref.start(), r.window) or _PURPOSE_BEFORE.search(nxt.text[:ref.start()]) \
                or _MEANS_AFTER.match(nxt.text, ref.end()):
            return []
        a, b = nxt.s.clause_bounds(ref.start())
        # its own clause's clock, or the first said after it in the sentence ("this is realistic soon after my
        # probation, so around eighteen months from now")
        ahead = [h for h in nxt.horizons if not h.past and not negated(nxt.s, h.start, r.window)]  # not "not in ten years"
        # ... or the clock said on its own right after it ("I think I can get there quick. Like within the year.")
        # (not past a "but": "it'll take me ten years to get there, but in the next year I'll start small")
        return [h for h in ahead if a <= h.start < b] \
            or [h for h in ahead if h.start >= ref.end() and not _contrast(nxt, ref.end(), h.start)][:1] \
            or (_clock_alone(lines[j + 1]) if j + 1 < len(lines) else [])
    return []


# the post said again by what its holder does: "I want to be the one writing the menu", "be the person who decides"
_THE_ONE = re.compile(r"\b(be|being|become|becoming) the (one|person|guy|woman|man|bloke|one person)\b"
                      r"(?= (who|that|whose|[a-z]+ing)\b)")


_TAKES = re.compile(r"\b(it|that|this|which|they) (\w+ )?(take|takes|took|taking|will take|would take|can take|could take)"
                    r"( \w+)? ?$")


# who the years belong to, said before them: "my mentor is great, she's been teaching for fifteen years", "I know most
# people take ten or twelve years", "I have been here twelve years", "our CTO took fifteen years", "his dad worked
# there thirty years" (a possessive opening a clause: not "I've led our team" or "I've run their accounts for twelve
# years", where it is what the speaker works on)
_WHOSE = re.compile(r"\b(i|me|my own|she|he|they|people|everyone|everybody|others|most)\b|"
                    r"(?:^|[,;:] |\b(?:and|but|so|because|while|whereas|since|when) )(our|her|his|their)\b")


# one's own stretch in the job so far, said before its time: "been", "worked", "running ... only since six weeks",
# "passed out three weeks ago"; not a stretch of something else ("spent six months in Spain", "ran a marathon")
_TENURE = re.compile(r"\b(been|worked|working|work|served|serving|running|doing|started|joined|began|came in|arrived|"
                     r"qualified|graduated|passed out|hired|took up|taken on|signed on)\b")


def _own_stretches(line: Line) -> Iterator[float]:
    """The months of each stretch the sentence gives as the speaker's own so far ("here I am running the mass
    spectrometer alone only since six weeks", "I am first officer since eight years", "in my fifth year of training");
    none in a clause whose last subject is someone else ("my manager started three months ago")."""
    for h in line.horizons:
        if not h.past:
            continue
        if line.text.startswith("in my", h.start):  # "I am a registrar, in my fifth year of training"
            yield h.high
            continue
        a = line.s.clause_bounds(h.start)[0]
        whose = [w.group(1) or w.group(2) for w in _WHOSE.finditer(line.text, a, h.start)]
        if whose and whose[-1] in ("i", "me", "my own") and (_TENURE.search(line.text, a, h.end)
                                                             or line.text.startswith("since", h.start)
                                                             or h.text.endswith(" now")):  # "I am sous chef five years now"
            yield h.high


def _new_here(r: Reader, line: Line, most: float) -> bool:
    """Whether the sentence gives the speaker's own stretch so far as ``most`` months or less, not in a sentence that
    names a post they lead from ("I've been a supervisor for six months")."""
    return any(n <= most for n in _own_stretches(line)) \
        and not any(r.has("flags.overreach", g, line) for g in ("ready", "seasoned", "senior_now")
                    if g in r.rubric.flags["overreach"].groups)


# years said as what the speaker wants or dreads, not as what they have done: "I don't want to be sitting in the cab
# for ten years"
_AIMED = re.compile(r"\b(want|wants|would|will|going to|hope|hoping|plan|planning|intend|expect|aim|aiming|like to|"
                    r"love to|see myself)\b")


def _speakers(line: Line, m: re.Match | None) -> bool:
    """Whether a match about experience is the speaker's own: not in a clause whose last subject before it is someone
    else."""
    if m is None:
        return False
    before = line.text[line.s.clause_bounds(m.start())[0]:m.start()]
    # a clause with no subject of its own goes on with the sentence's last one ("most people take eight, ten, maybe
    # twelve years"; "our current CTO took fifteen years")
    whose = [w.group(1) or w.group(2) for w in _WHOSE.finditer(before)] \
        or [w.group(1) or w.group(2) for w in _WHOSE.finditer(line.text, 0, m.start())]
    return not whose or whose[-1] in ("i", "me", "my own")


# a sentence, or its words before the first comma, that is a post and nothing else, said as the goal: "Partner
# within, like, three years.", "And, er, first-team head coach here by twenty-five.", "And then first-team head coach
# here in two seasons, that's the plan", "Then I'm thinking area manager by this time next year" (no subject, verb or
# negation after the words that lead in to it)
_NOT_FRAGMENT = re.compile(r"\b(i|we|you|he|she|they|it|my|our|your|his|her|their|me|us|them|is|are|"
                           r"was|were|be|been|being|am|have|has|had|do|does|did|will|would|can|could|should|might|"
                           r"must|not|no|never)\b|\?")
_LEAD_IN = re.compile(r"((and|so|then|but|or|maybe|ideally|hopefully|probably|honestly|basically|realistically),? )*"
                      r"((i am|i would be) (thinking|eyeing|looking at|aiming at|aiming for|going for|gunning for|after) |"
                      r"i (reckon|think|picture|see) )?")
_FRAGMENT_WORDS = 10


def _named_post(r: Reader, line: Line) -> Line | None:
    """A verbless sentence (or its words before the first comma) naming a post the rules time, read as the goal it
    states ("I want to be" + its words) with the sentence's own clocks there; None when there is no such fragment."""
    if line.past:
        return None
    text = line.text
    comma = re.search(r"[,;:]", text)
    for start, end in ((0, len(text)),) + (((0, comma.start()),) if comma else ()):
        lead = _LEAD_IN.match(text, start, end)
        core = text[lead.end():end].strip(" ,;:.!")
        if not core or len(core.split()) > _FRAGMENT_WORDS or _NOT_FRAGMENT.search(core):
            continue
        said = sentences("I want to be " + core)
        at = text.find(core, lead.end())
        shift = said[0].text.rfind(core) if len(said) == 1 else -1
        if shift < 0 or at < 0:
            continue
        clocks = [replace(h, start=h.start - at + shift, end=h.end - at + shift) for h in line.horizons
                  if at <= h.start and h.end <= at + len(core)]
        goal = Line(said[0], True, False, clocks)
        # the post opens the words ("area manager by next year"), not a story that names one ("most people take ten
        # years to make head chef")
        if any((m := r.has("flags.overreach", g, goal)) and m.start() <= shift
               for g in ("top", "senior", "manager", "manager_title")):
            return goal
    return None


_FRAGMENT_CLOCK_WORDS = 8


def _clock_alone(line: Line, opening: bool = False) -> list[Horizon]:
    """The clocks ahead of a sentence that is a clock and nothing else, past the words that lead in to it ("By the end
    of next year.", "I'm thinking by the end of next year.", "Maybe eighteen months."); none when it says anything
    else or denies it ("Not in ten years though."). With ``opening``, the words before its first comma will do, in a
    sentence that states no goal of its own ("Eighteen months, two years tops, at a paper that moves fast.")."""
    lead = _LEAD_IN.match(line.text)
    end = len(line.text)
    if opening:
        comma = re.search(r"[,;:]", line.text[lead.end():])
        if line.intent or not comma:
            return []
        end = lead.end() + comma.start()
    core = line.text[lead.end():end].strip(" ,;:.!?")  # (said as a question, nervously: "hopefully by next year?")
    ahead = [h for h in line.horizons if not h.past and lead.end() <= h.start and h.end <= end]
    if not ahead or not core or len(core.split()) > _FRAGMENT_CLOCK_WORDS or _NOT_FRAGMENT.search(core):
        return []
    return ahead


# a clock that points at one said just before: "she retires next spring ... by then I'd be ready to run the ward",
# "they reckon the block is handed over the summer after next. By the time they cut the ribbon I want to be ..."
_THEN = re.compile(r"\b(?:by|before|around|from|at) (?:then|that time|that point|that stage|which time|which point|"
                   r"that date)\b|\b(?:by the time|before|once|when) (?:that|it|this|they|the \w+|that \w+|this \w+) "
                   r"(?:(?!i\b)\w+ ){0,2}?(?:happens|happened|comes?|arrives?|opens?|closes?|finish(?:es)?|ends?|is "
                   r"(?:done|over|finished|built|open|ready|handed over)|cut|cuts|hand|hands|get|gets|go|goes|retires?|"
                   r"leaves?|moves?|rolls?)\b")
_THEN_REACH = 2


def _clock_then(r: Reader, lines: list[Line], i: int) -> list[Horizon]:
    """The clock a sentence takes from one of the _THEN_REACH before it by pointing at it ("by then", "by the time it
    opens"), placed where the pointer is; none when the pointer is denied or nothing before it has a clock ahead."""
    line = lines[i]
    m = _THEN.search(line.text)
    if not m or negated(line.s, m.start(), r.window):
        return []
    for prev in reversed(lines[max(0, i - _THEN_REACH):i]):
        ahead = [h for h in prev.horizons if not h.past]
        if ahead:
            return [replace(ahead[-1], start=m.start(), end=m.end())]
    return []


def _clock_fragment(lines: list[Line], i: int) -> list[Horizon]:
    """The clock of a short verbless sentence right after sentence ``i``: its goal's clock said on its own ("My big goal
    is to become site manager of this warehouse. In one year, maybe one and a half."), past a one- or two-word aside
    ("I want to be head chef. Here. By the summer menu."). When the next sentence states no goal of its own, the
    verbless words that open it count too ("By the summer menu, I know I'm still the one sent for the whisk")."""
    j = i + 1
    if j + 1 < len(lines) and len(lines[j].text.split()) <= 2 and not lines[j].horizons and not lines[j].intent:
        j += 1  # "Here.", "Honestly."
    if j >= len(lines):
        return []
    nxt = lines[j]
    ahead = [h for h in nxt.horizons if not h.past]
    if len(nxt.text.split()) <= _FRAGMENT_CLOCK_WORDS and not _NOT_FRAGMENT.search(nxt.text):
        return ahead
    opening = re.search(r"[,;:]", nxt.text)
    if nxt.intent or not opening:
        return []
    words = nxt.text[:opening.start()]
    if len(words.split()) > _FRAGMENT_CLOCK_WORDS or _NOT_FRAGMENT.search(words):
        return []
    return [h for h in ahead if h.end <= opening.start()]


def find_overreach(r: Reader, lines: list[Line]) -> Finding:
    """A senior title on a short clock ("director within eighteen months"), or the interviewer's job.

    One who says they are at the start (rubric `junior`: "I've just graduated") has the top titles' clock for a senior
    title too: a director's post five years after graduating is presumptuous.
    Long experience the speaker states lifts the clock rule for the next title up (twelve years in compliance, five as a
    manager, aiming at head of compliance within two years is not presumptuous), and for a top title at least three
    years out (a head of service with twelve years aiming at the board in five to seven years). Five years in, or a
    post just below (rubric `seasoned`), makes the next senior post presumptuous only within manager_title_months.
    One who holds a senior post now (rubric `senior_now`: "the last seven years as operations director") has a top
    post as the next rung: presumptuous only within manager_title_months.
    An age target takes its clock from the age the speaker gives, when that brings it nearer (language.from_age).
    A field's own ranks (rubric `ranks`) join the top, senior and jump groups at load (rubric.py).
    """
    out = Finding()
    said = lines  # as read; `lines` below may carry age targets turned into clocks, and posts named alone as goals
    lines = [_named_post(r, x) or x for x in lines]
    now = next((age for x in lines if (age := age_now(x.s)) is not None), None)
    if now is not None:  # "I'm nineteen ... foreman by the time I'm twenty-one": two years, not an age far off
        lines = [replace(x, horizons=[from_age(x.s, h, now) for h in x.horizons]) for x in lines]
    params = r.rubric.flags["overreach"].params
    experienced = any(_speakers(x, m := r.has("flags.overreach", "experienced", x, negation=False))
                      and not _AIMED.search(x.text, x.s.clause_bounds(m.start())[0], m.start()) for x in lines)
    groups = r.rubric.flags["overreach"].groups
    junior = "junior" in groups and "jump" in groups and not experienced \
        and any(r.has("flags.overreach", "junior", x)
                or ("new_months" in params and _new_here(r, x, params["new_months"])) for x in lines)
    # one who already leads or deputises is ready for a manager's post; one new who already does part of the first
    # rung ("I'm already opening most mornings") is ready for that rung, not for a manager's post
    doing = "ready" in groups and any(r.has("flags.overreach", "ready", x) for x in lines)
    ready = doing and not junior
    promotion = "promotion" in groups and "promotion_months" in params  # any promotion, on a clock of its own
    seasoned = "seasoned" in groups and not junior and any(
        r.has("flags.overreach", "seasoned", x)
        or ("seasoned_months" in params and any(n >= params["seasoned_months"] for n in _own_stretches(x)))
        for x in lines)
    # one who holds a senior post now: a top post is the next rung
    senior_now = "senior_now" in groups and not junior \
        and any(_speakers(x, r.has("flags.overreach", "senior_now", x, negation=False)) for x in lines)

    others = r.group("flags.overreach", "others") if "others" in groups else None

    def own_titles(group: str, x: Line) -> Iterator[re.Match]:
        """Each title of ``group`` in the sentence that is not someone else's ("report to the director"): "most people
        here make partner after ten or twelve years, but I want to make partner within three" names two."""
        m = r.has("flags.overreach", group, x)
        while m:
            if (others is None or not r.find(others, x, negation=False, end=m.start())) \
                    and not _HELPING.search(x.text, x.s.clause_bounds(m.start())[0], m.start()) \
                    and not (_HELPED.search(x.text, 0, m.start()) and _DETERMINER.match(m.group())):
                yield m
            m = r.find(r.group("flags.overreach", group), x, start=m.end())

    def titled(x: Line) -> bool:  # names a post the rules time (a later sentence about it goes on with the same goal)
        return any(r.has("flags.overreach", g, x) for g in ("top", "senior", "manager", "manager_title"))

    for i, line in enumerate(lines):
        if r.has("flags.overreach", "cues", said[i]):
            out.add(said[i])
            continue
        if line.past:
            continue
        # (not the time a route takes: "one day general manager, but I know it takes many years")
        own = [h for h in line.horizons if not h.past and not _TAKES.search(line.text, 0, h.start)]
        far = _long_marker(r, line) if own else None  # "long term I want to be X ..., and next year I'd like Y"
        own = own or _clock_after(r, lines, i, titled) or _clock_fragment(lines, i) or _clock_then(r, lines, i)
        if not own and _long_marker(r, line):
            continue  # "My long-term goal is to become a product manager": no clock, no overreach
        groups = (("top", "top_months"), ("senior", "overreach_months")) + ((
            ("manager", "manager_months"), ("manager_title", "manager_title_months")) if not ready else ()) \
            + ((("promotion", "promotion_months"),) if promotion and not doing else ()) \
            + ((("jump", "manager_months"), ("senior", "top_months")) if junior else ())
        if not own:  # "I'd like to make partner. Within three years, ideally."
            own = [h for x in lines[max(0, i - 1):i + 2] if x is not line and not x.intent and not x.past
                   and len(x.text.split()) <= 12 for h in x.horizons
                   if not h.past and not negated(x.s, h.start, r.window)]  # not "Not in the next few years, though.
            if not own and i and not lines[i - 1].text.endswith((".", "!", "?", ";")):
                # a run-on cut just after its time: "... and like give me a year | and I'll be running this ward"; or
                # a deadline said first, its goal after the comma: "what I want is that by the time the terrace
                # closes at the end of next summer, | so one more season, I want to be head chef"
                prev = lines[i - 1]
                said_to = prev.text.rstrip(",;: ")
                cut = not prev.text.endswith((",", ":")) or _DEADLINE_FIRST.search(said_to)
                own = [h for h in prev.horizons if cut and not h.past and h.end >= len(said_to) - 1]
            near = lambda m: min(own, key=lambda h: h.low)  # noqa: E731
            soon = _soon(r, line, weak=False)
            quick = "quick" in r.rubric.flags["overreach"].groups and r.has("flags.overreach", "quick", line)
            if not own and (soon or quick):
                # "Short-term, director.", "running the show pretty quickly": a near-term marker is a clock too, as
                # long as the near term; too vague a clock for a manager's title, which has a shorter one of its own
                own = [Horizon(0, 0, r.rubric.short_months, r.rubric.short_months)]
                groups = groups[:2]
                if not soon:  # "quickly" times the title of its own clause only ("I learn quickly, and ...")
                    groups = tuple(g for g in groups if _same_clause(line, r.has("flags.overreach", g[0], line), quick))
        else:
            near = lambda m: min(own, key=lambda h: abs(h.start - m.start()))  # noqa: E731
        if not own:
            continue
        # the post described in the sentence after it, without a goal or a clock of its own: "My big goal is to be plant
        # manager in three years. All the site reporting to me, production, quality, everything." (its top and senior
        # words name the post, on this sentence's clock)
        desc = lines[i + 1] if i + 1 < len(lines) and titled(line) else None
        if desc is not None and (desc.past or desc.horizons or (desc.intent and not desc.continued)):
            desc = None
        described = [(g, m) for g in groups if g[0] in ("top", "senior") and desc is not None
                     for m in own_titles(g[0], desc)]
        for (group, limit), m in [(g, m) for g in groups for m in own_titles(g[0], line)] + described:
            here = m.string is line.text  # (said in the description: the post's clock is this sentence's nearest)
            clock = near(m) if here else min(own, key=lambda h: h.low)
            clause, other = line.s.clause_bounds(m.start() if here else 0), line.s.clause_bounds(clock.start)
            if here and far and far.start() < m.start() and line.s.clause_bounds(far.start()) == clause \
                    and other != clause and not _POINTS_BACK.search(line.text, clause[1], clock.end) \
                    and not _bare_clock(line, clock):
                # "long term I want to be a series producer ..., and in the next year or two I'd like to get to
                # assistant producer": the long term times this title, the clock in the other clause another goal (not
                # "where I want to be is head of data, and I'd like that within two years", nor a clause that is the
                # clock alone: "my big goal is to become the permanent secretary, the highest official, in five years")
                continue
            # a first rung's clock is its whole window: "team leader next year" is up to twelve months away
            when, most = clock.high if group == "promotion" else clock.low, params[limit]
            if group == "senior" and limit == "top_months":
                # a newcomer's senior title on the top clock: a range that reaches past it is modest ("head of
                # department maybe five or six years down the line" from a second-year teacher)
                when = clock.high
            elif group == "senior" and limit == "overreach_months" and seasoned:
                # one who has five years in, or a post just below, aiming at the next senior post a couple of years out
                # (the head of year's post for a teacher of six years who has covered it): only a clock that ends
                # within a manager title's counts ("head of department within a year" still does)
                when, most = clock.high, params["manager_title_months"]
            elif group == "top" and senior_now:
                # a director of seven years aiming at managing director in two or three years
                most = params["manager_title_months"]
            if when <= most and not (experienced and (group != "top" or when >= params["overreach_months"])):
                out.add(said[i])
                break
    return out


_POINTS_BACK = re.compile(r"\b(that|it|this|there)\b")
# a hand lent to the post's work, not the post ("help with running the whole site during the shutdown", "help the
# manager with running the hotel"); "help run the company" is still a share of the post
_HELPING = re.compile(r"\b(help|helps|helping|assist|assists|assisting|support|supports|supporting)( [\w'-]+){0,3} "
                      r"with $")
_HELPED = re.compile(r"\b(help|helps|helping|assist|assists|assisting|support|supports|supporting) $")  # "help the manager"
_DETERMINER = re.compile(r"(the|a|an|my|our|your) ")


def _bare_clock(line: Line, h: Horizon) -> bool:
    """Whether the clock's clause is the clock and at most a hedge ("..., in five years.", "..., ideally by thirty"):
    it times the clause before it, not a goal of its own."""
    if h.start >= len(line.text):
        return False
    a, b = line.s.clause_bounds(h.start)
    rest = (line.text[a:h.start] + " " + line.text[h.end:b]).strip(" ,;:.!?")
    return len(rest.split()) <= 3 and not _NOT_FRAGMENT.search(rest)


# a deadline that opens its clause and ends the line, its goal still to come: "..., what I want is that by the time the
# terrace closes at the end of next summer,", "I've set myself a clear ambition: before the review after this one,"
_DEADLINE_FIRST = re.compile(r"(?:^|[,:;] |\b(?:that|is|so|and) )(?:by|before|until|till|come|within)\b[^,;:]*$")


def _same_clause(line: Line, a: re.Match | None, b: re.Match) -> bool:
    return a is not None and line.s.clause_bounds(a.start()) == line.s.clause_bounds(b.start())


def find_vague(r: Reader, lines: list[Line], has_goal: bool, other_flags: bool, unsure_goal: bool = False) -> Finding:
    """No concrete goal of any kind: a vague cue, or nothing that could be a goal, nothing close to one (unsure_goal)
    and no other flag."""
    out = Finding()
    if has_goal:
        return out
    for line in lines:
        if _sameness(r, line):
            continue  # "I don't want to move up" is no ambition, not an answer without a goal
        if r.has("flags.vague", "cues", line, negation=False) or r.vocab("generic_growth", line):
            out.add(line)
    if not out.present and not other_flags and not unsure_goal and lines:
        out.add(lines[0], sure=False)  # "I'm a hard worker and a fast learner": no goal was named
    return out


_LAUGHS = ("ha", "haha", "hah", "hahaha", "heh", "lol")
_DISCOURSE = {"ok", "okay", "right", "so", "well", "real", "talk", "honestly", "alright", "um", "uh", "yeah", "yes",
              "sure", "oh", "er", "hmm", "then", "let", "me", "think", "see", "goals", "career"}


# a joke said as the answer: it opens like one ("to be ...", "retire ...") or names it ("my goal is ...")
_ANSWER_OPENS = re.compile(r"^\W*((um|uh|er|oh|well|so|okay|ok|right|honestly)\W+)*(to |retire|retiring|be |become )")
_ANSWER_WORDS = re.compile(r"\b(answer|goal|goals|plan|dream|objective|ambition)\b")


def find_flippant(r: Reader, lines: list[Line], text: str) -> Finding:
    """A joke answer: a classic one, or one the speaker laughs at or takes back near the opening."""
    out = Finding()
    retraction = r.group("flags.flippant", "retraction")

    def said(i: int) -> str:  # the sentence as spoken, with the "No," or "But" the sentence splitter drops
        lead = text[lines[i - 1].s.end:lines[i].s.start].strip(" .!?") if i > 0 else ""
        return f"{lead} {lines[i].s.original}".strip().lower().replace("\u2019", "'")

    def goal_shaped(said: str, x: Line) -> bool:
        """Said as an answer: a wish or a goal, a bare "to ..." ("To be a millionaire by thirty?") or a punchline's
        length; asked of a joke inside a run-on only (a whole sentence taken back by the next is judged as before)."""
        return bool(x.intent or r.vocab("goal_statement", x, negation=False) or len(x.text.split()) <= 12
                    or _ANSWER_OPENS.match(said) or _ANSWER_WORDS.search(said))

    def only_retraction(x: Line) -> bool:  # "Sorry." / "Ha!": a line that is nothing but the take-back
        return bool(retraction.match(x.s.original.lower())) and len(re.findall(r"[a-z']+", x.s.original)) <= 3

    for i, line in enumerate(lines):
        m = r.has("flags.flippant", "cues", line)
        if m and not _goal_after_but(r, line, m.end()):  # not "I'd love to win the lottery, but until then I want to"
            out.add(line)
            continue
        if i >= 5:
            continue
        spoken = said(i)
        # a take-back in words wins over a laugh before it ("... catch up on my sleep ha no I'm joking")
        found = list(retraction.finditer(spoken))
        m = next((x for x in found if x.group() not in _LAUGHS), found[0] if found else None)
        if not m and i > 0 and spoken.startswith("no,") and said(i - 1).split(",")[0].strip("!. ") in _LAUGHS:
            out.add(lines[i - 1])  # "Ha, sat in the office with my feet up. No, I dunno really."
            continue
        if not m:
            continue
        words = re.findall(r"[a-z']+", spoken)
        before = re.findall(r"[a-z']+", spoken[:m.start()])
        if m.group() in _LAUGHS and (re.search(r"\b(question|ask|asked|asking|nervous|sorry)\b", spoken)
                                     or set(words) - set(_LAUGHS) <= _DISCOURSE):
            continue  # "Ha, good question." / "Sorry, ha, I'm nervous." / "Ha, ok, real talk.": no joke
        if m.group() in _LAUGHS:
            # A laugh marks a joke only as the answer's opening ("Ha, retirement?"); later, "that's the main thing,
            # ha" or "sorry, I'm rambling, ha" is a nervous laugh, and nothing is taken back.
            opening = all(r.vocab("pleasantry", x, negation=False) for x in lines[:i])
            if opening and (before or len(words) > 1) and len(words) <= 12:
                out.add(line)  # "Ha, retirement?" / "To be sitting where you are, ha."
        elif len(before) >= 5 and goal_shaped(spoken[:m.start()], line):
            out.add(line)  # "my goal is to get so famous somebody has to drive me around ha ha no okay seriously I've ..."
        elif i > 0:
            joke = next((x for x in reversed(lines[:i]) if not only_retraction(x)), None)
            # a bare "Sorry." apologises as often as it takes back: it marks only a punchline-length line as a joke
            # ("Ha, um, retirement? Sorry."), not a plan said at length
            apology = only_retraction(line) and spoken.strip(" .!?").startswith("sorry")
            closing = joke is not None and r.vocab("sign_off", joke, negation=False)  # "That's it really. Sorry."
            if joke is not None and not joke.past and not closing and not (apology and len(joke.text.split()) > 12):
                out.add(joke)  # "... on a yacht! No, in all seriousness, ..."
    return out


def find_personal(r: Reader, lines: list[Line], has_career_goal: bool) -> Finding:
    out = Finding()
    for i, line in enumerate(lines):
        m = r.has("flags.personal", "cues", line)
        if not m or _in_story(r, line, m.start()):  # "Quitting smoking last year showed me I can stick at it"
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if r.vocab("work_tie", line) or (nxt is not None and r.vocab("work_tie", nxt)):
            continue
        out.close(line)
    centred = any(r.has("flags.personal", "centred", x) for x in lines) or any(
        r.vocab("goal_statement", x) for x in out.near)  # "My main goal this year is to run a marathon."
    if out.near and (len(out.near) >= 2 or not has_career_goal or centred):
        for line in out.near:
            out.add(line)
    return out


def find_no_ambition(r: Reader, lines: list[Line], grows: bool) -> Finding:
    out = Finding()
    if grows:
        return out
    for line in lines:
        start = 0  # every cue in the sentence: one in a story may come before one said of now
        while (m := _sameness(r, line, start)) is not None:
            start = m.end()
            if not _goal_after_but(r, line, m.end()) and not _in_story(r, line, m.start()):
                out.add(line)
                break
    return out


def _hints(r: Reader, lines: list[Line], c: dict[str, Finding]) -> set[str]:
    """For a part not found: a sentence that touches its topic, so the feedback says it is unsure. Returns the parts
    whose closest sentence is only such a hint (a time word or a topic word).

    The feedback says a part is missing only when nothing in the answer comes near it.
    """
    hinted = set()
    for cid, finding in c.items():
        if finding.present or finding.near:
            continue
        if cid == "ladder" and (c["steps"].present or c["goal_short"].present) and c["goal_long"].present:
            finding.close((c["steps"].evidence or c["goal_short"].evidence)[0])  # a step and a goal, link unheard
            continue
        hint = r.group(f"components.{cid}", "hint")
        line = next((x for x in lines if not x.past and r.find(hint, x)), None)
        if line is not None:
            finding.close(line)
            hinted.add(cid)
    return hinted


_QUOTABLE_WORDS = 4  # "So, career goals." restates the question; "I want to lead." is a sentence


def _second_opinion(r: Reader, lines: list[Line], c: dict[str, Finding],
                    hinted: set[str] = frozenset()) -> tuple[str, np.ndarray | None]:
    """The sentence encoder's view (semantic.py) of the parts the rules did not hear, and of their praise.

    - A part not found, when the whole answer reads like it (rubric [semantic] credit_part): credited
      tentatively, with the sentence that reads most like it as evidence. The feedback acknowledges it ("I think
      you touched on ...") and never praises it.
    - A part still unheard, or heard only as a hint (``hinted``: a time word or a topic word): when a sentence reads
      like it (hedge_missing), that sentence becomes the part's first ``near``, so the feedback says it is unsure
      instead of calling the part missing, and quotes the sentence closest to the part.
    - A part found plainly (``sure``): when none of its evidence reads like the part (confirm_praise), it stays
      credited but is acknowledged, not praised.
    It never takes a part away and never touches a red flag (_check_flags does, later). Returns the encoder's name
    (or "off") and the sentences' embeddings (None when it is off).
    """
    rubric = r.rubric
    scorer = semantic.scorer()
    if scorer is None:
        return "off", None
    if not lines:
        return semantic.NAME, None
    embedded = scorer.embed([x.s.original for x in lines])
    heads = scorer.heads
    # The encoder does not read negation: "I'm not going to take any courses" reads like a step. A denial is
    # never quoted for a part, nor is a sentence about the answer itself ("That's really all there is to say"),
    # nor a scrap too short to say anything ("So, career goals.").
    usable = [i for i, x in enumerate(lines) if not NEGATIONS.search(x.text)
              and not rubric.vocabulary["sign_off"].search(x.text) and len(x.text.split()) >= _QUOTABLE_WORDS]
    # A credit keeps the rules' structure: never from a sentence about the past ("Last year I did a course"), and
    # framing only from the opening, where the rules look for it too.
    opening = [i for i, x in enumerate(lines) if not r.vocab("pleasantry", x, negation=False)]
    opening = set(opening[:rubric.components["framing"].params.get("first_sentences", 3)])
    # nor a step or a learning goal from a credential held already ("I've held my Class 1 licence for four years")
    held = {i for i, x in enumerate(lines) if r.has("components.steps", "background", x, negation=False)}
    for cid, finding in c.items():
        pool = [i for i in usable if not lines[i].past and (cid != "framing" or i in opening)
                and not (cid in ("steps", "learning") and i in held)]
        if finding.present or not pool or cid not in heads.answer_weights:
            continue
        p, best = heads.answer_probability(cid, embedded[pool])
        if p >= rubric.semantic_credit:
            finding.near = []
            finding.add(lines[pool[best]], sure=False)
    absent = [cid for cid, finding in c.items() if not finding.present and (not finding.near or cid in hinted)]
    praised = [cid for cid, finding in c.items() if finding.sure]
    p = {cid: heads.probability(cid, embedded) for cid in absent + praised if cid in heads.weights}
    for cid in absent:
        if cid not in p:
            continue
        # the wider life is only close in a sentence that names some of it (family, rest, health, time off)
        pool = [i for i in usable if cid != "balance" or r.vocab("life", lines[i], negation=False)]
        best = max(pool, key=lambda i: p[cid][i], default=None)
        if best is not None and p[cid][best] >= rubric.semantic_hedge:
            # quoted as the closest, ahead of a hint: "I didn't clearly hear what you're working on now. The closest
            # was ..."
            c[cid].near = [lines[best]] + [x for x in c[cid].near if x is not lines[best]]
    for cid in praised:
        if max(p[cid][lines.index(x)] for x in c[cid].evidence) < rubric.semantic_confirm:
            c[cid].sure = False
    # a part shown in several sentences is quoted by the one that reads most like it; not the near-term goal, whose
    # rules pick the sentence with the clock (its head prefers the long-range sentence next to it: on the tuning
    # answers' marked sentences, 84 first quotes right of 99 by the rules, 67 by the head)
    for cid, finding in c.items():
        if len(finding.evidence) > 1 and cid in heads.weights and cid != "goal_short":
            q = p[cid] if cid in p else heads.probability(cid, embedded)
            finding.evidence.sort(key=lambda x: -q[lines.index(x)])
    return semantic.NAME, embedded


def _check_flags(r: Reader, lines: list[Line], f: dict[str, Finding], embedded: np.ndarray | None) -> None:
    """A red flag the rules raised, whose evidence does not read like that flag to the encoder's flag heads (rubric
    [semantic] confirm_flag), is kept but marked tentative: the feedback asks instead of asserting.

    Cue lists hear a flag in wording that is sometimes innocent ("Part of my goal is to get healthier habits around
    shift work, so I'm sharper on nights with the patients" raises personal); on answers and excerpts never tuned
    on, a flag the heads did not confirm was wrong two times in five, one they confirmed one time in nine (README,
    "How far to trust the judgement"). It stays raised (the verdict follows the rubric), so nothing that was heard
    is dropped; only the tone changes.
    """
    if embedded is None:
        return
    heads = semantic.scorer().heads
    for fid, finding in f.items():
        if not finding.sure or fid not in heads.flag_weights:
            continue  # a flag raised for what was not heard ("no goal was named") is tentative already
        rows = [lines.index(x) for x in finding.evidence]
        if float(heads.flag_probability(fid, embedded[rows]).max()) < r.rubric.semantic_flag:
            finding.sure = False


# --- the whole answer ---------------------------------------------------------------------------------

# what opens a sentence as the consequence of the one before: "... in a few years. So I'm starting the diploma"
_SO_OPENS = re.compile(r"[.!?]?\s*(and )?so\b(?!,? (yeah|yes|um|uh|anyway|basically|like|far|much|many)\b)[, ]",
                       re.IGNORECASE)
# "so" opening a clause with a subject of its own, after a goal in the same sentence: the plan that follows is what the
# goal leads to ("..., so this year I'm doing my SMSTS"); not "or so", "so far", "so much"
_SO_THEN = re.compile(r"(?<!\bor )\bso,? (?!(far|much|many|long)\b)((this|next|right|now|for|the|moment|at|year|"
                      r"month|first|currently|already|also|in|a|few|weeks?|months?|summer|spring|autumn|winter) ){0,4}"
                      r"(i|we) (am|have|"
                      r"will|would|want|plan|need|intend|hope|started|signed|enrolled|booked|asked|applied|volunteered|"
                      r"registered|took|put|do|did)\b")


def analyse_content(text: str, rubric: Rubric, *, said_on: date | None = None) -> ContentResult:
    """The parts and red flags of an answer given on ``said_on`` (today if not given: "by 2030" is counted from it)."""
    r = Reader(rubric)
    lines = read_lines(text, rubric, said_on or date.today())
    c: dict[str, Finding] = {
        "framing": find_framing(r, lines),
        "goal_long": find_goal_long(r, lines),
        "goal_short": find_goal_short(r, lines),
        "steps": find_steps(r, lines),
    }
    c["ladder"] = find_ladder(r, lines, c["goal_short"].present or c["steps"].present or c["goal_long"].present)
    if not c["ladder"].present:
        for line in c["goal_long"].evidence:  # "I want to be a senior analyst, so this year I'm focusing on SQL"
            so = _SO_THEN.search(line.text)
            if so and so.start() > 12 and (line in c["goal_short"].evidence or line in c["steps"].evidence):
                c["ladder"].add(line, sure=False)
                break
    if not c["ladder"].present and (c["goal_short"].present or c["steps"].present):
        if (echo := _echoes_goal(r, lines, c)) is not None:
            c["ladder"].add(echo, sure=False)  # a plan that names the goal it serves
    if not c["ladder"].present and "reasoned" in r.rubric.components["ladder"].groups:
        for line in c["steps"].evidence:  # a step said as what a reason or a need leads to
            if (why := r.has("components.ladder", "reasoned", line)) and not _in_story(r, line, why.start()):
                c["ladder"].add(line, sure=False)
                break
    if not c["ladder"].present and (back := _points_back(r, lines, c, text)) is not None:
        c["ladder"].add(back, sure=False)  # a step that points back at the goal said before it
    c["learning"] = find_learning(r, lines)
    c["contribution"] = find_contribution(r, lines)
    c["balance"] = find_balance(r, lines)
    c["employer"] = find_employer(r, lines)
    hinted = _hints(r, lines, c)
    sign_off = rubric.vocabulary["sign_off"]
    for finding in c.values():  # "That's really all there is to say about my career goals" is near no part
        finding.near = [x for x in finding.near if not sign_off.search(x.text)]
    # the rules' view, for the flags: the second opinion below may credit a part tentatively, never move a flag
    contributes = c["contribution"].sure
    # a growth goal heard plainly, not a guess, and not itself the same job ("my goal for the next ten years is the same
    # work done the same way")
    grows = c["goal_long"].sure and any(_sameness(r, x) is None for x in c["goal_long"].evidence)
    has_goal = c["goal_long"].present or c["goal_short"].present
    concrete = any(_concrete_goal(r, x) for x in lines)  # a career goal with no clock ("get my CDL endorsements")
    second_opinion, embedded = _second_opinion(r, lines, c, hinted)
    f: dict[str, Finding] = {
        "leaving": find_leaving(r, lines),
        "money": find_money(r, lines),
        "overreach": find_overreach(r, lines),
        "flippant": find_flippant(r, lines, text),
        "personal": find_personal(r, lines, has_goal or concrete),
        "no_ambition": find_no_ambition(r, lines, grows),
    }
    # a goal to contribute, said as a goal ("become somebody my colleagues can count on"), is a goal of a kind
    # a long-range goal the rules were unsure of ("I want to be leading a small team": the feedback already says it is
    # unsure) is no proof that no goal was named; growth with nothing to check ("be successful") is no such goal
    unsure_goal = any(x.intent and not r.vocab("generic_growth", x) for x in c["goal_long"].near)
    f["vague"] = find_vague(r, lines, has_goal or contributes or concrete, any(x.present for x in f.values()),
                            unsure_goal)
    _check_flags(r, lines, f, embedded)
    return ContentResult(
        components={cid: c[cid].evidence_of() for cid in rubric.components},
        flags={fid: f[fid].evidence_of() for fid in rubric.flags},
        second_opinion=second_opinion,
    )


def split_sentences(text: str) -> list[str]:
    """The answer's sentences as written (run-ons cut at their conjunctions)."""
    return [s.original for s in sentences(text)]
