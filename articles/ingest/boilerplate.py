"""Boilerplate: what an account or a site wraps around every story — calls to follow,
QR captions, disclaimers, reading lists, ads, contact footers — told from the story.

The body is cut into blocks (paragraphs; a fenced code block is one block and always
content) and each block is judged by four kinds of evidence, none a list of one
account's phrases:

- repetition: the block's folded text recurs across stories of the same publisher, or
  of many publishers (`templates`, learnt from the archive by `templates.learn`);
- section cues: a short heading such as 往期推荐 / 推荐阅读 / 免责声明 / 扫码关注 in the
  second half of a post starts a section that runs to the end;
- link density: a block that is mostly the text of links (lists of other posts);
- form: a block that *is* a call to action, a disclaimer or a contact line, judged on
  the whole block and its length, so a sentence that merely mentions 关注 or 公众号 stays.

Repetition and decoration (`—`, `01`, `END`) count only at the edges of a post, where
templates sit: inside it, a heading every advisory of an account shares (漏洞描述) or the
description of a product its advisories repeat is the story's own text.
"""

import re
import zlib
from dataclasses import dataclass

from articles.text import fold

# Part of every article's clean key: a change to these rules re-cleans the archive.
RULES_VERSION = 4

_FENCE = re.compile(r"^\s*(```|~~~)")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_TAG = re.compile(r"<[^>\n]+>")
_MARKS = re.compile(r"[*_#>`~|\\]+")
_NON_WORD = re.compile(r"[\W_]+")
_URLISH = re.compile(r"^(?:https?://|www\.)", re.I)
# A link to another post of the account, as an address in the text (峰会回顾：https://mp.weixin…).
_POST_ADDRESS = re.compile(r"https?://mp\.weixin\.qq\.com/\S*")

