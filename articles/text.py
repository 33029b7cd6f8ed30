"""The one place where text is normalised, folded and segmented.

Import, index, query and entity matching all go through these functions, so that
`奧特曼` and `奥特曼`, `ＪＡＳＯＮ　ＷＥＩ` and `Jason Wei` always meet.

- `clean()` repairs the text that is *shown*.
- `fold()` makes the text that is *matched*. It works character by character, so
  fold(a + b) == fold(a) + fold(b): a fragment of a document folds to a fragment of the
  folded document, which is what makes exact substring search possible. (OpenCC's
  phrase-level conversion is kept for display only: `to_simplified`, `to_traditional`.)
- `fold_with_offsets()` also says where each folded character came from, so that a match
  found in folded text can be highlighted in the shown text.
- `regional_forms()` gives the other regions' spelling of folded text (Taiwan's and Hong
  Kong's 惡意軟體 and 伺服器 are the mainland's 恶意软件 and 服务器), from OpenCC's phrase
  dictionaries: a query term is looked for in each form, so either usage finds the other.
- `segment()` cuts folded text into words with jieba, whose dictionary also holds the
  names of known entities (`add_words`) so that names stay whole.
"""

import bisect
import functools
import html
import re
import subprocess
import tempfile
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path

# --- cleaning the shown text -------------------------------------------------------

# Zero-width characters and the BOM carry nothing a reader sees.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Odd spaces (no-break, ideographic is kept: it is real Chinese typography) become plain.
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin reading glued after a Han character by a converter: 研發(fā) -> 研發.
# Only readings with a tone mark are removed: (de), (Mark Chen) or (AI) stay untouched.
_GLUED_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])[(（]"
    rf"[a-zü]*[{_TONE_VOWELS}][a-zü{_TONE_VOWELS}]*"
    r"[)）]"
)
_SPACE_RUNS = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n\s*\n(\s*\n)+")


def clean(text: str) -> str:
    """Repair text for display: entities, invisible characters, odd spaces, glued pinyin."""
    text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE)
    text = _ODD_SPACES.sub(" ", text)
    text = _GLUED_PINYIN.sub("", text)
    text = _SPACE_RUNS.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


# --- text that goes into XML ---------------------------------------------------------

