"""Documents fit to hand to a bank, in Debian's Chromium: what a printed letter holds (the PDF
Chromium's own print-to-PDF makes, ``page.pdf()``), the Word file, the fields of the letter form,
and one document per lender from the assessment saved on this device.

Pages are counted in the PDF itself (its ``/Type /Page`` objects); what is on the paper is checked
under print media at the width of A4 at 96 dpi (794 × 1123 px): everything outside the sheet is
not displayed, and the sheet fits the page. No test asserts on wall-clock time.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from test_tools_browser import assert_clean

from guide_engine import session as sessions

pytestmark = pytest.mark.browser

LETTER = "[data-guide-tool=letter]"
A4 = {"width": 794, "height": 1123}  # A4 at 96 dpi
PHONE = (360, 780)
MEDIA_BOX = re.compile(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def pdf_paper(pdf: bytes) -> set[tuple[int, int]]:
    """The size of every page of the PDF in whole millimetres (A4 is 210 × 297)."""
    return {
        (round(float(w) / 72 * 25.4), round(float(h) / 72 * 25.4))
        for w, h in MEDIA_BOX.findall(pdf)
    }


def pdf_title(pdf: bytes) -> str:
    """The PDF's /Title (Chromium writes the page's title as UTF-16 in hex)."""
    found = re.search(rb"/Title <FEFF([0-9A-F]+)>", pdf)
    return bytes.fromhex(found.group(1).decode()).decode("utf-16-be") if found else ""


def open_letter(new_page, site_url, size=PHONE):
    page, watch = new_page(site_url, *size)
    page.goto(site_url + "tools/letter/")
    page.wait_for_selector(f"{LETTER}[data-engine=ready]")
    page.evaluate("() => { window.print = () => {}; }")  # the dialog; page.pdf() prints instead
    return page, watch


def generate(page, product="credit_card", **typed):
    fields = {"#letter-debt": "30000", "#letter-overdue": "60", "#letter-income": "4000",
              "#letter-expenses": "2500", "#letter-name": "李四", **typed}  # fmt: skip
    page.select_option("#letter-bank", "citic")
    page.select_option("#letter-product", product)
    page.check('input[name="hardship"][value="job_loss"]')
    for selector, value in fields.items():
        page.fill(selector, value)
    page.evaluate(f"() => {{ document.querySelector('{LETTER}').dataset.result = ''; }}")
    page.click(f'{LETTER} button[type="submit"]')
    page.wait_for_function(f"() => document.querySelector('{LETTER}').dataset.result")
    return page.get_attribute(LETTER, "data-result")


def shown_outside(page, sheet_selector):
    """Under print media: the elements with a box that are neither the sheet, in it, nor one of
    its ancestors (each as tag.class)."""
    return page.evaluate(
        """(sel) => {
            const sheet = document.querySelector(sel);
            return Array.from(document.body.querySelectorAll('*')).filter((el) =>
                !sheet.contains(el) && !el.contains(sheet) && el.getClientRects().length > 0
            ).map((el) => el.tagName + '.' + el.className);
        }""",
        sheet_selector,
    )


def printed(page, button, sheet):
    """Tap a print button; return (the PDF, what shows outside the sheet, the sheet's height)
    under print media at A4 width."""
    page.click(button)
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    outside = shown_outside(page, sheet)
    height = page.evaluate(
        f"() => document.querySelector('{sheet}').getBoundingClientRect().bottom"
    )
    pdf = page.pdf(prefer_css_page_size=True)  # fires afterprint: the marks go
    page.emulate_media(media="screen")
    return pdf, outside, height


@pytest.mark.parametrize(
    ("product", "typed", "reference"),
    [
        ("credit_card", {"#letter-card": "1234"}, "信用卡卡号后四位：1234"),
        ("consumer_loan", {"#letter-contract": "HT-2025-0001"}, "借款合同编号：HT-2025-0001"),
    ],
)
def test_a_printed_letter_is_the_letter_alone_on_one_a4_page(
    site_url, new_page, product, typed, reference
):
    page, watch = open_letter(new_page, site_url)
    assert generate(page, product, **typed) == "ok"
    sheet = '[data-doc="negotiation:0"] [data-doc-sheet]'
    assert reference in page.locator(sheet).inner_text()
    page.focus('[data-doc="negotiation:0"] [data-action="print"]')
    pdf, outside, height = printed(page, '[data-doc="negotiation:0"] [data-action="print"]', sheet)
    assert pdf_pages(pdf) == 1
    assert pdf_paper(pdf) == {(210, 297)}
    assert pdf_title(pdf) == "协商还款申请书"  # not the site's page title
    assert outside == []  # no site title, header, navigation, footer, buttons or notes
    assert height <= A4["height"]
    assert_clean(watch)


def test_the_printed_sheet_has_a_large_title_and_keeps_its_signature_block_whole(
    site_url, new_page
):
    page, watch = open_letter(new_page, site_url)
    assert generate(page, **{"#letter-card": "1234"}) == "ok"
    sheet = page.locator('[data-doc="negotiation:0"] [data-doc-sheet]')
    page.click('[data-doc="negotiation:0"] [data-action="print"]')
    page.emulate_media(media="print")
    style = sheet.evaluate(
        """(el) => ({
            title: parseFloat(getComputedStyle(el.querySelector('.gt-doc-title')).fontSize),
            body: parseFloat(getComputedStyle(el.querySelector('.gt-doc-body p')).fontSize),
            sign: getComputedStyle(el.querySelector('.gt-doc-sign')).breakInside,
            outline: getComputedStyle(document.activeElement).outlineStyle,
            date: el.querySelector('.gt-doc-sign').textContent.includes('日期：'),
            notes: el.textContent.includes('给你自己看的提示'),
        })"""
    )
    assert style["title"] >= style["body"] * 1.4
    assert (style["sign"], style["outline"], style["date"], style["notes"]) == (
        "avoid", "none", True, False)  # fmt: skip
    page.emulate_media(media="screen")
    assert_clean(watch)


def test_the_borrower_notes_print_on_their_own_sheet_only_when_asked(site_url, new_page):
    page, watch = open_letter(new_page, site_url)
    assert generate(page) == "ok"
    notes = '[data-doc="negotiation:0"] [data-notes-sheet]'
    first_note = page.locator(f"{notes} li").first.inner_text()
    assert first_note and first_note not in page.locator("[data-doc-sheet]").first.inner_text()
    pdf, outside, _ = printed(page, f"{notes} [data-action=print-notes]", notes)
    assert (pdf_pages(pdf), outside) == (1, [])
    assert pdf_title(pdf) == "给你自己看的提示：协商还款申请书"
    assert_clean(watch)


def test_printed_from_the_browsers_menu_each_document_gets_a_page_and_no_notes(site_url, new_page):
    page, watch = open_letter(new_page, site_url)
    assert generate(page) == "ok"
    count = page.locator("[data-doc-sheet]").count()
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ({
            h1: getComputedStyle(document.querySelector('.md-content__inner > h1')).display,
            notes: Array.from(document.querySelectorAll('[data-notes-sheet]'))
                .map((n) => getComputedStyle(n).display),
            form: getComputedStyle(document.querySelector('.gt-letter form')).display,
        })"""
    )
    assert hidden == {"h1": "none", "notes": ["none"] * count, "form": "none"}
    assert pdf_pages(page.pdf(prefer_css_page_size=True)) == count
    page.emulate_media(media="screen")
    assert_clean(watch)


