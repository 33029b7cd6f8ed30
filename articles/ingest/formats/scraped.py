"""Web pages scraped to text, with the site's navigation still in them (seeds 002, 003):
breadcrumbs (`當前位置: 華文星空 > 心靈`), font-size buttons (`- N +`), the title
repeated with `原标题:`, a date-and-category line, teasers of other stories glued in
by the scraper, and `返回列表` / `上一篇:` / `下一篇:` at the end."""

import re

from articles.ingest import markup
from articles.ingest.formats.plaintext import split_title
from articles.ingest.metadata import credits, is_credit_line, parse_when, publisher
from articles.ingest.parsed import ParsedArticle
from articles.text import bigram_set, clean, fold

_BREADCRUMB = re.compile(r"^(?:当前位置|當前位置|您的位置|你的位置|您现在的位置|您現在的位置)\s*[:：]\s*(.+)$")
_CRUMB_SEPARATOR = re.compile(r"\s*(?:>|›|»|/|→)\s*")
_HOME = {"首页", "首頁", "主页", "主頁", "home"}
_NAVIGATION = re.compile(
    r"^(?:-\s*N\s*\+|[A大]\s*[A小]|返回列表|返回首页|返回首頁|返回顶部|返回頂部|打印|关闭窗口|關閉窗口|分享到.{0,20}"
    r"|上一篇\s*[:：]?.*|下一篇\s*[:：]?.*|导读\s*[:：]?|導讀\s*[:：]?|相关阅读\s*[:：]?|相關閱讀\s*[:：]?)$"
)
_ORIGINAL_TITLE = re.compile(r"原标题\s*[:：]|原標題\s*[:：]")
_DATE_LINE = re.compile(
    r"^(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*(.{0,20})$"
)
_MARKERS = (_BREADCRUMB, _NAVIGATION, _ORIGINAL_TITLE)
_HEAD_LINES = 12
_TEASER_OVERLAP = 0.35


def accepts(text: str) -> bool:
    lines = [line.strip() for line in text[:3000].split("\n") + text[-1000:].split("\n")]
    return any(marker.search(line) for line in lines if line for marker in _MARKERS)


def parse(text: str) -> ParsedArticle:
    parsed = ParsedArticle()
    lines = []
    for line in clean(text).split("\n"):
        if crumbs := _BREADCRUMB.match(line):
            trail = [c for c in _CRUMB_SEPARATOR.split(crumbs.group(1)) if c and c.lower() not in _HOME]
            parsed.site, parsed.categories = (trail[0], trail[1:]) if trail else ("", [])
        elif not _NAVIGATION.match(line):
            lines.append(line)
    parsed.title, lines = split_title(lines)
    lines = _without_title_echoes(lines, parsed.title)
    lines = _read_head(lines, parsed)
    lines = _without_teasers(lines)
    parsed.text = "\n".join(lines).strip()
    parsed.text = re.sub(r"\n{3,}", "\n\n", parsed.text)
    parsed.body_html = markup.from_paragraphs(parsed.text)
    return parsed


def _without_title_echoes(lines: list[str], title: str) -> list[str]:
    """Drop the title repeated in the body, alone or glued to `原标题:` and itself."""
    if not title:
        return lines
    return [line for line in lines if line != title and not (line.startswith(title) and _ORIGINAL_TITLE.search(line))]


def _read_head(lines: list[str], parsed: ParsedArticle) -> list[str]:
    """Take the date/category line and the credit lines near the top as metadata."""
    kept = []
    for index, line in enumerate(lines):
        if index < _HEAD_LINES and (date := _DATE_LINE.match(line)) and parsed.published_at is None:
            parsed.published_at, parsed.date_only = parse_when(date.group(1))
            category = date.group(2).strip()
            if category and category not in parsed.categories:
                parsed.categories.append(category)
            continue
        if index < _HEAD_LINES and is_credit_line(line):
            authors, editors = credits(line)
            parsed.authors += authors
            parsed.editors += editors
            continue
        kept.append(line)
    return kept


def _vocabulary(text: str) -> set[str]:
    return bigram_set(fold(text))


def _without_teasers(lines: list[str]) -> list[str]:
    """Drop paragraphs at the top that are about another story: truncated summaries
    (ending in `...`) and paragraphs that share little vocabulary with the article."""
    paragraphs = [i for i, line in enumerate(lines) if line]
    head = paragraphs[:4]
    rest = _vocabulary("\n".join(lines[i] for i in paragraphs[4:]))
    drop = set()
    for index in head:
        line = lines[index]
        if publisher(line):  # the statement naming the original publisher belongs
            continue
        if line.endswith(("...", "…")):
            drop.add(index)
            continue
        own = _vocabulary(line)
        if len(own) >= 20 and len(own & rest) / len(own) < _TEASER_OVERLAP:
            drop.add(index)
    return [line for i, line in enumerate(lines) if i not in drop]
