"""Text mechanics for the content analysis: clean a spoken answer, split it, read negation and time.

Nothing here knows the rubric's parts. content.py asks three questions of an answer, and this module
answers them the same way for a polished paragraph and a run-on Whisper transcript:

- What was said, without the noise? ``clean`` drops fillers ("um", "you know", "like," ...), false
  starts ("to be a, a nurse"), hedges ("I guess") and chat-speak spellings ("wanna", "'cause"),
  expands contractions ("I'd" -> "i would") and lowercases. Every cleaned word remembers where it
  came from, so evidence still quotes the answer as it was said.
- Where are the sentences and clauses? Punctuation where there is some; run-on sentences are cut
  at their conjunctions ("..., and so ...") so that one 80-word breath is not one "sentence".
- When is it for? ``horizons`` parses time expressions ("within the next five to six years",
  "eighteen months from now", "by the time I'm thirty", "next spring", "year three or four") into
  months ahead, and tells durations in the past ("I've been a nurse for eight years") from goals.
  A year said as a date ("by 2030") is counted from the day the answer was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# --- words --------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s|k|%)?"  # 1.2, 400,000, 90%, 1990s, 200k, 24/7 (as 24, 7)
    r"|[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?:-[^\W_]+)*(?:['\u2019](?=\s|$))?"  # words, don't, long-term
    r"|['\u2019][a-z]+"  # 'cause, 'em
    r"|\.\.\.|\u2026|[.!?;:,()\u2014\u2013\"]|-(?=\s)|(?<=\s)-|-(?=\d)"
)
SENTENCE_END = {".", "!", "?", ";", "...", "\u2026"}
CLAUSE_PUNCT = {",", ":", "(", ")", "\u2014", "\u2013", "-", '"'}

# Chat-speak and spoken spellings -> what they stand for (a cleaned word may become several).
_SPELLINGS = {
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "hafta": "have to", "kinda": "kind of",
    "sorta": "sort of", "dunno": "do not know", "lemme": "let me", "gimme": "give me", "outta": "out of",
    "'cause": "because", "cause": "because", "cos": "because", "coz": "because", "cuz": "because",
    "'cos": "because", "bc": "because", "yrs": "years", "yr": "year", "mos": "months", "wks": "weeks",
    "y'know": "you know", "ya": "you", "u": "you", "ur": "your", "im": "i am", "ive": "i have",
    "id": "i would", "ill": "i will", "dont": "do not", "cant": "can not", "wont": "will not",
    "thru": "through", "tho": "though", "w/": "with", "&": "and", "n't": "not", "ok": "okay",
    "mgr": "manager", "mgmt": "management", "yeah": "yeah", "yep": "yes", "nope": "no",
}
# Contractions are expanded so that the cues need only the full forms ("i would", "do not").
_CONTRACTIONS = [
    (re.compile(r"^(can)'?t$"), "can not"), (re.compile(r"^won'?t$"), "will not"),
    (re.compile(r"^shan't$"), "shall not"), (re.compile(r"^ain't$"), "is not"),
    (re.compile(r"^(\w+)n't$"), r"\1 not"), (re.compile(r"^i'm$"), "i am"),
    (re.compile(r"^(\w+)'re$"), r"\1 are"), (re.compile(r"^(\w+)'ve$"), r"\1 have"),
    (re.compile(r"^(\w+)'ll$"), r"\1 will"), (re.compile(r"^(\w+)'d$"), r"\1 would"),
    (re.compile(r"^(it|that|there|what|here|where|who|he|she|this)'s$"), r"\1 is"),
]
# Said to fill a pause: always dropped ("er" and "ah" are never content in an answer).
_SOUNDS = {"um", "umm", "ummm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "hmm", "hm", "mm", "mmm",
           "eh", "uh-huh", "mhm"}
# Dropped anywhere: they never change what a goal is ("i really want" = "i want").
_DROP_ALWAYS = {"honestly", "basically", "actually", "literally", "really", "truly", "obviously", "genuinely",
                "properly", "tbh", "imo", "totally", "definitely"}
# Dropped as phrases (hedges and fillers), matched on cleaned words.
_DROP_PHRASES = [
    ("you", "know", "what", "i", "mean"), ("if", "that", "makes", "sense"), ("to", "be", "honest"),
    ("to", "be", "fair"), ("i", "would", "say"), ("i", "guess"), ("i", "suppose"), ("i", "reckon"),
    ("in", "all", "honesty"), ("let", "us", "say"), ("you", "know"), ("i", "mean"),
]
# Words that may stand at the opening of a sentence as a filler ("So, ...", "Right, okay.").
_OPENERS = {"so", "well", "okay", "right", "yeah", "yes", "look", "anyway", "alright", "and", "but", "oh",
            "now", "sure", "no", "gosh", "goodness", "wow"}
_OPENER_KEEPS = {"right": ("now", "away", "here", "after", "from"), "now": ("that",), "so": ("that", "far"),
                 "well": ("done",)}  # "Right now", "So far": content, not a filler opener
_OPENERS_ALWAYS = {"so", "well", "okay", "yeah", "oh", "right", "look", "anyway", "alright", "sure", "gosh", "wow"}
# Determiners before "kind of"/"sort of" mean a type ("that kind of project"), not a hedge.
_TYPE_WORDS = {"what", "this", "that", "the", "a", "any", "every", "some", "which", "same", "those", "these",
               "one", "my", "your", "our", "their", "his", "her", "its", "different", "right", "whole"}


@dataclass
class Word:
    text: str  # cleaned (lowercase, expanded); punctuation tokens keep their character
    start: int  # span in the original answer
    end: int

    @property
    def is_punct(self) -> bool:
        return not self.text[0].isalnum() and self.text not in ("'cause",) and not self.text[0] == "'"


def _tokens(text: str) -> list[Word]:
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group().lower().replace("\u2019", "'")
        out.append(Word(raw, m.start(), m.end()))
    return out


def _respell(words: list[Word]) -> list[Word]:
    out = []
    for w in words:
        text = _SPELLINGS.get(w.text, w.text)
        if text == w.text:
            for pattern, repl in _CONTRACTIONS:
                if pattern.match(text):
                    text = pattern.sub(repl, text)
                    break
        out += [Word(part, w.start, w.end) for part in text.split()]
    return out


def _is_number_word(text: str) -> bool:
    return text[0].isdigit() or text in NUMBER_WORDS or text.rstrip("ish").rstrip("-") in NUMBER_WORDS


def _drop_fillers(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    i = 0
    while i < len(words):
        w = words[i]
        prev = out[-1].text if out else "."
        nxt = _after(words, i + 1)
        if w.text in _SOUNDS or w.text in _DROP_ALWAYS:
            if prev == "," and nxt == ",":  # "for, uh, four": the commas went with the filler
                out.pop()
                i += 1
            i += 1
            continue
        phrase = next((p for p in _DROP_PHRASES if tuple(x.text for x in words[i:i + len(p)]) == p), None)
        if phrase:
            after = _after(words, i + len(phrase))
            set_off = _is_punct_text(prev) or prev in _OPENERS or _is_punct_text(after)
            if len(phrase) > 2 or phrase not in (("you", "know"), ("i", "mean")) or set_off:
                i += len(phrase)
                continue
        if w.text == "like" and prev not in _LIKE_VERB_BEFORE and (
                _is_punct_text(prev) or _is_punct_text(nxt) or _is_number_word(nxt) or prev in _LIKE_FILLER_AFTER):
            if prev == "," and nxt == ",":  # "the big goal, like, is area manager": the commas went with it
                out.pop()
                i += 1
            i += 1
            continue
        if w.text in ("kind", "sort") and nxt == "of" and prev not in _TYPE_WORDS:
            i += 2
            continue
        if w.text == "i" and nxt == "think" and _after(words, i + 2) not in ("about", "of", "through", "over", "back"):
            i += 2
            continue
        out.append(w)
        i += 1
    return out


# "like" is a verb or a preposition after these ("I would like", "a place like this" is kept anyway).
_LIKE_VERB_BEFORE = {"would", "should", "could", "might", "will", "do", "did", "not", "i", "you", "we", "they",
                     "also", "just", "people", "really", "always", "still", "to"}
_LIKE_FILLER_AFTER = {"and", "but", "so", "or", "me"}


def _after(words: list[Word], i: int) -> str:
    return words[i].text if i < len(words) else "."


def _is_punct_text(text: str) -> bool:
    return not (text[0].isalnum() or text[0] == "'")


def _drop_repeats(words: list[Word]) -> list[Word]:
    """False starts: "to be a, a nurse" -> "to be a nurse"; "I, I have" -> "I have"."""
    out = list(words)
    changed = True
    while changed:
        changed = False
        content = [i for i, w in enumerate(out) if not w.is_punct]
        for size in (4, 3, 2, 1):
            for j in range(len(content) - 2 * size + 1):
                a = [out[k].text for k in content[j:j + size]]
                b = [out[k].text for k in content[j + size:j + 2 * size]]
                across = any(out[k].text in SENTENCE_END for k in range(content[j], content[j + 2 * size - 1]))
                if a == b and not across and not (size == 1 and (a[0] in ("very", "that", "had", "is") or a[0][0].isdigit())):
                    # drop the first copy and the punctuation right after it
                    first, last = content[j], content[j + size] - 1
                    out = out[:first] + out[last + 1:]
                    changed = True
                    break
            if changed:
                break
    return out


# --- sentences ----------------------------------------------------------------------------------------

@dataclass
class Sentence:
    """One sentence (or one part of a run-on), cleaned for matching, with where it stands in the answer."""

    index: int
    words: list[Word]
    original: str  # the answer's own text for this sentence, for quoting
    start: int
    end: int
    text: str = ""  # cleaned words joined by spaces, punctuation kept: what cues are matched on
    _offsets: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self):
        parts, offsets, pos = [], [], 0
        for w in self.words:
            sep = "" if (not parts or (w.is_punct and w.text not in ("(", '"'))) else " "
            pos += len(sep)
            offsets.append(pos)
            parts.append(sep + w.text)
            pos += len(w.text)
        self.text = "".join(parts)
        self._offsets = offsets

    def word_at(self, char: int) -> int:
        """Index of the cleaned word at character ``char`` of ``text``."""
        lo = 0
        for i, off in enumerate(self._offsets):
            if off <= char:
                lo = i
        return lo

    def clause_bounds(self, char: int) -> tuple[int, int]:
        """Character span in ``text`` of the clause around ``char``."""
        start, end = 0, len(self.text)
        for m in _CLAUSE_BREAK.finditer(self.text):
            if m.end() <= char:
                start = m.end()
            elif m.start() >= char:
                end = m.start()
                break
        return start, end


# (a clause also opens at "what I want is ...": a run-on's new statement, "... but not to trucks what I want is to get")
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013\"]| - |(?<=\s)(?<!\bor\s)(?=(but|although|though|because|whereas|"
                           r"while|which|so that|so|and then|then|unless|until|whether|except|"
                           r"what i (?:want|would like|would love|am after|am aiming for|hope for|really want)"
                           r"(?: [a-z]+)? is)\s)")
# Where a run-on sentence may be cut: a comma followed by a new clause.
_RUN_ON_CUT = re.compile(r"(?<=,)\s(?=(and|but|so|because|then|which|and then|and so|or)\s)|(?<=\s)(?=(and then|and so)\s)")
RUN_ON_WORDS = 32  # a "sentence" longer than this is cut at its conjunctions


def _tidy(words: list[Word]) -> list[Word]:
    """No comma at the start of a sentence or after other punctuation; no filler opener left at a start."""
    out: list[Word] = []
    for i, w in enumerate(words):
        prev = out[-1].text if out else "."
        nxt = words[i + 1].text if i + 1 < len(words) else "."
        if w.text in (",", "-", "\u2014", "\u2013") and _is_punct_text(prev):
            continue
        if w.text in SENTENCE_END and prev in (",", "-"):
            out.pop()
        if prev in SENTENCE_END and w.text in _OPENERS and nxt not in _OPENER_KEEPS.get(w.text, ()) and (
                _is_punct_text(nxt) or nxt in _OPENERS or w.text in _OPENERS_ALWAYS):
            continue
        out.append(w)
    return out


def clean(text: str) -> list[Word]:
    """The answer's words, cleaned, each pointing back at where it was said."""
    words = _drop_repeats(_drop_fillers(_respell(_tokens(text))))
    while True:
        tidied = _tidy(words)
        if len(tidied) == len(words):
            return tidied
        words = tidied


