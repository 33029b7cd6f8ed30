"""WeChat public-account articles exported to Markdown (the benchmark corpus):

    #  title
    原创 author  account   2024-03-01 17:50

optionally opened by a `> **原文链接**: URL` line. The account is the site and the
publisher, the names before it the authors (`原创` marks the original post); the line
may also hold the account alone (`安全客   2024-03-01 17:50`). The body's boilerplate is
removed by formats.parse() (ingest/boilerplate.py)."""

import re

from articles.ingest.metadata import author_names, parse_when
from articles.ingest.parsed import ParsedArticle

_SOURCE_LINE = re.compile(r"^>\s*\**\s*原文(?:链接|連結)\s*\**\s*[:：]\s*\**\s*<?(https?://\S+?)>?\s*$")
_TITLE_LINE = re.compile(r"^#\s+(.+?)\s*$")
_BYLINE = re.compile(r"^(.*?)\s*(\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2})\s*$")


def _header(text: str):
    """(source URL, title, byline match, index of the body's first line) or None."""
    lines = text[:4000].split("\n")
    url, position = "", 0
    while position < len(lines) and not lines[position].strip():
        position += 1
    if position < len(lines) and (source := _SOURCE_LINE.match(lines[position].strip())):
        url = source.group(1)
        position += 1
        while position < len(lines) and not lines[position].strip():
            position += 1
    if position >= len(lines) or not (title := _TITLE_LINE.match(lines[position].strip())):
        return None
    for index in range(position + 1, min(position + 4, len(lines))):
        if byline := _BYLINE.match(lines[index].strip()):
            return url, title.group(1), byline, index + 1
        if lines[index].strip():
            return None
    return None


def accepts(text: str) -> bool:
    return _header(text) is not None


def parse(text: str) -> ParsedArticle:
    url, title, byline, body_start = _header(text)
    credits = [part for part in re.split(r"\s{2,}", byline.group(1).strip()) if part]
    account = credits.pop() if credits else ""
    original = bool(credits) and credits[0].startswith("原创")
    authors = [name for credit in credits for name in author_names(credit.removeprefix("原创").strip())]
    published_at, date_only = parse_when(byline.group(2))
    return ParsedArticle(
        title=title,
        markdown="\n".join(text.split("\n")[body_start:]),
        published_at=published_at,
        date_only=date_only,
        site=account,
        publisher=account,
        authors=authors,
        url=url,
        is_original=original,
    )
