"""prompts/rubric.toml validates at load, and a broken copy fails with the file and the key named."""

import pytest

from simulator.errors import RubricError
from simulator.rubric import COMPONENT_IDS, FLAG_IDS, load_rubric
from simulator.question import list_questions, load_question


def test_shipped_rubric_loads_with_every_id():
    r = load_rubric()
    assert tuple(r.components) == COMPONENT_IDS
    assert tuple(r.flags) == FLAG_IDS
    assert [b.verdict for b in r.length_bands] == ["too_short", "brief", "good", "long", "too_long"]
    assert sum(r.weights.values()) == 100


def _broken(tmp_path, old, new):
    from simulator import config

    text = (config.PROMPTS_DIR / "rubric.toml").read_text()
    assert old in text
    path = tmp_path / "custom.toml"
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize("old,new,key", [
    ("'''eventually'''", "'''eventually('''", "vocabulary.long_time"),
    ("'''^lol'''", "'''^lol('''", "flags.flippant.retraction"),
    ("{{workplace}}('s)?", "{{workplaces}}", "components.employer.workplace"),
    ("[flags.vague]\nlabel", "[flags.vague]\nhint = [1]\nlabel", "flags.vague"),
    ("[flags.money]", "[flags.greed]", "flags"),
    ("weights = { content = 60", "weights = { content = 70", "score.weights"),
    ('label = "A presumptuous goal: a top title or a short timetable"', "", "flags.overreach.label"),
    ("version = ", "version = 3\nold_version = ", "version"),
    # wrong types and missing values: one line naming the key, never a traceback
    ('verdict = "too_short", max_seconds = 20', 'verdict = "too_short", max_seconds = "abc"', "length.bands[0].max_seconds"),
    ("first_sentences = 3", 'first_sentences = "three"', "components.framing.first_sentences"),
    ('verdict = "brief", max_seconds = 45, max_words = 110', 'verdict = "brief", max_seconds = 45', "length.bands[1].max_words"),
    ("overreach_months = 36", "overreach_months = nan", "flags.overreach.overreach_months"),
    ('strong = "A strong answer.", ', "", "feedback.verdict_lines.strong"),
    ("window = 12", "window = 2.5", "negation.window"),
    ("speech_rate_good = [130, 160]", "speech_rate_good = [130]", "delivery.speech_rate_good"),
    # feedback wording may name its plain fields only
    ('problem = "Money comes across as the goal: {quote}."', 'problem = "Money: {nope}."', "flags.money.problem"),
    ('problem = "Money comes across as the goal: {quote}."', 'problem = "{quote.__class__.__mro__}"', "flags.money.problem"),
    ('problem = "Money comes across as the goal: {quote}."', 'problem = "{quote!r}"', "flags.money.problem"),
    ('problem = "Money comes across as the goal: {quote}."', 'problem = "Money {"', "flags.money.problem"),
    ('too_short = "At {length}', 'too_short = "At {rate}', "length.feedback.too_short"),
    ("'''the gap''', ", "'''the gap(''', ", "components.ladder.echo"),  # an optional group is checked like the rest
    # a word class may name only one defined above it
    ("(\\w+ ){0,2}{{organisation}}''',", "(\\w+ ){0,2}{{organisations}}''',", "vocabulary.whole_scope"),
    ("[vocabulary]\n", "[vocabulary]\nplaces = ['''the {{organisation}}''']\n", "vocabulary.places"),
])
def test_broken_rubric_names_the_key(tmp_path, old, new, key):
    path = _broken(tmp_path, old, new)
    with pytest.raises(RubricError) as e:
        load_rubric(str(path))
    assert str(path) in str(e.value) and key in str(e.value)


@pytest.mark.parametrize("old,new,said", [
    ("new_months = 12", 'new_months = "soon"', "flags.overreach.new_months: expected a number, got str 'soon'"),
    ('label = "A presumptuous goal: a top title or a short timetable"', "label = 3",
     "flags.overreach.label: expected text, got int 3"),
])
def test_a_value_of_the_wrong_kind_is_named_in_words(tmp_path, old, new, said):
    path = _broken(tmp_path, old, new)
    with pytest.raises(RubricError) as e:
        load_rubric(str(path))
    assert said in str(e.value)