def sentences(text: str) -> list[Sentence]:
    """Cleaned sentences of an answer; run-ons cut at their conjunctions; filler-only sentences left out."""
    words = clean(text)
    groups: list[list[Word]] = []
    current: list[Word] = []
    for i, w in enumerate(words):
        current.append(w)
        line_break = i + 1 < len(words) and "\n" in text[w.end:words[i + 1].start]
        if w.text in SENTENCE_END or line_break:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    groups = _join_time_fragments(groups, text)
    out: list[Sentence] = []
    for group in groups:
        for part in _cut_run_on(group):
            content = [w for w in part if not w.is_punct]
            if not content:
                continue
            start, end = part[0].start, part[-1].end
            out.append(Sentence(len(out), part, text[start:end], start, end))
    return out


# A short fragment opening with one of these is a time said before its sentence ("In the next year. I want to").
_TIME_OPENERS = {"in", "within", "over", "by", "after", "for", "next", "this", "during", "before", "until", "from"}


# ... but one that ends on a hedge is a clock said after the goal before it ("My goal is head coach of the first team.
# Next season, hopefully."), and stays a sentence of its own
_AFTERTHOUGHT = {"hopefully", "ideally", "maybe", "probably", "perhaps", "realistically", "tops", "max", "latest",
                 "optimistically"}
