"""The calculator meets the plan, in Debian's Chromium: both questions, plans side by side, the
start from the assessment saved on this device, refusals beside their fields, and its tables on a
360-px phone in Material's light and slate palettes. Every expected figure comes from the engine.
"""

from __future__ import annotations

import json

import pytest
from test_print_browser import finished_household
from test_tools_browser import assert_clean

from guide_engine.calculator import calculate as engine_calculate
from guide_engine.calculator import plan_for_payment, prefill
from guide_engine.session import profile as profile_of

pytestmark = pytest.mark.browser

CALC = ".gt-calculator"
PHONE = (360, 780)
DESKTOP = (1280, 900)
FIELDS = {"principal": "#calc-principal", "months": "#calc-months", "monthly_payment": "#calc-payment",
          "annual_rate": "#calc-annual", "monthly_fee_rate": "#calc-fee"}  # fmt: skip


def open_calculator(new_page, site_url, size=PHONE, saved=None):
    page, watch = new_page(site_url, *size)
    page.goto(site_url + "tools/calculator/")
    if saved is not None:
        record = json.dumps(saved, ensure_ascii=False)
        page.evaluate(
            "(r) => localStorage.setItem('xieshang-guide:wizard:self_assessment', r)", record
        )
        page.reload()
    page.wait_for_selector(f"{CALC}[data-guide-tool=calculator][data-engine=ready]")
    return page, watch


def calculate(page, mode="months", **typed):
    page.check(f'{CALC} input[name="mode"][value="{mode}"]')
    for name, value in typed.items():
        page.fill(FIELDS[name], value)
    page.evaluate(f"() => {{ document.querySelector('{CALC}').dataset.result = ''; }}")
    page.click(f'{CALC} button[type="submit"]')
    page.wait_for_function(f"() => document.querySelector('{CALC}').dataset.result")
    return page.get_attribute(CALC, "data-result")


def figure(page, label):
    return page.evaluate(
        """(label) => {
            for (const d of document.querySelectorAll('[data-figures] > div'))
                if (d.querySelector('dt').textContent === label) return d.querySelector('dd').textContent;
            return null;
        }""",
        label,
    )


@pytest.mark.parametrize(
    ("typed", "args"),
    [
        ({"principal": "3万", "monthly_payment": "1500"}, (30000, 1500)),
        ({"principal": "30000", "monthly_payment": "一千五", "annual_rate": "18%"}, (30000, 1500, 0.18)),
        ({"principal": "20000", "monthly_payment": "1,000", "monthly_fee_rate": "0.6"},
         (20000, 1000, 0, 0.006)),
    ],
)  # fmt: skip
def test_the_calculator_says_how_many_months_a_monthly_amount_needs(
    site_url, new_page, typed, args
):
    page, watch = open_calculator(new_page, site_url)
    assert calculate(page, "payment", **typed) == "ok"
    want = plan_for_payment(*args)
    assert figure(page, "期数") == f"{want['months']} 个月"
    assert page.locator(".gt-schedule tbody tr").count() == want["months"]
    assert page.is_hidden("#calc-months")  # the other question's field is put away
    assert_clean(watch)


def test_a_monthly_amount_that_never_repays_is_refused_beside_its_field(site_url, new_page):
    page, watch = open_calculator(new_page, site_url)
    assert calculate(page, "months", principal="30000", months="12") == "ok"
    assert calculate(
        page, "payment", principal="30000", monthly_payment="400", annual_rate="18"
    ) == ("error")
    assert page.locator("#calc-payment-error").inner_text() == (
        "每月还 400 元，还不够付每月的利息或手续费（约 450 元），永远还不完。"
        "请填一个更大的金额，或者先和银行谈减免利息和费用。"
    )
    described = page.get_attribute("#calc-payment", "aria-describedby").split()
    assert "calc-payment-error" in described
    assert page.get_attribute("#calc-payment", "aria-invalid") == "true"
    assert page.evaluate("() => document.activeElement.id") == "calc-payment"
    assert page.locator(".gt-schedule").count() == 0  # the earlier result is gone
    assert page.is_disabled('[data-action="compare-add"]')
    assert_clean(watch)


