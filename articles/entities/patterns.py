"""Names found by the words around them: `安全公司 Qualys`, `CrowdStrike 公司`, `星盟安全团队`,
`研究人员 Edouard Bochin 和 Tao Yan`, `黑客组织 RomCom`, `APT28`, `本文为陈发明编译`.

Each function takes the shown text and returns `Candidate`s (method "pattern"); nothing
here touches the database or a tagger, so it runs on every article. The cue is the
evidence: a name with no cue beside it is left to the taggers (and to recurrence).
"""

import re

from articles.entities import cues
from articles.entities.finders import ORGANIZATION, PERSON, Candidate, chinese_name
from articles.text import fold, pos_tag

# A Latin name: one to three words, each capitalised, CamelCase, upper case or with
# digits (CrowdStrike, SySS, KnownSec 404, Gen Digital, Horizon3AI, L3Harris).
_LATIN_TOKEN = r"[A-Z][A-Za-z0-9]*(?:[-.&][A-Z0-9][A-Za-z0-9]*)*"
_LATIN_ORG = rf"{_LATIN_TOKEN}(?: (?:{_LATIN_TOKEN}|\d+)){{0,2}}"
_EDGE_BEFORE = r"(?<![A-Za-z0-9_./@-])"
_EDGE_AFTER = r"(?![A-Za-z0-9_@-])"
_URLISH = re.compile(r"(?i)^(?:https?|www)")

# How Chinese news introduces an organization before its name: 安全公司 Qualys,
# 研究公司Recorded Future, 黑客组织 RomCom, 一家名为Operation Zero的公司.
_ORG_INTRO = "|".join(
    ("安全公司", "网络安全公司", "安全厂商", "厂商", "研究公司", "初创公司", "科技公司", "测试公司", "公司",
     "黑客组织", "APT组织", "组织", "团伙", "勒索团伙", "机构", "名为", "研究机构", "安全机构")
)  # fmt: skip
_INTRODUCED = re.compile(rf"^(?:{_ORG_INTRO})\s?(?=[A-Za-z])")
_AFTER_INTRO = re.compile(rf"(?<!有限)(?:{_ORG_INTRO})\s?{_EDGE_BEFORE}({_LATIN_ORG}){_EDGE_AFTER}")
_MODEL_NUMBER = re.compile(r"[A-Z]{1,4}-?\d+")  # RG2000, HG532: a product, unless an actor id
# ... and the words after a name that make it one: CrowdStrike 公司, KnownSec 404团队.
_KEPT_SUFFIXES = ("团队", "实验室", "研究院", "研究所", "集团", "大学", "委员会", "基金会", "联盟", "中心")
_SUFFIX = "有限公司|公司|组织|团伙|的研究人员|的研究员|的安全研究人员|的安全研究员|的报告|" + "|".join(_KEPT_SUFFIXES)
_DROPPED_SUFFIXES = (
    "公司", "有限公司", "组织", "团伙", "的研究人员", "的研究员", "的安全研究人员", "的安全研究员", "的报告"
)  # fmt: skip
# English words that end organization names (Exodus Intelligence, Insikt Group, KAIST Hacking Lab).
_ENGLISH_SUFFIX = re.compile(
    rf"{_EDGE_BEFORE}((?:{_LATIN_TOKEN} ){{1,2}}(?:Lab|Labs|Group|Security|Intelligence|Networks|Technologies|Research"
    r"|Foundation|Inc|Corp|Ltd|Systems|Software|Digital|Talos))(?![A-Za-z0-9_@-]| [A-Z])"
)
_NAME_AFTER = re.compile(r"\s?[A-Z][A-Za-z0-9]")
_BEFORE_SUFFIX = re.compile(rf"{_EDGE_BEFORE}({_LATIN_ORG})\s?({_SUFFIX})")
# Threat-actor designations: APT28, TA505, TAG-70, UNC3886, FIN7, Storm-0558.
_ACTOR_ID = re.compile(r"(?<![A-Za-z0-9-])((?:APT|TA|TAG|UNC|FIN|DEV|Storm)-?\d{1,4})(?![A-Za-z0-9-])")

