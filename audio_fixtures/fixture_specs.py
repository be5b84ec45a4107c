"""What each fixture says and what the scorer must find in it: the data behind make_fixtures.py.

Every ``expect`` block is ground truth for the scorer's tests, written by reading the script against
/work/shared/rubric.md. A component or flag is listed as present only where a careful human reader
would say so, and as absent only where it clearly is absent; anything debatable is left out of both.
"""

from __future__ import annotations

COMPONENTS = (
    "framing", "goal_long", "goal_short", "steps", "ladder",
    "learning", "contribution", "balance", "employer",
)
FLAGS = ("leaving", "money", "overreach", "vague", "flippant", "personal", "no_ambition")


class Pause:
    """A silence inserted between two sentences (seconds)."""

    def __init__(self, seconds: float):
        self.seconds = seconds


def all_but(ids, *keep):
    return [i for i in ids if i not in keep]


NO_FLAGS = {"flags_present": [], "flags_absent": list(FLAGS)}
NO_FILLERS = {"fillers": {"total": 0}}
NO_HEDGES = {"hedges": {"total": 0}}

# --- spoken answers ---------------------------------------------------------------------------

STRONG_PIPER = [
    "I approach my career the way I approach a big project: I break the large goal into smaller "
    "ones and reach them one after the other.",
    "I keep a written plan with a target for each quarter, and I review it every month.",
    "My long-term goal is to become a lead data engineer who designs systems a whole company can "
    "rely on.",
    "In the next year, I want to earn a cloud data engineering certification and attend two "
    "industry conferences, which will prepare me to take ownership of larger projects.",
    "I want to keep learning new tools and methods, to keep my skills current.",
    "I also want to bring real value to the people around me, by building data tools that "
    "analysts trust and by mentoring newer engineers.",
    "Finally, I want a healthy balance between work and family, because when I am rested, I do "
    "my best work.",
    "This role fits those goals well, and I would be glad to grow with your team.",
]

STRONG_ESPEAK = (
    "I like to set one big goal and then reach it through a series of smaller steps. "
    "Five years from now, I see myself leading a small product design team. "
    "Right now, I am focused on getting better at user research. "
    "Over the next twelve months, I will finish an online course in research methods and present "
    "a case study at a local design meetup. "
    "That experience will let me run the research for whole projects, not just single features. "
    "I would also like to help my team by building a shared pattern library that other "
    "designers can use. "
    "Outside of work, I protect time for exercise and family, because that keeps me focused and "
    "creative on the job. "
    "This position fits those goals, and I would be glad to grow here with your company."
)

ADEQUATE_PIPER = [
    "In the long run, I would like to become a senior software developer.",
    "Over the next year, I want to get better at writing clean and readable code, and I want to "
    "become more comfortable working with databases.",
    "I also want to keep learning new programming languages, since the field changes quickly and "
    "there is always something new to understand.",
    "Those are the main things I am working toward at the moment.",
]

WEAK_FLAGS_PIPER = [
    "To be honest, my main goal is money.",
    "I want a high salary and a big bonus every year, because that is what really motivates me.",
    "Within five years, I plan to be the CEO of this company.",
    "And if that does not happen, then two years from now I will leave this company to start my "
    "own business.",
    "I am a fast learner, and I work harder than anyone I know.",
]

# Fillers at known places; counted below in FILLERS_COUNT (must match the text exactly).
FILLERS_PIPER = [
    "Um, I think about my career as a series of smaller goals that add up to a bigger one.",
    "My long-term goal is, uh, to become a nurse manager who runs a hospital unit.",
    "In the next year, I want to finish my critical care certification, and, um, that will "
    "prepare me to take on charge nurse shifts.",
    "I also want to, like, keep learning, you know, by going to one nursing conference every year.",
    "Uh, I want to be someone my colleagues rely on, and I want to help new nurses settle in.",
    "Outside work, um, I keep a steady routine with my family, because, you know, being rested "
    "makes me better with patients.",
    "This role, uh, is a great fit, and I would, like, love to grow with your team.",
]
FILLERS_COUNT = {"um": 3, "uh": 3, "you know": 2, "like": 2}

