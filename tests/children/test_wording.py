"""The child's record and the advisors' list in plain words: no repeated keys, no codes."""

import re

from django.urls import reverse

from children.models import Child


def summary_rows(html: str) -> dict[str, str]:
    """Return the page's summary list as {key: value}, tags and spacing stripped."""
    rows = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt><dd class="govuk-summary-list__value">'
        r"(.*?)</dd>",
        html,
        flags=re.S,
    )
    return {
        key: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip() for key, value in rows
    }


def test_the_record_names_the_care_status_once(client_as, manager, key_child, care_setting):
    url = reverse("settings:children:detail", args=[care_setting.slug, key_child.pk])

    rows = summary_rows(client_as(manager).get(url).content.decode())

    assert rows["Care status"] == "Looked after"
    assert "Looked after" not in rows


def test_a_child_without_a_preferred_name_reads_not_recorded(
    client_as, manager, key_child, care_setting
):
    Child.objects.filter(pk=key_child.pk).update(preferred_name="")
    url = reverse("settings:children:detail", args=[care_setting.slug, key_child.pk])

    rows = summary_rows(client_as(manager).get(url).content.decode())

    assert rows["Preferred name"] == "Not recorded"


def test_advisors_read_the_legal_status_in_words(client_as, cic_advisor, key_child, home_la):
    html = client_as(cic_advisor).get(reverse("la:my_settings", args=[home_la.slug]))

    text = html.content.decode()
    assert "C2 Full care order" in text
    assert not re.search(r"</strong>\s*C2\b", text)


def test_the_childs_trail_names_changed_fields_in_words(
    client_as, manager, key_child, care_setting
):
    from children import services

    services.child_update(
        child=key_child, by=manager, version=key_child.version, sen_status=Child.Sen.EHCP
    )
    url = reverse("settings:children:audit", args=[care_setting.slug, key_child.pk])

    html = client_as(manager).get(url).content.decode()

    assert "SEN: No SEN → EHC plan" in html
    assert "Sen status" not in html
