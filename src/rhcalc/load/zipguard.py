"""The zip guard: a workbook that is a zip (.xlsx .xlsm .ods) is checked before calamine inflates it.

Every member is inflated once here, in chunks, counting bytes, so a zip bomb (or a zip whose headers
lie about sizes) stops at the limit instead of at the end of memory; encrypted packages, zips that
are no workbook and workbooks whose zip signature was damaged are named for what they are.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from rhcalc.common.problems import reason_of
from rhcalc.load.extents import xlsx_refusal

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all members together
MAX_COMPRESSION_RATIO = 100  # sheet XML compresses ~10:1; a bomb 1000:1 and more
RATIO_FLOOR_BYTES = 10 * 1024 * 1024  # small files may compress well without being a threat
_CHUNK = 1 << 20
_PLAIN_LIMIT = 16 * _CHUNK  # members inflated in one piece; larger ones in chunks
_PLAIN_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, compressed patch, strong encryption
_WORKBOOK_PARTS = ("xl/workbook.xml", "xl/workbook.bin", "content.xml")


def zip_refusal(path: Path) -> tuple[str, dict[str, str]] | None:
    try:
        # In memory (the file is within MAX_FILE_BYTES): the members are inflated from one buffer.
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "EncryptionInfo" in names or "EncryptedPackage" in names:
                return "encrypted-workbook", {}
            if not names & set(_WORKBOOK_PARTS):
                if any(n.startswith("xl/") for n in names) or _ods_mimetype(zf, names):  # an .xlsx or .ods that lost it
                    return "corrupt-workbook", {"reason": "the workbook part (xl/workbook.xml or content.xml) is missing"}
                return "not-a-spreadsheet", {}  # a .docx, a .zip of files
            packed = max(sum(i.compress_size for i in infos), 1)
            total = 0
            for info in infos:
                budget = MAX_UNCOMPRESSED_BYTES - total
                size = _plain_inflated_size(data, info, budget)
                total += _inflated_size(zf, info, budget) if size is None else size
                if total > MAX_UNCOMPRESSED_BYTES or (total > RATIO_FLOOR_BYTES and total / packed > MAX_COMPRESSION_RATIO):
                    return "too-large", {"reason": f"more than {total:,} bytes uncompressed from {packed:,}"}
            return xlsx_refusal(zf, infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        return "corrupt-workbook", {"reason": reason_of(exc)}


def _ods_mimetype(zf: zipfile.ZipFile, names: set[str]) -> bool:
    return "mimetype" in names and zf.read("mimetype").strip() == b"application/vnd.oasis.opendocument.spreadsheet"


def _plain_inflated_size(data: bytes, info: zipfile.ZipInfo, budget: int) -> int | None:
    """The inflated size of an ordinary deflated member, straight from the buffer with zlib (twice
    as fast as through ZipFile.open); None for anything else — stored, encrypted, a header or CRC
    that does not match, more than ``_PLAIN_LIMIT`` bytes or ``budget`` — which ``_inflated_size``
    then reads, raising what it raises."""
    if (info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & _PLAIN_FLAGS
            or info.file_size > min(_PLAIN_LIMIT, budget)):
        return None
    start = info.header_offset
    header = data[start:start + 30]
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        return None
    flags, name_len, extra_len = struct.unpack("<H18xHH", header[6:])
    name = data[start + 30:start + 30 + name_len]
    try:
        if name.decode("utf-8" if flags & 0x800 else "cp437") != info.orig_filename:
            return None
    except UnicodeDecodeError:
        return None
    begin = start + 30 + name_len + extra_len
    packed = data[begin:begin + info.compress_size]
    if len(packed) != info.compress_size:
        return None
    inflater = zlib.decompressobj(-15)
    try:
        plain = inflater.decompress(packed, info.file_size + 1)
    except zlib.error:
        return None
    if not inflater.eof or len(plain) != info.file_size or zlib.crc32(plain) != info.CRC:
        return None
    return len(plain)


def _inflated_size(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Bytes the member really inflates to (headers can lie), stopping just past ``budget``."""
    size = 0
    with zf.open(info) as fh:
        while size <= budget:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
    return size


ZIPPED = {".xlsx", ".xlsm", ".ods"}


def zip_without_signature(path: Path) -> bool:
    """A workbook whose first bytes were damaged: its zip directory (PK\\5\\6 at the end) is still there."""
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 65_557))  # the end record and the longest zip comment
        return b"PK\x05\x06" in fh.read()
