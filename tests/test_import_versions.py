"""Versions of a story found across scripts and boilerplate, whatever the order they come in."""

import heapq
import shutil

import pytest

from articles.ingest import fingerprint, import_paths, store
from articles.models import Article
from articles.text import fold
from tests.paths import FIXTURES, SEEDS

pytestmark = pytest.mark.django_db

SIMPLIFIED = SEEDS / "000_9beeb652d9d13dcb.txt"
TRADITIONAL = SEEDS / "001_29d8b1582fbb2dff.txt"


def test_untitled_copy_imported_first_gets_a_first_sentence_title_then_its_story_title(tmp_path):
    shutil.copy(TRADITIONAL, tmp_path / "a_untitled.txt")
    import_paths([tmp_path / "a_untitled.txt"])
    alone = Article.objects.get()
    assert alone.title == "爲什麽是 OpenAI 率先打造出了 Sora?"

    shutil.copy(SIMPLIFIED, tmp_path / "b_titled.txt")
    summary = import_paths([tmp_path / "b_titled.txt"])
    assert summary.counts["duplicate"] == 1
    untitled = Article.objects.get(source_path__endswith="a_untitled.txt")
    titled = Article.objects.get(source_path__endswith="b_titled.txt")
    assert titled.canonical is None, "the richer version becomes canonical"
    assert untitled.canonical == titled
    assert untitled.title.startswith("Sora爲何出自OpenAI？一線員工作息時間線")


def test_a_repost_with_other_boilerplate_is_a_version(tmp_path):
    original = SEEDS / "003_4be8cc1ea2574548.txt"
    repost = original.read_text(encoding="utf-8").replace("當前位置: 華文星空 > 心靈", "當前位置: 某轉載站 > 科技")
    repost += "\n\n本文轉載自網絡,版權歸原作者所有。\n關注我們獲取更多資訊。\n"
    (tmp_path / "repost.txt").write_text(repost, encoding="utf-8")
    import_paths([original, tmp_path / "repost.txt"])
    repost_article = Article.objects.get(source_path__endswith="repost.txt")
    assert repost_article.canonical.source_file == original.name


def test_each_version_keeps_its_own_text_and_file_name(seeds):
    assert seeds["000"].text != seeds["001"].text
    assert {seeds["000"].source_file, seeds["001"].source_file} == {SIMPLIFIED.name, TRADITIONAL.name}


def test_recurring_bulletins_with_the_same_wording_months_apart_are_separate_stories(tmp_path):
    bulletin = (FIXTURES / "import" / "wechat_original.md").read_text(encoding="utf-8")
    (tmp_path / "march.md").write_text(bulletin, encoding="utf-8")
    june = bulletin.replace("2024-03-01", "2024-06-07").replace("1.0 至 1.4", "2.0 至 2.3").replace("1.5", "2.4")
    (tmp_path / "june.md").write_text(june, encoding="utf-8")
    (tmp_path / "march_repost.md").write_text(bulletin.replace("2024-03-01", "2024-03-02"), encoding="utf-8")
    import_paths([tmp_path])
    stories = {a.source_file: a.canonical.source_file if a.canonical else None for a in Article.objects.all()}
    assert stories == {"june.md": None, "march.md": None, "march_repost.md": "march.md"}


def test_advisories_written_from_one_template_stay_separate_stories(tmp_path):
    bulletin = (FIXTURES / "import" / "wechat_original.md").read_text(encoding="utf-8")
    first = bulletin.replace("示例安全周报：某开源组件修复高危漏洞", "CVE-2024-1111：某开源组件修复高危漏洞")
    second = first.replace("CVE-2024-1111", "CVE-2024-2222").replace("1.0 至 1.4", "2.0 至 2.3")
    (tmp_path / "first.md").write_text(first, encoding="utf-8")
    (tmp_path / "second.md").write_text(second, encoding="utf-8")
    import_paths([tmp_path])
    assert Article.objects.canonical().count() == 2