def test_up_to_three_plans_stand_side_by_side(site_url, new_page):
    page, watch = open_calculator(new_page, site_url)
    plans = [
        ("months", {"principal": "30000", "months": "24"}),
        ("months", {"principal": "30000", "months": "36", "monthly_fee_rate": "0.6"}),
        (
            "payment",
            {
                "principal": "30000",
                "monthly_payment": "1500",
                "annual_rate": "18",
                "monthly_fee_rate": "",
            },
        ),
    ]
    for mode, typed in plans:
        assert calculate(page, mode, **typed) == "ok"
        page.click('[data-action="compare-add"]')
        assert page.is_disabled('[data-action="compare-add"]')  # the same plan goes in once
    assert calculate(page, "months", principal="1000", months="2", annual_rate="") == "ok"
    assert page.is_disabled('[data-action="compare-add"]')  # three is the most
    heads = page.locator(".gt-compare-table thead th").all_inner_texts()
    assert [h.split("\n")[0] for h in heads] == ["方案 1", "方案 2", "方案 3"]
    months = page.locator(".gt-compare-table tbody tr", has_text="期数").locator("td")
    third = plan_for_payment(30000, 1500, 0.18)["months"]
    assert months.all_inner_texts() == ["24 个月", "36 个月", f"{third} 个月"]
    rate = page.locator(".gt-compare-table tbody tr", has_text="实际年化利率").locator("td")
    assert [t == "—" for t in rate.all_inner_texts()] == [True, False, True]
    page.click('[aria-label="移除方案 2"]')
    assert page.locator(".gt-compare-table thead th").count() == 2
    assert page.locator(".gt-compare-table tbody tr", has_text="期数").locator(
        "td"
    ).all_inner_texts() == ["24 个月", f"{third} 个月"]
    assert not page.is_disabled('[data-action="compare-add"]')
    assert_clean(watch)


COMPARE_TABLE = """() => Array.from(document.querySelectorAll('.gt-compare-table tr'),
    (tr) => Array.from(tr.querySelectorAll('th, td'), (c) => c.textContent))"""


def test_the_page_draws_the_engines_figures_and_schedule_as_written(site_url, new_page):
    page, watch = open_calculator(new_page, site_url)
    assert calculate(page, "months", principal="3万", months="36", monthly_fee_rate="0.6") == "ok"
    view = engine_calculate("months", 30000, 36, monthly_fee_rate=0.006)["view"]
    drawn = page.evaluate(
        """() => ({
            intro: document.querySelector('.gt-result h2 + p').textContent,
            figures: Array.from(document.querySelectorAll('[data-figures] > div'),
                (d) => ({label: d.querySelector('dt').textContent, value: d.querySelector('dd').textContent})),
            caption: document.querySelector('.gt-schedule caption').textContent,
            columns: Array.from(document.querySelectorAll('.gt-schedule thead th'), (c) => c.textContent),
            rows: Array.from(document.querySelectorAll('.gt-schedule tbody tr'),
                (tr) => Array.from(tr.children, (c) => c.textContent)),
        })"""
    )
    assert drawn == {k: view[k] for k in ("intro", "figures", "caption", "columns", "rows")}
    assert_clean(watch)


def test_the_compared_plans_and_what_was_typed_come_back_after_a_reload(site_url, new_page):
    page, watch = open_calculator(new_page, site_url)
    for mode, typed in [
        ("months", {"principal": "30000", "months": "24"}),
        ("payment", {"principal": "5.2万", "monthly_payment": "1500", "annual_rate": "18"}),
    ]:
        assert calculate(page, mode, **typed) == "ok"
        page.click('[data-action="compare-add"]')
    before = page.evaluate(COMPARE_TABLE)
    assert len(before[0]) == 3  # the corner cell and two plans
    page.reload()
    page.wait_for_selector(f"{CALC}[data-engine=ready] .gt-compare-table")
    assert page.evaluate(COMPARE_TABLE) == before
    assert page.input_value("#calc-principal") == "5.2万"  # the last typed values are kept too
    assert page.input_value("#calc-payment") == "1500"
    assert page.is_checked(f'{CALC} input[name="mode"][value="payment"]')
    assert page.url == site_url + "tools/calculator/"  # nothing went into the address
    page.click('[data-action="compare-clear"]')
    page.reload()
    page.wait_for_selector(f"{CALC}[data-engine=ready]")
    kept = page.evaluate("() => localStorage.getItem('xieshang-guide:typed:calculator-compare')")
    assert json.loads(kept) == {"options": []}
    assert page.is_hidden("[data-compare]")
    assert_clean(watch)


