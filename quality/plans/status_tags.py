"""How action plan pages tag where a plan, an action or a part of the support stands.

States of the LA's support, never grades: no tag here uses Ofsted's words.
"""

TAGS = {
    "quality_plan_open": ("Open", "blue"),
    "quality_plan_closed": ("Closed", "grey"),
    "quality_action_not_started": ("Not started", "grey"),
    "quality_action_in_progress": ("In progress", "light-blue"),
    "quality_action_done": ("Done", "turquoise"),
    "quality_action_overdue": ("Overdue", "red"),
    "quality_contact_overdue": ("Overdue", "red"),
    "quality_take_up_offered": ("Offered", "yellow"),
    "quality_take_up_taken_up": ("Taken up", "turquoise"),
    "quality_take_up_partly": ("Partly taken up", "light-blue"),
    "quality_take_up_not_taken_up": ("Not taken up", "orange"),
    "quality_declined": ("Declined support", "orange"),
    "quality_not_engaged": ("Not engaged", "orange"),
}