# ... or that opens on a hedge the cleaning drops ("I can get there quick. Like within the year."), or ends on one
# ("I'd like to be editor of the paper. In about two years, I think."): an afterthought too
_HEDGED_START = re.compile(r"\blike\W*$", re.IGNORECASE)
_HEDGED_END = re.compile(r"\bi (think|guess|suppose|reckon|would say|'d say|hope)\W*$", re.IGNORECASE)


def _join_time_fragments(groups: list[list[Word]], text: str = "") -> list[list[Word]]:
    """Whisper sometimes ends a sentence after its opening time phrase: join the two again."""
    out: list[list[Word]] = []
    for i, group in enumerate(groups):
        content = [w for w in group if not w.is_punct]
        if 0 < len(content) <= 4 and content[0].text in _TIME_OPENERS and i + 1 < len(groups) \
                and content[-1].text not in _AFTERTHOUGHT \
                and not _HEDGED_END.search(text, content[-1].end, group[-1].end) \
                and not _HEDGED_START.search(text, max(0, content[0].start - 12), content[0].start):
            groups[i + 1] = [w for w in group if w.text not in SENTENCE_END] + [Word(",", group[-1].end, group[-1].end)] \
                + groups[i + 1]
            continue
        out.append(group)
    return out


# Words that may stand between "and" and a new "I" without a comma: "and right now I'm doing my course".
_CLAUSE_LEAD = {"right", "now", "currently", "then", "eventually", "ultimately", "later", "next", "this", "year",
                "long", "longer", "term", "for", "at", "the", "moment", "hopefully", "after", "that", "someday",
                "one", "day", "in", "a", "few", "years", "meantime", "meanwhile", "also",
                "what"}  # "... that's the bit I love so what I'd like to do here is ..."


_STATEMENT_NOUNS = {"goal", "goals", "plan", "plans", "aim", "hope", "idea", "dream", "focus", "priority", "target",
                    "ambition", "objective", "next"}


def _new_clause(words: list[Word], i: int) -> bool:
    """Does a conjunction at ``i`` open a clause of its own, said without a comma ("and right now I ...")?"""
    if words[i].text not in ("and", "but", "so"):
        return False
    if words[i].text == "so" and i > 0 and words[i - 1].text == "or":
        return False  # "in three years or so I'd like ...": "or so" rounds the time, it opens no clause
    nxt = [w.text for w in words[i + 1:i + 4]]
    if len(nxt) >= 2 and nxt[0] in ("my", "the") and nxt[1] in _STATEMENT_NOUNS:
        return True  # "... and my plan is to ...", "so the goal is ..."
    for w in words[i + 1:i + 6]:
        if w.text == "i":
            return True
        if w.text not in _CLAUSE_LEAD:
            return False
    return False


def _term_opens(words: list[Word], i: int) -> bool:
    """Does "longer term I ..." or "in the long term, I ..." open a clause at ``i`` without any conjunction ("... all of
    it longer term I'm really interested in ...")?"""
    at = i + 2 if words[i].text in ("in", "over") and i + 1 < len(words) and words[i + 1].text == "the" else i
    if at == i and i >= 1 and words[i - 1].text in ("the", "a"):
        return False  # "in the long term": cut before "in"
    nxt = [w.text for w in words[at:at + 4] if w.text != ","]
    return len(nxt) >= 3 and nxt[0] in ("long", "longer", "short", "shorter") and nxt[1] == "term" and nxt[2] == "i"


def _cut_run_on(words: list[Word]) -> list[list[Word]]:
    """Cut a long sentence at a conjunction after a comma, or one that opens a new "I" clause (Whisper often
    writes run-ons with no commas at all)."""
    content = sum(1 for w in words if not w.is_punct)
    if content <= RUN_ON_WORDS:
        return [words]
    cut_at = [i for i, w in enumerate(words) if i > 4 and (
        (words[i - 1].text == "," and w.text in ("and", "but", "so", "because", "then", "which", "or"))
        or _new_clause(words, i) or (w.text == "and" and i + 1 < len(words) and words[i + 1].text == "then")
        or _term_opens(words, i))]
    if not cut_at:
        return [words]
    middle = min(cut_at, key=lambda i: abs(i - len(words) / 2))
    return _cut_run_on(words[:middle]) + _cut_run_on(words[middle:])


# --- negation -----------------------------------------------------------------------------------------

NEGATIONS = re.compile(
    r"\b(not|never|no|nor|without|neither|nothing|none|rather than|instead of|far from|"
    r"no longer|no interest in|no plans? to|no intention of|no desire to)\b")
# negations that negate nothing after them ("I dunno" is cleaned to "i do not know", "not that long term")
NOT_ONLY = re.compile(r"\bnot (only|just|simply|merely)\b|\bno (doubt|matter)\b|\bnot sure\b|\bdo not know\b|"
                      # a degree, not a denial: "my long-term goal, well, not that long term, is ..."
                      r"\bnot (that|so|too|all that) (long|far|big|short|distant)\b")


# A plan named and then turned down later in the same sentence: "people ask if I'll go self-employed, but that's not
# my plan", "a master's full time? That's not for me".
_DENIED_AFTER = re.compile(
    r"\b(that|it|this)( is|'s| was| would be|'d be) (not|never|definitely not|really not) (my|the|a|in my) "
    r"(plan|plans|intention|goal|aim|thing|path|route|direction)\b"
    r"|\b(that|it|this)( is|'s| was| would be|'d be) (not|never|definitely not|really not) (for me|what i want|"
    r"something i (want|plan|am (planning|looking|interested)))\b"
    r"|\bnot (my|the) (plan|intention)\b|\b(i have|i've) ruled (that|it) out\b"
    r"|\bbut (i am|i'm) not (looking|planning|going|interested|thinking|about)\b"
    r"|\b(and )?the answer is (no|never|not yet|definitely not)\b")


def denied_after(sentence: Sentence, char: int = 0) -> bool:
    """Does the sentence turn a plan down after ``char`` ("..., but that's not my plan", "but I'm not going to")?"""
    return bool(_DENIED_AFTER.search(sentence.text, char))


# Other people's question or assumption about the speaker: "they all ask when I'm going out on my own".
_ASKED = re.compile(r"\b(ask|asks|asked|asking|assume|assumes|assumed|expect|expects|wonder|wonders|think|thinks)"
                    r" (me )?(when|if|whether|that)\b")


# a clause that only goes on with a list ("..., or the dispensing course"), not one with a subject of its own
_LIST_GOES_ON = re.compile(r"\s*(or|nor)\b(?! (i|we|you|they|he|she|it|maybe i|perhaps i)\b)")


