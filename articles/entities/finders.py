"""Finding names the gazetteer does not know yet, each on its own evidence.

Every finder takes text and returns `Candidate`s; nothing here touches the database.
Precision comes first: a candidate needs positive evidence (a title before it, a given
name, a pinyin name, an organization suffix, an explicit `中文名(English Name)` pair),
and anything that looks like a product, a phrase or a known organization is dropped.
"""

import re
from dataclasses import dataclass, field

from articles.entities import cues
from articles.models import EntityKind
from articles.text import fold, pos_tag

PERSON, ORGANIZATION = EntityKind.PERSON, EntityKind.ORGANIZATION


@dataclass
class Candidate:
    name: str  # as written, the canonical name if the entity is new
    kind: str
    other_names: list[str] = field(default_factory=list)  # aliases, as written
    minimum_count: int = 0  # bylines count once even when the text never names them
    method: str = "finder"  # how it was found: finder, pattern, lac, posseg (the entity's evidence)
    cue: bool = True  # found beside a cue; without one it needs to recur across articles
    stem: str = ""  # the name without its suffix (Meta FAIR of `Meta FAIR 研究院`)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.other_names]


# --- Latin-script names inside Chinese text ---------------------------------------------

# Latin letters with their accented forms (Smolár, Bäumer, Jörg), upper and lower case.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f"
_LETTER = f"{_UPPER}{_LOWER}"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_LATIN_NAME = re.compile(rf"(?<![{_LETTER}0-9.@_/#&'-])({_WORD}(?: {_WORD}){{1,2}})(?![{_LETTER}0-9@_'-]| [{_LETTER}])")
_ENGLISH_BEFORE = re.compile(r"[A-Za-z,;:]\s+$")
_CJK_TITLE_GAP = re.compile(r"[\s的、，,：:·前原现]+$")


def latin_names(text: str, is_known_name) -> list[Candidate]:
    """Capitalised two- or three-word names (`Keyan Zhang`, `Thinking Machines Lab`)
    with evidence of being a person or an organization. `is_known_name(folded)` says
    whether the gazetteer already has it (then the gazetteer counts it)."""
    found = {}
    for match in _LATIN_NAME.finditer(text):
        name = match.group(1)
        folded = fold(name)
        if folded in found or is_known_name(folded):
            continue
        before, after = text[max(0, match.start() - 14) : match.start()], text[match.end() : match.end() + 6]
        kind = _latin_kind(name, fold(before), fold(after).lstrip(), is_known_name)
        if kind:
            found[folded] = Candidate(name, kind)
    return list(found.values())


def _latin_kind(name, before, after, is_known_name) -> str | None:
    words = fold(name).split()
    if _ENGLISH_BEFORE.search(before) or any(w in cues.NOT_NAME_WORDS or is_known_name(w) for w in words):
        return None
    if before.endswith("(") and not _ends_with_title(before[:-1]):
        return None  # 环境维度(Environmental Metric Group): a gloss of the word before
    if words[-1] in cues.ORG_SUFFIXES or after.startswith(cues.ORG_AFTER):
        return ORGANIZATION if words[0] not in cues.GIVEN_NAMES else None
    if " ".join(words) in cues.PLACEHOLDER_NAMES:
        return None
    if words[0] in cues.GIVEN_NAMES or _is_pinyin_name(words):
        return PERSON
    if len(words) == 2 and (_ends_with_title(before) or after.startswith(cues.PERSON_AFTER)):
        return PERSON  # 研究员Sina Kheirkhah: two words only (three are mostly product names)
    return None


def _is_pinyin_name(words) -> bool:
    return (
        len(words) == 2
        and all(cues.PINYIN_WORD.fullmatch(w) for w in words)
        and (words[0] in cues.PINYIN_SURNAMES or words[-1] in cues.PINYIN_SURNAMES)
    )


def _ends_with_title(folded_before: str) -> bool:
    stem = _CJK_TITLE_GAP.sub("", folded_before)
    return stem.endswith(tuple(cues.PERSON_TITLES))


# --- explicit pairs: 陳信翰(Mark Chen), 喬希·貝特森(Josh Batson) ---------------------------

