"""GET /search/export: every matching story as CSV, JSON Lines or RIS, streamed."""

import csv
import io
import json

import pytest

from tests.analysis_data import archive  # noqa: F401 (a fixture)
from tests.search_helpers import make_article

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    assert response.streaming  # never built whole in memory
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_has_every_field_and_one_row_per_story(client, archive):  # noqa: F811
    response = client.get("/search/export?format=csv&q=OpenAI")
    assert response["Content-Disposition"] == 'attachment; filename="newsarchive-export.csv"'
    rows = list(csv.DictReader(io.StringIO(_body(response).lstrip("\ufeff"))))
    assert [r["title"] for r in rows] == ["OpenAI 完成融资", "OpenAI 发布新模型", "OpenAI 董事会变动"]
    funding = rows[0]
    assert funding["source"] == "36氪"
    assert funding["published_at"].startswith("2024-03-05T09:00:00+08:00")
    assert funding["people"] == "Greg Brockman; Sam Altman"
    assert funding["organizations"] == "OpenAI"
    assert funding["archive_url"] == f"http://testserver/articles/{archive['funding'].pk}/"


def test_jsonl_lists_people_and_organizations_as_arrays(client, archive):  # noqa: F811
    records = [json.loads(line) for line in _body(client.get("/search/export?format=jsonl&q=融资")).splitlines()]
    assert records[0]["people"] == ["Greg Brockman", "Sam Altman"]
    assert set(records[0]) == {
        "id", "title", "published_at", "source", "authors", "original_url", "archive_url", "people", "organizations",
    }  # fmt: skip


def test_ris_is_one_newspaper_reference_per_story(client, archive):  # noqa: F811
    body = _body(client.get(f"/search/export?format=ris&person={archive['brockman'].pk}"))
    assert body.count("TY  - NEWS") == 2 and body.count("ER  - ") == 2
    assert "DA  - 2024/03/05" in body and "T2  - 36氪" in body and "KW  - Sam Altman" in body


def test_a_title_a_spreadsheet_would_run_is_written_as_text(client, db):
    make_article('=HYPERLINK("http://evil")', "OpenAI")
    rows = list(csv.reader(io.StringIO(_body(client.get("/search/export?format=csv&q=OpenAI")))))
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


def test_a_value_with_line_breaks_stays_on_its_ris_line(client, db):
    make_article("OpenAI\r\nER  - injected", "OpenAI")
    body = _body(client.get("/search/export?format=ris&q=OpenAI"))
    assert body.count("ER  - ") == 1


@pytest.mark.parametrize("params", ["format=xlsx", "format=csv&person=x", "format=csv&from=2024-02-30"])
def test_bad_parameters_are_a_400_with_a_message(client, db, params):
    response = client.get(f"/search/export?{params}")
    assert response.status_code == 400 and response.content


def test_the_search_page_offers_the_export_of_its_filters(client, archive):  # noqa: F811
    page = client.get(f"/search/?q=OpenAI&person={archive['altman'].pk}").content.decode()
    assert f"/search/export?format=csv&amp;q=OpenAI&amp;person={archive['altman'].pk}" in page
