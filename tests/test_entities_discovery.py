"""Names nobody listed: found by the words around them, by LAC in cue sentences, and by
recurrence across stories; created unreviewed, with their evidence."""

import pytest

from articles.entities import discovery, patterns, taggers
from articles.entities.editing import relink
from articles.models import Alias, Article, BlockedName, Entity, EntityKind, Mention, Sighting
from articles.text import fold

pytestmark = pytest.mark.django_db


def names(candidates, kind=None):
    return {c.name for c in candidates if kind is None or c.kind == kind}


def article(text, title="标题", **fields):
    path = f"/tests/{len(Article.objects.all())}-{fold(text)[:20]}.txt"
    return Article.objects.create(title=title, text=text, source_path=path, search_text=fold(text), **fields)


def mentioned(art):
    return {m.entity.name: m.count for m in Mention.objects.filter(article=art).select_related("entity")}


# --- patterns: the cue is the evidence -----------------------------------------------------


@pytest.mark.parametrize(
    "text,name",
    [
        ("网络安全公司 CrowdStrike 指出，勒索团伙利用了漏洞。", "CrowdStrike"),
        ("云安全公司 Qualys 指出：该漏洞影响深远。", "Qualys"),
        ("该漏洞由 Synacktiv 公司的研究人员发现。", "Synacktiv"),
        ("据 Horizon3AI 的研究人员称，该漏洞可被利用。", "Horizon3AI"),
        ("KnownSec 404团队的两名成员独立报告了此漏洞。", "KnownSec 404团队"),
        ("俄罗斯黑客组织 RomCom 利用了两个零日漏洞。", "RomCom"),
        ("研究人员发现 TAG-70 与白俄罗斯有关联，APT28 也在其列。", "TAG-70"),
        ("由 Exodus Intelligence 的研究员分析。", "Exodus Intelligence"),
        ("讲师团队\n星盟安全团队：拥有丰富实战经验。", "星盟安全团队"),
        ("学分制系统由上海鹏达计算机系统开发有限公司研发。", "上海鹏达计算机系统开发有限公司"),
        ("近日，中国网络安全产业联盟发布报告。", "中国网络安全产业联盟"),
        ("深瞳漏洞实验室的研究员提交了漏洞。", "深瞳漏洞实验室"),
        ("勒索团伙攻击了纽约的Kingsbrook犹太医疗中心。", "Kingsbrook犹太医疗中心"),  # Latin against Chinese
        ("Interfaith医疗中心称其系统已恢复。", "Interfaith医疗中心"),
    ],
)
def test_an_organization_beside_a_cue_is_found(text, name):
    assert name in names(patterns.organizations(text), EntityKind.ORGANIZATION)


@pytest.mark.parametrize(
    "text",
    [
        "Intruder 还提供其安全团队的专业分析。",  # 安全团队: no name before the cue
        "如今往往需要多名顶尖黑客组成团队。",  # a clause, not a name
        "来自 Chrome团队的发布更新表示。",  # the team behind a product
        "深圳市拓普泰尔科技有限公司RG2000存在命令执行漏洞。",  # a model number after a company
        "为客户提供面向大型企业集团的方案。",
        "请打开Windows安全中心查看。",  # a product's settings page
    ],
)
def test_a_cue_without_a_name_before_it_finds_no_organization(text):
    found = names(patterns.organizations(text))
    generic = {"安全团队", "组成团队", "Chrome团队", "RG2000", "大型企业集团", "企业集团", "Windows安全中心"}
    assert not found & generic, found


def test_people_after_what_they_do_are_found_with_their_handles():
    text = (
        "安全研究人员Nacl、WHOAMI、Yemoli和Ruozhi发现了这两个漏洞。"
        "该漏洞由Palo Alto Networks的安全研究人员Edouard Bochin (@le_douds)和Tao Yan (@Ga1ois)展示。"
        "由Zhenghang Xiao (@Kipreyyy)于2024年03月12日报告。独立安全研究员 Nephster在 GitHub 上发布了代码。"
    )
    found = {c.name: c for c in patterns.people(text)}
    assert {"Nacl", "WHOAMI", "Yemoli", "Ruozhi", "Edouard Bochin", "Tao Yan", "Zhenghang Xiao", "Nephster"} <= set(
        found
    )
    assert found["Edouard Bochin"].other_names == ["le_douds"]
    assert "GitHub" not in found


