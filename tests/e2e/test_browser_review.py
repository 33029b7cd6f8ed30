"""An editor reviews what discovery found, in a real browser on the seeded archive: the
queue with its evidence, a rejection that unlinks the name at once, and an alias another
entity already has, refused with the merge offered, then merged."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Entity, Mention, Organization, Person

pytestmark = pytest.mark.e2e


def log_in(visit, seeded):
    page = visit.page
    visit.goto("/admin/")
    page.get_by_label(re.compile("用户名|用戶名|Username")).fill(seeded["username"])
    page.get_by_label(re.compile("密码|Password")).fill(seeded["password"])
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_an_editor_rejects_a_discovered_name_and_merges_a_conflicting_alias(visit, seeded):
    page = visit.page
    keyan = Person.objects.get(name="Keyan Zhang")  # discovered in seed 002, unreviewed
    assert not keyan.reviewed and Mention.objects.filter(entity=keyan).exists()

    visit.goto(f"/people/{keyan.pk}/")
    expect(page.locator(".mention-contexts mark").first).to_have_text("Keyan Zhang")
    visit.shoot("discovered-person")

    log_in(visit, seeded)
    visit.goto("/admin/articles/discovered/")
    row = page.locator("#result_list tr", has_text="Keyan Zhang")
    expect(row.locator(".field-how_found")).to_contain_text("mentions")
    row.locator("input[name='_selected_action']").check()
    page.locator("select[name='action']").select_option("reject")
    page.locator("button[name='index']").click()
    expect(page.locator(".messagelist")).to_contain_text("rejected")
    visit.shoot("queue-after-reject")
    assert not Entity.objects.filter(pk=keyan.pk).exists()

    openai = Organization.objects.get(name="OpenAI")
    other = Organization.objects.create(name="OpenAI Inc", reviewed=True)
    visit.goto(f"/admin/articles/organization/{other.pk}/change/")
    page.locator("#id_aliases-0-name").fill("OpenAI")
    page.locator("input[name='_save']").click()
    error = page.locator(".errorlist", has_text="is already a name of")
    expect(error).to_contain_text("“OpenAI”")
    visit.shoot("alias-conflict")
    error.get_by_role("link", name=re.compile("Merge")).click()
    expect(page.locator("h1")).to_contain_text("Merge “OpenAI” into “OpenAI Inc”?")
    page.locator("input[type='submit'][value='Merge']").click(timeout=60_000)  # re-links every article
    expect(page.locator(".messagelist")).to_contain_text("merged into")
    assert not Entity.objects.filter(pk=openai.pk).exists()
    assert Mention.objects.filter(entity=other).exists()
    visit.assert_no_errors()