def test_not_toml(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("this is = = not toml")
    with pytest.raises(RubricError, match="not valid TOML"):
        load_rubric(str(path))


def test_edited_cue_changes_the_result(tmp_path):
    from simulator.content import analyse_content

    text = "I plan to pair with a senior analyst."
    assert not analyse_content(text, load_rubric()).components["steps"].present
    path = _broken(tmp_path, "'''workshops''',", "'''workshops''', '''pair\\w* with''',")
    assert analyse_content(text, load_rubric(str(path))).components["steps"].present


def test_an_older_rubric_without_the_optional_ladder_groups_loads_and_goes_without_them(tmp_path):
    from simulator import config
    from simulator.content import analyse_content

    text = ("Long term I'd like to become a clinical educator on the wards. Next spring I'm starting the teaching "
            "module, because every clinical educator here has done it.")
    assert analyse_content(text, load_rubric()).components["ladder"].present
    shipped = (config.PROMPTS_DIR / "rubric.toml").read_text()
    start, end = shipped.index("\necho = ["), shipped.index("\nhint = []", shipped.index("\ncommon = ["))
    path = tmp_path / "older.toml"
    path.write_text(shipped[:start] + shipped[end:])
    older = load_rubric(str(path))
    assert not {"echo", "common", "reasoned"} & set(older.components["ladder"].groups)
    assert not analyse_content(text, older).components["ladder"].present
    reasoned = ("Long term I'd like to run a salon. Colour correction still makes me nervous, so I've booked onto the "
                "advanced colour course in March.")
    assert analyse_content(reasoned, load_rubric()).components["ladder"].present
    assert not analyse_content(reasoned, older).components["ladder"].present


@pytest.mark.parametrize("section, cid, group, text", [
    ("flags", "overreach", "quick", "Honestly I think I'll be running the show here pretty quickly."),
    ("components", "employer", "named", "In my first year I intend to complete Fairway's in-house safety modules."),
])
def test_an_older_rubric_without_a_one_line_optional_group_loads_and_goes_without_it(tmp_path, section, cid, group,
                                                                                      text):
    """Groups added after the first release (overreach's quick clock, the employer's names): an older copy loads."""
    from simulator import config
    from simulator.content import analyse_content

    def heard(rubric):
        return getattr(analyse_content(text, rubric), section)[cid].present

    assert heard(load_rubric())
    shipped = (config.PROMPTS_DIR / "rubric.toml").read_text()
    start = shipped.index(f"\n{group} = [")
    path = tmp_path / "older.toml"
    path.write_text(shipped[:start] + shipped[shipped.index("\n", start + 1):])
    older = load_rubric(str(path))
    assert group not in getattr(older, section)[cid].groups
    assert not heard(older)


def test_an_older_rubric_without_the_promotion_clock_loads_and_goes_without_it(tmp_path):
    """promotion_months and its group came at stop 31: an older copy that has neither loads, and a promotion on a
    short clock is then not heard; one that has the group but not the number also loads and goes without it."""
    from simulator import config
    from simulator.content import analyse_content

    text = "I'd like to be promoted within six months."
    assert analyse_content(text, load_rubric()).flags["overreach"].present
    shipped = (config.PROMPTS_DIR / "rubric.toml").read_text()
    start = shipped.index("\npromotion = [")
    no_group = shipped[:start] + shipped[shipped.index("\n", start + 1):]
    for older_text in (no_group.replace("promotion_months = 6\n", ""), shipped.replace("promotion_months = 6\n", "")):
        path = tmp_path / "older.toml"
        path.write_text(older_text)
        older = load_rubric(str(path))
        assert "promotion_months" not in older.flags["overreach"].params
        assert not analyse_content(text, older).flags["overreach"].present


def test_an_older_rubric_without_the_stretch_months_loads_and_goes_without_them(tmp_path):
    """new_months and seasoned_months came at stop 39: an older copy without them loads, and a stretch said only as a
    time ("only since six weeks", "since eight years") then does not tell the speaker's stage."""
    from simulator import config
    from simulator.content import analyse_content

    new = "I have been in the lab only since six weeks. In two years I want to be a principal investigator."
    long = "I am first officer since eight years. In the next two years I want to have my own command."
    rubric = load_rubric()
    assert analyse_content(new, rubric).flags["overreach"].present
    assert not analyse_content(long, rubric).flags["overreach"].present
    path = tmp_path / "older.toml"
    path.write_text((config.PROMPTS_DIR / "rubric.toml").read_text().replace("new_months = 12\n", "")
                    .replace("seasoned_months = 60\n", ""))
    older = load_rubric(str(path))
    assert not {"new_months", "seasoned_months"} & set(older.flags["overreach"].params)
    assert not analyse_content(new, older).flags["overreach"].present
    assert analyse_content(long, older).flags["overreach"].present


def test_questions():
    q = load_question()
    assert q.id == "career-goals" and q.text == "What are your career goals?"
    assert {x.id for x in list_questions()} >= {"career-goals"}
    with pytest.raises(RubricError, match="unknown question"):
        load_question("nope")


Q = "'" * 3  # the rubric's cues are TOML literal strings


def test_a_cue_that_backtracks_catastrophically_is_refused_at_load_and_named(tmp_path):
    path = _broken(tmp_path, f"{Q}workshops{Q},", f"{Q}workshops{Q}, {Q}(a|aa)+${Q},")
    with pytest.raises(RubricError) as e:
        load_rubric(str(path))
    assert "components.steps.credential[" in str(e.value) and "runs away" in str(e.value)


def test_a_cue_that_runs_away_only_on_a_real_answer_is_stopped_and_named(tmp_path):
    # Harmless on the load-time probes, exponential on a run of "x": matching gives up and names the cue.
    path = _broken(tmp_path, f"{Q}workshops{Q},", f"{Q}workshops{Q}, {Q}(x|xx)+${Q},")
    rubric = load_rubric(str(path))
    from simulator.content import analyse_content

    with pytest.raises(RubricError) as e:
        analyse_content("I want to attend a workshop on " + "x" * 60 + "!", rubric)
    assert "components.steps.credential[" in str(e.value) and "(x|xx)+$" in str(e.value)


def test_a_cue_that_would_hang_pythons_re_runs_in_time(tmp_path):
    # (\\w+\\s?)+$ backtracks exponentially in the standard library's re on a long sentence that ends in
    # punctuation; the rubric's matcher does not, and the same cue still matches where it should.
    path = _broken(tmp_path, f"{Q}workshops{Q},", f"{Q}workshops{Q}, {Q}(\\w+\\s?)+${Q},")
    from simulator.content import analyse_content

    long_line = "I want to go to " + " ".join(f"place{i}" for i in range(40)) + "!"
    result = analyse_content(long_line + " And then a day of talks with my team", load_rubric(str(path)))
    assert result.components["steps"].present


def _with_field(tmp_path, table: str):
    """The shipped rubric with one more field's ranks at its end (flags.overreach.ranks.<field>)."""
    from simulator import config

    path = tmp_path / "ranks.toml"
    path.write_text((config.PROMPTS_DIR / "rubric.toml").read_text() + "\n" + table)
    return path


def test_a_coach_adds_a_fields_ranks_and_a_post_said_as_a_goal_is_timed_like_its_level(tmp_path):
    """A post the rules do not know ("ringmaster") means nothing until a coach lists it in the ranks table; listed as
    senior, a newcomer's ringmaster within two years is presumptuous, and one day with no clock still is not."""
    from simulator.content import analyse_content

    hurry = "I only joined the circus last month, as a clown. My goal is to become ringmaster within two years."
    patient = "I only joined the circus last month, as a clown. One day I would love to become ringmaster."
    assert not analyse_content(hurry, load_rubric()).flags["overreach"].present
    edited = load_rubric(str(_with_field(tmp_path, '[flags.overreach.ranks.circus]\nsenior = ["ringmaster"]\n')))
    assert analyse_content(hurry, edited).flags["overreach"].present
    assert not analyse_content(patient, edited).flags["overreach"].present


@pytest.mark.parametrize("table, key, why", [
    ('[flags.overreach.ranks.circus]\nsenior = ["Ring(master"]\n', "flags.overreach.ranks.circus.senior[0]",
     "lower-case words"),
    ('[flags.overreach.ranks.circus]\nboss = ["ringmaster"]\n', "flags.overreach.ranks.circus.boss", "unknown level"),
    ('[flags.overreach.ranks.circus]\nsenior = "ringmaster"\n', "flags.overreach.ranks.circus.senior", "list of posts"),
])
def test_a_bad_rank_is_refused_at_load_with_its_key(tmp_path, table, key, why):
    path = _with_field(tmp_path, table)
    with pytest.raises(RubricError) as e:
        load_rubric(str(path))
    assert str(path) in str(e.value) and key in str(e.value) and why in str(e.value)


def test_a_broken_rank_goal_is_named_by_its_own_key(tmp_path):
    path = _broken(tmp_path, "\nrank_goal = [\n", "\nrank_goal = [\n  '''(be {{rank}}''',\n")
    with pytest.raises(RubricError) as e:
        load_rubric(str(path))
    assert str(path) in str(e.value) and "flags.overreach.rank_goal[0]" in str(e.value)


def test_ranks_need_the_ways_a_rank_is_said(tmp_path):
    from simulator import config

    shipped = (config.PROMPTS_DIR / "rubric.toml").read_text()
    start = shipped.index("\nrank_goal = [")
    path = tmp_path / "no_goal.toml"
    path.write_text(shipped[:start] + shipped[shipped.index("\n]\n", start) + 2:])
    with pytest.raises(RubricError, match="flags.overreach.rank_goal"):
        load_rubric(str(path))


def test_an_older_rubric_without_senior_now_or_ranks_loads_and_goes_without_them(tmp_path):
    """senior_now, rank_goal and the ranks table came at stop 36: a coach's older copy without them loads; a director's
    next rung is then timed like anyone's, and a field's own rank is not known."""
    from simulator import config
    from simulator.content import analyse_content

    director = ("With nineteen years in logistics, the last seven as operations director, my goal is to step up to "
                "managing director within the next two to three years.")
    rank = "I qualified as a firefighter last year, and my goal is to be a station commander within three years."
    shipped = (config.PROMPTS_DIR / "rubric.toml").read_text()
    older = shipped[:shipped.index("\n[flags.overreach.ranks.")] + "\n"
    for group in ("senior_now", "rank_goal"):
        start = older.index(f"\n{group} = [")
        older = older[:start] + older[older.index("\n]\n", start) + 2:]
    path = tmp_path / "older.toml"
    path.write_text(older)
    old = load_rubric(str(path))
    assert "senior_now" not in old.flags["overreach"].groups
    assert not analyse_content(director, load_rubric()).flags["overreach"].present
    assert analyse_content(director, old).flags["overreach"].present
    assert analyse_content(rank, load_rubric()).flags["overreach"].present
    assert not analyse_content(rank, old).flags["overreach"].present


def test_an_older_rubric_without_arrival_loads_and_hears_only_clocks_that_point_back(tmp_path):
    """`arrival` came at stop 37: a coach's older copy without it loads, and a later sentence that says the goal is
    reached without naming it ("I've given myself two years from today") then gives it no clock."""
    from simulator import config
    from simulator.content import analyse_content

    text = ("I started on the tills in June. Where I want to end up is general manager of a store like this. I've "
            "given myself two years from today.")
    shipped = (config.PROMPTS_DIR / "rubric.toml").read_text()
    start = shipped.index("\narrival = [")
    path = tmp_path / "older.toml"
    path.write_text(shipped[:start] + shipped[shipped.index("\n]\n", start) + 2:])
    old = load_rubric(str(path))
    assert "arrival" not in old.flags["overreach"].groups
    assert analyse_content(text, load_rubric()).flags["overreach"].present
    assert not analyse_content(text, old).flags["overreach"].present
