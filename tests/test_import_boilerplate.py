"""Boilerplate leaves the text (and the index) by its form, its place and its repetition,
never by a word: a sentence that merely mentions 关注 or 公众号 stays."""

import pytest

from articles import search
from articles.ingest import boilerplate, formats, import_paths
from articles.models import Article
from tests.wechat_posts import STORY, post, write

pytestmark = pytest.mark.django_db

FOOTER = [
    "**往期推荐**",
    "[某厂商修复十个漏洞](https://mp.weixin.qq.com/s/one)",
    "[另一份安全周报](https://mp.weixin.qq.com/s/two)",
    "![](https://images.example.cn/qrcode.png)",
    "长按识别二维码关注我们",
    "商务合作vx：example_wx",
]


def _import(tmp_path, text, name="post.md"):
    summary = import_paths([write(tmp_path, name, text)])
    assert not summary.rejected, summary.rejected
    return Article.objects.get(source_path=str(tmp_path / name))


def test_the_closing_section_calls_to_action_and_contact_lines_leave_the_text(tmp_path):
    article = _import(tmp_path, post("路由器固件曝命令注入漏洞", STORY, footer=FOOTER))
    for junk in ("往期推荐", "某厂商修复十个漏洞", "二维码", "example_wx"):
        assert junk not in article.text and junk not in article.body_html
    assert article.text.endswith(STORY[-1])
    assert "某厂商修复十个漏洞" in article.removed and "长按识别二维码关注我们" in article.removed


def test_a_sentence_that_mentions_such_words_stays(tmp_path):
    mentions = "攻击者伪装成公众号客服，诱导用户扫码关注并填写账号密码，随后盗取了资金。"
    article = _import(tmp_path, post("钓鱼团伙冒充客服", [STORY[0], mentions, STORY[1]], footer=FOOTER))
    assert mentions in article.text


def test_a_disclaimer_goes_wherever_it_sits_and_the_story_after_it_stays(tmp_path):
    disclaimer = "免责声明：本文仅供安全研究与学习参考，请勿用于非法用途，否则后果自负。"
    article = _import(tmp_path, post("漏洞复现", [disclaimer, *STORY]))
    assert "免责声明" not in article.text and "后果自负" in article.removed
    assert article.text.startswith(STORY[0])


def test_a_cue_early_in_a_post_is_a_heading_not_the_end_of_the_story(tmp_path):
    article = _import(tmp_path, post("周报", ["**推荐阅读**", *STORY]))
    assert all(paragraph in article.text for paragraph in STORY)


def test_code_is_never_boilerplate(tmp_path):
    code = "```\ncurl http://target/cgi-bin/luci?cmd=id  # 扫码关注 公众号: x\n```"
    article = _import(tmp_path, post("复现过程", [*STORY, code], footer=FOOTER))
    assert "curl http://target/cgi-bin/luci" in article.text


def test_a_block_the_archive_knows_as_template_goes_at_the_edges_only():
    slogan = "聚焦漏洞情报，守护每一台设备的安全"
    text = post("路由器漏洞", [slogan, *STORY, slogan])
    key = boilerplate.key(boilerplate.compact(slogan))
    parsed = formats.parse(text, lambda publisher, keys: {key} if publisher == "示例安全" else set())
    assert slogan not in parsed.text and parsed.removed.count(slogan) == 2
    inside = formats.parse(post("路由器漏洞", [STORY[0], slogan, STORY[1]]), lambda publisher, keys: {key})
    assert slogan in inside.text  # inside the story a repeated line is the story's own


def test_a_word_found_only_in_footers_finds_no_article(tmp_path):
    footer = [*FOOTER, "本文由奇安信代码卫士编译，转载请注明出处"]
    _import(tmp_path, post("路由器固件曝命令注入漏洞", STORY, footer=footer), "a.md")
    _import(tmp_path, post("另一个漏洞", STORY[1:], footer=footer, byline="安全圈   2024-03-02 10:00"), "b.md")
    for word in ("奇安信", "example_wx", "二维码"):
        assert search.search(word).total == 0, word
    assert search.search("命令注入").total == 1


def test_a_post_made_of_templates_only_keeps_its_text():
    reissued = post("本周课程更新", STORY)
    every_block = {boilerplate.key(boilerplate.compact(paragraph)) for paragraph in STORY}
    parsed = formats.parse(reissued, lambda publisher, keys: every_block)
    assert all(paragraph in parsed.text for paragraph in STORY)


