"""Markdown or HTML with YAML front matter (Hugo, Hexo, Jekyll), like seed 000."""

import re

import yaml

from articles.ingest import markup
from articles.ingest.errors import RejectedFile
from articles.ingest.limits import check_yaml_size
from articles.ingest.metadata import parse_when, site_from_slug, site_from_url
from articles.ingest.parsed import ParsedArticle

_OPENING = re.compile(r"\A\s*---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
# `[原文](https://…)`: the link back to the original that feed exporters append.
_SOURCE_LINK = re.compile(
    r"\[(?:原文|原文链接|原文連結|阅读原文|閱讀原文|source|original)\]\((https?://[^)\s]+)\)", re.I
)


def accepts(text: str) -> bool:
    return bool(_OPENING.match(text))


def split(text: str) -> tuple[dict, str]:
    rest = text[_OPENING.match(text).end() :]
    closing = _CLOSING.search(rest)
    if not closing:
        raise RejectedFile("broken front matter: no closing '---' line")
    try:
        meta = yaml.safe_load(rest[: closing.start()]) or {}
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 2}" if where else ""
        raise RejectedFile(f"broken front matter: not valid YAML{line}") from None
    except RecursionError:
        raise RejectedFile("broken front matter: nested too deep to read") from None
    check_yaml_size(meta)
    if not isinstance(meta, dict):
        raise RejectedFile("broken front matter: not a YAML mapping of fields")
    return meta, rest[closing.end() :]


def parse(text: str) -> ParsedArticle:
    meta, body = split(text)
    link = _SOURCE_LINK.search(body)
    url = str(meta.get("url") or meta.get("link") or meta.get("source") or (link.group(1) if link else ""))
    body = _SOURCE_LINK.sub("", body)
    body_html = plain = markdown = ""
    images = []
    if body.lstrip().startswith("<"):
        body_html, plain, images = markup.from_html(body)
    else:
        markdown = body  # cleaned and rendered by formats.parse()
    published_at, date_only = parse_when(meta.get("date") or meta.get("published") or meta.get("pubDate"))
    categories = _strings(meta.get("categories") or meta.get("category"))
    tags = _strings(meta.get("tags") or meta.get("keywords"))
    return ParsedArticle(
        title=" ".join(str(meta.get("title") or "").split()),
        text=plain,
        body_html=body_html,
        published_at=published_at,
        date_only=date_only,
        markdown=markdown,
        site=str(meta.get("site") or "")
        or site_from_url(url)
        or next(filter(None, map(site_from_slug, categories + tags)), ""),
        authors=[a for a in _strings(meta.get("author") or meta.get("authors")) if a not in categories],
        url=url,
        cover_image=markup.image_url(_cover(meta)),
        categories=categories,
        tags=tags,
        images=images,
    )


def _cover(meta: dict) -> str:
    cover = meta.get("cover") or meta.get("image") or meta.get("thumbnail") or ""
    if isinstance(cover, dict):
        cover = cover.get("image") or cover.get("src") or ""
    return str(cover)


def _strings(value) -> list[str]:
    """Flatten `['a']`, `[['a']]`, `'a, b'` into a list of distinct strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,，]", value) if part.strip()]
    if isinstance(value, (list, tuple)):
        return list(dict.fromkeys(item for inner in value for item in _strings(inner)))
    return [str(value)]
