"""The demo data set's steps, in the order ``manage.py seed_demo`` runs them.

Each app owns its step, ``demo_step(ctx)`` in its own ``demo.py``, and builds only its own
records; a step may rely on what the steps before it made. The accounts step comes first
(local authorities, settings, people) and fills in ``ctx.setting_ids`` for the rest.
"""

from accounts.demo import demo_step as accounts_step
from children.demo import demo_step as children_step
from common.demo import DemoStep
from eypp.demo import demo_step as eypp_step
from keypersons.demo import demo_step as keypersons_step
from learning.check.demo import demo_step as check_step
from learning.journey.demo import demo_step as journey_step
from learning.tracker.demo import demo_step as tracker_step
from pep.demo import demo_step as pep_step
from quality.plans.demo import demo_step as quality_plans_step
from quality.portfolio.demo import demo_step as quality_portfolio_step
from quality.strategy.demo import demo_step as strategy_step
from quality.visits.demo import demo_step as visits_step
from safeguarding.demo import demo_step as safeguarding_step
from safeguarding.transfer.demo import demo_step as transfer_step

STEPS: tuple[tuple[str, DemoStep], ...] = (
    ("accounts", accounts_step),
    ("children", children_step),
    ("keypersons", keypersons_step),
    # Before the learning, PEP and EYPP steps: the child whose file is sent on has moved
    # setting by the time they run, on the first run as on every rerun.
    ("safeguarding.transfer", transfer_step),
    ("learning.tracker", tracker_step),
    ("learning.journey", journey_step),
    ("learning.check", check_step),
    ("pep", pep_step),
    ("eypp", eypp_step),
    # Last: the waiting concern points at an observation, and chronologies show PEP meetings.
    ("safeguarding", safeguarding_step),
    ("quality.plans", quality_plans_step),
    ("quality.strategy", strategy_step),
    # After the inspections (accounts): notes of visit link to the open action plan.
    ("quality.visits", visits_step),
    ("quality.portfolio", quality_portfolio_step),
)
