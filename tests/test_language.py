"""Text mechanics of the content analysis: cleaning with evidence offsets, sentences, time, negation."""

from datetime import date

import pytest

from simulator.language import age_now, clean, from_age, horizons, negated, sentences


def cleaned(text: str) -> str:
    return " ".join(w.text for w in clean(text) if not w.is_punct)


@pytest.mark.parametrize("said,heard", [
    ("I want to, um, break it into, uh, smaller steps.", "i want to break it into smaller steps"),
    ("I want to become, you know, someone the team trusts.", "i want to become someone the team trusts"),
    ("to be a, a registered nurse", "to be a registered nurse"),
    ("I, I haven't, I haven't mapped it out", "i have not mapped it out"),
    ("I wanna get my cert sorted 'cause it opens doors", "i want to get my cert sorted because it opens doors"),
    ("I'd like to, like, lead a team", "i would like to lead a team"),
    ("Yeah so basically I'm kind of looking at management", "i am looking at management"),
])
def test_cleaning_drops_fillers_false_starts_and_chat_spellings(said, heard):
    assert cleaned(said) == heard


@pytest.mark.parametrize("said,kept", [
    ("I'd like to work somewhere like this.", "like this"),  # a preposition, not a filler
    ("I like my job.", "i like my job"),
    ("That kind of project gets you noticed.", "kind of project"),  # a type, not a hedge
    ("I think about my career in terms of problems.", "i think about"),
])
def test_cleaning_keeps_words_that_only_look_like_fillers(said, kept):
    assert kept in cleaned(said)


def test_every_cleaned_word_points_back_at_what_was_said():
    text = "Um, so I wanna, uh, become a, a nurse manager, you know, in five years."
    words = [w for w in clean(text) if not w.is_punct]
    assert [w.text for w in words] == ["i", "want", "to", "become", "a", "nurse", "manager", "in", "five", "years"]
    assert [text[w.start:w.end] for w in words] == ["I", "wanna", "wanna", "become", "a", "nurse", "manager", "in",
                                                    "five", "years"]
    [s] = sentences(text)
    assert s.original == text[s.start:s.end] == "I wanna, uh, become a, a nurse manager, you know, in five years."


def test_a_filler_said_between_commas_takes_its_commas_with_it():
    assert [s.text for s in sentences("But the big goal, like, is area manager.")] == ["but the big goal is area manager."]
    assert [s.text for s in sentences("For, uh, four years.")] == ["for four years."]


def test_sentences_keep_the_answer_as_written_and_drop_filler_only_ones():
    text = "Um. Thank you. Long term, I want to lead a team! In the next year I'll finish my course?"
    found = sentences(text)
    assert [s.original for s in found] == ["Thank you.", "Long term, I want to lead a team!",
                                           "In the next year I'll finish my course?"]


def test_a_run_on_transcript_is_cut_at_its_conjunctions():
    run_on = ("so I've been on reception here three years now, and I've covered the duty manager a few times when "
              "she was off, and I loved it, so the next year for me is about getting supervisor experience, and "
              "then longer term I'd love to move across into the revenue team, because I see it every day")
    parts = sentences(run_on)
    assert len(parts) >= 2 and all(len(p.text.split()) <= 40 for p in parts)
    # nothing is lost but the opening filler ("so")
    assert run_on.replace(" ", "").endswith("".join(p.original for p in parts).replace(" ", ""))


@pytest.mark.parametrize("lead", ["longer term", "in the long term,", "short term"])
def test_a_run_on_is_cut_where_a_longer_term_i_opens_a_clause(lead):
    said = ("i have been doing the job for about three months now and i really love the pace and the people and "
            f"everything about it {lead} i would like to be a specialist nurse and maybe do a masters part time")
    parts = [p.text for p in sentences(said)]
    assert len(parts) == 2 and parts[1].startswith(lead.rstrip(",")), parts
    # a longer-term thing named inside a clause cuts nothing
    inside = sentences("i have been doing the job for about three months now and i really love the pace and the people "
                       "and everything about it including the longer term contracts they offer to people who want to stay")
    assert not [p for p in inside if p.text.startswith(("longer", "the longer"))]


