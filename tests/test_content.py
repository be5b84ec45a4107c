"""The rubric's parts and flags in both directions, on wording the development set does not use.

Each case is one short answer in plain words and whether a part or flag is in it. The cases were written
for this project (not taken from bench/data) so that the mechanisms, not a cue list fitted to the dev set,
are what is tested: parsed time, negation scope, "a trait is not a goal", "a story is not a step",
company money is not a money goal, a move inside the company is not leaving.
"""

from datetime import date

import pytest

from simulator import semantic
from simulator.content import analyse_content, read_lines, split_sentences
from simulator.rubric import load_rubric, rubric_path

RUBRIC_PATH = rubric_path("career-goals")

RUBRIC = load_rubric()


def found(text: str) -> dict[str, bool]:
    result = analyse_content(text, RUBRIC)
    return {k: v.present for k, v in {**result.components, **result.flags}.items()}


CASES = [
    # framing
    ('framing', 'I like to set one big goal and break it into smaller ones.', True),
    ('framing', 'I think about my career in terms of the problems I want to be trusted with.', True),
    ('framing', 'I want to become a senior engineer.', False),
    # goal_long
    ('goal_long', 'In five years, I see myself in a senior project management role.', True),
    ('goal_long', 'My long-term goal is to move into a management position.', True),
    ('goal_long', "Ultimately, I'd like to be a department head.", True),
    ('goal_long', 'I hope to grow into a senior role within the next five years.', True),
    ('goal_long', 'Down the line I want to run my own team of analysts here.', True),
    ('goal_long', "Someday I'd love to become a nurse practitioner.", True),
    ('goal_long', 'Over the next decade I want to build deep expertise in tax law.', True),
    ('goal_long', "By the time I'm forty I want to be leading a product group.", True),
    ('goal_long', 'My dream is to become an architect who designs hospitals.', True),
    ('goal_long', 'I want to become a subject-matter expert in cybersecurity.', True),
    ('goal_long', "I don't really have a long-term plan yet.", False),
    ('goal_long', 'We offer long-term care for elderly residents, which I enjoy.', False),
    ('goal_long', "I've worked in long-term care for six years.", False),
    ('goal_long', "Long-term, I'm not sure where I'll be.", False),
    ('goal_long', 'Three years ago I became a team leader.', False),
    # goal_short
    ('goal_short', 'In five years, I see myself in a senior project management role.', False),
    ('goal_short', 'My short-term goal is to learn your systems and become fully productive in this role.', True),
    ('goal_short', 'In the next six months I want to get my forklift licence.', True),
    ('goal_short', "This year I'm focused on improving my presentation skills.", True),
    ('goal_short', 'Within my first ninety days I want to understand how your clients use the product.', True),
    ('goal_short', 'Next quarter I plan to finish the data analytics course.', True),
    ('goal_short', "I've been in sales for two years now.", False),
    ('goal_short', "I'm planning to take the PMP exam in the spring.", True),
    # steps
    ('steps', 'In the next six months I want to get my forklift licence.', True),
    ('steps', 'Next quarter I plan to finish the data analytics course.', True),
    ('steps', "I'm planning to take the PMP exam in the spring.", True),
    ('steps', "I'll be attending a couple of industry conferences this year.", True),
    ('steps', 'I want to sign up for a part-time MBA.', True),
    ('steps', 'I meet with a mentor every month to review my progress.', True),
    ('steps', "I'd like to lead a small project in my first year.", True),
    ('steps', "I'm going to work hard and develop my skills.", False),
    ('steps', "I'm not going to take any courses or certifications.", False),
    ('steps', 'I have a degree in history from Leeds.', False),
    ('steps', "I graduated with a master's in finance in 2019.", False),
    ('steps', "I'm taking a statistics course, which will prepare me to move into data science.", True),
    ('steps', 'I plan to volunteer for the new product launch.', True),
    ('steps', "I'm going to ask to shadow the senior engineers.", True),
    ('steps', 'I want to apply for the graduate scheme next year.', True),
    ('steps', "I'm aiming to hit my sales targets every quarter.", True),
    # ladder
    ('ladder', "I'm taking a statistics course, which will prepare me to move into data science.", True),
    ('ladder', "To get there, I'm building a portfolio of design work.", True),
    ('ladder', "I'm studying for the CFA so that I can become a portfolio manager.", True),
    ('ladder', 'Getting my certification first will let me apply for senior roles.', True),
    ('ladder', "First I'll learn the basics, then I'll look at management.", False),
    ('ladder', "I want to be a manager, and that's why I'm doing the leadership course.", True),
    ('ladder', 'The course is the first step toward that.', True),
    ('ladder', 'I want to join the night rota this year. It will give me the experience I need to become a senior nurse.', True),
    ('ladder', 'I plan to get there by taking on bigger projects each year.', True),
    ('ladder', "I'm doing the course with a view to moving into management.", True),
    ('ladder', "I need the certificate before I can apply for supervisor roles, so I'm starting it in May.", True),
    ('ladder', 'To be manager, I must first finish the leadership course.', True),
    ('ladder', "Next year I'll finish my course. After that I want to be a manager.", False),
    ('ladder', "I'm taking the supervisor course this year. All of that is building towards the manager role.", True),
    ('ladder', "This year I'll run the stock take, which is good preparation for managing a store.", True),
    ('ladder', "I'm doing the course now; each step gets me closer to becoming a consultant.", True),
    ('ladder', "I'm finishing my apprenticeship so I'm ready for a supervisor role.", True),
    ('ladder', "I'm taking the exam this year; that's how I'll get to the senior grade.", True),
    ('ladder', "I'm doing the course this year, which will make me a stronger candidate for team lead.", True),
    # the link said as a reason, a necessity, a readiness or a route (stop 23), and where it is only a story
    ('ladder', "I want to run a bakery team one day. That's honestly why I'm doing the night shifts on the ovens.", True),
    ('ladder', "I'd like to be a site supervisor. The reason I'm on the scaffolding course is that nobody runs a site "
               "without it.", True),
    ('ladder', "Long term I want to lead the fraud team. You can't investigate properly until you have worked the phones, so "
               "this year I'm on the phones.", True),
    ('ladder', "I hope to be charge nurse in three years, so I'm doing the leadership module now so I'm ready when a "
               "post comes up.", True),
    ('ladder', "My goal is to become a buyer. Time on the shop floor is how most people here end up in buying, so I'm "
               "starting there.", True),
    ('ladder', "I want to head the lab within five years. Because I've never managed a budget, you can't run a lab if "
               "you don't know the money side.", True),  # the link's own clause is not the story
    ('ladder', "I want to head the lab within five years. I've never managed a budget, and I've always liked the "
               "bench.", False),
    ('ladder', "I want to be a head chef. That's why I love this kitchen, it's busy.", False),
    # learning
    ('learning', "This year I'm focused on improving my presentation skills.", True),
    ('learning', 'I want to sign up for a part-time MBA.', True),
    ('learning', "I'm not going to take any courses or certifications.", False),
    ('learning', 'I want to keep learning and stay current with new tools.', True),
    ('learning', "I'd like to gain a deeper understanding of the industry.", True),
    ('learning', "I learn fast and I'm a hard worker.", False),
    ('learning', 'I build machine learning systems for a living.', False),
    ('learning', "I'd like to get more experience with cloud platforms this year.", True),
    ('learning', 'I want to pick up Python in the next few months.', True),
    ('learning', 'I hope to develop as a leader.', True),
    ('learning', 'I want to become more confident in client meetings.', True),
    ('learning', 'I want to know the products inside out.', True),
    ('learning', 'I would like to enhance my capabilities in financial modelling.', True),
    ('learning', 'I want to improve myself in Excel and learn more about the procedures.', True),
    # contribution
    ('contribution', "I want to contribute to the company's success.", True),
    ('contribution', 'I hope to make a positive impact on the organisation.', True),
    ('contribution', "I'd like to mentor the interns who join each summer.", True),
    ('contribution', 'I want to be the go-to person for data questions on the team.', True),
    ('contribution', 'I want to help our customers get answers faster.', True),
    ('contribution', "I'd love to make a difference for patients and their families.", True),
    ('contribution', 'I want to help new hires find their feet.', True),
    ('contribution', 'I like helping people.', False),
    ('contribution', 'I work in customer service.', False),
    ('contribution', 'This course will help me get promoted.', False),
    ('contribution', 'I want the team to be able to count on me.', True),
    ('contribution', "I'd like to share what I know with newer colleagues.", True),
    ('contribution', 'I want to give something back to the community.', True),
    ('contribution', 'I want to be a good role model for the younger staff.', True),
    ('contribution', "I'd love to train the next generation of welders.", True),
    ('contribution', 'I want to help the business grow.', True),
    ('contribution', 'I want to make things easier for the nurses on the ward.', True),
    ('contribution', 'I want to improve how we onboard new people.', True),
    ('contribution', 'I want to build tools that other teams rely on.', True),
    ('contribution', "My goal is to make our customers' lives easier.", True),
    ('contribution', 'I want to be someone the juniors can come to with questions.', True),
    ('contribution', 'I want to raise the standard of care on the unit.', True),
    ('contribution', 'I want to give my knowledge to the team.', True),
    ('contribution', 'I want to be useful for the team.', True),
    ('contribution', 'I want to be the one everyone calls when stuff breaks.', True),
    ('contribution', 'I want to improve patient outcomes on this ward.', True),
    ('contribution', "I'm good at helping customers.", False),
    ('contribution', 'The team helped me a lot last year.', False),
    ('contribution', 'I want my team to succeed.', True),
    # the speaker's own family helped at home is home life; the people the work serves are a contribution
    ('contribution', "In five years I want to be a senior accountant, and outside work I want to help my kids with "
                     "their homework.", False),
    ('contribution', "In two years I want to help the kids in my class read with confidence.", True),
    # one's own notes made digital are one's own tooling; the work others depend on made digital is not
    ('contribution', "Next year I want to get my own notes digitised and learn the new billing system.", False),
    ('contribution', "Next year I want to digitise the patient records for the ward.", True),
    ('contribution', 'I want to take some pressure off the senior nurses.', True),
    ('contribution', 'I want to make the clinic run more smoothly.', True),
    ('contribution', "I'm keen to bring fresh ideas to the department.", True),
    ('contribution', 'I want to be an asset to the team.', True),
    ('contribution', 'I want to create products people love.', True),
    ('contribution', 'I want to make sure patients get safer care.', True),
    # balance
    ('balance', "I want to keep a healthy balance, because I do my best work when I'm rested.", True),
    ('balance', 'Spending time with my family keeps me grounded and focused at work.', True),
    ('balance', 'I like hiking with my family.', False),
    ('balance', "I coach my son's football team at weekends, which makes me a more patient manager at work.", True),
    ('balance', 'Looking after my health means I can give a hundred percent at work.', True),
    ('balance', "I have a young family, so the flexible hours mean I can commit fully when I'm at work.", True),
    ('balance', 'Staying healthy matters to me because it keeps my energy up for the job.', True),
    # employer
    ('employer', 'Down the line I want to run my own team of analysts here.', True),
    ('employer', 'My short-term goal is to learn your systems and become fully productive in this role.', True),
    ('employer', 'Within my first ninety days I want to understand how your clients use the product.', True),
    ('employer', "I want to contribute to the company's success.", True),
    ('employer', 'This role would let me grow into that.', True),
    ('employer', "I'd love to build my career here.", True),
    ('employer', 'A company like yours is where I want to do that.', True),
    ('employer', 'I want to grow with the company over the long term.', True),
    ('employer', 'I want a job at a company that values people.', False),
    ('employer', 'At my last company we had no training budget.', False),
    # leaving
    ('leaving', 'Down the line I want to run my own team of analysts here.', False),
    ('leaving', "Eventually I'd like to start my own consulting firm.", True),
    ('leaving', "In a few years I'd like to go out on my own.", True),
    ('leaving', "I've got a side business that could grow into something full-time.", True),
    ('leaving', "I'm planning to go back to school full time next year.", True),
    ('leaving', "I'll stay until something better comes along.", True),
    ('leaving', 'Honestly I see this as a stepping stone to a job at a bigger firm.', True),
    ('leaving', 'I have no plans to start my own business.', False),
    ('leaving', 'I covered for my manager while she was on leave.', False),
    ('leaving', "I'd like to move to the finance department here in a couple of years.", False),
    ('leaving', "I'm doing a part-time degree in the evenings.", False),
    ('leaving', "I'm hoping to move to Canada in a couple of years.", True),
    ('leaving', "I'd like to become a freelancer eventually.", True),
    ('leaving', "Long term I'd like to join a bigger company.", True),
    ('leaving', 'I want to do a full-time PhD after this.', True),
    ('leaving', "I'd like to retrain as a teacher.", True),
    ('leaving', "I'd like to retrain as a data analyst within the company.", False),
    # money
    ('money', 'My main goal is to earn a six-figure salary.', True),
    ('money', 'I want to make as much money as possible.', True),
    ('money', "Financial freedom is what I'm working towards.", True),
    ('money', 'Honestly, the pay is the main reason I applied.', True),
    ('money', 'Last year I saved the company forty thousand pounds.', False),
    ('money', "Money isn't what motivates me.", False),
    ('money', 'I manage a budget of two million.', False),
    ('money', 'I want to be earning fifty grand in two years.', True),
    ('money', "I'm really after a pay rise and better pay.", True),
    ('money', 'I want to earn more.', True),
    ('money', 'Please pay attention to the details; I saved the hospital money on supplies.', False),
    ('money', 'I want to be financially secure.', True),
    ('money', 'I want a job that pays well.', True),
    # overreach
    ('overreach', 'I want to be CEO in five years.', True),
    ('overreach', "Honestly, I'd like to have your job.", True),
    ('overreach', 'I want to be running the department in two years.', True),
    ('overreach', "I'd like to be a director within a year.", True),
    ('overreach', 'I want to become a team lead in about five years.', False),
    ('overreach', "One day I'd like to be a director.", False),
    ('overreach', "I'd like to be a manager within six months.", True),
    ('overreach', 'I plan to be leading this department by next year.', True),
    ('overreach', 'I want to be in senior management within two years.', True),
    ('overreach', 'I want to be the boss of this place.', True),
    ('overreach', "I'd like to be a vice president by thirty.", True),
    ('overreach', "I'd like to be a team leader within a year.", False),
    ('overreach', "I'd like to be head of the department within a couple of years.", True),
    ('overreach', 'I want to be a partner by thirty.', True),
    ('overreach', 'I want to be at the top of the company in five years.', True),
    # vague
    ('vague', "I haven't really thought about it.", True),
    ('vague', "Who knows, I'll see where things go.", True),
    ('vague', "I'm just taking it one day at a time, to be honest.", True),
    ('vague', "I don't really have any set goals, I'm pretty open.", True),
    ('vague', 'Not sure yet. Whatever comes my way, I guess.', True),
    ('vague', "I'm not sure exactly when, but I want to be a team lead eventually.", False),
    ('vague', "I'm still figuring it out, to be honest.", True),
    ('vague', 'Hard to say. I just want to be successful.', True),
    ('vague', 'I just want to grow and be happy.', True),
    ('vague', "I'm keeping my options open for now.", True),
    ('vague', 'Whatever the company needs, really.', True),
    ('vague', "I haven't got that far yet.", True),
    ('vague', 'I just want a good job, something stable.', True),
    ('vague', "I don't really plan that far ahead.", True),
    ('vague', "I'm open to opportunities, wherever they come from.", True),
    # flippant
    ('flippant', 'My goal is to win the lottery and retire to a beach.', True),
    ('flippant', 'To be sitting where you are, ha. No, seriously, I want to lead a team.', True),
    ('flippant', 'I like hiking.', False),
    # personal
    ('personal', 'Spending time with my family keeps me grounded and focused at work.', False),
    ('personal', 'I want to travel the world and run a marathon.', True),
    ('personal', 'My main goals are to buy a house and get fit.', True),
    ('personal', 'Staying fit keeps my energy up at work.', False),
    ('personal', 'My main goal this year is to run a marathon. At work I want to learn Excel.', True),
    ('personal', 'I want to get married, buy a house and travel more.', True),
    ('personal', "I'd like to write a novel and spend more time with my kids.", True),
    ('personal', "I'd like to travel to client sites more often.", False),
    ('personal', 'I want to spend more time with my family and get fitter.', True),
    ('personal', "I'd like to learn to play the piano and write a book.", True),
    # no_ambition
    ('no_ambition', "I'm happy where I am, I don't really want to move up.", True),
    ('no_ambition', "I'd be happy doing this same job for the rest of my career.", True),
    ('no_ambition', 'Honestly I just want a steady job and to go home at five.', True),
    ('no_ambition', "I'm not really a career person, I just want to do my hours.", True),
    ('no_ambition', "I don't want to be a manager, but I do want to become an expert in my field.", False),
    ('no_ambition', "I don't want to stay where I am; I want to grow.", False),
    ('no_ambition', "I'm content where I am, really.", True),
    ('no_ambition', "I'm not looking for promotion, I'm comfortable in my current role.", True),
    ('no_ambition', "No big plans really, I'd like things to stay the same.", True),
    ('no_ambition', "I'm not fussed about progressing, I just keep my head down.", True),
    ('no_ambition', "I'd be happy to stay at this level.", True),
    ('no_ambition', 'I like my job the way it is.', True),
    ('no_ambition', "I'm happy doing what I'm doing.", True),
    ('no_ambition', "I'm not really looking to change anything.", True),
    ('no_ambition', "I don't have any big ambitions, to be honest.", True),
    ('no_ambition', "I'd like to stay in this role for as long as possible.", True),
    ('no_ambition', "Honestly, promotion doesn't interest me.", True),
    ('no_ambition', "Climbing the ladder isn't for me.", True),
    ('no_ambition', 'Just to keep my job, really.', True),
    ('no_ambition', 'I just want a quiet life.', True),
    ('no_ambition', "I don't want to be a manager, but I want to get really good at what I do and take the specialist exam next year.", False),    # more wording: corporate, non-native, chat; flags said in passing
    ('goal_long', 'Over the medium term I aspire to a head of function remit.', True),
    ('goal_long', 'I want to step up to supervisor eventually.', True),
    ('goal_short', 'I intend to attain chartered status within eighteen months.', True),
    ('goal_short', 'I want to smash my targets this year.', True),
    ('goal_short', "I'm gonna get stuck in, learn the ropes, and sort out my forklift ticket next month.", True),
    ('steps', 'I intend to attain chartered status within eighteen months.', True),
    ('steps', "I'm gonna get stuck in, learn the ropes, and sort out my forklift ticket next month.", True),
    ('ladder', 'I am taking the supervisor course this year. All of that is building towards the manager role.', True),
    ('learning', 'I intend to attain chartered status within eighteen months.', True),
    ('learning', "I'm gonna get stuck in, learn the ropes, and sort out my forklift ticket next month.", True),
    ('contribution', 'My objective is to drive continuous improvement across the function.', True),
    ('contribution', 'I aspire to enable the business to make better decisions.', True),
    ('contribution', "I want to support the organisation's strategic objectives.", True),
    ('contribution', 'I want improve the service for the customers.', True),
    ('contribution', 'I want to help to the company with my experience.', True),
    ('contribution', "I'd like to have the team's back and be the go-to guy for the tricky stuff.", True),
    ('leaving', 'This is just temporary for me until I finish my degree.', True),
    ('leaving', 'Eventually I want to do something completely different.', True),
    ('leaving', "I'd like to go back to my old career in music at some point.", True),
    ('leaving', "I'm not sure I'll stay in this industry.", True),
    ('money', 'I need to pay off my debts, so really I want to earn a good living.', True),
    ('money', 'Honestly, the overtime is what attracts me.', True),
    ('overreach', "I want to be the youngest partner in the firm's history.", True),
    ('overreach', 'I should be managing the team by next year.', True),
    ('overreach', 'I want to climb all the way to the top, fast.', True),
    ('overreach', "I'd like to be your boss someday.", True),
    ('vague', "Anything is fine really, I'm easy.", True),
    ('flippant', 'World domination, obviously. No, seriously, I want to learn the job.', True),
    ('personal', 'I want to finish renovating my house and have more free time for my hobbies.', True),
    ('no_ambition', "I don't want to be a manager, but I want to get really good at what I do and take the specialist exam next year.", False),
    ('leaving', "I'd like to freelance eventually.", True),
    ('leaving', "I'm thinking of emigrating in a couple of years.", True),
    ('money', "Honestly I'm motivated by money.", True),
    ('overreach', 'I want to be in charge of the whole department by next year.', True),
    ('overreach', "I'd like to be in charge of the department in ten years.", False),
    ('vague', "I'll figure it out as I go.", True),
    ('no_ambition', "I'm happy just doing my job.", True),
    ('contribution', 'I want to be there for my patients when they need someone.', True),
    ('contribution', "I'd like to pass on what I've learned to the apprentices.", True),
    ('contribution', 'I want to look out for the juniors the way someone did for me.', True),
    ('contribution', 'I want to make sure nobody on the ward falls through the cracks.', True),
    ('contribution', 'I want to be a safe pair of hands for the team.', True),
    ('steps', 'I want to get signed off on all the machines this year.', True),
    ('goal_short', 'I want to get signed off on all the machines this year.', True),
    ('steps', 'I need to log another two hundred flying hours by next summer.', True),
    ('steps', 'I want to pass my probation and then take the team leader assessment.', True),
    ('goal_short', 'Initially I just want to settle in and learn the routines.', True),
    ('goal_short', 'Early on, my priority is getting to know the patients.', True),
    ('ladder', "This year I'll run the induction for new starters; that way I'll be ready for a supervisor post.", True),
    ('ladder', "I'm doing the NVQ now to lay the groundwork for a management role later.", True),
    ('ladder', 'Finishing the apprenticeship makes me eligible for the technician grade, which is my goal.', True),
    # wording met in sample answers written for the second-opinion work (2026-11-30): US credentials, "see myself
    # as", a possessive before the workplace, "makes ... better", health and family time as the goal itself
    ('steps', 'In the next year, I want to complete my teaching credential.', True),
    ('learning', 'In the next year, I want to complete my teaching credential.', True),
    ('steps', "I'm currently completing my BSN.", True),
    ('goal_long', 'Where I see myself is as a trusted advisor to small business clients.', True),
    ('goal_long', 'I see myself as someone who enjoys the work.', False),
    ('employer', "I'd like to rotate through your children's service.", True),
    ('employer', "I'd like to rotate through a children's service.", False),
    ('contribution', 'I want to be known as someone who makes the team around them better.', True),
    ('contribution', 'A good course makes me better at my job.', False),
    ('framing', 'Career-wise, I see every job as a chance to learn. I want to be a project manager in five years.', True),
    ('personal', "I'm really focused on staying healthy and spending time with family, so I want regular hours.", True),
    ('vague', "I'm really focused on staying healthy and spending time with family, so I want regular hours.", False),
    ('personal', 'Staying healthy keeps me sharp at work, so I run before every shift. In five years I want to '
                 'lead the ward.', False),
    ('contribution', 'I want to be someone the other drivers can call when something goes wrong on the road.', True),
    ('contribution', "I'd also like to bring that mindset to your product team.", True),
    ('leaving', "I'm looking at this as a stop-gap until I get into the police academy next spring.", True),
    ('leaving', 'I want to get into the swing of things until I get into the routine of the ward.', False),
    ('money', 'The main thing for me is a good pension and job security.', True),
    ('money', "I'm chasing the bonus structure, that's what attracted me to sales.", True),
    ('money', "I'm not chasing the bonus, I want to learn the trade properly.", False),
    ('overreach', "In six months I'd like to be your team's manager.", True),
    ('overreach', 'I plan to take over from my boss as soon as I can.', True),
    ('overreach', "Honestly I'd like to be doing your job in a year or two!", True),
    ('overreach', "My team's manager has been a great mentor, and next year I want to become a senior technician.", False),
    ('no_ambition', "I just want to clock in, do my shift and go home, I'm not bothered about promotions.", True),
    ('personal', 'My main goal right now is getting my black belt in karate.', True),
    ('personal', "I'd really like to get my pilot's licence, just for fun, flying is my passion outside work.", True),
    ('steps', "I'd really like to get my pilot's licence, just for fun, flying is my passion outside work.", False),
    ('leaving', "I'd love to do an MBA full-time in a couple of years.", True),
    ('leaving', 'The evening course means I can keep working; a degree full-time would be too much right now.', False),
    ('leaving', 'I want to be a famous YouTuber eventually, but for now this job pays the bills.', True),
    # a near activity linked to the goal without "I want": a ladder, and a near-term goal
    ('ladder', 'In five years I want to lead a team. Mentoring the two juniors this year is practice for exactly that.', True),
    ('goal_short', 'In five years I want to lead a team. Mentoring the two juniors this year is practice for exactly that.', True),
    ('ladder', 'Long term I would like to manage a ward. Taking charge shifts now is how I will learn to run one.', True),
    ('ladder', 'My goal is to be an operations manager. Learning the warehouse system this year is the groundwork.', True),
    ('learning', 'My goal is to be an operations manager. Learning the warehouse system this year is the groundwork.', True),
    ('ladder', 'My aim is to move into cybersecurity. The exam I am booking for March is the first piece of that.', True),
    ('ladder', "I want to be a head chef one day, because a head chef has to understand every station.", True),
    ('ladder', 'Last year I did a course that was good practice for the exam. I want to be a head chef one day.', False),
    ('goal_short', 'Last year I did a course that was good practice for the exam. I want to be a head chef one day.', False),
    ('ladder', 'I want to be a head chef one day. I also enjoy baking at home.', False),
    ('contribution', 'My goal is for every customer who calls to hang up feeling we actually fixed it.', True),
    ('contribution', "I'd like to build tools that save the finance team hours every month.", True),
    ('contribution', 'I want to save time by working from home two days a week.', False),
    ('contribution', 'For me success is the kids in my class leaving more confident readers than they came in.', True),
    # a Whisper run-on with no commas is still cut where a new "I" clause starts
    ('goal_short', "so yeah basically i want to be a site manager eventually like in maybe five six years and right "
                   "now i'm doing my smsts course and just trying to learn as much as i can from the guys", True),
    ('ladder', "so yeah basically i want to be a site manager eventually like in maybe five six years and right "
               "now i'm doing my smsts course and just trying to learn as much as i can from the guys", False),
    # a time in a later clause belongs to the step, not to the role the speaker wants to grow into
    ('goal_long', "Um, my goal is, uh, to become a physiotherapist, and to do that I'm doing my access course this "
                  "year so I can apply to uni.", True),
    ('goal_long', 'This year I want to become a shift supervisor.', False),
    ('learning', 'For now my focus is on getting really solid on the basics of the role.', True),
    ('leaving', "I'm hoping to get some experience under my belt and then maybe start something of my own.", True),
    ('money', "I'm looking for a role where the pay reflects the work, and I think this one does.", True),
    ('balance', "Having a life outside work matters to me because I come back on Monday with more energy for the "
                "kids I teach.", True),
    ('vague', "I'd like to build my career in this company and become somebody my colleagues can count on.", False),
    ('vague', "I don't know, I'm kind of just going with the flow, wherever life takes me really.", True),
    ('goal_short', 'My direction is clinical research, and this year my small win is getting on the shadowing list.', True),
    ('ladder', "I'm currently pursuing a certification in supply chain management, which will strengthen my ability "
               "to lead projects like the ones your team runs. In five years I'd like to be an expert in my field.", True),
    ('framing', 'My short-term goal is to learn as much as I can about your products so I can add value quickly.', False),
    ('framing', 'I like to set both short-term and long-term goals. Long-term, I see myself managing a team.', True),
    ('steps', "Ultimately, I want to be in a position where I'm mentoring others and shaping the department.", False),
    ('employer', "Ultimately, I want to be in a position where I'm mentoring others and shaping the department.", True),
    ('steps', 'This year I want to find a mentor and shadow the senior planners.', True),
    ('goal_short', "Five years from now I'd like to be running the whole landscaping crew.", False),
    ('goal_long', "Five years from now I'd like to be running the whole landscaping crew.", True),
    ('goal_short', "I've been a welder for four years now, and this year I want to pass my coded welding test.", True),
    ('employer', 'My goal for this year is to get comfortable with your codebase and the testing culture.', True),
    ('ladder', 'Next month I start my forklift licence. With that I can move to the loading team.', True),
    # "team here": the "am " that ends "team" is not "I am here"
    ('employer', "I'd like to move into the complaints team here in the next few years.", True),
    ('employer', 'I came here from Poland ten years ago and I want to become a senior chef.', False),
    ('goal_short', "Right now I'm just learning the pass from the sous chef.", True),
    ('ladder', 'Next year I want to complete an analytics certification so that I can tie content to revenue.', True),
    # --- mechanisms found on the second, new-wording set (bench/data/new_wording.jsonl); wording here is new ---
    # a joke taken back in the next sentence ("No, in all seriousness"), the "No," the splitter drops included
    ('flippant', "Ha, in ten years I'll be running this place from a hammock! No, in all seriousness, next year "
                 "I want to pass my level 3 and eventually manage a site.", True),
    ('flippant', "Ha, on the sofa with the remote while the apprentices do the work. No, I'm not sure really.", True),
    ('flippant', "Ha, good question. Long term I want to manage the branch; this year I'm doing my CeMAP.", False),
    ('flippant', "Haha, I get asked that a lot. In five years I'd like to lead the lab team.", False),
    # a plan turned down later in the same sentence
    ('leaving', "Friends keep asking whether I'll open my own salon, but that's not my plan; I want to grow here.", False),
    ('leaving', "Eventually I want to open my own salon, and that is my plan.", True),
    # money said as earning potential, or a figure with "I dunno" inside it
    ('money', "Honestly the earning potential is the main draw for me in recruitment.", True),
    ('money', "In two years I want to be taking home, I dunno, forty grand plus commission.", True),
    ('money', "Last year my team saved the council forty grand on agency staff.", False),
    # an answer that says its real goals are in private life; such a line is no career goal
    ('personal', "I'd like to become a team lead at some point. But my main goals right now are in my personal "
                 "life: we're getting married in the spring and I want to lose six kilos before then.", True),
    ('goal_short', "My main goals right now are in my personal life.", False),
    # a time said as a clause of its own belongs to the goal before it, not to a later step
    ('goal_long', "I hope to become a shift supervisor, probably in eighteen months, and I want to do the ILM course.", False),
    ('goal_short', "I hope to become a shift supervisor, probably in eighteen months, and I want to do the ILM course.", True),
    ('goal_long', "My goal is to become a paramedic, and to do that I'm doing my access course this year.", True),
    # a clause about a past employer does not hide a tie to this one in the same sentence
    ('employer', "At my previous company I ran the help desk, and I'd like to keep growing that way here.", True),
    ('employer', "At my previous company I ran the help desk here in Leeds for two years.", False),
    # "your" + a noun is the employer's; the generic "your" is not
    ('employer', "Long term I'd like to lead product design, which your apprenticeship programme is built for.", True),
    ('employer', "I want to become a head chef, because a kitchen picks up on your mood.", False),
    # purpose links said in words the list did not have
    ('ladder', "In three years I'd like to run the night shift. The mentorship course matters for that, because "
               "you can't lead people you can't coach.", True),
    ('ladder', "Eventually I want to be a specialist nurse. To prepare for this, I'm starting the diabetes module "
               "next term.", True),
    ('ladder', "The big goal is to head the lab in six years. Working backwards, that means I need to lead a study "
               "this year.", True),
    ('ladder', "The mentorship course matters to me because I like learning.", False),
    # steps named in other words
    ('steps', "Next month I'm on a sales negotiation masterclass.", True),
    ('steps', "This year I've asked my manager if I can shadow the night planner.", True),
    ('steps', "Next year I want to present our audit results at the regional nursing conference.", True),
    ('steps', "Someone asked me if I could help, and I said yes.", False),
    # what a step positions you for, with a far time, is a goal said without "I want"
    ('goal_long', "This year I'm doing the supervisor course. That will prepare me to run a depot within four "
                  "or five years.", True),
    ('goal_long', "The course will prepare me for the next five years.", False),
    # "to do this year", "like to get to": no purpose link
    ('ladder', "One thing I'd like to do this year is the manual handling course, and long term I want to lead "
               "the night team.", False),
    ('ladder', "Senior buyer is where I'd eventually like to get to, and this year I'm doing my CIPS level 4.", False),
    ('ladder', "Long term I want to lead a unit, and to get there I'm doing my mentorship course this year.", True),
    ('ladder', "In five years I'd like to run a kitchen; you can't run a kitchen if you don't know the costings, "
               "so this year I'm doing the ordering.", True),
    # liking to help is a trait; being the one who understands the system is expertise others rely on
    ('contribution', "I just like helping people, and I'm open to whatever comes.", False),
    ('contribution', "Long term I'd like to be the engineer who actually understands the network, not someone who "
                     "escalates everything.", True),
    # a wider-life goal tied back to the job in other words
    ('balance', "Staying well matters to me, because it's part of being able to do this job for twenty years.", True),
    ('balance', "The hours suit the school run, and when that side of my life is sorted I'm far more switched on "
                "at work.", True),
    ('balance', "I like the school run.", False),
    # framing: goals sorted into layers is an approach; "my long-term goal is ... and" is a goal, not one
    ('framing', "I think of my goals in three layers: skills, people and impact. This year it's skills.", True),
    ('framing', "My long-term goal is to become a pharmacist and run the clinic.", False),
    # flags said idiomatically (found on the flag probe set; wording here is new)
    ('leaving', "Down the line, my own garage with my name over the door, that's the dream.", True),
    ('leaving', "In a few years I'd like to go it alone as a mortgage adviser.", True),
    ('leaving', "The shop is fine for now, and it'll tide me over until my nursing place comes through.", True),
    ('leaving', "Everyone assumes designers want to go freelance, but I'm not looking to do that.", False),
    ('leaving', "I want to own the scheduling process for the whole depot next year.", False),
    ('money', "Honestly the uncapped commission is what got me interested.", True),
    ('money', "The perks are a huge part of why I applied.", True),
    ('money', "The team leader's wage is a big part of it, if I'm honest.", True),
    ('personal', "We're getting married next summer and saving up for a deposit, so that's my focus.", True),
    ('personal', "My main objective is to visit thirty countries before I'm forty.", True),
    ('flippant', "My goal is to retire at thirty-five and sail round the world! I'm joking. Next year I want to "
                 "qualify as a paralegal.", True),
    ('flippant', "Ha, okay, real talk. In five years I want to be a senior planner; this year I'm doing my CILT.", False),
    ('vague', "It's hard to say, it depends what opportunities come. We will see how it goes.", True),
    ('no_ambition', "I have no particular desire for promotion and I don't want additional responsibilities.", True),
    ('no_ambition', "I just want to keep the same shifts at the same home. That is enough for me.", True),
    ('no_ambition', "I'm happy where I am for now, but in two years I want to be a shift lead.", False),
    ('vague', "I'm happy where I am. I don't want to move up.", False),
    # "back home" is a place, not the wider life
    ('balance', "Moving back home in Devon taught me a lot, and I'm more focused at work since.", False),
    ('balance', "Time at home with my kids keeps me more focused at work.", True),
    # necessity said obliquely links a step to the goal (found on a probe set; wording here is new)
    ('ladder', "Long term I want to run the assay lab. Nobody lets you near the validation work until you've "
               "got your GLP training, so I'm doing it this spring.", True),
    ('ladder', "I'd like to be a charge nurse in a few years, and the leadership module is the bit I'm missing, "
               "so I've applied for it.", True),
    ('ladder', "In five years I want to be a planning manager; the APM certificate is what the promotion board "
               "looks for, so I'm sitting it in June.", True),
    ('ladder', "In five years I want to be a planning manager, and this year I'm sitting the APM certificate.", False),
    # contribution said as who comes to you, or what others should feel
    ('contribution', "Long term I'd like to be the person the sales team rings when a quote gets complicated.", True),
    ('contribution', "I want the families on this ward to feel less lost when they leave.", True),
    ('contribution', "This year I want to sort the booking system so nobody here ends up double-booked.", True),
    ('contribution', "I'm a very caring person and I like to help people.", False),
    ('contribution', "I like to help new people, so in my first year I want to help new colleagues find their feet.", True),
    # false flags found on a near-miss probe (wording here is new): a nervous laugh later in the answer is no joke
    ('flippant', "In two years I want to run the bakery section here. That's about it really, ha.", False),
    ('flippant', "Long term I'd like to lead the team. Sorry, I'm waffling, ha. This year it's my food safety level 3.", False),
    ('flippant', "Ha, running the place from a deckchair. Long term I want to be a store manager.", True),
    ('flippant', "Sorry, ha, I'm a bit nervous. Long term I want to be a store manager.", False),
    # others' questions and a flat "no" are no plan to leave
    ('leaving', "My friends keep asking when I'll open my own salon, and the answer is no.", False),
    ('leaving', "Everyone in my family runs a business and they always ask if I'm going freelance.", False),
    ('leaving', "I think that in five years I'll open my own salon.", True),
    ('leaving', "This supervisor role would be a stepping stone, because the depot managers here all started on it.", False),
    ('leaving', "This job is a stepping stone, because I want to start my own agency.", True),
    # others who cannot afford something: no money goal
    ('money', "I volunteer with people who cannot afford a solicitor.", False),
    ('money', "I want to be able to afford a new car.", True),
    # a top title on a short clock, when the only "experience" is the aim itself ("a platform for senior leadership")
    ('overreach', "Within three years, I see myself as chief revenue officer here. A record like that is what gets you "
                  "considered for senior leadership.", True),
    ('overreach', "I've been in senior leadership for twelve years, and in five years I'd like a seat on the board.", False),
    # partnership said as a noun, on a short clock or a long one; a partner who is a job title
    ('overreach', "I intend to attain salaried partnership within three years of qualifying.", True),
    ('overreach', "Long term, maybe in fifteen years, I'd hope to be considered for partnership.", False),
    ('overreach', "I'm an HR business partner. In two years I'd like to specialise in reward.", False),
    # the scope of what is run: a whole unit, all of them, a whole place, its strategy, someone's job or title
    ('overreach', "In a couple of years I'd want to be running operations for the whole region.", True),
    ('overreach', "In two years' time I'll be overseeing all of the sites.", True),
    ('overreach', "In three years I'd like to be running the hospital.", True),
    ('overreach', "By next summer I'd like to be the one setting the strategy for the department.", True),
    ('overreach', "I'd like to have my manager's title within six months.", True),
    ('overreach', "Honestly I think I could be doing the area manager's job in a year or so.", True),
    ('overreach', "My goal is to be the boss within a year, honestly.", True),
    ('overreach', "I expect to be promoted twice in my first year.", True),
    ('overreach', "In a year or two, I see myself managing the people who are training me now.", True),
    ('overreach', "I'd like to be in a leadership position within my first six months.", True),
    ('overreach', "Two years from now I want to be heading up the whole marketing side.", True),
    ('overreach', "Within five or six years I'd like to be running a whole site like this one.", False),
    ('overreach', "In four or five years I'd like to be leading the visual side of campaigns.", False),
    ('overreach', "I'd like to run the Saturday shift within a year or two, if you think I'm ready.", False),
    # a planned action said with its date or rhythm is a step; a state to reach, or a personal goal, is not
    ('steps', "I'm planning to get all my competencies signed off by March.", True),
    ('steps', "I would like to observe other teachers' lessons once a week.", True),
    ('steps', "I plan to write a short blog post every week about what I've learned.", True),
    ('steps', "I'd like to be a supervisor by Christmas.", False),
    ('steps', "I want to do a half marathon by next spring.", False),
    ('steps', "My cousin lives in Toronto, and next spring I will go there.", False),
    ('steps', "I'd like to sit in on the planning meetings so I can see how decisions get made.", True),
    ('steps', "I'm doing a Coursera specialisation in data analysis at the moment.", True),
    ('steps', "I plan to get involved in the rollout of the new booking system.", True),
    ('steps', "I'm going to volunteer at the weekend food bank to get management experience.", True),
    ('steps', "I've volunteered with a night shelter since university.", False),
    # working on an ability of one's own is a goal to learn; working on one's career or CV is not
    ('learning', "I want to strengthen my Excel, especially the modelling side.", True),
    ('learning', "I'd love to get my head around the new planning software.", True),
    ('learning', "I'd like to go deeper into cloud security.", True),
    ('learning', "I'd like to be trained on the new machines.", True),
    ('learning', "I want to get much better at writing, my reports are too long.", True),
    ('learning', "I'm working on my public speaking at a Toastmasters club.", True),
    ('learning', "I want to improve my career prospects and my work-life balance.", False),
    ('learning', "I'm working on my CV at the moment.", False),
    # the others' gain as what the work is for
    ('contribution', "I'd like to get our response times down so customers aren't left waiting.", True),
    ('contribution', "My aim is that no patient on my ward goes home without understanding their medication.", True),
    ('contribution', "I want to help the shop run smoother on busy Saturdays.", True),
    ('contribution', "I'd like to take some of the pressure off the senior nurses.", True),
    ('contribution', "I'd like to get more young people into engineering through the outreach days.", True),
    ('contribution', "Eventually I want to write the guidelines other hospitals follow.", True),
    ('contribution', "I want to give the clients more than they expect.", True),
    ('contribution', "I work long hours so my kids can have a good life.", False),
    ('contribution', "I want a job where I feel valued.", False),
    # a plan that goes on in a run-on's next piece is under the same clock; one said with its own later time is not
    ('goal_long', "So over the next year I want to get comfortable working in a large production codebase, learn Go "
                  "properly, and get to the point where I can own a service end to end, including being on call for "
                  "it.", False),
    ('goal_long', "So over the next year I want to get comfortable working in a large production codebase, learn Go "
                  "properly, and eventually get to the point where I can lead the platform team.", True),
    # link words that are not a link: a how-to for customers, a trip, a reason with no plan before it, teaching
    # others to do something, what a creative job needs
    ('ladder', "I want to be a senior sales adviser. I always explain the finance properly. That's how you get repeat "
               "customers anyway.", False),
    ('ladder', "I want to be front office manager. The group has a sister hotel in Edinburgh and I would be happy to go "
               "there for a period if they need.", False),
    ('ladder', "I'm doing my level 2 barbering this year. 'Cause I wanna be my own boss, innit.", False),
    ('ladder', "Next year I want to lead the floor. I like leaving every customer happier, and I want to teach my team to "
               "do that too.", False),
    ('ladder', "I'd like to lead campaigns in five years. When you do a creative job you need something outside it that "
               "isn't about targets.", False),
    ('ladder', "I'm doing my level 3 food hygiene this month, because you need the certificate to run the pass.", True),
    ('ladder', "I want to be a site supervisor. The SSSTS is the ticket you need, and I've booked it for March.", True),
    # others' understanding is no goal to learn
    ('learning', "I want people to drive off actually understanding the finance they've signed.", False),
    ('learning', "I want to drive off every deal actually understanding the finance side better.", True),
    # growing stronger oneself is no contribution, nor is what people ask about the speaker
    ('contribution', "In the short term I want to get much stronger on the networking side.", False),
    ('contribution', "People ask me if I will go back to teaching.", False),
    ('contribution', "I want to make our handovers a lot safer.", True),
    # what the ones who decide look for is a link
    ('ladder', "Long term I want to lead a sales team. This year I want to hit my targets every quarter, since that's "
               "what they look at when they promote.", True),
    ('ladder', "I'd like to move into UX eventually. I'm building a portfolio this year, because that's what UX hiring "
               "managers ask for.", True),
    ('ladder', "I want to be a specialist pharmacist in oncology. The clinical diploma is the usual way in, and I start "
               "it in September.", True),
    ('ladder', "I'd like to move into UX eventually. I want to find out what users look for in an app.", False),
    # said as a learner of English often says it
    ('learning', "I need learn more about the computer systems here.", True),
    ('learning', "I like to become more good in the coding.", True),
    ('learning', "I wish to develop myself in the accounting.", True),
    ('learning', "Also I want make better my writing of reports.", True),
    ('learning', "For me it is important to learn every day something new.", True),
    ('learning', "I need a new laptop for the course I did last year.", False),
    ('contribution', "My wish is the customers are happy and come back.", True),
    ('contribution', "For me important is that children learn good and are happy in school.", True),
    ('steps', "I like to go to the training for the new machines when the company organise it.", True),
    ('steps', "I am doing online lessons for Excel every Sunday.", True),
    # a step that points back at the goal said just before it is a link; the same step said beside the goal is not
    ('ladder', "In five years I'd like to be a site manager. Getting my SMSTS this year opens that door.", True),
    ('ladder', "My goal is to become a finance business partner. The CIMA papers are how you get there.", True),
    ('ladder', "I want to be an advanced practitioner. Once I have my prescribing qualification, that becomes "
               "realistic.", True),
    ('ladder', "I'd love to teach one day. Starting the CELTA next summer puts me on that road.", True),
    ('ladder', "I want to be a consultant physio. The master's is non-negotiable for that.", True),
    ('ladder', "I want to be a charge nurse in five years. I also like the IV course.", False),
    ('ladder', "I want to be a site manager one day. I did my SMSTS last year, and that was the first step.", False),
    # a team to run within two years (manager_months); a small team, or one three years out, is a modest step
    ('overreach', "Within two years I'd like to be leading the creative team here.", True),
    ('overreach', "Within two years I'd like to be leading a small team of analysts.", False),
    ('overreach', "Over the next couple of years I want to learn every part of the store, above all leading a team on "
                  "a busy shift.", False),
    ('overreach', "In about three years I'd like to be running a team of engineers here.", False),
    # someone's job covered, shadowed or understood is no aim to have it
    ('overreach', "Next year I'd like to cover my manager's role while she's on maternity leave.", False),
    ('overreach', "This year I want to shadow the ward manager's job for a few days.", False),
    ('learning', "I want to get my car fixed so I can do home visits.", False),
    ('learning', "This year I want to get my Spanish up to a proper working level.", True),
    ('steps', "I want to work weekends every week.", False),
    # a department head, the lead for a whole service: on the clock of running a department
    ('overreach', "By the end of next year I want to be a department head.", True),
    ('overreach', "Within a year I'd like to be the lead for the whole service.", True),
    ('overreach', "In four or five years I'd like to be a department head.", False),
    # one who already leads or deputises is ready for a manager's post on the same clock
    ('overreach', "I've been a deputy ward manager for three years, and within two years I'd like to be managing the "
                  "ward.", False),
    ('overreach', "I've led the night shift for four years, so in the next two years I'd like to be managing the team.",
     False),
    ('overreach', "As a senior sister I'd like to be managing the unit within two years.", False),
    ('overreach', "I've led the night shift for a year, and within two years I want to be head of nursing.", True),
    # a move away told in the past tense is a past career change, not a plan; a place arranged ahead still is
    ('leaving', "I freelanced for two years, and now I want the stability of a team.", False),
    ('leaving', "I always dreamed of opening my own salon, and in five years I will.", True),
    ('leaving', "I've decided to go freelance in a couple of years.", True),
    ('leaving', "I've accepted a place on a full-time MSc starting next September, so I see this role as a year of "
                "hands-on work beforehand.", True),
    # "as soon as possible" is a clock for a senior title; skipping the junior stage is presumptuous in itself
    ('overreach', "I'd like to be a director as soon as possible.", True),
    ('overreach', "Honestly I want to skip the junior stage and go straight to leading projects.", True),
    ('overreach', "I'd like to get my licence as soon as possible.", False),
    ('overreach', "I want to skip the queue for the training course.", False),
    # a jump from the start to a manager's post within manager_months; an assistant's post, or a longer clock, is not
    ('overreach', "I'm on the tills at the moment, and I want to be store manager in eighteen months.", True),
    ('overreach', "I've just qualified, and in two years I want to be the ward manager.", True),
    ('overreach', "I'm on the tills at the moment, and I want to be store manager in five years.", False),
    ('overreach', "I'm a graduate trainee, and within two years I'd like to be an assistant manager.", False),
    ('overreach', "I'm an assistant manager now, and in two years I'd like to be store manager.", False),
    # "after a year on the helpdesk" is a clock when it leads to what the speaker will do then
    ('overreach', "After a year on the helpdesk I want to be CTO.", True),
    ('overreach', "After a year on the helpdesk I was moved up to second line, and one day I'd like to be CTO.", False),
    # content to stay put, said formally; unless it is for now
    ('no_ambition', "I am content to continue in my present post; I have no particular aspirations there.", True),
    ('no_ambition', "I'm content to stay in this post for now, but next year I want to apply for the supervisor post.", False),
    ('no_ambition', "I don't have any great aspirations beyond this post.", True),
    # time at home as the goal, or as the time to study for work
    ('personal', "My main goal right now is more time at home with the kids. Work-wise I might do a course.", True),
    ('personal', "I want more time at home to study for my prescribing course, which I need for the specialist post.", False),
    # pay named as the real goal; pay as a process someone works on
    ('money', "Chartership moves you up a pay band, and honestly that's the real goal: getting my salary up.", True),
    ('money', "I want chartership next year, and the real goal is to lead surveys on my own.", False),
    ('money', "I'm a payroll clerk. My main goal is to improve the pay process for our contractors.", False),
    # a bare "Sorry." after a plan said at length is an apology, not a joke taken back
    ('flippant', "I'd like to do the barista course this year. And, um, I want to be the one who trains the Saturday "
                 "staff here properly, so they're not stuck when the grinder jams. Sorry. Longer term I don't know.", False),
    ('flippant', "Ha, um, retirement? Sorry. No, I'd like to do my level 3 next year.", True),
    # links said as what a step makes possible, what a gatekeeper looks for, or what nobody gets without it
    ('ladder', "I do onshore maintenance now. Next year I want to do the sea survival and high voltage training, "
               "because without them you cannot go offshore.", True),
    ('ladder', "I'd like to do the barista course this year, because our area manager said that's what she looks for "
               "when she picks shift leads.", True),
    ('ladder', "In the next year I want to finish my NVQ Level 3, so I can register as a pharmacy technician.", True),
    ('ladder', "I want to finish my level 3 this year, so I can spend more time with my kids.", False),
    ('ladder', "Next year I want my forklift licence. My manager says that's what she looks for in a person.", False),
    # a rival said as "one of the bigger players"; the money there said as where it "is"
    ('leaving', "In three years or so I'd like to be at one of the bigger players, the ones where the commission's "
                "uncapped.", True),
    ('leaving', "I want to be with one of the bigger clients' accounts here in two years.", False),
    ('money', "I'd like to move into enterprise sales, because that's where the real money is.", True),
    ('money', "The commission's uncapped, which is a big part of the appeal.", True),
    ('money', "Our team brought in the biggest deal last year; that is where the real growth is for us.", False),
    # the first stretch of a job as a clock; more ways of being in charge; the top of a craft is no title
    ('overreach', "I'd like to be running the whole site by the end of my probation.", True),
    ('overreach', "Give it a year and I'd want to be the one calling the shots in this kitchen.", True),
    ('overreach', "As a newly qualified nurse, I'd like to be running the ward by Christmas.", True),
    ('overreach', "In three years I see myself as principal of this school.", True),
    ('overreach', "Honestly, within two years I'd like to be your line manager.", True),
    ('overreach', "I want to get to the top of my trade as a joiner within five years, not into management.", False),
    ('overreach', "In ten years, once I've run a department, I'd love to be a principal.", False),
    # money as what the speaker is in it for, said plainly
    ('money', "If I'm honest I'm mostly here for the overtime.", True),
    ('money', "What I want out of this job is a big bonus, the rest is detail.", True),
    ('money', "I'm here for the patients, and I'd like to become a ward sister in five years.", False),
    # "not just" takes money out of the goal (a part after "not just" still counts: see the learning cases)
    ('money', "I'm not just here for the money, I want to train as an electrician next year.", False),
    ('money', "I don't just want a paycheck, I want to become a site manager in five years.", False),
    ('goal_long', "I don't just want a paycheck, I want to become a site manager in five years.", True),
    ('money', "Honestly, I'm here for the money.", True),
    # a money motive beside a concrete step: the flag is raised and the step still counts
    ('money', "I'm in it for the money, so this year I'm doing my forklift licence to get onto the better shifts.", True),
    ('steps', "I'm in it for the money, so this year I'm doing my forklift licence to get onto the better shifts.", True),
    # leaving: when something better comes, a fixed stint, a practice of one's own, study that is full time
    ('leaving', "I'll stay as long as it suits, but if a better offer comes along I'd take it.", True),
    ('leaving', "Realistically I'd only be here for the summer, then I'm off to Australia.", True),
    ('leaving', "Within five years I'd like to open a physio clinic of my own.", True),
    ('leaving', "I've got a place on the PGCE, which is full time, starting in September.", True),
    ('leaving', "I'd like to do my accountancy qualification part time while I keep working here.", False),
    ('leaving', "I'd like to establish a better working relationship with the sales team.", False),
    # a stint said with "here" is still a stint; "within the year" is a time, not a place inside the company
    ('leaving', "We're moving to Leeds in the autumn, so honestly I'd be here for about four months.", True),
    ('leaving', "I'm aiming to set up my own bookkeeping firm within the year.", True),
    ('leaving', "Within the next two years I'd like to move into the audit team within the company.", False),
    # no ambition said as sameness; "not a manager" with a goal to grow is no such thing
    ('no_ambition', "Honestly I'd be happy doing the same route every day for the next twenty years.", True),
    ('no_ambition', "Just more of the same, really, that suits me.", True),
    ('no_ambition', "I don't want to be a manager, but I'd like to become the best machinist on the floor.", False),
    # what the speaker goes on to want after a "but" sets aside what came first; a story about a past job is no goal
    ('no_ambition', "I'm not a ladder climber, but I'd like to get my advanced welding qualification this year.", False),
    ('no_ambition', "At my old place I did the same job for twelve years and got stale, so now I want to learn CNC.", False),
    ('no_ambition', "I've had offers to step up before, but honestly I'm not interested in moving on.", True),
    ('flippant', "I'd love to win the lottery like everyone, but until then I want to finish my electrical apprenticeship.", False),
    ('flippant', "Win the lottery and retire, obviously.", True),
    ('steps', "I've been meaning to get my forklift licence for ages, so I'm booking it this month.", True),
    # personal goals by life domain, when the answer centres on them
    ('personal', "My main goal this year is quitting vaping and getting back in shape.", True),
    ('personal', "We're saving to buy our first house, that's really what I'm working towards.", True),
    ('personal', "I work in mental health services, and next year I want to train as a community psychiatric nurse.", False),
    # a quality carried back into work ties the life goal to it; a named career goal beside it keeps it off-centre
    ('personal', "I've got into long-distance running, and I want to bring that patience into my shift planning.", False),
    ('personal', "I'd love to run a marathon next year and do the coast-to-coast walk with my brother.", True),
    ('personal', "I'd like to travel less now. My focus is growing the Scottish accounts from here.", False),
    ('balance', "Honestly, staying fit for the job matters to me, because the lifting gets harder every year.", True),
    # a goal with nothing in it
    ('vague', "Honestly? I just want to end up somewhere good, you know.", True),
    ('vague', "In five years I'd like to be somewhere good at the planning side, running my own projects here.", False),
    # a time with no goal in it is no goal, near or far; a concrete step beside "keep learning" still is
    ('goal_long', "In five years I'd like to be in a better place than I am now.", False),
    ('goal_short', "In a year I'd like to be in a better place than I am now.", False),
    ('vague', "In a year I'd like to be in a better place than I am now.", True),
    ('goal_short', "This year I want to keep learning, and get my forklift licence.", True),
    # a concrete goal with no clock is still a goal: a name, a credential or a named skill; "stuff" is not one
    ('vague', "I'm not much of a planner, but I want to get my HGV class one and do the Europe runs.", False),
    ('vague', "Titles don't matter to me. I want to get properly good at reading structural drawings.", False),
    ('vague', "Honestly I just want to get better at stuff, you know, level up a bit.", True),
    ('vague', "I'm not sure really, I'd like to visit Japan at some point.", True),
    ('vague', "I just want to grow and learn, really. We'll see where it goes.", True),
    ('vague', "Titles aside, skills-wise I want to get confident in contract negotiation.", False),
    ('goal_long', "My end point, over roughly the next five years, is to become a transport planner.", True),
    ('ladder', "I'm on the tills every day here, so it helps me a lot with the retail course.", True),
    # an adverb between the speaker and the verb keeps it a goal ("I'd also like to")
    ('contribution', "I'd also like to train the new porters on the manual handling side.", True),
    ('contribution', "I also trained the new porters on the manual handling side.", False),
    # a time with no plan in it ("one week at a time right now") is no near-term goal, and stays vague
    ('vague', "Honestly I've not thought that far, I'm just taking each week as it comes right now.", True),
    ('goal_short', "Honestly I've not thought that far, I'm just taking each week as it comes right now.", False),
    # flags said in ways first seen in the third set: a salary range, another pursuit full time, moving to a place
    # named just before, beating the usual timetable, a life centred outside work
    ('money', "I want to be on forty, fifty grand within three years.", True),
    ('money', "To be honest, it's the money.", True),
    ('leaving', "Long term I'd like to get into property development and eventually be doing that full time.", True),
    ('leaving', "My wife's family are in Portugal, so in a few years we plan to move there.", True),
    ('leaving', "The new depot opens in Swindon next year and I'd like to move there with the company.", False),
    ('overreach', "Most people take ten years to make head chef, but I reckon I can do it much faster.", True),
    ('overreach', "I'd like to learn the new booking system so I can do it faster for our guests.", False),
    ('personal', "My goals are more about my life than the job right now: buying a little flat, bringing my son over here.", True),
    # how the people served come away, and "the one who" does something for them
    ('contribution', "I want to be a good hygienist and make nervous patients feel at ease.", True),
    ('contribution', "I went into housing because I want tenants to get the help they need before eviction.", True),
    ('contribution', "I'd like to be the one who makes sure every complaint gets a proper answer.", True),
    ('contribution', "I'd like to be the one who gets promoted first.", False),
    ('contribution', "I'm the one who trains the new lot on the coffee machine, and I want to keep doing that.", True),
    ('no_ambition', "I'm the one who trains the new lot on the coffee machine, and I want to keep doing that.", False),
    ('no_ambition', "Honestly I just want to keep doing what I do, same shifts, same place.", True),
    # being good at this job is not a role to grow into; "here" beside another country is the country
    ('goal_long', "I want to be a really good nurse and keep my patients calm.", False),
    ('goal_long', "I want to become a ward sister one day.", True),
    ('employer', "I qualified last year in Romania and now I'm registering with the NMC here.", False),
    ('employer', "I'd like to build my career here and take on the night-shift lead.", True),
    # why the speaker applied is about this employer, though said in the past; "honest with you" is not
    ('employer', "I was drawn to this practice by the way you run your apprenticeships.", True),
    ('employer', "So this year my class 2, and then class 1 with you.", True),
    ('employer', "I'll be honest with you, I want to get my class 2 licence this year.", False),
    ('employer', "I'd like to share with you my plan: my class 2 licence this year.", False),
    # a place said with "this" whatever its name, a sentence that opens on "here" (stop 23); not time or order
    ('employer', "In three years I'd like to be running the workshop at this garage.", True),
    ('employer', "Here I'd love to keep working with the reception class while I finish my degree.", True),
    ('employer', "In this first year I want to pass my driving theory test.", False),
    ('employer', "At this point I just want to get my forklift licence.", False),
    ('employer', "Here's the thing: I want to pass my forklift licence this year.", False),
    ('balance', "Alongside all that, I want a sustainable life outside work, because tired drivers make mistakes.", True),
    # a near goal said as "it's all about getting through X" or "I'm registering with"; a sales target; an academy
    ('goal_short', "So this next year, it's really just about getting through my preceptorship properly.", True),
    ('goal_short', "Right now I'm registering with the HCPC so I can practise here.", True),
    ('steps', "I expect to be hitting my quota within the first two quarters.", True),
    ('steps', "Over the next year I want to complete the company's store manager academy.", True),
    # "not ... without X" and "can't ... unless X" make X required, not ruled out
    ('steps', "You don't get near a charge nurse post without the mentoring qualification, so I've put my name down.", True),
    ('steps', "You can't run the pass unless you've got your level three food hygiene, so I'm doing it this month.", True),
    ('steps', "I'd like to get there without a formal qualification, just by doing the work well.", False),
    # a result for other people, said as what the step frees them to do
    ('contribution', "I want to get my dispensing accreditation, so the pharmacists have more time for the patients.", True),
    ('contribution', "I want to get my dispensing accreditation, so I have more options later.", False),
    ('contribution', "Longer term I'd like to be a practice educator so I can support the newly qualified ones here.", True),
    # a gap in a cue steps over a hyphenated word ("patients with long-term pain")
    ('contribution', "I want patients with long-term pain to leave the clinic knowing how to manage it.", True),
    # value for others however the verb is said (stop 23), and the same words aimed at oneself
    ('contribution', "In two years I want to be delivering real value to the claims department.", True),
    ('contribution', "I had a great mentor when I started, and one day I want to give that back.", True),
    ('contribution', "The old booking system is a pain and I want to fix it for everyone.", True),
    ('contribution', "I just want the toddlers in my room to feel safe and looked after.", True),
    ('contribution', "I'd like to make the night shift a place where people want to stay.", True),
    ('contribution', "I want to be the colleague the pharmacists actually want on a busy Saturday.", True),
    ('contribution', "I want my manager to feel happy with my numbers.", False),
    ('contribution', "I want to fix my own timekeeping this year.", False),
    ('contribution', "I want to give back the van at the end of the contract.", False),
    # study beside the job is no full-time school; study said "full time", or instead of the job, is
    ('leaving', "I'd like to go back to college in the evenings for a surveying diploma while I keep working here.",
     False),
    ('leaving', "Next year I want to start a part-time degree in biomedical science, on top of my shifts.", False),
    ('leaving', "Next year I want to go back to college full time, evenings as well, to retrain as an architect.", True),
    ('leaving', "I'm going back to university in September to do a physio degree.", True),
    # going home or abroad to a place named in the sentence; a place of work in the move's own clause stays
    ('leaving', "My parents are getting older, so within two years I'd like to be back home in Lagos, maybe in the "
     "same line of work there.", True),
    ('leaving', "As soon as my residency comes through I'm off to Australia, so I'm soaking up everything I can here.",
     True),
    ('leaving', "I try to get back home to my kids by six, so the early shift suits me and I'd like to lead it.", False),
    ('leaving', "In a year I'd like to move over to the Glasgow office and run the payroll team there.", False),
    # the job as a stopgap for another pursuit
    ('leaving', "The shop pays the bills while I get my pottery studio going.", True),
    ('leaving', "Honestly I'll keep doing shifts here until my channel takes off.", True),
    ('leaving', "I want to help the shop pay its bills in a quiet year by cutting waste.", False),
    # money made for the business is no money goal; money for oneself is
    ('money', "My goal is to make the business more money by cutting waste in the kitchen.", False),
    ('money', "My goal is to make more money, simple as that.", True),
    # a sentence that goes on with the plan before it, its subject left out (stop 24): a plan too, only after one
    ('learning', "I want to be a team leader in a couple of years. And learn the warehouse system properly.", True),
    ('goal_short', "I'd like to be a supervisor one day. For now just get confident on the tills.", True),
    ('learning', "I did a barista course last summer. And learn the till system.", False),
    # why the speaker applied, however the verb is said; the employer said as "the chain", "the council" (stop 24)
    ('employer', "The reason I've applied to Carlow Foods is the apprenticeship, and in two years I'd like to run a "
     "line.", True),
    ('employer', "In three years I'd like to be a regional trainer for the chain.", True),
    ('employer', "I applied to three universities last year, and now I want to finish my degree part-time.", False),
    ('employer', "In three years I'd like to be a regional trainer somewhere, for a chain or an independent.", False),
    # an order word opens a story as well as a plan: "Then I did three years" is the past
    ('goal_long', "I trained in Manila. Then I did three years on a respiratory ward, through Covid.", False),
    ('goal_long', "First I want to pass my exams. Then I want to spend three years on a respiratory ward and become a "
     "charge nurse.", True),
    # "Longer term..." on its own is a heading for what follows, not the time of the sentence before it
    ('goal_long', "I want to get better at the rota software. Longer term... I honestly don't know yet.", False),
    ('goal_long', "I'd like to make partner at a firm like this. Longer term, ideally.", True),
    # a necessity said as "to be an X you must Y", with or without a comma or an "I think" before it
    ('ladder', "In four years I want to run the kitchen. I think to be a head chef you must know every section, "
     "so I'm rotating through pastry this year.", True),
    ('ladder', "In four years I want to run the kitchen. I think a head chef must be calm, and I am calm.", False),
    # a red flag's words said by somebody else are theirs ("my sister keeps telling me, we make good money")
    ('money', "My brother keeps telling me, come work on the rigs, you make good money, but I like it here.", False),
    ('leaving', "My mates say I should go out on my own, but I'd rather build a career with a team like yours.", False),
    ('leaving', "My mates are right: in a couple of years I want to go out on my own.", True),
    ('money', "Honestly, for me it's about the money, and this job pays better than my last.", True),
    # a goal the rules were unsure of ("leading a small team") is no proof that no goal was named
    ('vague', "I don't want to be in the same position in five years; I want to be leading a small team.", False),
    ('vague', "I'm a hard worker and I get on with everybody.", True),
    # said in other words than the cue lists had (stop 25)
    ("steps", "This year I'd like to do the SIA door supervisor refresher and get back on the doors.", True),
    ("steps", "Next year I want to do the UK tour with my band, it's been a dream.", False),
    ("steps", "In my first year I want to be hitting quota every single month.", True),
    ("steps", "Next spring I'm going to apply for the team leader position when it opens.", True),
    ("steps", "This year I'd like to put my hand up for the stock audit.", True),
    ("learning", "I place a high value on continuous professional development and on remaining current in the field.",
     True),
    ("learning", "Over the next two years I want a thorough grounding in every part of the warehouse operation.", True),
    ("learning", "This year I'd like to do the SIA door supervisor refresher.", True),
    ("learning", "I believe in treating every customer the same.", False),
    ("learning", "My manager places a high value on punctuality.", False),
    ("contribution", "Above all I want to make sure our residents get a fair decision in weeks, not months.", True),
    ("contribution", "In a few years I want to be the specialist for the CNC machines on this site.", True),
    # stop 26: natural links, steps and contributions written as probes, not taken from any set
    ("ladder", "One day I'd like to lead a lab. That's why I'm starting a part-time PhD next year.", True),
    ("ladder", "I want to become a senior engineer within five years. The AWS certification I'm taking this spring "
               "is a piece of that.", True),
    ("ladder", "Down the line I want to open my own physio clinic. For now I'm doing a business course in the "
               "evenings so I understand the money side when I get there.", True),
    ("ladder", "My long-term aim is to be a consultant. The rotation next year will give me the breadth a consultant "
               "needs.", True),
    ("ladder", "Ultimately I want to be a CFO. Next year I'm moving into FP&A because you don't get to be CFO "
               "without understanding planning.", True),
    ("ladder", "I'd love to be a consultant surgeon one day. Getting onto the surgical training programme next year "
               "is the first hurdle.", True),
    ("ladder", "I hope one day to be a deputy head. Next year I'll lead the maths department, which would be great "
               "experience for that.", True),
    ("ladder", "I want to move up to site manager eventually. Doing my SMSTS next year gets me a step closer.", True),
    ("ladder", "Eventually I'd like to manage a store. This year I want to run the stockroom properly, and if I can "
               "do that they'll trust me with more.", True),
    ("ladder", "My goal is to be a lead developer. The next year I'm picking up the architecture tickets so I have "
               "something to show when a lead role opens.", True),
    ("ladder", "I'm part of that team. Long term I want to lead it.", False),
    ("ladder", "Long term I want to be a manager. Next year I want to do a course in Excel. After that I'd like to "
               "get a promotion.", False),
    ("steps", "I'd like to become a team lead. Next quarter I'm going to run our team's retrospectives.", True),
    ("steps", "I'd like to be a senior developer. Over the next six months I'm going to contribute to two "
              "open-source projects.", True),
    ("steps", "Long term I want to run a kitchen. Next year I'll be spending a month in a French kitchen to learn "
              "pastry.", True),
    ("steps", "In five years I'd like to lead a team. Next year I'm going to ask my manager if I can run the "
              "onboarding of the summer interns.", True),
    ("contribution", "Eventually I want to manage a branch, and I want to be the one who teaches the apprentices the "
                     "trade properly.", True),
    ("contribution", "In five years I'd like to be a principal designer, setting the standard for how our products "
                     "look and feel.", True),
    ("contribution", "I'd like to be a charge nurse eventually. I want the new starters to have someone they can "
                     "ask anything.", True),
    ("contribution", "In the long run I want to run the lab, and I want to put in place the training that new "
                     "starters never had.", True),
    ("contribution", "Everybody waits for the one technician when the line stops. I want to be that person.", True),
    ("contribution", "What motivates me is that every gift we secure is another night of nursing for a family.", True),
    ("contribution", "I want to be that person who finally gets the promotion.", False),
    ("learning", "I'm teaching myself Python in the evenings.", True),
    ("learning", "Right now I'm soaking up everything I can from the senior engineers.", True),
    ("learning", "Over the next year I'd like to pick up Spanish, because half our customers speak it.", True),
    ("learning", "My old boss taught himself Python.", False),
    ("steps", "This year I want to get 50 five-star reviews on the app.", True),
    ("steps", "I'm going to go to the RCN congress next year.", True),
    ("steps", "Next year I'd like to do a stint in the ICU to see if it suits me.", True),
    ("steps", "I'm booked on the Prince2 foundation in May.", True),
    ("steps", "I plan to cover the supervisor's shifts when she's on leave so I can see what the job is like.", True),
    ("steps", "I read 50 reviews before I applied here.", False),
    # a clock said without a number, a senior title in other words (stop 26)
    ("overreach", "Short-term, director. I don't really see the point in doing the junior stuff for long.", True),
    ("overreach", "Honestly I think I'll be running the show here pretty quickly.", True),
    ("overreach", "I'll be head chef here inside a year, easy.", True),
    ("overreach", "I want to be general manager of the hotel within eighteen months.", True),
    ("overreach", "I'm aiming for your job, to be honest, in a couple of years.", True),
    ("overreach", "I'm looking to go straight into a leadership position, I don't want to start at the bottom.", True),
    ("overreach", "I should be managing the managers by my second year.", True),
    ("overreach", "Short-term I'd like to be running a small team.", False),
    ("overreach", "In five to seven years I'd like to be a head of department.", False),
    ("overreach", "My manager became director in a year, which inspired me.", False),
    ("overreach", "This year I want to do the barista course, because our area manager looks for it in shift leads.",
     False),
    ("overreach", "Over the next twelve months I intend to deputise for the area manager across two stores.", False),
    ("overreach", "I'd like to pick things up quickly and be a team leader in about three years.", False),
    ("overreach", "I learn quickly, and I'd like to be head of department.", False),
    ("overreach", "I'm a fast learner and I want to be a director.", False),
    ("overreach", "I'll be a director pretty quickly, I reckon.", True),
    # a step said with the purpose it is for
    ("ladder", "In the long run I want to be a head of HR. I'm starting the CIPD level 7 next year to move into a "
               "business partner role.", True),
    ("ladder", "My long-term goal is to be a ward manager. I'm doing the leadership course next year to become a "
               "band seven.", True),
    ("ladder", "Long term I'd like to lead a data team. Over the next year I'll build two production models to prove "
               "I can own the work end to end.", True),
    ("ladder", "Long term I want to be a manager. Next year I'm doing a course in Excel, to be honest.", False),
    ("ladder", "This year I'm hoping to get on the adviser training; my manager's put me forward.", False),
    # "for this" and "thereby" point at the goal, not at this job or at work done for others
    ("ladder", "Long term I want to run a shop. For this job, in the first year, I want to learn the whole product "
               "range.", False),
    ("ladder", "Long term I want to run a shop. For this, in the first year, I want to do the retail management "
               "course.", True),
    ("ladder", "Long term I want to lead the platform team. Next year I want to build the deployment tooling, thereby "
               "reducing the manual effort for my colleagues.", False),
    ("ladder", "Long term I want to lead the platform team. Next year I want to complete the architecture course, "
               "thereby qualifying for the senior grade.", True),
    ("goal_long", "Before I retire I'd like to have run a hospital department.", True),
    ("goal_long", "Years from now I'd like to be running my own garage.", True),
    ("goal_long", "I want to stay exactly the same, same desk, same tasks, until I retire.", False),
    # a plan that answers a gap the others have; a programme of the employer's supported
    ("contribution", "This year I'd like to do the first aid at work course, because we've not got a first aider on "
                     "the late shift.", True),
    ("contribution", "Within eighteen months I'd aim to have a forecasting model in production, supporting the "
                     "inventory cost-reduction programme.", True),
    ("contribution", "This year I want to automate the weekly stock report.", True),
    ("contribution", "This year I'd like to do the first aid course, because I've never done one.", False),
    ("steps", "I'd like to get on the trainee manager thing they do here.", True),
    ("steps", "I want to start uni part time next September.", True),
    ("steps", "Next year I want to finish my portfolio and get it assessed.", True),
    ("steps", "I want to go on the trust's preceptorship and then the band 6 development days.", True),
    ("steps", "I work at the university as a technician.", False),
    # a nurse's pay band is no band to play in
    ("personal", "Next year I want to be a band 6 on the respiratory ward.", False),
    ("personal", "Honestly what I really want is for the band to get signed, the job just pays the rent.", True),
    ("contribution", "I want to build tools that make the nurses' shifts less chaotic.", True),
    ("contribution", "My aim is to get the kids who struggle with reading up to speed before they leave primary.", True),
    ("contribution", "I'd like to be known for fixing the problems nobody else wants to touch.", True),
    ("contribution", "My goal is to cut the waiting list so people aren't waiting months for a physio.", True),
    ("contribution", "This year I want to get myself up to speed on the new system.", False),
    # the stop-26 forms kept from catching what they were not meant for (found on the last read)
    ("contribution", "Next year I want to simplify my life and see more of my kids.", False),
    ("ladder", "Long term I want to be a ward sister. Next year I want to give every patient the care each of them "
               "needs.", False),
    ("ladder", "Long term I want to be a ward sister. I do not know what I would do otherwise.", False),
    ("steps", "Next year I want to spend a few weeks in Spain with my family.", False),
    # someone else learning, helped by the speaker, is no goal to learn; help for the speaker's own learning is
    ("learning", "I want to help new starters learn the ropes.", False),
    ("learning", "I'd like my manager to help me learn the rota side.", True),
    # "here" as a point in time or a figure of speech, a generic "the company you work for", a past team: not this
    # employer
    ("employer", "Where I go from here is really about getting my chartership.", False),
    ("employer", "I've done bits of work here and there, but now I want to settle into accounts.", False),
    ("employer", "My mentor told me the company you work for matters less than the people you work with.", False),
    ("employer", "I worked at a call centre and the team there was great, but I want to move into project work.", False),
    ("employer", "I'd like to be someone the team relies on for the reporting.", True),
    # a near time in a later clause with its own subject is the step's clock, not the goal's
    ("goal_long", "Long term I want to be a site manager, so next year I'm doing my SMSTS.", True),
    ("goal_long", "Longer term, over the next eighteen months, I want to run the early shift.", False),
    # a goal, then "so" and the plan it leads to, in one sentence
    ("ladder", "My goal is to become a senior analyst, so this year I'm focusing on SQL and Power BI.", True),
    ("ladder", "My goal is to be a manager someday, so far I've been a team member for two years.", False),
    # links said in other words
    ("ladder", "I want to be a head chef one day, and running the pass on Fridays is how I'm getting ready for it.", True),
    ("ladder", "The ILM level 3 feeds straight into the team leader role I'm working towards.", True),
    ("ladder", "I want become team leader in future. For this reason I am doing now the leadership course.", True),
    ("ladder", "I love people. For that reason I am a nurse.", False),
    ("ladder", "Long term I want to teach, and being a teaching assistant is how I'll get the experience schools want.",
     True),
    ("ladder", "I want to give guests the experience they expect from a five star hotel.", False),
    ("ladder", "I'm shadowing the planners two days a week with an eye to moving into planning in a couple of years.", True),
    ("ladder", "Five years from now I want to be running the lab. I'm learning the budgeting side now with that in mind.",
     True),
    # contribution as the others' days, waits and tools made better
    ("contribution", "My aim is to make our residents' days a bit brighter.", True),
    ("contribution", "I'd love to get the waiting times down in our clinic.", True),
    ("contribution", "I'd like to create training materials that the whole region can use.", True),
    ("contribution", "I want to find tools that I can use to get faster at my job.", False),
    ("contribution", "I'd like to make my life simpler by moving to days.", False),
    # steps said as study going on until now, a weekly day elsewhere, a project with "at least", a blog started
    ("steps", "I've been reading a chapter of the CFA book every night.", True),
    ("steps", "My plan for next year is to lead at least one client project end to end.", True),
    ("steps", "I go to the monthly meetups of the local Python group.", True),
    ("steps", "My manager has agreed I can spend Fridays with the planning team.", True),
    ("steps", "I have started to write a blog about what I learn in the job.", True),
    # overreach: the boardroom, an executive board, a graduate's senior manager post in a year, a department to
    # restructure in the first year; not a manager's restructuring, nor a charity's board in ten years
    ("overreach", "I'd like to be sitting in the boardroom by the time I'm thirty.", True),
    ("overreach", "Within five years I'd want to be on the executive board, at minimum.", True),
    ("overreach", "As a new graduate I'd like to be a senior manager within a year.", True),
    ("overreach", "In my first year I want to restructure the department and lead it.", True),
    ("overreach", "My manager is restructuring the department this year, and I want to learn from how she does it.", False),
    ("overreach", "In ten years I'd like to be on the board of a charity I care about.", False),
    # learning: a skill said as what the speaker will be able to do, an A level, a goal said as "a goal of mine";
    # not what the team is to understand
    ("learning", "Next year I want to be able to read a balance sheet without panicking.", True),
    ("learning", "I want to go back and do the maths A level I never finished.", True),
    ("learning", "It's a goal of mine to stay on top of the changes in building regs.", True),
    ("learning", "I want my team to understand the new process.", False),
    ("learning", "I want to be able to lead the team on my own.", False),
    # a time on a feeling, a money state, retirement or an age is no career direction; an age is no target
    ("goal_long", "In five years I see myself happy and settled.", False),
    ("goal_long", "In ten years I hope I'm still enjoying what I do.", False),
    ("goal_long", "Long term I just want to be comfortable, financially.", False),
    ("goal_long", "I want to be financially independent by forty.", False),
    ("money", "In five years, I'd like to be earning enough to not worry about bills.", True),
    ("goal_long", "Eventually I'd like to be comfortable leading the whole lab.", True),
    ("steps", "I want to be a supervisor by thirty.", False),
    ("steps", "I want to get my error rate down by forty percent.", True),
    # from the fifth set's tuning half (whole spoken answers; the cases here are reworded)
    ("no_ambition", "Honestly I'm not really looking to climb anywhere.", True),
    ("no_ambition", "I'd be perfectly happy on the enquiries desk till I retire.", True),
    ("vague", "I'm kind of just taking it as it comes at the minute and seeing what sticks.", True),
    ("leaving", "Two years on your pass would be great, and then once I've got a bit put by I'm off doing my own thing.",
     True),
    ("leaving", "Honestly? The dream's a van. Proper street food, doing markets and festivals.", True),
    ("leaving", "The dream is a senior role on this team, running the night shift.", False),
    ("money", "What I look for is a place where every year the payslip is getting bigger.", True),
    ("money", "I would like to be near forty thousand in maybe four years.", True),
    ("overreach", "I anticipate being the person setting the marketing direction here within eighteen months, with the "
                  "current team reporting into me.", True),
    ("overreach", "Within a year I'd like to understand how my manager sets the direction for the team.", False),
    ("contribution", "And here I'd really love to help with the kids' brushing sessions, if that's okay.", True),
    ("contribution", "I'd like to be someone the senior engineers can hand a calculation package to.", True),
    ("contribution", "In my first few months I'd want to bring in a proper creator programme for the brand.", True),
    ("ladder", "The big goal is dental hygienist, in a few years. So I'm starting the part-time diploma in September.",
     True),
    ("ladder", "The big goal is dental hygienist, in a few years. So far I've done the first module of the diploma.",
     False),
    ("ladder", "My objective, maybe five years from now, is to be the analyst who validates the methods. For arrive "
               "there, first I need to know very well the HPLC.", True),
    ("goal_short", "I'm fairly new to civvy driving but not to trucks, if that makes sense, um, what I want I suppose is "
                   "to get a good year or two of proper miles in on your trunking runs.", True),
    ("goal_long", "so what I want is to be a fully qualified electrician and then after a good few years on the tools "
                  "I'd like to get into the solar and battery side", True),
    ("steps", "Of course I will do the job well, I'm quick with the invoices.", False),
    ("learning", "Of course I will do the job well, I'm quick with the invoices.", False),
    ("steps", "I want to learn how a branch library runs from day to day, from stock rotation to the children's events.",
     False),
    ("balance", "I've asked for the three long days pattern on purpose. I'm a much better nurse when I'm not running on "
                "empty.", True),
    # from the sixth set's tuning half (reworded)
    ("employer", "I'm not going anywhere else I like this depot I like the routes.", True),
    ("employer", "Uh I like this court, I like that it's small.", True),
    ("goal_long", "what I'd really like to end up doing is being the one in the training bus taking the new lot out",
     True),
    ("goal_short", "Right now I'm on my aerial rescue, that's booked for the twelfth.", True),
    ("goal_short", "I've also asked to go on the ACCT assessor training, and that starts next month.", True),
    ("steps", "I've got my Part 1 done and Part 2's booked for next month.", True),
    ("no_ambition", "As for goals, I'm not really after anything now, if I'm honest.", True),
    ("no_ambition", "I'm happy pushing the beds and I'll keep pushing them till they give me my carriage clock.", True),
    ("personal", "I'm not chasing promotion. Mostly I want regular hours so I can get my allotment going.", True),
    ("ladder", "Mostly I want regular hours so I can get my allotment going and get back into swimming.", False),
    ("money", "Honestly, the salary is important for me. I want to earn minimum double of what I earn now.", True),
    ("steps", "I want to reach a level where I earn minimum double of what I earn now.", False),
    ("ladder", "I want to reach a level where I earn double, this is what gets me up every morning.", False),
    ("goal_long", "I'll be honest with you, I've been portering twenty-two years, most of it at the General.", False),
    ("contribution", "Down the road I'd like to be an HR business partner, working alongside managers so they sort things "
                     "out before it all ends up as a grievance.", True),
    ("contribution", "I'd like to move to days and car-share with my mates so they can give me a lift.", False),
    ("goal_long", "The bigger picture is specialising in hand therapy by the time I'm four or five years qualified.", True),
    ("steps", "At the minute I've got my Part 1 done and Part 2's booked for next month.", True),
    # from the seventh set's tuning half (reworded)
    ("leaving", "I get asked quite a bit, mostly by my mum, whether I'm going to go off and do a teaching degree "
                "full-time, and I did look at it, I had the UCAS form half filled in at one point, but I'm not going "
                "to, because what I love is the one-to-one work and I'm not sure I'd get that as a class teacher.", False),
    ("goal_short", "I'm about halfway through the Confluent Kafka developer certification.", True),
    ("contribution", "I'd like to be one of the people who makes that feed reliable enough that the ops desk stops "
                     "exporting spreadsheets.", True),
    ("contribution", "Also I want the people I support can do more by themselves.", True),
    ("contribution", "I want my flatmates can pay the bills on time.", False),
    ("employer", "I asked on the phone whether the Mastercam training in the job advert is still running.", True),
    ("framing", "I would characterise my objectives across two horizons.", True),
    ("contribution", "In the immediate term I would seek to drive efficiencies across the subcontractor interface.", True),
]