# Response desks by their security-world suffix: 360CERT, ICS-CERT, TSRC, Honor SRC, 奇安信CERT.
_DESK = re.compile(
    r"(?<![A-Za-z0-9_./@-])((?:[A-Z0-9][A-Za-z0-9]{0,11}[- ]?)(?:CERT|CSIRT|PSIRT|SRC)|[\u4e00-\u9fff]{2,6} ?CERT)"
    r"(?![A-Za-z0-9_@-])"
)
# An organization's Chinese name glossed with its Latin one or acronym: 管理和预算办公室（OMB）,
# 安全公司德格拉斯（Dragos）, 工业控制系统应急响应小组（ICS-CERT）. The Chinese name must end as
# organizations' names end; it is read backwards like a suffixed name.
_GLOSSED = re.compile(r"(?<=[\u4e00-\u9fff]) ?[(（] ?([A-Z][A-Za-z0-9&.-]*(?: [A-Z][A-Za-z0-9&.-]*){0,3}) ?[)）]")
_GLOSS_ENDINGS = (
    "公司", "集团", "实验室", "研究院", "研究所", "大学", "学院", "委员会", "基金会", "联盟", "协会", "学会", "中心",
    "办公室", "小组", "论坛", "局", "部", "署", "厅", "院", "处", "组织", "团伙", "机构", "联合会", "理事会",
)  # fmt: skip
_GLOSS_INTRO = re.compile(r"(?:安全公司|网络安全公司|安全厂商|研究公司|科技公司|公司|组织|机构)([\u4e00-\u9fff]{2,8})$")
# Names listed before 等 and what they are: 欧姆龙、西门子、ABB 等多个知名品牌.
_LISTED = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9&. -]{2,20}、){1,8}[\u4e00-\u9fffA-Za-z0-9&. -]{2,20}?)\s?等"
    r"(?:[多数几]?[个家款]?)(?:知名|主流|国内外|国际|全球)?(?:品牌|厂商|公司|企业|供应商|机构|组织|大厂|科技公司)"
)
_LIST_OPENER = re.compile(r"^(?:包括|比如|例如|诸如|如|有|是)(?=[\u4e00-\u9fffA-Za-z0-9]{2})")

# Media credited as a story's source: （来源：36 氪）, 图片来源：视觉中国, 据彭博社报道.
_SOURCE_NAME = r"[\u4e00-\u9fffA-Za-z0-9][\u4e00-\u9fffA-Za-z0-9 .&-]{0,18}[\u4e00-\u9fffA-Za-z0-9]"
_CREDITED_SOURCE = re.compile(
    rf"(?:[(（]\s?|^[*\s]*)(?:消息|信息|新闻|图片|图|文章)?(?:来源|出处)\s?[:：]\s?({_SOURCE_NAME}(?:[、/&]{_SOURCE_NAME})*)"
    r"\s?(?:[)）]|$)",
    re.M,
)
_REPORTED = re.compile(rf"(?<![\u4e00-\u9fff])据\s?({_SOURCE_NAME}?)\s?(?:报道|消息|援引|披露|统计)")
_NOT_SOURCES = re.compile(
    r"(?:媒体|外媒|网络|网友|互联网|消息人士|知情人士|人士|报道|官方|官网|相关|公开|资料|数据|调查|介绍|了解|悉|称|悉数)$"
    r"|^(?:多家|国外|海外|该|其|此|业内|当地|美国|中国|外国|境外|国内|有关|权威|内部|最新|公开)"
)

