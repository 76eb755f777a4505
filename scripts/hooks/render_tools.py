"""Renderers for the in-browser tools' markers: the server-rendered part of each tool.

Why render at build time: the engine (guide_engine in Pyodide, ~14 MB on a first visit) takes a
few seconds to start on a phone. The build calls the same engine in CPython and writes the flow's
first question into the page as real form controls, so a reader can answer at once; the page
script keeps those answers and replays them once the engine is ready.

Markers (each stands alone on its line):
- ``[[wizard:first-question]]`` — the self-assessment wizard, with its first question.
- ``[[tool:calculator]]`` — the repayment-plan calculator form (with an example result).
- ``[[tool:letter]]`` — the application-letter form.

Every tool root carries the runtime URLs (relative to the page, so a sub-path works) as data
attributes; ``tools_build.py`` fills ``MANIFEST`` before any page is rendered.
"""

from __future__ import annotations

import html
import posixpath
from typing import Any

#: Filled by tools_build.prepare(): pyodide (folder), wheel, tools (folder), v (assets hash).
MANIFEST: dict[str, str] = {}

BLOCK = {"wizard", "tool"}

FLOW_ID = "self_assessment"

#: What the tools download once (shown to the reader before it happens).
DOWNLOAD_NOTE = "第一次使用需要下载约 14 MB 的运行文件（之后会留在浏览器缓存里）"
PRIVACY_NOTE = "你填写的内容只在你自己的浏览器里计算和保存，不会发送到任何服务器。"

e = html.escape


def _page_url(ctx: Any) -> str:
    page = getattr(ctx, "page", None)
    url = getattr(page, "url", None)
    if url is None:
        src = ctx.src_uri or "index.md"
        url = src[:-3] + "/" if src.endswith(".md") else src
        if url.endswith("index/"):
            url = url[: -len("index/")]
    return url


def _to_root(ctx: Any) -> str:
    """Relative path from the page to the site root ("" or "../../")."""
    url = _page_url(ctx)
    folder = url if url.endswith("/") or url == "" else posixpath.dirname(url) + "/"
    depth = len([part for part in folder.split("/") if part])
    return "../" * depth


def _url_of(ctx: Any, src_path: str) -> str:
    """Relative URL from the page to another page (docs path such as tools/checklist.md)."""
    files = getattr(ctx, "files", None)
    target = None
    if files is not None:
        f = files.get_file_from_path(src_path)
        if f is not None:
            target = f.url
    if target is None:
        target = src_path[:-3] + "/" if src_path.endswith(".md") else src_path
    return (_to_root(ctx) + target) or "./"


def _runtime_attrs(ctx: Any) -> str:
    if not MANIFEST:
        raise ValueError("工具的运行文件清单还没有准备好（scripts/hooks/tools_build.py 没有运行）")
    root = _to_root(ctx)
    attrs = {
        "data-engine": "loading",
        "data-pyodide": root + MANIFEST["pyodide"],
        "data-wheel": root + MANIFEST["wheel"],
        "data-checklist": _url_of(ctx, "tools/checklist.md"),
        "data-root": root or "./",
    }
    return " ".join(f'{k}="{e(v)}"' for k, v in attrs.items())


def _script(ctx: Any) -> str:
    root = _to_root(ctx)
    base = root + MANIFEST["tools"]
    v = MANIFEST.get("v", "0")
    return (
        f'<link rel="stylesheet" href="{e(base)}tools.css?v={e(v)}">\n'
        f'<script type="module" src="{e(base)}tools.js?v={e(v)}"></script>'
    )


def _noscript(ctx: Any, what: str) -> str:
    checklist = _url_of(ctx, "tools/checklist.md")
    return (
        f'<noscript><p class="gt-noscript">{e(what)}需要浏览器开启 JavaScript，并支持 WebAssembly'
        f"（近几年的 Chrome、Edge、Firefox、Safari 和大多数手机浏览器都可以）。"
        f'现在用不了也没关系：可以先看<a href="{e(checklist)}">可打印的协商准备清单</a>，'
        f"本站其他页面不需要 JavaScript 也能正常阅读。</p></noscript>"
    )


# ---------------------------------------------------------------------------------------------
# The question form: the same markup as wizard.js renders (keep the two in step)
# ---------------------------------------------------------------------------------------------


