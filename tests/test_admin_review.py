"""The review queue of discovered entities (accept, reject, merge into an existing one,
each re-linking at once) and the refusal of a name another entity already has."""

import pytest
from django.contrib.auth import get_user_model

from articles.entities.editing import relink
from articles.models import Alias, Article, BlockedName, Entity, Mention, Organization
from articles.text import fold

QUEUE = "/admin/articles/discovered/"
ORGANIZATIONS = "/admin/articles/organization/"
TEXT = "云安全公司 Qualys 指出，Qualys 的研究人员发现了它。"

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user("editor", password="a-long-test-passphrase", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def discovered():
    article = Article.objects.create(title="漏洞", text=TEXT, source_path="/tests/q.txt", search_text=fold(TEXT))
    relink([article])
    return article, Entity.objects.get(name="Qualys")


def mentions(article):
    return {m.entity.name: m.count for m in Mention.objects.filter(article=article).select_related("entity")}


def act(client, url, name, entities, **extra):
    return client.post(url, {"action": name, "_selected_action": [e.pk for e in entities], **extra})


def test_the_queue_lists_discovered_entities_with_their_evidence(staff_client, discovered):
    Organization.objects.create(name="Reviewed Corp", reviewed=True)
    page = staff_client.get(QUEUE).content.decode()
    assert "Qualys" in page and "pattern · beside a cue · 1 articles, 2 mentions" in page
    assert "Reviewed Corp" not in page


def test_accepting_marks_it_reviewed_and_keeps_its_mentions(staff_client, discovered):
    article, qualys = discovered
    act(staff_client, QUEUE, "accept", [qualys])
    qualys.refresh_from_db()
    assert qualys.reviewed and mentions(article)["Qualys"] == 2
    assert "Qualys" not in staff_client.get(QUEUE).content.decode()


def test_rejecting_blocks_the_name_and_relinks_at_once(staff_client, discovered):
    article, qualys = discovered
    act(staff_client, QUEUE, "reject", [qualys])
    assert not Entity.objects.filter(name="Qualys").exists()
    assert BlockedName.objects.filter(folded="qualys").exists()
    assert "Qualys" not in mentions(article)
    relink([article])  # and it does not come back
    assert "Qualys" not in mentions(article)


def test_merging_into_an_existing_entity_relinks_at_once(staff_client, discovered):
    article, qualys = discovered
    known = Organization.objects.create(name="Qualys, Inc.", reviewed=True)
    confirm = act(staff_client, QUEUE, "merge_into", [qualys])
    assert confirm.status_code == 200 and "Qualys, Inc." in confirm.content.decode()
    act(staff_client, QUEUE, "merge_into", [qualys], apply="1", target=known.pk)
    assert not Entity.objects.filter(pk=qualys.pk).exists()
    assert set(known.aliases.values_list("name", flat=True)) >= {"Qualys"}
    assert mentions(article)["Qualys, Inc."] == 2


def alias_form(entity, new_alias):
    aliases = list(entity.aliases.all()) if entity.pk else []
    form = {
        "name": entity.name,
        "description": entity.description,
        "aliases-TOTAL_FORMS": str(len(aliases) + 1),
        "aliases-INITIAL_FORMS": str(len(aliases)),
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        f"aliases-{len(aliases)}-name": new_alias,
        f"aliases-{len(aliases)}-entity": str(entity.pk or ""),
    }
    for index, alias in enumerate(aliases):
        form.update({f"aliases-{index}-id": alias.pk, f"aliases-{index}-name": alias.name})
        form.update({f"aliases-{index}-entity": entity.pk})
    return form


def test_an_alias_of_another_entity_is_refused_naming_it_and_offering_the_merge(staff_client, discovered):
    article, qualys = discovered
    known = Organization.objects.create(name="Qualys, Inc.", reviewed=True)
    response = staff_client.post(f"{ORGANIZATIONS}{known.pk}/change/", alias_form(known, "QUALYS"))
    page = response.content.decode()
    assert response.status_code == 200  # the form again, nothing saved
    assert "“QUALYS” is already a name of 机构 “Qualys”" in page
    merge_url = f"{ORGANIZATIONS}{known.pk}/merge/{qualys.pk}/"
    assert f'href="{merge_url}"' in page
    assert not Alias.objects.filter(entity=known).exists() and mentions(article) == {"Qualys": 2}

    assert "Merge “Qualys” into “Qualys, Inc.”?" in staff_client.get(merge_url).content.decode()
    staff_client.post(merge_url)
    assert not Entity.objects.filter(pk=qualys.pk).exists()
    assert mentions(article) == {"Qualys, Inc.": 2}


def test_a_canonical_name_of_another_entity_is_refused_too(staff_client, discovered):
    response = staff_client.post(f"{ORGANIZATIONS}add/", {**alias_form(Organization(), ""), "name": "qualys"})
    assert "is already a name of 机构 “Qualys”" in response.content.decode()
    assert Organization.objects.count() == 1


def test_a_shared_surname_is_no_conflict(staff_client, discovered):
    known = Organization.objects.create(name="Qualys, Inc.", reviewed=True)
    form = alias_form(known, "Qualys")
    form["aliases-0-partial"] = "on"
    assert staff_client.post(f"{ORGANIZATIONS}{known.pk}/change/", form).status_code == 302