def test_credited_translators_and_editors_are_people():
    found = names(patterns.people("* 本文为陈发明编译，原文地址见文末。\n编辑：左右里\n资讯来源：Oligo Security"))
    assert {"陈发明", "左右里"} <= found


def test_a_latin_name_before_a_verb_of_saying_is_a_person():
    assert "Aline Eliovich" in names(patterns.people("该漏洞由 Akamai 的 Aline Eliovich 发现，编号为 CVE-2024-7029。"))


def test_a_latin_name_before_what_it_showed_somewhere_is_a_person_and_a_team_is_not():
    text = "Manfred Paul在Pwn2Own 2024期间展示了这个漏洞。Wiz Research在云环境中发现了该问题。"
    found = names(patterns.people(text + "研究机构Palo Alto Networks在报告中披露了攻击细节。"))
    assert "Manfred Paul" in found and not found & {"Wiz Research", "Alto Networks", "Palo Alto"}


# --- LAC: run on cue sentences only, its junk filtered -------------------------------------


def test_a_person_taking_charge_after_an_adverb_is_beside_a_cue():
    found = {c.name: c for c in taggers.lac("管理委员会名单：陈定佳负责研发线；程一笑全面负责公司治理。")}
    assert found["程一笑"].cue and found["陈定佳"].cue


def test_a_list_or_a_source_keeps_names_not_what_they_are():
    text = "据网络安全公司HudsonRock报道，数据已泄露。受影响的有微软、谷歌、网络安全公司等多家公司。"
    found = names(patterns.organizations(text))
    assert {"HudsonRock", "微软", "谷歌"} <= found
    assert not found & {"网络安全公司HudsonRock", "有微软", "网络安全公司"}, found


def test_an_organization_described_after_this_or_that_is_no_name():
    text = "这家家用机器人公司于 1990 年创立，以发明机器人闻名。该网络安全公司表示将修复漏洞。"
    assert not names(taggers.lac(text)) & {"家用机器人公司", "网络安全公司"}


def test_a_known_organization_with_its_country_before_it_is_that_organization(settings):
    settings.ENTITY_DISCOVERY = ["pattern", "lac"]
    microsoft = Entity.objects.create(kind=EntityKind.ORGANIZATION, name="Microsoft", reviewed=True)
    Alias.objects.create(entity=microsoft, name="微软")
    art = article("Remote Procedure Call Runtime是美国微软（Microsoft）公司的一种用于创建分布式程序的技术。")
    relink([art])
    assert not Entity.objects.filter(name="美国微软").exists()
    assert mentioned(art) == {"Microsoft": 1}


# --- units of known organizations ------------------------------------------------------------


def test_a_unit_named_after_a_known_organization_is_an_organization_of_its_own():
    tencent = Entity.objects.create(kind=EntityKind.ORGANIZATION, name="腾讯", reviewed=True)
    Entity.objects.create(kind=EntityKind.ORGANIZATION, name="知道创宇", reviewed=True)
    art = article("腾讯安全威胁情报中心发布月度报告，知道创宇404实验室也发出预警。腾讯表示已修复。")
    relink([art])
    units = Entity.objects.filter(name__in=["腾讯安全威胁情报中心", "知道创宇404实验室"], reviewed=False)
    assert units.count() == 2
    found = mentioned(art)
    assert found["腾讯安全威胁情报中心"] == 1 and found["知道创宇404实验室"] == 1
    assert found[tencent.name] == 1  # the longest name wins: the centre's name is not a mention of 腾讯
    assert "知道创宇" not in found


@pytest.mark.parametrize(
    "text",
    [
        "谷歌团队发布了更新。",  # the company's team
        "谷歌安全团队发布了更新。",  # generic words only
        "谷歌还提供其安全团队的分析。",  # a clause after the name
        "谷歌和微软的研究团队合作。",  # two organizations' people
    ],
)
def test_words_after_a_known_organization_that_name_no_unit_find_none(text):
    Entity.objects.create(kind=EntityKind.ORGANIZATION, name="谷歌", reviewed=True)
    art = article(text)
    relink([art])
    assert not Entity.objects.filter(reviewed=False).exists()
    assert mentioned(art) == {"谷歌": 1}


def test_lac_reads_only_the_sentences_with_a_cue():
    text = "今天天气很好，我们去公园散步吧\n深信服千里目安全技术中心发布漏洞通告。\n星期天下雨了"
    assert [s for _, s in taggers.cue_sentences(text)] == ["深信服千里目安全技术中心发布漏洞通告"]