def question_html(view: dict[str, Any]) -> str:
    q = view["question"]
    inp = q.get("input") or {}
    kind = inp.get("kind", "text")
    qid = q["id"]
    progress = view.get("progress") or {}
    answered = int(progress.get("answered") or 0)
    estimate = max(int(progress.get("estimate") or 1), answered + 1)
    help_text = q.get("help") or ""
    described = "gt-q-help gt-q-error" if help_text else "gt-q-error"
    parts = [
        '<div class="gt-progress">'
        f'<progress id="gt-progress" max="{estimate}" value="{answered}" aria-labelledby="gt-progress-label"></progress>'
        f'<span id="gt-progress-label">第 {answered + 1} 题，大约共 {estimate} 题</span></div>',
        f'<form class="gt-question" data-question="{e(qid)}" data-kind="{e(kind)}" method="dialog" novalidate>',
    ]
    title = f'<h2 class="gt-qtitle" id="gt-q-title" tabindex="-1">{e(q["text"])}</h2>'
    help_html = f'<p class="gt-help" id="gt-q-help">{e(help_text)}</p>' if help_text else ""
    if kind in ("single", "multi", "yesno"):
        options = inp.get("options") or []
        if kind == "yesno" and not options:
            options = [{"id": "true", "label": "是"}, {"id": "false", "label": "否"}]
        itype = "checkbox" if kind == "multi" else "radio"
        parts.append(
            f'<fieldset class="gt-fieldset" aria-describedby="{described}"><legend class="gt-legend">{title}</legend>{help_html}'
        )
        parts.append('<div class="gt-options">')
        for opt in options:
            oid = str(opt["id"]).lower() if isinstance(opt["id"], bool) else str(opt["id"])
            parts.append(
                f'<label class="gt-option"><input type="{itype}" name="answer" value="{e(oid)}"><span>{e(opt["label"])}</span></label>'
            )
        parts.append("</div></fieldset>")
    else:
        parts.append(title + help_html)
        unit = inp.get("unit") or ""
        unit_html = f'<span class="gt-unit" id="gt-q-unit">{e(unit)}</span>' if unit else ""
        labelled = "gt-q-title gt-q-unit" if unit else "gt-q-title"
        if kind == "number":
            parts.append(
                f'<div class="gt-field gt-field-number"><input id="gt-answer" name="answer" type="text" inputmode="decimal" autocomplete="off" '
                f'aria-labelledby="{labelled}" aria-describedby="{described}">{unit_html}</div>'
            )
        else:
            parts.append(
                f'<div class="gt-field"><textarea id="gt-answer" name="answer" rows="3" maxlength="800" '
                f'aria-labelledby="gt-q-title" aria-describedby="{described}"></textarea></div>'
            )
    parts.append('<p class="gt-error" id="gt-q-error" role="alert"></p>')
    parts.append(
        '<div class="gt-actions">'
        f'<button type="button" class="md-button" data-action="back"{" disabled" if answered == 0 else ""}>上一步</button>'
        '<button type="submit" class="md-button md-button--primary">下一步</button></div>'
    )
    parts.append("</form>")
    return "".join(parts)


def render_wizard(args: str, ctx: Any) -> str:
    if args != "first-question":
        raise ValueError(f"未知的 wizard 参数“{args}”，可用：first-question")
    import guide_engine

    state = guide_engine.start(FLOW_ID)
    view = guide_engine.view(state)
    if view.get("type") != "question":
        raise ValueError(f"流程 {FLOW_ID} 的第一步不是问题")
    version = state.get("version", state.get("flow_version", "")) if isinstance(state, dict) else ""
    checklist = _url_of(ctx, "tools/checklist.md")
    return "\n".join(
        [
            f'<div class="gt gt-wizard" data-guide-wizard data-view="question" data-flow="{e(FLOW_ID)}" '
            f'data-flow-version="{e(str(version))}" {_runtime_attrs(ctx)}>',
            f'<p class="gt-status" data-status role="status"><span class="gt-dot" aria-hidden="true"></span>'
            f"<span data-status-text>正在加载自测工具（{DOWNLOAD_NOTE}）。你可以先回答第一个问题。</span></p>",
            '<div class="gt-notice" data-notice hidden></div>',
            f'<div class="gt-screen" data-screen>{question_html(view)}</div>',
            '<div class="gt-live" aria-live="polite" data-announce></div>',
            '<div class="gt-footer"><button type="button" class="md-button gt-clear" data-action="clear">清除我的数据</button>'
            f'<span class="gt-privacy">{e(PRIVACY_NOTE)}</span></div>',
            f'<p class="gt-fallback" data-fallback hidden>自测工具没能加载。你可以改用<a href="{e(checklist)}">可打印的协商准备清单</a>。</p>',
            _noscript(ctx, "自测工具"),
            _script(ctx),
            "</div>",
        ]
    )


# ---------------------------------------------------------------------------------------------
# Calculator
# ---------------------------------------------------------------------------------------------

EXAMPLE = {"principal": 50000, "months": 36, "annual_rate": 0.0, "monthly_fee_rate": 0.0}


def _money(x: float) -> str:
    return f"{x:,.2f}"


