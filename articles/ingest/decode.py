"""Bytes to text: the encoding is detected, never assumed.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are certain; UTF-16 without a BOM
shows itself by its NUL bytes; anything else (GB18030/GBK, Big5 …) is left to
charset-normalizer, which weighs how coherent each candidate's text is.
"""

import codecs

from articles.ingest.errors import RejectedFile

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Legacy Chinese encodings first: a text that decodes in one of them is compared
# against the others by charset-normalizer rather than taken at first sight.
_CHINESE = ["gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be"]


def decode(data: bytes) -> str:
    """Text with `\n` line ends, whatever the encoding and line ends of `data`."""
    text = _decode(data)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _decode(data: bytes) -> str:
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
        raise RejectedFile("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    head = data[:4096]
    if b"\x00" in head:
        encoding = _utf16_without_bom(head)
        try:
            text = data.decode(encoding) if encoding else ""
        except UnicodeDecodeError:
            text = ""
        if not text or _has_controls(text[:4096]):
            raise RejectedFile("the file is binary (it contains NUL bytes), not text")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _guess(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise RejectedFile(f"the file is not valid {encoding} text (byte {error.start})") from None


def _utf16_without_bom(head: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes sit mostly on one side of the
    byte pairs: the high byte of ASCII characters (CJK characters rarely have a NUL)."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 4 and odd > 4 * even:
        return "utf-16-le"
    if even >= 4 and even > 4 * odd:
        return "utf-16-be"
    return ""


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    if _is_binary(data):
        raise RejectedFile("the file is binary (control bytes), not text")
    best = from_bytes(data, cp_isolation=_CHINESE).best() or from_bytes(data).best()
    if best is None:
        raise RejectedFile("the file's encoding could not be recognised (binary data?)")
    return str(best)


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\x0c\x1b")
    return controls > len(sample) // 100


def _has_controls(text: str) -> bool:
    controls = sum(1 for char in text if char < " " and char not in "\t\n\r\x0c\x1b")
    return controls > len(text) // 100