PAUSES_PIPER = [
    "My long-term goal is to become an operations manager for a regional logistics company.",
    "I want to get there one step at a time.",
    Pause(3.2),
    "In the next year, I want to complete a lean six sigma green belt, which will prepare me to "
    "lead process improvement projects.",
    "I have already started the course in the evenings.",
    Pause(3.0),
    "I also want to bring value to my team by cutting delivery delays, which helps our customers "
    "and the drivers who work with us every day.",
    Pause(4.0),
    "Over time, I also want to train the new planners who join the team.",
    "This role would let me do that kind of work here, with your team, and I would keep learning "
    "from the people around me.",
]
PAUSES_LEAD_S = 1.5  # silence before the first word: the start latency under test

RAMBLING_PIPER = [
    "That is a great question, and I have been thinking about it a lot lately, because my path so "
    "far has not been a straight line.",
    "I started out in retail, working the floor at a hardware store, and then I moved into the "
    "back office, where I ended up doing inventory reports.",
    "Those reports turned out to be the part I enjoyed most, because I found a pattern in our "
    "returns that saved the company money, and my manager noticed.",
    "After that I took on more and more of the reporting, and eventually I moved into an analyst "
    "job at a distribution company.",
    "My long-term goal is to become an analytics manager who leads a team of analysts.",
    "In the next year, I want to finish a statistics course at the community college, and I want "
    "to build a forecasting dashboard for our warehouse.",
    "That project will prepare me to lead bigger analysis work.",
    "I should also say that I like hiking, and on long hikes I often think about problems from "
    "work, which is where a lot of my best ideas come from.",
    "Last spring, for example, I was walking a trail near the lake and I realized that our "
    "weekly reports could be built automatically, which later saved my team about a day of work "
    "every week.",
    "I also want to keep learning about databases and about how other companies handle their "
    "supply chains, because the field keeps changing, and what worked five years ago does not "
    "always work now.",
    "I read a lot of articles, I listen to a few podcasts on the way to work, and sometimes I go "
    "back to old textbooks, which is a habit I picked up from my father, who was an engineer.",
    "He used to say that you should understand how a thing works before you try to improve it, "
    "and I still think about that whenever I start a new project.",
    "Another thing I care about is helping the people around me, so I spend time showing newer "
    "colleagues how to write queries and how to check their numbers before they share them.",
    "I think that is important, because a wrong number in a report can travel a long way before "
    "anyone notices it, and by then it is much harder to fix.",
    "Coming back to the question, I think this role would be a good place to grow, because your "
    "team works with large amounts of data and I would learn a great deal here, while also "
    "bringing what I already know about retail and warehouses.",
    "I hope that answers the question, although I realize I have covered quite a lot of ground.",
]

SHORT_PIPER = ["I just want to grow and learn.", "We will see where things go."]

HEDGES_PIPER = [
    "I guess my long-term goal is probably to become a product manager.",
    "In the next year, I would maybe take a course in product strategy, which will prepare me to "
    "kind of run my own product area.",
    "I guess I also want to learn more about how customers use what we build.",
    "This role could help with that, and maybe I could bring something useful to your team.",
    "I am probably most excited about working with designers and engineers, and I kind of think "
    "that is where I could help the most.",
]
HEDGES_COUNT = {"i guess": 2, "maybe": 2, "kind of": 2, "probably": 2}

STRONG_EXPECT = {
    "status": "ok",
    "verdict": "strong",
    "length_verdict": "good",
    "components_present": list(COMPONENTS),
    "components_absent": [],
    **NO_FLAGS,
    **NO_FILLERS,
    **NO_HEDGES,
    "long_pauses": [],
}