@pytest.mark.parametrize("rid,text,expected", CASES)
def test_part_or_flag(rid, text, expected):
    assert found(text)[rid] is expected, f"{rid} should be {'found' if expected else 'absent'} in: {text}"


def test_evidence_is_the_sentence_as_said():
    text = "Um, I like to break big goals into smaller ones. Long term, I want to become a CTO-track architect."
    result = analyse_content(text, RUBRIC)
    assert result.components["framing"].evidence == ["I like to break big goals into smaller ones."]
    assert all(e in text for e in result.components["goal_long"].evidence)


def test_framing_only_counts_at_the_start():
    late = ". ".join(f"I work in logistics at site {n}" for n in range(4)) + ". I break big goals into smaller ones."
    result = analyse_content(late, RUBRIC).components["framing"]
    assert not result.present and result.near  # heard, so the feedback says where it belongs instead


def test_every_id_reported_even_when_absent():
    result = analyse_content("Hello.", RUBRIC)
    assert set(result.components) == {"framing", "goal_long", "goal_short", "steps", "ladder",
                                      "learning", "contribution", "balance", "employer"}
    assert set(result.flags) == {"leaving", "money", "overreach", "vague", "flippant", "personal", "no_ambition"}
    assert not any(v.present or v.evidence for v in result.components.values())


