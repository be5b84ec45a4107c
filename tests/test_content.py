"""The rubric's cues in both directions: sentences that show a part, and paraphrases that must not."""

import pytest

from simulator.content import analyse_content, split_sentences
from simulator.rubric import load_rubric

RUBRIC = load_rubric()


def components(text):
    return {k for k, v in analyse_content(text, RUBRIC).components.items() if v.present}


def flags(text):
    return {k for k, v in analyse_content(text, RUBRIC).flags.items() if v.present}


HAS = [
    ("framing", "I like to break big goals into smaller ones."),
    ("framing", "I've set three goals for myself."),
    ("framing", "I believe it's crucial to solve smaller goals in order to achieve the larger ones."),
    ("goal_long", "Long term, I want to become a product manager."),
    ("goal_long", "In five years I see myself leading a small team."),
    ("goal_long", "Eventually I'd like to move into architecture."),
    ("goal_long", "My goal is to become a recognised expert in data privacy."),
    ("goal_short", "In the next year I want to finish my certification."),
    ("goal_short", "Right now I'm working on my presentation skills."),
    ("goal_short", "My immediate focus is learning your codebase."),
    ("steps", "I'm going to take the PMP exam in spring."),
    ("steps", "I plan to attend two industry conferences."),
    ("steps", "I want to enroll in a part-time master's program."),
    ("steps", "I'd like to increase my team's close rate by 10 percent."),
    ("steps", "I meet with a mentor every month."),
    ("ladder", "I'll earn the certificate, which will prepare me to lead projects."),
    ("ladder", "I'm taking a statistics course in order to move into analytics."),
    ("ladder", "That experience will let me run whole projects."),
    ("ladder", "To get there, I'm building a portfolio."),
    ("learning", "I want to attain advanced education in my field."),
    ("learning", "I want to keep learning and stay current with new tools."),
    ("contribution", "I want to create something that sets me up as an industry-recognized expert."),
    ("contribution", "I want to be someone the team can rely on."),
    ("contribution", "I want to help our customers get answers faster."),
    ("balance", "I want to find the perfect balance between work and life so that my happiness is a boon to my work."),
    ("balance", "Staying healthy keeps me focused at work."),
    ("employer", "This role would let me grow into that."),
    ("employer", "I'd love to build my career here."),
    ("employer", "Your team's work on accessibility is why I applied."),
]

HAS_NOT = [
    ("goal_long", "I don't really have a long-term plan."),
    ("goal_long", "My main goal is money."),
    ("steps", "I want to work hard."),
    ("steps", "I want to develop my skills."),
    ("ladder", "This role is a great place to do that."),
    ("learning", "I build machine learning systems."),
    ("contribution", "I work in sales."),
    ("balance", "I like hiking with my family."),  # wider life, not tied back to work
    ("employer", "I want a job at a company that values people."),
    ("framing", "I want to become a senior engineer."),
]


@pytest.mark.parametrize("cid,text", HAS)
def test_component_found(cid, text):
    assert cid in components(text), f"{cid} not found in: {text}"


@pytest.mark.parametrize("cid,text", HAS_NOT)
def test_component_not_found(cid, text):
    assert cid not in components(text), f"{cid} wrongly found in: {text}"


FLAGGED = [
    ("leaving", "In two years I want to start my own business."),
    ("leaving", "I'll stay until something better comes along."),
    ("leaving", "Eventually I want to switch careers to teaching."),
    ("money", "My main goal is money."),
    ("money", "I want to earn a lot of money."),
    ("money", "A six-figure salary is what I'm after."),
    ("overreach", "I want to be CEO in five years."),
    ("overreach", "Honestly, I'd like to have your job."),
    ("overreach", "I want to be running the department in two years."),
    ("vague", "I haven't really thought about it."),
    ("vague", "Who knows, I'll see where things go."),
    ("flippant", "My goal is to win the lottery and retire to a beach."),
    ("personal", "I want to quit smoking and lose weight."),
    ("no_ambition", "I'd be happy at the same desk for twenty years."),
    ("no_ambition", "I don't want to be promoted."),
]

NOT_FLAGGED = [
    ("money", "Last year I saved the company money by automating reports."),
    ("money", "Money isn't what motivates me."),
    ("money", "I'm not in it for the money."),
    ("leaving", "I'd like to lead a team while a colleague is on leave."),
    ("leaving", "I don't plan to start my own business."),
    ("leaving", "Rather than start my own business, I want to grow here."),
    ("overreach", "I want to become a team lead in about five years."),
    ("vague", "I know exactly where I want to go."),
    ("flippant", "I like hiking."),
    ("personal", "Staying fit keeps my energy up at work."),
    ("no_ambition", "I don't want to stay where I am; I want to grow."),
]


@pytest.mark.parametrize("fid,text", FLAGGED)
def test_flag_raised(fid, text):
    assert fid in flags(text), f"{fid} not raised for: {text}"


@pytest.mark.parametrize("fid,text", NOT_FLAGGED)
def test_flag_not_raised(fid, text):
    assert fid not in flags(text), f"{fid} wrongly raised for: {text}"


def test_evidence_is_the_sentence_as_written():
    text = "I like to break big goals into smaller ones. Long term, I want to become a CTO-track architect."
    result = analyse_content(text, RUBRIC)
    assert result.components["framing"].evidence == ["I like to break big goals into smaller ones."]
    for e in result.components["goal_long"].evidence:
        assert e in text


def test_framing_only_counts_at_the_start():
    late = ". ".join(["I work in logistics"] * 4) + ". I break big goals into smaller ones."
    assert "framing" not in components(late)


def test_every_id_reported_even_when_absent():
    result = analyse_content("Hello.", RUBRIC)
    assert set(result.components) == {"framing", "goal_long", "goal_short", "steps", "ladder",
                                      "learning", "contribution", "balance", "employer"}
    assert set(result.flags) == {"leaving", "money", "overreach", "vague", "flippant", "personal", "no_ambition"}
    assert not any(v.present or v.evidence for v in result.components.values())


def test_sentence_split_keeps_text():
    assert split_sentences("One. Two!  Three?\nFour") == ["One.", "Two!", "Three?", "Four"]


@pytest.mark.parametrize("cid,text", [
    ("goal_short", "Right now I am focused on getting better at user research."),
    ("balance", "I keep a sustainable pace, with time for my family, because a rested pharmacist catches more errors."),
])
def test_component_found_more(cid, text):
    assert cid in components(text)


def test_who_knows_is_no_long_term_goal():
    text = "Who knows where I will be in a few years."
    assert "goal_long" not in components(text) and "vague" in flags(text)


def test_same_desk_with_words_between():
    assert "no_ambition" in flags("I'd be fine at the same desk doing the same thing for twenty years.")


def test_ladder_survives_a_misheard_subject():
    # Whisper heard "That experience will let me" as "At experience, we'll let me".
    assert "ladder" in components("At experience, we'll let me run the research for whole projects.")