def test_a_document_downloads_as_a_word_file_with_its_paragraphs(site_url, new_page, tmp_path):
    page, watch = open_letter(new_page, site_url)
    assert generate(page, **{"#letter-card": "1234"}) == "ok"
    with page.expect_download() as info:
        page.click('[data-doc="negotiation:0"] [data-action="download-docx"]')
    assert info.value.suggested_filename == "协商还款申请书-中信银行.docx"
    path = tmp_path / "letter.docx"
    info.value.save_as(path)
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        assert z.testzip() is None
        body = z.read("word/document.xml").decode("utf-8")
    shown = page.locator('[data-doc="negotiation:0"] .gt-doc-body p').all_inner_texts()
    assert shown and all(line in body for line in shown)
    assert "申请人：李四" in body and "信用卡卡号后四位：1234" in body
    assert_clean(watch)


def test_the_letter_form_asks_for_the_card_or_the_contract_number_as_the_product_needs(
    site_url, new_page
):
    page, watch = open_letter(new_page, site_url)
    page.select_option("#letter-product", "credit_card")
    assert (page.is_visible("#letter-card"), page.is_visible("#letter-contract")) == (True, False)
    page.select_option("#letter-product", "consumer_loan")
    assert (page.is_visible("#letter-card"), page.is_visible("#letter-contract")) == (False, True)
    assert_clean(watch)