# What XML 1.0 cannot hold (feeds, and any export): C0 controls but tab and line ends,
# lone surrogates, and the non-characters U+FFFE and U+FFFF. PostgreSQL refuses NUL too.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 does not allow. The import passes every
    field through it, and the feeds again (rows stored before it)."""
    return _NOT_XML.sub("", text)


# --- folding the matched text ------------------------------------------------------


@functools.cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


# Cyrillic and Greek letters drawn exactly like Latin ones. WeChat posts write product
# names with them (CliсkHоuѕе, Dаtаеаѕе with Cyrillic с о ѕ а е) so that scrapers and
# keyword filters miss them; folded to Latin, a search for ClickHouse finds them. Only
# look-alikes: Greek μ β λ and Cyrillic в к м н т are other letters and stay.
_HOMOGLYPHS = dict(
    zip(
        "аеорсухѕіјԁһԛԝӏАВЕКМНОРСТХЅІЈҮοΟΑΒΕΖΗΙΚΜΝΡΤΥΧ",
        "aeopcyxsijdhqwlabekmhopctxsijyooabezhikmnptyx",
        strict=True,
    )
)


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (cached forever:
    the number of distinct characters in a corpus is small)."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        folded = _HOMOGLYPHS.get(char) or unicodedata.normalize("NFKC", char).casefold()
        if any(ord(c) > 0x2E7F for c in folded):
            folded = _converter("t2s").convert(folded)
        if folded.isspace():
            folded = " "
        if len(folded) != 1:
            _NOT_IN_PLACE.add(char)
        self[codepoint] = folded
        return folded


_FOLD = _FoldTable()
_FOLD.update(_INVISIBLE)
# The characters seen so far that fold to none or to several (… -> ..., ﬁ -> fi): a text
# folds one to one between them.
_NOT_IN_PLACE = {chr(codepoint) for codepoint in _INVISIBLE}


def fold(text: str) -> str:
    """NFKC, case-fold and Traditional -> Simplified, character by character."""
    return text.translate(_FOLD)


@functools.cache
def _not_in_place_pattern(known: int) -> re.Pattern:
    # `known`: how many such characters the pattern is made of (the set only grows).
    return re.compile("[" + "".join(map(re.escape, sorted(_NOT_IN_PLACE))) + "]")


class FoldedOffsets(Sequence):
    """offsets[i]: the index in the text of folded character i. Kept as the runs where
    folding is one to one and the characters that are not, so a whole article is mapped
    without a step per character (the shown pages map every article they mark). Made by
    `fold_with_offsets`, after the text was folded: every character of it is then known."""

    def __init__(self, text: str, length: int):
        self._length = length
        self._starts, self._runs = [], []  # a run: (its first index in text, one to one?)
        folded_at = text_at = 0
        for match in _not_in_place_pattern(len(_NOT_IN_PLACE)).finditer(text):
            self._add(folded_at, text_at, True, match.start() - text_at)
            folded_at += match.start() - text_at
            width = len(_FOLD[ord(match.group())] or "")
            self._add(folded_at, match.start(), False, width)
            folded_at, text_at = folded_at + width, match.end()
        self._add(folded_at, text_at, True, len(text) - text_at)

    def _add(self, folded_at: int, text_at: int, in_place: bool, width: int) -> None:
        if width:
            self._starts.append(folded_at)
            self._runs.append((text_at, in_place))

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        run = bisect.bisect_right(self._starts, index) - 1
        text_at, in_place = self._runs[run]
        return text_at + (index - self._starts[run]) if in_place else text_at


def fold_with_offsets(text: str) -> tuple[str, FoldedOffsets]:
    """Fold `text`; also return, for each folded character, its index in `text`."""
    folded = fold(text)  # meets every character of it first
    return folded, FoldedOffsets(text, len(folded))


# --- regional vocabulary -----------------------------------------------------------

# OpenCC's phrase dictionaries, each with what its keys and its values are: Taiwan and
# Hong Kong usage -> mainland (the *Rev ones, used by tw2sp and hk2sp) and back.
_REGIONAL_DICTIONARIES = {
    "TWPhrasesRev": ("tw", "cn"),
    "HKPhrasesRev": ("hk", "cn"),
    "TWPhrases": ("cn", "tw"),
    "HKPhrases": ("cn", "hk"),
}
# A regional form that is an everyday mainland word (jieba's dictionary counts it this
# often or more) is ambiguous: Taiwan's 執行 is the mainland's 运行, but 执行 is a mainland
# word too, and 文件, 程序, 资讯 likewise. Such a pair is left out, or every mainland
# 执行 would also find 运行.
EVERYDAY_MAINLAND = 300
MAX_REGIONAL_FORMS = 6  # a query term's other spellings looked for, at most


def opencc_dictionary(name: str) -> list[tuple[str, list[str]]]:
    """(key, [values]) of one of the installed OpenCC's dictionaries. Its .ocd2 files are
    binary; the `opencc_dict` tool shipped in the same package writes them out as text."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    with tempfile.TemporaryDirectory(prefix="opencc-") as folder:
        written = Path(folder) / f"{name}.txt"
        command = [clib / "bin" / "opencc_dict", "-i", clib / "share" / "opencc" / f"{name}.ocd2"]
        subprocess.run([*command, "-o", written, "-f", "ocd2", "-t", "text"], check=True, capture_output=True)
        lines = written.read_text(encoding="utf-8").splitlines()
    return [(key, values.split(" ")) for key, _, values in (line.partition("\t") for line in lines) if values]


@functools.cache
def regional_pairs() -> list[tuple[str, str, str]]:
    """(region, regional form, mainland form) of every unambiguous phrase pair, folded."""
    everyday = _tokenizer().FREQ
    pairs = {}
    for name, (key_region, value_region) in _REGIONAL_DICTIONARIES.items():
        for key, values in opencc_dictionary(name):
            forms = {key_region: fold(key), value_region: fold(values[0])}
            mainland = forms.pop("cn")
            [(region, regional)] = forms.items()
            if regional != mainland and everyday.get(regional, 0) < EVERYDAY_MAINLAND:
                pairs[region, regional, mainland] = None
    return list(pairs)


