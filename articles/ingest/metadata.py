"""Metadata found in the text or the header of any format."""

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
_CHINESE_DATE = re.compile(r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})")


def parse_date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        pass
    try:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA)
    except ValueError:
        pass
    match = _CHINESE_DATE.search(value)
    if match:
        year, month, day = map(int, match.groups())
        try:
            return datetime(year, month, day, tzinfo=CHINA)
        except ValueError:
            return None
    return None