def test_sentence_split_keeps_text():
    assert split_sentences("One. Two!  Three?\nFour") == ["One.", "Two!", "Three?", "Four"]


def test_a_part_said_with_fillers_inside_is_found_and_quoted_as_said():
    text = "Um, so I'd like to, uh, become, you know, a charge nurse, like, in five years."
    result = analyse_content(text, RUBRIC).components["goal_long"]
    assert result.present and result.evidence == [text.split("so ", 1)[1]]


def test_a_ladder_needs_a_nearer_step_to_link():
    alone = "That experience will let me run whole projects."
    assert not found(alone)["ladder"]
    assert found("This year I'll finish the PRINCE2 course. " + alone)["ladder"]


def test_a_step_and_the_goal_it_serves_in_one_sentence_are_linked_tentatively():
    text = "I'm taking the CIMA exams so that in five years I can be a finance manager here."
    result = analyse_content(text, RUBRIC).components["ladder"]
    assert result.present and result.tentative
    apart = "I'm taking the CIMA exams. In five years I want to be a finance manager here."
    assert not found(apart)["ladder"]


def test_ladder_survives_a_misheard_subject():
    # Whisper heard "That experience will let me" as "At experience, we'll let me".
    text = "In the next year I will earn my certificate. At experience, we'll let me run the research for whole projects."
    assert found(text)["ladder"]