# Chinese names closed by a suffix (星盟安全团队, 北京通达信科科技有限公司), read backwards
# from the suffix to the punctuation or the word that opens the clause.
_CJK_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff])(?:有限公司|" + "|".join(_KEPT_SUFFIXES) + ")")
_STEM_FENCE = frozenset("的由在与和及为被是从向对把将于其自据称了这那该各某等每个家支名")
_STEM_MAX = 14
_FENCED = re.compile("[" + "".join(sorted(_STEM_FENCE)) + "]")
_VERB_TAGS = ("v", "vn", "vd", "p", "r", "d", "c", "u", "m", "q", "f")

# People introduced by what they do, one or several: 研究人员 Edouard Bochin 和 Tao Yan,
# 安全研究人员Nacl、WHOAMI、Yemoli和Ruozhi, 独立安全研究员 Nephster.
_PERSON_INTRO = "研究人员|研究员|研究者|分析师|工程师|专家|黑客|发现者|作者|编辑|译者|记者"
_HANDLE = r"@?[A-Za-z][A-Za-z0-9_]{2,24}"
_PERSON_LATIN = rf"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?){{0,2}}|{_HANDLE})"
_PEOPLE_LIST = re.compile(
    rf"(?:{_PERSON_INTRO})\s?[：:]?\s?"
    rf"({_PERSON_LATIN}(?:\s?\(@?[A-Za-z0-9_]+\))?(?:\s?(?:、|，|,|和|与|及|and)\s?{_PERSON_LATIN}(?:\s?\(@?[A-Za-z0-9_]+\))?)*)"
    rf"{_EDGE_AFTER}"
)
_LIST_SEPARATOR = re.compile(r"\s?(?:、|，|,|和|与|及|\band\b)\s?")
_HANDLE_IN_BRACKETS = re.compile(r"\s?\((@?[A-Za-z0-9_]+)\)")
# Credits: 由Zhenghang Xiao (@Kipreyyy)于2024年03月12日报告, Aline Eliovich 发现.
_REPORTED_BY = re.compile(rf"由\s?({_PERSON_LATIN})(?:\s?\((@[A-Za-z0-9_]+)\))?\s?(?:于|在|发现|报告|提交|披露|演示)")
# A handle addressed as a master, as Chinese security writing does: X1r0z师傅, fs师傅.
_MASTER = re.compile(r"(?<![A-Za-z0-9_./@-])([A-Za-z][A-Za-z0-9_]{2,24})\s?师傅")
_LATIN_PERSON = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_SAYS = re.compile(rf"{_EDGE_BEFORE}({_LATIN_PERSON})\s?(?:表示|称|说|指出|发现|透露|认为|写道|解释|展示|披露)")
# ... or before what they showed somewhere: Manfred Paul在Pwn2Own 2024期间展示了这个漏洞.
_SHOWN = re.compile(
    rf"(?<![A-Za-z] ){_EDGE_BEFORE}({_LATIN_PERSON})\s?在[^，。；,;!?！？]{{1,24}}?(?:展示|演示|发现|披露|报告)了"
)
_SAYS_ALONE = re.compile(rf"(?<=[的，,])({_LATIN_TOKEN})说")  # 曾在…工作的Manouchehri说
# A name with its handle beside it is a person: Seunghyun Lee (@0x10n).
_WITH_HANDLE = re.compile(rf"{_EDGE_BEFORE}({_LATIN_PERSON})\s?[(（]@([A-Za-z0-9_]{{2,24}})[)）]")
# A Chinese translator or editor: 本文为陈发明编译, 编辑：左右里, 编译：张三.
_CREDIT = re.compile(
    r"(本文为|本文由|编辑[：:]|编译[：:]|译者[：:]|作者[：:])\s?([\u4e00-\u9fff]{2,4}?)"
    r"(?=编译|整理|$|[\s，,。|丨])",
    re.M,
)