# name -> (voice, script, expect); the lengths are checked against the audio when generated.
ANSWERS = {
    "strong_piper": ("piper", STRONG_PIPER, dict(STRONG_EXPECT)),
    "strong_espeak": ("espeak-ng", STRONG_ESPEAK, dict(STRONG_EXPECT)),
    "adequate_piper": ("piper", ADEQUATE_PIPER, {
        "status": "ok",
        "verdict": "adequate",
        "length_verdict": "brief",
        "components_present": ["goal_long", "goal_short", "learning"],
        "components_absent": ["framing", "steps", "ladder", "contribution", "balance", "employer"],
        **NO_FLAGS, **NO_FILLERS, **NO_HEDGES,
        "long_pauses": [],
    }),
    "weak_flags_piper": ("piper", WEAK_FLAGS_PIPER, {
        "status": "ok",
        "verdict": "weak",
        "length_verdict": "brief",
        "components_present": ["goal_long"],
        "components_absent": ["framing", "steps", "ladder", "learning", "contribution", "balance"],
        "flags_present": ["money", "overreach", "leaving"],
        "flags_absent": ["vague", "flippant", "personal", "no_ambition"],
        **NO_FILLERS, **NO_HEDGES,
        "long_pauses": [],
    }),
    "fillers_piper": ("piper", FILLERS_PIPER, {
        "status": "ok",
        "verdict": "strong",
        "length_verdict": "good",
        "components_present": list(COMPONENTS),
        "components_absent": [],
        **NO_FLAGS,
        "fillers": {**FILLERS_COUNT, "total": sum(FILLERS_COUNT.values())},
        **NO_HEDGES,
        "long_pauses": [],
    }),
    "pauses_piper": ("piper", PAUSES_PIPER, {
        "status": "ok",
        "verdict": "strong",
        "length_verdict": "good",
        "components_present": ["goal_long", "goal_short", "steps", "ladder", "contribution",
                               "employer"],
        "components_absent": ["balance"],
        **NO_FLAGS, **NO_FILLERS, **NO_HEDGES,
        # long_pauses and start_latency_s are filled in from the generated audio
    }),
    "rambling_piper": ("piper", RAMBLING_PIPER, {
        "status": "ok",
        "verdict": "adequate",  # strong content, capped: too long (shared/rubric.md, "Verdict and score")
        "content_verdict": "strong",
        "length_verdict": "too_long",
        "components_present": ["goal_long", "goal_short", "steps", "ladder", "learning",
                               "contribution", "employer"],
        "components_absent": [],
        # "saved the company money" is not a money goal; "I like hiking" is not a filler.
        "flags_present": [],
        "flags_absent": ["leaving", "money", "overreach", "vague", "flippant", "no_ambition"],
        **NO_FILLERS, **NO_HEDGES,
        "long_pauses": [],
    }),
    "short_piper": ("piper", SHORT_PIPER, {
        "status": "ok",
        "verdict": "weak",
        "length_verdict": "too_short",
        "components_present": [],
        "components_absent": all_but(COMPONENTS, "learning"),
        "flags_present": ["vague"],
        "flags_absent": ["leaving", "money", "overreach", "flippant", "personal", "no_ambition"],
        **NO_FILLERS, **NO_HEDGES,
        "long_pauses": [],
    }),
    "hedges_piper": ("piper", HEDGES_PIPER, {
        "status": "ok",
        "verdict": "strong",
        "length_verdict": "brief",
        "components_present": ["goal_long", "goal_short", "steps", "ladder", "learning",
                               "employer"],
        "components_absent": ["framing", "balance"],
        "flags_present": [],
        "flags_absent": ["leaving", "money", "overreach", "flippant", "personal", "no_ambition"],
        **NO_FILLERS,
        "hedges": {**HEDGES_COUNT, "total": sum(HEDGES_COUNT.values())},
        "long_pauses": [],
    }),
}

# --- text transcripts ---------------------------------------------------------------------------

