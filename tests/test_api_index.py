"""GET /api/ and /api/openapi.json: a script or a tool learns the API from the API itself,
and what the document promises is what the endpoints answer."""

import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from articles.entities.editing import relink
from articles.entities.loading import load_gazetteer
from articles.models import Person
from articles.urls import urlpatterns

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return response.json()


def answers_as_documented(document, path, url, client, status="200"):
    """The answer at `url` matches the schema the document gives `path` (every field, no other)."""
    response = client.get(url)
    assert str(response.status_code) == status, (url, response.content[:300])
    schema = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": document["components"]})
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json())]
    assert not errors, (url, errors[:5])


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "http://testserver"}]


def test_every_api_address_is_documented(document):
    routes = {
        "/" + re.sub(r"<int:(\w+)>", "{id}", str(p.pattern)) for p in urlpatterns if str(p.pattern).startswith("api/")
    }
    assert routes == set(document["paths"])


def test_answers_are_what_the_document_promises(document, client, seeds):
    load_gazetteer()
    relink(seeds.values())  # the seeds were imported before the gazetteer knew anyone
    altman = Person.objects.get(name="Sam Altman")
    answers_as_documented(document, "/api/articles", "/api/articles?page_size=3", client)
    answers_as_documented(document, "/api/articles/{id}", f"/api/articles/{seeds['000'].pk}", client)
    answers_as_documented(document, "/api/search", "/api/search?q=OpenAI", client)
    answers_as_documented(document, "/api/search", "/api/search?q=-OpenAI", client)
    answers_as_documented(document, "/api/search", "/api/search?q=OpenAI&from=not-a-date", client, status="400")
    answers_as_documented(document, "/api/people", "/api/people?q=奥特曼", client)
    answers_as_documented(document, "/api/people/{id}", f"/api/people/{altman.pk}", client)
    answers_as_documented(document, "/api/organizations", "/api/organizations", client)
    answers_as_documented(document, "/api/articles", "/api/articles?page_size=0", client, status="400")


def test_the_index_lists_every_endpoint_with_its_parameters_and_the_counts(client, seeds, document):
    index = client.get("/api/").json()
    assert index["openapi"] == "http://testserver/api/openapi.json"
    listed = {endpoint["path"]: endpoint for endpoint in index["endpoints"]}
    assert set(listed) == set(document["paths"])
    search_parameters = {p["name"] for p in listed["/api/search"]["parameters"]}
    assert {"q", "page", "page_size", "source", "person", "organization", "from", "to"} <= search_parameters
    assert all(p["description"] for endpoint in listed.values() for p in endpoint["parameters"])
    assert index["counts"]["articles"] == client.get("/api/articles").json()["total"] == 4
    assert index["counts"]["versions"] == 5


def test_the_footer_leads_to_the_api_index(client, db):
    assert '<a href="/api/">JSON API</a>' in client.get("/").content.decode()
