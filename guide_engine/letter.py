"""The negotiation letter (协商还款申请书): a plain-Chinese draft the borrower prints, edits and signs.

Why it is careful: a letter sent to a bank is the borrower's own statement. So the generator
**invents nothing** — every fact comes from the profile, the assessment's plan for it or the optional
``details`` the borrower typed, and whatever is missing becomes a visible blank ``________`` to fill
in by hand (the date too). It never promises what the law does not give: for credit cards it asks
for a 个性化分期 under Art. 70 (citation text from the registry); for loans it asks for an
extension or a changed schedule under the loan rules, never Art. 70. It asks for the agreement in
writing (or that an oral agreement be recorded) and lists the attachments from the same documents
checklist the assessment shows (without court papers, collection records or agent contracts).

``details`` (all optional, all strings; ``None`` or ``""`` means "not given"):

=============  =====  ==========================================================================
key            limit  notes
=============  =====  ==========================================================================
name           40     the borrower's name
card_last4     —      only the last 4 digits are kept, even if a whole card number is typed
contract_no    40     loan contract number
phone          30     contact number
description    800    the borrower's own words about the hardship; line breaks kept
bank_name      40     addressee; defaults to the bank's short name (banks.toml), blank for "other"
=============  =====  ==========================================================================

Every string is made safe: control and format characters (including bidi overrides and zero-width
characters) are removed, whitespace is collapsed, and the text is cut to the limit (with "…").
Numbers are accepted for ``card_last4``, ``contract_no`` and ``phone``. Unknown keys or other types
raise :class:`~guide_engine.errors.InvalidAnswer` listing every bad key.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from . import facts, vocabulary
from .assessment import documents_for
from .assessment.derive import plan_summary
from .debt_plan import plan_of
from .errors import InvalidAnswer
from .household import from_single_debt
from .money import yuan
from .profile import validate_profile
from .text import clean_letter_field

BLANK = "________"

DETAIL_LIMITS = {
    "name": 40,
    "card_last4": 4,
    "contract_no": 40,
    "phone": 30,
    "description": 800,
    "bank_name": 40,
}


def _clean_details(details: Any) -> dict[str, str]:
    if details is None:
        return {}
    if not isinstance(details, dict):
        raise InvalidAnswer(
            "申请书的补充信息格式不对：应为一组“字段: 文字”。", code="invalid_details"
        )
    problems: list[str] = []
    out: dict[str, str] = {}
    for key, value in details.items():
        if key not in DETAIL_LIMITS:
            problems.append(
                f"- {str(key)[:40]}：不是申请书的字段（可用：{', '.join(DETAIL_LIMITS)}）"
            )
            continue
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, (str, int))
            or (isinstance(value, int) and key not in ("card_last4", "contract_no", "phone"))
        ):
            problems.append(f"- {key}：应为文字")
            continue
        text = str(value)
        if key == "card_last4":
            digits = [ch for ch in text if ch.isascii() and ch.isdigit()]
            text = "".join(digits[-4:])
        else:
            text = clean_letter_field(text, DETAIL_LIMITS[key], keep_newlines=key == "description")
        if text:
            out[key] = text
    if problems:
        raise InvalidAnswer(
            "申请书的补充信息有问题：\n" + "\n".join(problems),
            code="invalid_details",
            fields=[line[2:].split("：", 1)[0] for line in problems],
        )
    return out


def letter(profile: dict[str, Any], details: dict[str, Any] | None = None) -> str:
    """The 协商还款申请书 as plain text (lines separated by ``\\n``); see the module docstring.

    The proposal is the plan the assessment computes from the same profile (nothing is taken
    from outside, so the letter cannot propose what the assessment did not).
    """
    p = validate_profile(profile)
    # A single-debt profile has no dates, so the day does not change the plan.
    plan = plan_summary(plan_of(from_single_debt(p), _dt.date.today()), p["willing_to_repay"])
    d = _clean_details(details)
    card = p["product"] == "credit_card"
    product = vocabulary.label("product", p["product"])
    bank = d.get("bank_name") or (facts.bank(p["bank"])["short"] if p["bank"] != "other" else BLANK)
    name = d.get("name", BLANK)

    lines: list[str] = ["协商还款申请书", "", f"致：{bank}", ""]
    lines.append(f"申请人：{name}")
    lines.append(f"联系电话：{d.get('phone', BLANK)}")
    if card:
        lines.append(f"信用卡卡号后四位：{d.get('card_last4', BLANK)}")
    else:
        lines.append(f"借款合同编号：{d.get('contract_no', BLANK)}")
    lines.append("")

    # 1. The debt as it stands.
    overdue = p["overdue_days"]
    status = f"已逾期{overdue}天" if overdue > 0 else "目前尚未逾期"
    lines.append(
        f"本人在贵行的{product}欠款共计约{yuan(p['debt_total'])}元（以贵行账单为准），{status}。"
    )

    # 2. The hardship, in the borrower's terms, and its proof.
    if p["hardship"]:
        reasons = vocabulary.label("hardship", p["hardship"])
        lines.append(f"由于{reasons}，本人目前无法按原来的约定按期足额还款。")
    else:
        lines.append(f"困难原因：{BLANK}")
    if "description" in d:
        lines.append("具体情况：")
        lines.extend(d["description"].split("\n"))
    if p["hardship_proof"]:
        lines.append("相关证明材料见附件。")
    else:
        lines.append("目前暂时没有书面证明材料，本人愿意如实说明情况，并尽快补充。")

    # 3. Full financial disclosure (what banks ask for, and what a second attempt must show).
    other = p["other_debt_payments"]
    money_line = (
        f"本人目前每月收入约{yuan(p['monthly_income'])}元，"
        f"必要生活开支约{yuan(p['monthly_essential_expenses'])}元"
    )
    money_line += f"，每月还需偿还其他欠款约{yuan(other)}元。" if other > 0 else "。"
    lines.append(money_line)
    lines.append("")

    # 4. The proposal.
    if plan and plan["affordable"]:
        term, amount = str(plan["months"]), yuan(plan["monthly_payment"])
    else:
        term, amount = "____", BLANK
    will = "本人仍有还款意愿，" if p["willing_to_repay"] else "本人希望与贵行协商还款，"
    if card:
        lines.append(
            f"{will}依据{facts.citation('cc_measures_art70')}，申请与贵行协商个性化分期还款："
            f"将上述欠款分{term}期偿还，每期约{amount}元。"
        )
    else:
        lines.append(
            f"{will}申请对上述{product}办理延期还款或调整还款计划"
            f"（参照{facts.citation('civil_code_art678')}、{facts.citation('loan_rules_art12')}）："
            f"分{term}期偿还，每期约{amount}元。"
        )
    if plan and not plan["affordable"] and plan["monthly_capacity"] > 0:
        lines.append(
            f"按目前收支，本人每月最多能拿出约{yuan(plan['monthly_capacity'])}元用于还款。"
        )
    if overdue > 0:
        lines.append("如有可能，恳请贵行酌情减免已经产生的违约金、罚息和部分费用。")
    if card:
        lines.append(
            "如贵行同意，请与本人签订书面还款协议，或通过短信、App 等方式将协议内容发给本人；"
            "如通过电话达成口头协议，请贵行按规定保留录音。"
        )
        lines.append("本人知悉：分期协议的款项还清之前，本人不向任何银行申领信用卡。")
    else:
        lines.append(
            "如贵行同意，请与本人签订书面协议或补充合同，写明每期金额、还款日期以及利息和费用的计算方式。"
        )
    lines.append(
        "本人承诺以上情况属实" + ("，并将按协议按时还款。" if p["willing_to_repay"] else "。")
    )
    lines.append("")

    # 5. Attachments.
    lines.append("附件：")
    for i, item in enumerate(documents_for(p, for_letter=True), start=1):
        lines.append(f"{i}. {item}")
    lines.append("")
    lines.extend(["此致", "敬礼", "", f"申请人（签名）：{BLANK}", "日期：____年__月__日", ""])
    return "\n".join(lines)
