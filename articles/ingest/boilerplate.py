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
- form: a block that *is* a call to action, a disclaimer or a contact line (or forms
  written as one sentence, clause by clause), judged on the whole block and its length,
  so a sentence that merely mentions 关注 or 公众号 stays;
- the post's own title and publisher: the other parts of its series (二进制漏洞分析-7 under
  二进制漏洞分析-11), and a heading that introduces the publisher (赛博研究院简介) as a cue.

Repetition and decoration (`—`, `01`, `END`) count only at the edges of a post, where
templates sit: inside it, a heading every advisory of an account shares (漏洞描述) or the
description of a product its advisories repeat is the story's own text. A repeated block
that advertises (the account's paid community, a course) goes wherever it is.
"""

import re
import zlib
from dataclasses import dataclass

from articles.ingest import forms
from articles.text import fold

# Part of every article's clean key: a change to these rules (or to ingest/forms.py) re-cleans the archive.
RULES_VERSION = 7

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_TAG = re.compile(r"<[^>\n]+>")
_MARKS = re.compile(r"[*_#>`~|\\]+")
_NON_WORD = re.compile(r"[\W_]+")
_URLISH = re.compile(r"^(?:https?://|www\.)", re.I)
# A title that numbers a part of a series: its name ends with a mark before the number.
_SERIES_TITLE = re.compile(r"^(\D*[-—_:：第#(（])(\d+)")
_SERIES_NAME = 4  # word characters in the series' name, at least (not CVE-)
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
    # What the archive knows the block by: its own key, or the whole paragraph's when a
    # heading split it (templates are paragraphs as they were written).
    template_key: int | None = None

    def __post_init__(self):
        if self.template_key is None:
            self.template_key = self.key


def split(markdown: str) -> list[Block]:
    """The body's blocks: runs of lines between blank lines, each heading alone, a fenced
    code block whole."""
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
                found += _paragraphs(lines)
            lines, fence = [line], opening.group(1)
        elif line.strip():
            lines.append(line)
        elif lines:
            found += _paragraphs(lines)
            lines = []
    if lines:
        found += [_block(lines, code=True)] if fence else _paragraphs(lines)
    return found


def _paragraphs(lines: list[str]) -> list[Block]:
    """A run of lines, each heading in it a block of its own (a cue or a form is then seen
    as one), known to the archive as the paragraph they were written as. A run that is a
    form as a whole (设为星标 spread over lines and headings) stays whole."""
    whole = _block(lines)
    if len(lines) == 1 or not any(_HEADING.match(line) for line in lines) or forms.is_form(whole.text):
        return [whole]
    found, paragraph = [], []
    for line in lines:
        if _HEADING.match(line):
            if paragraph:
                found.append(_block(paragraph))
            found.append(_block([line]))
            paragraph = []
        else:
            paragraph.append(line)
    if paragraph:
        found.append(_block(paragraph))
    for block in found:
        block.template_key = whole.key
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
    return sorted({block.template_key for block in blocks if block.template_key})


# The verdicts: content stays; boilerplate goes wherever it is; the rest goes only at
# an edge of the post (edge), or with the closing section it belongs to (neutral); an
# advert goes unless the post is made of nothing else.
CONTENT, BOILERPLATE, EDGE, NEUTRAL, CUE, ADVERT = "content", "boilerplate", "edge", "neutral", "cue", "advert"
# A prompt (rules v7's forms) goes wherever it is, but the opening of a post is trimmed only
# up to it, as up to the story: the account's headings after it (0x01 前言) are the story's.
PROMPT = "prompt"


def verdict(block: Block, templates: set[int]) -> str:
    """How one block reads on its own; `templates` holds the keys of the blocks the
    archive knows as templates of this post's publisher."""
    if block.code:
        return CONTENT
    text = block.text
    if not text:
        return NEUTRAL
    if len(text) <= _CUE_LENGTH and forms.SECTION_CUE.match(text):
        return CUE
    if forms.is_form(text) or (block.link_chars and block.link_chars >= forms.LINK_SHARE * len(text)):
        return BOILERPLATE
    if forms.is_prompt(text):
        return PROMPT
    if block.template_key in templates:
        return ADVERT if forms.PROMOTION.search(text) else EDGE
    if forms.DECORATION.match(text) or forms.CREDIT.match(text):
        return EDGE
    return CONTENT


def clean(
    blocks: list[Block], templates: set[int], title: str = "", publisher: str = ""
) -> tuple[list[Block], list[Block]]:
    """(kept, removed) blocks of a post; its title and publisher tell its series' index
    and its publisher's own introduction."""
    blocks = [part for block in blocks for part in _parts(block, templates)]
    verdicts = [verdict(block, templates) for block in blocks]
    # A repeated advert goes, unless the post is nothing else (a course advert reissued).
    advert = BOILERPLATE if CONTENT in verdicts else EDGE
    verdicts = [advert if v == ADVERT else v for v in verdicts]
    _judge_own_introduction(blocks, verdicts, publisher)
    _judge_series_index(blocks, verdicts, title)
    _judge_spelled_out(blocks, verdicts, templates)
    _judge_split_opening(blocks, verdicts, templates)
    _cut_closing_section(blocks, verdicts)
    _cut_headline_list(blocks, verdicts)
    _judge_closing_prompt(blocks, verdicts)
    _trim_edges(blocks, verdicts)
    kept = [block for block, v in zip(blocks, verdicts, strict=True) if v != BOILERPLATE]
    removed = [block for block, v in zip(blocks, verdicts, strict=True) if v == BOILERPLATE]
    return kept, removed


def _parts(block: Block, templates: set[int]) -> list[Block]:
    """Lines without a blank line between them, a whole form (a disclaimer that ends its
    sentence) and then the story, are judged apart. (A form's own lines — a label and its
    text, a wrapped sentence, a list of reply keywords — stay one block.)"""
    lines = [line for line in block.source.split("\n") if line.strip()]
    if block.code or len(lines) < 2 or not forms.is_form(block.text):
        return [block]
    form, story = _block(lines[:1]), _block(lines[1:])
    ended = lines[0].rstrip(" *").endswith(_SENTENCE_ENDS)  # the form is whole, not cut mid-sentence
    whole_form = len(form.text) > _CUE_LENGTH and forms.is_form(form.text) and ended
    # (a prompt after the form is judged apart too: it stops the opening's trim, as the story would)
    is_story = not forms.is_form(story.text) and verdict(story, templates) in (CONTENT, PROMPT)
    is_story = is_story and len(story.text) >= _SENTENCE
    return [form, story] if whole_form and is_story else [block]


def _judge_own_introduction(blocks: list[Block], verdicts: list[str], publisher: str) -> None:
    """A heading that introduces the publisher (赛博研究院简介, 关于XX) is a section cue."""
    name = compact(publisher)
    if len(name) < 2:
        return
    heading = re.compile(rf"^[\W\d_]*(?:关于{re.escape(name)}|{re.escape(name)}(?:简介|介绍))[\W_]*$")
    for index, block in enumerate(blocks):
        if len(block.text) <= _CUE_LENGTH + len(name) and heading.match(block.text):
            verdicts[index] = CUE


def _judge_series_index(blocks: list[Block], verdicts: list[str], title: str) -> None:
    """Lines naming the other parts of the post's series (二进制漏洞分析-7.… under the title
    二进制漏洞分析-11.…) go wherever they are, when there are two or more of them."""
    series = _SERIES_TITLE.match(compact(title))
    if not series or len(_NON_WORD.sub("", series.group(1))) < _SERIES_NAME:
        return
    part = re.compile(rf"^[\W_]*{re.escape(series.group(1))}(\d+)")

    def other_parts(block: Block) -> bool:
        lines = [compact(_LINK.sub(r"\1", line)) for line in block.source.split("\n")]
        found = [part.match(line) for line in lines if line]
        return bool(found) and all(m and m.group(1) != series.group(2) and len(m.string) <= _HEADLINE for m in found)

    index_blocks = [index for index, block in enumerate(blocks) if not block.code and other_parts(block)]
    lines = sum(len(blocks[index].source.strip().split("\n")) for index in index_blocks)
    if lines >= 2:
        for index in index_blocks:
            verdicts[index] = BOILERPLATE


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
            if judged in (BOILERPLATE, CUE, PROMPT):
                verdicts[start:end] = [judged] * (end - start)
        start = max(end, start + 1)


def _judge_split_opening(blocks: list[Block], verdicts: list[str], templates: set[int]) -> None:
    """At the top of a post, before its first sentence, two short blocks in a row are also
    judged joined: a widget drawn over two lines (读完需要 / 6分钟，速读仅需2分钟) is read as
    one, even where its second line is a form alone, when the first opens like one.
    Inside the story, short lines stay what they are."""
    for index in range(len(blocks) - 1):
        first, second = blocks[index], blocks[index + 1]
        if any(len(b.text) > _CUE_LENGTH or b.code for b in (first, second)):
            break
        if verdicts[index] != CONTENT or verdicts[index + 1] not in (CONTENT, BOILERPLATE):
            continue
        if verdicts[index + 1] == BOILERPLATE and not forms.OPENS_A_FORM.match(first.text):
            continue  # a form already judged alone (点击上方蓝字关注我们) takes no heading with it
        joined = first.text + second.text
        if len(first.text) >= 2 and verdict(Block("", joined, key(joined)), templates) in (BOILERPLATE, PROMPT):
            verdicts[index : index + 2] = [PROMPT, PROMPT]


def _judge_closing_prompt(blocks: list[Block], verdicts: list[str]) -> None:
    """The post's last block of text, when it is short and ends in a call to action
    (长亭科技已有完整版方案，扫描下方二维码获取完整版方案), is the account's prompt."""
    last = max((i for i, v in enumerate(verdicts) if v == CONTENT), default=None)
    if last is not None and CONTENT in verdicts[:last] and forms.ends_in_call(blocks[last].text):
        verdicts[last] = PROMPT


def _cut_closing_section(blocks: list[Block], verdicts: list[str]) -> None:
    """From the first section cue in the second half of the post's text, everything goes.
    A code block is text of the post too (a tool's list of checks can be most of it)."""
    sizes = [_size(b) if v == CONTENT else 0 for b, v in zip(blocks, verdicts, strict=True)]
    total = sum(sizes) or 1
    seen = 0
    for index, size in enumerate(sizes):
        if verdicts[index] == CUE and seen >= _CUE_AFTER * total:
            verdicts[index:] = [BOILERPLATE] * (len(verdicts) - index)
            return
        seen += size


def _size(block: Block) -> int:
    return len(compact(block.source)) if block.code else len(block.text)


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
        if v in (CONTENT, PROMPT) or (v == EDGE and len(blocks[index].text) > _OPENING_LINE):
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
        elif v == PROMPT:
            verdicts[index] = BOILERPLATE


def split_lines(text: str) -> list[Block]:
    """The blocks of a plain-text body: one a line (its paragraphs), blank lines too, so
    that the kept ones join back into the same layout."""
    return [_block([line]) for line in text.split("\n")]