def test_a_hedge_after_a_concrete_near_goal_is_not_vague():
    text = "Right now I want to pass my CPA exams. Longer term, I haven't settled on a path yet."
    assert not found(text)["vague"] and not found(text)["goal_long"]


def test_a_part_that_came_close_is_kept_as_near():
    result = analyse_content("I want to work hard and develop my skills.", RUBRIC).components["steps"]
    assert not result.present and result.near == ["I want to work hard and develop my skills."]


def test_contribution_in_a_story_is_not_a_goal():
    assert not found("Last year I helped the team cut the backlog in half.")["contribution"]


def test_a_plan_that_names_the_goal_it_serves_is_linked_tentatively():
    goal = "Long term I'd like to become a clinical educator on the wards. "
    linked = "Next spring I'm starting the teaching module, because every clinical educator here has done it."
    result = analyse_content(goal + linked, RUBRIC).components["ladder"]
    assert result.present and result.tentative and result.evidence == [linked]
    # the same plan with a reason that does not name the goal, or the goal's word only in a story: no link heard
    assert not found(goal + "Next spring I'm starting the teaching module, because it sounds fun.")["ladder"]
    assert not found(goal + "Next spring I'm starting the teaching module. I came into clinical work because "
                            "my mum was a nurse.")["ladder"]


