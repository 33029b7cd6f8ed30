"""Markdown or HTML with YAML front matter (Hugo, Hexo, Jekyll)."""

import yaml

from articles.ingest import html as html_body
from articles.ingest.errors import RejectedFile
from articles.ingest.metadata import parse_date
from articles.ingest.parsed import ParsedArticle


def accepts(text: str) -> bool:
    return text.lstrip().startswith("---\n")


def split(text: str) -> tuple[dict, str]:
    _, _, rest = text.lstrip().partition("---\n")
    header, sep, body = rest.partition("\n---")
    if not sep:
        raise RejectedFile("front matter is not closed by a '---' line")
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        raise RejectedFile(f"front matter is not valid YAML: {error}") from None
    if not isinstance(meta, dict):
        raise RejectedFile("front matter is not a YAML mapping")
    return meta, body.partition("\n")[2]


def parse(text: str) -> ParsedArticle:
    meta, body = split(text)
    body_html, plain = html_body.render(body)
    return ParsedArticle(
        title=str(meta.get("title") or "").strip(),
        text=plain,
        body_html=body_html,
        published_at=parse_date(str(meta.get("date") or "")),
    )
