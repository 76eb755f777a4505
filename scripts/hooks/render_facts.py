"""Renderers for the fact markers: cite, bank, bankbox, sources, glossary, plan, flowchart.

Each renderer is ``fn(args, ctx) -> str`` (see markers.py) and returns Markdown. Facts come only
from ``guide_engine`` (facts.py and its data files), so nothing here is typed by hand: the page
shows exactly what the engine cites. Links are Markdown links to ``.md`` files made relative to the
page (``ctx.rel``), which MkDocs turns into page-relative URLs — the site works under a sub-path,
and the strict build checks every target and anchor.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from guide_engine import facts, repayment_plan, vocabulary
from guide_engine.graph import mermaid
from guide_engine.money import for_people, yuan

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_FILE = ROOT / "includes" / "glossary.md"
SOURCES_PAGE = "about/sources.md"
GLOSSARY_PAGE = "about/glossary.md"

#: Shown with every phone number or app the site names: a bank that issues cards points to the
#: back of the card; a loan-only bank (新网银行, 网商银行) to its app and the loan contract.
CHANNEL_CAVEAT = "以卡片背面 / 官方 App 为准"
LOAN_CHANNEL_CAVEAT = "以官方 App 或借款合同为准"
NO_CHANNEL = (
    "本站未能核实这家银行公开的客服电话，因此不列号码；请在官方 App 或借款合同里查找联系方式"
)

CONFIDENCE = {"high": "可信度：高", "medium": "可信度：中等"}
SOURCE_KINDS = [  # (kind, heading) in the order the sources page shows them
    ("law", "法律"),
    ("regulation", "监管规章和规范性文件"),
    ("rule", "规则和办法"),
    ("notice", "通知和公告"),
    ("judicial", "司法文件"),
    ("self_regulation", "行业自律规范（不是法律）"),
    ("warning", "监管风险提示"),
    ("hotline", "官方热线和平台"),
]

# The markers whose output is a block (must stand alone on a line; see markers.py).
BLOCK = {"bankbox", "sources", "glossary", "plan", "flowchart", "report-channels"}


class MarkerError(ValueError):
    """A marker's arguments are wrong; the hook adds the page and the marker to the message."""


def _esc(text: str) -> str:
    """Escape text for Markdown/HTML output (the data is plain text, never markup)."""
    return html.escape(str(text), quote=False).replace("*", r"\*").replace("_", r"\_")


# --------------------------------------------------------------------------------------------
# [[cite:ID]]
# --------------------------------------------------------------------------------------------


def cite(args: str, ctx) -> str:
    """``[《文件》第X条](../about/sources.md#ID)`` — the citation, linked to its registry entry."""
    if not args:
        raise MarkerError("cite 需要来源 id，例如 [[cite:cc_measures_art70]]")
    text = facts.citation(args)  # raises a clear FlowError for an unknown id
    return f"[{_esc(text)}]({ctx.rel(SOURCES_PAGE + '#' + args)})"


# --------------------------------------------------------------------------------------------
# [[bank:ID.FIELD]] and [[bankbox:ID]]
# --------------------------------------------------------------------------------------------

BANK_FIELDS = ("short", "name", "english", "kind", "summary", "founded", "channels")


def channel_caveat(entry: dict) -> str:
    """Where the reader checks a number: the card's back only makes sense to a cardholder."""
    cards = any(p.get("kind") == "credit_card" for p in entry.get("products") or [])
    return CHANNEL_CAVEAT if cards else LOAN_CHANNEL_CAVEAT


def tel_link(number: str) -> str:
    """A tap-to-call Markdown link: ``[400-889-5558](tel:4008895558)`` (digits only in the URL)."""
    digits = re.sub(r"[^0-9+]", "", number)
    if not digits:
        raise MarkerError(f"电话号码“{number}”里没有数字")
    return f"[{_esc(number)}](tel:{digits})"


def channels_text(entry: dict) -> str:
    """The bank's phone lines as one Markdown sentence with tap-to-call links and the caveat."""
    channels = entry.get("channels") or []
    if not channels:
        return _esc(NO_CHANNEL)
    parts = "；".join(f"{_esc(c['label'])}：{tel_link(c['value'])}" for c in channels)
    return f"{parts}（{channel_caveat(entry)}）"