def test_a_step_in_its_own_clause_of_a_story_counts():
    assert found("Long term I want to run the finance team. I have never owned a budget, so I have asked to "
                 "shadow the finance lead this winter.")["steps"]
    assert not found("Long term I want to run the finance team. When I started I asked to shadow the finance lead, "
                     "and I learned a lot.")["steps"]


def test_a_step_said_as_what_a_reason_leads_to_is_linked_tentatively():
    goal = "Long term I'd like to run a salon. "
    step = "Colour correction still makes me nervous, so I've booked onto the advanced colour course in March."
    result = analyse_content(goal + step, RUBRIC).components["ladder"]
    assert result.present and result.tentative and result.evidence == [step]
    assert found(goal + "I'm finishing my level 3 this year, because you need it to lead a room.")["ladder"]
    # the same step with no reason, or a reason told as a story, is no link
    assert not found(goal + "I've booked onto the advanced colour course in March.")["ladder"]
    assert not found(goal + "Back then I had no work, so I did a colour course at college.")["ladder"]


def test_a_step_in_the_past_tense_set_for_a_time_ahead_is_a_plan():
    goal = "I want to become a charge nurse. "
    assert found(goal + "I've been given a place on the trust's leadership programme for next year.")["steps"]
    assert found(goal + "I have booked my exam for March.")["steps"]
    assert not found(goal + "I passed the exam in March.")["steps"]
    assert not found(goal + "I did a leadership course two years ago.")["steps"]


def test_a_trade_ticket_is_a_credential():
    assert found("This year I want to get my gas safe and unvented cylinder tickets.")["steps"]
    assert not found("I sell the match tickets at the box office and I enjoy meeting people.")["steps"]


def test_i_will_not_is_no_plan():
    story = "Then I spent two years in A&E, which, I will not bore you with it, was hard going."
    assert not found(story)["goal_long"] and not found(story)["goal_short"]


def test_a_year_or_so_does_not_cut_a_goal_statement():
    text = "My goals for the next year or so are about settling in here and doing my prescribing course."
    assert found(text)["goal_short"]


def test_an_industry_or_a_generic_you_is_not_this_employer():
    assert not found("In this industry the money comes from volume, and I want to be a senior broker in five years.")[
        "employer"]
    assert not found("Nobody lets you run the pass until you have the hygiene certificate, so I'm doing it now.")[
        "employer"]
    assert found("I'd like to get onto the leadership academy you run for new supervisors.")["employer"]


def test_a_step_already_taken_needs_no_word_of_intent():
    assert found("I have volunteered to lead the rota review, which is what the panel looks at for supervisors.")[
        "steps"]
    assert not found("When I started I volunteered to lead the Christmas party.")["steps"]


def test_a_named_course_at_the_start_of_a_sentence_is_heard():
    assert found("Do the SIA refresher, that is what I want to do next spring.")["steps"]


def test_a_bare_verb_after_i_need_is_a_plan_but_a_need_for_something_is_not():
    rubric = load_rubric()
    assert read_lines("I need learn more about the computer systems here.", rubric)[0].intent
    assert not read_lines("I need help with the rota sometimes, the shifts are busy.", rubric)[0].intent


def test_a_negation_cue_a_coach_adds_does_not_switch_off_negation_for_its_whole_group(tmp_path):
    """A cue that says a negation itself ("would not say no to a pay rise") matches as written; the other cues of
    its group still mind a negation inside their match ("Money is not what motivates me")."""
    text = RUBRIC_PATH.read_text()
    anchor = "'''stack(ing)? (my |the )?(bread|paper|cash)''',"
    assert anchor in text
    path = tmp_path / "coach.toml"
    path.write_text(text.replace(anchor, anchor + " '''would not say no to (a|the) (pay rise|bonus|raise)''',"))
    rubric = load_rubric(str(path))

    def money(answer):
        return analyse_content(answer, rubric).flags["money"].present

    assert money("Honestly I would not say no to a pay rise in the next year.")
    assert not money("Money is not what motivates me; I want to be the nurse the ward relies on.")


@pytest.mark.parametrize("text, expected", [
    ("Honestly? To keep my houseplants alive. Okay, seriously though, next year I want to finish my level three.", True),
    ("To make it to Friday. But seriously, I'd like to be a senior technician in a few years.", True),
    ("To get paid to sleep. On a more serious note, this year I want to pass my exams.", True),
    ("To own a llama farm. Jokes aside, I'd like to lead a small team here in five years.", True),
    ("Seriously, I want to become a senior nurse, and next year I'll do my mentorship course.", False),
    ("I've done my level two. So seriously considering the level three next year, then a senior role.", False),
])
def test_a_joke_taken_back_with_seriously_though_or_jokes_aside(text, expected):
    assert found(text)["flippant"] is expected


def test_an_apology_after_a_closing_line_takes_back_no_joke():
    """"That's it really. Sorry." closes a nervous answer; nothing in it was a joke."""
    assert not found("Um, first I want to do my colour course, it's booked for next month. Then build up my own "
                     "clients here. That's... yeah, that's it really. Sorry.")["flippant"]
    assert found("Honestly my goal is your chair, ha. Sorry. I want to run the salon floor within five years.")["flippant"]


def test_wanting_to_do_that_here_restates_the_goal_and_links_nothing():
    assert not found("Further ahead I'd like to move into the buying team at head office. I'd want to do that within "
                     "the company, because I like how it treats people.")["ladder"]
    assert found("Further ahead I'd like to move into the buying team. To do that, I'm taking the merchandising "
                 "course at night school.")["ladder"]


def test_a_time_between_so_and_i_can_still_links_the_step():
    assert found("Right now I'm doing my radiography certificate. That's so in three or four years I can step up "
                 "to lead nurse here.")["ladder"]
    assert not found("Right now I'm doing my radiography certificate. In three or four years I can step up to lead "
                     "nurse here, I hope.")["ladder"]


def test_a_place_of_ones_own_and_study_full_time_are_leaving_said_plainly():
    assert found("I want to work here two years and learn everything. After that my dream is to open a small place "
                 "with my brother, food from my country.")["leaving"]
    assert not found("I want to help the group open a new place in the city centre next year and run its kitchen.")["leaving"]
    assert found("In two years I want to apply again to the university and finish the study full time, and become "
                 "a dentist.")["leaving"]
    assert not found("Next year I want to start my degree part time at the university, alongside this job.")["leaving"]


def test_money_personal_and_overreach_in_everyday_words():
    assert found("Over the next couple of years I want to get the take-home up to where we can clear the mortgage "
                 "early.")["money"]
    assert not found("I want to get the team's response times up to where the ward can rely on them.")["money"]
    answer = ("My big thing this year is just sorting myself out. I've signed up for a half marathon in October, "
              "I'm trying to pack in the vapes, and I want to get out on the bike more at weekends.")
    assert found(answer)["personal"] and not found(answer)["goal_short"]
    assert found("I'd expect to be holding the store manager's keys by this time next year.")["overreach"]
    assert not found("In ten years or so I'd like to be holding the store manager's keys somewhere like this.")["overreach"]


def test_the_employer_by_its_name():
    assert found("In the first year I intend to complete Fairway's in-house food safety modules.")["employer"]
    assert found("I have no plan to go to another company, I want to stay and grow with Citylink.")["employer"]
    assert not found("In the first year I intend to complete a food safety course at a college near home.")["employer"]
    assert not found("At my last job I did Tesco's in-house food safety modules, and next year I want my "
                     "level 3.")["employer"]
    assert not found("Next year I want to finish my diploma. In March I'll sit the first exam.")["employer"]


@pytest.mark.parametrize("text, expected", [
    ("Long term I want to become a senior nurse at St Mary's.", True),  # a goal set at a named place
    ("In five years I'd like to be leading projects at Northwind.", True),
    ("I'd like to keep growing with this crew, and next year do my tickets.", True),
    ("This year I'd like to get better at SQL and Python.", False),  # a skill, not a place
    ("Next year I want to do a part-time degree at Leeds Beckett.", False),  # a study
    ("I did my training at Leeds General, and now I want to specialise.", False),  # the past
])
def test_the_employer_named_where_the_goal_is_set(monkeypatch, text, expected):
    monkeypatch.setenv(semantic.ENV, "0")  # the rule itself: the encoder may credit a place tentatively anyway
    assert found(text)["employer"] is expected


@pytest.mark.parametrize("text, expected", [
    ("I hope to bring my languages to your customer team.", True),
    ("I want to be known for getting the orders out right first time.", True),
    ("I'd like to share what I learn with the rest of the team.", True),
    ("I'd like to take some weight off my manager.", True),
    ("I want to be known as a fast learner by my managers.", False),
    ("I'd like people to share what they know with me.", False),
])
def test_contribution_said_as_what_i_bring_what_i_am_known_for_or_load_taken_off_others(text, expected):
    assert found(text)["contribution"] is expected


def test_a_step_linked_by_what_the_goal_needs_or_by_what_i_am_doing_about_it():
    def linked(text):  # plainly, by the rules: not only the encoder's tentative credit
        ladder = analyse_content(text, RUBRIC).components["ladder"]
        return ladder.present and not ladder.tentative

    assert linked("In three or four years I'd like to be head chef here. I've asked to go on the kitchen management "
                  "course, because there's no point being head chef if you can't read a P and L.")
    assert linked("I want to be the qualified arboriculturist who writes the surveys. That means the Level 4 diploma, "
                  "which I've started by distance learning.")
    assert linked("The thing I keep getting pulled towards is the control room. So what I'm doing about it, I've "
                  "booked my CCTV licence course for next month.")
    assert not found("I want to be the qualified arboriculturist who writes the surveys. That means a lot to me, "
                     "and I started the Level 4 diploma in March.")["ladder"]


def test_a_long_range_role_said_in_nouns_is_a_goal():
    assert found("I'd like to get my dispensing course done in my first year. And then, some day, maybe pharmacy "
                 "technician?")["goal_long"]
    assert found("I like helping the new starters. Supervisor and then, one day, manager, if I'm good enough.")["goal_long"]
    assert not found("I like the patients. One day the manager asked me to stay late.")["goal_long"]
    assert not found("I love the ward. One day a nurse came in crying and I sat with her.")["goal_long"]


def test_a_short_word_with_a_role_ending_names_no_role():
    """"for" and "her" end like "mentor" and "manager", but "be there for her" is no role to grow into."""
    assert not found("I love my job. I want to be there for her when she starts school.")["goal_long"]
    assert not found("I want to be asking for feedback after every shift.")["goal_long"]
    assert found("I want to be a mentor for the apprentices one day.")["goal_long"]


def test_a_credential_held_for_years_is_background_but_a_step_after_it_counts():
    held = "I've held my Class 1 licence for four years, mostly on day trunking, and I'm now looking to move onto nights."
    assert not found(held)["steps"] and not found(held)["learning"]
    both = found("I've had my CSCS card since 2019, and next year I want to get my SMSTS.")
    assert both["steps"] and both["learning"]


@pytest.mark.parametrize("text, expected", [
    ("In a few years I could be leading the install side, and your customers end up with a system that actually "
     "heats the house.", True),
    ("I want to know the shop managers by name, so that when something kicks off they trust us to sort it.", True),
    ("Control room this year if I can, and be someone the shops are glad to see.", True),
    ("I'd like to go for the driver trainer side. I'd like to be the fella who sorts that out.", True),
    ("Give it three or four years and I want to be the EV guy here, the one doing all the tricky diagnostics.", True),
    ("So one day I hope to be instructor for new drivers in your company.", True),
    ("My manager trusts me to open up on Saturdays, and next year I want my level 3.", False),
    ("Last year the customers ended up with refunds after the system failed.", False),
    ("I want to do my level 3 next year and then go for a supervisor post.", False),
])
def test_what_others_get_from_the_speaker_said_without_help(text, expected):
    assert found(text)["contribution"] is expected


def test_being_busy_at_something_is_no_role_to_grow_into():
    assert not found("Wanna be shifting more motors than anyone cos that's where the money is.")["goal_long"]
    assert found("I want to be housekeeping supervisor one day, checking the rooms.")["goal_long"]


@pytest.mark.parametrize("part, text, expected", [
    ("money", "Nights pay an extra three quid an hour here and that's the goal, and if the money's right I'm there.", True),
    ("money", "If I could get the calving interval down here by a few days, that's real money for the farm.", False),
    ("flippant", "Career goals. Okay. Honestly, to be on the other side of the counter drinking the coffee, haha. Nah nah, "
                 "sorry, serious. I'd like to do the barista trainer course this year.", True),
    ("leaving", "Ultimately, though, I've always pictured my own name over the door: a small studio where I choose "
                "the projects.", True),
    ("personal", "For the job I don't need big plans. My goals are more for my life: this year I want to pass my "
                 "driving test, and next year bring my wife and my son here from Romania.", True),
    ("goal_short", "The thing with design is it changes so fast, three years ago nobody was asking for motion and now "
                   "it's everything.", False),
])
def test_flags_and_near_misses_from_published_and_recorded_answers(part, text, expected):
    assert found(text)[part] is expected


@pytest.mark.parametrize("part, text, expected", [
    ("steps", "In due course, I would welcome the opportunity to transfer into the networks team.", False),
    ("learning", "Throughout, I intend to remain abreast of developments in the field.", True),
    ("goal_short", "In the immediate term I am consolidating my technical foundation.", True),
])
def test_formal_wording_of_steps_plans_and_links(part, text, expected):
    assert found(text)[part] is expected


@pytest.mark.parametrize("part, text", [
    ("steps", "So I've asked my area manager to put me forward for the Stepping Up programme."),
    ("ladder", "In three or four years I'd like to be sous chef. This year I want to take the pastry section too, "
               "because a sous chef must understand every section of the kitchen."),
])
def test_a_nomination_asked_for_and_a_link_by_what_the_role_must_know_are_heard_by_the_rules(monkeypatch, part, text):
    monkeypatch.setenv(semantic.ENV, "0")  # the rules alone: the encoder may credit these tentatively anyway
    assert found(text)[part]


@pytest.mark.parametrize("part, text, expected", [
    ("money", "The nights have the premium, and with the overtime I can make maybe seven hundred pounds in a week. "
              "This is my plan for next year, to put money on the side.", True),
    ("leaving", "My cousin is there in Toronto, he says the pay is better. So after two years maybe I save enough "
                "and I go there.", True),
    ("no_ambition", "Honestly? I'm happy as I am. I'd be happy doing nights on the same aisle till they pension me off.",
     True),
    ("vague", "Honestly? I'm happy as I am. I'd be happy doing nights on the same aisle till they pension me off.",
     False),
    ("steps", "I came into planning from a geography degree, and I'm now keen to take on the larger cases.", False),
    ("steps", "Just finished my level 2, so by next year I reckon I'll be running the maintenance side.", False),
    ("steps", "I've just finished my level 2, and next year I want to do my level 3.", True),
    ("ladder", "Over the next three or four years I would like to work towards a senior planning officer role here.",
     False),
])
def test_from_non_native_and_nervous_answers(part, text, expected):
    assert found(text)[part] is expected


@pytest.mark.parametrize("part, text, expected", [
    ("framing", "I tend to treat my career the way I'd treat a caseload: one manageable piece at a time. My longer aim "
                "is to lead a small housing team.", True),
    ("framing", "The way I see it, nobody wires a whole house in one go. You do it a circuit at a time. Next I want "
                "my AM2.", True),
    ("employer", "I'd like to do the solar course, since more of the new-builds you're fitting out want panels.", True),
    ("employer", "I'd like to do the solar course next year, because more new-builds want panels now.", False),
])
def test_an_approach_said_as_a_way_of_working_and_the_employer_by_what_it_does(part, text, expected):
    assert found(text)[part] is expected


@pytest.mark.parametrize("text, expected", [
    ("I just want to be the carer the residents here actually ask for.", True),
    ("Right now I want to do my radiography certificate, because it makes you more useful in the surgery.", True),
    ("Over the next few years I want a senior role, and I care about getting decisions right for residents.", True),
    ("Later on I'd like to be taking on an apprentice myself.", True),
    ("Next year I want to get my paperwork right for the audit.", False),
])
def test_contribution_said_as_what_people_ask_for_or_get(monkeypatch, text, expected):
    monkeypatch.setenv(semantic.ENV, "0")  # the rules alone: the encoder may credit some of these tentatively anyway
    assert found(text)["contribution"] is expected


@pytest.mark.parametrize("text, expected", [
    ("Give me a year and I'll be managing the place.", True),
    ("Within my first year I want to take over the running of the kitchen from the head chef.", True),
    ("I'd like to be sitting on the senior leadership team by the time I've been here two years.", True),
    ("In eight to ten years I'd like to be an area manager.", False),
    ("In the next year I'd like to lead a small project team of two or three.", False),
    ("I want to be a team leader in three or four years, once I know the job inside out.", False),
])
def test_overreach_said_as_running_the_place_or_the_top_table_soon(text, expected):
    assert found(text)["overreach"] is expected


def test_a_place_that_begins_like_an_article_is_still_a_place():
    """"to (?!a|the ...)" once read the "A" of "Australia" as the article and let the move through."""
    assert found("I'm hoping to move to Australia with my partner in a couple of years.")["leaving"]
    assert found("In a few years I want to move to Amsterdam and work in a startup there.")["leaving"]
    assert not found("In a few years I want to move to a bigger ward here.")["leaving"]


@pytest.mark.parametrize("text, expected", [
    ("I'll give it a year or two here and then see what else is out there.", True),
    ("In the long run I see myself going back home to Poland to run my dad's farm.", True),
    ("In a couple of years I'd like to move over to the Leeds office and run a team there.", False),
    ("I moved here from Poland, and long term I want to run the farm's dairy side here.", False),
])
def test_leaving_to_see_what_is_out_there_or_for_the_family_business(text, expected):
    assert found(text)["leaving"] is expected


@pytest.mark.parametrize("text, expected", [
    ("I'm a sales assistant. After this I want to try my luck in another industry.", True),
    ("I came here from a different industry, and I want to stay and grow.", False),
    ("I'd like to move into another field of engineering here, like controls.", False),
    ("I'm a farm hand. One day I'll take over my dad's farm.", True),
    ("I'm a junior chef, and in the end I want my own food truck.", True),
    ("My own gym routine keeps me sharp for the shifts.", False),
    ("I want to use this as experience to get a job in the city.", True),
    ("I want to use this experience to get a promotion here in a couple of years.", False),
    ("I'm here for a year and then travelling.", True),
    ("I'd love to be travelling to your other sites to train people.", False),
    ("I want to join the army next year.", True),
    ("I'd like to join the army reserves alongside this job.", False),
])
def test_leaving_for_another_industry_a_family_farm_a_gap_year_or_the_forces(text, expected):
    assert found(text)["leaving"] is expected


@pytest.mark.parametrize("text, expected", [
    ("And I want to keep time for my family also, because tired nurse is not safe nurse.", True),
    ("Outside work, I want to keep going to my life-drawing group. It keeps my eye fresh when I sit back down at a "
     "screen.", True),
    ("I also want to keep up my own Pilates, because it keeps me going through a heavy clinic list.", True),
    ("I also want to keep up my own Pilates and see more of my friends at weekends.", False),
])
def test_a_wider_life_tied_back_to_work_in_plain_words(text, expected):
    assert found(text)["balance"] is expected