_DOTS = str.maketrans("•・‧∙", "····")
_PERSON_LATIN = rf"{_WORD}(?: {_WORD}){{1,2}}"
# Anchored on the bracket, so the scan is quick: the Chinese run before it is read backwards.
_LATIN_IN_BRACKETS = re.compile(rf"(?<=[\u4e00-\u9fff]) ?[(（] ?({_PERSON_LATIN}) ?[)）]")
_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·•・‧∙]{1,24}$")
_CJK_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·•・]{1,15}"
_LATIN_THEN_CJK = re.compile(rf"(?<![{_LETTER}])({_PERSON_LATIN}) ?[(（] ?({_CJK_NAME}) ?[)）]")


def alias_pairs(text: str) -> list[Candidate]:
    """People named in both scripts side by side: one entity, two names."""
    pairs = {}
    for match in _LATIN_IN_BRACKETS.finditer(text):
        run = _CJK_BEFORE.search(text, max(0, match.start() - 25), match.start())
        chinese = chinese_name(run.group()) if run else None
        latin = match.group(1)
        if chinese and _latin_person_shape(latin):
            pairs.setdefault(fold(latin), Candidate(latin, PERSON, [chinese]))
    for latin, run in _LATIN_THEN_CJK.findall(text):
        chinese = chinese_name(run, whole=True)
        if chinese and _latin_person_shape(latin):
            pairs.setdefault(fold(latin), Candidate(latin, PERSON, [chinese]))
    return list(pairs.values())


def _latin_person_shape(latin: str) -> bool:
    words = fold(latin).split()
    return not any(w in cues.NOT_NAME_WORDS or w in cues.ORG_SUFFIXES for w in words)


def _after_title(folded: str, end: int, start: int):
    """Where a name could begin after a title ending past `start` and before `end`."""
    for title in cues.PERSON_TITLES:
        at = folded.rfind(title, 0, end - 1)  # at least one character of name after it
        if at != -1 and at + len(title) > start:
            yield at + len(title)


def chinese_name(run: str, whole: bool = False) -> str | None:
    """The person's name at the end of a run of Chinese characters: 的首席研究官陳信翰 ->
    陳信翰, 研究员喬希·貝特森 -> 喬希·貝特森. With `whole`, the run must be the name."""
    run = run.translate(_DOTS)
    folded = fold(run)
    if len(folded) != len(run):
        return None
    if "·" in run:
        head = run.split("·")[0]
        start = len(head)
        while start > 0 and folded[start - 1] not in cues.NAME_FENCE and len(head) - start < 4:
            start -= 1
        start = max([start, *_after_title(folded, len(head), start)])  # 主管马克·陈 -> 马克·陈
        name = run[start:]
        parts = name.split("·")
        ok = all(1 <= len(p) <= 8 for p in parts) and (not whole or start == 0)
        return name if ok else None
    for size in (4, 3, 2):
        if len(run) < size or (whole and len(run) != size):
            continue
        tail = folded[-size:]
        surname_ok = tail[:2] in cues.CHINESE_COMPOUND_SURNAMES if size == 4 else tail[0] in cues.CHINESE_SURNAMES
        fenced = size == len(run) or folded[-size - 1] in cues.NAME_FENCE or size == 3
        if surname_ok and fenced and _reads_as_chinese_name(tail):
            return run[-size:]  # 陈信翰, not 白帽子 (white hat) nor 解码器 (decoder)
    return None


# --- Chinese names right after a title, confirmed by jieba ------------------------------

_CJK_TITLES = sorted((t for t in cues.PERSON_TITLES if not t.isascii() and len(t) > 1), key=len, reverse=True)
_LATIN_TITLES = sorted(t for t in cues.PERSON_TITLES if t.isascii())  # 拼多多 CEO 陈磊
_AFTER_TITLE = re.compile(
    "(?:" + "|".join(_CJK_TITLES) + r"|(?<![a-z])(?:" + "|".join(_LATIN_TITLES) + r"))\s?([\u4e00-\u9fff]{3,6}"
    r"|[\u4e00-\u9fff]{2}(?=[。，、；：！？,;:!?）)」”\s]|$))",
    re.M,
)


def titled_chinese_names(folded_text: str, is_known_name) -> list[Candidate]:
    """`创始人王小川`: a three-character name jieba tags as a person (nr), right after a
    title. Only there is jieba asked, and only three-character names are trusted — or two
    characters closed by punctuation (`CEO 陈磊。`): its tags alone are too noisy (任人唯贤
    comes out as a name)."""
    found = {}
    for match in _AFTER_TITLE.finditer(folded_text):
        window = match.group(1)
        if window[0] not in cues.CHINESE_SURNAMES or is_known_name(window[:3]) or is_known_name(window[:2]):
            continue
        word = _tagged_name(pos_tag(window))
        if word and word not in found:
            found[word] = Candidate(word, PERSON)
    return list(found.values())


