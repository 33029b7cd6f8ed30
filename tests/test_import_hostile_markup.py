"""Markup built to break a parser: Markdown nested tens of thousands of levels deep (it
crashed the whole import process), HTML nested deep enough to take minutes to sanitise,
and YAML front matter whose aliases stand for billions of values. Each is refused with
its reason, quickly, and the rest of the batch lands."""

import time

import pytest

from tests.hostile import add_good_files, assert_landed, assert_pages_answer, record_of, run_import

pytestmark = pytest.mark.django_db

ARTICLE = "OpenAI 的研究人员介绍了新的模型。\n\n第二段讲同一个故事。\n"
BILLION_LAUGHS = "\n".join(
    ["---", "title: 笑", 'a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    + ["tags: *i", "---", "", ARTICLE]
)
HOSTILE = {
    "quotes.md": "# 引用\n\n" + ">" * 100_000 + " 深\n\n" + ARTICLE,
    "lists.md": "# 列表\n\n" + "- " * 50_000 + "深\n\n" + ARTICLE,
    "indented.md": "# 缩进\n\n" + "\n".join("  " * level + "- 深" for level in range(1_500)) + "\n\n" + ARTICLE,
    "emphasis.md": "# 强调\n\n" + "*" * 100_000 + "深" + "*" * 100_000 + "\n\n" + ARTICLE,
    "divs.html": "<!doctype html><html><body><article>" + "<div>" * 220_000 + ARTICLE + "</div>" * 220_000,
    "divs-in-markdown.md": "# 嵌套\n\n<div>\n" + "<section>" * 100_000 + "\n\n" + ARTICLE,
    "laughs.md": BILLION_LAUGHS,
    "recursive.md": "---\ntitle: 自己\ntags: &x [*x]\n---\n\n" + ARTICLE,
    "deep-yaml.md": "---\ntitle: 深\ntags: " + "[" * 10_000 + "]" * 10_000 + "\n---\n\n" + ARTICLE,
}
REASONS = {
    "quotes.md": "the Markdown is nested 100,000 levels deep, more than the limit of 100 (IMPORT_MAX_NESTING)",
    "lists.md": "the Markdown is nested 50,000 levels deep",
    "indented.md": "the Markdown is nested",
    "emphasis.md": "the Markdown emphasis is nested 50,000 levels deep",
    "divs.html": "the HTML is nested 101 levels deep, more than the limit of 100 (IMPORT_MAX_NESTING)",
    "divs-in-markdown.md": "the HTML is nested 101 levels deep",
    "laughs.md": "the front matter stands for more than 10,000 values (YAML aliases?)",
    "recursive.md": "the front matter is nested 101 levels deep",
    "deep-yaml.md": "broken front matter: nested too deep to read",
}


@pytest.fixture
def folder(tmp_path):
    good = add_good_files(tmp_path)
    for name, text in HOSTILE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "nested-fine.md").write_text(
        "# 正常的嵌套\n\n> 引用\n> > 引用里的引用\n\n- 一\n  - 二\n    - 三\n\n" + ARTICLE, encoding="utf-8"
    )
    return tmp_path, good


def test_markup_bombs_are_refused_with_their_reason_and_the_batch_lands(folder, client):
    path, good = folder
    started = time.monotonic()
    out, err = run_import(path)
    assert time.monotonic() - started < 120, "refusing them costs little"
    assert f"{len(HOSTILE)} rejected" in out, err
    assert_landed(*good, "nested-fine.md")
    for name, reason in REASONS.items():
        assert record_of(name).message.startswith(reason), (name, record_of(name).message)
    assert_pages_answer(client)


def test_the_nesting_limit_comes_from_the_settings(tmp_path, settings):
    settings.IMPORT_MAX_NESTING = 3
    (tmp_path / "four.md").write_text("# 四层\n\n> > > > 深\n\n" + ARTICLE, encoding="utf-8")
    run_import(tmp_path)
    assert record_of("four.md").message == (
        "the Markdown is nested 4 levels deep, more than the limit of 3 (IMPORT_MAX_NESTING)"
    )


@pytest.mark.django_db(transaction=True)  # the workers are other processes: they see committed rows only
def test_two_workers_refuse_a_markdown_bomb_without_hanging(folder):
    path, good = folder
    out, err = run_import(path / "quotes.md", path / good[0], workers=2)
    assert "2 files read: 1 new" in out and "1 rejected" in out, err
