"""The LA's early years strategy action plan: the plan, its filters, CSV and PDF, edits."""

import csv
import io
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import LaRole
from common.models import AuditEvent
from quality.models import StrategyChapter, StrategyCommitment, StrategyUpdate
from quality.strategy.selectors import reference_key
from tests.factories.accounts import LaRoleFactory
from tests.factories.quality import (
    StrategyChapterFactory,
    StrategyCommitmentFactory,
    StrategyUpdateFactory,
)
from tests.forms_html import post_forms_to
from tests.matrix.base import day_parts

Status = StrategyCommitment.Status
Rag = StrategyCommitment.Rag
TRACK = "Track and monitor attainment and achievement of looked-after children aged 0 to 5"


def url(la, name, **kwargs):
    return reverse(f"la_quality:{name}", kwargs={"la_slug": la.slug, **kwargs})


def today():
    return timezone.localdate()


@pytest.fixture
def plan(home_la, cic_advisor, la_admin):
    """Two chapters; a commitment led by the children in care advisor, past its date."""
    first = StrategyChapterFactory(local_authority=home_la, number=1, title="Best start in life")
    care = StrategyChapterFactory(
        local_authority=home_la, number=2, title="Children in care and previously looked after"
    )
    track = StrategyCommitmentFactory(
        chapter=care,
        reference="2.4 (iv)",
        text=TRACK,
        leading="Virtual School early years team",
        timescale=today() - timedelta(days=10),
        existing_plan="Virtual School improvement plan",
        resources='=HYPERLINK("http://x")',
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
    )
    track.leads.set([cic_advisor])
    StrategyUpdateFactory(
        commitment=track,
        author=cic_advisor,
        written_on=today() - timedelta(days=20),
        text="Older news.",
    )
    StrategyUpdateFactory(
        commitment=track,
        author=cic_advisor,
        written_on=today() - timedelta(days=3),
        text="Tracker data collected from nine settings.",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
    )
    done = StrategyCommitmentFactory(
        chapter=care,
        reference="2.4 (ii)",
        text="Every looked-after child has a PEP in date.",
        timescale=today() - timedelta(days=30),
        status=Status.COMPLETE,
        rag=Rag.GREEN,
    )
    best = StrategyCommitmentFactory(
        chapter=first,
        reference="1.1",
        text="Promote the two-year-old offer to eligible families.",
        timescale=None,
        timescale_note="Ongoing",
        status=Status.ONGOING,
        rag=Rag.RED,
    )
    return {"first": first, "care": care, "track": track, "done": done, "best": best}


# --- Reading the plan ---------------------------------------------------------------------


def test_every_la_person_reads_the_plan_grouped_by_chapter(client_as, advisor, home_la, plan):
    html = client_as(advisor).get(url(home_la, "strategy")).content.decode()

    assert "1. Best start in life" in html
    assert "2. Children in care and previously looked after" in html
    assert html.index("1. Best start in life") < html.index("2. Children in care")
    # 2.4 (ii) before 2.4 (iv), by number as read.
    assert html.index("2.4 (ii)") < html.index("2.4 (iv)")
    assert TRACK in html
    assert "Virtual School early years team" in html
    assert "Chris Virtual-School" in html
    assert "Past its timescale" in html
    assert "Virtual School improvement plan" in html
    assert ">In progress<" in html and ">Amber<" in html and ">Red<" in html
    assert f"{today() - timedelta(days=3):%-d %B %Y}" in html  # the latest update
    # An advisor reads, but may not add.
    assert "Add a commitment" not in html


def test_the_summary_counts_by_status_and_rag(client_as, la_admin, home_la, plan):
    response = client_as(la_admin).get(url(home_la, "strategy"))
    summary = response.context["summary"]

    assert summary.total == 3
    assert {v: n for v, _, n in summary.by_status} == {
        "not_started": 0,
        "in_progress": 1,
        "ongoing": 1,
        "complete": 1,
        "deferred": 0,
    }
    assert {v: n for v, _, n in summary.by_rag} == {"red": 1, "amber": 1, "green": 1}
    # The complete commitment's date has passed too, but it is done.
    assert summary.past_timescale == 1