def test_or_so_rounds_a_time_and_opens_no_clause():
    said = ("And then, I'll be straight with you because I think you appreciate that, in three years or so I'd like "
            "to be at one of the bigger players, the ones where the commission's uncapped, because that's where "
            "the money is.")
    parts = sentences(said)
    joined = next(p for p in parts if "three years" in p.text)
    assert "or so i would like to be at one of the bigger players" in joined.text  # one sentence, not two
    assert [h.text for h in horizons(joined)] == ["in three years or so"]
    # and a run-on is still cut where a new "so I ..." clause begins
    assert len(sentences("I did my level two last year and I really enjoyed the practical side of it all, and the "
                         "tutor said I was one of the best in the group so I want to go on to level three")) == 2


@pytest.mark.parametrize("text,low,high", [
    ("within the next five to six years", 60, 72),
    ("in five, six years", 60, 72),
    ("like 4-5 yrs", 48, 60),
    ("eighteen months from now", 18, 18),
    ("over a five-to-seven-year horizon", 60, 84),
    ("give it four, five years", 48, 60),
    ("the next four-ish years", 48, 48),
    ("in the first two or three years", 24, 36),
    ("maybe year three or four", 36, 48),
    ("next spring", 0, 12),
    ("by the end of the year", 0, 12),
    ("in the next few years", 36, 36),
    ("over the next decade", 60, 120),
    ("by the time I'm thirty", 36, 120),
    ("years from now", 36, 120),
    ("before I retire", 36, 120),
    ("After a year on the helpdesk I want to be ready for CTO.", 12, 12),
    ("And after two years in sales I would like to lead a team.", 24, 24),
    ("Then operations director the year after.", 24, 24),
    ("and then after a good few years on the tools I'd like to get into the solar side", 36, 36),
    ("what I want is to get a good year or two of proper miles in on your trunking runs", 12, 24),
    ("in twenty-five years I'd like to have retired", 300, 300),  # a compound number, not "twenty to five"
    ("by the end of my second year", 24, 24),  # a year of the job counted by its ordinal
    ("by my second year", 24, 24),
    ("in my fourth year here I'd like to be supervising", 36, 48),
    ("give me a year and I'll be running the pass", 12, 12),
    ("after my probation I'd like to take on the keys", 0, 12),
    ("by twenty-eight I'd like to be a consultant", 36, 120),  # an age said in words, like "by thirty"
    ("within a couple of rotations", 8, 8),  # a job's own stretches: rotations, terms, seasons
    ("in three terms I'd like to lead the phonics group", 12, 12),
    ("by the end of my second season", 24, 24),
    ("by the end of my second term", 8, 8),  # an ordinal counts in the job's own stretch, not always in years
    ("by the conclusion of my second year with the organisation", 24, 24),
    ("within a couple of release cycles", 12, 12),  # a trade's own stretches, said in the plural
    ("in three sprints I'd like to own the backlog", 1.5, 1.5),
    ("within a couple of contracts", 12, 12),
    ("before my first appraisal comes round", 0, 12),  # the first review of a new job
    ("the moment my ASYE is signed off", 0, 12),
    ("before the apprenticeship concludes", 12, 36),  # the end of a training still under way
    ("give me a year in your kitchen and I'll be head chef", 12, 12),  # not "a year in" said of the past
    ("before my second annual appraisal", 12, 24),  # a yearly review or an anniversary counted by its ordinal
    ("by my second anniversary here", 24, 24),
    ("My goal is to be CTO after one year.", 12, 12),  # "after a year" ending a clause that states an aim
    ("I'd be running the pass after six months, I reckon.", 6, 6),
    ("by the time I'm forty I'd love to be head chef", 60, 240),  # an age late in a career is no near clock
    ("by my fifties I'd like to be a partner", 60, 240),
    ("within the next two financial years", 24, 24),  # a year of a kind: financial, calendar, academic, full
    ("in three full years", 36, 36),
    ("within a couple of appraisal cycles", 24, 24),  # a review cycle is a year; a release cycle is not (above)
    ("by my second performance review", 24, 24),
    ("prior to my thirtieth birthday", 36, 120),  # an age said as the birthday that reaches it
    ("by my 25th birthday", 36, 120),
    ("before my fortieth birthday I'd love to be head chef", 60, 240),
    # a yearly event counted by its ordinal, and a span counted from a step still to come
    ("I'd like to be in post by my second Christmas here", 24, 24),
    ("in my third summer with the team", 24, 36),
    ("I'm planning on three years after registration", 36, 36),
    ("about two years after qualifying", 24, 24),
    ("I intend to secure that role before my current contract comes to an end", 6, 24),
    ("I'd like the promotion at the next review", 0, 12),
    ("by the next round of promotions", 0, 12),
    # a half said in words, a yearly event after the next one, a first stretch with a word between, a step to come
    ("which on the usual cycle lands in roughly two and a half years", 30, 30),
    ("I'm giving myself till the Boxing Day sales after next", 12, 24),
    ("by the summer after this one", 12, 24),
    ("regimental sergeant major by the end of my first operational tour", 0, 12),
    ("my goal is to make equity partner here the year after I qualify", 12, 36),
    # a number whose unit was said earlier in the sentence
    ("Our CTO took fifteen years to reach the role, and my goal is to do it in five.", 60, 60),
    # a season or year of the field's own calendar, and the next piece of work the employer takes on
    ("what I'd like is to be farm manager here by next calving season", 0, 12),
    ("I'd hope to be running the unit by the next financial year", 0, 12),
    ("I want to be site manager on the next big job the company wins", 0, 24),
    # a bare count capped as the most it will take
    ("Editor of the paper, two years tops.", 24, 24),
    ("eighteen months max, I reckon", 18, 18),
    # a yearly event of the field's own calendar, and the next year said loosely
    ("I could be running the estate by next harvest", 0, 12),
    ("head of science in the next year or two", 0, 24),
])
def test_time_horizons_are_parsed_into_months_ahead(text, low, high):
    [h] = [h for s in sentences(text) for h in horizons(s)]
    assert (h.low, h.high, h.past) == (low, high, False), h


