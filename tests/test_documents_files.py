"""A document as the reader takes it away: its parts in reading order, and the Word file.

The Word file is checked the way a word processor reads it: a zip whose every entry is intact, the
three parts a .docx needs, well-formed XML, and the document's own lines in order — never a
borrower note.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zipfile
from xml.etree import ElementTree

import pytest
from households import CARD, LOAN, household  # noqa: E402  (tests/households.py)
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import profile  # noqa: E402  (tests/profiles.py)

from guide_engine import bridge
from guide_engine.documents import PARTS, as_text, blocks, document, documents
from guide_engine.docx import MEDIA_TYPE, document_xml, docx, file_name

TODAY = dt.date(2026, 12, 1)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PERSON = {"name": "张三", "phone": "13800000000", "date": "2026-12-02", "card_last4": "1234"}


def card_letter(details=PERSON):
    return document("negotiation", profile(), 0, details, TODAY)


def word_lines(data: bytes) -> list[str]:
    """The text of each paragraph of a .docx, as a word processor would show it."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ElementTree.fromstring(z.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def test_the_parts_come_in_reading_order_with_the_frame_worded_once():
    doc = card_letter()
    got = blocks(doc)
    assert [b["part"] for b in got] == list(PARTS)
    assert got[0] == {"part": "title", "lines": ["协商还款申请书"]}
    assert got[1] == {"part": "greeting", "lines": ["致：中信银行"]}
    assert got[2] == {"part": "references", "lines": ["信用卡卡号后四位：1234"]}
    assert got[3] == {"part": "body", "lines": doc["paragraphs"]}
    assert got[4]["lines"] == ["附件："] + [
        f"{i}. {item}" for i, item in enumerate(doc["attachments"], start=1)
    ]
    assert got[5] == {"part": "closing", "lines": ["此致", "敬礼"]}
    assert got[6] == {
        "part": "signature",
        "lines": [
            "申请人：张三",
            "申请人（签名）：________",
            "身份证号码：__________________",
            "联系电话：13800000000",
            "日期：2026年12月2日",
        ],
    }


def test_a_document_without_attachments_has_no_attachment_part():
    doc = document("collector_reply", profile(), 0, None, TODAY)
    assert "attachments" not in [b["part"] for b in blocks(doc)]


def test_the_plain_text_is_the_parts_with_a_blank_line_between():
    doc = card_letter()
    assert as_text(doc) == "\n\n".join("\n".join(b["lines"]) for b in blocks(doc)) + "\n"


ALL = documents(
    household(
        debts=[CARD, {**LOAN, "court": {"stage": "payment_order", "received": "2026-11-25"}}]
    ),
    {"name": "张三"},
    TODAY,
)


@pytest.mark.parametrize("doc", ALL, ids=[d["id"] for d in ALL])
def test_the_word_file_is_a_sound_zip_with_the_parts_a_docx_needs(doc):
    with zipfile.ZipFile(io.BytesIO(docx(doc))) as z:
        assert z.testzip() is None
        assert z.namelist() == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
        types = ElementTree.fromstring(z.read("[Content_Types].xml"))
        rels = ElementTree.fromstring(z.read("_rels/.rels"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types if o.get("PartName")}
    assert overrides == {"/word/document.xml": MEDIA_TYPE + ".main+xml"}
    assert [r.get("Target") for r in rels] == ["word/document.xml"]


@pytest.mark.parametrize("doc", ALL, ids=[d["id"] for d in ALL])
def test_the_word_file_says_what_the_page_says_and_no_borrower_note(doc):
    lines = word_lines(docx(doc))
    assert lines == [line for b in blocks(doc) for line in b["lines"]]
    for note in doc["borrower_notes"]:
        assert note["text"] not in "\n".join(lines)


def test_the_same_document_gives_the_same_bytes():
    assert docx(card_letter()) == docx(card_letter())


def test_the_title_is_large_and_the_signature_block_is_kept_together():
    root = ElementTree.fromstring(document_xml(card_letter()))
    paragraphs = list(root.iter(f"{W}p"))
    title = paragraphs[0]
    assert title.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    assert title.find(f"{W}r/{W}rPr/{W}sz").get(f"{W}val") == "32"
    closing_and_signature = paragraphs[-7:]
    keep = [p.find(f"{W}pPr/{W}keepNext") is not None for p in closing_and_signature]
    assert keep == [True] * 6 + [False]  # each line keeps with the next, up to the date
    section = root.find(f"{W}body/{W}sectPr/{W}pgSz")
    assert (section.get(f"{W}w"), section.get(f"{W}h")) == ("11906", "16838")  # A4


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_any_text_the_reader_types_leaves_the_word_file_well_formed(words):
    doc = card_letter({"name": words[:40], "description": words})
    lines = word_lines(docx(doc))
    assert lines == [line for b in blocks(doc) for line in b["lines"]]


@pytest.mark.parametrize(
    ("recipient", "name"),
    [
        ("中信银行", "协商还款申请书-中信银行.docx"),
        ("________", "协商还款申请书.docx"),
        ('a/b:c*"d', "协商还款申请书-abcd.docx"),
    ],
)
def test_the_file_is_named_for_its_title_and_recipient(recipient, name):
    assert file_name({**card_letter(), "recipient": recipient}, ".docx") == name


def test_the_bridge_gives_the_word_file_of_the_document_asked_for():
    p = household(debts=[CARD, LOAN])
    payload = {
        "profile": p,
        "id": "negotiation:1",
        "details": {"name": "张三"},
        "today": "2026-12-01",
    }
    reply = json.loads(bridge.dispatch("document_docx", json.dumps(payload, ensure_ascii=False)))
    doc = document("negotiation", p, 1, {"name": "张三"}, TODAY)
    assert reply == {
        "ok": True,
        "result": {
            "name": file_name(doc, ".docx"),
            "media_type": MEDIA_TYPE,
            "base64": base64.b64encode(docx(doc)).decode("ascii"),
        },
    }


def test_the_bridge_refuses_a_document_that_no_longer_applies_in_words():
    payload = {"profile": profile(overdue_days=0), "id": "collector_reply:0", "today": "2026-12-01"}
    reply = json.loads(bridge.dispatch("document_docx", json.dumps(payload)))
    assert reply["ok"] is False
    assert reply["error"] == {
        "code": "document_not_applicable",
        "message": "这份文书已经不适用了，请重新生成一次。",
        "details": {},
    }