def negated(sentence: Sentence, char: int, window: int = 12) -> bool:
    """Is the word at ``char`` negated: a negation in its clause, at most ``window`` words before it, or the plan
    turned down after it in the same sentence ("..., but that's not my plan")?

    The clause, not a few words: "I'm not going to take any courses or certifications" negates both.
    """
    start, _ = sentence.clause_bounds(char)
    while start > 1 and _LIST_GOES_ON.match(sentence.text, start):
        start, _ = sentence.clause_bounds(start - 2)  # a list the negation runs through: "not X, or Y, or Z"
    before = NOT_ONLY.sub(" ", sentence.text[start:char])
    words = re.findall(r"[a-z0-9']+", before)[-window:]
    joined = " ".join(words)
    asked = _ASKED.search(joined)  # others ask: "they all ask when I'm going out on my own" (not "I wonder if")
    asked = asked is not None and not re.search(r"\b(i|i do|i did|i often|i sometimes)\s*$", joined[:asked.start()])
    return _negates(joined) or asked or bool(_DENIED_AFTER.search(sentence.text, char))


_CONDITION = re.compile(r"\b(without|unless|until|till|before|except)\b")


# a new statement of the speaker's own in a run-on: "I'm not going anywhere else I like this depot"
_NEW_I = re.compile(r"\bi (like|love|enjoy|want|would|will|am|have|really|also|just|can|do|need|hope|plan)\b")
# ... unless the negated verb carries the negation on to it: "I'm not sure I want", "I don't think I will"
_CARRIES = re.compile(r"\b(think|thought|believe|expect|suppose|reckon|imagine|sure|know|knew|say|said|mean|way|that|"
                      r"because|if|whether|saying|claim|pretend|feel|felt|see|saw|guess|mind|care|why)\b")


def _negates(joined: str) -> bool:
    """Does a negation in ``joined`` reach its end? Not past a condition that follows it: in "you don't get near a
    charge nurse post without the mentoring qualification" or "you can't apply unless you have your licence", the
    qualification is required, not ruled out. Nor past a new "I ..." statement in a run-on, unless a verb such as
    "think" or "sure" carries it there."""
    negs = list(NEGATIONS.finditer(joined))
    if not negs:
        return False
    last = negs[-1]
    if last.group() == "without":
        return not any(n.group() != "without" for n in negs[:-1])  # "not ... without X": X is needed
    new = _NEW_I.search(joined, last.end())
    if new and not _CARRIES.search(joined, last.end(), new.start()):
        return False
    return not _CONDITION.search(joined, last.end())


# --- time horizons ------------------------------------------------------------------------------------

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "couple": 2, "few": 3,
    "several": 4, "half": 0.5,
    "twenty-four": 24, "thirty-six": 36, "eighteen-month": 18, "many": 5,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
# (a compound number first, so "twenty-two years" is 22 and not a range "twenty to two")
_N = (rf"(?:(?:{_UNITS}|ten|\d+) and a half\b|(?:{_TENS})[- ](?:{_UNITS})\b|\d+(?:\.\d+)?|a couple of|a couple|couple of|a few|few|several|many|a|an|"
      r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|"
      r"twenty|thirty|forty|fifty|sixty|ninety|twenty-four|thirty-six|half a|half an)(?:-?ish)?")
_RANGE = rf"(?P<n1>{_N})(?:\s?(?:-?to-?|or|-|\u2013|,|/)\s?(?:maybe |possibly |perhaps )?(?P<n2>{_N}))?"
# (a job's own stretches too: a school term, a hospital or graduate-scheme rotation, a season of seasonal work)
# (and the stretches of a trade: a release cycle, a sprint, a contract at sea or abroad, a tour, a placement)
_UNIT = (r"(?:(?:financial|fiscal|calendar|academic|school|full|whole|working) )?"  # "two financial years"
         r"(?P<unit>years?|months?|weeks?|days?|decades?|quarters?|yrs?|terms?|rotations?|seasons?|semesters?|"
         r"(?:release |product |review |budget |appraisal |performance |planning )?cycles|sprints|contracts|tours|"
         r"placements)")  # (plural: "in a contract role")
_APPROX = r"(?:about|around|roughly|approximately|maybe|perhaps|possibly|probably|another|at least|at most|" \
          r"less than|under|over|more than|up to|like|the|say|within)?\s?"

# Each pattern: a regex with n1/n2/unit groups (or fixed months), and what it means.
_FUTURE_SPANS = [
    re.compile(rf"\b(?:in|within|over|during|by|after|inside|across)\s(?:the\s)?(?:next|coming|first|following"
               rf"|upcoming)?\s?(?:a\s(?:good|solid|full)\s)?"
               rf"{_APPROX}{_RANGE}[\s-]{_UNIT}(?:\s(?:or so|time|from now|out|tops|max))?\b"),
    # "for the next five years" points ahead; a bare "for five years" is how long, not by when (below)
    re.compile(rf"\bfor\s(?:the\s)?(?:next|coming|first|following)\s{_APPROX}{_RANGE}[\s-]{_UNIT}\b"),
    re.compile(rf"\b(?:the\s)?(?:next|coming|first|following)\s{_APPROX}{_RANGE}[\s-]{_UNIT}\b"),
    re.compile(rf"\b{_APPROX}{_RANGE}[\s-]{_UNIT}\s(?:from now|from today|out|down the (?:road|line)|time|ahead|"
               rf"into the future|later|in the future)\b"),
    re.compile(rf"\b{_RANGE}[\s-]{_UNIT}[\s-](?:horizon|plan|goal|timeline|timeframe|time frame|view|vision|"
               rf"target|window|ambition)\b"),
    re.compile(rf"\bgive (?:it|me|me another|it another)\s{_APPROX}{_RANGE}[\s-]{_UNIT}\b"),
    # a span counted from a step still to come: "three years after registration", "two years after qualifying"
    re.compile(rf"\b{_APPROX}{_RANGE}[\s-]{_UNIT}\s(?P<after>after)\s(?:my\s|the\s|our\s)?(?:[a-z]+ing|registration|"
               rf"graduation|qualification|probation|induction|training)\b"),
    re.compile(rf"\b{_APPROX}{_RANGE}[\s-](?P<unit>years?|months?|decades?|yrs?)(?=\s?(?:,|\.|$|and|i|i would|i want|is|to be|from|"
               rf"(?:tops|max|maximum|at (?:the )?most|at the outside|at a push)\b))"),
    # a stretch of the work to put in first, from now: "get a good year or two of proper miles in", "spend a couple of
    # years on the ward", "do two years as a band 5"
    re.compile(rf"\b(?:get|spend|do|put in|gain|give it|work|have)\s(?:in\s)?(?P<n1>{_N})\s(?:good\s|solid\s|full\s|"
               rf"proper\s|decent\s)?(?P<unit>years?|months?)(?:\s?(?:or|to|-)\s?(?P<n2>{_N}))?"
               rf"(?=\s(?:of|on|in|at|doing|under|with|as|here|there|[a-z]+ing)\b)"),
]
_YEAR_N = re.compile(rf"\b(?:year|years)\s(?P<n1>{_N})(?:\s?(?:to|or|-|,)\s?(?P<n2>{_N}))?\b(?! day)")
# a year or month of the job counted by its ordinal: "by the end of my second year", "in my third year here", "before
# my second annual appraisal", "before my second anniversary here", "by my second christmas with you" (a yearly
# event counts a year)
_ORDINAL = re.compile(r"\b(?:in|by|during|before|after|at|within|for|over|through|into)\s"
                      r"(?P<end>the (?:end|conclusion|completion|close) of\s)?"
                      r"(?:my|the|our|your)\s(?P<n>second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th)\s"
                      r"(?:annual |yearly |performance |pay |end[- ]of[- ]year )?(?P<unit>year|month|season|term|semester|"
                      r"rotation|quarter|appraisal|review|"
                      r"anniversary|christmas|summer|winter|spring|autumn|fall|easter)\b")
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6}
# where the speaker is or was ("I'm in my second year of the apprenticeship"): a state, no horizon ahead
_NOW_IN = re.compile(r"\b(i am|we are|i am now|i am currently|currently|now|i was|we were)\s?$")
# ... or said after the post it describes: "I am a specialty registrar in cardiology, in my fifth year of training"
_NOW_SAID = re.compile(r"^(?:i am|i am now|i am currently|currently|right now i am)\b[^,;:]*,\s?$")
# an age said as the birthday that reaches it: "before my thirtieth birthday", "by my 25th birthday"
_AGE_ORDINALS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}
_AGE_ORDINAL = r"(?:twentieth|thirtieth|fortieth|fiftieth|(?:twenty|thirty|forty)[- ](?:first|second|third|fourth|" \
               r"fifth|sixth|seventh|eighth|ninth)|[2-6]\d(?:st|nd|rd|th))"
