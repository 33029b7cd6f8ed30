import pytest

from tests.pages_data import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    return {
        "hant": article("奧特曼說，這個模型還會更新", "軟件開發的資訊。", day="2024-05-14", script="hant"),
        "hans": article("奥特曼说，这个模型还会更新", "软件开发的信息。", day="2024-05-13", site="量子位"),
    }


def choose(client, script, next_url="/"):
    return client.post("/script/", {"script": script, "next": next_url})


def test_articles_are_shown_as_written_until_the_reader_chooses(client, stories):
    html = client.get("/").content.decode()
    assert "奧特曼說，這個模型還會更新" in html
    assert "奥特曼说，这个模型还会更新" in html


def test_choosing_traditional_converts_articles_and_interface_by_phrase(client, stories):
    response = choose(client, "hant", "/")
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get(stories["hans"].get_absolute_url()).content.decode()
    assert "<title>奧特曼說，這個模型還會更新 · 新聞檔案</title>" in html
    assert "軟件開發的資訊" not in html  # the body of the other article is not on this page
    assert "軟件開發" in client.get(stories["hant"].get_absolute_url()).content.decode()
    assert '<html lang="zh-Hant">' in html
    assert '<article class="article" lang="zh-Hant"' in html
    assert 'aria-pressed="true">繁體</button>' in html


def test_choosing_simplified_converts_a_traditional_article_with_phrases(client, stories):
    choose(client, "hans")
    html = client.get(stories["hant"].get_absolute_url()).content.decode()
    assert "奥特曼说，这个模型还会更新" in html
    assert "软件开发的资讯" in html
    assert '<article class="article" lang="zh-Hans"' in html


def test_the_choice_is_remembered_for_a_year(client, stories):
    cookie = choose(client, "hant").cookies["script"]
    assert cookie.value == "hant"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"


def test_going_back_to_as_written_forgets_the_choice(client, stories):
    choose(client, "hant")
    choose(client, "")
    assert "奥特曼说，这个模型还会更新" in client.get("/").content.decode()
    assert "script" not in client.cookies or client.cookies["script"].value == ""


def test_a_made_up_script_is_treated_as_written(client, stories):
    client.cookies["script"] = "klingon"
    assert client.get("/").status_code == 200
    assert "奥特曼说，这个模型还会更新" in client.get("/").content.decode()


def test_the_switch_only_sends_readers_back_to_this_site(client, stories):
    assert choose(client, "hant", "https://evil.example/").headers["Location"] == "/"
    assert choose(client, "hant", "//evil.example/").headers["Location"] == "/"
    assert choose(client, "hant", "/search/?q=Jason+Wei").headers["Location"] == "/search/?q=Jason+Wei"


def test_the_switch_cannot_be_used_with_a_plain_link(client, db):
    assert client.get("/script/", {"script": "hant"}).status_code == 405


def test_the_admin_is_never_converted(admin_client, stories):
    admin_client.post("/script/", {"script": "hant", "next": "/"})
    html = admin_client.get(f"/admin/articles/article/{stories['hans'].pk}/change/").content.decode()
    assert "奥特曼说，这个模型还会更新" in html


def test_an_example_marked_translate_no_keeps_its_script(client, stories):
    choose(client, "hant")
    html = client.get("/about/").content.decode()
    assert "<code>奥特曼</code> = <code>奧特曼</code>" in html
    assert "關於本檔案" in html


def test_the_json_api_is_not_converted(client, stories):
    choose(client, "hant")
    assert "奥特曼说" in client.get(f"/api/articles/{stories['hans'].pk}").content.decode()


@pytest.mark.parametrize("chosen", ["hans", "hant"])
def test_the_switch_names_each_script_in_its_own_characters_whatever_is_chosen(client, stories, chosen):
    choose(client, chosen)
    html = client.get("/").content.decode()
    assert ">原文</button>" in html
    assert 'value="hans" lang="zh-Hans" translate="no"' in html and ">简体</button>" in html
    assert 'value="hant" lang="zh-Hant" translate="no"' in html and ">繁體</button>" in html
    assert ">簡體</button>" not in html and ">繁体</button>" not in html