# A heading that opens the closing section of a post (folded, without spaces or marks).
_SECTION_CUE = re.compile(
    r"^[\W\d_]*(?:推荐阅读|往期(?:推荐|回顾|精选|文章|热文|内容|阅读)|往期精彩(?:推荐|回顾)?|精彩推荐|精选文章|相关阅读|延伸阅读|"
    r"更多精彩(?:内容)?|"
    r"热文推荐|热门文章|近期文章|历史文章|近期推荐|今日推荐|推荐文章|猜你喜欢|"
    r"免责(?:声明|申明|说明)|声明|版权声明|法律声明|"
    r"扫码关注|扫码加群|扫码(?:添加|领取|报名|咨询)|关注我们|联系我们|关于我们|"
    r"文章来源|原文来源|来源|参考来源|转载自|"
    r"end|theend|完|福利|新?粉丝福利(?:领取)?|文末福利|交流群|技术交流群?|加入我们|知识星球|星球|"
    r"(?:直播|课程|活动)(?:预告|推荐|课表|报名|详情)|打个?广(?:告|子)|广告时间|硬广|"
    r"\w{0,10}(?:课程|培训|训练营)(?:宣传|推广|招生)|\w{0,10}(?:抽奖|赠书|送书)|(?:推荐书籍|书籍推荐|好书推荐)|"
    r"\w{0,10}(?:社群|社区|圈子|星球|交流群|粉丝群)(?:介绍|招募|招新|加入)?啦?)[\W_]*$"
)
# A whole block that is a call to follow, like, share, scan or join.
_CALL_TO_ACTION = re.compile(
    r"^[\W\d_]{0,4}(?:"
    r"点击.{0,8}(?:关注|蓝字|名片|阅读原文|在看|星标|卡片|订阅|收藏).{0,20}|.{0,8}蓝字.{0,16}|"
    r".{0,12}(?:扫码|扫描|长按|识别).{0,8}(?:二维码|关注|识别|加入|添加|进群|获取|领取|咨询|报名|预约).{0,24}|"
    r".{0,10}(?:关注|星标|置顶).{0,6}(?:公众号|我们|本号|不迷路|不错过).{0,24}|"
    r".{0,16}(?:设为|设置|加个?|标为)星标.{0,16}|"
    r".{0,30}(?:点击|戳)(?:以下|下方|下面)链接.{0,10}|.{0,30}以下链接直达.{0,6}|"
    r".{0,10}(?:点赞|在看|转发|分享|三连).{0,10}(?:点赞|在看|转发|分享|三连|支持|鼓励).{0,16}|"
    r"点个.{0,6}在看.{0,10}|在看|点赞|分享|收藏|转发|阅读原文.{0,12}|好看你就分享.{0,16}|"
    r".{0,16}(?:后台回复|回复关键字|回复关键词|发送关键字|私信|公众号回复).{0,30}|"
    r".{0,24}(?:公众号|关注|后台|对话框|私信|留言|对我|给我).{0,16}(?:回复|发消息|发送).{1,16}(?:即可|获取|领取|获得|下载).{0,24}|"
    r".{0,24}(?:已经?)?(?:上传|同步|发布|更新|放)(?:至|到|在)?.{0,8}(?:知识星球|星球|圈子|社群|小密圈|纷传).{0,16}|"
    r"发送.{0,12}(?:获取|领取).{0,20}|.{0,20}(?:免费领取|限时领取|扫码领取|点击领取|立即领取|报名).{0,20}"
    r")[\W_]*$"
)
# A plea inside a closing sentence (如果喜欢我们的文章，请点一个在看和赞鼓励一下我们): asked of
# the reader, for the account; 关注 is left out, since advisories ask users to 给予关注.
_PLEA = re.compile(
    r"(?:请|求|麻烦|记得|欢迎|帮忙|顺手|动动).{0,6}(?:点|给|来).{0,6}(?:在看|赞|转发|分享|星标|三连)"
    r"|(?:鼓励|支持)一下(?:我们|作者|小编|本号)"
)
# A reading-time widget (本文8846字，阅读约需25分钟).
_READING_TIME = re.compile(r"^.{0,16}(?:阅读|读完).{0,8}\d+(?:\.\d+)?分钟.{0,6}$")
# A line that is a way to reach the account: vx:, QQ群, 公众号:, github/gitee/bilibili.
_CONTACT = re.compile(
    r"^[\W_]{0,4}(?:vx|v信|wx|微信号?|(?:微信)?公众号(?:搜索)?|搜索公众号|qq群?|q群|tg|telegram|邮箱|e-?mail|电话|联系方式|商务合作|"
    r"投稿|github|gitee|bilibili|b站|b站账号|csdn|知乎|博客|官网|网站|抖音|视频号|小红书|微博)[\s:：]"
)
# A handle to reach someone, inside a short line (请联系小莎莎QQ：3459476393).
_HANDLE = re.compile(r"(?:qq|vx|v信|wx|微信)(?:号|群)?[:：]?[A-Za-z0-9_-]{5,}$")
# A credit for the whole post (来源：某某公众号): at an edge of it, like a template; inside
# it, the source of one item of a digest stays. (Translators' and editors' credits stay
# wherever they are: they name people. The original's address stays: it is a reference.)
_CREDIT = re.compile(
    r"^[\W_]{0,4}(?:本文|文章|原文|内容|信息)?(?:来源|出处|转载自|转自)[:：](?!https?:|www\.)[^:：]{1,30}$"
)
# A disclaimer, wherever it sits: it opens with its name, or it says what such texts say.
_DISCLAIMER_OPENING = re.compile(r"^[\W\d_]{0,4}(?:免责(?:声明|申明|说明)|郑重声明|特别声明|版权声明|声明)[:：]")
# What the text is for (only study), or the formula of consequences borne by the reader
# of *this* text (a news sentence on who pays for an attack names no text of its own).
_DISCLAIMER_PURPOSE = (
    re.compile(r"仅(?:供|限|用于|作).{0,12}(?:学习|研究|参考|交流|教育|测试)"),
    re.compile(r"(?:此文|本文|文章|本公众号|本号|以下内容|该文).{0,40}(?:造成|产生|导致).{0,12}(?:后果|损失)"),
)
_DISCLAIMER_LIABILITY = re.compile(r"违法|法律责任|后果自负|概不负责|不承担|自行承担|本人负责|侵权|请勿|切勿")
_DISCLAIMER_LENGTH = 400
_DISCLAIMER_SHARE = 0.4
# A reprint notice: how to copy the post, or that it was copied.
_REPRINT = re.compile(
    r"转载请注明|转载须注明|转载请联系|未经.{0,6}(?:授权|许可).{0,6}(?:转载|使用)"
    r"|不代表.{0,12}(?:观点|立场)|如有侵权|侵删"
)
# The forms a short block is, each with the longest block it is judged on: longer, a block
# that says such words is a sentence of the story.
_SHORT_FORMS = (
    (_CALL_TO_ACTION, 60),
    (_CONTACT, 80),
    (_HANDLE, 40),
    (_PLEA, 80),
    (_READING_TIME, 40),
    (_REPRINT, 120),
)
_DECORATION = re.compile(r"^(?:[\W\d_]{0,6}|[\W_]*(?:end|the ?end|完)[\W_]*)$")
_LINK_SHARE = 0.6
_SENTENCE = 10  # shorter is a heading, a label or a prompt, not a sentence of the story
_OPENING_LINE = 40  # the longest template line removed at the top of a post
_CUE_AFTER = 0.5  # a section cue counts in the second half of a post's text
_CUE_LENGTH = 20
_SENTENCE_ENDS = tuple("。！!？?.>)）")
_SPELLED_OUT = 3  # one-character blocks in a row that are read as one caption
# A list of other stories' headlines, each followed by its address, under a heading of the
# account's own (今日安全资讯速递): at least this many such pairs, nearly every address and
# every line of the list in one, and no block longer than a headline (a digest whose items
# have paragraphs is a story; fix advice lists addresses without headlines; a summary
# followed by its references has lines of its own).
_BARE_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$")
_LIST_PAIRS = 5
_UNKNOWN_HEADING_PAIRS = 10  # under a heading the account is not known to repeat
_LIST_PAIRED_SHARE = 0.8
_LIST_UNPAIRED_SHARE = 0.1
_SECTION_HEADING = 30  # a line of the list this short without an address heads a section (APT事件)
_HEADLINE = 80