def references(response):
    return [c.reference for c in response.context["plan"].commitments]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "complete"}, ["2.4 (ii)"]),
        ({"rag": "red"}, ["1.1"]),
        ({"past_timescale": "on"}, ["2.4 (iv)"]),
        ({"status": "nonsense", "rag": "²"}, ["1.1", "2.4 (ii)", "2.4 (iv)"]),
    ],
)
def test_the_filters(client_as, la_admin, home_la, plan, query, expected):
    response = client_as(la_admin).get(url(home_la, "strategy"), query)

    assert references(response) == expected


def test_filter_by_chapter_and_lead(client_as, la_admin, cic_advisor, home_la, plan):
    client = client_as(la_admin)
    by_chapter = client.get(url(home_la, "strategy"), {"chapter": plan["first"].pk})
    by_lead = client.get(url(home_la, "strategy"), {"lead": cic_advisor.pk})

    assert references(by_chapter) == ["1.1"]
    assert references(by_lead) == ["2.4 (iv)"]
    assert "led by Chris Virtual-School" in by_lead.content.decode()


def test_another_las_plan_is_not_listed(client_as, la_admin, home_la, other_la, plan):
    StrategyCommitmentFactory(
        chapter=StrategyChapterFactory(local_authority=other_la, number=1), reference="9.9"
    )
    response = client_as(la_admin).get(url(home_la, "strategy"))

    assert "9.9" not in references(response)


def test_the_numbers_sort_as_people_read_them():
    numbers = ["2.10", "2.4 (iv)", "2.4 (ix)", "2.4 (v)", "2.4", "2.4 (ii)", "10.1", "2.9"]
    assert sorted(numbers, key=reference_key) == [
        "2.4",
        "2.4 (ii)",
        "2.4 (iv)",
        "2.4 (v)",
        "2.4 (ix)",
        "2.9",
        "2.10",
        "10.1",
    ]


def test_the_commitment_shows_its_updates_newest_first(client_as, cic_advisor, home_la, plan):
    html = (
        client_as(cic_advisor)
        .get(url(home_la, "commitment_detail", commitment_id=plan["track"].pk))
        .content.decode()
    )

    assert html.index("Tracker data collected") < html.index("Older news.")
    assert "By Chris Virtual-School" in html
    # The lead may update it.
    assert "Add a progress update" in html


# --- CSV and PDF ---------------------------------------------------------------------------