def organizations(text: str) -> list[Candidate]:
    """Organizations named beside a cue: an introducing word, a suffix, an actor id."""
    found = {}
    for match in _AFTER_INTRO.finditer(text):
        _add_org(found, match.group(1))
    for match in _BEFORE_SUFFIX.finditer(text):
        name, suffix = match.group(1), match.group(2)
        if suffix in _DROPPED_SUFFIXES and _NAME_AFTER.match(text, match.end()):
            continue  # SaaS 公司 Salesforce: a description of the name that follows
        if suffix == "团队" and re.fullmatch("[A-Z][a-z]+", name):
            continue  # Sora团队, Chrome团队: the people behind a product, not an organization
        if suffix in _DROPPED_SUFFIXES:
            _add_org(found, name)
        else:
            _add_org(found, match.group(0), stem=name)
    for match in _ENGLISH_SUFFIX.finditer(text):
        _add_org(found, match.group(1))
    for match in _ACTOR_ID.finditer(text):
        _add_org(found, match.group(1), actor=True)
    for match in _CJK_SUFFIX.finditer(text):
        name = _cjk_name_before(text, match.start(), match.end())
        if name:
            _add_org(found, name)
    for match in _DESK.finditer(text):
        _add_org(found, _FENCED.split(match.group(1))[-1])  # 监测到|奇安信CERT
    for match in _GLOSSED.finditer(text):
        _add_glossed(found, text, match)
    for match in [*_CREDITED_SOURCE.finditer(text), *_REPORTED.finditer(text)]:
        for item in re.split(r"[、/&]", match.group(1)):
            item = _INTRODUCED.sub("", item.strip())  # 据网络安全公司HudsonRock报道: HudsonRock
            if len(item) >= 2 and not _NOT_SOURCES.search(item) and not _URLISH.match(item):
                _add_org(found, item)
    for match in _LISTED.finditer(text):
        first, *rest = match.group(1).split("、")
        opening = _LIST_OPENER.sub("", _FENCED.split(first)[-1])  # 破解了|欧姆龙, 受影响的有|微软
        for item in [opening, *rest]:  # the list starts after the verb
            if len(item.strip()) >= 2 and not re.fullmatch(r"[\d\s.-]+", item.strip()):
                _add_org(found, item)
    return list(found.values())


def _add_glossed(found, text: str, match: re.Match) -> None:
    """`管理和预算办公室（OMB）`: one organization, both names."""
    before = text[max(0, match.start() - _STEM_MAX - 4) : match.start()].rstrip()
    latin = match.group(1)
    ending = next((e for e in _GLOSS_ENDINGS if before.endswith(e)), None)
    intro = _GLOSS_INTRO.search(before)
    if ending:  # the Latin name is the evidence; the Chinese one, when it reads as a name, its alias
        name = _cjk_name_before(before, len(before) - len(ending), len(before))
    elif intro:
        name = intro.group(1)
    else:
        return
    if fold(latin) not in cues.NOT_ORGANIZATIONS and not _MODEL_NUMBER.fullmatch(latin):
        found.setdefault(fold(latin), Candidate(latin, ORGANIZATION, [name] if name else [], method="pattern"))


_OPENING_WORDS = cues.OPENING_WORDS


def _add_org(found, name: str, actor: bool = False, stem: str = "") -> None:
    name = cues.ROLE_PREFIX.sub("", name.strip())
    words = fold(name).split()
    if not actor and (_MODEL_NUMBER.fullmatch(name) or cues.IDENTIFIER.fullmatch(name)):
        return
    if not words or words[0] in _OPENING_WORDS or (len(words) == 1 and words[0] in cues.NOT_NAME_WORDS):
        return  # `The Register`? a phrase; `Linux` alone is a product, `Linux Foundation` a name
    if fold(name) in cues.NOT_ORGANIZATIONS or cues.is_generic_organization(fold(name)):
        return  # 、网络安全公司 in a list: what, not who
    found.setdefault(fold(name), Candidate(name, ORGANIZATION, method="pattern", stem=stem))


