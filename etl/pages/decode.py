"""Bytes to text: encoding detection (charset-normalizer), NFC, NUL bytes and line ends cleaned, and
the characters readers do not see (soft hyphens, zero-width spaces and joiners, word joiners, byte
order marks) removed, so that nothing downstream matches across them and every offset is into
the text as read."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from etl.records import InputError

# Signatures of binary formats that sometimes arrive under a text name.
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"%PDF-": "PDF document",
    b"\x1f\x8b": "gzip archive",
    b"PK\x03\x04": "ZIP archive (or DOCX/XLSX)",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"\x7fELF": "ELF executable",
    b"RIFF": "RIFF media (WebP/WAV/AVI)",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ\x00": "xz archive",
    b"7z\xbc\xaf\x27\x1c": "7-Zip archive",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# soft hyphen, zero-width space / non-joiner / joiner, word joiner, zero-width no-break space (BOM)
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# C0 controls other than tab, newline, carriage return and form feed: a text page has (almost) none.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def sniff_binary(data: bytes) -> str | None:
    """The name of a known binary format ``data`` starts with, or None."""
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    return None


def decode_bytes(data: bytes) -> str:
    """Decode a page's bytes to NFC text with ``\\n`` line ends and no NUL bytes.

    Raises InputError('empty' | 'binary' | 'undecodable') when the bytes are not a text page.
    """
    if not data:
        raise InputError("empty", "the file has no bytes")
    kind = sniff_binary(data)
    if kind:
        raise InputError("binary", f"looks like a {kind}, not a text page")
    text = _decode(data)
    text = text.replace("\x00", "")
    if len(_CONTROL.findall(text[:20000])) > max(8, len(text[:20000]) // 100):
        raise InputError("binary", "too many control characters for a text page")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError("empty", "the file holds only white space")
    return text


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError("undecodable", f"{encoding} byte-order mark but invalid {encoding}: {exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes (a truncated sequence, a stray byte): keep UTF-8 rather
    # than let a detector pick a legacy code page that would garble every accented letter.
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    multibyte = sum(1 for c in lossy if ord(c) > 127) - bad
    if multibyte >= 4 * bad:
        return lossy
    best = from_bytes(data).best()
    # The corpus is Western European first: when Windows-1252 reads the bytes as Western text and
    # the detector's pick does not, trust Windows-1252 (detectors confuse it with cp1257 and others
    # on short French pages: « ça » read as « ēa »).
    western = _western(data)
    if western is not None and (best is None or not _is_western(str(best))):
        return western
    if best is None:
        raise InputError("undecodable", "no text encoding fits these bytes")
    return str(best)


_WESTERN_EXTRA = set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")


def _is_western(text: str) -> bool:
    return all(ord(c) < 0x100 or c in _WESTERN_EXTRA for c in text)


def _western(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text if _is_western(text) and not _CONTROL.search(text) else None
