import pytest
from tests.browser.helpers import sign_in
from tests.factories import ChildFactory
pytestmark = pytest.mark.browser

def test_dump(page, manager, practitioner, care_setting, key_child):
    sign_in(page, manager.email)
    s = care_setting.slug
    for name, url in [("add", f"/settings/{s}/children/add/"), ("board", f"/settings/{s}/key-persons/"),
                      ("allocate", f"/settings/{s}/key-persons/child/{key_child.pk}/allocate/"),
                      ("team", f"/settings/{s}/children/{key_child.pk}/team/add/"),
                      ("consent", f"/settings/{s}/children/{key_child.pk}/consents/record/"),
                      ("list", f"/settings/{s}/children/")]:
        page.goto(url)
        open(f"/tmp/scratch/{name}.html", "w").write(page.content())
    page.goto(f"/settings/{s}/children/add/")
    page.get_by_role("button", name="Add child").click()
    open("/tmp/scratch/add_err.html", "w").write(page.content())
