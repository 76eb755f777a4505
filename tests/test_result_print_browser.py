"""Printing the result prints the plan, in Debian's Chromium: the first action, the checklist,
the deadlines, the budget and each lender's offer on one or two A4 pages (Chromium's own
print-to-PDF, ``page.pdf()``), without the site's chrome, the buttons, the folded details or the
letter draft (the letter prints from the letter page, as a document of its own).

What is on the paper is checked twice: under print media at the width of A4 at 96 dpi (as the
letters are in tests/test_print_browser.py), and in the PDF itself — its pages counted, its text
read back through the fonts' ToUnicode tables (the standard library only: zlib and re). No test
asserts on time.
"""

from __future__ import annotations

import re
import zlib

import pytest
from test_print_browser import A4, pdf_pages, pdf_paper, pdf_title
from test_result_browser import show_result
from test_tools_browser import assert_clean

pytestmark = pytest.mark.browser

PHONE = (360, 780)

#: Under print media: what has a box (tag.class or [attribute]), and the plan's parts.
ON_PAPER = """() => {
  const shown = (el) => !!el && el.getClientRects().length > 0;
  const all = (sel) => Array.from(document.querySelectorAll(sel));
  return {
    first: shown(document.querySelector("[data-first-action]")),
    // on the first sheet: below the top of the plan by less than an A4 page less its 12-mm margins
    firstOnPageOne: document.querySelector("[data-first-action]").getBoundingClientRect().bottom
      - document.querySelector(".gt-result-body").getBoundingClientRect().top <= 1123 - 2 * 46,
    actions: all("[data-screen] [data-action-id]").filter(shown).length,
    allActions: all("[data-screen] [data-action-id]").length,
    deadlines: shown(document.querySelector(".gt-deadline-box")),
    budget: shown(document.querySelector(".gt-budget-box")),
    offers: shown(document.querySelector(".gt-offers-box")),
    chrome: all(".md-header, .md-tabs, .md-sidebar, .md-footer, .md-content__inner > h1, "
      + ".md-source-file, .page-reviewed, .gt-exit-button").filter(shown).map((el) => el.className || el.tagName),
    folded: all(".gt-details, .gt-letter-box, .gt-journal-link, .gt-status, .gt-privacy")
      .filter(shown).map((el) => el.className),
    buttons: all("[data-screen] button, [data-screen] .md-button").filter(shown).length,
    siteName: document.body.innerText.includes("协商指南"),
  };
}"""


PDF_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)


def pdf_pages_text(pdf: bytes) -> list[str]:
    """The text of each page of a Chromium PDF, whitespace as drawn: its fonts map glyph codes to
    characters through their ToUnicode tables
    (Type0 fonts: two-byte codes; Type3: one byte)."""
    objs = {int(n): body for n, body in PDF_OBJECT.findall(pdf)}

    def stream(n):
        body = objs[n]
        raw = body[body.index(b"stream") + 6 :].lstrip(b"\r\n")
        raw = raw[: raw.rindex(b"endstream")]
        return zlib.decompress(raw) if b"FlateDecode" in body[: body.index(b"stream")] else raw

    def cmap(n):
        out = {}
        text = stream(n)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
            for a, b, dst in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
            ):
                first = int.from_bytes(bytes.fromhex(dst.decode()), "big")
                for i, code in enumerate(range(int(a, 16), int(b, 16) + 1)):
                    out[code] = chr(first + i)
        return out

    pages = []
    for n in sorted(objs):
        body = objs[n]
        if not re.search(rb"/Type /Page\b(?!s)", body[:60]):
            continue
        fonts = {}
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            font = objs[int(ref)]
            uni = re.search(rb"/ToUnicode (\d+) 0 R", font)
            width = 2 if b"/Type0" in font else 1
            fonts[name] = (width, cmap(int(uni.group(1))) if uni else {})
        contents = re.search(rb"/Contents (\d+) 0 R", body)
        ops = stream(int(contents.group(1)))
        text, font = [], (2, {})
        for tok in re.finditer(rb"/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]*)>", ops):
            if tok.group(1):
                font = fonts.get(tok.group(1), (2, {}))
                continue
            width, table = font
            raw = bytes.fromhex(tok.group(2).decode())
            for i in range(0, len(raw), width):
                text.append(table.get(int.from_bytes(raw[i : i + width], "big"), ""))
        pages.append("".join(text))
    return pages


#: The text the paper should carry, without spaces: the first action, then each step of the plan
#: (what is drawn for the screen only, such as the calendar button, left out).
PRINTED_TEXTS = """() => Array.from(document.querySelectorAll("[data-first-action], [data-screen] [data-action-id]"),
  (el) => { const copy = el.cloneNode(true); copy.querySelectorAll(".gt-noprint").forEach((n) => n.remove());
            return copy.textContent.replace(/\\s+/g, ""); })"""


def print_result(page):
    """The result under print media at A4 width: (what is on the paper, the PDF)."""
    page.evaluate("() => { window.print = () => window.dispatchEvent(new Event('beforeprint')); }")
    page.click('[data-screen] [data-action="print"]')
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    paper = page.evaluate(ON_PAPER)
    pdf = page.pdf(prefer_css_page_size=True)
    page.emulate_media(media="screen")
    return paper, pdf


@pytest.mark.parametrize("way", ["complex household", "wizard"])
def test_printing_the_result_prints_the_plan_alone_on_at_most_two_a4_pages(
    site_url, new_page, way, artifacts
):
    page, watch = new_page(site_url, *PHONE)
    show_result(page, site_url, way)
    title = page.title()
    paper, pdf = print_result(page)
    (artifacts / f"result-print-{way.replace(' ', '-')}.pdf").write_bytes(pdf)
    assert paper == {
        "first": True,
        "firstOnPageOne": True,
        "actions": paper["allActions"],
        "allActions": paper["allActions"],
        "deadlines": way != "wizard" or paper["deadlines"],
        "budget": True,
        "offers": True,
        "chrome": [],
        "folded": [],
        "buttons": 0,
        "siteName": False,
    }
    assert pdf_pages(pdf) <= 2
    pages = [re.sub(r"\s+", "", text) for text in pdf_pages_text(pdf)]
    first, *items = page.evaluate(PRINTED_TEXTS)
    assert first in pages[0]  # the first action, whole, on the first sheet
    printed = "".join(pages)
    assert [item for item in items if item not in printed] == []  # every step of the plan
    assert [words for words in ("协商指南", "更多：要注意的事", "协商还款申请书草稿", "打印结果")
            if words in printed] == []  # fmt: skip
    assert pdf_paper(pdf) == {(210, 297)}
    assert pdf_title(pdf) == "我的行动计划"
    assert page.title() == title  # the page's own title is back after printing
    assert_clean(watch)
