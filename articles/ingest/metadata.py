"""Metadata read out of headers and text, whatever the format: dates, credits
(作者/编辑), the original publisher named in the text, site names."""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_CHINESE_DATE = re.compile(
    r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
)


def parse_when(value) -> tuple[datetime | None, bool]:
    """A date from RFC 2822, ISO 8601, `2024-11-14`, `2024年3月6日` or a datetime, and
    whether the source gave a day only. A time keeps the offset the
    source gives it (China's when it gives none); a day is midnight in China."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=CHINA)), False
    if hasattr(value, "year") and hasattr(value, "month"):  # a YAML date
        return datetime(value.year, value.month, value.day, tzinfo=CHINA), True
    value = str(value or "").strip()
    if not value:
        return None, False
    try:
        return parsedate_to_datetime(value), False
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed = datetime.fromisoformat(value)
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA)), bool(_ISO_DAY.match(value))
    except ValueError:
        pass
    match = _CHINESE_DATE.search(value)
    if match:
        numbers = [int(n) if n else 0 for n in match.groups()]
        try:
            return datetime(*numbers, tzinfo=CHINA), match.group(4) is None
        except ValueError:
            return None, False
    return None, False


# The dates an article can have: none before 1900, none more than a day ahead (a clock
# a little off, a time zone east of ours).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)


def implausible(value: datetime, now: datetime) -> str:
    """Why `value` cannot be an article's date ('' when it can)."""
    try:
        utc = value.astimezone(UTC)
    except OverflowError:  # 9999-12-31 west of UTC, 0001-01-01 east of it: beyond Python's years
        return "before 1900" if value.year < 5000 else "more than a day in the future"
    if utc < EARLIEST:
        return "before 1900"
    if utc > now + AHEAD:
        return "more than a day in the future"
    return ""


# --- credits ------------------------------------------------------------------------

_CREDIT_END = r"[^，,。；;|｜\n（(【\[]"
_AUTHOR = re.compile(rf"(?:作者|作\s+者|撰文)\s*[:：]\s*({_CREDIT_END}{{1,40}})")
_EDITOR = re.compile(rf"(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\s*[:：]\s*({_CREDIT_END}{{1,40}})")
_NAME_SEPARATORS = re.compile(r"\s*[、，,/&＆]\s*|\s+(?:和|及|与|與|and)\s+")
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z.'·-]*$")
_TRAILING_NOISE = re.compile(r"(?:授权|授權|转载|轉載|经授权|經授權|发布|發布).*$")


def names(value: str) -> list[str]:
    """`泽南、张倩` → two names; `白交 衡宇` → two; `Jason Wei` stays one name."""
    found = []
    for chunk in _NAME_SEPARATORS.split(_TRAILING_NOISE.sub("", value).strip()):
        words = chunk.split()
        merged = []
        for word in words:
            if merged and _LATIN_WORD.match(word) and _LATIN_WORD.match(merged[-1].split()[-1]):
                merged[-1] += " " + word
            else:
                merged.append(word)
        found.extend(name for name in merged if 0 < len(name) <= 30)
    return list(dict.fromkeys(found))


# Not a name: a call to follow, an address, a handle's platform.
_NOT_A_NAME = re.compile(r"https?:|www\.|\.com|点击|关注|扫码|公众号|阅读原文|订阅|星标|置顶|蓝字")
_DECORATION = re.compile(
    r"[\U0001F000-\U0001FFFF\u2190-\u21ff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200b-\u200d]+|->|→_→|[<>]+"
)
_PLATFORM_PREFIX = re.compile(r"^(?:b站|bilibili|抖音|知乎|微博|csdn)\s*(?:up主?)?\s*[:：@]\s*", re.I)


def author_names(value: str) -> list[str]:
    """`names()` without emoji, arrows, platform prefixes or prompts (`点击关注👉` is no one)."""
    value = _PLATFORM_PREFIX.sub("", _DECORATION.sub("", value).strip())
    return [name for name in names(value) if not _NOT_A_NAME.search(name.lower()) and re.search(r"\w", name)]


def credits(text: str) -> tuple[list[str], list[str]]:
    """(authors, editors) named in the text by 作者: / 编辑: lines or clauses."""
    head_and_tail = text[:3000] + "\n" + text[-3000:] if len(text) > 6000 else text
    author = _AUTHOR.search(head_and_tail)
    editor = _EDITOR.search(head_and_tail)
    return (author_names(author.group(1)) if author else []), (names(editor.group(1)) if editor else [])


_CREDIT_LINE = re.compile(
    rf"^(?:作者|编辑|編輯|责任编辑|責任編輯|责编|責編|撰文|来源|來源)\s*[:：]\s*{_CREDIT_END}{{1,40}}$"
)


def is_credit_line(line: str) -> bool:
    """A line that is nothing but a credit (`編輯:編輯部 HYZ`): metadata, not body text."""
    return bool(_CREDIT_LINE.match(line.strip()))


# --- publisher --------------------------------------------------------------------

_QUOTED = r"[“\"「『]?\s*([^”\"」』（(，,\s]{2,30}?)\s*[”\"」』]?"
_PUBLISHER = [
    re.compile(
        rf"本文(?:来自|來自|转载自|轉載自|转自|轉自)(?:微信)?(?:公众号|公眾號)?\s*[:：]?\s*{_QUOTED}\s*[（(，,]"
    ),
    re.compile(r"【\s*([^】\s]{2,12}?)\s*(?:导读|導讀)\s*】"),
    re.compile(
        rf"(?:文章)?(?:来源|來源|出处|出處)\s*[:：]\s*(?:微信)?(?:公众号|公眾號)?\s*{_QUOTED}(?:[（(，,。\s]|$)"
    ),
]


def publisher(text: str) -> str:
    """The original publisher the text names: 本文来自微信公众号“机器之心”, 【新智元導讀】."""
    head_and_tail = text[:3000] + "\n" + text[-3000:] if len(text) > 6000 else text
    for pattern in _PUBLISHER:
        match = pattern.search(head_and_tail)
        if match:
            return match.group(1).strip()
    return ""


# --- sites ------------------------------------------------------------------------

# Sites known by their address or the slug feeds file them under.
SITES = {
    "36kr": "36氪",
    "qbitai": "量子位",
    "jiqizhixin": "机器之心",
    "huxiu": "虎嗅",
    "ithome": "IT之家",
    "mydrivers": "快科技",
    "sina": "新浪",
    "163": "网易",
    "qq": "腾讯",
    "sohu": "搜狐",
    "ifanr": "爱范儿",
    "geekpark": "极客公园",
    "leiphone": "雷锋网",
    "infoq": "InfoQ",
    "csdn": "CSDN",
}


def site_from_url(url: str) -> str:
    host = urlsplit(url if "//" in url else "https://" + url).hostname or ""
    labels = host.removeprefix("www.").split(".")
    for label in labels:
        if label in SITES:
            return SITES[label]
    return ""


def site_from_slug(slug: str) -> str:
    """`36krai` → 36氪: a feed category named after its site."""
    slug = str(slug).lower()
    for key, name in SITES.items():
        if slug.startswith(key) and not slug[len(key) : len(key) + 1].isdigit():
            return name
    return ""