def test_reply_to_get_and_uploaded_to_the_planet_lines_leave_a_post_and_news_of_replies_stays(tmp_path):
    reply_prompt = "关注公众号 某某漏洞文库 并回复 漏洞复现138 即可获得该POC工具下载地址"
    uploaded = "批量扫描POC及POC工具箱已经上传知识星球"
    news = "厂商回复称，用户升级到最新版本即可获得修复。"
    article = _import(tmp_path, post("某OA任意文件读取漏洞", [STORY[0], reply_prompt, uploaded, news, STORY[1]]))
    assert reply_prompt not in article.text and uploaded not in article.text
    assert news in article.text and STORY[1] in article.text


def test_a_disclaimer_of_consequences_goes_and_a_sentence_on_who_pays_for_an_attack_stays(tmp_path):
    disclaimer = (
        "以下内容，均摘自于互联网，由于传播，利用此文所提供的信息而造成的任何直接或间接的后果和损失，"
        "均由使用者本人负责，本号以及文章作者不承担任何责任。"
    )
    news = "该公司表示，不承担因此次攻击造成的客户损失，但将配合调查。"
    article = _import(tmp_path, post("漏洞周报", [disclaimer, STORY[0], news, STORY[1]]))
    assert "均摘自于互联网" not in article.text and "均摘自于互联网" in article.removed
    assert news in article.text


def test_a_caption_spelt_one_character_a_block_is_judged_as_its_words(tmp_path):
    spelt = ["长", "按", "关", "注"]
    dates = ["年", "8", "月"]  # one character a block too, but they spell no call to action
    article = _import(tmp_path, post("漏洞情报", [*STORY, *dates, STORY[0][:20], *spelt]))
    assert not article.text.rstrip().endswith("注")
    assert "长按关注" in "".join(article.removed.split())
    assert "年" in article.text.split(STORY[-1])[-1]


def test_a_plea_for_likes_a_reading_time_and_a_contact_handle_leave_and_advice_to_watch_stays(tmp_path):
    plea = "如果师傅们喜欢我们的文章，请点一个在看和赞鼓励一下我们。"
    reading_time = "本文3027字，阅读约需8分钟"
    handle = "活动中如有问题请联系小助手QQ：12345678"
    advice = "请相关用户给予关注，及时升级到最新版本。"
    article = _import(tmp_path, post("漏洞情报", [reading_time, STORY[0], advice, STORY[1], handle, plea]))
    for junk in (plea, reading_time, handle):
        assert junk not in article.text, junk
    assert advice in article.text and article.text.rstrip().endswith(STORY[1])


def test_a_credit_line_goes_at_the_end_and_an_items_source_inside_a_digest_stays(tmp_path):
    item_source = "来源：https://example.com/news/router-flaw"
    named_source = "来源：某某安全研究院"
    article = _import(
        tmp_path, post("安全周报", [STORY[0], item_source, STORY[1], named_source, STORY[2], "来源：示例安全"])
    )
    assert "示例安全" not in article.text.split(STORY[2])[-1]
    assert item_source.split("：")[1] in article.text and named_source in article.text


def test_an_own_advert_and_a_reading_list_under_a_new_heading_leave_the_post(tmp_path):
    advert = ["打个广子", "我们拥有专业的团队，可承接渗透测试、攻防演练、应急响应等项目"]
    listing = ["往期精选", "[另一份安全周报](https://mp.weixin.qq.com/s/two)"]
    article = _import(tmp_path, post("漏洞分析", [*STORY, *advert, *listing]))
    assert "承接渗透测试" not in article.text and "另一份安全周报" not in article.text
    assert article.text.rstrip().endswith(STORY[-1])


def _headlines(count):
    pairs = [[f"第{n}条：某厂商修复远程代码执行漏洞", f"https://news.example.com/{n}"] for n in range(count)]
    return [line for pair in pairs for line in pair]