@pytest.mark.parametrize("typed", ["12345678", "12ab"])
def test_a_card_number_that_is_not_four_digits_is_refused_beside_its_field(
    site_url, new_page, typed
):
    page, watch = open_letter(new_page, site_url)
    assert generate(page, **{"#letter-card": typed}) == "error"
    assert page.locator("#letter-card-error").inner_text() == (
        "信用卡卡号后四位：请填卡号最后4位数字（例如 1234），或者整个卡号"
    )
    assert page.get_attribute("#letter-card", "aria-invalid") == "true"
    assert page.evaluate("() => document.activeElement.id") == "letter-card"
    assert page.locator(".gt-letter-result").is_hidden()
    assert_clean(watch)


# ── one document per lender, from the assessment saved on this device ─────────────────────────

HOUSEHOLD = {
    "sued": False,
    "lender": ["citic", "boc", "mybank"],
    "product": ["credit_card", "mortgage", "consumer_loan"],
    "balance": [30000, 400000, 20000],
    "monthly_due": [3000, 2000],
    "overdue_days": [60, 0, 30],
    "debts": [True, True, False],
    "monthly_income": 8000,
    "monthly_essential_expenses": 3500,
    "hardship": ["job_loss"],
    "hardship_proof": True,
    "willing_to_repay": True,
    "contacted_bank": False,
    "failed_attempts": 0,
    "abusive_collection": False,
    "paid_agent": False,
}


def finished_household():
    """A finished household interview (a card, a mortgage kept current, a consumer loan), as the
    wizard saves it on the review screen."""
    answers = {k: list(v) if isinstance(v, list) else v for k, v in HOUSEHOLD.items()}
    state = sessions.start("self_assessment")
    while (shown := sessions.view(state))["type"] == "question":
        qid = shown["question"]["id"]
        value = answers[qid]
        state = sessions.answer(
            state, value.pop(0) if isinstance(value, list) and qid != "hardship" else value
        )
    return {"format": 2, "flow": "self_assessment", "version": state["version"],
            "state": state, "view": None, "screen": "review"}  # fmt: skip


def test_the_letter_page_gives_each_lender_its_documents_from_the_saved_assessment(
    site_url, new_page
):
    page, watch = new_page(site_url, *PHONE)
    page.goto(site_url + "tools/letter/")
    record = json.dumps(finished_household(), ensure_ascii=False)
    page.evaluate("(r) => localStorage.setItem('xieshang-guide:wizard:self_assessment', r)", record)
    page.reload()
    page.wait_for_selector(f"{LETTER}[data-engine=ready]")
    assert page.is_checked("#letter-use-wizard")
    # several debts: neither number field; each is written by hand on its own sheet
    page.wait_for_selector("[data-account-none]:not([hidden])")
    assert (page.is_visible("#letter-card"), page.is_visible("#letter-contract")) == (False, False)
    page.click(f'{LETTER} button[type="submit"]')
    page.wait_for_function(f"() => document.querySelector('{LETTER}').dataset.result === 'ok'")
    ids = page.locator("[data-doc]").evaluate_all("els => els.map((e) => e.dataset.doc)")
    assert ids == ["negotiation:0", "hardship:0", "collector_reply:0",
                   "negotiation:2", "hardship:2", "collector_reply:2"]  # fmt: skip
    assert page.locator(".gt-doc-group").all_inner_texts() == [
        "第 1 笔欠款（中信银行的信用卡）",
        "第 3 笔欠款（网商银行的个人消费贷款）",
    ]  # the mortgage, paid on time, has none
    greetings = page.locator("[data-doc^=negotiation] .gt-doc-greeting").all_inner_texts()
    assert greetings == ["致：中信银行", "致：网商银行"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0]
    assert_clean(watch)