@pytest.mark.parametrize("text, expected", [
    ("By the time my knees start to object I want to be the one on the ground writing the surveys.", True),
    ("By the time my kids are older I'd like to be running the lab here.", True),
    ("By the time I finish my level 3 next summer, I want to be a supervisor.", False),
])
def test_a_goal_timed_by_a_life_event_ahead_is_long_range(text, expected):
    assert found(text)["goal_long"] is expected


@pytest.mark.parametrize("text", [
    "I want to finish my apprenticeship and pass my final test next summer, and then eventually go for approved "
    "electrician.",
    "Eventually I'd like to do the advanced certificate in anaesthesia, um, because that's the bit I really love.",
])
def test_a_step_and_a_goal_joined_by_any_small_word_are_no_ladder(text):
    # "for", "to", "that" or a reason of liking join a step to a goal in one sentence without a purpose link: plain
    # sequencing or a motive, no ladder (the dev set's conventions)
    assert not found(text)["ladder"]


@pytest.mark.parametrize("text", [
    "My goal is to run a shift. Next I want to do the first-line manager course, so that later I can be shift "
    "manager here, in three or four years.",
    "I'd like to get my trainer certification by my second year because I want to eventually be a training officer.",
    "My goal is to become a registered nurse. The trust offers a nursing associate apprenticeship, and that's the "
    "route I'd take into nursing.",
])
def test_a_purpose_link_with_a_word_of_time_or_a_route_is_a_ladder(text):
    ladder = analyse_content(text, RUBRIC).components["ladder"]
    assert ladder.present and not ladder.tentative


@pytest.mark.parametrize("text,expected", [
    ("Honestly, I want to be on the leadership team by next year.", True),
    ("I report to the practice manager now, and in five years I'd like to be on the leadership team.", False),
    ("I'd love to sit in on the leadership team meetings this year to learn how decisions get made.", False),
    ("I see myself as your replacement in a few years.", True),
    ("I'm aiming for partner in three years.", True),
    ("I'm a trainee, and in the next year I want to partner with local schools on outreach.", False),
    ("In a year I want to be the one everyone reports to.", True),
    # one at the start has the top titles' clock for a senior title too; long experience lifts it
    ("I just graduated. Within five years I see myself as a director here.", True),
    ("I've managed the store for twelve years. In five years I'd like to be a regional director.", False),
    ("I just qualified. In five years I want to be a senior nurse.", False),
])
def test_overreach_said_as_a_seat_a_successor_or_a_graduates_directorship(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Long term I want my own studio. That's kind of why I'm here: agency life is how you build a portfolio.", True),
    ("My preference is to remain in a stable, clearly defined position of the kind advertised.", True),
    ("I want to be a hygienist, so this would be a really good place to get my bearings for a couple of years.", True),
    ("I think this is a good place to start: next year I want to finish my degree.", False),
    ("I moved to the city last year and I am here for good. Next year I want to finish my degree.", False),
])
def test_this_job_said_as_why_i_am_here_as_advertised_or_a_good_place_to(text, expected):
    assert found(text)["employer"] is expected


@pytest.mark.parametrize("text,expected", [
    ("I want to be running my own division by my second year.", True),
    ("I want to be running my own division one day.", False),
    ("Honestly my goal is your seat.", True),
    ("Within three years I want to be leading the whole engineering org.", True),
    ("In ten years I'd like to be leading the whole engineering org.", False),
])
def test_overreach_on_a_clock_counted_by_the_year_of_the_job_or_for_your_seat(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("I expect to be promoted within six months.", True),
    ("I'd like to go for a promotion in three or four years.", False),
    ("I was promoted within six months at my last job, and next year I want my level 3.", False),
    ("I'm a fast learner, so I expect to be fast-tracked into management.", True),
    ("I'd like to revolutionise how this company works within my first two years.", True),
    ("I'd like to understand how this company works within my first two years.", False),
])
def test_overreach_as_a_quick_promotion_a_fast_track_or_remaking_the_company(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Honestly I'd like to be managing within a year.", True),
    ("I'd like to be managing my own caseload within a year.", False),
    ("Within six months I'd like to be supervising the other receptionists.", True),
    ("Within six months I'd like to start supervising the students who shadow us.", False),
    ("I want to be the manager of the whole kitchen by the end of next year.", True),
    ("In my first six months I'd like to get promoted to team leader.", True),
    ("I hope to get promoted to a permanent contract within six months.", False),
    ("I'm a junior doctor and I want to be a consultant surgeon in three years.", True),
    ("In eight years I'd like to be a consultant surgeon.", False),
    ("I've just graduated, and I want to make senior within the first year.", True),
    ("I've been a junior developer for three years now, so in the next year I want to make senior.", False),
])
def test_overreach_as_managing_soon_over_ones_peers_or_a_senior_grade_too_early(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a newcomer by the months they have put in, their first post, a probation, a first rotation: the top titles'
    # five-year clock then holds for a senior one too
    ("I've only been doing care for about three months. Within five years I'd like to be the home's director of care.",
     True),
    ("I've been doing care for about twelve years. Within five years I'd like to be the home's director of care.",
     False),
    ("I started here as a picker four months ago. In four years I want to be head of operations.", True),
    ("I started here as a picker four months ago. In four years I want to be a team leader.", False),
    ("I'm still on probation as a constable. My goal is to become superintendent in five years.", True),
    ("I'm still on probation as a constable. One day I'd like to become a superintendent.", False),
    ("I'm an F1 at the moment. My goal is to be a consultant surgeon in five years' time.", True),
    ("I'm an F1 at the moment. My goal is to be a consultant surgeon in ten years' time.", False),
    ("This would be my first lab job. Within two years I want to be running my own lab here.", True),
    ("I joined the group this spring on the front desk. I'd like to be appointed general manager by my second season.",
     True),
    # the whole place, and the usual timeline not waited for
    ("I'd like to be running the whole place inside a year.", True),
    ("I see no reason to wait for a conventional timeline to lead.", True),
    ("I'm happy to wait for the usual timeline; first I want to learn.", False),
])
def test_overreach_from_one_who_has_just_started(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a manager's title within a year is presumptuous (every one in the tuning parts was labelled so) ...
    ("I want to be store manager inside one year.", True),
    ("My goal for the next eighteen months is to step up to assistant store manager.", False),
    # ... a promotion of any kind, or a move into management, only within six months
    ("I'd like to move into a management role within six months.", True),
    ("I'd like to move into a management role within a year.", False),
    ("I'd like to be promoted within six months.", True),
    ("I'd like to go for promotion in eighteen months.", False),
    # a first supervising post, within six months; its clock is the whole window said ("next year": up to twelve months)
    ("Within three months I want to be a supervisor.", True),
    ("I'd like to be a shift leader on reception, hopefully next year.", False),
    ("I'd like to get my first promotion within the next year.", False),
    ("In six months I'd like to be a confident supervisor of the students on placement.", False),
    # the executive team, the top job
    ("I'd like to join the executive team within three years.", True),
    ("I'd like to present to the executive team one day.", False),
    ("I want the top job here within five years.", True),
])
def test_a_managers_title_has_a_years_clock_and_any_promotion_six_months(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Within the year, I picture myself as store manager here.", True),
    ("In three years, I picture myself as store manager here.", False),
    ("My target is a seat at the top table within three years.", True),
    ("I'd like to be a senior partner within five years.", True),
    ("I'd like to be a partner within five years.", False),
    ("I think within a year I'll be ready to take over the team from my manager.", True),
    ("I think within a year I'll be ready to take over the rota from my manager.", False),
    ("I want to be leading the company's strategy within five years of graduating.", True),
    ("I want to be leading the company's strategy in ten years.", False),
    ("Within two years of qualifying I'd like to be heading up the whole practice.", True),
    ("I'd like to be running the night kitchen within a year.", True),
])
def test_overreach_as_a_title_pictured_soon_the_top_table_or_counted_from_graduating(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # long experience lifts the clock for the next title up, but only experience said as such ...
    ("I have twelve years in compliance, five as a manager. In the next two years I'd like to progress to head of "
     "compliance.", False),
    ("I've just started in compliance and I don't see why I should wait ten years. In the next two years I'd like to "
     "be head of compliance.", True),
    # ... and one who runs a team now, or has done the job five years, is ready for a manager's post or a promotion
    ("I've been a constable for seven years, and my goal is to be promoted to sergeant within six months.", False),
    ("I've been a constable for seven months, and my goal is to be promoted to sergeant within six months.", True),
    ("I'm also seeking to lead a tender exercise. Within a year I'd be ready to assume your own position as head of "
     "procurement.", True),
    # a newcomer's title taken on at the end of probation, or six months in
    ("I joined the graduate scheme at my current employer eleven months ago. I expect to assume the role of area "
     "manager upon the conclusion of my probationary period.", True),
    ("I'm on the graduate scheme, six months in. I'd like to be permanent secretary in five years.", True),
])
def test_overreach_minds_experience_said_as_such_and_a_newcomers_clock(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Within two years I'd like to progress to associate director.", False),  # a grade below director
    ("Within two years I'd like to progress to director.", True),
    ("I'm aiming to be first-team head coach here by the time I'm twenty-eight.", True),
    ("By the time I'm twenty-five I want to be a partner with my name on the door.", True),
    ("I want to partner with local clubs by the time I'm twenty-five.", False),
    ("I've done three months of shifts at a local paper, and I'd hope to be editing this paper in a couple of years.",
     True),
    ("I'd like to become a video editor within a year.", False),
    ("Once my probation's signed off I'd like to step up to deputy editor.", True),
    ("Once I'm through probation I'm going straight for cabin manager, skip the senior crew step completely.", True),
    ("I got made up to senior crew after eighteen months, which was quicker than normal.", False),
    ("I'm hoping by next Christmas I'll be the purser running the whole cabin.", True),
    ("I'm hoping by next Christmas I'll be managing the whole process on my own.", False),
    ("I already manage a design team of four, and within two years I'd like to lead a bigger team.", False),
])
def test_overreach_in_titles_of_many_trades_and_a_step_skipped(text, expected):
    assert found(text)["overreach"] is expected


def test_a_partner_with_their_name_on_the_door_is_no_plan_to_leave():
    assert not found("In ten years I'd like to be a partner with my name on the door of this practice.")["leaving"]
    assert found("In ten years I'd like my name over the door of a practice of my own.")["leaving"]


@pytest.mark.parametrize("text,expected", [
    # the next sentence points back at the title and gives it a clock
    ("My goal is to be head of marketing. I'd like to get there within eighteen months, because I learn fast.", True),
    ("I want to run the department. Realistically I think I can do that in about two years.", True),
    ("Ultimately I want to be a director. I'm aiming to get there by the end of next year.", True),
    ("I want to be the store manager here. Give me six months and I'll be ready.", True),
    # ... not a step taken to get there, its means, or a clock for something else
    ("Long term I'd like to be a director. To get there, this year I'm doing my CIMA.", False),
    ("I want to run the department one day. In order to do that, in the next year I need to get my level 5.", False),
    ("I'd love to be a head of department. I know it'll take me ten years to get there, but in the next year I'll "
     "start with a small project.", False),
    ("I want to be head of year one day. I'd like to get there by doing my pastoral training next year.", False),
    ("Ultimately I want to be a director. By the end of next year I'd like to have my chartership.", False),
])
def test_overreach_when_the_next_sentence_gives_the_title_its_clock(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Within a year I want to have my own team.", True),
    ("I'd like to have my own team one day, maybe in five or six years.", False),
    ("Within a year I'd like to have my own clients.", False),
    ("I'd like to have my own department within three years.", True),
    ("I'd expect a management title within six months.", True),
    ("I'm going to be a manager by the time my probation ends.", True),
    ("I see myself leading this organisation within five years.", True),
    ("I'd like to be leading the group sessions within a year.", False),
    ("I'm after the area manager job within eighteen months.", True),
    ("I'd like to apply for the area manager job in five years.", False),
])
def test_overreach_as_a_team_or_department_of_ones_own_a_title_or_the_whole_organisation(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a joke answer taken back in other words than "just kidding"
    ("Um... to be a millionaire by thirty? (laughs) Sorry, I don't know why I said that. Um, no, I'd like to get "
     "better at SQL.", True),
    ("Oh gosh. Um, to survive the January sales without crying in the stockroom? Sorry, sorry. I'd like to be a "
     "supervisor here one day.", True),
    ("First answer that comes to my head: retire at forty and go fishing. (laughs) Okay, I know, this is not the answer "
     "you want. Real answer: in three years I want to be tech lead.", True),
    ("My career objective is to progress through the grades at a glacial pace. Forgive me, that was an attempt at "
     "levity. I'd like to stay in the policy profession.", True),
    ("um honestly my goal is to get so famous that somebody has to drive me around ha ha no um okay okay seriously i've "
     "been on the buses four years and i'd like to do the driver trainer course next year", True),
    # a nervous apology is no take-back
    ("Sorry, I'm a bit nervous. My goal is to qualify as a solicitor within two years.", False),
])
def test_flippant_when_a_joke_answer_is_taken_back(text, expected):
    assert found(text)["flippant"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Right, career goals. My goal for the next ten years, until I retire, is the same work done the same way, and "
     "nothing changing really.", True),
    ("I do not seek progression to personal banker or supervisory roles, and I intend to continue in an identical "
     "capacity for the remainder of my working life.", True),
    ("I have worked as a paralegal for nine years, and my aim is simply to continue in exactly that capacity. I am not "
     "looking for development.", True),
    ("Ask me again in ten years, I'll still be on the grill, same as now.", True),
    ("In ten years I'd like to be leading the conveyancing team, and this year I want my CILEx level 3.", False),
    ("I'd like to keep the same hours as now, but take on the lead role for the new starters.", False),
    ("I'm not looking for development in the sense of a new title; I want to become the best specialist in my field "
     "within five years.", False),
])
def test_no_ambition_said_formally_or_flatly(text, expected):
    assert found(text)["no_ambition"] is expected


@pytest.mark.parametrize("text,expected", [
    ("In the job I want to continue at the reception, this is fine for me. But my real goals now are for my life. I "
     "want to buy an apartment here, and I want to go to the gym more regular.", True),
    ("To be candid, my professional objectives are modest. The objectives to which I am committing most of my effort "
     "are personal: firstly, to cease vaping, and secondly, to complete the Three Peaks Challenge in June.", True),
    ("I'd like to get back to the gym, because I'm a better nurse when I've trained.", False),
    ("This year I want to pass my driving test so I can do the community visits on my own.", False),
    ("In the long run I'd love to work with families going through adoption.", False),
])
def test_personal_goals_said_as_the_real_goals(text, expected):
    assert found(text)["personal"] is expected


@pytest.mark.parametrize("text,expected", [
    # this job said as a stint of its own length, or as preparation for a move out
    ("I've applied to the paramedic science programme, so I'd see this as roughly a year to eighteen months.", True),
    ("I've got my place confirmed at Leeds for nursing, it starts in late September, so this would be, like, for the "
     "summer mostly.", True),
    ("I regard a period here as exceptionally valuable preparation for that transition.", True),
    ("After maybe one year here, I will apply for cloud roles in London in a bigger company.", True),
    ("We've got the working holiday visa sorted for Perth, so we fly out after Christmas next year.", True),
    ("Acting's my thing. The dream is to be doing it full whack within a year or so.", True),
    # ... not a stint inside the job, a move inside the company, or a course beside the job
    ("I'd see this as a long-term home, and this year I want to do my level 3.", False),
    ("I'd like to apply for team leader roles in the bigger stores of this group in a couple of years.", False),
    ("I've got my place confirmed at the college for the evening AAT course, alongside this job.", False),
])
def test_leaving_said_as_a_stint_or_a_preparation_for_a_move(text, expected):
    assert found(text)["leaving"] is expected


@pytest.mark.parametrize("text,expected", [
    ("My ambition is to practise in one of the large City arbitration groups.", True),
    ("Long term I'd like to work in one of the big teams here, maybe the claims side.", False),
])
def test_leaving_for_one_of_the_large_firms(text, expected):
    assert found(text)["leaving"] is expected


@pytest.mark.parametrize("text,expected", [
    ("My main aim is to take my gross from around ninety thousand to somewhere near two hundred.", True),
    ("On the NHS side it's hard to earn well, so I want more private work.", True),
    ("I'd like to grow my caseload from ten clients to twenty.", False),
])
def test_money_said_as_ones_own_earnings(text, expected):
    assert found(text)["money"] is expected


def test_courses_turned_down_as_enough_already_are_no_step():
    said = ("But I don't want to be moved onto the new system they keep talking about, I don't want to do the courses, "
            "I've done enough courses in my life.")
    assert not found(said)["steps"]
    assert found("I've done the first two courses, and this spring I'm booked on the third.")["steps"]


def test_overreach_hears_a_time_a_run_on_was_cut_after():
    said = ("um then i'd like to do my practice assessor course so i can support students because we had such good "
            "mentors and i want to give that back and like give me a year and i reckon i'll be running this ward as "
            "the charge nurse you know doing the bed meetings sorting the staffing all of it")
    assert found(said)["overreach"]
    assert not found(said.replace("give me a year", "that matters to me"))["overreach"]


@pytest.mark.parametrize("text,expected", [
    ("By next year I'd like to be running the stock side for you.", True),  # the work done for the interviewer's firm
    ("I'd love to be driving for you lot within a month.", True),
    ("I did a lot of overtime for you know, the last company.", False),
    ("I'd like to be running the stock side one day.", False),
])
def test_work_done_for_you_is_this_employer(text, expected):
    assert found(text)["employer"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Here at Northwind, I want to lead the data team one day.", True),
    ("Here on the ward I want to become the dementia lead.", True),
    ("Here in the UK I want to requalify as a nurse.", False),
    ("Here at least I know what I want: to lead a team one day.", False),
])
def test_a_sentence_that_opens_on_this_place_ties_the_goal_to_it(text, expected):
    assert found(text)["employer"] is expected


@pytest.mark.parametrize("text,expected", [
    ("I just want a job that pays the bills, to be honest, and then we'll see what happens.", False),
    ("Honestly this job just pays the bills while I finish my music degree.", True),
])
def test_wanting_a_job_that_pays_the_bills_is_no_plan_to_leave_but_this_job_as_a_stopgap_is(text, expected):
    assert found(text)["leaving"] is expected


def test_the_employer_as_the_place_to_achieve_a_goal_links_no_step_to_it(monkeypatch):
    monkeypatch.setenv(semantic.ENV, "0")  # the rules' own view: the encoder may still acknowledge it tentatively
    place = ("Within two years I aim to obtain my Level 4 Certificate. Later I would like to progress to senior "
             "adviser. I believe this organisation's commitment to training makes it the right place to achieve this.")
    assert not found(place)["ladder"]
    assert found("Within two years I aim to obtain my Level 4 Certificate. Later I would like to progress to senior "
                 "adviser, and I will need the certificate to achieve this.")["ladder"]


def test_a_project_led_now_in_a_near_period_with_to_prepare_is_a_step_linked_to_the_goal():
    goal = "My goal over the next two to three years is to move into a financial controller role. "
    plan = "To prepare, I'm leading our ERP migration this year, which gives me exposure to group-level controls."
    result = analyse_content(goal + plan, RUBRIC).components
    assert result["goal_short"].present and result["steps"].present
    assert result["ladder"].present and not result["ladder"].tentative
    assert not found("I'm leading our ERP migration.")["goal_short"]  # no near period: what the job is now


@pytest.mark.parametrize("text,expected", [
    ("I'd like to build a finance function that the business sees as a partner, not a barrier.", True),
    ("I'd like to build a finance function from scratch one day.", False),
])
def test_a_team_or_function_others_see_as_a_partner_is_a_contribution(text, expected):
    assert found(text)["contribution"] is expected


@pytest.mark.parametrize("text,expected", [
    ("I'm currently running a team of six, and this year I want to finish my CMI level 5.", False),
    ("I'm currently running a team of six, and within two years I want to be a regional director.", True),
    ("I'm a new graduate. This year I want to be leading a team.", True),
])
def test_one_who_already_runs_a_team_is_ready_for_a_managers_post(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("In a couple of years I'd like to be a team leader on nights, running the shift and sorting out the new starters, "
     "cos nobody really shows them anything.", True),
    ("I want to be the one who shows the new starters the ropes.", True),
    ("I want to sort out my finances this year.", False),
    ("Just work hard, show what I can do and hopefully someone notices.", False),
])
def test_helping_new_people_in_everyday_words_is_a_contribution(text, expected):
    assert found(text)["contribution"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Long term I could see myself as a deputy head, but not for a good few years yet.", True),
    ("I could see myself as a deputy head in ten years.", True),
    ("I couldn't see myself in an office in ten years.", False),
])
def test_a_goal_said_as_what_i_could_see_myself_as(text, expected):
    assert found(text)["goal_long"] is expected


@pytest.mark.parametrize("text,expected", [
    ("I'd like to be paid what I'm worth.", True),
    ("Honestly I want to get paid more.", True),
    ("I know nurses aren't paid what they're worth, but I love it.", False),
    ("I want my team to be paid properly for overtime.", False),
])
def test_pay_as_the_goal_said_as_being_paid_what_i_am_worth(text, expected):
    assert found(text)["money"] is expected