@pytest.mark.parametrize("text", [
    "I've been a nurse for eight years.",
    "I was a pharmacist in Syria for six years.",
    "I qualified three years ago.",
    "I've been in customer service five years now.",
    "Over the last two years I've led the team.",
    "After two years there I was promoted to supervisor.",
    "I joined after a year at uni, and I want to stay.",
    "I'll be honest, I've been portering twenty-two years.",
    "I've been an audiology assistant about eighteen months.",
    "I'm in my second year of the apprenticeship.",
    "I was in a contract role for a year.",
    "I was promoted to supervisor after one year, and I want to keep growing.",  # the aim comes after, in a clause of its own
    "My sister would say she became a manager after two years.",
    "I was promoted two years after joining.",  # a span after a step, told as history
    "Two years after qualifying I moved to London.",
    "I'm thirty-one, been on the line at a food factory nine years.",  # a place between "been" and the years
    "I'm nineteen, been at my current place about four months.",
])
def test_durations_in_the_past_are_not_goal_horizons(text):
    found = [h for s in sentences(text) for h in horizons(s)]
    assert found and all(h.past for h in found)


@pytest.mark.parametrize("text", ["I'd like to increase sales by 10 percent.", "One day I'd like to lead a team.",
                                  "I did this for a day.", "I've worked here for two seasons.",
                                  "In terms of the next step, I'd like to lead.",
                                  "We won the league in five, and I'd like to coach one day."])
def test_numbers_that_are_not_horizons(text):
    assert not [h for s in sentences(text) for h in horizons(s) if not h.past and h.long]


@pytest.mark.parametrize("text", ["In my next job I'd like to lead a team.",  # another employer: not a date
                                  "I'll be working on the next project with Sam and learning a lot.",
                                  "In the next two years I'd like to qualify."])  # a count, timed as two years