TEXT_STRONG = (
    "I have learned that the best way to reach a big goal is to break it into smaller goals and "
    "work through them one at a time. My long-term goal is to become a clinical pharmacist who "
    "leads the medication safety program at a large hospital. In the near term, I want to pass "
    "the board certification exam in pharmacotherapy within the next eighteen months, and I plan "
    "to attend the national patient safety conference this autumn. That certification will "
    "prepare me to take on a formal role in reviewing prescribing errors. I also want to keep "
    "learning through continuing education courses, because drug guidance changes every year. "
    "Beyond my own growth, I want to be the person nurses and doctors rely on when a medication "
    "question is difficult, and I want to help build checklists that prevent mistakes before "
    "they reach a patient. I also care about a sustainable pace, with time for my family, "
    "because a rested pharmacist catches more errors. This role, with your hospital's focus on "
    "safety, is exactly where I would like to grow, and I am confident I can contribute to your "
    "team from the first month."
)

TEXT_ADEQUATE = (
    "My long-term goal is to work as a senior accountant at a mid-sized firm. Right now I am "
    "focused on getting faster and more accurate with month-end closing, and I want to "
    "understand tax rules better. I enjoy learning, and I want to keep up with the changes in my "
    "field as they come. Those are the goals I am working toward at this point in my career."
)

TEXT_WEAK = (
    "Honestly, I have not really thought about it. Who knows where I will be in a few years. "
    "My real plan is to win the lottery and spend the rest of my life on a beach. Until then, I "
    "would be perfectly happy to sit at the same desk doing the same thing for twenty years, as "
    "long as nobody asks me to take on anything new."
)

TEXTS = {
    "texts/strong.txt": (TEXT_STRONG, {
        "status": "ok",
        "verdict": "strong",
        "length_verdict": "good",
        "components_present": list(COMPONENTS),
        "components_absent": [],
        **NO_FLAGS,
    }),
    "texts/adequate.txt": (TEXT_ADEQUATE, {
        "status": "ok",
        "verdict": "adequate",
        "length_verdict": "brief",
        "components_present": ["goal_long", "goal_short", "learning"],
        "components_absent": ["framing", "steps", "ladder", "contribution", "balance", "employer"],
        **NO_FLAGS,
    }),
    "texts/weak.txt": (TEXT_WEAK, {
        "status": "ok",
        "verdict": "weak",
        "length_verdict": "brief",
        "components_present": [],
        "components_absent": list(COMPONENTS),
        "flags_present": ["vague", "flippant", "no_ambition"],
        # the lottery and the beach are the flippant joke; money and leaving are left undecided
        "flags_absent": ["overreach"],
    }),
    "texts/too_long.txt": (" ".join(RAMBLING_PIPER), {
        # the rambling answer's content, judged by words; text has no delivery measures
        k: v for k, v in ANSWERS["rambling_piper"][2].items()
        if k not in ("fillers", "hedges", "long_pauses")
    }),
}

# --- non-English answers ------------------------------------------------------------------------

GERMAN = (
    "Mein langfristiges Ziel ist es, eine Abteilung für Datenanalyse zu leiten. Im nächsten Jahr "
    "möchte ich eine Zertifizierung im Cloud-Bereich abschließen und an zwei Fachkonferenzen "
    "teilnehmen. Das bereitet mich darauf vor, größere Projekte zu übernehmen. Außerdem möchte "
    "ich mein Team mit guten Werkzeugen unterstützen und neue Kollegen einarbeiten. Diese Stelle "
    "passt sehr gut zu meinen Zielen."
)
SPANISH = (
    "Mi objetivo a largo plazo es dirigir un equipo de análisis de datos. El próximo año quiero "
    "obtener una certificación en la nube y asistir a dos conferencias del sector. Eso me "
    "preparará para asumir proyectos más grandes. También quiero apoyar a mi equipo con buenas "
    "herramientas y ayudar a los nuevos compañeros. Este puesto encaja muy bien con mis objetivos."
)
OVERLONG_SPEECH = [
    "My long-term goal is to lead a data team.",
    "In the next year, I want to finish a certification.",
]