@dataclass
class Block:
    source: str  # Markdown source
    text: str  # what a reader sees, folded, without spaces
    key: int  # the hash of `text` (0 when the block has no words)
    link_chars: int = 0
    images: int = 0
    code: bool = False


def split(markdown: str) -> list[Block]:
    """The body's blocks: runs of lines between blank lines, a fenced code block whole."""
    found, lines, fence = [], [], None
    for line in markdown.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            lines.append(line)
            if opening and opening.group(1) == fence:
                found.append(_block(lines, code=True))
                lines, fence = [], None
            continue
        if opening:
            if lines:
                found.append(_block(lines))
            lines, fence = [line], opening.group(1)
        elif line.strip():
            lines.append(line)
        elif lines:
            found.append(_block(lines))
            lines = []
    if lines:
        found.append(_block(lines, code=bool(fence)))
    return found


def _block(lines: list[str], code: bool = False) -> Block:
    source = "\n".join(lines)
    if code:
        return Block(source, "", 0, code=True)
    images = len(_IMAGE.findall(source))
    bare = _IMAGE.sub("", source)
    link_chars = sum(len(compact(m.group(1))) for m in _LINK.finditer(bare) if not _URLISH.match(m.group(1)))
    text = compact(_LINK.sub(r"\1", bare))
    return Block(source, text, key(text), link_chars, images)


def compact(text: str) -> str:
    """What a reader sees of `text`, folded, without spaces or Markdown marks."""
    return re.sub(r"\s+", "", fold(_MARKS.sub("", _TAG.sub("", text))))


def key(compact_text: str) -> int:
    """A block's hash, as a signed 64-bit integer (a bigint): its word characters only."""
    words = _NON_WORD.sub("", compact_text)
    if len(words) < 2:
        return 0
    data = words.encode()
    value = zlib.crc32(data) | zlib.crc32(data, 0x9E3779B9) << 32
    return value - (1 << 64) if value >= 1 << 63 else value


