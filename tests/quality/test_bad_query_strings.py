"""Query strings no page of ours writes: the quality app's lists, CSVs and PDF still answer.

Page numbers that are not numbers or are past the end, unknown sorts, and filters with
values that no choice has are ignored (or read as the nearest page), never a 500.
"""

import pytest
from django.urls import reverse

BAD_QUERIES = (
    {"page": "abc"},
    {"page": "99999"},
    {"page": "-1", "sort": "garbage", "order": "sideways"},
    {"q": "=1+1", "kind": "castle", "support": "gold", "advisor": "abc", "open_plan": "maybe"},
    {"advisor": "9" * 30, "within_months": "-4"},
    {"chapter": "abc", "status": "lost", "rag": "blue", "lead": "-5", "past_timescale": "no"},
    {"chapter": "9" * 30, "lead": "99999"},
    {"age": "12", "setting": "9" * 30, "placement": "the moon"},
)
LA_PAGES = (
    "portfolio",
    "portfolio_csv",
    "strategy",
    "strategy_csv",
    "strategy_pdf",
    "cohort",
    "cohort_csv",
)
SETTING_PAGES = ("overview", "visit_list", "plan_list")


@pytest.mark.parametrize("name", LA_PAGES)
def test_an_la_page_answers_a_query_string_it_never_wrote(name, client_as, la_admin, home_la):
    client = client_as(la_admin)
    address = reverse(f"la_quality:{name}", kwargs={"la_slug": home_la.slug})
    statuses = {str(query): client.get(address, query).status_code for query in BAD_QUERIES}
    assert set(statuses.values()) == {200}, statuses


@pytest.mark.parametrize("name", SETTING_PAGES)
def test_a_setting_page_answers_a_query_string_it_never_wrote(
    name, client_as, advisor, care_setting
):
    client = client_as(advisor)
    address = reverse(f"settings:quality:{name}", args=[care_setting.slug])
    statuses = {str(query): client.get(address, query).status_code for query in BAD_QUERIES}
    assert set(statuses.values()) == {200}, statuses