def test_lac_finds_chinese_organizations_and_people_beside_cues():
    text = "北京通达信科科技有限公司表示将修复。研究员闫志坤发现了该漏洞。腾讯安全玄武实验室发布报告。"
    found = {c.name: c for c in taggers.lac(text)}
    assert found["北京通达信科科技有限公司"].kind == EntityKind.ORGANIZATION and found["北京通达信科科技有限公司"].cue
    assert found["闫志坤"].kind == EntityKind.PERSON and found["闫志坤"].cue
    assert found["腾讯安全玄武实验室"].cue  # LAC stops before 实验室: the name is whole again


def test_lac_junk_is_filtered_out():
    text = (
        "👉 扫码立即加入，公司群里见！😄 研究人员表示。\n"
        "公司链接 http://mp.weixin.qq.com/s?__biz=MzkxNzA3MTgyNg==&mid=2247514213 已发布。\n"
        "该公司表示：初创公司也能做到。"
    )
    found = names(taggers.lac(text))
    assert not any(not name.strip() or "biz" in name or "=" in name or not fold(name).isalnum() for name in found), (
        found
    )
    assert "初创公司" not in found


def test_a_product_after_a_vendor_name_is_cut_off():
    found = {c.name for c in taggers.lac("用友网络是全球领先的公司，用友U8 系统由该公司发布。")}
    assert "用友U8" not in found


# --- entities: unreviewed, with evidence; recurrence across stories --------------------------


def test_a_discovered_entity_is_unreviewed_with_its_evidence():
    art = article("云安全公司 Qualys 指出，Qualys 的研究人员发现了它。")
    relink([art])
    entity = Entity.objects.get(name="Qualys")
    assert not entity.reviewed
    assert entity.evidence == {"methods": ["pattern"], "cue": True}
    assert mentioned(art) == {"Qualys": 2}


def test_a_name_a_tagger_gives_without_a_cue_waits_until_it_recurs_in_another_story(settings):
    settings.ENTITY_DISCOVERY = ["lac"]
    first = article("昨天赵长鹏在大会上发布了新书")
    relink([first])
    assert not Entity.objects.filter(name="赵长鹏").exists()
    assert Sighting.objects.get(folded="赵长鹏").article_ids == [first.pk]

    second = article("今天赵长鹏又来到这座城市发布新书")
    relink([second])
    entity = Entity.objects.get(name="赵长鹏", kind=EntityKind.PERSON)
    assert not entity.reviewed and entity.evidence == {"methods": ["lac"], "cue": False}
    assert mentioned(first) == {"赵长鹏": 1} and mentioned(second) == {"赵长鹏": 1}  # both linked at once
    assert not Sighting.objects.exists()


def test_versions_of_one_story_are_one_sighting(settings):
    settings.ENTITY_DISCOVERY = ["lac"]
    original = article("昨天赵长鹏在大会上发布了新书")
    version = article("昨天趙長鵬在大會上發布了新書", canonical=original)
    relink([original, version])
    assert not Entity.objects.filter(name__in=["赵长鹏", "趙長鵬"]).exists()


def test_a_blocked_name_is_never_discovered():
    BlockedName.objects.create(name="Qualys")
    art = article("云安全公司 Qualys 指出，该漏洞影响深远。")
    relink([art])
    assert not Entity.objects.filter(name="Qualys").exists() and mentioned(art) == {}


def test_the_background_pass_runs_lac_on_articles_it_has_not_read(call, settings):
    settings.ENTITY_DISCOVERY = ["pattern"]
    art = article("深信服表示将尽快修复该漏洞。")
    relink([art])
    assert mentioned(art) == {}  # no pattern sees it: LAC does, after the import

    out, _ = call("discover_entities")
    assert "1 articles linked" in out
    assert mentioned(art) == {"深信服": 1}
    art.refresh_from_db()
    assert art.tagged_at is not None
    out, _ = call("discover_entities")
    assert "0 articles linked" in out  # read once; --all reads them again


def test_an_unknown_method_is_a_clear_error(settings):
    settings.ENTITY_DISCOVERY = ["pattern", "spacy"]
    with pytest.raises(ValueError, match="unknown method.*spacy"):
        discovery.methods()


def test_the_task_queue_runs_the_background_pass(settings):
    from articles.tasks import discover_entities

    settings.ENTITY_DISCOVERY = ["pattern"]
    art = article("深信服表示将尽快修复该漏洞。")
    relink([art])
    discover_entities(timestamp=0)  # what the periodic job runs
    assert mentioned(art) == {"深信服": 1}