def plan_summary_html(plan: dict[str, Any], principal: float, months: int) -> str:
    """The figures the calculator shows (wizard.js/calculator.js draw the same from the engine)."""
    last = plan["schedule"][-1]["payment"] if plan.get("schedule") else plan["monthly_payment"]
    rows = [
        ("每月还款", f"{_money(plan['monthly_payment'])} 元"),
        ("还款总额", f"{_money(plan['total_paid'])} 元"),
        ("利息和手续费合计", f"{_money(plan['total_cost'])} 元"),
    ]
    if abs(last - plan["monthly_payment"]) >= 0.005:
        rows.append(("最后一期", f"{_money(last)} 元（吸收四舍五入的零头）"))
    body = "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in rows)
    return f'<dl class="gt-figures">{body}</dl>'


def render_tool(args: str, ctx: Any) -> str:
    if args == "calculator":
        return _calculator(ctx)
    if args == "letter":
        return _letter(ctx)
    raise ValueError(f"未知的 tool 参数“{args}”，可用：calculator、letter")


def _field(
    fid: str, name: str, label: str, value: str = "", hint: str = "", mode: str = "decimal"
) -> str:
    hint_html = f'<span class="gt-hint" id="{fid}-hint">{e(hint)}</span>' if hint else ""
    described = f' aria-describedby="{fid}-hint"' if hint else ""
    return (
        f'<div class="gt-field"><label for="{fid}">{e(label)}</label>{hint_html}'
        f'<input id="{fid}" name="{name}" type="text" inputmode="{mode}" autocomplete="off" value="{e(value)}"{described}></div>'
    )


def _calculator(ctx: Any) -> str:
    import guide_engine

    plan = guide_engine.repayment_plan(EXAMPLE["principal"], EXAMPLE["months"])
    return "\n".join(
        [
            f'<div class="gt gt-calculator" data-guide-tool="calculator" {_runtime_attrs(ctx)}>',
            f'<p class="gt-status" data-status role="status"><span class="gt-dot" aria-hidden="true"></span>'
            f"<span data-status-text>正在加载计算器（{DOWNLOAD_NOTE}）。可以先填写下面的数字。</span></p>",
            '<form class="gt-form" data-form method="dialog" novalidate>',
            _field(
                "calc-principal",
                "principal",
                "要分期还的金额（元）",
                str(EXAMPLE["principal"]),
                "例如信用卡账单上的全部欠款",
            ),
            _field(
                "calc-months",
                "months",
                "分多少个月还",
                str(EXAMPLE["months"]),
                "个性化分期最长一般不超过 60 个月",
                "numeric",
            ),
            _field(
                "calc-annual",
                "annual_rate",
                "年利率（%，可不填）",
                "",
                "贷款按年利率计息时填，例如 7.2",
            ),
            _field(
                "calc-fee",
                "monthly_fee_rate",
                "每月手续费率（%，可不填）",
                "",
                "银行按“每期手续费”报价时填，例如 0.6；和年利率只填一个",
            ),
            '<p class="gt-error" id="calc-error" role="alert"></p>',
            '<div class="gt-actions"><button type="submit" class="md-button md-button--primary">计算</button></div>',
            "</form>",
            '<div class="gt-result" data-result aria-live="polite">',
            f'<h2 id="calc-result-title" tabindex="-1">计算结果</h2><p class="gt-example" data-example>下面是示例：'
            f"{_money(EXAMPLE['principal'])} 元分 {EXAMPLE['months']} 个月、没有利息时的结果。改一下上面的数字，"
            "再点“计算”。</p>",
            plan_summary_html(plan, EXAMPLE["principal"], EXAMPLE["months"]),
            "</div>",
            '<div class="gt-live" aria-live="polite" data-announce></div>',
            f'<p class="gt-privacy">{e(PRIVACY_NOTE)}</p>',
            f'<p class="gt-fallback" data-fallback hidden>计算器没能加载。你可以改用<a href="{e(_url_of(ctx, "tools/checklist.md"))}">可打印的协商准备清单</a>。</p>',
            _noscript(ctx, "计算器"),
            _script(ctx),
            "</div>",
        ]
    )


# ---------------------------------------------------------------------------------------------
# Letter
# ---------------------------------------------------------------------------------------------