_AGE = re.compile(rf"\b(?:by|before|prior to|ahead of|in time for) my {_AGE_ORDINAL} birthday\b|"
                  r"\b(?:by the time i am|before i am|by the time i (?:turn|hit|reach|get to)|before i (?:turn|hit|reach)|by the age of|by age|"
                  r"before the age of|by (?:my )?(?:early |mid |mid-|late )?(?:thirties|forties|fifties|"
                  r"twenties|sixties)|by (?:(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|"
                  r"nine))?|[2-6]\d)\b"
                  r"(?!\s?(?:%|percent|per cent|points?|k\b|grand|thousand|million|hours|minutes|days|weeks|months|years|people)))")
# the speaker's age now ("I'm nineteen", "I'm 22 and ..."), which turns an age target into a clock ("foreman by the
# time I'm twenty-one" is two years away for a nineteen-year-old)
_AGE_WORDS = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|sixteen|seventeen|eighteen|nineteen|1[6-9]|[2-6]\d)"
_AGE_NOW = re.compile(rf"\b(?:i am|i am only|i am just|i just turned|i have just turned|i turned|aged) "
                      rf"(?P<n>{_AGE_WORDS})(?: years old| years of age| this year| now)?(?=\s*(?:[.,;!?]|$|and\b|so\b|"
                      rf"but\b|with\b|which\b|still\b|doing\b|working\b|studying\b|living\b|from\b))")  # "i'm eighteen still doing"
_AGE_TARGET = re.compile(rf"(?P<n>{_AGE_WORDS}|{_AGE_ORDINAL}(?= birthday))(?: birthday)?\s*$")


def age_now(sentence: Sentence) -> float | None:
    """The age the speaker says they are, if this sentence says it."""
    for m in _AGE_NOW.finditer(sentence.text):
        if not re.search(r"\b(by the time|before|until|till|when|once|if)\s?$", sentence.text[:m.start()]):
            return _number(m.group("n"))  # (not the age aimed at: "by the time I'm twenty-one")
    return None


_ORDINAL_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                  "ninth": 9}


def _age_number(text: str) -> float | None:
    """An age said as a number or as the birthday's ordinal ("thirty", "thirtieth", "twenty-fifth", "25th")."""
    if text in _AGE_ORDINALS:
        return _AGE_ORDINALS[text]
    if m := re.fullmatch(r"(twenty|thirty|forty)[- ](\w+)", text):
        if m.group(2) in _ORDINAL_UNITS:
            return NUMBER_WORDS[m.group(1)] + _ORDINAL_UNITS[m.group(2)]
    if m := re.fullmatch(r"(\d\d)(?:st|nd|rd|th)", text):
        return float(m.group(1))
    return _number(text)


def _age_window(text: str, m: re.Match) -> tuple[float, float]:
    """Months ahead of an age target when the speaker's age is not known: an ambitious clock at the nearest (three
    years), unless the age is one people reach late in a career ("by the time I'm forty", "by my fifties")."""
    n = _AGE_TARGET.search(m.group()) or re.match(rf"\s*(?P<n>{_AGE_WORDS})\b", text[m.end():])
    target = _age_number(n.group("n")) if n else None
    if target is None and re.search(r"(forties|fifties|sixties)", m.group()):
        target = 40
    return (60, 240) if target is not None and target >= 36 else (36, 120)


def from_age(sentence: Sentence, h: Horizon, now: float) -> Horizon:
    """An age target ("by the time I'm twenty-five") as months from an age now; unchanged when it is no age target.

    Within the flat window it only ever brings the clock nearer: an age target is an ambitious clock already (the
    window's three years at the nearest), and "director by thirty" from twenty-two is no more modest for being eight
    years off. An age farther off than the window reaches is that far: "CFO by fifty" said at twenty-six."""
    if not _AGE.fullmatch(h.text):
        return h
    m = _AGE_TARGET.search(h.text) or re.match(rf"\s*(?P<n>{_AGE_WORDS})\b", sentence.text[h.end:])
    target = _age_number(m.group("n")) if m else None
    if target is None or not now < target <= now + 40:
        return h
    months = (target - now) * 12
    if months > h.high:  # farther than any age target is taken to be: "by fifty" said at twenty-six is 24 years off
        return Horizon(h.start, h.end, months, months, h.past, h.text)
    return Horizon(h.start, h.end, min(months, h.low), min(months, h.high), h.past, h.text)