def test_a_repost_another_account_retitled_is_a_version(tmp_path):
    # Seen in the corpus: 安全圈 reposts a story under its own wording of the title, the
    # text unchanged but a header line; "0 Day" and "0Day" are one identifier.
    bulletin = (FIXTURES / "import" / "wechat_original.md").read_text(encoding="utf-8")
    (tmp_path / "original.md").write_text(bulletin, encoding="utf-8")
    retitled = bulletin.replace(
        "示例安全周报：某开源组件修复高危漏洞", "【安全圈】高危！这个开源组件的漏洞终于被修复了"
    )
    retitled = retitled.replace("2024-03-01", "2024-03-02").replace("**点击蓝字 关注我们**", "关键词：安全漏洞", 1)
    (tmp_path / "retitled.md").write_text(retitled, encoding="utf-8")
    import_paths([tmp_path])
    assert Article.objects.canonical().count() == 1
    assert fingerprint.titles_agree("谷歌:2023年被利用的漏洞70%是0 day", "【安全圈】谷歌:2023年被利用的漏洞70%是0day")


def test_a_version_whose_file_changes_to_another_story_leaves_its_story(tmp_path):
    shutil.copy(SIMPLIFIED, tmp_path / "a.txt")
    shutil.copy(TRADITIONAL, tmp_path / "b.txt")
    import_paths([tmp_path])
    assert Article.objects.get(source_path__endswith="b.txt").canonical is not None

    shutil.copy(SEEDS / "004_4d2cc72df5aa22cc.txt", tmp_path / "b.txt")
    assert import_paths([tmp_path]).counts["updated"] == 1
    changed = Article.objects.get(source_path__endswith="b.txt")
    assert changed.canonical is None and changed.title == "硅谷AI研發精英,每周需工作100小時"
    assert not Article.objects.get(source_path__endswith="a.txt").versions().exists()


def _clause_hash(clause: str) -> int:
    (found,) = fingerprint.clauses(fold(clause))
    return found


def test_a_version_is_found_when_its_boilerplate_is_in_more_articles_than_the_lookup_reads(tmp_path, monkeypatch):
    """The lookup reads a bounded number of articles per sketch key, the newest first: a
    story whose sketch is all boilerplate, shared by older bulletins, is still found."""
    monkeypatch.setattr(store, "PER_KEY", 3)
    boilerplate = [f"本账号声明之第{n}条内容仅供学习参考" for n in range(30)]
    threshold = heapq.nsmallest(fingerprint.SKETCH_SIZE, map(_clause_hash, boilerplate))[-1]
    # Every article's own clauses hash above the boilerplate keys of the sketches, so that
    # all the sketches are the same sixteen boilerplate keys.
    own = [c for c in (f"某厂商修复远程代码执行问题细节{n}" for n in range(200)) if _clause_hash(c) > threshold][:7]
    bulletins = [c for c in (f"第{n}期周报的独有内容" for n in range(200)) if _clause_hash(c) > threshold][:5]
    for n, bulletin_own in enumerate(bulletins):
        bulletin = "。".join([*boilerplate, bulletin_own])
        (tmp_path / f"{n}_bulletin.md").write_text(f"# 安全周报第{n}期\n\n{bulletin}。\n", encoding="utf-8")
    story = "。".join([*boilerplate, *own[:6]])
    (tmp_path / "6_story.md").write_text(f"# 某厂商修复远程代码执行漏洞\n\n{story}。\n", encoding="utf-8")
    (tmp_path / "7_repost.md").write_text(f"# 某厂商修复远程代码执行漏洞\n\n{story}。{own[6]}。\n", encoding="utf-8")

    summary = import_paths([tmp_path])
    assert summary.counts["duplicate"] == 1, summary.rejected
    repost = Article.objects.get(source_path__endswith="7_repost.md")
    assert [version.source_file for version in repost.versions()] == ["6_story.md"]