def test_the_next_of_something_is_a_clock_only_when_it_is_the_employers_next_piece_of_work(text):
    assert all(h.low >= 24 for s in sentences(text) for h in horizons(s))


def test_head_of_year_one_day_has_no_clock():
    assert not [h for s in sentences("I want to be head of year one day.") for h in horizons(s)]
    assert [h.high for s in sentences("In year one I want to pass my exams.") for h in horizons(s)] == [12]


def _negated(text: str, word: str) -> bool:
    [s] = sentences(text)
    return negated(s, s.text.index(word))


def test_negation_covers_its_clause_and_stops_at_the_next():
    assert _negated("I'm not going to take any courses or certifications.", "certifications")
    assert _negated("I have no plans to start my own business.", "business")
    assert not _negated("I'm not sure when, but I want to lead a team.", "lead")
    assert not _negated("Not only do I want to learn, I want to teach.", "learn")
    # a degree, not a denial: "not that long term"
    assert not _negated("my long term goal well not that long term is i want to be editor of the paper", "editor")
    assert _negated("I don't want to be editor of the paper.", "editor")
    # a run-on's new statement ("what I want is ...") is a clause of its own: the "not" before it does not reach it
    assert not _negated("I'm fairly new to civvy driving but not to trucks what I want is to get more miles in.", "want")


def test_negation_runs_through_a_list_but_not_into_a_clause_of_its_own():
    assert _negated("I'm not after supervisor, or the dispensing course, or anything like that.", "dispensing")
    assert _negated("I don't want to stay on nights, or do the same rota forever.", "rota")
    assert not _negated("I don't want to leave, or I would lose the course.", "course")
    assert not _negated("I want to do the IV course, or maybe the mentorship course.", "mentorship")


def test_a_time_phrase_cut_off_as_its_own_sentence_rejoins_the_next():
    # Whisper wrote "In the next year. I want to earn a cloud certification." for one spoken sentence.
    found = sentences("My goal is to lead. In the next year. I want to earn a cloud certification.")
    assert [s.original for s in found] == ["My goal is to lead.", "In the next year. I want to earn a cloud certification."]
    assert [h.text for h in horizons(found[1])] == ["the next year"]
    # ... but one that ends on a hedge is the clock of the goal before it, said as an afterthought
    found = sentences("My goal is head coach of the first team. Next season, hopefully. I'm doing my licence.")
    assert [s.original for s in found] == ["My goal is head coach of the first team.", "Next season, hopefully.",
                                           "I'm doing my licence."]
    # ... or on a hedge the cleaning drops, or opening on one
    found = sentences("I'd like to be editor of the paper. In about two years, I think. I work hard.")
    assert [s.original for s in found] == ["I'd like to be editor of the paper.", "In about two years, I think.",
                                           "I work hard."]
    found = sentences("I can get there quick. Like within the year. I'm staying late to learn.")
    assert [s.text for s in found] == ["i can get there quick.", "within the year.", "i am staying late to learn."]


@pytest.mark.parametrize("text, clocks", [
    # a clock said again in other words takes the exact one
    ("I'd like to be doing that by thirty, which is four years from now.", [(48, 48), (48, 48)]),
    ("By the end of next year, that is eighteen months, I want to lead.", [(18, 18), (18, 18)]),
    # not a second clock of its own, nor one that follows from the first ("so")
    ("I want to finish the course next year so in five years I can lead.", [(0, 12), (60, 60)]),
    ("In two years or three years I want to lead.", [(24, 24), (36, 36)]),
])
def test_a_clock_said_again_in_other_words_is_one_clock(text, clocks):
    [s] = sentences(text)
    assert [(h.low, h.high) for h in horizons(s)] == clocks


@pytest.mark.parametrize("text, months", [("By the time I've been here two years I want to lead a team.", 24),
                                          ("Once I've done three years on the wards, I'd like to specialise.", 36)])
def test_a_stretch_still_to_come_is_a_horizon_ahead(text, months):
    [h] = [h for s in sentences(text) for h in horizons(s)]
    assert (h.low, h.past) == (months, False), h