def csv_of(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_has_every_field_and_the_latest_update(client_as, advisor, home_la, plan):
    response = client_as(advisor).get(url(home_la, "strategy_csv"), {"chapter": plan["care"].pk})

    assert response["Content-Type"].startswith("text/csv")
    rows = csv_of(response)
    heading, *body = rows
    assert heading[:4] == ["Chapter number", "Chapter", "Number", "Commitment"]
    assert [row[2] for row in body] == ["2.4 (ii)", "2.4 (iv)"]
    track = dict(zip(heading, body[1], strict=True))
    assert track["Commitment"] == TRACK
    assert track["Named leads"] == "Chris Virtual-School"
    assert track["To be done by"] == (today() - timedelta(days=10)).isoformat()
    assert track["Past its timescale"] == "Yes"
    assert track["Status"] == "In progress"
    assert track["RAG rating"] == "Amber"
    assert track["Latest update"] == "Tracker data collected from nine settings."
    assert track["Latest update on"] == (today() - timedelta(days=3)).isoformat()
    assert track["Latest update by"] == "Chris Virtual-School"
    # A cell a spreadsheet would run as a formula is written as text.
    assert track["Resources"].startswith("'=")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def test_the_pdf_is_the_plan_by_chapter_in_words(client_as, la_admin, home_la, plan, tmp_path):
    response = client_as(la_admin).get(url(home_la, "strategy_pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content, tmp_path)
    assert "Early years strategy action plan" in text
    assert "Northshire County Council" in text
    assert "1. Best start in life" in text
    assert "2. Children in care and previously looked after" in text
    assert "2.4 (iv)" in text and "Track and monitor attainment" in text
    assert "Past its timescale" in text
    for words in ("In progress", "Amber", "Ongoing", "Red", "Complete", "Green"):
        assert words in text
    assert "Printed by Alex Administrator" in text
    assert "Page 1 of" in text


# --- Constant queries -----------------------------------------------------------------------


def grow(home_la, cic_advisor, copies):
    chapter = StrategyChapterFactory(local_authority=home_la, number=5)
    for number in range(copies):
        commitment = StrategyCommitmentFactory(
            chapter=chapter,
            reference=f"5.{number + 1}",
            timescale=today() - timedelta(days=number),
        )
        commitment.leads.set([cic_advisor])
        StrategyUpdateFactory(commitment=commitment, author=cic_advisor)


@pytest.mark.parametrize("copies", [1, 8])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # session, user, LA, LA roles; chapters, people, commitments, their leads; the
        # summary; the unread notifications; the session saved (savepoint, update, release)
        ("strategy", 13),
        # the same, without the summary and the menu's notifications
        ("strategy_csv", 11),
        ("strategy_pdf", 11),
    ],
)
def test_the_plan_csv_and_pdf_make_the_same_queries_whatever_the_size(
    copies, name, queries, client_as, la_admin, cic_advisor, home_la, django_assert_num_queries
):
    grow(home_la, cic_advisor, copies)
    client = client_as(la_admin)
    with django_assert_num_queries(queries):
        assert client.get(url(home_la, name)).status_code == 200


# --- Chapters ---------------------------------------------------------------------------------


def test_the_la_admin_adds_a_chapter_once_and_it_is_audited(client_as, la_admin, home_la):
    client = client_as(la_admin)
    page = client.get(url(home_la, "chapter_add"))
    form = post_forms_to(
        page.content, url(home_la, "chapter_add"), page_url=url(home_la, "chapter_add")
    )[0]
    data = form.data({"number": "3", "title": "Quality and sufficiency of places"})

    assert client.post(url(home_la, "chapter_add"), data).status_code == 302
    again = client.post(url(home_la, "chapter_add"), data, follow=True)

    assert "saved once" in again.content.decode()
    assert StrategyChapter.objects.filter(local_authority=home_la).count() == 1
    event = AuditEvent.objects.get(verb="quality.strategy_chapter_added")
    assert event.local_authority == home_la
    assert event.restricted_to == "view_strategy"


def test_a_chapter_number_taken_is_refused_with_the_title_kept(client_as, la_admin, home_la, plan):
    response = client_as(la_admin).post(
        url(home_la, "chapter_add"), {"number": "2", "title": "Typed title"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is already a chapter 2 in the plan" in html
    assert "Typed title" in html


def test_a_stale_chapter_edit_is_refused(client_as, la_admin, home_la, plan):
    chapter = plan["care"]
    StrategyChapter.objects.filter(pk=chapter.pk).update(title="Changed by someone", version=5)
    response = client_as(la_admin).post(
        url(home_la, "chapter_edit", chapter_id=chapter.pk),
        {"version": str(chapter.version), "number": "2", "title": "Mine"},
    )

    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    chapter.refresh_from_db()
    assert chapter.title == "Changed by someone"


# --- Commitments ------------------------------------------------------------------------------


def commitment_post(chapter, **overrides):
    return {
        "chapter": str(chapter.pk),
        "reference": "2.5",
        "text": "Every looked-after two-year-old takes up a funded place.",
        "leading": "Virtual School early years team",
        **day_parts("timescale", today() + timedelta(days=60)),
        "timescale_note": "",
        "existing_plan": "",
        "resources": "",
        "status": "not_started",
        "rag": "green",
        **overrides,
    }


def test_the_la_admin_adds_a_commitment_with_named_leads(
    client_as, la_admin, cic_advisor, home_la, plan
):
    data = commitment_post(plan["care"], leads=[str(cic_advisor.pk)])
    response = client_as(la_admin).post(url(home_la, "commitment_add"), data)

    assert response.status_code == 302
    added = StrategyCommitment.objects.get(local_authority=home_la, reference="2.5")
    assert list(added.leads.all()) == [cic_advisor]
    event = AuditEvent.objects.get(verb="quality.commitment_added")
    assert event.local_authority == home_la and event.restricted_to == "view_strategy"


def test_a_commitment_number_taken_is_refused_and_what_was_typed_kept(
    client_as, la_admin, home_la, plan
):
    data = commitment_post(plan["care"], reference="2.4  (IV)", text="Typed words kept")
    response = client_as(la_admin).post(url(home_la, "commitment_add"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is already a commitment numbered 2.4 (IV) in the plan" in html
    assert "Typed words kept" in html
    assert StrategyCommitment.objects.filter(local_authority=home_la).count() == 3


def test_bad_input_keeps_what_was_typed(client_as, la_admin, home_la, plan):
    data = commitment_post(
        plan["care"],
        timescale_0="31",
        timescale_1="2",
        timescale_2="2027",
        leading="",
        text="My careful words",
        rag="purple",
    )
    response = client_as(la_admin).post(url(home_la, "commitment_add"), data)

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "must be a real date" in html
    assert "Enter who is leading" in html
    assert "Select red, amber or green" in html
    assert "My careful words" in html and 'value="31"' in html


def test_a_person_of_another_la_cannot_be_named_lead(
    client_as, la_admin, other_la_admin, home_la, plan
):
    data = commitment_post(plan["care"], leads=[str(other_la_admin.pk)])
    response = client_as(la_admin).post(url(home_la, "commitment_add"), data)

    assert response.status_code == 200
    assert not StrategyCommitment.objects.filter(reference="2.5").exists()


def test_a_timescale_is_a_date_or_words(client_as, la_admin, home_la, plan):
    data = commitment_post(
        plan["care"], timescale_0="", timescale_1="", timescale_2="", timescale_note=""
    )
    response = client_as(la_admin).post(url(home_la, "commitment_add"), data)

    assert "Enter the date it is to be done by, or say the timescale in words" in (
        response.content.decode()
    )


def edit_post(commitment, **overrides):
    data = commitment_post(
        commitment.chapter,
        reference=commitment.reference,
        text=commitment.text,
        leading=commitment.leading,
        status=commitment.status,
        rag=commitment.rag,
        **day_parts("timescale", commitment.timescale),
    )
    data["version"] = str(commitment.version)
    data.update(overrides)
    return data


def test_a_named_lead_changes_their_commitment_but_not_its_number_or_leads(
    client_as, cic_advisor, advisor, home_la, plan
):
    track = plan["track"]
    client = client_as(cic_advisor)
    page = client.get(url(home_la, "commitment_edit", commitment_id=track.pk)).content.decode()
    assert 'name="reference"' not in page and 'name="leads"' not in page

    data = edit_post(
        track,
        reference="9.9",
        leads=[str(advisor.pk)],
        resources="One early years advisor, two days a week",
        status="ongoing",
    )
    response = client.post(url(home_la, "commitment_edit", commitment_id=track.pk), data)

    assert response.status_code == 302
    track.refresh_from_db()
    assert track.resources == "One early years advisor, two days a week"
    assert track.status == Status.ONGOING
    assert track.reference == "2.4 (iv)"
    assert list(track.leads.all()) == [cic_advisor]


def test_an_advisor_who_is_not_a_lead_may_not_edit_or_update(client_as, advisor, home_la, plan):
    client = client_as(advisor)
    track = plan["track"]

    assert client.get(url(home_la, "commitment_edit", commitment_id=track.pk)).status_code == 403
    assert (
        client.post(
            url(home_la, "commitment_update_add", commitment_id=track.pk),
            {"version": str(track.version), "text": "x", "status": "ongoing", "rag": "red"},
        ).status_code
        == 403
    )
    assert not StrategyUpdate.objects.filter(text="x").exists()


def test_a_lead_whose_role_ended_may_no_longer_edit(client_as, cic_advisor, home_la, plan):
    LaRole.objects.filter(user=cic_advisor).update(is_active=False)
    response = client_as(cic_advisor).get(
        url(home_la, "commitment_edit", commitment_id=plan["track"].pk)
    )
    assert response.status_code == 404


def test_a_stale_commitment_edit_is_refused_and_shows_what_changed(
    client_as, la_admin, home_la, plan
):
    track = plan["track"]
    data = edit_post(track, resources="Mine")
    StrategyCommitment.objects.filter(pk=track.pk).update(
        resources="Theirs", version=track.version + 1
    )
    response = client_as(la_admin).post(
        url(home_la, "commitment_edit", commitment_id=track.pk), data
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in html
    assert "Theirs" in html and "Mine" in html
    track.refresh_from_db()
    assert track.resources == "Theirs"


# --- Progress updates --------------------------------------------------------------------------


def update_post(commitment, **overrides):
    return {
        "version": str(commitment.version),
        **day_parts("written_on", today()),
        "text": "All settings now send tracker data each term.",
        "status": "ongoing",
        "rag": "green",
        **overrides,
    }


def test_a_lead_adds_an_update_which_sets_status_and_rag(client_as, cic_advisor, home_la, plan):
    track = plan["track"]
    client = client_as(cic_advisor)
    page = client.get(url(home_la, "commitment_update_add", commitment_id=track.pk))
    target = url(home_la, "commitment_update_add", commitment_id=track.pk)
    form = post_forms_to(page.content, target, page_url=target)[0]
    data = form.data(
        {"text": "All settings now send tracker data.", "status": "ongoing", "rag": "green"}
    )

    response = client.post(url(home_la, "commitment_update_add", commitment_id=track.pk), data)
    repeat = client.post(url(home_la, "commitment_update_add", commitment_id=track.pk), data)

    assert response.status_code == 302 and repeat.status_code == 302
    track.refresh_from_db()
    assert (track.status, track.rag) == (Status.ONGOING, Rag.GREEN)
    update = StrategyUpdate.objects.get(text="All settings now send tracker data.")
    assert (update.author, update.status, update.rag, update.written_on) == (
        cic_advisor,
        "ongoing",
        "green",
        today(),
    )
    event = AuditEvent.objects.get(verb="quality.commitment_updated")
    assert event.local_authority == home_la and event.restricted_to == "view_strategy"


def test_a_stale_update_is_refused_and_the_words_kept(client_as, cic_advisor, home_la, plan):
    track = plan["track"]
    data = update_post(track, text="My news")
    StrategyCommitment.objects.filter(pk=track.pk).update(version=track.version + 1)

    response = client_as(cic_advisor).post(
        url(home_la, "commitment_update_add", commitment_id=track.pk), data
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your update has not been saved" in html
    assert "My news" in html
    assert not StrategyUpdate.objects.filter(text="My news").exists()


def test_an_update_in_the_future_is_refused(client_as, cic_advisor, home_la, plan):
    track = plan["track"]
    data = update_post(track, **day_parts("written_on", today() + timedelta(days=2)))
    response = client_as(cic_advisor).post(
        url(home_la, "commitment_update_add", commitment_id=track.pk), data
    )

    assert "must be today or earlier" in response.content.decode()


def test_the_la_menu_has_the_strategy_action_plan(client_as, cic_advisor, home_la, plan):
    html = client_as(cic_advisor).get(url(home_la, "strategy")).content.decode()
    assert "Strategy action plan" in html


def test_a_new_la_person_with_a_role_can_be_named(client_as, la_admin, home_la, plan):
    newcomer = LaRoleFactory(
        local_authority=home_la, role=LaRole.Role.IMPROVEMENT_ADVISOR, user__full_name="Nia New"
    ).user
    page = client_as(la_admin).get(url(home_la, "commitment_add")).content.decode()
    assert f'value="{newcomer.pk}"' in page and "Nia New" in page
