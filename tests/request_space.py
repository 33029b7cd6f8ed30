"""Every GET address of the site and every parameter it reads: what the fuzzing test
(tests/test_pages_fuzzed_requests.py) and the fuzz run (bench/fuzz.py) throw values at.
tests/test_pages_fuzzed_requests.py fails when a GET address of the URLconf is missing."""

from urllib.parse import quote

from django.contrib.auth.models import User

from articles.models import Article, ImportRun, Organization, Person, SavedSearch

# {article}, {person}, {organization}, {site}, {saved}, {token}, {run}: one that exists;
# {any}: an id that may not; {text}: any short text.
GET_URLS = [
    "/",
    "/about/",
    "/articles/{article}/",
    "/articles/{any}/",
    "/people/{person}/",
    "/people/{any}/",
    "/organizations/{organization}/",
    "/people/{person}/feed/",
    "/organizations/{organization}/feed/",
    "/organizations/{any}/feed/",
    "/search/",
    "/search/feed/",
    "/api/search",
    "/api/articles",
    "/api/articles/{article}",
    "/api/articles/{any}",
    "/api/people",
    "/api/people/{person}",
    "/api/organizations",
    "/api/organizations/{organization}",
    "/admin/login/",
    "/api/",
    "/api/{text}",
    "/api/openapi.json",
    "/api/timeline",
    "/api/sources",
    "/api/sources/{site}",
    "/api/sources/{text}",
    "/articles/{article}/original",
    "/media/images/{text}",
    "/media/images/0000000000000000000000000000000000000000",
    "/favicon.ico",
    "/search/export",
    "/search/values/source/",
    "/search/values/person/",
    "/search/values/{text}/",
    "/timeline/",
    "/people/",
    "/organizations/",
    "/sources/",
    "/sources/{site}/",
    "/sources/{text}/",
    "/searches/",
    "/searches/{saved}/",
    "/searches/{any}/",
    "/searches/feed/{token}/",
    "/searches/feed/{text}/",
    "/accounts/login/",
    "/import/",
    "/import/{run}/",
    "/import/{run}/status",
    "/import/{any}/status",
]
# Addresses that answer a signed-in reader (saved searches) or staff (uploads, originals)
# with more than a redirect to the login: they are fuzzed signed in as staff too.
SIGNED_IN_URLS = [
    "/articles/{article}/original",
    "/searches/",
    "/searches/{saved}/",
    "/import/",
    "/import/{run}/",
    "/import/{run}/status",
]
# What no GET reaches: forms that only take a POST.
POST_ONLY = {"set_language", "set-script", "save-search", "change-saved-search", "logout"}
PARAMETERS = [
    "q",
    "page",
    "page_size",
    "source",
    "person",
    "organization",
    "from",
    "to",
    "kind",
    "sort",
    "interval",
    "scale",
    "format",
    "name",
    "after",
    "highlight",
    "next",
]
# Values that once broke a page, or that reach a parser, a cast or a date.
NASTY_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1e9",
    "99999999999999999999",
    "٣",
    "NaN",
    "None",
    "null",
    "[]",
    "{}",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "2024-02-30",
    "2024-13-01",
    "1899-12-31",
    "2200-12-31",
    "10000-01-01",
    '"',
    "'",
    "\\",
    "%",
    "%s",
    "%(x)s",
    "{}",
    "&|!()<->:*",
    "' OR 1=1 --",
    "'; DROP TABLE articles_article; --",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "//evil.example/",
    "https://evil.example/",
    "foo",
    "\x00",
    "\x01",
    "\x0b",
    "\ufffe",
    "\uffff",
    "\u202e",
    "😀",
    "奥特曼",
    "奧特曼",
    "OpenAI",
    "OR",
    "-",
    "--",
    "x" * 5_000,
    "漏洞 " * 700,
]


def example_ids() -> dict:
    """Ids that exist in the database at hand (0 when there is none of a kind), after
    giving the staff user of `staff()` a saved search."""

    def first(model, field="pk"):
        found = model.objects.order_by("pk").values_list(field, flat=True)
        return (found.exclude(**{field: ""}) if field != "pk" else found).first() or 0

    saved, _ = SavedSearch.objects.get_or_create(
        user=staff(), name="fuzz", defaults={"params": "q=OpenAI", "last_seen_at": "2024-01-01T00:00Z"}
    )
    return {
        "article": first(Article),
        "person": first(Person),
        "organization": first(Organization),
        "site": quote(first(Article, "site") or "x", safe=""),
        "saved": saved.pk,
        "token": saved.token,
        "run": first(ImportRun),
    }


def staff() -> User:
    """The staff account the signed-in requests use (no password: force_login only)."""
    user, _ = User.objects.get_or_create(username="fuzz-staff", defaults={"is_staff": True})
    return user


def address(template: str, ids: dict, any_id: str = "1", text: str = "x") -> str:
    return template.format(**ids, any=any_id, text=text)


def is_feed(url: str) -> bool:
    return "/feed/" in f"{url.split('?')[0]}/"