def test_the_days_other_headlines_under_the_accounts_heading_leave_and_fix_links_stay(tmp_path):
    heading = "今日安全资讯速递"
    digest = _headlines(6)
    templates = {boilerplate.key(boilerplate.compact(heading))}
    parsed = formats.parse(post("路由器漏洞", [*STORY, heading, *digest]), lambda publisher, keys: templates)
    assert heading not in parsed.text and "第3条" not in parsed.text and STORY[-1] in parsed.text
    downloads = [f"https://vendor.example.com/release/{n}" for n in range(6)]
    fixes = formats.parse(post("路由器漏洞", [*STORY, heading, "升级到以下版本：", *downloads]), lambda p, k: templates)
    assert downloads[3] in fixes.text  # addresses without headlines: where to get the fix
    too_few = formats.parse(post("路由器漏洞", [*STORY, heading, *_headlines(3)]), lambda p, k: templates)
    assert "第2条" in too_few.text


def test_a_summary_that_ends_with_a_disclaimer_is_the_story_and_a_disclaimer_glued_to_a_line_is_cut_off(tmp_path):
    summary = (
        "本次测评过程以答题式趣味学习，在娱乐中学习，深度解析等保测评在现实生活中的重要性，没有做中间件和数据库测评，"
        "因为用的是内置环境，完全测评不太容易实现，有相关学习意愿的师傅可以参考我之前发的文章自行本地复现。"
        "当然，本次测评仅供学习参考，否则后果自负！"
    )
    glued = "免责声明：本文仅供安全研究与学习参考，请勿用于非法用途，否则后果自负。\n一个鲜为人知的处于保留状态的漏洞："
    article = _import(tmp_path, post("漏洞复现", [glued, *STORY, summary]))
    assert "一个鲜为人知的处于保留状态的漏洞" in article.text and "免责声明" not in article.text
    assert "本次测评过程以答题式趣味学习" in article.text


def test_prompts_to_star_to_message_for_a_keyword_and_to_search_the_account_leave(tmp_path):
    prompts = [
        "微信公众号搜索：示例漏洞文库 该文章 示例漏洞文库 公众号首发",
        "文章中的代码可能复制粘贴格式有问题，公众号：示例安全，对我发消息【burp】获取完整代码",
        "不想错过任何消息？设置星标",
        "关于理论篇，可以查看我以前总结的文章参考，点击以下链接直达",
    ]
    article = _import(tmp_path, post("插件开发", [STORY[0], *prompts, STORY[1]]))
    for prompt in prompts:
        assert prompt.split("，")[0][:10] not in article.text, prompt
    assert STORY[0] in article.text and STORY[1] in article.text


def test_a_giveaway_or_a_book_list_closes_the_post(tmp_path):
    for heading in ("玄机邀请码抽奖", "推荐书籍"):
        article = _import(tmp_path, post("应急响应", [*STORY, heading, "参与方式：转发本文到朋友圈"]), f"{heading}.md")
        assert "参与方式" not in article.text and article.text.rstrip().endswith(STORY[-1])


def test_the_days_other_headlines_under_a_heading_never_seen_go_when_the_list_is_long(tmp_path):
    heading = "今日安全资讯速递"
    long_list = formats.parse(post("路由器漏洞", [*STORY, heading, "APT事件", *_headlines(10)]))
    assert "第7条" not in long_list.text and STORY[-1] in long_list.text
    short_list = formats.parse(post("路由器漏洞", [*STORY, heading, *_headlines(6)]))
    assert "第3条" in short_list.text  # the account was never seen to repeat the heading
    campaigns = formats.parse(post("路由器漏洞", [*STORY, "ESET追踪了该组织的攻击活动：", *_headlines(10)]))
    assert "第7条" in campaigns.text  # a sentence that opens a list of the story's own


def test_forms_written_as_one_sentence_leave_and_a_sentence_naming_the_planet_stays():
    joined = "完整报告中英文已上传至情报学院知识星球，长按文章尾部二维码加入知识星球APP下载。"
    news = "该团伙在知识星球上出售窃取的数据，研究人员已向平台举报。"
    parsed = formats.parse(post("朝鲜黑客报告", [STORY[0], joined, news, STORY[1]]))
    assert "长按文章尾部二维码" not in parsed.text and news in parsed.text and STORY[1] in parsed.text


def test_a_heading_written_against_a_paragraph_is_judged_on_its_own():
    closing = f"{STORY[2]}\n#### 4、我的公众号"
    parsed = formats.parse(post("MySQL 查询优化", [STORY[0], STORY[1], closing, "持续更新技术知识"]))
    assert STORY[2] in parsed.text and "我的公众号" not in parsed.text and "持续更新" not in parsed.text
    opening = formats.parse(post("MySQL 查询优化", [f"## 前言\n{STORY[0]}", STORY[1]]))
    assert opening.text.startswith("前言")  # a heading of the story stays with it