@pytest.mark.parametrize("text,fid,expected", [
    ("Honestly? Retired on a yacht somewhere.", "flippant", True),
    ("I'd like to work on a yacht as a chef in the Med next summer.", "flippant", False),
    ("I'll be a millionaire by then, hopefully.", "money", True),
])
def test_a_yacht_to_retire_on_is_a_joke_and_a_millionaire_a_wealth_target(text, fid, expected):
    assert found(text)[fid] is expected


def test_a_goal_said_as_a_fragment_after_one_day_continues_the_plan_before_it(monkeypatch):
    monkeypatch.setenv(semantic.ENV, "0")  # the rules' own reading (the encoder may credit it tentatively anyway)
    goal = analyse_content("I want to be a good nurse. Maybe one day be a sister on the ward.", RUBRIC)
    assert goal.components["goal_long"].evidence == ["Maybe one day be a sister on the ward."]


@pytest.mark.parametrize("text,expected", [
    # an age target counted from the age said: two years to foreman from the first year of an apprenticeship
    ("I'm in the first year of my electrical apprenticeship and I want to be foreman by the time I'm twenty-one. "
     "I'm nineteen, so that's two years.", True),
    ("I'm in the first year of my electrical apprenticeship and I want to be foreman by the time I'm thirty. "
     "I'm nineteen, so there's plenty of time.", False),
    # "ten years first" is a stretch imagined, not experience stated
    ("I'm in the first year of my apprenticeship and I want to be foreman within two years. "
     "I don't see the point of being a sparky for ten years first.", True),
    # the first review of a new job, and the end of a training still under way, are near clocks
    ("I'm two months in as a trainee negotiator, and before my first appraisal I'd like to be running this office.", True),
    ("I'm two months in as a trainee negotiator, and before my first appraisal I'd like to pass my Propertymark "
     "qualification.", False),
    ("I'm in the second year of a four-year apprenticeship. Before the apprenticeship concludes, I'd aim to be appointed "
     "operations manager for the region.", True),
    ("I qualified in July. The moment my ASYE is signed off, I'd expect to step up and run the locality team myself.",
     True),
    ("I qualified in July. The moment my ASYE is signed off, I'd like to join the adolescent team.", False),
    # a title won, made or secured; a crew run; a whole site run, on the clock of the job's own stretches
    ("I joined as a part-time sales associate in September, and my objective is to secure the area manager position "
     "by next Christmas.", True),
    ("I joined as a graduate analyst eight months ago, and I aim at making principal within a couple of rotations.", True),
    ("I'm a second-year apprentice. By next Christmas I'll be running my own crew as foreman.", True),
    ("I'm a QA tester of just over a year. Within a couple of release cycles, I'm planning to be the studio's creative "
     "director.", True),
    ("I'm a picker and I've been here about six months. I'm twenty-two, and I could be running this whole site by the "
     "time I'm twenty-five.", True),
    ("Give me a year in your kitchen and I'll be head chef.", True),
    ("I've worked as a laboratory technician for ten months, and I fully intend to be appointed Laboratory Director of "
     "this site before my second annual appraisal.", True),
    ("I joined as a graduate planning officer five months ago. I expect to hold the post of Head of Planning before my "
     "second anniversary here.", True),
    ("I've been on reception for eight months. Once I've passed my probation I'd want to be the one in charge of "
     "outpatients, the whole lot.", True),
    ("I'm eighteen and I've just finished the first year of my apprenticeship. The plan is to be plant manager by the "
     "time I'm twenty-five, so I'm in charge of the whole site.", True),
    ("I've been on reception for eight months. Once I've passed my probation I'd like to be the one in charge of the "
     "clinic letters.", False),
])
def test_overreach_on_clocks_said_as_an_age_a_review_a_training_or_a_trades_stretch(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a newcomer said in other words: new in the post, a few months in without "I have", a first season, on probation
    ("I'm a new care assistant, and in eighteen months I want to be registered manager of the home.", True),
    ("I'm a new care assistant, and in eighteen months I want to be a senior carer.", False),
    ("I'm a warehouse operative, been here a few months. My goal is to be contracts manager in two years.", True),
    ("I'm a farm hand, first season. I want to be farm manager in two years.", True),
    ("I'm a probationary police constable. I want to be a sergeant within a year.", True),
    ("I'm a new manager at the depot, and I want to be operations manager in two years.", False),
    # any manager of people is a newcomer's leap; a manager of work is not, nor the rung just above
    ("I'm an apprentice electrician. My goal is to be depot manager in eighteen months.", True),
    ("I'm a junior developer, and within a year I'd like to be a project manager.", False),
    ("I'm a trainee accountant, and in two years I'd like to be an assistant manager.", False),
    ("I'm a graduate trainee. In two years I'd like to have people reporting to me.", True),
    ("I'm a graduate trainee. Within a year I want to be managing the people who trained me.", True),
    # a field's senior ranks; "partner in" a time; a goal said without a verb
    ("I've just qualified as a nurse, and within two years I want to make matron.", True),
    ("I'm a probationary constable. My goal is to be inspector by next Christmas.", True),
    ("I'm a junior doctor, and I'd like to make consultant in a year or two.", True),
    ("I'm a junior reporter, and I want to be editor within a couple of years.", True),
    ("I'm a trainee solicitor. I'd like to step up to partner in the next twelve months.", True),
    ("I'd like to be a partner in the project within a year.", False),
    ("I'm a trainee chef. The plan is executive chef within a year.", True),
    ("I'm a junior developer. My goal is to be CTO after one year.", True),
    ("I'm a new security officer. Within a year I want to be overseeing all three sites.", True),
    # an age late in a career is far off; long service said with "with"
    ("I'm a junior doctor. By the time I'm forty I'd love to be head of the department.", False),
    ("I'm a senior associate with eight years at the firm. In the next two years I'd like to step up to partner.", False),
    ("I'm a senior associate with eight years at the firm. Within a year I'd like to step up to partner.", True),
])
def test_overreach_from_a_newcomer_said_in_other_words_and_a_fields_own_ranks(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # five years in, or a post just below: the next senior post a couple of years out is a realistic step
    ("I've been teaching for six years now, and I covered for our head of year last spring. I'd like to move into a "
     "head of year role in the next couple of years.", False),
    ("I've taught history for six years, the last two as second in department. I'd hope to be ready for a head of "
     "department post within the next three to five years.", False),
    # (head of year is a first rung on a manager title's clock since stop 42: the seasoned rule's bound is shown on a
    # head of department)
    ("I've been teaching for six years now. I'd like to be head of department within a year.", True),
    # leading one programme is not a post just below: a newly qualified teacher's deputy headship in two years is still
    ("I led the reading programme at my placement school during my training year, and I'd like to be a deputy head "
     "within two years of joining your school.", True),
    # already a manager of eight years: the next manager's post next year is no leap
    ("I've been a department manager, fresh foods, for eight years. Next year I'd like to step up to deputy store "
     "manager here.", False),
    # the time a route takes is no clock: "one day general manager, but I know it takes many years"
    ("I work as receptionist for one year. One day I dream to be a general manager, but I know it take many years.",
     False),
    ("I work as receptionist for one year. I'd like to be general manager within five years.", True),
    # a newcomer's senior title on the top clock: a range reaching past it is modest
    ("I'm in my second year of teaching. Eventually, maybe five or six years down the line, I'd like to be head of "
     "department somewhere like here.", False),
    ("I'm in my second year of teaching. In four or five years I'd like to be head of department here.", True),
])
def test_overreach_minds_a_post_just_below_and_the_time_a_route_takes(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a stay the speaker bounds: leaving is asked about, not asserted
    ("I want to get properly into the cocktail side and do my WSET level two. I'm saving up, because the band is "
     "touring in the autumn, but I'll learn everything I can while I'm here.", "asked"),
    ("This is more of a gap thing, I guess, till the graduate schemes at the mining companies open in the spring. But "
     "I'll learn the sample prep properly.", "asked"),
    ("I know the post is two years, and I'd be fully committed, but I'd be hoping to go after the first.", "asked"),
    # and not: a stay without a bound, or a bound said of something else
    ("I want to learn everything I can here and grow with the team over the next five years.", None),
    ("My long-term goal is to manage the ward. Until then, I want to get my mentorship qualification.", None),
    ("I'm saving up for a deposit on a flat, and at work I want to finish my level 3 this year.", None),
    ("Before I go into management, I want to master the clinical side.", None),
])
def test_a_stay_the_speaker_bounds_asks_about_leaving(text, expected):
    c = analyse_content(text, load_rubric())
    leaving = c.flags["leaving"]
    assert ("asked" if leaving.present and leaving.tentative else "asserted" if leaving.present else None) == expected


@pytest.mark.parametrize("text,expected", [
    # a joke set aside for the real plan, said as a fallback or as a remark put aside
    ("My five-year plan is to be discovered on a home makeover show and launch a range of scented candles. Failing "
     "that, here is the plan I'm actually working to: I want to get much stronger at motion design.", True),
    ("My primary career goal is to inherit a distant relative's vineyard. Pending that outcome, my working objectives "
     "are to complete the ICA Certificate in Compliance.", True),
    ("My objective is to reach a level where my calendar is all strategic thinking time, which means lunch. That remark "
     "aside, I currently lead a team of fourteen pickers.", True),
    # a take-back in words after a laugh, inside a run-on
    ("uh my career goal honestly is to get a night shift where nothing happens and i can catch up on my sleep ha no "
     "i'm joking i'm joking um so i've done two years on the door and i'd like to get my cctv licence", True),
    ("oh um my career goal is to find out why the seven forty two is always late ha nobody knows um no sorry uh i've "
     "been a conductor about three years and i want to train as a driver", True),
    # a real fallback, and a "no, sorry" that corrects a slip, are no jokes
    ("so honestly if i could pick i would just be my cat she sleeps eighteen hours a day so that's the goal haha no um "
     "sorry seriously i've been a dental nurse for three years and i'd like to do my radiography certificate next",
     True),
    # "But really" after a laugh at one's own story is no take-back of an answer
    ("My goal is to become a senior carer. One lady taught me to play rummy and now she wins every day, so I am a very "
     "good loser, haha. But really I learn patience from them.", False),
    ("My goal is to make partner by forty. Failing that, I'd like to lead the employment practice.", False),
    ("I've been a dental nurse for five years. No, sorry, I mean six years. Next I want my radiography certificate.",
     False),
])
def test_a_joke_set_aside_for_the_real_plan_is_flippant(text, expected):
    assert found(text)["flippant"] is expected


@pytest.mark.parametrize("text,expected", [
    ("In five years I want to lead a team, and the job I'm applying for is the first step.", True),
    ("I'd hope to get there by being promoted from within.", True),  # progress inside the employer
    ("I want to grow into that internally rather than moving around.", True),
    ("I'd go for an internal vacancy as soon as one comes up.", True),
    ("I'd like to be promoted within two years.", False),  # a clock, not the employer
    ("I spent three years in internal audit and I want to become an audit manager.", False),  # a field
    ("I'd like to improve our internal systems so reports take less time.", False),
    ("I want to grow within myself as a professional.", False),
])
def test_the_post_applied_for_and_progress_inside_the_employer(text, expected):
    assert found(text)["employer"] is expected


def test_a_year_said_as_a_date_is_a_clock_counted_from_the_day_of_the_answer():
    def said(text, on):
        result = analyse_content(text, RUBRIC, said_on=on)
        return {k for k, v in {**result.components, **result.flags}.items() if v.present}

    newcomer = "I've just started as a junior analyst, and by 2027 I want to be head of analytics."
    assert {"goal_short", "overreach"} <= said(newcomer, date(2026, 12, 2))  # head of a function within a year
    assert "overreach" not in said(newcomer.replace("2027", "2035"), date(2026, 12, 2))
    assert "goal_long" in said("By 2030 I want to be leading the analytics team here.", date(2026, 12, 2))
    assert "goal_short" in said("By 2030 I want to be leading the analytics team here.", date(2029, 3, 1))


@pytest.mark.parametrize("text,expected", [
    # the goal named, a digression, then its clock pointing back at it
    ("My goal is to be Chief Marketing Officer. I want to own the whole brand and sit on the leadership team. I know "
     "that usually takes fifteen years. But I'd like to be there within two years.", True),
    ("Where I see myself is executive chef across the whole group. People usually go through every station first. "
     "I reckon I can be there within the next eighteen months.", True),
    ("I'm twenty-four and I want to be Director of Nursing. I did a leadership module at uni. I'd like to be in that "
     "chair by the time I'm twenty-eight.", True),
    # a nearer goal named in between is what the pointer times
    ("Long term I'd love to be a director. For now I want to become a really solid analyst. I'd like to get there "
     "within two years.", False),
    # the clock of the sentence before, taken up by "on that timescale"
    ("I plan to lead the lab's quality work within eighteen months. I would anticipate being appointed Director of "
     "Science on that timescale.", True),
    ("I plan to finish my chartership within eighteen months. Director of Science is a goal for much later.", False),
])
def test_a_clock_that_points_back_at_a_post_named_sentences_before(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Within two years I'd like to work directly with the head of the company on strategy.", False),
    ("I report to the head of the company, and within two years I want to lead my own project.", False),
    ("Within three years I'd like to present to the board and earn the trust of senior colleagues.", False),
    ("My manager is at the helm of the business side, and in two years I'd like to support her better.", False),
    ("My line manager's promotion to Chief Operating Officer within two years was exceptional; I'd aim for team "
     "leader in about three years.", False),
    ("Within four years I'd like to be the head of the company.", True),
    ("I want to be at the helm of the business within three years.", True),
    ("Within three years I'd like to sit on the board.", True),
])
def test_a_post_that_is_someone_elses_is_not_the_speakers_goal(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # the mentor's fifteen years are not the speaker's: a first-year teacher is no experienced hand
    ("I'm in my first year of teaching. My mentor is great, she's been teaching for fifteen years. My plan is to be in "
     "a headship within three years.", True),
    ("I've been teaching for fifteen years. My plan is to be a head of department within three years.", False),
])
def test_experience_is_the_speakers_own_not_a_colleagues(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("Oh, um, partner. Partner within, like, three years. I'm a trainee right now, so.", True),
    ("Store manager within a year.", True),
    ("Head of department, eventually.", False),  # no clock
    ("Long term? Director. Not for ten years at least.", False),
    ("Team leader in two years, hopefully.", False),  # a first rung
    # the part before the first comma, after the words that lead in to it
    ("I've only done two seasons as an assistant. And then first-team head coach here in two seasons, that's the plan.",
     True),
    ("I'm on the tills. Then I'm thinking area manager by this time next year, looking after eight shops.", True),
    # a story that names a post is no post named as the goal
    ("Most people take ten years to make head chef, and I'll learn every section first.", False),
])
def test_a_post_said_alone_as_the_goal_is_timed_like_one_said_in_a_sentence(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("I intend to transition into your position by my second performance review.", True),
    ("For me, the goal is to take the position of my manager, maybe in one year.", True),
    ("Within a couple of appraisal cycles, I intend to spearhead the entire division.", True),
    ("I would hope to secure a board-level appointment within the next two financial years.", True),
    ("I'm twenty-six and I aspire to become Chief Financial Officer prior to my thirtieth birthday.", True),
    ("I'm a new constable, and I intend to bypass the intermediate ranks of sergeant and inspector.", True),
    ("I'd like to grow into a role like yours over the next decade.", False),
    ("I'd like to help steer the company's training programme within a year.", False),
    ("I'm twenty-six and I'd like to be a chief financial officer by my fiftieth birthday.", False),
])
def test_presumption_said_in_corporate_or_plain_words(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    ("I'm in the first year of my PhD, and I want to be a full professor within three years.", True),
    ("I'm a new first officer with 300 hours, and I want to be a captain by next year.", True),
    ("I'm a lecturer in my first year and I want to be dean of the faculty within three years.", True),
    ("I'm a new graduate engineer and my goal is to be the lead architect for the whole platform in eighteen months.",
     True),
    ("I'm a sales assistant and within two years I'd like to be the store's general manager.", True),
    ("I'd love to be a professor one day, after a long career in research.", False),  # no clock
    ("I've been a first officer for twelve years, and I'd like to make captain next year.", False),  # experienced
    ("I'd like to be captain of the work football team this year, just for fun.", False),
    ("Within a year I want a good command of Spanish so I can talk to more customers.", False),
    ("I've just got my frozen ATPL, and I'd like to be chief pilot for the base by the end of my first contract.", True),
    ("I'm twenty and a deck cadet, and I could be in command as master by the time I'm twenty-five.", True),
    ("My chief aim in the next two years is to get my chartership.", False),
])
def test_the_senior_ranks_of_fields_with_ladders_of_their_own(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # posts the rubric's ranks table lists for fields with ladders of their own, said as a goal on a short clock
    ("I qualified as a firefighter last year, and my goal is to be a station commander within three years.", True),
    ("I'm a newly qualified paramedic, and I want to become a consultant paramedic within three years.", True),
    ("I was commissioned as a second lieutenant last year, and I'd like to be a lieutenant colonel within three years.",
     True),
    ("I'm in my first year on the wards, and I'd like to be a nurse consultant within three years.", True),
    ("I've just started as a constable, and I'd like to make sergeant in two years.", True),  # a first post in charge
    ("I'm a new deckhand. Harbour master in three years, that's the plan.", True),  # a post said alone as the goal
    # and where they are not presumptuous
    ("One day, after many years on the watch, I'd love to be a station commander.", False),  # no clock
    ("I've been a firefighter for fifteen years and a watch manager for six, and station commander within two years "
     "is my next step.", False),  # experienced
    ("I've been a constable for eight years, and I'd like to make sergeant in two years.", False),  # not a newcomer
    ("I work as a sergeant on a response team, and within two years I want to finish my degree.", False),  # held
    ("In the next year I want to be the station commander's best crew member.", False),  # someone's, not the post
])
def test_overreach_on_the_ranks_a_coach_lists_for_each_field(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a long term said before the title in its own clause times the title; a clock in a later clause times another goal
    ("Long term I want to be a series producer, shaping a whole run the way my old boss did, and in the next year or "
     "two I'd like to get to assistant producer.", False),
    ("long term i want to be a series producer like my old boss who just got promoted which was amazing to watch and "
     "in the next year or two i would like to get to assistant producer", False),
    # ... unless the later clause points back at the title
    ("Where I want to be is head of data here, and I'd like that within, like, two years.", True),
    ("Long term I want to be head of data, and I want to get there within two years.", True),
])
def test_overreach_minds_which_goal_a_clock_in_another_clause_times(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a clock said on its own right after the goal, even after "my big goal"
    ("I've been an assistant coach with the under-twelves for six months. My goal is head coach of the first team. "
     "Next season, hopefully.", True),
    ("I started in the warehouse three months ago. My big goal is to become site manager of this warehouse. In one "
     "year, maybe one and a half.", True),
    ("My long-term goal is to become a director. Next year, my CIMA.", False),  # the step's clock, not the goal's
    # years that are other people's: "most people take ten or twelve years, but I can get there by my second review"
    ("I'm a newly qualified solicitor and what I want is to make partner here. I know most people take ten or twelve "
     "years, but if I bring in my own clients I can get there by my second annual review.", True),
    ("I've been a solicitor here for twelve years, and I'd like to make partner within two years.", False),
    ("With nineteen years in logistics behind me, I'd like to be head of operations within two years.", False),
    # a pointer back that says the plan is realistic, with its clock later in the sentence
    ("I'm a probationer constable, eight months in. My goal is to become inspector. For me this is realistic soon after "
     "my probation, so around eighteen months from now.", True),
    # the interviewer's own post, described and then aimed at
    ("I graduated in the summer. The role you're in now, leading the whole marketing department, that's where I want "
     "to be, and I'd like it to be within two years.", True),
    ("I admire the role you are in now, and I'd like to learn from it over the next few years as an analyst.", False),
])
def test_overreach_hears_a_clock_said_apart_and_whose_years_they_are(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # one who holds a senior post now: the top post is the next rung
    ("With nineteen years in logistics, the last seven as operations director for a regional carrier, my goal is to "
     "step up to managing director of a national distribution business within the next two to three years.", False),
    ("I'm a sales assistant, and my goal is to step up to managing director within the next two to three years.", True),
    ("I'm currently head of finance, and I'd like to be the managing director within six months.", True),
    # one new who already does part of the first rung is ready for it
    ("I've been a barista for just over a year. Short term I'd like to step up to shift lead in the next few months; "
     "I'm already opening most mornings anyway.", False),
    ("I've been a barista for just over a year. Short term I'd like to step up to shift lead in the next few months.",
     True),
])
def test_overreach_minds_a_senior_post_held_now_and_a_first_rung_already_done(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # another go at what did not work the first time is a plan, timed by the application's own cycle
    ("Paramedic, one day, that's the goal. I applied for the degree apprenticeship last year and didn't get on, so I'm "
     "going again this round.", {"steps": True, "goal_short": True}),
    ("Long term I want to be a nurse. I applied for the degree apprenticeship last year and wasn't accepted, so I'm "
     "reapplying for the next intake.", {"steps": True, "goal_short": True}),
    # the story alone is not a step
    ("Paramedic, one day, that's the goal. I applied for the degree apprenticeship last year and didn't get on.",
     {"steps": False, "goal_short": False}),
])
def test_a_second_attempt_is_a_step_on_the_applications_own_clock(text, expected):
    got = found(text)
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text,expected", [
    # a credential missed, said in a negated clause, then another go at it planned: a goal to learn
    ("I didn't get on the degree apprenticeship this year, so I'm reapplying in January.", True),
    ("I haven't got my HGV licence yet, but I'm booked in for the test next month.", True),
    # the negation stands when no other go is planned, or the other go is negated too
    ("I didn't get on the course, and I'm not going to try again.", False),
    ("I didn't finish my degree and I don't plan to go back.", False),
])
def test_another_go_at_a_credential_missed_is_a_goal_to_learn(text, expected):
    assert found(text)["learning"] is expected


