"""Every GET address of the site and every parameter it reads: what the fuzzing test
(tests/test_pages_fuzzed_requests.py) and the fuzz run (bench/fuzz.py) throw values at."""

from articles.models import Article, Organization, Person

# {article}, {person}, {organization}: an id that exists; {any}: an id that may not.
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
    "/api/{text}",
]
PARAMETERS = ["q", "page", "page_size", "source", "person", "organization", "from", "to", "highlight", "next"]
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
    """Ids that exist in the database at hand (0 when there is none of a kind)."""

    def first(model):
        return model.objects.order_by("pk").values_list("pk", flat=True).first() or 0

    return {"article": first(Article), "person": first(Person), "organization": first(Organization)}


def address(template: str, ids: dict, any_id: str = "1", text: str = "x") -> str:
    return template.format(**ids, any=any_id, text=text)


def is_feed(url: str) -> bool:
    return url.rstrip("/").endswith("/feed")