# --- cues of the security press: desks, glosses, lists, sources, handles ----------------------


@pytest.mark.parametrize(
    "text,name,alias",
    [
        ("11月20日，奇安信CERT监测到官方发布了补丁。", "奇安信CERT", None),
        ("该漏洞由 360CERT 发布通告，TSRC 致谢了报告者。", "TSRC", None),
        ("美国前工业控制系统应急响应小组（ICS-CERT）建立了漏洞库。", "ICS-CERT", None),
        ("美国管理和预算办公室（OMB）2020 年发布了备忘录。", "OMB", None),
        ("据安全公司德格拉斯（Dragos）的报告显示。", "Dragos", "德格拉斯"),
        ("破解了欧姆龙、西门子、ABB 等多个知名品牌的口令。", "欧姆龙", None),
        ("提高了结算效率。（来源：36 氪）", "36 氪", None),
        ("据彭博社报道，该公司将裁员。", "彭博社", None),
    ],
)
def test_an_organization_the_security_press_names_by_its_role_is_found(text, name, alias):
    found = {c.name: c for c in patterns.organizations(text)}
    assert name in found, found
    assert alias is None or alias in found[name].other_names


@pytest.mark.parametrize(
    "text",
    [
        "请将漏洞提交至各家SRC，严格遵守各家SRC的测试规范。",  # SRC as a kind of programme
        "据外媒报道，据悉，据统计，该漏洞影响广泛。",  # sources that name no one
        "（来源：https://example.com/advisory）",  # an address is no organization
        "攻击了 Chrome、Firefox 等主流浏览器。",  # products listed, not companies
        "影响版本（CVE-2024-1234）及支持系统（Windows 10）。",
        "这些漏洞被厂商评为严重漏洞，并分别命名为CVE-2023-35036和CVE-2023-35708。",  # identifiers
        "全球最大 SaaS 公司 Salesforce 宣布解散中国团队。",  # SaaS describes the company after it
    ],
)
def test_a_role_word_without_a_name_finds_no_organization(text):
    found = names(patterns.organizations(text))
    assert not found & {"各家SRC", "SRC", "外媒", "Chrome", "Firefox", "CVE-2024-1234", "Windows 10"}, found
    assert not found & {"CVE-2023-35036", "SaaS"}, found
    assert not any(name.startswith("http") or "悉" in name or "统计" in name for name in found), found


def test_handles_credited_as_masters_or_reporters_are_people():
    text = (
        "更详细的分析可以参考X1r0z师傅的文章。由undoingfish于2024年03月17日报告。"
        "这些漏洞是由Manfred Paul发现的。漏洞猎人Abdullah Nawaf记录了过程。老师傅说不行。"
    )
    found = names(patterns.people(text)) | names(discovery.candidates(text), EntityKind.PERSON)
    assert {"X1r0z", "undoingfish", "Manfred Paul"} <= found, found
    assert "老" not in found


def test_a_handle_written_in_lower_case_is_counted_but_a_company_in_running_english_is_not():
    art = article("由undoingfish于2024年03月17日报告。undoingfish 此前也报告过漏洞。apple 和 Apple 公司。")
    relink([art])
    Entity.objects.get_or_create(kind=EntityKind.ORGANIZATION, name="Apple")
    relink([art])
    assert mentioned(art)["undoingfish"] == 2
    assert mentioned(art)["Apple"] == 1


def test_a_database_id_is_not_a_mention_of_the_database():
    Entity.objects.create(kind=EntityKind.ORGANIZATION, name="CNVD", reviewed=True)
    art = article("该漏洞编号为CNVD-2024-12345，CNNVD-202401-123。CNVD 收录了该漏洞。")
    relink([art])
    assert mentioned(art) == {"CNVD": 1}


def test_a_party_to_a_lawsuit_is_named_without_its_role():
    found = names(patterns.organizations("文书显示，原告北京字节跳动网络技术有限公司起诉了对方。"))
    assert "北京字节跳动网络技术有限公司" in found and not any(name.startswith("原告") for name in found)


def test_a_person_taking_charge_is_found_and_a_generic_company_is_not():
    text = "内部邮件显示，快手新一届经管会成员：陈定佳负责研发线；程一笑全面负责公司治理。网络安全公司表示将修复。"
    found = {c.name: c for c in taggers.lac(text)}
    assert found["陈定佳"].kind == EntityKind.PERSON and found["陈定佳"].cue
    assert "网络安全公司" not in found