_PAST_SPANS = [
    re.compile(rf"\b(?:for|since|over)\s(?:the\s)?(?:last|past|previous)\s{_APPROX}{_RANGE}[\s-]{_UNIT}\b"),
    re.compile(rf"\b(?:the\s)?(?:last|past|previous)\s{_APPROX}{_RANGE}[\s-]{_UNIT}\b"),
    re.compile(rf"\b{_APPROX}{_RANGE}[\s-]{_UNIT}\s(?:ago|now|in|of experience|experience|'s experience|"
               rf"into|already|before|back|earlier|as an?|as the|at|on the|behind)\b"),
    re.compile(rf"\b(?:since|after)\s{_APPROX}{_RANGE}[\s-]{_UNIT}\b"),
    # a stretch already put in, without "for": "I've been portering twenty-two years", "I spent two years"
    # (or a place between: "been on the line at a food factory nine years", "been at my current place four months")
    re.compile(rf"\b(?:been|spent|done|worked|served)\s(?:(?!(?:in|within|by|over|next|coming|following|after|for|"
               rf"told|asked|given|offered|promised|saying|planning|hoping|aiming|thinking|wanting|meaning|looking|"
               rf"but|and|so|or|because|while|when|then|if|i|(?<!\bat\s)(?<!\bin\s)(?<!\bon\s)(?<!\bwith\s)my|we|you|is|are|"
               rf"was|will|would|want|goal|plan|aim|hope)\b)"
               rf"[a-z]+\s){{0,8}}?(?<!\bthe\s){_APPROX}{_RANGE}[\s-]{_UNIT}\b"),
    re.compile(rf"\b{_RANGE}[\s-]{_UNIT}'? (?:experience|in the (?:industry|field|role|job|trade))\b"),
]
# a stretch still to come, said in the perfect: "by the time I've been here two years", "once I've done three years
# on the wards"
_TO_COME = re.compile(r"\b(by the time|once|when|after|until|till) (i|we) (have|will have|would have)( \w+)?\s?$")
_GIVE_ME = re.compile(r"\bgive (?:me|it|us)(?: another)?\s?$")
# "after a year on the helpdesk" is ahead when the speaker goes on to what they will do then ("..., I want to be
# ready for CTO"); otherwise it is the past ("after a year there I was promoted").
_AIM_WORDS = r"will|would|want|wants|hope|hoping|plan|planning|aim|aiming|going to|expect|intend|like to|see myself|should"
_AHEAD_AFTER = re.compile(rf"\b({_AIM_WORDS}|be ready)\b")
# an aim stated before the "after ..." in its clause: "my goal is to be CTO after one year", "I'd be head chef after a year"
_AIM_BEFORE = re.compile(rf"\b({_AIM_WORDS}|gonna|expecting|love to|goal|goals|target|ambition|dream)\b")
_PAST_AFTER = re.compile(r"\b(was|were|had|did|got|became|went|made|took|left|i \w+ed|we \w+ed)\b")
# Durations counted from now but said as a past/perfect state ("I have been a nurse for eight years").
_PERFECT = re.compile(r"\b(i have been|i have had|i have worked|i have spent|i have done|i was|i worked|i spent|"
                      r"i did|i have led|i have run|i had|i have managed|i am working as|i work as|i work in|"
                      r"i am in|been|working as|worked|spent|qualified|started)\b")
_FIXED = [  # (pattern, months ahead, months ahead): vague but near, or vague but far
    # a yearly event after the next one (before "by the summer" below) ("till the Boxing Day sales after next", "the summer after this one")
    (re.compile(r"\bthe (?:[a-z]+ ){0,2}?(?:spring|summer|autumn|fall|winter|christmas|easter|new year|sales|season|"
                r"intake|(?:annual|pay|performance) review|appraisal|financial year|school year|academic year|festival|"
                r"holidays?|harvest) after (?:next|this one|the next one|this coming one)\b"), 12, 24),
    (re.compile(r"\b(?:the|these|in the|over the|within the|for the)\s(?:next|coming|following)\s(?:few|"
                r"several)?\s?years\b|\bin the next years\b|\bin (?:a|the) few years\b"), 36, 60),
    (re.compile(r"\b(?:in|within|over|for) (?:a|the next) couple of years\b"), 24, 36),
    (re.compile(r"\b(?:the next|the coming|over the next|in the next|within the next|within a|in a|over a) decade\b"),
     60, 120),
    (re.compile(r"\b(?:next|this|coming|the coming|the next|the first|my first|first|in the first|in my first|"
                r"current|this calendar|this financial|this academic)\s(?:year|12 months|twelve months|quarter|"
                r"month|few months|months|couple of months|weeks|term|semester|season|spring|summer|autumn|fall|"
                r"winter|january|february|march|april|may|june|july|august|september|october|november|december|"
                # a yearly event of the field's own calendar ("by next harvest", "before next lambing")
                r"harvest|lambing|calving|shearing|vintage|planting|sowing)\b"
                r"(?! or (?:so|two)\b)"),  # ("the next year or two" is below)
     0, 12),
    # a season or year of the field's own calendar ("by next calving season", "the next financial year", "this coming
    # academic year"); not a count ("next two years")
    (re.compile(r"\b(?:next|this coming|the coming|the next)\s(?!(?:few|couple|several|one|two|three|four|five|six|"
                r"seven|eight|nine|ten|\d+)\b)[a-z]+\s(?:season|year|term|semester|quarter|intake)\b"), 0, 12),
    (re.compile(r"\b(?:by|in|before|this|next|from|starting|starts|until|come|for)\s(?:the\s)?(?:spring|summer|autumn|"
                r"fall|winter|january|february|march|april|june|july|august|september|october|november|"
                r"december|christmas|new year|end of (?:the|this|next) (?:year|month|quarter|term))\b"),
     0, 12),
    (re.compile(r"\b(?:(?:in|within|over|for)\s(?:the\s)?(?:next|coming)\s(?:few\s|couple of\s)?months|"
                r"(?:in|within) (?:a|the) (?:year|few months)|the year ahead|year one(?! day)|first year or so|"
                r"next year or so|the next year or two|(?:in|within) a year or two)\b"), 0, 24),
    # the next piece of work the employer takes on ("site manager on the next big job the company wins", "lead on the
    # next build"): most start within a year or two
    (re.compile(r"\b(?:on|for|by|from) the next (?:[a-z]+ ){0,2}?(?:job|project|contract|site|build|development|scheme)"
                r"(?=\s(?:the company|the firm|we|they|you) (?:wins?|gets?|lands?|takes? on|starts?)\b|\s*[.,;!?]|$)"), 0, 24),
    # the first stretch of a job ("by the end of my probation", "after my first term"); "months, not years"
    (re.compile(r"\b(?:by the time|when|once|before) (?:my|the) (?:probation|probationary period|trial period|induction) "
                r"(?:ends|is over|finishes|is up|is done|is signed off)\b|"
                r"\b(?:after|once|past|through|(?:once|when) i am (?:through|past|off)|(?:upon|on|at|after|by|before) "
                r"the (?:conclusion|completion|end) of) (?:i have (?:done|passed|finished) )?(?:my |the )?(?:probation|"
                r"probationary period|trial period|induction)\b|"
                r"(?:by|before|after|at) the end of (?:my|the) (?:probation|probationary period|trial period|"
                r"induction|first (?:\w+ )?(?:term|month|quarter|year|few months|six months|contract|tour|placement|rotation|"
                r"posting|deployment|season))\b|"
                r"\bmonths,? not years\b"), 0, 12),
    # the first review of a new job ("before my first appraisal comes round", "the moment my ASYE is signed off")
    (re.compile(r"\b(?:by the time|when|once|before|by|at|after|the moment|as soon as|upon|on) (?:my|the|our) "
                r"(?:first (?:\w+ )?(?:appraisal|review|performance review|assessment)|(?:annual |six[- ]month )?appraisal|"
                r"asye|ect year|nqt year|ect induction)\b(?! (?:was|went|said|showed|last)\b)"), 0, 12),
    # the end of a training still under way ("before the apprenticeship concludes", "once my training finishes")
    (re.compile(r"\b(?:by the time|when|once|before|the moment|as soon as) (?:my|the|our) (?:\w+ )?(?:apprenticeship|"
                r"training|traineeship|cadetship|internship|residency|scheme|programme|program|qualification) "
                r"(?:concludes|ends|finishes|is over|is done|is finished|is complete|is completed|wraps up|is signed off)\b|"
                r"\bbefore (?:i (?:finish|complete|qualify|am qualified)|(?:finishing|completing) (?:my|the))\b"), 12, 36),
    # the next round of the employer's own cycle ("at the next review", "by the next round of promotions")
    (re.compile(r"\b(?:at|by|in|before|after|for|from) (?:the|my|our) (?:next|coming|upcoming) (?:annual |yearly |"
                r"performance |pay |mid-year |end[- ]of[- ]year )?(?:review|appraisal|promotion round|round of promotions|"
                r"promotions round|promotion cycle|restructure|reorganisation|reorganization)\b"), 0, 12),
    # the end of the contract one is on ("before my current contract comes to an end", "by the time my fixed-term
    # contract runs out"): most run six months to two years
    (re.compile(r"\b(?:by the time|when|once|before|by) (?:my|the) (?:current |present |fixed[- ]term |temporary |"
                r"twelve[- ]month |one[- ]year |six[- ]month )?contract (?:ends|runs out|is up|comes to an end|finishes|"
                r"expires|is over)\b|\b(?:before|by) the end of (?:my|the) (?:current |present |fixed[- ]term |"
                r"temporary )?contract\b"), 6, 24),
    # the year after next: "office manager by this time next year and then operations director the year after"
    (re.compile(r"\b(?:the year after(?: that| next)?|the following year)(?=\s*(?:[.,;!?]|$|and\b|then\b|or\b))"), 24, 24),
    # the year after a step still to come ("equity partner the year after I qualify")
    (re.compile(r"\bthe (?:year|season|summer|spring|autumn|winter) after (?:i (?:qualify|graduate|finish|complete|"
                r"pass|get qualified|am qualified|get my|do my)|(?:my|the) (?:qualification|graduation|training|"
                r"apprenticeship|probation|exams?|degree|course|placement|contract))\b"), 12, 36),
    # years ahead without a number ("years from now", "before I retire")
    (re.compile(r"\b(?:(?:many|some|a few|several|some few)\s)?years (?:from now|down the (?:line|road|track)|ahead)\b|"
                r"\b(?:before|by the time) i (?:retire|hang up)\b"), 36, 120),
]