def keys(blocks: list[Block]) -> list[int]:
    return sorted({block.key for block in blocks if block.key})


# The verdicts: content stays; boilerplate goes wherever it is; the rest goes only at
# an edge of the post (edge), or with the closing section it belongs to (neutral).
CONTENT, BOILERPLATE, EDGE, NEUTRAL, CUE = "content", "boilerplate", "edge", "neutral", "cue"


def verdict(block: Block, templates: set[int]) -> str:
    """How one block reads on its own; `templates` holds the keys of the blocks the
    archive knows as templates of this post's publisher."""
    if block.code:
        return CONTENT
    text = block.text
    if not text:
        return NEUTRAL
    if len(text) <= _CUE_LENGTH and _SECTION_CUE.match(text):
        return CUE
    if _is_form(text) or (block.link_chars and block.link_chars >= _LINK_SHARE * len(text)):
        return BOILERPLATE
    if block.key in templates or _DECORATION.match(text) or _CREDIT.match(text):
        return EDGE
    return CONTENT


def _is_form(text: str) -> bool:
    if any(len(text) <= longest and form.search(text) for form, longest in _SHORT_FORMS):
        return True  # the anchored forms (^…) match from the start: search is match for them
    address = _POST_ADDRESS.search(text)
    if address and len(address.group(0)) >= _LINK_SHARE * len(text):
        return True
    if len(text) <= _DISCLAIMER_LENGTH:
        return bool(_DISCLAIMER_OPENING.match(text)) or _is_disclaimer(text)
    return False


def _is_disclaimer(text: str) -> bool:
    """It says what disclaimers say, and that is most of it, counted from the clause that
    says what the text is for: a summary that ends with 仅供学习参考……否则后果自负 is the
    story's summary."""
    opening = min((m.start() for p in _DISCLAIMER_PURPOSE if (m := p.search(text))), default=None)
    if opening is None:
        return False
    clause = max(text.rfind(mark, 0, opening) for mark in "。！？!?；;，,") + 1
    return bool(_DISCLAIMER_LIABILITY.search(text, clause)) and len(text) - clause >= _DISCLAIMER_SHARE * len(text)


def clean(blocks: list[Block], templates: set[int]) -> tuple[list[Block], list[Block]]:
    """(kept, removed) blocks of a post."""
    blocks = [part for block in blocks for part in _parts(block, templates)]
    verdicts = [verdict(block, templates) for block in blocks]
    _judge_spelled_out(blocks, verdicts, templates)
    _cut_closing_section(blocks, verdicts)
    _cut_headline_list(blocks, verdicts)
    _trim_edges(blocks, verdicts)
    kept = [block for block, v in zip(blocks, verdicts, strict=True) if v != BOILERPLATE]
    removed = [block for block, v in zip(blocks, verdicts, strict=True) if v == BOILERPLATE]
    return kept, removed


def _parts(block: Block, templates: set[int]) -> list[Block]:
    """Two lines without a blank line between them, a whole form (a disclaimer that ends
    its sentence) and then a line of the story, are judged apart. (A form's own lines — a
    label and its text, a wrapped sentence, a list of reply keywords — stay one block.)"""
    lines = [line for line in block.source.split("\n") if line.strip()]
    if block.code or len(lines) != 2 or not _is_form(block.text):
        return [block]
    parts = [_block([line]) for line in lines]
    forms = [len(part.text) > _CUE_LENGTH and _is_form(part.text) for part in parts]
    story = [verdict(part, templates) == CONTENT and len(part.text) >= _SENTENCE for part in parts]
    ended = lines[0].rstrip(" *").endswith(_SENTENCE_ENDS)  # the form is whole, not cut mid-sentence
    return parts if forms == [True, False] and story[1] and ended else [block]