def _tagged_name(words) -> str | None:
    """A three-character person name opening the tagged words: one nr word, or jieba's
    surname + given name (王/nr 小川/nr); or a two-character nr word that is all of them."""
    (first, flag), *rest = words
    if flag == "nr" and (len(first) == 3 or (len(first) == 2 and not rest)):
        return first
    if flag == "nr" and len(first) == 1 and rest and rest[0][1] == "nr" and len(rest[0][0]) == 2:
        return first + rest[0][0]
    return None


# --- units of known organizations: 腾讯安全威胁情报中心, 知道创宇404实验室 ----------------------

# What a unit's name ends with. A centre, a lab or an institute is a unit whatever words
# stand between it and the parent (腾讯安全应急响应中心, 谷歌实验室); a team only with a
# name of its own (腾讯安全玄武团队): 谷歌团队 and 谷歌安全团队 are "its people".
_UNIT_SUFFIX = "|".join(
    ("安全应急响应中心", "应急响应中心", "安全响应中心", "威胁情报中心", "情报中心", "研究中心", "创新中心",
     "实验室", "研究院", "研究所", "战队", "团队")
)  # fmt: skip
# Adverbs, prepositions, pronouns, conjunctions, particles: words of a clause, not of a name.
_FUNCTION_TAGS = ("d", "p", "r", "c", "u")
_UNIT = re.compile(rf"([\u4e00-\u9fffA-Za-z0-9]{{0,10}}?)({_UNIT_SUFFIX})")


def units(folded: str, organization_spans) -> list[tuple[int, int]]:
    """Spans of the folded text where a known organization's name runs on into a unit's
    (`腾讯` + `安全威胁情报中心`): the unit is an organization of its own, and the longest
    name wins, so the parent is not counted there. `organization_spans` are (start, end)
    of known organizations' full names. A team of generic words only (谷歌安全团队) or
    words with 的/和/其 between (微软和谷歌的团队) name no unit."""
    found = []
    for start, end in organization_spans:
        match = _UNIT.match(folded, end)
        if match is None:
            continue
        stem, suffix = match.groups()
        team = suffix in ("团队", "战队")
        if cues.NAME_FENCE & set(stem) or (team and (not stem or stem in cues.GENERIC_STEMS)):
            continue
        if any(flag.startswith(_FUNCTION_TAGS) for _, flag in pos_tag(stem)):
            continue  # Intruder还提供其安全团队: a clause after the name, not a unit of it
        found.append((start, match.end()))
    return found


# --- bylines ----------------------------------------------------------------------------

# WeChat "authors" are as often column names and handles (漏洞挖掘, 风险通告, 投稿) as people.
_PERSON_TAGS = ("nr", "nrfg", "nrt")


def _reads_as_chinese_name(folded: str) -> bool:
    """It starts with a common surname and jieba reads all of it as a person's name
    (张倩, 韩文/nr 庚/nr); a dotted transliteration passes as it is. Pen names without a
    surname (小白, 青藤) are left out: precision first."""
    if "·" in folded:
        return True
    surname = folded[0] in cues.CHINESE_SURNAMES or folded[:2] in cues.CHINESE_COMPOUND_SURNAMES
    return surname and all(flag in _PERSON_TAGS for _, flag in pos_tag(folded))


_LATIN_BYLINE = re.compile(rf"{_WORD}(?: {_WORD}){{1,2}}")
_CJK_BYLINE = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}")


def bylines(names, not_people) -> list[Candidate]:
    """Authors and editors that are people (not `编辑部`, not the publishing account).
    `not_people(folded)` says whether a name belongs to something else (an organization,
    the article's site or publisher)."""
    found = {}
    for raw in names:
        name = str(raw).strip()
        folded = fold(name)
        if any(word in folded for word in cues.NOT_BYLINES) or folded.endswith(cues.ORG_ENDINGS) or not_people(folded):
            continue
        if (_CJK_BYLINE.fullmatch(name) and _reads_as_chinese_name(folded)) or _LATIN_BYLINE.fullmatch(name):
            found.setdefault(folded, Candidate(name, PERSON, minimum_count=1))
    return list(found.values())