def test_the_other_parts_of_a_series_leave_and_the_posts_own_part_stays():
    index = "# 二进制漏洞分析-1.某芯片安全监控漏洞\n# 二进制漏洞分析-2.某浏览器沙箱逃逸"
    own = "**二进制漏洞分析-3.某基带漏洞**"
    parsed = formats.parse(post("二进制漏洞分析-3.某基带漏洞", [index, own, *STORY]))
    assert "沙箱逃逸" not in parsed.text and "安全监控漏洞" not in parsed.text
    assert "某基带漏洞" in parsed.text and STORY[0] in parsed.text
    windows = formats.parse(post("Windows 11 提权漏洞", ["Windows 10 Version 1809 受影响", *STORY]))
    assert "Windows 10 Version 1809" in windows.text  # a title without a series mark numbers no series


def test_the_publishers_own_introduction_closes_the_post_and_its_credit_goes():
    intro = [
        "**文章来源 | bleeping computer**",
        "**示例安全简介**",
        "示例安全是一家专注于漏洞研究的机构。",
        "邮件：public@example.cn；",
    ]
    parsed = formats.parse(post("车机漏洞", [*STORY, *intro]))
    assert parsed.text.rstrip().endswith(STORY[-1])
    early = formats.parse(post("车机漏洞", [STORY[0], *intro[1:3], *STORY[1:]]))
    assert "示例安全简介" in early.text and "专注于漏洞研究" in early.text  # inside the story, a heading


def test_prompts_to_add_a_wechat_id_leave_and_news_of_such_lures_stays():
    prompts = ["请添加微信 examplebot，发送暗号“G币”，加入计划专项群获取", "更多详细内容添加作者微信"]
    lure = "攻击者通过添加微信好友的方式诱骗受害者下载恶意程序，已有多人受骗。"
    parsed = formats.parse(post("活动", [STORY[0], *prompts, lure, STORY[1]]))
    assert "examplebot" not in parsed.text and "添加作者微信" not in parsed.text and lure in parsed.text


def test_a_repeated_advert_goes_inside_a_post_and_repeated_advice_stays():
    advert = (
        "示例安全矩阵星球汇聚了各行业安全攻防技术大咖，每日分享安全技术干货以及交流解答各类技术问题，"
        "现在只需99元就可以加入我们"
    )
    advice = "及时测试并升级到最新版本或升级版本，同时限制管理界面的访问来源"
    known = {boilerplate.key(boilerplate.compact(line)) for line in (advert, advice)}
    parsed = formats.parse(post("某OA漏洞", [STORY[0], advert, advice, STORY[1]]), lambda publisher, keys: known)
    assert "99元" not in parsed.text and advice in parsed.text
    course = formats.parse(post("星球招新", [advert]), lambda publisher, keys: known)
    assert "99元" in course.text  # a post that is the advert keeps it


def test_a_disclaimer_written_against_several_lines_of_the_story_is_cut_off():
    glued = (
        "**本次测试仅供学习使用，如若非法他用，与平台和本文作者无关，需自行负责！**\n"
        "0x01漏洞介绍某软件存在目录遍历漏洞。\n1.访问漏洞环境"
    )
    parsed = formats.parse(post("漏洞复现", [glued, *STORY]))
    assert "如若非法他用" not in parsed.text and "目录遍历漏洞" in parsed.text and "访问漏洞环境" in parsed.text


def test_a_prompt_to_follow_an_account_named_in_brackets_leaves_and_news_of_a_follow_stays():
    prompt = "关注【示例安全验证】，了解安全度量验证平台以及更多安全资讯"
    news = "监管部门表示将持续关注【数据出境】相关企业的整改进度，并在下月公布检查结果与处罚决定。"
    parsed = formats.parse(post("安全验证", [*STORY, news, prompt]))
    assert "了解安全度量验证平台" not in parsed.text and news in parsed.text


def test_a_reading_time_widget_drawn_over_two_lines_at_the_top_leaves_and_short_lines_inside_stay():
    widget = ["读完需要", "6  \n分钟  \n速读仅需 2 分钟"]
    parsed = formats.parse(post("第十五课", ["SSRF漏洞", *widget, *STORY]))
    assert "读完需要" not in parsed.text and "速读仅需" not in parsed.text and "SSRF漏洞" in parsed.text
    inside = formats.parse(post("第十五课", [STORY[0], "读完需要", "6分钟", *STORY[1:]]))
    assert "读完需要" in inside.text and "6分钟" in inside.text


