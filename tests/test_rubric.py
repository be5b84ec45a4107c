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
    ('label = "Overreach"', "", "flags.overreach.label"),
    ("version = ", "version = 3\nold_version = ", "version"),
])
def test_broken_rubric_names_the_key(tmp_path, old, new, key):
    path = _broken(tmp_path, old, new)
    with pytest.raises(RubricError) as e:
        load_rubric(str(path))
    assert str(path) in str(e.value) and key in str(e.value)


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


def test_questions():
    q = load_question()
    assert q.id == "career-goals" and q.text == "What are your career goals?"
    assert {x.id for x in list_questions()} >= {"career-goals"}
    with pytest.raises(RubricError, match="unknown question"):
        load_question("nope")