def bank(args: str, ctx) -> str:
    """One value of a bank: ``[[bank:mybank.short]]`` → 网商银行."""
    bank_id, dot, fld = args.partition(".")
    if not dot or not bank_id or not fld:
        raise MarkerError("bank 的写法是 [[bank:银行id.字段]]，例如 [[bank:mybank.short]]")
    if fld not in BANK_FIELDS:
        raise MarkerError(f"bank 的字段“{fld}”不存在；可用的字段：{', '.join(BANK_FIELDS)}")
    entry = facts.bank(bank_id)
    if fld == "channels":
        return channels_text(entry)
    if fld == "founded":
        if "founded" not in entry:
            raise MarkerError(f"银行资料里没有 {bank_id} 的成立时间（founded），不能引用")
        return _esc(entry["founded"]["text"])
    return _esc(entry[fld])


def bankbox(args: str, ctx) -> str:
    """The bank's fact box: an ``info`` admonition with names, products, channels and facts."""
    if not args:
        raise MarkerError("bankbox 需要银行 id，例如 [[bankbox:citic]]")
    entry = facts.bank(args)
    dates = []
    lines = [f'!!! info "{_esc(entry["short"])}：基本资料"', ""]
    body = [
        f"**全称**：{_esc(entry['name'])}（{_esc(entry['english'])}）",
        f"**类型**：{_esc(entry['kind'])}",
    ]
    if "founded" in entry:
        f = entry["founded"]
        dates.append(f["reviewed"])
        body.append(
            f"**成立**：{_esc(f['text'])}（{CONFIDENCE[f['confidence']]}；来源：{_esc(f['source_note'])}）"
        )
    lines += [ln + "  " for ln in body[:-1]] + [body[-1], ""]
    if entry.get("products"):
        lines += ["**主要产品**", ""]
        for p in entry["products"]:
            art70 = (
                "可以依据信用卡办法第七十条申请个性化分期"
                if p.get("art70")
                else "不适用信用卡办法第七十条"
            )
            lines.append(
                f"- **{_esc(p['name'])}**（{vocabulary.label('product', p['kind'])}，{art70}）：{_esc(p['note'])}"
            )
        lines.append("")
    lines += [f"**官方联系渠道**（{channel_caveat(entry)}）", ""]
    if entry.get("channels"):
        for c in entry["channels"]:
            dates.append(c["reviewed"])
            lines.append(
                f"- {_esc(c['label'])}：**{tel_link(c['value'])}**。{_esc(c['note'])}（{CONFIDENCE[c['confidence']]}）"
            )
    else:
        lines.append(f"- {NO_CHANNEL}。")
    lines.append("")
    if entry.get("facts"):
        lines += ["**其他事实**", ""]
        for item in entry["facts"]:
            dates.append(item["reviewed"])
            lines.append(
                f"- {_esc(item['text'])}（{CONFIDENCE[item['confidence']]}；来源：{_esc(item['source_note'])}）"
            )
        lines.append("")
    if dates:
        span = min(dates) if min(dates) == max(dates) else f"{min(dates)} 至 {max(dates)}"
        lines.append(f"资料核查日期：{span}。银行的规定会变，一切以银行的正式答复为准。")
    out = [lines[0], ""] + [("    " + ln) if ln else "" for ln in lines[2:]]
    return "\n".join(out).rstrip()


# --------------------------------------------------------------------------------------------
# [[sources]]
# --------------------------------------------------------------------------------------------


def _source_entry(s: dict) -> list[str]:
    title = facts.citation(s["id"])
    meta = [f"发布：{_esc(s['issuer'])}" + (f"，{s['date']}" if s["date"] else "")]
    if s["effective"] and s["effective"] != s["date"]:
        meta.append(f"施行：{s['effective']}")
    meta.append("有法律约束力" if s["binding"] else "不是法律，没有强制约束力")
    meta.append(CONFIDENCE[s["confidence"]])
    meta.append(f"核查于 {s['reviewed']}")
    return [
        f"### {_esc(title)} {{#{s['id']}}}",
        "",
        _esc(s["summary"]),
        "",
        '<p class="source-meta">' + "｜".join(meta) + "</p>",
        "",
    ]