def test_the_calculator_starts_from_the_saved_assessment_without_amounts_in_the_address(
    site_url, new_page
):
    saved = finished_household()
    page, watch = open_calculator(new_page, site_url, saved=saved)
    page.wait_for_selector('[data-action="prefill"]')
    want = prefill(profile_of(saved["state"]), None)
    labels = page.locator("#calc-prefill-debt option").all_inner_texts()
    assert labels == [o["label"] for o in want]
    page.select_option("#calc-prefill-debt", "1")  # the consumer loan (the mortgage is not offered)
    page.evaluate(f"() => {{ document.querySelector('{CALC}').dataset.result = ''; }}")
    page.click('[data-action="prefill"]')
    page.wait_for_function(f"() => document.querySelector('{CALC}').dataset.result === 'ok'")
    typed = {name: page.input_value(selector) for name, selector in FIELDS.items()}
    assert typed == want[1]["values"]
    assert page.is_checked(f'input[name="mode"][value="{want[1]["mode"]}"]')
    url = page.evaluate("() => location.href")
    assert url == site_url + "tools/calculator/"  # nothing typed goes into the history
    assert_clean(watch)


#: How the calculator's tables read: the page's width, and for each table whether it scrolls
#: sideways, how many headers break inside a word, and the lowest contrast of its figures and
#: headers against what is behind them (WCAG's formula).
READING = """() => {
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const channel = (v) => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; };
    const lum = ([r, g, b]) => .2126 * channel(r) + .7152 * channel(g) + .0722 * channel(b);
    const behind = (el) => {
        for (let e = el; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const contrast = (el) => {
        const a = lum(rgb(getComputedStyle(el).color)), b = lum(behind(el));
        return (Math.max(a, b) + .05) / (Math.min(a, b) + .05);
    };
    const lines = (th) => {
        const r = document.createRange();
        r.selectNodeContents(th.firstChild);
        return r.getClientRects().length;
    };
    const out = { page: document.documentElement.scrollWidth, tables: [] };
    for (const t of document.querySelectorAll('.gt-schedule, .gt-compare-table')) {
        const wrap = t.closest('.gt-table-wrap');
        const heads = Array.from(t.querySelectorAll('thead th'));
        out.tables.push({
            overflow: wrap.scrollWidth > wrap.clientWidth,
            broken: heads.filter((th) => lines(th) > 1).length,
            contrast: Math.min(...Array.from(t.querySelectorAll('td, thead th')).slice(0, 12).map(contrast)),
        });
    }
    return out;
}"""


def table_reading(page):
    return page.evaluate(READING)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_tables_read_on_a_phone_in_both_palettes(site_url, new_page, scheme):
    page, watch = open_calculator(new_page, site_url)
    page.evaluate(f"() => document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    assert calculate(page, "months", principal="123456.78", months="60", annual_rate="7.2") == "ok"
    page.click('[data-action="compare-add"]')
    fee = {"months": "36", "annual_rate": "", "monthly_fee_rate": "0.6"}
    assert calculate(page, "months", principal="123456.78", **fee) == "ok"
    page.click('[data-action="compare-add"]')
    got = table_reading(page)
    assert got["page"] <= PHONE[0]  # no sideways page scroll
    assert [t["overflow"] for t in got["tables"]] == [False, False]
    assert [t["broken"] for t in got["tables"]] == [0, 0]  # no header breaks inside a word
    assert all(t["contrast"] >= 4.5 for t in got["tables"]), got
    assert_clean(watch)
