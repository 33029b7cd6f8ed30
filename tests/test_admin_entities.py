"""Editors correct people and organizations in the admin; every edit re-links the
articles it touches. Only staff get in."""

import shutil

import pytest
from django.contrib.auth import get_user_model

from articles import search
from articles.entities.loading import load_gazetteer
from articles.ingest import import_paths
from articles.models import Alias, BlockedName, Entity, Mention, Person
from tests.paths import SEEDS

PEOPLE = "/admin/articles/person/"


@pytest.fixture
def linked_seeds(db):
    load_gazetteer()
    import_paths([SEEDS])
    from articles.models import Article

    return {a.source_file[:3]: a for a in Article.objects.all()}


@pytest.fixture
def staff_client(client, db):
    """A staff member with no model permissions at all: staff is enough here."""
    user = get_user_model().objects.create_user("editor", password="a-long-test-passphrase", is_staff=True)
    client.force_login(user)
    return client


def mentions(article):
    return {m.entity.name: m.count for m in Mention.objects.filter(article=article).select_related("entity")}


def action(client, action_name, entities, **extra):
    data = {"action": action_name, "_selected_action": [e.pk for e in entities], **extra}
    return client.post(PEOPLE, data)


def test_merge_makes_two_people_one_keeping_names_and_mentions(staff_client, linked_seeds):
    found = Person.objects.get(name="Jiahui Yu")
    duplicate = Person.objects.create(name="余家辉")
    Alias.objects.create(entity=duplicate, name="Yu Jiahui")

    confirm = action(staff_client, "merge", [found, duplicate])
    assert confirm.status_code == 200 and "Jiahui Yu" in confirm.content.decode()
    response = action(staff_client, "merge", [found, duplicate], apply="1", target=found.pk)

    assert response.status_code == 302
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    merged = Person.objects.get(pk=found.pk)
    assert {"余家辉", "Yu Jiahui"} <= set(merged.aliases.values_list("name", flat=True))
    assert merged.reviewed
    assert mentions(linked_seeds["002"])["Jiahui Yu"] >= 1
    # the search index knows the new names: 余家辉 finds the article naming Jiahui Yu
    assert linked_seeds["002"].pk in {hit.id for hit in search.search("余家辉").results}


def test_alias_added_in_the_admin_relinks_the_articles(staff_client, linked_seeds):
    person = Person.objects.get(name="Prafulla Dhariwal")
    before = mentions(linked_seeds["002"])["Prafulla Dhariwal"]
    aliases = list(person.aliases.all())
    form = {
        "name": person.name,
        "description": person.description,
        "reviewed": "on",
        "aliases-TOTAL_FORMS": str(len(aliases) + 1),
        "aliases-INITIAL_FORMS": str(len(aliases)),
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        f"aliases-{len(aliases)}-name": "PD哥",
        f"aliases-{len(aliases)}-entity": str(person.pk),
    }
    for index, alias in enumerate(aliases):
        form.update({f"aliases-{index}-id": alias.pk, f"aliases-{index}-name": alias.name})
        form.update({f"aliases-{index}-entity": person.pk})
    response = staff_client.post(f"{PEOPLE}{person.pk}/change/", form)

    assert response.status_code == 302
    after = mentions(linked_seeds["002"])["Prafulla Dhariwal"]
    assert after > before  # PD哥 appears a dozen times in seed 002


def test_a_blocked_name_does_not_come_back_on_reimport(staff_client, linked_seeds, tmp_path):
    keyan = Person.objects.get(name="Keyan Zhang")
    response = action(staff_client, "block", [keyan], apply="1")

    assert response.status_code == 302
    assert BlockedName.objects.filter(name="Keyan Zhang").exists()
    assert "Keyan Zhang" not in mentions(linked_seeds["003"])
    copy = tmp_path / "again.txt"
    shutil.copy(next(SEEDS.glob("003_*")), copy)
    import_paths([copy])
    assert not Entity.objects.filter(name="Keyan Zhang").exists()


