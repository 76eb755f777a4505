"""A document as a Word file (.docx): what a word processor opens and the reader can edit.

Why write the file here: the browser's own print-to-PDF already gives a PDF (the print sheet), but
a PDF cannot be edited, and the blanks (``________``) are often filled on a computer or in WPS on a
phone before the letter is printed or uploaded to a bank's app. A .docx is a zip of three small XML
files, so the engine can write it with the standard library and no package: the same bytes on
CPython and Pyodide, and the text is :func:`guide_engine.documents.blocks`, so the Word file says
exactly what the page and the plain text say. The borrower notes are never in it.

Why a zip writer of our own (30 lines, entries stored, not compressed) instead of :mod:`zipfile`:
the browser's runtime carries only the standard-library modules the engine imports, and ``zipfile``
would add a package and ``pathlib`` to every reader's download for a file of a few kilobytes.
Entries are stored with a fixed timestamp, so the same document always gives the same bytes.
"""

from __future__ import annotations

import binascii
import re
import struct
from typing import Any

from .documents import blocks

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: A4 with 2.5 cm margins (twentieths of a point), as a letter to a bank is printed.
_SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" w:header="708" '
    'w:footer="708" w:gutter="0"/></w:sectPr>'
)
#: Characters XML 1.0 cannot carry (documents are cleaned already; this keeps the file valid).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _paragraph(text: str, *, size: int = 24, bold: bool = False, props: str = "") -> str:
    """One paragraph of one run; ``size`` in half-points (24 = 12 pt, the body of a letter)."""
    run = (
        '<w:rPr><w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="SimSun"/>'
        + ("<w:b/>" if bold else "")
        + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:eastAsia="zh-CN"/></w:rPr>'
    )
    return (
        f'<w:p><w:pPr><w:spacing w:after="60" w:line="360" w:lineRule="auto"/>{props}</w:pPr>'
        f'<w:r>{run}<w:t xml:space="preserve">{_escape(text)}</w:t></w:r></w:p>'
    )


def _part(part: str, lines: list[str]) -> list[str]:
    if part == "title":
        return [_paragraph(lines[0], size=32, bold=True, props='<w:jc w:val="center"/>')]
    if part == "body":
        return [_paragraph(line, props='<w:ind w:firstLineChars="200"/>') for line in lines]
    if part in ("closing", "signature"):
        # The closing and the signature block stay on one page (keep with next, keep lines).
        keep = "<w:keepNext/><w:keepLines/>"
        if part == "closing":
            first, *rest = lines
            return [_paragraph(first, props=keep + '<w:ind w:firstLineChars="200"/>')] + [
                _paragraph(line, props=keep) for line in rest
            ]
        out = [_paragraph(line, props=keep + '<w:ind w:left="4536"/>') for line in lines[:-1]]
        return out + [_paragraph(lines[-1], props='<w:keepLines/><w:ind w:left="4536"/>')]
    return [_paragraph(line) for line in lines]


def document_xml(doc: dict[str, Any]) -> str:
    """The WordprocessingML body of a document (word/document.xml)."""
    body = []
    for block in blocks(doc):
        body += _part(block["part"], block["lines"])
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(body)}{_SECTION}</w:body></w:document>'
    )


#: 1980-01-01 00:00 in the zip format's DOS time and date fields.
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    """A zip archive of ``files`` (name, bytes), entries stored, in the given order."""
    local, central = bytearray(), bytearray()
    for name, data in files:
        raw = name.encode("ascii")
        crc = binascii.crc32(data) & 0xFFFFFFFF
        fixed = (20, 0, 0, _DOS_TIME, _DOS_DATE, crc, len(data), len(data), len(raw))
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIH", *fixed)
        central += struct.pack("<HHHHII", 0, 0, 0, 0, 0, len(local)) + raw
        local += struct.pack("<I", 0x04034B50) + struct.pack("<HHHHHIIIH", *fixed)
        local += struct.pack("<H", 0) + raw + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(central),
                      len(local), 0)  # fmt: skip
    return bytes(local + central + end)


def docx(doc: dict[str, Any]) -> bytes:
    """The document (:func:`guide_engine.documents.document`) as the bytes of a .docx file."""
    return _zip(
        [
            ("[Content_Types].xml", _CONTENT_TYPES.encode()),
            ("_rels/.rels", _RELS.encode()),
            ("word/document.xml", document_xml(doc).encode()),
        ]
    )


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def file_name(doc: dict[str, Any], extension: str) -> str:
    """What to call the downloaded file: the title and, when known, whom it is for
    ("协商还款申请书-中信银行.docx"); never a character a phone's file system refuses."""
    name = doc["title"]
    if "_" not in doc["recipient"]:
        name += "-" + doc["recipient"]
    return _UNSAFE_NAME.sub("", name)[:60] + extension