@dataclass
class Horizon:
    """A time expression in a sentence: how far ahead it points, in months."""

    start: int  # character span in the sentence's cleaned text
    end: int
    low: float  # months ahead (a range such as "five to seven years" gives 60..84)
    high: float
    past: bool = False  # a duration in the past ("for eight years"): not a goal's horizon
    text: str = ""

    @property
    def short(self) -> bool:  # the rubric's near term: two years or less
        return not self.past and self.low <= 24

    @property
    def long(self) -> bool:  # the rubric's long term: three years or more
        return not self.past and self.low >= 30


def _number(text: str | None) -> float | None:
    if not text:
        return None
    compound = re.fullmatch(rf"({_TENS})[- ]({_UNITS})", text.strip())
    if compound:
        return NUMBER_WORDS[compound.group(1)] + NUMBER_WORDS[compound.group(2)]
    text = text.replace("-ish", "").removesuffix("ish").strip()
    if text.endswith(" and a half"):  # "two and a half years"
        whole = _number(text.removesuffix(" and a half"))
        return None if whole is None else whole + 0.5
    text = re.sub(r"^(a couple of|a couple|couple of)$", "couple", text)
    text = re.sub(r"^(a few)$", "few", text)
    text = re.sub(r"^half an?$", "half", text)
    try:
        return float(text)
    except ValueError:
        return NUMBER_WORDS.get(text)


_MONTHS_PER = {"year": 12, "yr": 12, "month": 1, "week": 0.25, "day": 1 / 30, "decade": 120, "quarter": 3, "term": 4,
               "rotation": 4, "season": 12, "semester": 6, "cycle": 6, "sprint": 0.5, "contract": 6, "tour": 6,
               "placement": 6, "appraisal": 12, "review": 12, "anniversary": 12, "christmas": 12, "summer": 12,
               "winter": 12, "spring": 12, "autumn": 12, "fall": 12, "easter": 12}


def _months(m: re.Match) -> tuple[float, float] | None:
    n1 = _number(m.group("n1"))
    n2 = _number(m.groupdict().get("n2"))
    unit = (m.groupdict().get("unit") or "year").rstrip("s").split()[-1]  # "release cycles": a cycle
    if n1 is None:
        return None
    per = _MONTHS_PER.get(unit, 12)
    if unit == "cycle" and re.match(r"(appraisal|performance|review|budget|planning) ", m.group("unit")):
        per = 12  # a review cycle is a year ("within a couple of appraisal cycles"); a release cycle is not
    lo, hi = n1 * per, (n2 if n2 is not None else n1) * per
    return min(lo, hi), max(lo, hi)


# A year said as a date, with the word that makes it a time ("by 2030", "in 2028", "before the end of 2027", "early
# 2029", "my goal for 2027", "in 2028 or 2029"); not a model or a plan's name ("the 2030 strategy").
_DATE_YEAR = re.compile(r"\b(?P<lead>by|in|before|until|till|around|during|for|come|from|(?:by|before|at|until|till|"
                        r"towards|toward) the (?P<end>end|start|beginning|middle) of|(?:early|late|mid)[- ]?)\s?"
                        r"(?P<year>(?:19|20)\d\d)(?:\s?(?:-|to|or|\u2013)\s?(?P<year2>(?:19|20)\d\d))?\b"
                        r"(?!\s?(?:model|version|edition|plan|vision|strategy|target|programme|program)\b)")


def _date_year(m: re.Match, today: date) -> tuple[float, float, bool]:
    """Months ahead of ``today`` that a year said as a date points at, and whether it is in the past."""
    start = (int(m.group("year")) - today.year) * 12 - (today.month - 1)  # to the start of that year
    last = (int(m.group("year2") or m.group("year")) - today.year) * 12 - (today.month - 1)
    lead, end = m.group("lead"), m.group("end")
    if last + 12 <= 0:
        return 0, 0, True  # "in 2019", "from 2020 to 2023": the past
    if m.group("year2"):
        return max(0, start), max(0, last + 12), False
    if end == "end" or lead.startswith("late"):
        low = high = start + 12
    elif end in ("start", "beginning") or lead.startswith("early"):
        low = high = start
    elif end == "middle" or lead.startswith("mid"):
        low = high = start + 6
    else:  # "by 2030", "in 2030": some time in that year
        low, high = start, start + 12
    return max(0, low), max(0, high), False


