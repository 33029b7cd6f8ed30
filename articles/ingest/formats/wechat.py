"""WeChat public-account articles exported to Markdown (the benchmark corpus):

    #  title
    原创 author  account   2024-03-01 17:50

optionally opened by a `> **原文链接**: URL` line. The account is the site, the names
before it the authors (a leading 原创 only marks original content)."""

import re

from articles.ingest import markup
from articles.ingest.metadata import names, parse_date
from articles.ingest.parsed import ParsedArticle

_SOURCE_LINE = re.compile(r"^>\s*\**\s*原文(?:链接|連結)\s*\**\s*[:：]\s*\**\s*<?(https?://\S+?)>?\s*$")
_TITLE_LINE = re.compile(r"^#\s+(.+?)\s*$")
_BYLINE = re.compile(r"^(.*?)\s*(\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2})\s*$")
# Lines accounts wrap every post in: calls to follow, like, share, read the original.
_CALL_TO_ACTION = re.compile(
    r"^(?:点击上方.{0,4}|点击蓝字.{0,6}|蓝字|关注我们|.{0,4}扫码关注.{0,10}|长按.{0,6}(?:扫码|识别).{0,12}"
    r"|点个.{0,6}在看.{0,8}|在看|点赞|分享|球(?:点赞|在看|分享)|好看你就分享.{0,12}|点击.{0,4}阅读原文.{0,12}"
    r"|阅读原文|点击在看.{0,8}|点击下方卡片.{0,10}|点它.{0,16}|赶紧点击上方.{0,16})$"
)
# A heading after which come only links to the account's other posts.
_MORE_POSTS = re.compile(
    r"^(?:推荐阅读|往期推荐|往期回顾|往期精彩(?:推荐)?|精彩推荐|相关阅读|更多精彩(?:内容)?|热文推荐|近期文章|历史文章)[:：!！]?$"
)
_MARKUP = re.compile(r"[\s*#>\[\]“”\"'←↓→【】]+")


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
    site = credits.pop() if credits else ""
    authors = [name for credit in credits for name in names(credit.removeprefix("原创").strip())]
    body = _without_account_furniture(text.split("\n")[body_start:])
    body_html, plain, images = markup.from_markdown(body)
    return ParsedArticle(
        title=title,
        text=plain,
        body_html=body_html,
        published_at=parse_date(byline.group(2)),
        site=site,
        authors=authors,
        url=url,
        images=images,
    )


def _without_account_furniture(lines: list[str]) -> str:
    """The body without the account's calls to action, and without the list of its
    other posts that closes many articles (推荐阅读, 往期推荐 …)."""
    kept = []
    for index, line in enumerate(lines):
        bare = _MARKUP.sub("", line)
        if _MORE_POSTS.match(bare) and index > len(lines) // 2:
            break
        if not _CALL_TO_ACTION.match(bare):
            kept.append(line)
    return "\n".join(kept)
