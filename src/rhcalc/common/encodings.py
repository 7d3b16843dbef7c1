"""Bytes of unknown encoding → text: UTF-8 (with or without a BOM) and UTF-16 first, as they are
unambiguous; then detection, preferring the GB encodings mainland offices write (Chinese Excel
saves CSV as GBK). Shared by the submission reader and the catalog draft's document reader.
"""

from __future__ import annotations

# Mainland offices write GB18030/GBK; on a short file charset-normalizer often finds Korean
# cp949 or Big5 just as clean. Among the candidates it finds equally plausible, prefer these.
_PREFERRED = ("gb18030", "gbk", "gb2312", "big5", "utf_16", "utf_8")
_GB = {"gbk", "gb2312", "cp936", "hz", "gb18030"}


def decode_text(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding): UTF-8 with or without BOM first, as it is unambiguous; then detection."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in _detect(raw[:200_000]) + ["gb18030"]:
        # GB18030 is a superset of GBK and GB2312: decode any of them with it.
        encoding = "gb18030" if encoding.lower().replace("-", "").replace("_", "") in _GB else encoding
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _detect(raw: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw))
    if not matches:
        return []
    least = min(m.chaos for m in matches)
    tied = [m.encoding for m in matches if m.chaos <= least + 0.01]
    rank = {name: i for i, name in enumerate(_PREFERRED)}
    return sorted(tied, key=lambda e: rank.get(e, len(rank))) + [m.encoding for m in matches]
