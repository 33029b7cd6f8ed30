"""Requests an attacker (or a broken link) sends: odd redirects, absurd dates, unknown
API addresses, stored text that XML cannot hold, non-web original URLs. None is a 500."""

import xml.dom.minidom

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from articles.models import Article
from tests.hostile import add_good_files, run_import

pytestmark = pytest.mark.django_db


def test_the_script_choice_with_a_next_that_is_no_address_goes_home(client):
    for target in ("foo", "javascript:alert(1)", "//evil.example/", "https://evil.example/", "/no-such-page/"):
        response = client.post("/script/", {"script": "hant", "next": target})
        assert response.status_code == 302, target
        assert response["Location"] == "/", target


def test_the_script_choice_keeps_a_next_that_is_a_page_of_the_site(client):
    response = client.post("/script/", {"script": "hant", "next": "/search/?q=OpenAI"})
    assert response["Location"] == "/search/?q=OpenAI"


def test_browse_with_a_date_at_the_end_of_the_calendar_answers(client, seeds):
    for params in ({"to": "9999-12-31"}, {"from": "9999-12-31"}, {"from": "0001-01-01", "to": "0001-01-01"}):
        assert client.get("/", params).status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/articles/999999", "/api/people/999999", "/api/organizations/999999", "/api/nothing"]
)
def test_api_errors_are_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "not found"}


def test_a_cross_site_post_to_the_api_is_refused_in_json():
    response = Client(enforce_csrf_checks=True).post("/api/search", {"q": "OpenAI"})
    assert response.status_code == 403
    assert "error" in response.json()


def test_an_original_url_that_is_not_a_web_address_is_never_given_out(client, seeds):
    article = seeds["000"]
    Article.objects.filter(pk=article.pk).update(url="javascript:alert(document.cookie)")
    assert client.get(f"/api/articles/{article.pk}").json()["original_url"] == ""
    assert "javascript:" not in client.get(article.get_absolute_url()).content.decode()


def test_the_import_keeps_no_original_url_but_a_web_address(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: 链接\nurl: 'javascript:alert(1)'\n---\n\nOpenAI 的研究人员介绍了新的模型。\n", encoding="utf-8"
    )
    run_import(tmp_path)
    assert Article.objects.get().url == ""


CONTROL_TITLE = "标题\x01有\x0b控制\ufffe字符\uffff"


def test_control_characters_in_titles_never_reach_the_feeds(tmp_path, client):
    add_good_files(tmp_path)
    (tmp_path / "controls.md").write_text(
        f'---\ntitle: "{CONTROL_TITLE.encode("unicode_escape").decode()}"\n---\n\n'
        "OpenAI 的研究人员\x01介绍了新的模型\x08。\n",
        encoding="utf-8",
    )
    run_import(tmp_path)
    article = Article.objects.get(source_path__endswith="/controls.md")
    assert article.title == "标题有 控制字符"  # U+000B is a space between words, U+0001 nothing
    assert "\x01" not in article.text and "\x08" not in article.text
    response = client.get("/search/feed/", {"q": "OpenAI"})
    assert response.status_code == 200
    xml.dom.minidom.parseString(response.content)


def test_feeds_stay_well_formed_with_a_stored_title_full_of_control_characters(client, seeds):
    Article.objects.filter(pk=seeds["000"].pk).update(title=CONTROL_TITLE, text="OpenAI\x01\x0c 正文\ufffe")
    entity = seeds["000"].mentions.first().entity
    for url in ("/search/feed/?q=OpenAI", entity.get_absolute_url() + "feed/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "标题有控制字符" in xml.dom.minidom.parseString(response.content).toxml()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "", "a-long-editor-passphrase")


@pytest.mark.parametrize("target", ["foo", "admin/", "//evil.example/", "https://evil.example/", "/no-such-page/"])
def test_the_admin_login_with_a_tampered_next_lands_on_the_admin(client, editor, target):
    response = client.post(
        f"/admin/login/?next={target}", {"username": "editor", "password": "a-long-editor-passphrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_admin_login_follows_a_next_that_is_a_page_of_the_admin(client, editor):
    response = client.post(
        "/admin/login/?next=/admin/articles/article/", {"username": "editor", "password": "a-long-editor-passphrase"}
    )
    assert response["Location"] == "/admin/articles/article/"


@pytest.mark.parametrize("url", ["/searches/", "/import/"])
def test_a_signed_out_reader_with_a_huge_address_is_sent_to_sign_in(client, url):
    """Django refuses to redirect past 16,384 characters; the sign-in page still comes,
    with as much of the way back as fits."""
    short = client.get(url, {"q": "漏洞"})
    assert short.status_code == 302
    assert "next=" + url + "%3Fq%3D%25E6%25BC%258F" in short["Location"]
    huge = client.get(url, {"q": "漏洞 " * 3000})
    assert huge.status_code == 302
    assert len(huge["Location"]) < 16384
    assert huge["Location"].endswith("next=" + url)