def _cjk_name_before(text: str, start: int, end: int) -> str | None:
    """The name a suffix closes, or None when the words before it name no one."""
    begin = start
    while begin > max(0, start - _STEM_MAX) and "\u4e00" <= text[begin - 1] <= "\u9fff":
        if text[begin - 1] in _STEM_FENCE:
            break
        begin -= 1
    run = fold(text[begin:start])
    stem = run  # what is left of the run without its generic words (安全, 研究, 大型 …)
    while stem and (generic := [g for g in cues.GENERIC_STEMS if stem.startswith(g)]):
        stem = stem[len(max(generic, key=len)) :]
    latin = _glued_latin(text, begin, text[start:end])
    shortest = 4 if text[start:end] == "中心" and not latin else 2  # 机器中心, 运营中心: too short to be a name
    if len(stem) < shortest or (start - begin >= _STEM_MAX and text[begin - 1 : begin].strip()):
        return None
    if text[start:end] != "有限公司" and any(flag.startswith(_VERB_TAGS) for _, flag in pos_tag(run)):
        return None  # 组成团队, 支持企业网络安全运营中心: a clause, not a name
    return text[begin - len(latin) : end]


# A Latin word written against the Chinese part of a name: Kingsbrook犹太医疗中心.
_GLUED_LATIN = re.compile(r"(?<![A-Za-z0-9_./@&-])[A-Z][A-Za-z0-9&-]{2,20}$")


def _glued_latin(text: str, begin: int, suffix: str) -> str:
    """The Latin word that opens the name, or "" (a team after a product is the product's
    people, Sora团队; a word like Windows or an identifier names nothing)."""
    match = _GLUED_LATIN.search(text, max(0, begin - 22), begin)
    if match is None or suffix == "团队":
        return ""
    word = match.group()
    if fold(word) in cues.NOT_NAME_WORDS or _MODEL_NUMBER.fullmatch(word) or cues.IDENTIFIER.fullmatch(word):
        return ""
    return word


def people(text: str) -> list[Candidate]:
    """People named after what they do, in credits, or before a verb of saying."""
    found = {}
    for match in _PEOPLE_LIST.finditer(text):
        for item in _LIST_SEPARATOR.split(match.group(1)):
            handle = _HANDLE_IN_BRACKETS.search(item)
            name = _HANDLE_IN_BRACKETS.sub("", item).lstrip("@").strip()
            _add_person(found, name, handle.group(1).lstrip("@") if handle else None)
    for match in _REPORTED_BY.finditer(text):
        _add_person(found, match.group(1).lstrip("@"), (match.group(2) or "").lstrip("@") or None)
    for match in [*_SAYS.finditer(text), *_SHOWN.finditer(text)]:
        _add_person(found, match.group(1))
    for match in _MASTER.finditer(text):
        _add_person(found, match.group(1))
    for match in _SAYS_ALONE.finditer(text):
        if len(match.group(1)) >= 5 and match.group(1).istitle():
            _add_person(found, match.group(1))
    for match in _WITH_HANDLE.finditer(text):
        _add_person(found, match.group(1), match.group(2))
    for match in _CREDIT.finditer(text):
        credit, run = match.groups()
        name = chinese_name(run, whole=True) or _credited_name(run, credit)
        if name:
            _add_person(found, name)
    return list(found.values())


def _credited_name(run: str, credit: str) -> str | None:
    """A credit is evidence enough for a surname and a given name (本文为陈发明编译), and
    for a three-character pen name after 编辑 (左右里)."""
    if len(run) not in (2, 3) or any(word in run for word in cues.NOT_BYLINES):
        return None
    return run if run[0] in cues.CHINESE_SURNAMES or (credit.startswith("编辑") and len(run) == 3) else None


def _add_person(found, name: str, handle: str | None = None) -> None:
    words = fold(name).split()
    if not words or any(w in cues.NOT_NAME_WORDS or w in cues.ORG_SUFFIXES for w in words):
        return
    if fold(name) in cues.NOT_PEOPLE:
        return
    others = [handle] if handle and fold(handle) != fold(name) else []
    found.setdefault(fold(name), Candidate(name, PERSON, others, method="pattern"))
