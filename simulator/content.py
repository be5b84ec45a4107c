"""Analysis, part one: what the answer says. Components and red flags with evidence.

The answer is split into sentences; each rubric cue (a regex from prompts/rubric.toml) is tried
on each sentence. A match counts unless a negation word stands just before it in the same clause,
so "I don't plan to start my own business" is not a plan to leave.
"""

from __future__ import annotations

import re

from .rubric import Cue, Rubric
from .types import ContentResult, Evidence

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014]| - | but | although | though ")
_WORD = re.compile(r"[a-z0-9']+")
# "not only" / "not just" introduce more, not less.
_NOT_ONLY = re.compile(r"\bnot (only|just)\b")


def normalise(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s and s.strip()]


def _negated(sentence: str, at: int, rubric: Rubric) -> bool:
    """Is there a negation within the rubric's window of words before position ``at``?"""
    clause_start = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, at):
        clause_start = m.end()
    before = _NOT_ONLY.sub(" ", sentence[clause_start:at])
    window = " ".join(_WORD.findall(before)[-rubric.negation_window:])
    return any(re.search(rf"(?<![a-z']){re.escape(n)}(?![a-z'])", window) for n in rubric.negation)


def _match(cue: Cue, sentence: str, rubric: Rubric) -> bool:
    s = normalise(sentence)
    if cue.requires and not any(p.search(s) for p in cue.requires):
        return False
    if any(p.search(s) for p in cue.unless):
        return False
    if any(p.search(s) for p in cue.literal_cues):
        return True
    return any(not _negated(s, m.start(), rubric) for p in cue.cues for m in p.finditer(s))


def find_cue(cue: Cue, sentences: list[str], rubric: Rubric) -> Evidence:
    scope = sentences[: cue.first_sentences] if cue.first_sentences else sentences
    evidence = [s for s in scope if _match(cue, s, rubric)]
    return Evidence(present=bool(evidence), evidence=evidence)


def analyse_content(text: str, rubric: Rubric) -> ContentResult:
    sentences = split_sentences(text)
    return ContentResult(
        components={cid: find_cue(c, sentences, rubric) for cid, c in rubric.components.items()},
        flags={fid: find_cue(f, sentences, rubric) for fid, f in rubric.flags.items()},
    )