def test_the_plea_to_star_the_account_so_its_pictures_show_leaves():
    plea = (
        "朋友们现在只对常读和星标的公众号才展示大图推送，建议大家把  \n**示例安全**  \n"
        "“设为星标”，否则可能就看不到了啦！"
    )
    news = "微信调整了订阅号消息的排序规则，用户常读的账号将排在信息流的前面，这一变化引发了广泛讨论。"
    parsed = formats.parse(post("漏洞复现", [plea, STORY[0], news, *STORY[1:]]))
    assert "大图推送" not in parsed.text and news in parsed.text and parsed.text.startswith(STORY[0])
    heading = "**0x01 前言**"  # the account's heading after it opens the story: the trim stops at the plea
    known = {boilerplate.key(boilerplate.compact(heading))}
    opened = formats.parse(post("漏洞复现", [plea, heading, *STORY]), lambda publisher, keys: known)
    assert "大图推送" not in opened.text and "0x01 前言" in opened.text


def test_a_menu_of_reply_keywords_leaves_and_a_sentence_about_getting_things_stays():
    menu = (
        "关注公众号后台回复 0001  \n 领取思维导图，0002  \n 领取激活码，0003  \n 获取 工具集 4.9.1 版，0004  \n"
        " 获取在线靶场地址，0005  \n 获取渗透集成环境"
    )
    story = "攻击者回复钓鱼邮件后获取了凭据，随后获取管理员权限，最终获取了数据库中的全部数据。"
    parsed = formats.parse(post("打点记录", [*STORY, story, menu]))
    assert "思维导图" not in parsed.text and "激活码" not in parsed.text and story in parsed.text


def test_a_prompt_to_click_to_buy_leaves_and_an_events_own_rules_stay():
    rules = ["**活动说明：**", "**转发本文至朋友圈即可参与抽奖！**", "**开奖后，请中奖的同学将截图发送至公众号后台**"]
    parsed = formats.parse(post("赠书", [*STORY, "▼  \n点击下方，即可购书", *rules]))
    assert "购书" not in parsed.text and "购书" in parsed.removed
    assert "活动说明" in parsed.text and "开奖后" in parsed.text  # an event post's rules are its text


def test_a_buy_button_and_a_welcome_to_follow_line_leave():
    parsed = formats.parse(post("课程", [STORY[0], "**¥499\xa0 立即学习🛒**", *STORY[1:], "备用号，欢迎关注"]))
    assert "立即学习" not in parsed.text and "欢迎关注" not in parsed.text
    assert all(paragraph in parsed.text for paragraph in STORY)


def test_a_last_block_that_ends_in_a_call_to_action_leaves_and_inside_the_post_stays():
    prompt = "目前，示例科技已有完整版防护方案，  \n**“扫描下方二维码”**  \n获取完整版方案。"
    qr = "![](https://images.example.cn/qrcode.png)"
    parsed = formats.parse(post("勒索攻击", [*STORY, prompt, qr]))
    assert "完整版防护方案" not in parsed.text and parsed.text.rstrip().endswith(STORY[-1])
    inside = formats.parse(post("勒索攻击", [STORY[0], prompt, *STORY[1:]]))
    assert "完整版防护方案" in inside.text
    lure = "警方通报，该团伙在多个城市张贴海报，诱导受害者扫描二维码下载所谓的补贴申领程序，随后窃取了其账户中的资金。"
    assert lure in formats.parse(post("诈骗", [*STORY, lure])).text


def test_a_closing_section_after_a_post_that_is_mostly_code_leaves():
    checks = "```\n" + "\n".join(f"/module{n}/upload.jsp 任意文件上传漏洞检测" for n in range(12)) + "\n```"
    pitch = ["**知识星球**", "仅前1-400名: 99¥，400-600名: 128¥，所剩不多了...！"]
    story = ["工具介绍", "某平台一键漏洞探测工具，支持批量探测。", checks]
    parsed = formats.parse(post("一键漏洞检测工具", [*story, *pitch]))
    assert "所剩不多了" not in parsed.text and "/module11/upload.jsp" in parsed.text
