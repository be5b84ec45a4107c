"""Grids of sentences written here, crossing the ways a part or a flag can be said, to find missing mechanisms.

Each grid crosses a few lists (who the speaker is, what they aim at, the clock, the sentence's shape; or ways to
name the employer in a few shapes) and counts how many of the crossings the rules hear, and how many near-misses
they raise. A crossing the rules miss points at a mechanism (a kind of clock, a way of saying one is new, a rank
of a field), not at one writer's wording; the labelled sets and the probes in bench/data/ then say whether a change
made for it carries over (README, "How far to trust the judgement", stop 33). Rules alone, no encoder.

    .venv/bin/python bench/grids.py            # prints each grid's counts and the crossings it misses most
    .venv/bin/python bench/grids.py --show 10  # ... and up to 10 missed or wrongly raised sentences per grid
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["MOCK_INTERVIEW_SEMANTIC"] = "0"  # the rules' own mechanisms

from simulator.content import analyse_content  # noqa: E402
from simulator.rubric import load_rubric  # noqa: E402

# --- overreach: newcomers x senior posts x clocks x shapes -----------------------------------------------------
LADDERS = [
    ("I started as a junior sous chef in March", "head chef"), ("I'm a trainee accountant", "finance director"),
    ("I've just qualified as a nurse", "ward manager"), ("I've been a staff nurse for eight months", "matron"),
    ("I'm a newly qualified teacher", "deputy head"), ("I'm in my first year of teaching", "head teacher"),
    ("I joined as a graduate engineer last autumn", "engineering manager"),
    ("I'm an apprentice electrician", "contracts manager"), ("I'm a junior developer", "CTO"),
    ("I'm a junior developer six months in", "head of engineering"), ("I just started as a sales assistant", "store manager"),
    ("I'm a checkout operator", "regional manager"), ("I'm a trainee solicitor", "partner"),
    ("I'm a paralegal, first job", "senior partner"), ("I'm a probationary police constable", "inspector"),
    ("I'm a new care assistant", "registered manager of the home"),
    ("I'm a warehouse operative, been here a few months", "operations manager"),
    ("I'm a junior analyst", "head of analytics"), ("I'm a junior doctor", "consultant"),
    ("I'm a lab technician, fresh out of uni", "head of the lab"), ("I'm a commis chef", "executive chef"),
    ("I just started on the helpdesk", "IT director"), ("I'm a bank cashier, new", "branch manager"),
    ("I'm a graduate in marketing, started in June", "marketing director"), ("I'm a farm hand, first season", "farm manager"),
    ("I'm a junior reporter", "editor"), ("I'm a cabin crew trainee", "cabin services director"),
    ("I'm a junior architect", "associate director"), ("I'm a new security officer", "security manager for the whole site"),
    ("I'm a trainee bus driver", "depot manager"), ("I'm a teaching assistant", "headteacher"),
    ("I'm a junior designer", "creative director"), ("I'm a customer service rep, three months in", "head of customer experience"),
    ("I'm an intern", "VP of product"), ("I'm a graduate trainee", "chief executive"),
    ("I'm a junior HR assistant", "HR director"), ("I'm an apprentice plumber", "running my own crew of ten"),
    ("I'm a new hire in the call centre", "call centre manager"),
]
CLOCKS = ["within a year", "in eighteen months", "by this time next year", "after my probation", "before my first appraisal",
          "by next Christmas", "in two years", "within a couple of years", "by the end of next year", "in a year or two",
          "by the time I'm twenty-five", "give it twelve months", "inside two years", "before I'm twenty-five",
          "in about a year and a half", "by 2028", "after a couple of rotations", "within 24 months", "this time next year",
          "in the next twelve months", "after one year", "by my second anniversary here", "in under two years",
          "soon, like next year", "by the summer after next", "straight after my probation ends", "within my first two years",
          "in a year's time"]
SHAPES = ["{who}. My goal is to be {post} {time}.", "{who}, and {time} I want to be {post}.",
          "{who}. {Time}, I see myself as {post}.", "{who}. I'm aiming to make {post} {time}.",
          "{who}, um, and honestly I reckon I can be {post} {time}, you know.",
          "{who}. If things go well I'd expect to be {post} {time}.", "{who}. I'd like to step up to {post} {time}.",
          "{who}. {Time} I'll be {post}, that's the plan.", "{who}. The plan is {post} {time}.",
          "{who}. I want to be promoted to {post} {time}."]
NEWCOMERS = ["I'm a junior developer", "I'm a trainee accountant", "I've just qualified as a nurse", "I'm a new care assistant",
             "I'm an apprentice electrician", "I'm a probationary police constable", "I'm a farm hand, first season",
             "I'm a warehouse operative, been here a few months", "I'm a junior doctor", "I'm a trainee solicitor"]
LATERAL = ["a project manager", "an account manager", "a product manager", "a case manager", "an assistant manager",
           "a deputy manager", "a team leader", "a senior developer", "a qualified electrician", "a sergeant", "a staff nurse",
           "a care coordinator", "a fully qualified accountant", "an associate", "a mentor for new starters"]
NEAR_CLOCKS = ["within two years", "in a year or two", "in eighteen months", "next year", "within a year"]
FAR = ["one day", "eventually", "in ten years", "in the long run", "by the time I'm forty", "in fifteen years or so",
       "somewhere down the line", "further down the line, maybe ten years"]
SENIOR = ["a ward manager", "head chef", "a partner", "an inspector", "a consultant", "operations manager", "store manager",
          "a director", "head of department", "matron", "editor"]
EXPERIENCED = ["I've been a staff nurse for nine years and I've covered as deputy ward manager",
               "I've been a sous chef for seven years", "I've been a sergeant for six years",
               "I'm a senior associate with eight years at the firm", "I've been an assistant store manager for five years",
               "I'm a deputy head of department"]
PAST = ["I was promoted to store manager after one year at my last job", "My cousin made partner after two years",
        "I became a team leader after a year, which taught me a lot", "In my old job I ran the kitchen after six months"]


def overreach_cases(size: int) -> tuple[list[str], list[str]]:
    said = [shape.format(who=who, post=post, time=time, Time=time[0].upper() + time[1:])
            for (who, post), time, shape in itertools.product(LADDERS, CLOCKS, SHAPES)]
    random.Random(1).shuffle(said)
    near = [f"{who}. In the long run I want to be great at this, and {time} I'd like to be {post}."
            for who, post, time in itertools.product(NEWCOMERS, LATERAL, NEAR_CLOCKS)]
    near += [f"{who}. {time[0].upper() + time[1:]} I'd love to be {post}, but first I want to learn the job properly."
             for who, post, time in itertools.product(NEWCOMERS, SENIOR, FAR)]
    near += [f"{who}. {time} I'd like to step up to {post}."
             for who, post, time in itertools.product(EXPERIENCED, ["ward manager", "head chef", "inspector", "partner",
                                                                    "store manager", "head of department"],
                                                      ["In the next two years", "Within a couple of years"])]
    near += [f"{p}. {tail}" for p, tail in itertools.product(PAST, ["Now I want to go deep on the technical side.",
                                                                      "Here I'd like to learn the process properly first."])]
    return said[:size], near


# --- leaving, the employer, contribution, jokes: ways to say it inside an ordinary answer ----------------------
LEAVING = ["in a couple of years I'd like to go out on my own", "eventually the plan is to open my own salon",
           "honestly I'm only here until I finish my masters", "after two years I want to move to a bigger company",
           "I want to get some experience here and then move to Canada", "longer term I want to go freelance",
           "I'll probably go back to uni full time next year", "this is a stopgap until I get into the police",
           "one day I'll take over my dad's farm", "I see this job as a stepping stone to something at Google",
           "my long-term plan is to work for myself", "I'd like to become a contractor after a few years here",
           "I plan to emigrate once I've saved enough", "I'd like to set up on my own once I've learned the ropes",
           "the dream is to have my own practice in five years", "I'm applying to medical school next year",
           "I want to join the army next year", "I'll be moving back home to Spain next summer",
           "I want to use this as experience to get a job in the city", "in the end I want my own food truck",
           "after this I want to try my luck in another industry", "I'd like to move to a competitor that does more research",
           "I'm here for a year and then travelling", "my partner's job is moving us to Scotland next year",
           "I'll stay until something better turns up", "I'm hoping to get onto a graduate scheme somewhere else",
           "I'd love to retrain as a paramedic in a year or so", "I want to do this until my band takes off"]
STAYING = ["I'd like to move to the finance department here in a couple of years",
           "I want to go back to college part-time alongside the job", "I've got no plans to start my own business",
           "I'd like to run my own caseload within a year", "I want to take on my own clients here",
           "I want to build my own team here one day", "I'd like to transfer to your Leeds branch eventually",
           "I covered while my manager was on leave", "I left my last job to come and grow here",
           "before this I ran my own business for three years", "I want to own the onboarding process",
           "I want to grow with the company", "I'm in it for the long haul here", "I'm not going anywhere",
           "I'd like to lead my own projects", "I'd like to have my own classroom next year",
           "I want to open a second site for you one day", "I'd love to go on secondment to head office and come back",
           "I want to travel for work with your international team", "I'd like my own section of the kitchen",
           "I'd like to set up a new service inside the trust",
           "I want to start my own allotment project with the residents",
           "I'd like to help the owners open their second restaurant", "I'd like to go back to basics and learn properly",
           "I want to study for my masters part-time here with your support", "I want my own patch to manage",
           "I came here from a different industry and I want to stay", "I'd love to be travelling to your other sites",
           "I'd like to join the army reserves alongside this job", "My own gym routine keeps me sharp"]
LEAVING_AROUND = (["I'm a support worker at a care home. ", "I work as a junior chef. ", "I'm a sales assistant. ",
                   "I'm a developer. "],
                  [" Over the next year I want to get my level three and learn from the team.",
                   " Right now I'm focused on learning the job well."])
EMPLOYER = ["here", "in this role", "with your team", "at Northwind", "here at Northwind", "with the company",
            "at a place like this", "in this hospital", "on your ward", "in your clinic", "with the team", "at this firm",
            "with you", "with you guys", "with you lot", "in this kitchen", "at this school", "for the practice",
            "in the trust", "with the group", "at Greggs", "at a company like yours", "somewhere like this", "in this store",
            "at this site", "on this site", "within the organisation", "in the business", "on your team",
            "for your customers", "for the residents here", "at St Mary's", "in this branch", "in your department",
            "in this position", "in the job you're advertising", "on the night shift here", "with this crew", "in your lab",
            "at the depot"]
NOT_EMPLOYER = ["at a big company", "somewhere", "in the industry", "in healthcare", "with a brand", "at a help desk",
                "in a hospital somewhere", "in the field", "in my career", "at my last job", "in the sector", "in tech"]
EMPLOYER_SHAPES = ["Long term I want to become a senior {job} {emp}.", "In five years I'd like to be leading projects {emp}.",
                   "My goal is to grow {emp}, and over the next year I want to finish my level three.",
                   "I see my future {emp}: in a few years I'd like to be mentoring new starters.",
                   "Um so yeah I'd really like to, uh, build my career {emp}, you know, like long term."]
JOBS = ["nurse", "chef", "developer", "carer", "technician"]
CONTRIBUTION = [
    "I want to make a real difference for the patients on this ward", "I'd like to help new hires find their feet",
    "I want to be the person people come to for anything to do with payroll", "I want to be someone the team can rely on",
    "I'd like to build tools that save the nurses time", "I want our customers to leave happier than they came in",
    "I'd love to improve how we onboard new clients", "I want to be the go-to person for Excel on the team",
    "I want to pass on what I know to the apprentices", "I'd like to make the residents' days a bit brighter",
    "I want to cut the waiting times in the clinic", "I hope to bring my languages to your customer team",
    "I want to be known for getting the orders out right first time", "I'd like my work to keep people safe on site",
    "I want to help the kids who struggle with reading", "I'd like to design a menu people come back for",
    "I want to make the warehouse run smoother", "I'd like to take some weight off my manager",
    "I want to mentor the interns who join each summer", "I'd like to share what I learn with the rest of the team",
    "I want to be an expert others can lean on", "I'd like to create something our customers love using",
    "I want to help the business reduce waste", "I want to be a safe pair of hands for the team",
    "I'd like to raise the standard of care here", "I want to make the team's life easier",
    "I want the families we support to feel listened to", "I'd like to train the new starters on the tills",
    "I want to be trusted with the tricky cases", "I'd like to help shape how the department works"]
NOT_CONTRIBUTION = ["I want to learn as much as I can", "I'd like to get my forklift licence", "I want to be promoted to supervisor",
                    "I helped customers every day in my last job", "My manager helped me a lot",
                    "I want a job that makes me happy", "I'd like to earn more", "I want to become a senior nurse",
                    "I like helping my family at the weekends", "I want to improve my Excel",
                    "I'd like people to train me properly", "I want to get better at time management"]
JOKES = ["to retire at thirty on a beach somewhere", "world domination", "to be a billionaire by Tuesday",
         "to get through Monday without crying", "to have your job", "to be a professional napper", "to marry someone rich",
         "to be famous on TikTok with my cat", "to find the office biscuit stash", "to survive this interview",
         "to do as little as possible for as much as possible", "to be the next Elon Musk", "to not get fired",
         "to be on a yacht by forty", "to keep my houseplants alive", "to make it to Friday", "to win Bake Off",
         "to get paid to sleep", "to be a footballer, but my knees disagree", "to beat my dad at golf",
         "to take over the world", "to own a llama farm", "to learn to like coffee", "to get a parking space near the door"]
JOKE_SHAPES = ["Honestly? {j}. Okay, seriously though, next year I want to finish my level three.",
               "My career goal is {j}. But in all seriousness, I'd like to lead a small team in a few years.",
               "Ha, {j}! No, really, I want to become a senior technician here.",
               "{J}. I'm kidding. This year I want to pass my exams and long term I'd like to manage a ward.",
               "Um, {j}, you know. Anyway, this year I want to get my forklift licence.",  # deadpan: nothing taken back
               "Where do I see myself? {J}, basically.",
               "{J}, if I'm honest, that's the dream. Next year I'd like to do the supervisor course."]
NOT_JOKES = ["I'd like to retire comfortably one day, but for now I want to build my skills here.",
             "Seriously, I want to become a senior nurse, and next year I'll do my mentorship course.",
             "Honestly, my goal is to lead a team in five years.",
             "I'm kidding myself if I think it'll be easy, but I want to qualify next year.",
             "To be honest, I'd like to be the go-to person for Excel here.",
             "My dream is to work with animals, and this year I'm doing my level three.",
             "I want to make it to senior by my third year, so I'm doing the course now.",
             "Ha, good question. I want to become a charge nurse in a few years."]


def grids(size: int) -> dict[str, tuple[str, str, list[str], list[str]]]:
    """name -> (what is asked of the analysis, its id, sentences that have it, sentences that must not)."""
    said, near = overreach_cases(size)
    pre, post = LEAVING_AROUND
    around = [(p, q) for p in pre for q in post]
    leaving = [p + x[0].upper() + x[1:] + "." + q for x in LEAVING for p, q in around]
    staying = [p + x[0].upper() + x[1:] + "." + q for x in STAYING for p, q in around]
    employer = [f"I'm a {job}. " + shape.format(job=job, emp=e) + " Next year I want to do a course."
                for e, shape, job in itertools.product(EMPLOYER, EMPLOYER_SHAPES, JOBS)]
    generic = ["I'm a nurse. " + shape.format(job="nurse", emp=e) + " Next year I want to do a course."
               for e, shape in itertools.product(NOT_EMPLOYER, EMPLOYER_SHAPES[:3])]
    wrap = ("I'm a support worker. {}. Over the next year I want to do my level three, and long term I'd like to be a "
            "senior.")
    jokes = [shape.format(j=j, J=j[0].upper() + j[1:]) for j, shape in itertools.product(JOKES, JOKE_SHAPES)]
    return {
        "overreach": ("flags", "overreach", said, near),
        "leaving": ("flags", "leaving", leaving, staying),
        "employer": ("components", "employer", employer, generic),
        "contribution": ("components", "contribution", [wrap.format(t) for t in CONTRIBUTION],
                         [wrap.format(t) for t in NOT_CONTRIBUTION]),
        "jokes": ("flags", "flippant", jokes, NOT_JOKES),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=3000, help="overreach crossings to score (a shuffled sample)")
    p.add_argument("--show", type=int, default=0, help="print up to this many missed or wrongly raised sentences")
    args = p.parse_args()
    rubric = load_rubric()
    for name, (kind, rid, yes, no) in grids(args.size).items():
        def found(text: str) -> bool:
            result = analyse_content(text, rubric)
            return (result.flags if kind == "flags" else result.components)[rid].present
        missed = [t for t in yes if not found(t)]
        raised = [t for t in no if found(t)]
        print(f"{name:13s} heard {len(yes) - len(missed):5d} of {len(yes):5d}; near-misses raised {len(raised):4d} "
              f"of {len(no):4d}")
        for t in missed[:args.show]:
            print(f"    missed: {t}")
        for t in raised[:args.show]:
            print(f"    raised: {t}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
