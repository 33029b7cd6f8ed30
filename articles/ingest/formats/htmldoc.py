"""Whole HTML documents (a saved web page): metadata from <head>, the body sanitised."""

import html
import re

from articles.ingest import markup
from articles.ingest.metadata import parse_when, site_from_url
from articles.ingest.parsed import ParsedArticle

_DOCUMENT = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_META = re.compile(r"<meta\s+[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)
_CANONICAL = re.compile(r"<link\s+[^>]*rel=[\"']?canonical[^>]*>", re.I)
_TIME = re.compile(r"<time[^>]*datetime=[\"']([^\"']+)", re.I)
_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.I | re.S)
_BODY = re.compile(r"<body\b[^>]*>(.*)(?:</body>|$)", re.I | re.S)
# Page furniture around the story.
_FURNITURE = re.compile(r"<(header|footer|aside|nav)\b.*?</\1>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")


def accepts(text: str) -> bool:
    return bool(_DOCUMENT.match(text))


def _attributes(tag: str) -> dict:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTRIBUTE.finditer(tag)
    }


def _metas(document: str) -> dict:
    found = {}
    for tag in _META.findall(document):
        attributes = _attributes(tag)
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
        if key and "content" in attributes:
            found.setdefault(key, attributes["content"].strip())
    return found


def _text_of(match) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", match.group(1))).split()) if match else ""


def parse(text: str) -> ParsedArticle:
    meta = _metas(text)
    region = _ARTICLE.search(text) or _BODY.search(text)
    body = _FURNITURE.sub("", region.group(1) if region else text)
    h1 = _H1.search(body)
    if h1:
        body = body[: h1.start()] + body[h1.end() :]
    body_html, plain, images = markup.from_html(body)
    canonical = _CANONICAL.search(text)
    url = meta.get("og:url") or (_attributes(canonical.group(0)).get("href", "") if canonical else "")
    time = _TIME.search(text)
    published = meta.get("article:published_time") or meta.get("pubdate") or meta.get("date")
    author = meta.get("author") or meta.get("article:author") or ""
    published_at, date_only = parse_when(published or (time.group(1) if time else ""))
    return ParsedArticle(
        title=meta.get("og:title") or _text_of(h1) or _text_of(_TITLE.search(text)),
        text=plain,
        body_html=body_html,
        published_at=published_at,
        date_only=date_only,
        site=meta.get("og:site_name") or site_from_url(url),
        authors=[author] if author else [],
        url=url if url.startswith(("http://", "https://")) else "",
        cover_image=markup.image_url(meta.get("og:image", "")),
        tags=[t.strip() for t in re.split(r"[,，]", meta.get("keywords", "")) if t.strip()],
        images=images,
    )