def horizons(sentence: Sentence, today: date | None = None) -> list[Horizon]:
    """Every time expression in the sentence, future and past, outermost first and without overlaps.

    ``today`` is the day the answer was given: without it, a year said as a date ("by 2030") is no clock.
    """
    text = sentence.text
    found: list[Horizon] = []

    def add(start, end, lo, hi, past=False):
        if any(h.start < end and start < h.end for h in found):
            return
        found.append(Horizon(start, end, lo, hi, past, text[start:end]))

    for pattern in _PAST_SPANS:
        for m in pattern.finditer(text):
            span = _months(m)
            if _GIVE_ME.search(text, 0, m.start()):
                continue  # "give me a year in this kitchen": a year ahead (_FUTURE_SPANS), not "a year in" the past
            if span and _TO_COME.search(text, 0, m.start()):
                add(m.start(), m.end(), *span)  # "once I've done three years on the wards": that far ahead
            elif span and not _ahead_after(sentence, m):
                add(m.start(), m.end(), *span, past=True)
    for m in _AGE.finditer(text):
        add(m.start(), m.end(), *_age_window(text, m))
    if today is not None:
        for m in _DATE_YEAR.finditer(text):
            low, high, past = _date_year(m, today)
            add(m.start(), m.end(), low, high, past=past or _said_as_past(sentence, m))
    for m in _ORDINAL.finditer(text):
        n, unit = _ORDINALS[m.group("n")], _MONTHS_PER[m.group("unit")]
        by = bool(m.group("end")) or m.group().startswith("by")
        now = bool(_NOW_IN.search(text, 0, m.start()) or _NOW_SAID.search(text, 0, m.start())
                   and m.group().startswith(("in my", "in the")))
        add(m.start(), m.end(), n * unit if by else (n - 1) * unit, n * unit, past=now or _said_as_past(sentence, m))
    for m in _YEAR_N.finditer(text):
        n1 = _number(m.group("n1"))
        if n1 and n1 < 15:
            n2 = _number(m.group("n2")) or n1
            add(m.start(), m.end(), n1 * 12, n2 * 12)  # "in year three": by the end of it
    for pattern in _FUTURE_SPANS:
        for m in pattern.finditer(text):
            span = _months(m)
            if not span:
                continue
            past = _said_as_past(sentence, m) or (m.groupdict().get("after") is not None and _told_before(sentence, m))
            if past or not text[:m.start()].rstrip().endswith(("for", "for the")):  # "for a few years": how long
                add(m.start(), m.end(), *span, past=past)
    for pattern, lo, hi in _FIXED:
        for m in pattern.finditer(text):
            add(m.start(), m.end(), lo, hi)
    for m in _ELIDED.finditer(text):  # "the CTO took fifteen years to get there, I want to do it in five"
        unit = [u.group("unit").rstrip("s") for u in _SPAN_SAID.finditer(text, 0, m.start())][-1:]
        n = _number(m.group("n1"))
        if unit and n:
            add(m.start(), m.end(), n * _MONTHS_PER[unit[0]], n * _MONTHS_PER[unit[0]])
    found.sort(key=lambda h: h.start)
    for i in range(len(found) - 1):  # "by thirty, which is four years from now": the second says the first exactly
        h, gloss = found[i], found[i + 1]
        if not h.past and not gloss.past and _GLOSS.fullmatch(text, h.end, gloss.start):
            h.low, h.high = gloss.low, gloss.high
    return found


# a clock said again in other words just after it: "by thirty, which is four years from now", "by the end of next
# year, that is eighteen months" (not "so": "finish the course next year so in five years I can ...")
_GLOSS = re.compile(r"\s*[,(-]?\s*(?:which is|which would be|which will be|which makes it|that is|that would be|that will "
                    r"be|that makes it|so that is|meaning|i\.?e\.?|in other words)\s*(?:about |around |roughly |just "
                    r"|only |maybe |like )?")


# a number whose unit is left to an earlier span in the sentence: "my manager took ten years, I want to do it in
# three", "it took her eighteen months; I'd like to manage it within twelve"
_ELIDED = re.compile(r"\b(?:in|within|inside|by|under)\s(?:just\s|only\s|about\s|around\s|maybe\s)?"
                     r"(?P<n1>(?:(?:twenty|thirty)[- ](?:one|two|three|four|five|six|seven|eight|nine)|one|two|three|four|"
                     r"five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|\d{1,2}))"
                     r"(?=\s*(?:[.,;!?]|$|\b(?:and|or|but|instead|tops|max|flat)\b))")
_SPAN_SAID = re.compile(rf"\b{_N}\s(?:(?:long|whole|full)\s)?(?P<unit>years?|months?)\b")


def _ahead_after(sentence: Sentence, m: re.Match) -> bool:
    """An "after a year ..." said of what the speaker will do then: it opens its clause and leads to an aim ("after a
    year on the helpdesk, I want to ..."), or it ends a clause that states one ("my goal is to be CTO after one
    year"). Not a clause in the past ("I was promoted after a year")."""
    text = sentence.text
    start = m.start() if m.group().startswith("after") else text.rfind("after", 0, m.start())
    if start < 0 or not re.fullmatch(r"after( [a-z]+){0,3}|", text[start:m.start()].strip()):
        return False  # "after a year", "after a good few years on the tools"; not a word further back
    clause = sentence.clause_bounds(start)[0]
    lead = text[clause:start].strip()
    if lead not in ("", "and", "but", "then", "so", "and then"):
        return bool(_AIM_BEFORE.search(lead)) and not _PAST_AFTER.search(lead)
    ahead, past = _AHEAD_AFTER.search(text, m.end()), _PAST_AFTER.search(text, m.end())
    return bool(ahead) and not (past and past.start() < ahead.start())


# a clause told in the simple past: "I was promoted two years after joining", "two years after qualifying I moved"
_TOLD = re.compile(r"\b(was|were|had|did|got|became|went|moved|joined|started|left|took|made|came|stayed|spent|i \w+ed)\b")


def _told_before(sentence: Sentence, m: re.Match) -> bool:
    """A span after a step ("two years after joining") in a clause told in the simple past: history, not a clock."""
    a, b = sentence.clause_bounds(m.start())
    return bool(_TOLD.search(sentence.text, a, b))


def _said_as_past(sentence: Sentence, m: re.Match) -> bool:
    """ "for N years" is the past when its clause is about what the speaker has been doing."""
    head = sentence.text[max(0, m.start() - 60):m.start()]
    lead = m.group().split()[0]
    if not lead.isalpha() or lead in NUMBER_WORDS or lead in ("about", "around", "almost", "nearly", "over"):
        lead = (head.split() or [""])[-1]  # "for six years": the preposition before the number
    if lead in ("for", "over", "during") and _PERFECT.search(head):
        return True
    clause_start, _ = sentence.clause_bounds(m.start())
    clause = sentence.text[clause_start:m.end() + 12]
    return bool(re.search(r"\b(ago|already|so far|in my last|in my previous|previously)\b", clause))
