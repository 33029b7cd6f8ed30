"""A small archive for the analysis tests, indexed as a real save indexes it.

    story            articles (site, day)                       mentions
    launch           launch (量子位, 2024-01-10)                 Altman, OpenAI
                     launch_version (机器之心, 2024-01-11)       Altman, Brockman   (a version of launch)
    funding          funding (36氪, 2024-03-05)                  Altman, Brockman, OpenAI
    board            board (量子位, undated)                     OpenAI
    google           google (量子位, 2024-03-20)                 —

"OpenAI" is in every story but google's: 3 stories, 4 articles."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles import search
from articles.models import Mention, Organization
from tests.search_helpers import make_article, make_person

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _day(day):
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=SHANGHAI) if day else None


@pytest.fixture
def archive(db):
    launch = make_article(
        "OpenAI 发布新模型", "OpenAI 今天发布了新模型。", site="量子位", published_at=_day("2024-01-10")
    )
    version = make_article(
        "OpenAI 發布新模型",
        "OpenAI 今天發布了新模型。",
        site="机器之心",
        published_at=_day("2024-01-11"),
        canonical=launch,
    )
    funding = make_article(
        "OpenAI 完成融资", "OpenAI 宣布完成新一轮融资。", site="36氪", published_at=_day("2024-03-05")
    )
    board = make_article("OpenAI 董事会变动", "OpenAI 董事会有新成员。", site="量子位")
    google = make_article("谷歌发布新芯片", "谷歌今天发布了新芯片。", site="量子位", published_at=_day("2024-03-20"))
    altman = make_person("Sam Altman", "奥特曼", articles=[launch, version, funding])
    brockman = make_person("Greg Brockman", "布罗克曼", articles=[version, funding])
    openai = Organization.objects.create(name="OpenAI")
    for article in (launch, funding, board):
        Mention.objects.create(article=article, entity=openai)
        search.index_article(article)
    return {
        "launch": launch,
        "version": version,
        "funding": funding,
        "board": board,
        "google": google,
        "altman": altman,
        "brockman": brockman,
        "openai": openai,
    }
