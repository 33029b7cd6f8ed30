"""Headers every response carries: a Content-Security-Policy the pages keep (no inline
script or style anywhere in our templates), a Permissions-Policy, and cookies flagged
Secure/HttpOnly/SameSite when served over HTTPS."""

import re

import pytest

from tests.paths import ROOT
from tests.test_foundation_settings import run_python

pytestmark = pytest.mark.django_db

PAGES = ["/", "/search/?q=OpenAI", "/about/", "/admin/login/", "/api/articles"]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_has_a_strict_content_security_policy(client, seeds, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("url", PAGES)
def test_every_response_has_a_permissions_policy(client, seeds, url):
    policy = client.get(url)["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"),
    re.compile(r"<style\b"),
    re.compile(r"\sstyle="),
]


def test_no_template_has_inline_script_or_style():
    """What the policy would block: the pages must not need it."""
    offenders = [
        f"{path.relative_to(ROOT)}: {pattern.pattern}"
        for path in (ROOT / "templates").rglob("*.html")
        for pattern in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize("url", ["/", "/articles/1/", "/search/?q=OpenAI"])
def test_the_pages_served_have_no_inline_script_or_style(client, seeds, url):
    article = next(iter(seeds.values()))
    page = client.get(url.replace("/1/", f"/{article.pk}/")).content.decode()
    assert [pattern.pattern for pattern in INLINE if pattern.search(page)] == []


COOKIES = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='newsarchive.settings'; django.setup();"
    "from django.conf import settings as s;"
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE,"
    " s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE, s.SESSION_COOKIE_HTTPONLY)"
)


def test_production_settings_flag_every_cookie_secure():
    assert run_python(COOKIES, HTTPS="true").stdout.split() == ["True", "True", "True", "True", "Lax", "True"]


def test_the_language_cookie_is_httponly_and_samesite(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