def sources(args: str, ctx) -> str:
    """The whole registry, grouped by kind; each entry is an h3 whose id is the source id."""
    if args:
        raise MarkerError("sources 不带参数：[[sources]]")
    entries = facts.sources()
    known = {k for k, _ in SOURCE_KINDS}
    stray = [s["id"] for s in entries if s["kind"] not in known]
    if stray:
        raise MarkerError(f"这些来源的 kind 没有对应的分组：{', '.join(stray)}")
    out: list[str] = []
    for kind, heading in SOURCE_KINDS:
        group = [s for s in entries if s["kind"] == kind]
        if not group:
            continue
        out += [f"## {heading}", ""]
        for s in group:
            out += _source_entry(s)
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# [[glossary]]
# --------------------------------------------------------------------------------------------

ABBR_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<text>.+?)\s*$")


def glossary_terms(path: Path | None = None) -> list[tuple[str, str]]:
    """``(term, explanation)`` pairs from the glossary snippet, in file order."""
    path = path or GLOSSARY_FILE
    terms: list[tuple[str, str]] = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("<!--"):
            continue
        m = ABBR_LINE.match(line)
        if not m:
            raise MarkerError(f"{path.name} 第 {no} 行不是“*[术语]: 解释”的格式：{line[:40]}")
        terms.append((m["term"].strip(), m["text"]))
    return terms