@functools.cache
def _regional_tables() -> dict[str, tuple[re.Pattern, dict[str, list[str]]]]:
    """For "cn" (any regional form -> mainland), "tw" and "hk" (mainland -> that
    region's form): a pattern of the keys, longest first, and each key's replacements
    (a phrase may have several: Taiwan's 機率 is 概率, Hong Kong's is 几率)."""
    tables = {"cn": {}, "tw": {}, "hk": {}}
    for region, regional, mainland in regional_pairs():
        tables["cn"].setdefault(regional, []).append(mainland)
        tables[region].setdefault(mainland, []).append(regional)
    # A phrase already in the target's usage stays whole: the mainland's 土库曼斯坦 holds
    # Taiwan's 土库曼, and must not become 土库曼斯坦斯坦 (OpenCC guards its segments alike).
    for region, regional, mainland in regional_pairs():
        tables["cn"].setdefault(mainland, [mainland])
        tables[region].setdefault(regional, [regional])
    return {
        target: (re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True)))), table)
        for target, table in tables.items()
    }


def _to_region(folded: str, target: str) -> list[str]:
    """`folded` in the target's usage: one spelling per choice among the replacements."""
    pattern, table = _regional_tables()[target]
    found = [table[match.group()] for match in pattern.finditer(folded)]
    choices = max(map(len, found), default=1)
    return [pattern.sub(functools.partial(_pick, table, choice), folded) for choice in range(choices)]


def _pick(table: dict[str, list[str]], choice: int, match: re.Match) -> str:
    replacements = table[match.group()]
    return replacements[min(choice, len(replacements) - 1)]


def regional_forms(folded: str) -> list[str]:
    """The other spellings of folded text in mainland, Taiwan and Hong Kong usage
    (惡意軟體 and 恶意软件, 伺服器 and 服务器), folded; empty when there are none.

    Documents are folded character by character and matched as written; a query term
    is also looked for in these forms, so either usage finds the other. (Rewriting the
    documents' folded text instead would lose substrings: 軟體 would no longer hold 體.)"""
    forms = []
    for mainland in _to_region(folded, "cn"):
        forms += [mainland, *_to_region(mainland, "tw"), *_to_region(mainland, "hk")]
    return [form for form in dict.fromkeys(forms) if form != folded][:MAX_REGIONAL_FORMS]


# --- script ------------------------------------------------------------------------


def to_simplified(text: str) -> str:
    """Phrase-aware conversion for reading (not for matching: use fold)."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Phrase-aware conversion for reading."""
    return _converter("s2t").convert(text)


def to_taiwan(text: str) -> str:
    """Traditional characters in Taiwan's usage (软件 -> 軟體, 服务器 -> 伺服器), for reading."""
    return _converter("s2twp").convert(text)


def to_hong_kong(text: str) -> str:
    """Traditional characters in Hong Kong's usage, for reading."""
    return _converter("s2hkp").convert(text)


def detect_script(text: str) -> str:
    """'hant' when the text has clearly more traditional than simplified-only
    characters, 'hans' when it is Chinese otherwise, '' when it has no Han at all."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return ""
    sample = han[:5000]
    traditional = sum(1 for char in sample if _FOLD[ord(char)] != char)  # fold(), a character at a time
    return "hant" if traditional / len(sample) > 0.02 else "hans"


# --- start-up ----------------------------------------------------------------------


def warm_up() -> None:
    """Load now what the first search or converted page would otherwise wait for
    (about a second): jieba's dictionary, OpenCC's converters, the regional phrases.
    Web workers call it as they start (newsarchive/wsgi.py)."""
    _tokenizer()
    for config in ("t2s", "s2t", "s2twp", "s2hkp"):
        _converter(config)
    _regional_tables()
    fold(to_simplified("預熱"))


# --- segmentation ------------------------------------------------------------------

_jieba_lock = threading.Lock()


@functools.cache
def _tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def add_words(words, tag: str | None = None) -> None:
    """Teach the segmenter names it must keep whole (folded, as segment() sees them)."""
    tokenizer = _tokenizer()
    with _jieba_lock:
        for word in words:
            word = fold(word).strip()
            if word:
                tokenizer.add_word(word, freq=None, tag=tag)


def segment(folded_text: str) -> list[str]:
    """Words of already folded text, in order, without whitespace tokens."""
    return [word for word in _tokenizer().lcut(folded_text, HMM=False) if not word.isspace()]


@functools.cache
def _pos_tagger():
    from jieba import posseg

    # Built once: its constructor reads the whole dictionary file.
    return posseg.POSTokenizer(_tokenizer())


def pos_tag(folded_text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech flag) pairs, for entity extraction (jieba.posseg)."""
    return [(pair.word, pair.flag) for pair in _pos_tagger().lcut(folded_text)]