def test_blocking_asks_for_confirmation_before_anything_is_deleted(staff_client, linked_seeds):
    keyan = Person.objects.get(name="Keyan Zhang")
    page = action(staff_client, "block", [keyan])

    assert page.status_code == 200
    assert "Keyan Zhang" in page.content.decode() and 'name="apply"' in page.content.decode()
    assert Person.objects.filter(pk=keyan.pk).exists()
    assert not BlockedName.objects.filter(name="Keyan Zhang").exists()
    assert "Keyan Zhang" in mentions(linked_seeds["003"])


def test_a_merged_person_s_page_feed_and_api_lead_to_the_one_it_was_merged_into(staff_client, client, linked_seeds):
    kept = Person.objects.get(name="Jiahui Yu")
    first, second = Person.objects.create(name="余家辉"), Person.objects.create(name="Yu J.")
    action(staff_client, "merge", [kept, first], apply="1", target=kept.pk)
    action(staff_client, "merge", [second, kept], apply="1", target=second.pk)  # kept itself merged later

    for old in (first, kept):
        page = client.get(f"/people/{old.pk}/")
        assert page.status_code == 301 and page["Location"] == f"/people/{second.pk}/"
        assert client.get(f"/people/{old.pk}/feed/")["Location"] == f"/people/{second.pk}/feed/"
        assert client.get(f"/api/people/{old.pk}")["Location"] == f"/api/people/{second.pk}"
    assert client.get(f"/people/{first.pk}/", follow=True).status_code == 200
    assert client.get(f"/organizations/{first.pk}/").status_code == 404  # a person's id is no organization


def test_split_moves_chosen_aliases_to_a_new_person(staff_client, linked_seeds):
    person = Person.objects.get(name="Mark Chen")
    stray = Alias.objects.create(entity=person, name="Mianna")
    response = action(staff_client, "split", [person], apply="1", name="Mianna C.", aliases=[stray.pk])
    assert response.status_code == 302
    assert not person.aliases.filter(name="Mianna").exists()
    assert Person.objects.get(name="Mianna C.").aliases.filter(name="Mianna").exists()


def test_lists_show_article_counts_and_find_traditional_aliases(staff_client, linked_seeds):
    page = staff_client.get(PEOPLE, {"q": "奧特曼"}).content.decode()
    assert "Sam Altman" in page and "Greg Brockman" not in page
    assert 'class="field-article_count">4<' in page


@pytest.mark.parametrize("url", [PEOPLE, "/admin/articles/organization/", "/admin/articles/blockedname/"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_non_staff_users_are_refused(client, db):
    user = get_user_model().objects.create_user("reader", password="a-long-test-passphrase")
    client.force_login(user)
    person = Person.objects.create(name="Someone")
    assert "/admin/login/" in client.get(PEOPLE)["Location"]
    client.post(PEOPLE, {"action": "block", "_selected_action": [person.pk]})
    assert Person.objects.filter(pk=person.pk).exists()


def test_staff_may_open_the_entity_admin(staff_client):
    assert staff_client.get(PEOPLE).status_code == 200
    assert staff_client.get("/admin/articles/blockedname/add/").status_code == 200


def test_a_name_added_to_the_block_list_leaves_its_entity_and_articles(staff_client, linked_seeds):
    greg = Person.objects.get(name="Greg Brockman")
    assert "Greg Brockman" in mentions(linked_seeds["003"])
    response = staff_client.post("/admin/articles/blockedname/add/", {"name": "格雷格·布罗克曼", "kind": "person"})
    assert response.status_code == 302
    assert not greg.aliases.filter(name="格雷格·布罗克曼").exists()
    staff_client.post("/admin/articles/blockedname/add/", {"name": "Greg Brockman", "kind": ""})
    assert not Person.objects.filter(pk=greg.pk).exists()
    assert "Greg Brockman" not in mentions(linked_seeds["003"])
