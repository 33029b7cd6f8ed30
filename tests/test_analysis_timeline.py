"""GET /api/timeline and the charts: matching stories per period beside all stories then."""

import pytest

from tests.analysis_data import archive  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_months_hold_the_matching_stories_and_all_stories_with_gaps_filled(client, archive):  # noqa: F811
    data = client.get("/api/timeline?q=OpenAI&interval=month").json()
    assert data["interval"] == "month"
    assert data["total"] == 3 and data["undated"] == 1
    assert [(b["start"], b["count"], b["all"]) for b in data["buckets"]] == [
        ("2024-01-01", 1, 1),  # the launch story once, though two versions match
        ("2024-02-01", 0, 0),
        ("2024-03-01", 1, 2),  # funding matches; google is there too
    ]
    assert data["buckets"][1]["end"] == "2024-02-29"


@pytest.mark.parametrize(("interval", "first"), [("day", "2024-01-10"), ("week", "2024-01-08"), ("year", "2024-01-01")])
def test_every_interval_starts_where_the_calendar_does(client, archive, interval, first):  # noqa: F811
    data = client.get(f"/api/timeline?q=OpenAI&interval={interval}").json()
    assert data["buckets"][0]["start"] == first
    assert sum(b["count"] for b in data["buckets"]) == 2


@pytest.mark.parametrize("params", ["interval=hour", "from=2024-13-01", "person=abc", "interval=day&from=1900-01-01"])
def test_bad_parameters_are_a_400_with_a_message(client, archive, params):  # noqa: F811
    if params.startswith("interval=day"):
        from tests.search_helpers import make_article

        make_article("OpenAI 旧闻", "OpenAI", published_at="1901-01-01T00:00:00+00:00")
    response = client.get(f"/api/timeline?q=OpenAI&{params}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_the_search_page_draws_bars_that_link_to_their_period(client, archive):  # noqa: F811
    page = client.get("/search/?q=OpenAI").content.decode()
    assert '<svg class="chart"' in page
    assert "from=2024-03-01&amp;to=2024-03-31" in page
    assert "<table>" in page  # the same numbers for screen readers


def test_the_share_of_all_stories_can_be_shown(client, archive):  # noqa: F811
    page = client.get("/search/?q=OpenAI&scale=share").content.decode()
    assert "50.0%" in page  # March: one of two stories


def test_entity_and_source_pages_have_a_timeline_and_export(client, archive):  # noqa: F811
    for url in (f"/people/{archive['altman'].pk}/", "/sources/量子位/"):
        page = client.get(url).content.decode()
        assert '<svg class="chart"' in page
        assert "/search/export?format=ris" in page


def test_up_to_four_queries_are_compared_on_one_chart(client, archive):  # noqa: F811
    page = client.get("/timeline/?q=OpenAI&q=谷歌&q=&q=融资&q=董事会&q=extra").content.decode()
    assert page.count("<polyline") == 4
    assert "extra" not in page.split("<svg")[1]
