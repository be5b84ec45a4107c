"""Follow-up questions: which gap is asked about, how it is phrased, and the exchange it makes.

Real rubric, real content analysis of real sentences; the practice loop with a follow-up on the sound
server is in test_session.py, the stored exchange replayed and reported here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, assert_no_internal_ids
from simulator import followup, serialize, store
from simulator.errors import RubricError
from simulator.question import load_question
from simulator.rubric import load_rubric
from simulator.score import score_transcript
from simulator.types import Segment, Transcript, Word

QUESTION = load_question()
RUBRIC = load_rubric()
FOLLOW_UPS = followup.load_follow_ups()

VAGUE = "I just want to grow and learn. We will see where things go."
LEAVING = ("In two years I plan to leave and start my own bakery. Until then I want to learn how a busy kitchen "
           "runs and save up.")
MONEY = "Honestly my goal is to earn as much money as possible. That is what motivates me."
NO_STEP = ("In five years I want to be a senior nurse leading a ward. I care about patients and this hospital's "
           "focus on community care is why I applied.")
STRONG = (FIXTURES / "texts" / "strong.txt").read_text()
GOAL = "In five years I want to lead a small data team, and this year I am finishing a cloud certification to get there."


def scored(text: str, unclear: bool = False):
    if not unclear:
        return score_transcript(Transcript(text, [], None), QUESTION, RUBRIC, input_name="answer.txt")
    # An audio answer with a stretch of speech the recognizer could not make out (pieces.unheard).
    words, t = [], 0.5
    for w in text.split():
        words.append(Word(w, t, t + 0.3))
        t += 0.4
    transcript = Transcript(text, [Segment(0.5, t, text, words)], t + 5.0, speech=[(0.5, t), (t + 1, t + 3)],
                            unclear=[(t + 1, t + 3)])
    return score_transcript(transcript, QUESTION, RUBRIC, input_name="answer.wav")


def text_transcript(text: str) -> Transcript:
    return Transcript(text, [], None)


# --- which gap ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, gap", [(VAGUE, "no_goal"), (LEAVING, "leaving"), (MONEY, "money"),
                                       (NO_STEP, "no_step")])
def test_the_biggest_gap_is_asked_about(text, gap):
    asked = followup.choose(scored(text), FOLLOW_UPS)
    assert asked is not None and asked.gap == gap, asked
    assert asked.question == FOLLOW_UPS.gap(gap).ask[0]


def test_strong_content_gets_no_follow_up():
    result = scored(STRONG)
    assert result.analysis.content.verdict == "strong"
    assert followup.choose(result, FOLLOW_UPS) is None


def test_a_part_that_may_be_in_speech_not_made_out_is_never_asked_about():
    """Speech left out of the transcript could hold the goal: the feedback says it could not hear it,
    and the interviewer does not ask for what may have been said."""
    text = "I work in a warehouse at the moment and I enjoy it."
    plain = followup.choose(scored(text), FOLLOW_UPS)
    assert plain is not None and plain.gap in ("no_goal", "no_step", "no_long_term", "no_employer")
    result = scored(text, unclear=True)
    kinds = {p.id: p.kind for p in result.feedback.points}
    assert kinds["goal_long"] == "unsure"
    assert followup.choose(result, FOLLOW_UPS) is None


def test_follow_ups_only_ask_for_what_the_feedback_calls_missing_on_every_dev_answer():
    """Over the 120 labelled development answers: each follow-up asked is about a part the feedback said
    was missing or a flag it raised, never one it praised or was unsure of."""
    asked = 0
    for line in (ROOT / "bench" / "data" / "dev_answers.jsonl").read_text().splitlines():
        item = json.loads(line)
        result = scored(item["text"])
        chosen = followup.choose(result, FOLLOW_UPS)
        if chosen is None:
            continue
        asked += 1
        kinds = {p.id: p.kind for p in result.feedback.points}
        gap = FOLLOW_UPS.gap(chosen.gap)
        held = [c for c in gap.when if set(c.missing) <= {k for k, v in kinds.items() if v == "missing"}
                and (not c.raised or any(kinds.get(f) == "flag" for f in c.raised))]
        assert held, (item["id"], chosen, kinds)
        assert not any(result.analysis.content.components[p].present for c in held for p in c.missing), item["id"]
    assert asked > 20


def test_phrasings_rotate_so_a_second_round_is_not_word_for_word():
    result = scored(VAGUE)
    first = followup.choose(result, FOLLOW_UPS, asked={})
    second = followup.choose(result, FOLLOW_UPS, asked={first.gap: 1})
    assert first.gap == second.gap and first.question != second.question
    n = len(FOLLOW_UPS.gap(first.gap).ask)
    assert followup.choose(result, FOLLOW_UPS, asked={first.gap: n}).question == first.question


def test_a_gap_already_asked_in_the_exchange_is_not_asked_again():
    result = scored(VAGUE)
    first = followup.choose(result, FOLLOW_UPS)
    again = followup.choose(result, FOLLOW_UPS, exclude={first.gap})
    assert again is None or again.gap != first.gap


# --- the priority file -----------------------------------------------------------------------------------


@pytest.mark.parametrize("edit, message", [
    (lambda s: s.replace('missing = ["steps"]', 'missing = ["stepz"]'), "gap[3].when[0].missing: unknown id(s) ['stepz']"),
    (lambda s: s.replace('raised = ["leaving"]', 'raised = ["quitting"]'), "gap[0].when[0].raised: unknown id(s)"),
    (lambda s: s.replace('id = "money"', 'id = "leaving"'), "gap[1].id: 'leaving' is used twice"),
    (lambda s: s.replace('closes = ["steps"]', 'closes = []'), "gap[3].closes: needs at least one part"),
    (lambda s: s.replace('skip_when = ["strong"]', 'skip_when = ["great"]'), "skip_when: unknown id(s) ['great']"),
    (lambda s: s.replace('when = [{ raised = ["money"] }]', 'when = []'), "gap[1].when: needs at least one condition"),
    (lambda s: s.replace('closes = ["employer"]', 'closes = ["employer"]\nask_twice = true'),
     "gap[5]: unknown key(s) ['ask_twice']"),
])
def test_a_broken_priority_file_is_one_line_naming_the_key(tmp_path, edit, message):
    text = (ROOT / "prompts" / "followups.toml").read_text()
    broken = tmp_path / "followups.toml"
    broken.write_text(edit(text))
    assert edit(text) != text
    with pytest.raises(RubricError) as e:
        followup.load_follow_ups(broken)
    assert message in str(e.value) and str(broken) in str(e.value)


def test_every_gap_in_the_shipped_file_has_several_phrasings():
    assert [g.id for g in FOLLOW_UPS.gaps][:3] == ["leaving", "money", "no_goal"]
    assert all(len(g.ask) >= 2 and len(set(g.ask)) == len(g.ask) for g in FOLLOW_UPS.gaps)


# --- the exchange ------------------------------------------------------------------------------------


def test_a_follow_up_that_closes_the_gap_is_quoted_and_both_verdicts_are_given():
    first = scored(VAGUE)
    asked = followup.choose(first, FOLLOW_UPS)
    answer = followup.answer_follow_up(asked, text_transcript(GOAL), QUESTION, RUBRIC, FOLLOW_UPS)
    assert answer.closed and "goal_long" in answer.parts and answer.evidence.startswith("In five years")
    x = followup.score_exchange(first, [answer], QUESTION, RUBRIC, FOLLOW_UPS)
    written = x.feedback.written
    assert f"Follow-up: \u201c{asked.question}\u201d" in written
    assert "Your answer gave a goal: \u201cIn five years I want to lead" in written
    assert f"First answer alone: weak (score {first.analysis.score.total})" in written
    assert x.result.analysis.score.total > first.analysis.score.total
    assert f"With the follow-up: {x.result.analysis.verdict} (score {x.result.analysis.score.total})" in written
    # what the follow-up closed is never called open
    assert "a goal" not in x.remaining and all(name in written for name in x.remaining)
    assert x.result.analysis.content.components["goal_long"].present
    assert len(x.feedback.spoken.split()) <= followup.SPOKEN_MAX_WORDS
    assert_no_internal_ids(written + x.feedback.spoken, "exchange feedback")


def test_a_follow_up_answer_that_dodges_is_said_to_leave_the_gap_open():
    first = scored(NO_STEP)
    asked = followup.choose(first, FOLLOW_UPS)
    answer = followup.answer_follow_up(asked, text_transcript("I am a hard worker and I get on with everyone."),
                                       QUESTION, RUBRIC, FOLLOW_UPS)
    assert not answer.closed
    x = followup.score_exchange(first, [answer], QUESTION, RUBRIC, FOLLOW_UPS)
    assert "Your answer did not give a concrete step yet." in x.feedback.written
    assert "a concrete step" in x.remaining


def test_a_follow_up_answer_that_raises_the_same_flag_does_not_close_it():
    first = scored(LEAVING)
    asked = followup.choose(first, FOLLOW_UPS)
    answer = followup.answer_follow_up(
        asked, text_transcript("In five years I want to run my own bakery, so I will leave to start my own business."),
        QUESTION, RUBRIC, FOLLOW_UPS)
    assert answer.result.analysis.content.flags["leaving"].present and not answer.closed


def test_two_answers_are_joined_as_if_said_in_one_go():
    def timed(text, start, tail):
        words = [Word(w, start + 0.4 * i, start + 0.4 * i + 0.3) for i, w in enumerate(text.split())]
        end = words[-1].end
        return Transcript(text, [Segment(start, end, text, words)], end + tail, speech=[(start, end)])

    a, b = timed("I want to lead a team.", 0.5, 3.0), timed("This year I start a course.", 2.0, 3.0)
    joined = followup.join_transcripts(a, b)
    gap = joined.words[len(a.words)].start - a.words[-1].end
    assert gap == pytest.approx(followup.JOIN_GAP_S)  # not the 3 s of silence plus the 2 s wait
    assert joined.text == "I want to lead a team. This year I start a course."
    assert [w.text for w in joined.words] == [w.text for w in a.words + b.words]
    assert joined.speech[1][0] == pytest.approx(joined.words[len(a.words)].start)
    assert joined.duration_s == pytest.approx(joined.speech[1][1] + 3.0)


# --- stored, replayed, scored in a batch ---------------------------------------------------------------


def test_score_exchange_from_files_gives_the_follow_up_id_and_both_verdicts(tmp_path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(VAGUE)
    second.write_text(GOAL)
    p = subprocess.run([sys.executable, "-m", "simulator", "score", FIXTURES / "texts" / "strong.txt",
                        "--exchange", first, second, "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    plain, x = json.loads(p.stdout)
    assert "exchange" not in plain
    [asked] = x["exchange"]["follow_ups"]
    assert asked["gap"] == "no_goal" and asked["question"] == FOLLOW_UPS.gap("no_goal").ask[0] and asked["closed"]
    assert x["input"] == str(first) and x["exchange"]["first"]["verdict"] == x["exchange"]["first_verdict"] == "weak"
    assert x["score"] > x["exchange"]["first_score"] and x["content"]["components"]["goal_long"]["present"]
    table = subprocess.run([sys.executable, "-m", "simulator", "score", "--exchange", first, second],
                           capture_output=True, text=True, cwd=ROOT, timeout=300).stdout
    assert f"{first} +1 follow-up" in table and "first answer alone weak" in table
    assert "Your answer gave a goal" in table  # the exchange's feedback under the table


def test_an_exchange_without_a_follow_up_answer_is_a_usage_error(tmp_path):
    p = subprocess.run([sys.executable, "-m", "simulator", "score", "--exchange", FIXTURES / "texts" / "weak.txt"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 2 and "at least one follow-up answer" in p.stderr


def test_a_saved_exchange_replays_in_order_and_counts_in_progress(home, tmp_path):
    from simulator import progress, replay
    from simulator.score import BatchItem, Pipeline, ScoreSettings

    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(VAGUE)
    second.write_text(GOAL)
    result = Pipeline(ScoreSettings()).score(BatchItem(str(first), first, follow_ups=[second]))
    attempt = store.save_scored(result)
    assert attempt.result["verdict"] == "weak"  # the first answer alone, as practice keeps it
    assert attempt.record["exchange"]["result"]["score"] == result.analysis.score.total

    parts = replay.timeline(store.load_attempt(attempt.id))
    assert [p.title or p.name for p in parts] == ["question", "answer", "Follow-up question 1", "Follow-up answer 1",
                                                  "feedback"]
    assert parts[2].events[0].text == FOLLOW_UPS.gap("no_goal").ask[0]
    assert [e.text for e in parts[3].events] == [GOAL]  # a text answer: its words, untimed
    assert parts[4].events[0].text == result.exchange.feedback.spoken

    # The report shows both answers, what the follow-up gave, both verdicts; in a real browser.
    from browser import open_page
    from simulator import report_html

    page_path = report_html.write_attempt_report(attempt.id, tmp_path / "report.html")
    with open_page(page_path) as (page, log):
        section = page.inner_text("#follow-ups")
        assert FOLLOW_UPS.gap("no_goal").ask[0] in section and GOAL in section
        assert "It gave a goal: \u201cIn five years I want to lead a small data team" in section
        assert f"First answer alone: weak (score {attempt.result['score']})" in section
        assert f"The whole exchange: adequate (score {result.analysis.score.total})" in section
        assert "Rubric checklist (the whole exchange)" in page.inner_text("main")
        assert_no_internal_ids(page.inner_text("main"), "report of an exchange")
    assert log.console_errors == [] and log.page_errors == []

    store.save_scored(scored(STRONG))
    data = progress.collect()
    text = progress.format_follow_ups(data, FOLLOW_UPS)
    assert "1 of 2 attempts were exchanges" in text
    assert "a goal: asked 1 time, closed 1; the first answer already had it in 1 of 2 attempts" in text


def test_exchange_round_trips_through_the_record_check():
    from simulator import records

    first = scored(VAGUE)
    asked = followup.choose(first, FOLLOW_UPS)
    answer = followup.answer_follow_up(asked, text_transcript(GOAL), QUESTION, RUBRIC, FOLLOW_UPS, Path("f.wav"))
    x = followup.score_exchange(first, [answer], QUESTION, RUBRIC, FOLLOW_UPS)
    record = {"id": "x", "complete": True, "result": serialize.result_to_dict(first),
              "exchange": serialize.exchange_to_dict(x)}
    assert records.problem(record) is None
    record["exchange"]["follow_ups"][0]["closed"] = "yes"
    assert "closed" in records.problem(record)