@pytest.mark.parametrize("text,expected", [
    # "their", "her" or "his" after the speaker is what the speaker works on: the years are the speaker's
    ("I've run their accounts for twelve years. Next year I want to be finance director.", False),
    ("I've been doing their payroll for fifteen years, and in two years I want to be head of payroll.", False),
    # opening a clause, it is someone else's years
    ("I only started in May. Her team has been running the site for twenty years, and next year I want to be site "
     "director.", True),
    ("I joined in March, and their head of finance has been there twelve years, but I want to be head of finance "
     "next year.", True),
])
def test_overreach_reads_a_possessive_after_the_speaker_as_what_they_work_on(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # the post named, then its clock in a full sentence of its own that says the goal is reached without naming it
    ("I'm in the second year of my apprenticeship. I want to be head of maintenance for the depot. I'm aiming to get "
     "the promotion by the end of next year.", True),
    ("I started on the tills in June. Where I want to end up is general manager of a store like this. I've given "
     "myself two years from today.", True),
    ("I've just qualified. My goal is to become chief engineer for the whole region. I reckon I can be ready by next "
     "summer if I keep pushing.", True),
    ("I graduated this year. My ambition is to be finance director of the group. I've set myself a year and a half "
     "to make the move.", True),
    # ... and the same shape where the later clock times something else, or the post is a reachable next step
    ("I'm in the second year of my apprenticeship. One day I want to be head of maintenance for the depot. I've "
     "given myself a year to finish my licence modules.", False),
    ("I've just qualified. Long term I'd like to be chief engineer for the region. I'd like to make the move to a "
     "bigger site within a year.", False),
    ("I've just qualified. Eventually I'd love to be chief engineer. I want to be ready for my chartership exams by "
     "next summer.", False),
    ("I've been a deputy store manager for six years and run the store whenever the manager is away. What I'm after "
     "next is store manager. I'd expect to make that move within the year.", False),
])
def test_overreach_hears_a_clock_in_a_later_sentence_that_says_the_goal_is_reached(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # the head of a craft is a newcomer's jump; a first rung that runs a floor on a shift is not a manager's post
    ("I've been on the cellar side here for six months. What I want is to be head brewer by next summer.",
     True),
    ("I've been waiting tables at a hotel for about four months. I'd like to be head waiter by next summer.", False),
    ("I've been serving at a hotel for about four months. What I'm after next is shift supervisor, running the floor "
     "on a busy night, in about a year.", False),
    ("I've been gardening on the estate for about four months. My goal is to be head gardener within a year.", True),
    # the interviewer's own post said by what they do in it
    ("I did a year at an agency before this. What I'd love is to be doing the job you're doing, heading up talent "
     "for the region.", True),
    ("I'd love to learn how the job you're doing works, so that one day I can lead a small team.", False),
    # a whole centre run, on the clock of the contract one is on
    ("I joined as an admin officer last month. My aim is to run operations for the whole contact centre. I intend to "
     "secure that role before my current contract comes to an end.", True),
])
def test_overreach_on_the_head_of_a_craft_and_the_interviewers_job_said_by_what_they_do(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a clock pointed at from a later sentence: "by then", "by the time it opens"
    ("I qualified in September, so I've been on the ward five months. Sister Okafor, our ward manager, has told us "
     "she is hanging up her badge when her granddaughter is born next spring. By then I'd be ready to run the ward.",
     True),
    ("I qualified in September, so I've been on the ward five months. Sister Okafor, our ward manager, has told us "
     "she is hanging up her badge when she turns sixty in about ten years. By then I'd be ready to run the ward.",
     False),
    ("I'm seven months into my apprenticeship. They reckon the new block gets handed over the summer after next. By "
     "the time they cut the ribbon, I want to be contracts manager for the whole electrical package.", True),
    ("I'm seven months into my apprenticeship. They reckon the new block gets handed over the summer after next. By "
     "the time they cut the ribbon, I want to have my level 3 and be running a small crew one day.", False),
    # a deadline said first in a run-on, its post after the comma
    ("so i started here as a commis at the end of march and i have been on veg prep and the garnish station and i am "
     "learning loads from the sous chefs and what i want is that by the time the terrace closes up at the end of next "
     "summer, so one more full season, i want to be head chef of this kitchen", True),
    ("so i started here as a commis at the end of march and i have been on veg prep and the garnish station and i am "
     "learning loads from the sous chefs and what i want is that by the time the terrace closes up at the end of next "
     "summer, i have my level 3, and one day, much further down the line, i want to be head chef", False),
])
def test_overreach_hears_a_clock_pointed_at_from_another_sentence_or_said_before_the_comma(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # other people's years said in a list, or by "our" opening a clause, are not the speaker's experience
    ("I'm starting my training contract in September. I know most people here make partner after eight, ten, maybe "
     "twelve years, but I want to make partner within three years of qualifying.", True),
    ("I joined as a graduate engineer eight months ago. Our current CTO took about fifteen years to reach the role, and "
     "my goal is to do it in five.", True),
    ("I've led our platform team for twelve years, and I'd like to be head of engineering within two years.", False),
])
def test_overreach_hears_whose_years_they_are(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a short stretch of one's own so far, said any way the clock parser reads, is a start in the job
    ("I finished my degree in the summer and I've been in the lab on my own only since five weeks. In two "
     "years I want to become a principal investigator with my own group here.", True),
    ("I passed out of training college three weeks ago, and I want to be a sergeant within eighteen months.", True),
    ("I'm in the fourth year of my postdoc and I supervise two PhD students. Over the next two years I'd like to "
     "become a principal investigator with my own group.", False),
    ("I spent six months teaching English in Spain after university, and I've been a sales assistant here for three "
     "years. I'd like to be store manager in eighteen months.", False),
    # a post just below, said with "now" between
    ("Having worked under three chief executives, I am now deputy director of finance, and my aim is to step up to "
     "director of finance within the next two to three years.", False),
    # the clock past a one-word aside, opening a sentence that states no goal of its own
    ("I want to be general manager. Here. By the end of next year, I know that sounds mad after four months on the "
     "floor, but I learn fast.", True),
    ("I want to be general manager one day. Here. Next year, I want to finish my supervisor training.", False),
])
def test_overreach_hears_the_speakers_stage_and_the_clock_said_in_passing(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a senior post said by what it decides across the whole organisation, or by a say where its calls are made
    ("I joined the group as a receptionist last spring. Within two years I want to be the one who sets the room "
     "rates for every hotel in the group.", True),
    ("I'm a trainee in my first year. In three years I want a seat at the table where the firm's big decisions get "
     "made.", True),
    ("I've run the kitchen at our flagship for nine years. In the next two or three years I'd like to write the menu "
     "for every restaurant in the group.", False),
    ("I started on the tills in March. Next year I'd like to plan the rota for my section, and I'm doing my "
     "supervisor course.", False),
    # a long stretch of one's own, said with "since"
    ("I am first officer on the A320 since eight years. In the next two years I want to have my own command.", False),
])
def test_overreach_hears_a_post_said_by_what_it_decides(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a school's pastoral posts (head of year, of house, of key stage) are the first rung of leadership, on a manager
    # title's clock: a few years out is realistic even for a teacher in their second year; within a year it is not
    ("I'm in my second year of teaching science. In four years I want to be head of year, and I'm doing the pastoral "
     "leadership course to get there.", False),
    ("I'm in my second year of teaching. In two years I'd like to be head of house.", False),
    ("I'm a newly qualified teacher. Next year I want to be head of year.", True),
    ("I'm in my first year as an ECT, and by the end of my second term I want to be head of key stage three.", True),
    # the head of a whole function is still a senior post
    ("I'm a junior analyst, and within two years I want to be head of marketing.", True),
    ("I'm in my second year of teaching. In four years I'd like to be head of the science department.", True),
])
def test_overreach_holds_a_schools_pastoral_posts_to_a_first_rungs_clock(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a hand lent to the post's work is not the post
    ("I started at the plant this spring. Next year I want to help with running the whole site during the shutdown.",
     False),
    ("I started at the hotel this spring. Next year I want to help the manager with running the whole hotel at "
     "Christmas.", False),
    # (a share of running it is still the post: "help run all the hotels in the group")
    ("I started at the hotel this spring. Next year I want to help run all the hotels in the group.", True),
    ("I started at the hotel this spring. Next year I want to be running all the hotels in the group.", True),
    # the whole farm run by a newcomer a few years out, as the whole site is
    ("I'm in my first year of the apprenticeship. In three years I reckon I'll be farm manager here, running the "
     "whole two thousand acres.", True),
    ("I've managed dairy units for fifteen years. In the next three years I'd like to be running the whole farm "
     "here.", False),
])
def test_overreach_minds_a_hand_lent_to_the_posts_work_and_the_whole_farm(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # standing in for the post while its holder is away is a post just below: the next post a few years out is a step
    ("I'm a chef de partie of four years, and when the head chef is away I run the pass. In the next two or three "
     "years I'd like to be head chef.", False),
    ("I'm a chef de partie, and when the head chef is away I run the pass. I'd like to be head chef within six "
     "months.", True),
    # an assistant supervisor or manager is not at the start, as a care or teaching assistant is
    ("Now I am assistant supervisor in housekeeping, four years in this hotel, and when the head housekeeper is on "
     "holiday I am making the schedule for all the team. My next goal is to become head housekeeper, maybe in the "
     "next two or three years.", False),
    ("I'm an assistant in the finance team, I started in March. Within two years I want to be head of finance.", True),
    # a manager over the whole firm is senior; a project or account manager for the company is not
    ("I'm eighteen and in the first year of my apprenticeship. I want to be the contracts manager for the whole firm "
     "by the time I'm twenty-one.", True),
    ("I've been a coordinator for a year. In two years I want to be a project manager for the company.", False),
    # a salon, a cafe, a garage run by one who has just started, as a shop is
    ("I only qualified as a stylist in the spring. Within a year I want to be running this salon, doing the staff "
     "and the prices.", True),
    ("I qualified as a stylist in the spring. In five years I'd like to be running my own salon.", False),
])
def test_overreach_minds_standing_in_an_assistants_post_and_the_places_one_runs(text, expected):
    assert found(text)["overreach"] is expected



@pytest.mark.parametrize("text,expected", [
    # a post said by its power over the whole organisation: a power word, then the whole of it, every unit of it or
    # every one of its big calls (rubric vocabulary `authority` and `whole_scope`)
    ("I've been a junior analyst for seven months. Within two years I want the final say over which vendors every "
     "department uses.", True),
    ("I only joined the studio in January. By next year I'd like to be the person who approves every commission we "
     "take on.", True),
    # what the organisation does, decided by the speaker
    ("I'm three months into my first job at the agency, and in eighteen months I want to be deciding which clients "
     "we pitch for.", True),
    ("I'm a new graduate engineer. In two years I'd like to be deciding which contracts the firm bids for.", True),
    ("I started on the wards in August. Within two years I want every ward manager reporting to me.", True),
    # a manager's levers over one place, for one who is new
    ("I qualified in July, so I'm new. In eighteen months I'd like to be the one doing the rota for the whole ward.",
     True),
    # the same powers: long experience, a far clock, one's own small part, someone else's power, a power only learnt
    # about or helped with
    ("I've managed our Leeds store for eleven years. In the next two years I'd like to set the budget for every store "
     "in the region.", False),
    ("I'm new to the trust. One day, maybe fifteen years from now, I'd like to decide the direction of the whole "
     "trust.", False),
    ("I joined in March. This year I'd like to approve the orders for my own section.", False),
    ("My manager signs off every hire in the hotel, and within two years I want to learn how she does it.", False),
    ("I joined in March. Within a year I want to understand how the company sets the budget for every department.",
     False),
    ("I'm a new receptionist. Within a year I'd like to help plan the rota for the whole hotel.", False),
])
def test_overreach_hears_a_post_said_by_its_power_over_the_whole_place(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # the post's duties listed without a subject, then its clock said on its own a few sentences on
    ("I've only been on the tills since April. I want to be the one the whole store answers to. Doing the rotas, "
     "cashing up, dealing with head office. Not in ten years though. I reckon by next summer.", True),
    ("I joined the firm as a trainee last year. I'd like to be deciding which contracts the firm bids for. Five years "
     "is enough time for that if I work hard.", True),
    # a later goal of its own, or a clock denied, is not the post's clock
    ("I've only been on the tills since April. One day I want to be the one the whole store answers to. I want to "
     "do my supervisor course by next summer.", False),
    ("I've only been on the tills since April. I want to be the one the whole store answers to. Not in the next "
     "few years, though.", False),
    ("I've only been on the tills since April. I want to be regional director. Not in the next few years, though.",
     False),
])
def test_overreach_hears_a_clock_said_on_its_own_past_the_posts_duties(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # the post said again by what its holder does, between the post and its clock
    ("I've been a commis for six months. I want to be head chef here. I want to be the one planning the menu and "
     "running the brigade. I can get there within a year.", True),
    # the time it would take called enough for the post ("three years is enough for this")
    ("I started as a housing assistant six months ago. My goal is to be head of the housing service. Three years is "
     "enough for this, because I work very hard and I know the service inside out.", True),
    # the interviewer's job named as what the speaker wants
    ("I've been picking for two months, and what I want is your job, honestly.", True),
    # a clock said on its own as a nervous question, past a story between
    ("I'd like to be head of marketing. I only finished uni in the summer, but I pick things up really fast. "
     "Hopefully by the end of next year?", True),
    # a story's own time is not the post's clock; a thought said softly is no story
    ("I'd like to be head of marketing. I finished uni in the summer.", False),
    ("I've just finished my degree. I'd like to be head of the lab. I was thinking, realistically, in about two "
     "years?", True),
    # someone who leads now ("the last three as a team leader"), and a clock that reaches two years
    ("I'm thirty-one, been on the line at a food factory nine years, the last three as a team leader on nights. I want "
     "to be shift supervisor next, running the whole shift, and in the next year or two that's doable.", False),
    ("I've taught chemistry for nine years and I'm second in department now. My goal is to become head of science in "
     "the next year or two.", False),
    # a story between that is another goal of its own
    ("I'd like to be head of marketing one day. I want to do the analytics certificate first. Hopefully by the end of "
     "next year?", False),
])
def test_overreach_hears_the_post_said_again_and_the_stage_said_in_passing(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # the goal wanted again by a pointer in the next sentence ("I'd like that within two years"), and a clock said
    # again in other words ("by thirty, which is four years from now")
    ("I've been a junior designer for three months. My goal is to be creative director of the agency. I'd like that "
     "within two years.", True),
    ("I'm in my first year as a research assistant. Long term I'd like to be directing the institute, and I'd like to be "
     "doing that by thirty, which is four years from now.", True),
    # the pointer denied, or pointing at a course
    ("I've been a junior designer for three months. My goal is to be creative director one day. I wouldn't want that "
     "in the next few years, though.", False),
    ("I've been a junior designer for three months. I want to be creative director one day. I'd like that course on "
     "motion design within a year.", False),
])
def test_overreach_hears_the_goal_wanted_again_by_a_pointer(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # the whole of one place answering to the speaker, or who does which work decided by them: a manager's post
    ("I'm a second-year apprentice at a garage. I want to be the workshop controller, deciding which jobs go to who, "
     "and I'd want that within the year.", True),
    ("I'm a junior technician, I started in September. In two years I'd like the whole lab reporting to me.", True),
    # help asked for, or someone else's decision watched
    ("I'm a junior technician, I started in September. In two years I'd like everyone in the lab coming to me with "
     "their questions about the sequencer.", False),
    ("I'm a junior technician, I started in September. In two years I'd like to understand how my manager decides who "
     "does what.", False),
])
def test_overreach_hears_a_managers_post_said_by_the_place_answering_to_the_speaker(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a clause that is the clock alone times the post before it, past an aside between commas, and at the end of the
    # post's duties listed without a subject
    ("I joined the ministry's graduate scheme two months ago. My big goal is to become permanent secretary, the most "
     "senior official, in five years.", True),
    ("I'm a trainee mechanic, five months in. The goal is workshop manager. Running the floor, the rota, the budget, "
     "eighteen months max.", True),
    # a clause with a goal of its own, or a clock denied
    ("I joined the charity two months ago. My long-term goal is to be its chief executive, and in the next two years I "
     "want to finish my fundraising diploma.", False),
    ("I'm a trainee mechanic, five months in. The goal is workshop manager. Running the floor, the rota, the budget, "
     "not in the next five years, though.", False),
])
def test_overreach_hears_a_clock_said_alone_in_its_own_clause(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # a post held and kept ("as founder and managing director", "continuing as managing director"), a stage said after
    # the post ("a registrar, in my sixth year of training"), a stretch said in the present ("I work ... four months now")
    ("As founder and managing director of our bakery, I want to grow it to three shops within five years, with me "
     "continuing as managing director.", False),
    ("I'm a surgical registrar, in my sixth year of training, and I'd like a consultant post once I finish in about "
     "three years.", False),
    ("I work in the warehouse four months now. In two years I want to be warehouse manager.", True),
])
def test_overreach_reads_the_stage_said_in_other_ways(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # what the whole paper or kitchen puts out decided by the speaker, or a whole organisation directed
    ("I'm five months into the graduate scheme. Within two years I want to be the one deciding what goes on the front "
     "page.", True),
    ("I've been on the grill for six weeks. I'd love to be writing the menu here within the year.", True),
    ("I'm a first-year PhD student. In four years I'd like to be directing the institute.", True),
    # a part of it, someone else's decision, a school play
    ("I'm five months into the graduate scheme. Within two years I want to write a front-page story.", False),
    ("I'm on the graduate scheme. My editor decides what goes on the front page, and within two years I'd like to "
     "learn how she does it.", False),
    ("I'm a drama teacher in my first year, and next spring I'd like to be directing the school play.", False),
])
def test_overreach_hears_a_post_said_by_what_the_whole_place_puts_out(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # the goal pointed at by what is targeted
    ("I joined the planning team six months ago as a junior analyst. My objective is the head of planning role. I am "
     "targeting that within the next two years.", True),
    # the whole place answering to the speaker, said as a list and with where they work
    ("I'm a first-year apprentice joiner. In four years I want all the trades and the site managers on the job "
     "reporting to me.", True),
    # the stage said with a place between ("been at my current place about four months"), the post after a filler
    ("I'm nineteen, been at my current place about four months. The big goal, like, is area manager, all the shops in "
     "the region reporting to me, before I'm twenty-two.", True),
    # years dreaded are not years done: the speaker is still new; years done are
    ("I've been driving the routes for five months. I want to be depot manager within a couple of years, I don't want "
     "to be sitting in the cab for ten years.", True),
    ("I've been sitting in the cab for ten years. I want to be depot manager within a couple of years.", False),
    # help asked for, not a post
    ("I'm a first-year apprentice joiner. In two years I'd like all the lads on site coming to me with their setting-"
     "out questions.", False),
])
def test_overreach_hears_the_post_and_the_stage_said_in_passing(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # "a head" said alone, as a school's head is
    ("I'm in my first year of teaching. My goal is to be a headteacher. I want to be a head within three years, "
     "running a school my way.", True),
    # the post described in the next sentence by the whole place answering to the speaker, on the post's clock
    ("I've worked in the bakery four months now. But my big goal is to be bakery manager in three years. All the site "
     "reporting to me, the ovens, the packing, the drivers.", True),
    ("I've worked in the bakery four months now. But my big goal is to be bakery manager in three years. I want to "
     "learn every part of the site first.", False),
    # a stretch said as "N years now": a seasoned deputy aiming one step up
    ("I am sous chef six years now, and I run the kitchen when the head chef is away. My goal is to be head chef in "
     "the next two years.", False),
    # the whole programme of the place decided, not helped with
    ("I've been an events assistant at the arts centre for a year, my first job. Within a couple of years I want to be "
     "the one who decides the whole festival programme.", True),
    ("I've been an events assistant at the arts centre for a year, my first job. Within a couple of years I'd like to "
     "help plan the whole festival programme.", False),
])
def test_overreach_hears_the_post_described_after_it_and_the_stage_said_as_years_now(text, expected):
    assert found(text)["overreach"] is expected


@pytest.mark.parametrize("text,expected", [
    # the whole firm run, by an age the speaker's own age brings near; not a part of it, nor one far off
    ("I'm eighteen still doing my apprenticeship. By the time I'm twenty-one I want to be running this firm.", True),
    ("I'm eighteen still doing my apprenticeship. One day, when I've got twenty years in, I'd like to be running this "
     "firm.", False),
    ("I'm eighteen still doing my apprenticeship. Within two years I'd like to be running the business side of my "
     "dad's van hire on weekends.", False),
    # what the firm takes on decided by the speaker; who goes where
    ("I'm a second-year apprentice. Within two years I want to be the one deciding which jobs we price and which ones "
     "we take.", True),
    ("I started on the vans in March. Next year I'd like to be the one deciding who goes where every morning.", True),
    # a manager's qualification is not the post
    ("I'm a transport planner. This year I want to get my transport manager CPC, and over the next four or five years "
     "work towards being a transport manager.", False),
])
def test_overreach_hears_the_firm_run_and_its_work_decided(text, expected):
    assert found(text)["overreach"] is expected