def test_a_run_on_is_cut_where_so_what_i_would_like_opens_a_new_statement():
    said = ("and I really like the people side of it like when a new starter comes in and they're terrified and by the "
            "end of the month they're confident on the tills that's the bit I love so what I'd like to do here is get "
            "onto your assistant manager programme within the next year")
    parts = [s.original for s in sentences(said)]
    assert parts[-1].startswith("so what I'd like to do here") and len(parts) == 2


def test_a_run_on_is_cut_where_my_plan_is_opens_a_new_statement():
    said = ("I have been a support worker for three years on the dementia unit and the residents are lovely and I get "
            "on with everyone and my plan is to start the level three diploma in september and then become a senior "
            "carer in two years")
    assert [s.original.split()[:3] for s in sentences(said)][-1] == ["and", "my", "plan"]
    # "and the residents are lovely" is no statement of a plan: not cut there
    assert not any(s.original.startswith("and the residents") for s in sentences(said))


@pytest.mark.parametrize("said,target,months", [
    ("I'm nineteen, so that's doable.", "foreman by the time I'm twenty-one", 24),
    ("I'm 22 and I work nights.", "running this site by 25", 36),
    ("I'm eighteen still doing my apprenticeship.", "running this firm by the time I'm twenty", 24),
    # it only brings the clock nearer: an age target is an ambitious clock already (three years at the nearest)
    ("I'm twenty-one, assistant coach with the under-twelves.", "first-team head coach here by twenty-five", 36),
    ("I'm 22 and I work nights.", "a director by thirty", 36),
    ("I'm nineteen, so that's doable.", "a director by my thirties", None),  # no age in the target: left as it was
    ("I'm in a good place.", "foreman by the time I'm twenty-one", None),  # no age said: left as it was
    ("At twenty, I'd like to lead a team.", "foreman by the time I'm twenty-one", None),  # an age aimed at, not had
    ("I'm twenty-six and I'm keen.", "CFO prior to my thirtieth birthday", 36),  # a birthday's ordinal is an age
    # an age farther off than an age target is taken to be is that far
    ("I'm twenty-six and I'm keen.", "CFO by my fiftieth birthday", 288),
])
def test_an_age_target_is_counted_from_the_age_the_speaker_gives(said, target, months):
    now = age_now(sentences(said)[0])
    [s] = sentences(target)
    [h] = horizons(s)
    aged = from_age(s, h, now) if now is not None else h
    assert aged.low == months if months is not None else (aged.low, aged.high) == (36, 120)


@pytest.mark.parametrize("text,said_on,low,high,past", [
    ("By 2030 I want to be leading a team.", date(2026, 12, 2), 37, 49, False),  # 2030 starts 37 months on
    ("By 2030 I want to be leading a team.", date(2029, 6, 1), 7, 19, False),  # the same words said later: near
    ("In 2028 or 2029 I see myself as a partner.", date(2026, 1, 15), 24, 48, False),
    ("By the end of 2027 I want my chartership.", date(2026, 12, 2), 13, 13, False),
    ("Early 2027 I start the course.", date(2026, 12, 2), 1, 1, False),
    ("I joined the company in 2019.", date(2026, 12, 2), 0, 0, True),
    ("From 2020 to 2023 I worked in retail.", date(2026, 12, 2), 0, 0, True),
])
def test_a_year_said_as_a_date_counts_from_the_day_the_answer_was_given(text, said_on, low, high, past):
    [h] = [h for s in sentences(text) for h in horizons(s, said_on)]
    assert (h.low, h.high, h.past) == (low, high, past), h


@pytest.mark.parametrize("text", ["The 2030 strategy is what drew me here.", "I drive a 2019 model.",
                                  "We had 2030 orders last month."])
def test_a_year_that_is_no_time_is_no_horizon(text):
    assert not [h for s in sentences(text) for h in horizons(s, date(2026, 12, 2))]


def test_without_the_day_it_was_said_a_year_is_no_clock():
    assert not [h for s in sentences("By 2030 I want to be leading a team.") for h in horizons(s)]
