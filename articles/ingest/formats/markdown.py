"""Markdown without front matter: a `# title` heading first, then the body."""

import re

from articles.ingest.metadata import parse_when
from articles.ingest.parsed import ParsedArticle

_HEADING = re.compile(r"^#{1,2}[ \t]+(.+?)[ \t#]*$")
# A line near the top that is only a date (`2024-03-06`, `2024年3月6日 10:00`).
_DATE_ONLY = re.compile(r"^[*_]*\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2})?)\s*[*_]*$")
_DATE_LINES = 3


def _title(text: str):
    for index, line in enumerate(text[:2000].split("\n")):
        if line.strip():
            heading = _HEADING.match(line.strip())
            return (heading.group(1), index) if heading else None
    return None


def accepts(text: str) -> bool:
    return _title(text) is not None


def parse(text: str) -> ParsedArticle:
    title, index = _title(text)
    lines = text.split("\n")[index + 1 :]
    published_at, date_only = None, False
    for position, line in enumerate(lines[: _DATE_LINES + 1]):
        if date := _DATE_ONLY.match(line.strip()):
            published_at, date_only = parse_when(date.group(1))
            del lines[position]
            break
    return ParsedArticle(title=title, markdown="\n".join(lines), published_at=published_at, date_only=date_only)
