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

# How Chinese news introduces an organization before its name: 安全公司 Qualys,
# 研究公司Recorded Future, 黑客组织 RomCom, 一家名为Operation Zero的公司.
_ORG_INTRO = "|".join(
    ("安全公司", "网络安全公司", "安全厂商", "厂商", "研究公司", "初创公司", "科技公司", "测试公司", "公司",
     "黑客组织", "APT组织", "组织", "团伙", "勒索团伙", "机构", "名为", "研究机构", "安全机构")
)  # fmt: skip
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
_BEFORE_SUFFIX = re.compile(rf"{_EDGE_BEFORE}({_LATIN_ORG})\s?({_SUFFIX})")
# Threat-actor designations: APT28, TA505, TAG-70, UNC3886, FIN7, Storm-0558.
_ACTOR_ID = re.compile(r"(?<![A-Za-z0-9-])((?:APT|TA|TAG|UNC|FIN|DEV|Storm)-?\d{1,4})(?![A-Za-z0-9-])")

# Chinese names closed by a suffix (星盟安全团队, 北京通达信科科技有限公司), read backwards
# from the suffix to the punctuation or the word that opens the clause.
_CJK_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff])(?:有限公司|" + "|".join(_KEPT_SUFFIXES) + ")")
_STEM_FENCE = frozenset("的由在与和及为被是从向对把将于其自据称了这那该各某等每个家支名")
_STEM_MAX = 14
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
_REPORTED_BY = re.compile(rf"由\s?({_PERSON_LATIN})(?:\s?\((@[A-Za-z0-9_]+)\))?\s?于")
_LATIN_PERSON = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_SAYS = re.compile(rf"{_EDGE_BEFORE}({_LATIN_PERSON})\s?(?:表示|称|说|指出|发现|透露|认为|写道|解释|展示|披露)")
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
    return list(found.values())


_OPENING_WORDS = cues.OPENING_WORDS


def _add_org(found, name: str, actor: bool = False, stem: str = "") -> None:
    name = name.strip()
    words = fold(name).split()
    if not actor and _MODEL_NUMBER.fullmatch(name):
        return
    if not words or words[0] in _OPENING_WORDS or (len(words) == 1 and words[0] in cues.NOT_NAME_WORDS):
        return  # `The Register`? a phrase; `Linux` alone is a product, `Linux Foundation` a name
    if fold(name) in cues.NOT_ORGANIZATIONS:
        return
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
    shortest = 4 if text[start:end] == "中心" else 2  # 机器中心, 运营中心: too short to be a name
    if len(stem) < shortest or (start - begin >= _STEM_MAX and text[begin - 1 : begin].strip()):
        return None
    if text[start:end] != "有限公司" and any(flag.startswith(_VERB_TAGS) for _, flag in pos_tag(run)):
        return None  # 组成团队, 支持企业网络安全运营中心: a clause, not a name
    return text[begin:end]


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
    for match in _SAYS.finditer(text):
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