def _select(fid: str, name: str, label: str, options: list[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{e(v)}">{e(t)}</option>' for v, t in options)
    return f'<div class="gt-field"><label for="{fid}">{e(label)}</label><select id="{fid}" name="{name}">{opts}</select></div>'


def _letter(ctx: Any) -> str:
    from guide_engine import facts

    banks = [(b["id"], b["short"]) for b in facts.banks()] + [("other", "其他银行或机构")]
    products = [
        ("credit_card", "信用卡"),
        ("consumer_loan", "个人消费贷款"),
        ("business_loan", "经营贷款"),
        ("other", "其他借款"),
    ]
    hardships = [
        ("job_loss", "失业"),
        ("illness", "生病或受伤"),
        ("business_decline", "经营下滑"),
        ("income_drop", "收入减少"),
        ("family_emergency", "家庭变故"),
        ("disaster", "遭受灾害"),
        ("other", "其他困难"),
    ]
    hard = "".join(
        f'<label class="gt-option"><input type="checkbox" name="hardship" value="{v}"><span>{e(t)}</span></label>'
        for v, t in hardships
    )
    return "\n".join(
        [
            f'<div class="gt gt-letter" data-guide-tool="letter" {_runtime_attrs(ctx)}>',
            f'<p class="gt-status" data-status role="status"><span class="gt-dot" aria-hidden="true"></span>'
            f"<span data-status-text>正在加载申请书生成器（{DOWNLOAD_NOTE}）。可以先填写下面的内容。</span></p>",
            '<div class="gt-notice" data-notice hidden></div>',
            '<form class="gt-form" data-form method="dialog" novalidate>',
            '<p class="gt-from-wizard" data-from-wizard hidden></p>',
            '<fieldset class="gt-fieldset" data-profile-fields><legend class="gt-legend">你的情况</legend>',
            _select("letter-bank", "bank", "欠款的银行", banks),
            _select("letter-product", "product", "欠的是", products),
            _field(
                "letter-debt",
                "debt_total",
                "现在一共欠多少（元）",
                "",
                "包括已经产生的利息和费用，以账单为准",
            ),
            _field(
                "letter-overdue", "overdue_days", "已经逾期多少天", "0", "还没逾期就填 0", "numeric"
            ),
            _field("letter-income", "monthly_income", "每月收入（元）", "", "没有收入就填 0"),
            _field(
                "letter-expenses",
                "monthly_essential_expenses",
                "每月必要生活开支（元）",
                "",
                "房租、吃饭、看病、孩子等",
            ),
            _field("letter-other", "other_debt_payments", "每月还要还其他欠款（元）", "0"),
            f'<fieldset class="gt-fieldset gt-inner"><legend class="gt-legend">遇到的困难（可多选）</legend><div class="gt-options">{hard}</div></fieldset>',
            '<div class="gt-options"><label class="gt-option"><input type="checkbox" name="hardship_proof" value="true"><span>我能提供困难的证明材料</span></label></div>',
            "</fieldset>",
            '<fieldset class="gt-fieldset"><legend class="gt-legend">申请书上的个人信息（都可以不填，打印后手写）</legend>',
            _field("letter-name", "name", "姓名", "", "", "text"),
            _field("letter-phone", "phone", "联系电话", "", "", "tel"),
            _field(
                "letter-card",
                "card_last4",
                "信用卡卡号后四位（信用卡才需要）",
                "",
                "只保留最后 4 位数字",
                "numeric",
            ),
            _field("letter-contract", "contract_no", "借款合同编号（贷款才需要）", "", "", "text"),
            '<div class="gt-field"><label for="letter-desc">用自己的话说说发生了什么（可不填）</label>'
            '<textarea id="letter-desc" name="description" rows="4" maxlength="800"></textarea></div>',
            "</fieldset>",
            '<p class="gt-error" id="letter-error" role="alert"></p>',
            '<div class="gt-actions"><button type="submit" class="md-button md-button--primary">生成申请书</button></div>',
            "</form>",
            '<div class="gt-result gt-letter-result" data-result hidden>',
            '<h2 id="letter-title" tabindex="-1">申请书预览</h2>',
            '<p class="gt-hint gt-noprint">横线“________”是需要你手写补上的地方。请核对每一个数字，和银行的账单一致再寄出或提交。</p>',
            '<pre class="gt-letter-text" data-letter-text tabindex="0" aria-labelledby="letter-title"></pre>',
            '<div class="gt-actions gt-noprint">'
            '<button type="button" class="md-button" data-action="copy">复制全文</button>'
            '<button type="button" class="md-button" data-action="download">下载为 .txt 文件</button>'
            '<button type="button" class="md-button" data-action="print">打印</button></div>',
            "</div>",
            '<div class="gt-live" aria-live="polite" data-announce></div>',
            f'<p class="gt-privacy">{e(PRIVACY_NOTE)}</p>',
            f'<p class="gt-fallback" data-fallback hidden>申请书生成器没能加载。你可以改用<a href="{e(_url_of(ctx, "tools/checklist.md"))}">可打印的协商准备清单</a>。</p>',
            _noscript(ctx, "申请书生成器"),
            _script(ctx),
            "</div>",
        ]
    )


RENDERERS = {"wizard": render_wizard, "tool": render_tool}