# --- search tokens -----------------------------------------------------------------

# Scripts written without spaces: indexed as overlapping character bigrams.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003134f"
# A character of a word that is not CJK (letters and digits of any other script).
WORD_CHARACTER = rf"[^\W_{_CJK}]"
_SEARCH_TOKEN = re.compile(rf"([{_CJK}]+)|({WORD_CHARACTER}+)")
# Longer runs of letters and digits (hashes, base64) are cut: PostgreSQL caps a lexeme
# at 2 KB, and documents and queries are cut the same way.
MAX_WORD = 60


def search_tokens(folded_text: str) -> list[tuple[str, bool]]:
    """The searchable pieces of folded text, in order: (run of CJK characters, True)
    or (word of letters and digits, False). Punctuation, spaces and emoji are dropped."""
    return [(cjk, True) if cjk else (word[:MAX_WORD], False) for cjk, word in _SEARCH_TOKEN.findall(folded_text)]


def bigrams(run: str) -> list[str]:
    """Overlapping character pairs of a CJK run; a one-character run is its own gram."""
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def bigram_set(folded_text: str) -> set[str]:
    """The distinct CJK character pairs of folded text: how two texts are compared for
    shared vocabulary (a teaser against its page, two titles of one story)."""
    return {gram for run, cjk in search_tokens(folded_text) if cjk and len(run) > 1 for gram in bigrams(run)}


def index_tokens(folded_text: str, start: int = 0) -> list[tuple[str, int]]:
    """(lexeme, position) pairs to index folded text by, positions counted from `start`.

    Each CJK character takes a position; the bigram starting at it is indexed there, so
    any fragment of two or more characters is found by its bigrams. The last character
    of a run is also indexed alone, so that a one-character query (a prefix of bigrams)
    finds a character that ends a run. jieba words of three or more characters are added
    at their first character, for ranking. Each Latin word takes one position.
    """
    tokens, long_runs = [], []  # long_runs: (run, position) of the CJK runs that can hold such a word
    position = start
    for cjk, word in _SEARCH_TOKEN.findall(folded_text):
        if not cjk:
            tokens.append((word[:MAX_WORD], position))
            position += 1
            continue
        length = len(cjk)
        if length > 1:
            tokens.extend(zip(bigrams(cjk), range(position, position + length - 1), strict=True))
            if length > 2:
                long_runs.append((cjk, position))
        tokens.append((cjk[-1], position + length - 1))
        position += length
    if long_runs:
        tokens.extend(_word_tokens(long_runs))
    return tokens


def _word_tokens(runs):
    """jieba words of three or more characters, at the position of their first one.

    jieba's time goes on every character it is given, and only a CJK run of three or
    more characters can hold such a word, so those runs alone are segmented, in one call,
    a line each (jieba cuts at line breaks: no word spans two runs)."""
    pending = iter(runs)
    run_position, run_start, offset = None, 0, 0
    for piece in _tokenizer().cut("\n" + "\n".join(run for run, _ in runs), HMM=False):
        if piece == "\n":
            run_position, run_start = next(pending)[1], offset + 1
        elif len(piece) > 2:
            yield piece, run_position + offset - run_start
        offset += len(piece)
