"""Saved searches: signed-in readers keep a query and filters, see what is new since they
last looked, read a private feed, and get a daily email digest."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from articles.analysis.alerts import send_digests
from articles.models import SavedSearch
from tests.analysis_data import archive  # noqa: F401 (a fixture)
from tests.search_helpers import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    user = get_user_model().objects.create_user("reader", "reader@example.com", "a long passphrase 42")
    client.force_login(user)
    return user


def _save(client, **fields):
    return client.post("/searches/save", {"name": "OpenAI news", "q": "OpenAI", **fields})


def test_a_reader_saves_a_search_with_its_filters(client, archive, reader):  # noqa: F811
    response = _save(client, person=[archive["altman"].pk, archive["brockman"].pk], source="36氪")
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=reader)
    assert saved.params == f"q=OpenAI&source=36%E6%B0%AA&person={archive['altman'].pk}&person={archive['brockman'].pk}"
    assert len(saved.token) >= 40


def test_my_searches_counts_the_stories_new_since_the_last_look(client, archive, reader):  # noqa: F811
    _save(client)
    saved = SavedSearch.objects.get()
    assert '<span class="new-count">0</span>' in client.get("/searches/").content.decode()
    make_article("OpenAI 新动态", "OpenAI 又有新闻。")
    make_article("OpenAI 另一条", "OpenAI 的另一条新闻。")
    make_article("谷歌新闻", "与此无关。")
    assert '<span class="new-count">2</span>' in client.get("/searches/").content.decode()
    opened = client.get(f"/searches/{saved.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/search/?q=OpenAI"
    assert '<span class="new-count">0</span>' in client.get("/searches/").content.decode()


def test_the_private_feed_lists_the_newest_matches_without_signing_in(client, archive, reader):  # noqa: F811
    _save(client)
    make_article("OpenAI 新动态", "OpenAI 又有新闻。")
    client.logout()
    feed = client.get(f"/searches/feed/{SavedSearch.objects.get().token}/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert body.index("OpenAI 新动态") < body.index("OpenAI 完成融资")
    assert client.get("/searches/feed/guessed-token/").status_code == 404


def test_searches_are_private_to_their_reader(client, archive, reader):  # noqa: F811
    _save(client)
    other = get_user_model().objects.create_user("other", "", "another long passphrase")
    client.force_login(other)
    pk = SavedSearch.objects.get().pk
    assert client.get(f"/searches/{pk}/").status_code == 404
    assert f"/searches/{pk}/" not in client.get("/searches/").content.decode()
    assert client.post(f"/searches/{pk}/change", {"action": "delete"}).status_code == 404


def test_signed_out_readers_are_sent_to_sign_in(client, archive):  # noqa: F811
    assert client.get("/searches/")["Location"].startswith("/accounts/login/")
    assert client.post("/searches/save", {"q": "OpenAI"})["Location"].startswith("/accounts/login/")
    assert "登录" in client.get("/search/?q=OpenAI").content.decode()


def test_a_search_with_nothing_to_save_is_refused_with_a_message(client, archive, reader):  # noqa: F811
    response = client.post("/searches/save", {"name": "empty"}, follow=True)
    assert SavedSearch.objects.count() == 0
    assert "a saved search needs a query or a filter" in response.content.decode()


def test_the_daily_digest_mails_new_matches_once_a_day(client, archive, reader):  # noqa: F811
    _save(client, email="on")
    make_article("OpenAI 新动态", "OpenAI 又有新闻。")
    now = timezone.now()
    assert send_digests(now=now) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.com"]
    assert "1 篇新文章" in message.subject and "OpenAI 新动态" in message.body
    assert "OpenAI 完成融资" not in message.body  # not new
    make_article("OpenAI 另一条", "OpenAI 的另一条新闻。")
    assert send_digests(now=now + datetime.timedelta(hours=2)) == 0  # not due yet
    assert send_digests(now=now + datetime.timedelta(days=1)) == 1
    assert "OpenAI 另一条" in mail.outbox[1].body and "OpenAI 新动态" not in mail.outbox[1].body


def test_no_digest_without_new_matches_or_when_switched_off(client, archive, reader, call):  # noqa: F811
    _save(client, email="on")
    out, _ = call("send_digests")
    assert out.strip() == "sent 0 digest emails" and not mail.outbox
    saved = SavedSearch.objects.get()
    client.post(f"/searches/{saved.pk}/change", {"action": "digest"})
    make_article("OpenAI 新动态", "OpenAI 又有新闻。")
    assert send_digests(now=timezone.now() + datetime.timedelta(days=2)) == 0


def test_the_task_queue_sends_the_digests_every_hour(client, archive, reader):  # noqa: F811
    from procrastinate.contrib.django import app

    from articles import tasks

    assert ("send_digests", "") in app.periodic_registry.periodic_tasks
    _save(client, email="on")
    make_article("OpenAI 新动态", "OpenAI 又有新闻。")
    assert tasks.send_digests(timestamp=0) == 1
    assert "OpenAI 新动态" in mail.outbox[0].body
