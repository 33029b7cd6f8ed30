"""Generated query strings and parameters thrown at every GET address: no answer is a
server error, and every feed that answers is well-formed XML. The examples are
derandomised and bounded (the `newsarchive` hypothesis profile in tests/conftest.py), so
a run is repeatable and short; bench/fuzz.py sends the many thousands."""

import xml.dom.minidom

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.request_space import (
    GET_URLS,
    NASTY_VALUES,
    PARAMETERS,
    POST_ONLY,
    SIGNED_IN_URLS,
    address,
    example_ids,
    is_feed,
    staff,
)

pytestmark = pytest.mark.django_db

# Any text a URL can carry (lone surrogates cannot be encoded into one).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
VALUES = st.one_of(st.sampled_from(NASTY_VALUES), TEXT, st.integers(-(10**20), 10**20).map(str))
PARAMS = st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), TEXT), VALUES, max_size=5)


@pytest.fixture
def ids(seeds):
    return example_ids()


@pytest.mark.parametrize("template", GET_URLS)
@settings(max_examples=12)
@given(params=PARAMS, any_id=st.integers(0, 10**12).map(str), text=st.text(st.characters(codec="ascii"), max_size=12))
def test_no_generated_request_is_a_server_error(client, ids, template, params, any_id, text):
    _check(client, ids, template, params, any_id, text)


@pytest.mark.parametrize("template", SIGNED_IN_URLS)
@settings(max_examples=12)
@given(params=PARAMS, any_id=st.integers(0, 10**12).map(str), text=st.text(st.characters(codec="ascii"), max_size=12))
def test_no_generated_request_of_a_signed_in_editor_is_a_server_error(client, ids, template, params, any_id, text):
    client.force_login(staff())
    _check(client, ids, template, params, any_id, text)


def test_every_get_address_of_the_site_is_fuzzed(ids):
    """A page added later is fuzzed only once it is listed in tests/request_space.py."""
    fuzzed = {_url_name(address(template, ids)) for template in GET_URLS}
    missing = sorted(_url_names(get_resolver()) - fuzzed - POST_ONLY)
    assert not missing, f"GET addresses no fuzzing reaches: {missing}"


def _url_name(path: str) -> str:
    try:
        return resolve(path).url_name
    except Resolver404:  # an address listed to be answered with a 404 (/api/{text})
        return ""


def _url_names(resolver) -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver) and pattern.app_name != "admin":
            names |= _url_names(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def _check(client, ids, template, params, any_id, text):
    url = address(template, ids, any_id, text.replace("/", "").replace("?", "").replace("#", ""))
    response = client.get(url, params)
    assert response.status_code < 500, (url, params, response.status_code)
    if is_feed(url) and response.status_code == 200:
        xml.dom.minidom.parseString(response.content)
