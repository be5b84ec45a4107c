"""Step: which question to ask. Questions are data in prompts/questions.toml."""

from __future__ import annotations

from . import config
from .errors import RubricError
from .rubric import read_toml
from .types import Question


def _questions() -> tuple[str, dict[str, Question]]:
    path = config.PROMPTS_DIR / "questions.toml"
    data = read_toml(path)
    out = {}
    for qid, q in data.get("questions", {}).items():
        if not isinstance(q, dict) or not isinstance(q.get("text"), str):
            raise RubricError(f"{path}: questions.{qid}: needs a text")
        out[qid] = Question(id=qid, text=q["text"], rubric=q.get("rubric", "career-goals"))
    default = data.get("default", config.DEFAULT_QUESTION)
    if default not in out:
        raise RubricError(f"{path}: default question {default!r} is not defined")
    return default, out


def list_questions() -> list[Question]:
    return list(_questions()[1].values())


def default_question_id() -> str:
    return _questions()[0]


def load_question(qid: str | None = None) -> Question:
    default, questions = _questions()
    qid = qid or default
    if qid not in questions:
        raise RubricError(f"unknown question {qid!r}; choose one of: {', '.join(questions)} "
                          "(`mock-interview questions` lists them)")
    return questions[qid]
