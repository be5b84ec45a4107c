"""The rubric as data: load prompts/rubric.toml, validate it, compile its cues.

Everything a coach might tune (cue phrases, thresholds, weights, feedback wording) lives in the
TOML file; this module only checks it and turns regex strings into compiled patterns. A bad file
gives a RubricError naming the file and the key.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import config
from .errors import RubricError

COMPONENT_IDS = (
    "framing", "goal_long", "goal_short", "steps", "ladder",
    "learning", "contribution", "balance", "employer",
)
FLAG_IDS = ("leaving", "money", "overreach", "vague", "flippant", "personal", "no_ambition")
LENGTH_VERDICTS = ("too_short", "brief", "good", "long", "too_long")


# Strings a well-behaved cue gets through at once; a pattern that backtracks catastrophically on them
# ("(\\w+\\s?)+$") would hang the analysis of a real answer, so it is refused at load.
_RUNAWAY_PROBES = ("a " * 40 + "!", "a" * 120 + "!", "word, " * 30 + "?", "i am, i am, " * 20 + ".")


class Pattern:
    """A cue group compiled as one pattern, matched with a time limit.

    Cues are regular expressions a coach may edit; one that backtracks catastrophically must not hang a
    batch. Matching gives up after config.CUE_MATCH_TIMEOUT_S and the RubricError names the cue.
    """

    def __init__(self, path: Path, key: str, parts: list[str], compiled: "regex.Pattern"):
        self.path, self.key, self.parts, self.compiled = path, key, parts, compiled
        self.pattern = compiled.pattern

    def _run(self, method: str, text: str, pos: int = 0, endpos: int | None = None):
        try:
            found = getattr(self.compiled, method)(text, pos, len(text) if endpos is None else endpos,
                                                    timeout=config.CUE_MATCH_TIMEOUT_S)
            return list(found) if method == "finditer" else found  # finditer matches lazily: time it here
        except TimeoutError:
            raise self._runaway(text) from None

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._run("search", text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._run("match", text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._run("fullmatch", text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list:
        return self._run("finditer", text, pos, endpos)

    def _runaway(self, text: str) -> RubricError:
        for i, part in enumerate(self.parts):
            try:
                whole_words([part]).search(text, timeout=config.CUE_MATCH_TIMEOUT_S)
            except TimeoutError:
                return RubricError(f"{self.path}: {self.key}[{i}]: the pattern {part!r} runs away (catastrophic "
                                   f"backtracking) on {text[:60]!r}; simplify it")
        return RubricError(f"{self.path}: {self.key}: the patterns together run away on {text[:60]!r}; simplify them")


_WORD_GAP = re.compile(r"(\((?:,? )?| )\\w\+( \)|\)|,| )")


def whole_words(parts: list[str]):
    import regex

    if not parts:
        return regex.compile(r"(?!x)x")  # an emptied group never matches
    # whole words: not inside a word or a hyphenated compound, and not "don" of "don't" (a possessive is fine, and so
    # is a plural's: "the kids' brushing sessions")
    # a word gap ("(\w+ ){0,3}", "( \w+){0,4}") also steps over a hyphenated word: "patients with long-term pain"
    parts = [_WORD_GAP.sub(r"\1[\\w'-]+\2", p) for p in parts]
    return regex.compile(r"(?<![\w'-])(?:" + "|".join(f"(?:{p})" for p in parts) + r")(?!\w)(?!'(?!s\b)\w)")


@dataclass
class Cue:
    """One component or flag: its cue groups (compiled), its parameters, and what to say about it."""

    id: str
    label: str  # a heading: "A long-term goal"
    groups: dict[str, Pattern]  # name -> one pattern for the whole group, matched as whole words
    params: dict[str, float] = field(default_factory=dict)  # numbers such as first_sentences
    text: dict[str, str] = field(default_factory=dict)  # strength/missing/unsure/fix or problem/fix
    name: str = ""  # the short form people read in lists and tables: "long-term goal"


# The cue groups each part and flag must have (content.py combines them; the comments in the TOML say how).
GROUPS = {
    "framing": ("cues", "hint"), "goal_long": ("aspire", "not_goal", "hedge", "hint"),
    "goal_short": ("cues", "not_goal", "hint"),
    "steps": ("credential", "minor", "project", "target", "background", "target_verb", "vague_step", "hint"),
    "ladder": ("cues", "loose", "sequence", "hint"), "learning": ("cues", "not_goal", "hint"),
    "contribution": ("help", "relied_on", "improve", "trait", "hint"), "balance": ("cues", "hint"),
    "employer": ("cues", "loose", "workplace", "yours", "elsewhere", "generic", "hint"),
    "leaving": ("cues", "stays", "alongside"), "money": ("cues", "personal_money"),
    "overreach": ("cues", "top", "senior", "manager", "manager_title", "experienced"),
    "vague": ("cues",), "flippant": ("cues", "retraction"), "personal": ("cues", "centred"), "no_ambition": ("cues",),
}
# Groups a coach's older copy of the rubric may lack (the rules then go without what they add)
OPTIONAL_GROUPS = {"ladder": ("echo", "common", "reasoned", "back"),
                   "overreach": ("quick", "junior", "jump", "ready", "promotion", "seasoned", "others",
                                 "senior_now", "arrival"),
                   "steps": ("dated", "state"), "employer": ("named",), "leaving": ("bounded",)}
PARAMS = {"framing": ("first_sentences",),
          "overreach": ("overreach_months", "top_months", "manager_months", "manager_title_months")}
# Numbers a coach's older copy may lack (the group they time is then optional too)
OPTIONAL_PARAMS = {"overreach": ("promotion_months", "new_months", "seasoned_months")}
VOCABULARY = ("intent", "goal_statement", "generic_growth", "past", "long_time", "later_time", "short_time",
              "soon_time", "pleasantry", "sign_off", "role", "role_not",
              "workplace", "beneficiary", "life", "work_tie", "company_money")
_REF = re.compile(r"\{\{(\w+)\}\}")
# The fields each kind of feedback wording may name (feedback.py fills them in).
FILL_FIELDS = ("quote", "goal_long_ref", "goal_long_short")
DELIVERY_FIELDS = {"slow": ("rate",), "fast": ("rate",), "fillers": ("count", "per_minute", "top"),
                   "fillers_distracting": ("count", "per_minute", "top"), "long_pauses": ("count", "s", "times"),
                   "latency": ("latency",), "hedges": ("items",)}
DELIVERY_NUMBERS = ("speech_rate_slow", "speech_rate_fast", "pause_gap_s", "long_pause_s", "start_latency_note_s",
                    "fillers_good_per_min", "fillers_distracting_per_min", "fillers_harmful_per_min")
CAPS = {"too_short": ("length",), "too_long": ("length",), "fillers": ("per_minute",)}
DELIVERY_CREDITS = ("rate_good", "rate_ok", "rate_off", "fillers_good", "fillers_some", "fillers_distracting",
                    "per_long_pause", "per_hedge")
VERDICTS = ("strong", "adequate", "weak")


@dataclass
class LengthBand:
    verdict: str
    max_seconds: float
    max_words: float


@dataclass
class Rubric:
    id: str
    version: str
    path: Path
    components: dict[str, Cue]
    flags: dict[str, Cue]
    vocabulary: dict[str, Pattern]
    negation_window: int
    short_months: float
    long_months: float
    length_bands: list[LengthBand]
    length_labels: dict[str, str]  # length verdict -> how people read it: "too short"
    length_feedback: dict[str, str]
    delivery: dict
    delivery_feedback: dict[str, str]
    fillers_always: list[str]
    fillers_phrases: list[str]
    fillers_contextual: list[str]
    hedges: list[str]
    semantic_hedge: float  # the second opinion's probability at which "missing" becomes "unsure"
    semantic_confirm: float  # ... that a plainly found part's evidence needs to be praised
    semantic_credit: float  # ... at which a whole answer credits a part the rules missed, tentatively
    semantic_flag: float  # ... that a raised red flag's evidence needs to be asserted (below it, it is asked)
    weights: dict[str, float]
    component_weights: dict[str, float]
    flag_penalty: float
    length_credit: dict[str, float]
    delivery_credit: dict[str, float]
    gap_order: list[str]
    max_written_gaps: int
    tentative_line: str
    verdict_lines: dict[str, str]
    verdict_bands: dict[str, tuple[float, float]]
    capped_lines: dict[str, str]

    def name(self, cid: str) -> str:
        """What people read for a component or flag id in lists and tables ("long-term goal")."""
        cue = self.components.get(cid) or self.flags.get(cid)
        return cue.name if cue else cid.replace("_", " ")

    def length_label(self, verdict: str | None) -> str:
        """What people read for a length verdict ("too short")."""
        return self.length_labels.get(verdict or "", (verdict or "").replace("_", " "))

    def group(self, section: str, name: str) -> Pattern:
        """A cue group by place: ``group("components.steps", "credential")``."""
        kind, cid = section.split(".")
        return (self.components if kind == "components" else self.flags)[cid].groups[name]


class _Reader:
    """Small helper so every validation error names the file and the key."""

    def __init__(self, path: Path, data: dict):
        self.path, self.data = path, data

    def fail(self, key: str, why: str):
        key = re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", key)  # "length.bands.2.max_words" -> "length.bands[2].max_words"
        raise RubricError(f"{self.path}: {key}: {why}")

    def get(self, key: str, kind: type | tuple, default=None):
        node = self.data
        for part in key.split("."):
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
                continue
            if not isinstance(node, dict) or part not in node:
                if default is not None:
                    return default
                self.fail(key, "missing")
            node = node[part]
        if not isinstance(node, kind):
            kinds = {k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,))}
            names = {"float": "a number", "int": "a whole number", "str": "text", "list": "a list", "dict": "a table",
                     "bool": "true or false"}
            wanted = "a number" if "float" in kinds else " or ".join(names.get(k, k) for k in sorted(kinds))
            self.fail(key, f"expected {wanted}, got {type(node).__name__} {node!r}"[:200])
        return node

    def number(self, key: str, *, integer: bool = False, minimum: float | None = None) -> float:
        value = self.get(key, (int, float))
        if isinstance(value, bool) or (integer and not isinstance(value, int)):
            self.fail(key, f"expected {'a whole number' if integer else 'a number'}, got {value!r}")
        if value != value or (minimum is not None and value < minimum):  # NaN, or below the minimum
            self.fail(key, f"expected a number of at least {minimum}, got {value!r}")
        return value

    def template(self, key: str, fields: tuple[str, ...]) -> str:
        """Feedback wording: plain {name} fields from ``fields`` only (no attributes, indexes or conversions)."""
        text = self.get(key, str)
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as e:
            self.fail(key, f"bad template {text!r}: {e} (write a literal brace as {{{{ or }}}})")
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if name not in fields or spec or conversion:
                allowed = ", ".join("{" + f + "}" for f in fields) or "no fields"
                self.fail(key, f"unknown field {{{name}{'!' + conversion if conversion else ''}"
                               f"{':' + spec if spec else ''}}} in {text!r}; it can use {allowed}")
        return text

    def pattern(self, key: str, items, refs: dict[str, str] | None = None) -> Pattern:
        """A list of regular expressions as one pattern, each matched as whole words on the cleaned text."""
        import regex

        if not isinstance(items, list):
            self.fail(key, f"expected a list of regular expressions, got {type(items).__name__}")
        parts = []
        for i, text in enumerate(items):
            if not isinstance(text, str):
                self.fail(f"{key}[{i}]", "expected a string")
            if text != text.strip():
                self.fail(f"{key}[{i}]", f"{text!r} starts or ends with a space, so it can never match a whole word")
            for name in _REF.findall(text):
                if refs is None or name not in refs:
                    self.fail(f"{key}[{i}]", f"unknown word class {{{{{name}}}}}; the vocabulary has: {sorted(refs or [])}")
            parts.append(_REF.sub(lambda m: refs[m.group(1)], text))
        try:
            whole = whole_words(parts)
        except regex.error:
            whole = None
        if whole is None or self._runs_away(whole):
            for i, (text, part) in enumerate(zip(items, parts)):  # find the culprit to name it
                try:
                    single = whole_words([part])
                except regex.error as e:
                    self.fail(f"{key}[{i}]", f"bad regular expression {text!r}: {e}")
                if self._runs_away(single):
                    self.fail(f"{key}[{i}]", f"the pattern {text!r} runs away (catastrophic backtracking) on a long "
                                             "sentence; simplify it")
            self.fail(key, "the patterns together run away (catastrophic backtracking); simplify them")
        return Pattern(self.path, key, parts, whole)

    @staticmethod
    def _runs_away(compiled) -> bool:
        for probe in _RUNAWAY_PROBES:
            try:
                compiled.search(probe, timeout=config.CUE_MATCH_TIMEOUT_S)
            except TimeoutError:
                return True
        return False




# A field's own ranks (flags.overreach.ranks.<field>: first / senior / top), said as a goal in the ways `rank_goal`
# lists ({{rank}} stands for the posts of one level), join the overreach group that times them.
RANK_LEVELS = {"first": "jump", "senior": "senior", "top": "top"}
_RANK_WORDS = re.compile(r"[a-z][a-z' -]*[a-z]")


def _ranks(r: _Reader, key: str, node: dict) -> dict[str, list[str]]:
    """The patterns each overreach group gains from the ranks table: {group: [pattern, ...]}; none without a table."""
    import regex

    table = node.get("ranks")
    if table is None:
        return {}
    if not isinstance(table, dict):
        r.fail(f"{key}.ranks", f"expected a table of fields, got {type(table).__name__}")
    said = r.get(f"{key}.rank_goal", list, [])
    if not said:
        r.fail(f"{key}.rank_goal", "missing: the ranks table needs the ways a rank is said as a goal")
    for i, text in enumerate(said):
        if not isinstance(text, str) or "{{rank}}" not in text:
            r.fail(f"{key}.rank_goal[{i}]", "expected a pattern with {{rank}} where the post goes")
        try:  # named here, not as the group the ranks join (whose patterns the coach did not write)
            whole_words([text.replace("{{rank}}", "(post)")])
        except regex.error as e:
            r.fail(f"{key}.rank_goal[{i}]", f"bad regular expression {text!r}: {e}")
    posts: dict[str, set[str]] = {level: set() for level in RANK_LEVELS}
    for name, levels in table.items():
        where = f"{key}.ranks.{name}"
        if not isinstance(levels, dict):
            r.fail(where, f"expected a table of levels ({', '.join(RANK_LEVELS)}), got {type(levels).__name__}")
        for level, items in levels.items():
            if level not in RANK_LEVELS:
                r.fail(f"{where}.{level}", f"unknown level; a field's ranks are {', '.join(RANK_LEVELS)}")
            if not isinstance(items, list):
                r.fail(f"{where}.{level}", f"expected a list of posts, got {type(items).__name__}")
            for i, post in enumerate(items):
                if not isinstance(post, str) or not _RANK_WORDS.fullmatch(post):
                    r.fail(f"{where}.{level}[{i}]", f"{post!r}: a post is lower-case words (letters, spaces, hyphens, "
                                                    "apostrophes), no pattern")
                posts[level].add(post)
    # a post listed at two levels (in two fields) counts at the lower, so it is never timed as more than it may be
    posts["top"] -= posts["first"] | posts["senior"]
    posts["senior"] -= posts["first"]
    out: dict[str, list[str]] = {}
    for level, group in RANK_LEVELS.items():
        if posts[level]:
            alternation = "(" + "|".join(re.escape(p).replace(r"\ ", " ").replace(r"\-", "-")
                                         for p in sorted(posts[level], key=len, reverse=True)) + ")"
            out.setdefault(group, []).extend(text.replace("{{rank}}", alternation) for text in said)
    return out


def _with(items, more: list[str] | None):
    return items + more if more and isinstance(items, list) else items


def _cue(r: _Reader, section: str, cid: str, texts: tuple[str, ...], refs: dict[str, str]) -> Cue:
    key = f"{section}.{cid}"
    node = r.get(key, dict)
    ranks = _ranks(r, key, node) if cid == "overreach" else {}
    groups = {}
    for name in GROUPS[cid]:
        if name not in node:
            r.fail(f"{key}.{name}", "missing (a cue group may be emptied, not removed)")
        groups[name] = r.pattern(f"{key}.{name}", _with(node[name], ranks.get(name)), refs)
    optional = OPTIONAL_GROUPS.get(cid, ())
    for name in optional:
        if name in node:
            groups[name] = r.pattern(f"{key}.{name}", _with(node[name], ranks.get(name)), refs)
    extra = {k for k, v in node.items() if isinstance(v, list)} - set(GROUPS[cid]) - set(optional) \
        - ({"rank_goal"} if cid == "overreach" else set())
    if extra:
        r.fail(key, f"unknown cue group(s) {sorted(extra)}; {cid} reads {list(GROUPS[cid]) + list(optional)}")
    params = {name: r.number(f"{key}.{name}", integer=name == "first_sentences", minimum=0)
              for name in PARAMS.get(cid, ())}
    params |= {name: r.number(f"{key}.{name}", minimum=0) for name in OPTIONAL_PARAMS.get(cid, ()) if name in node}
    return Cue(id=cid, label=r.get(f"{key}.label", str), name=r.get(f"{key}.name", str), groups=groups, params=params,
               text={t: r.template(f"{key}.{t}", FILL_FIELDS) for t in texts})


def _vocabulary(r: _Reader) -> tuple[dict[str, re.Pattern], dict[str, str]]:
    node = r.get("vocabulary", dict)
    missing = [v for v in VOCABULARY if v not in node]
    if missing:
        r.fail(f"vocabulary.{missing[0]}", "missing")
    compiled, refs = {}, {}
    for name, items in node.items():  # a class may name one defined above it ({{organisation}} in whole_scope)
        compiled[name] = r.pattern(f"vocabulary.{name}", items, dict(refs))
        refs[name] = "(?:" + "|".join(f"(?:{p})" for p in compiled[name].parts) + ")"
    return compiled, refs


def parse_rubric(path: Path, data: dict) -> Rubric:
    r = _Reader(path, data)
    for section, ids in (("components", COMPONENT_IDS), ("flags", FLAG_IDS)):
        extra = set(r.get(section, dict)) - set(ids)
        if extra:
            r.fail(section, f"unknown id(s) {sorted(extra)}; the ids are fixed: {list(ids)}")
    bands = []
    for i, b in enumerate(r.get("length.bands", list)):
        if not isinstance(b, dict) or b.get("verdict") not in LENGTH_VERDICTS:
            r.fail(f"length.bands[{i}]", f"needs a verdict from {LENGTH_VERDICTS}")
        bands.append(LengthBand(b["verdict"], float(r.number(f"length.bands.{i}.max_seconds", minimum=0)),
                                float(r.number(f"length.bands.{i}.max_words", minimum=0))))
    if [b.verdict for b in bands] != list(LENGTH_VERDICTS):
        r.fail("length.bands", f"must list the verdicts in order {LENGTH_VERDICTS}")
    weights = {k: float(r.number(f"score.weights.{k}", minimum=0)) for k in r.get("score.weights", dict)}
    if set(weights) != {"content", "length", "delivery"} or abs(sum(weights.values()) - 100) > 1e-6:
        r.fail("score.weights", "needs content, length and delivery adding up to 100")
    cw = {k: float(r.number(f"score.component_weights.{k}", minimum=0)) for k in r.get("score.component_weights", dict)}
    if set(cw) != set(COMPONENT_IDS):
        r.fail("score.component_weights", f"needs a weight for each of {list(COMPONENT_IDS)}")
    credit = {k: float(r.number(f"score.length_credit.{k}", minimum=0)) for k in r.get("score.length_credit", dict)}
    if set(credit) != set(LENGTH_VERDICTS):
        r.fail("score.length_credit", f"needs a credit for each of {list(LENGTH_VERDICTS)}")
    gap_order = r.get("feedback.gap_order", list)
    if sorted(gap_order) != sorted(COMPONENT_IDS):
        r.fail("feedback.gap_order", f"must list each of {list(COMPONENT_IDS)} once")
    rates = r.get("delivery.speech_rate_good", list)
    if len(rates) != 2 or any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in rates):
        r.fail("delivery.speech_rate_good", f"expected [low, high] words a minute, got {rates!r}")
    for name in DELIVERY_NUMBERS:
        r.number(f"delivery.{name}", minimum=0)
    vocabulary, refs = _vocabulary(r)
    return Rubric(
        id=r.get("id", str),
        version=r.get("version", str),
        path=path,
        components={c: _cue(r, "components", c, ("strength", "missing", "unsure", "fix"), refs) for c in COMPONENT_IDS},
        flags={f: _cue(r, "flags", f, ("problem", "unsure", "fix"), refs) for f in FLAG_IDS},
        vocabulary=vocabulary,
        negation_window=int(r.number("negation.window", integer=True, minimum=0)),
        short_months=float(r.number("horizon.short_months", minimum=0)),
        long_months=float(r.number("horizon.long_months", minimum=0)),
        length_bands=bands,
        length_labels={v: r.get(f"length.labels.{v}", str) for v in LENGTH_VERDICTS},
        length_feedback={v: r.template(f"length.feedback.{v}", ("length",)) for v in LENGTH_VERDICTS},
        delivery=r.get("delivery", dict),
        delivery_feedback={k: r.template(f"delivery.feedback.{k}", f) for k, f in DELIVERY_FIELDS.items()},
        fillers_always=[w.lower() for w in r.get("fillers.always", list)],
        fillers_phrases=[w.lower() for w in r.get("fillers.phrases", list)],
        fillers_contextual=[w.lower() for w in r.get("fillers.contextual", list)],
        hedges=[w.lower() for w in r.get("hedges.phrases", list)],
        semantic_hedge=_probability(r, "semantic.hedge_missing"),
        semantic_confirm=_probability(r, "semantic.confirm_praise"),
        semantic_credit=_probability(r, "semantic.credit_part"),
        semantic_flag=_probability(r, "semantic.confirm_flag"),
        weights=weights,
        component_weights=cw,
        flag_penalty=float(r.number("score.flag_penalty", minimum=0)),
        length_credit=credit,
        delivery_credit={k: float(r.number(f"score.delivery_credit.{k}", minimum=0)) for k in DELIVERY_CREDITS},
        gap_order=gap_order,
        max_written_gaps=int(r.number("feedback.max_written_gaps", integer=True, minimum=0)),
        tentative_line=r.template("feedback.tentative", ("label", "quote")),
        verdict_lines={v: r.template(f"feedback.verdict_lines.{v}", ()) for v in VERDICTS},
        verdict_bands=_bands(r),
        capped_lines={k: r.template(f"feedback.capped.{k}", f) for k, f in CAPS.items()},
    )


def _bands(r: _Reader) -> dict[str, tuple[float, float]]:
    """Score bands per verdict, low to high and not overlapping: weak below adequate below strong."""
    bands = {}
    for v in VERDICTS:
        pair = r.get(f"score.verdict_bands.{v}", list)
        if len(pair) != 2 or any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in pair) \
                or not 0 <= pair[0] <= pair[1] <= 100:
            r.fail(f"score.verdict_bands.{v}", f"expected [low, high] within 0 to 100, got {pair!r}")
        bands[v] = (float(pair[0]), float(pair[1]))
    if not bands["weak"][1] < bands["adequate"][0] <= bands["adequate"][1] < bands["strong"][0]:
        r.fail("score.verdict_bands", "the bands must not overlap: weak below adequate below strong")
    return bands


def _probability(r: _Reader, key: str) -> float:
    value = float(r.number(key, minimum=0))
    if value > 1:
        r.fail(key, f"expected a probability between 0 and 1, got {value!r}")
    return value


def rubric_path(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".toml":  # an explicit file (``--rubric FILE``)
        return path
    return config.PROMPTS_DIR / ("rubric.toml" if name == "career-goals" else f"rubric-{name}.toml")


def read_toml(path: Path) -> dict:
    """A data file from prompts/, or a RubricError naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise RubricError(f"{path}: cannot read ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise RubricError(f"{path}: not valid TOML ({e})") from None


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> Rubric:
    return parse_rubric(path, read_toml(path))


def load_rubric(name: str = "career-goals") -> Rubric:
    """Load and validate a rubric by id (or a path to a .toml file)."""
    path = rubric_path(name)
    if not path.is_file():
        raise RubricError(f"{path}: no such rubric file")
    return _load(path, path.stat().st_mtime)