def _judge_spelled_out(blocks: list[Block], verdicts: list[str], templates: set[int]) -> None:
    """A caption spelt out one character a block (长 / 按 / 关 / 注) is judged as the words
    it spells: a run of SPELLED_OUT or more one-character blocks joined (dates and line
    numbers spelt that way read as no form and stay)."""
    start = 0
    while start < len(blocks):
        end = start
        while end < len(blocks) and len(blocks[end].text) == 1 and not blocks[end].code:
            end += 1
        if end - start >= _SPELLED_OUT:
            joined = "".join(block.text for block in blocks[start:end])
            judged = verdict(Block("", joined, key(joined)), templates)
            if judged in (BOILERPLATE, CUE):
                verdicts[start:end] = [judged] * (end - start)
        start = max(end, start + 1)


def _cut_closing_section(blocks: list[Block], verdicts: list[str]) -> None:
    """From the first section cue in the second half of the post's text, everything goes."""
    sizes = [len(b.text) if v == CONTENT else 0 for b, v in zip(blocks, verdicts, strict=True)]
    total = sum(sizes) or 1
    seen = 0
    for index, size in enumerate(sizes):
        if verdicts[index] == CUE and seen >= _CUE_AFTER * total:
            verdicts[index:] = [BOILERPLATE] * (len(verdicts) - index)
            return
        seen += size


def _cut_headline_list(blocks: list[Block], verdicts: list[str]) -> None:
    """From a heading after some of the story, a run to the end of headlines and their
    addresses goes: the day's other news. A heading the account repeats (a template, a
    cue) needs a shorter list than one the archive has not seen before."""
    addresses = pairs = unpaired = 0
    start, next_is_address = None, False
    for index in range(len(blocks) - 1, 0, -1):  # from the end, while the run is a list
        text, v = blocks[index].text, verdicts[index]
        if not text or v == BOILERPLATE:
            continue
        listed = pairs >= _LIST_PAIRED_SHARE * addresses and unpaired <= _LIST_UNPAIRED_SHARE * pairs
        known = v in (EDGE, CUE)
        enough = _LIST_PAIRS if known else _UNKNOWN_HEADING_PAIRS
        heading = len(text) <= _CUE_LENGTH and (known or not text.endswith(":"))  # not `X追踪了以下活动:`
        if heading and listed and pairs >= enough:
            start = index
        address = bool(_BARE_ADDRESS.match(text))
        if not address and len(text) > _HEADLINE:
            break
        headline = not address and v == CONTENT
        addresses += address
        pairs += headline and next_is_address
        unpaired += headline and not next_is_address and len(text) > _SECTION_HEADING
        next_is_address = address
    if start is not None and CONTENT in verdicts[:start]:
        verdicts[start:] = [BOILERPLATE] * (len(verdicts) - start)


def _trim_edges(blocks: list[Block], verdicts: list[str]) -> None:
    """Templates and decoration at the top and the bottom of a post go; images at the top
    stay (a cover), images at the bottom go when boilerplate follows them (QR codes). A
    post made of templates only is a post reissued as it was (a weekly notice, a course
    advert): its repeated sentences are its text and stay."""
    if CONTENT not in verdicts:
        for index, v in enumerate(verdicts):
            if v == EDGE and len(blocks[index].text) >= _SENTENCE:
                verdicts[index] = CONTENT
    for index, v in enumerate(verdicts):
        if v == CONTENT or (v == EDGE and len(blocks[index].text) > _OPENING_LINE):
            break  # a post opens with short template lines; a long one is its own text
        if v in (EDGE, CUE):
            verdicts[index] = BOILERPLATE
    last_content = max((i for i, v in enumerate(verdicts) if v == CONTENT), default=-1)
    tail = range(last_content + 1, len(verdicts))
    first_removed = next((i for i in tail if verdicts[i] != NEUTRAL), None)
    for index in tail:
        if verdicts[index] != NEUTRAL or (first_removed is not None and index > first_removed):
            verdicts[index] = BOILERPLATE
    for index, v in enumerate(verdicts):  # a cue left inside the post is a heading like any other
        if v in (CUE, EDGE):
            verdicts[index] = CONTENT


def split_lines(text: str) -> list[Block]:
    """The blocks of a plain-text body: one a line (its paragraphs), blank lines too, so
    that the kept ones join back into the same layout."""
    return [_block([line]) for line in text.split("\n")]
