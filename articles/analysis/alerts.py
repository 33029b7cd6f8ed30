"""The daily email digest of saved searches, through Django's email backend (the console
by default: EMAIL_BACKEND and the SMTP settings come from the environment).

`send_digests()` is the whole job: the `send_digests` command runs it, and so can a
periodic task. A search is due once a day; its digest lists the stories imported since
the one before (since it was saved, the first time), and none is sent when there is none."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from articles.analysis import saved
from articles.models import SavedSearch

DIGEST_EVERY = datetime.timedelta(days=1)
# A digest run a few minutes early (a scheduler's jitter) still counts as the next day's.
TOLERANCE = datetime.timedelta(minutes=30)
STORIES_LISTED = 20


def send_digests(now=None, site_url: str = "") -> int:
    """Send every due digest; return how many emails went out."""
    now = now or timezone.now()
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    sent = 0
    due = SavedSearch.objects.filter(email_digest=True).exclude(user__email="").select_related("user")
    for search in due:
        since = search.last_digest_at or search.created_at
        if search.last_digest_at and now - search.last_digest_at < DIGEST_EVERY - TOLERANCE:
            continue
        stories = saved.newest(search, since=since, limit=STORIES_LISTED)
        if stories:
            count = saved.new_count(search, since=since)
            send_mail(_subject(search, count), _body(search, stories, count, site_url), None, [search.user.email])
            sent += 1
        search.last_digest_at = now
        search.save(update_fields=["last_digest_at"])
    return sent


def _subject(search, count: int) -> str:
    return f"新闻档案 · {search.name}：{count} 篇新文章"


def _body(search, stories, count: int, site_url: str) -> str:
    lines = [f"“{search.name}”有 {count} 篇新文章：", ""]
    for article in stories:
        day = timezone.localtime(article.published_at).date().isoformat() if article.published_at else "—"
        lines += [f"{day}  {article.title}", f"    {site_url}{article.get_absolute_url()}"]
    if count > len(stories):
        lines += ["", f"……另有 {count - len(stories)} 篇。"]
    lines += ["", f"全部结果：{site_url}/searches/{search.pk}/"]
    return "\n".join(lines)