def glossary(args: str, ctx) -> str:
    """The glossary page body: one h2 per term (so search finds the term's own section)."""
    if args:
        raise MarkerError("glossary 不带参数：[[glossary]]")
    terms = glossary_terms()
    if not terms:
        raise MarkerError(f"{GLOSSARY_FILE} 里没有术语")
    out: list[str] = []
    for term, text in terms:
        out += [f"## {_esc(term)}", "", _esc(text), ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# [[plan:PRINCIPAL,MONTHS[,ANNUAL_RATE[,MONTHLY_FEE_RATE]]]]
# --------------------------------------------------------------------------------------------


def _yuan(x: float) -> str:
    """An amount in the summary, as the calculator's figures write it (no ".00"; the schedule's
    columns keep two decimals so they line up)."""
    return f"{for_people(x)} 元"


def _pct(x: float) -> str:
    return f"{x * 100:.2f}%".replace(".00%", "%")


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise MarkerError(f"plan 的{what}“{text}”不是数字") from None
    return value


def plan(args: str, ctx) -> str:
    """An example plan computed by ``guide_engine.repayment_plan``: a summary table and the
    month-by-month schedule in a collapsible block."""
    parts = [p.strip() for p in args.split(",")] if args else []
    if not 2 <= len(parts) <= 4:
        raise MarkerError(
            "plan 的写法：[[plan:本金,期数]]、[[plan:本金,期数,年利率]] 或 [[plan:本金,期数,0,每月手续费率]]"
        )
    principal = _number(parts[0], "本金")
    months_f = _number(parts[1], "期数")
    if months_f != int(months_f):
        raise MarkerError(f"plan 的期数“{parts[1]}”必须是整数")
    rate = _number(parts[2], "年利率") if len(parts) > 2 else 0.0
    fee = _number(parts[3], "每月手续费率") if len(parts) > 3 else 0.0
    r = repayment_plan(principal, int(months_f), rate, fee)
    months = int(months_f)
    if fee:
        how = f"每月手续费率 {_pct(fee)}（按原始本金每月收取）"
    elif rate:
        how = f"年利率 {_pct(rate)}，等额本息"
    else:
        how = "不计利息和手续费，平均分摊"
    rows = [
        ("本金", _yuan(principal)),
        ("期数", f"{months} 个月"),
        ("计费方式", how),
        ("每月还款", _yuan(r["monthly_payment"])),
        ("一共还款", _yuan(r["total_paid"])),
        ("利息和手续费合计", _yuan(r["total_cost"])),
    ]
    if r.get("effective_annual_rate"):
        rows.append(("折算年化利率（IRR）", _pct(r["effective_annual_rate"])))
    out = ["| 示例还款计划 | 金额和条件 |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in rows]
    last = r["schedule"][-1]["payment"]
    note = (
        ""
        if abs(last - r["monthly_payment"]) < 0.005
        else f"最后一期 {_yuan(last)}（分摊四舍五入的零头）。"
    )
    out += ["", f"由本站的计算器按上面的条件算出，只是示例。{note}实际金额以银行的协议为准。", ""]
    out += [
        f'??? note "逐月明细（共 {months} 期）"',
        "",
        "    | 期 | 还款 | 其中本金 | 其中利息/手续费 | 剩余本金 |",
        "    |---:|---:|---:|---:|---:|",
    ]
    out += [
        f"    | {s['month']} | {yuan(s['payment'])} | {yuan(s['principal'])}"
        f" | {yuan(s['interest'])} | {yuan(s['balance'])} |"
        for s in r["schedule"]
    ]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# [[flowchart:FLOW_ID]]
# --------------------------------------------------------------------------------------------


def flowchart(args: str, ctx) -> str:
    """A ```mermaid block from ``guide_engine.graph.mermaid(FLOW_ID)`` (rendered in the browser
    from the site's own copy of Mermaid, like every other diagram)."""
    if not args:
        raise MarkerError("flowchart 需要流程 id，例如 [[flowchart:self_assessment]]")
    source = mermaid(args)
    if "```" in source:
        raise MarkerError("流程图文本里不能有 ```")
    return "```mermaid\n" + source.strip("\n") + "\n```"


# --------------------------------------------------------------------------------------------
# [[call:ID]]
# --------------------------------------------------------------------------------------------

HOTLINE_NUMBER = re.compile(r"\d{3,}")


def call(args: str, ctx) -> str:
    """A hotline from the registry as a tap-to-call link: ``[[call:court_12368]]`` →
    ``**[12368](tel:12368)**``. The number is read from the entry's name, so it is typed once."""
    if not args:
        raise MarkerError("call 需要热线的来源 id，例如 [[call:court_12368]]")
    entry = facts.source(args)
    numbers = HOTLINE_NUMBER.findall(entry["document"]) if entry["kind"] == "hotline" else []
    if len(numbers) != 1:
        raise MarkerError(f"来源“{args}”不是名称里带一个号码的热线，不能用 call")
    return f"**{tel_link(numbers[0])}**"


# --------------------------------------------------------------------------------------------
# [[report-channels]]
# --------------------------------------------------------------------------------------------


def report_channels(args: str, ctx) -> str:
    """Where a reader reports an error, from configuration so it can never be a dead end: the
    repository's issue tracker (derived from ``repo_url`` in mkdocs.yml) and any channel a
    maintainer lists under ``extra.report_channels`` (``{label, url, note}``, e.g. an e-mail
    address that needs no account). The build fails when neither is configured."""
    if args:
        raise MarkerError("report-channels 不带参数：[[report-channels]]")
    config = getattr(ctx, "config", None) or {}
    items: list[str] = []
    repo = (config.get("repo_url") or "").rstrip("/")
    if repo:
        items.append(
            f"- **问题反馈页面（Issues）**：[{_esc(repo)}/issues]({repo}/issues)。"
            "需要一个免费的 GitHub 账号；报告是公开的。"
        )
    extra = config.get("extra") or {}
    for i, ch in enumerate(extra.get("report_channels") or [], 1):
        if not isinstance(ch, dict) or not ch.get("label") or not ch.get("url"):
            raise MarkerError(f"mkdocs.yml 的 extra.report_channels 第 {i} 项要有 label 和 url")
        note = f"{_esc(ch['note'])}" if ch.get("note") else ""
        items.append(f"- **{_esc(ch['label'])}**：[{_esc(ch['url'])}]({ch['url']})。{note}")
    if not items:
        raise MarkerError(
            "没有配置报告错误的渠道：请在 mkdocs.yml 里设置 repo_url，"
            "或在 extra.report_channels 里列出至少一个渠道"
        )
    return "\n".join(items)


RENDERERS = {
    "cite": cite,
    "bank": bank,
    "bankbox": bankbox,
    "sources": sources,
    "glossary": glossary,
    "plan": plan,
    "flowchart": flowchart,
    "report-channels": report_channels,
    "call": call,
}
