"""Content tests for the knowledge base (issue 5): fast checks of the Markdown sources, no site build.

What must hold for every page under docs/ (the strict build in the site tests checks the rest,
e.g. anchors that only exist after rendering):

- front matter with ``title`` (equal to the H1), ``description`` (one line, ≤ 80 characters) and
  ``reviewed`` (a real date, not in the future);
- clean Simplified Chinese: no converter debris such as ``协(xié)商``, no Traditional characters
  (the same rules as ../shared/tools/content_check.py, imported from there when it is present);
- no 15-character run of Chinese text shared with the seed articles in ../shared/seeds, as stored
  (Traditional, garbled) or converted to Simplified in ../shared/seeds/simplified (a converted copy
  is still a copy);
- every page is in the nav of mkdocs.yml and every nav entry exists;
- internal links are relative ``.md`` links whose target exists (and whose #anchor exists, where
  the anchor can be read from the Markdown);
- ``[[`` only opens a known marker, and cite/bank markers name ids that exist in the data files;
- none of the claims on the do-not-claim list of the fact sheet (a targeted regex list);
- the 2026 one-time credit repair is described as over; case studies are labelled as examples;
- the glossary snippet is one well-formed abbreviation definition per line.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GLOSSARY = ROOT / "includes" / "glossary.md"
DATA = ROOT / "guide_engine" / "data"
#: ../shared next to the checkout (CI); a git worktree one level deeper finds it one level up.
SHARED = next(
    (d for d in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if d.is_dir()),
    ROOT.parent / "shared",
)
SEEDS = SHARED / "seeds"
SIMPLIFIED_SEEDS = SEEDS / "simplified"
#: Length of a shared run of Chinese characters that counts as copied (stock phrases such as
#: 国有大型商业银行 are shorter; the content review found no shared run of 10 or more).
ORIGINALITY_WINDOW = 15

#: The project's review date; a ``reviewed`` date may not be later than this or today.
PROJECT_DATE = dt.date(2026, 11, 22)
CHECK_DATE = max(dt.date.today(), PROJECT_DATE)
MAX_DESCRIPTION = 80
PLACEHOLDER = "本页正在编写中"


# ------------------------------------------------------------------------------------------------
# The character rules: shared with ../shared/tools/content_check.py (a local copy when it is absent)
# ------------------------------------------------------------------------------------------------


def _load_content_check():
    path = SHARED / "tools" / "content_check.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("shared_content_check", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_CC = _load_content_check()
if _CC is not None:
    PINYIN, TRADITIONAL, SHINGLE, chinese_only = (
        _CC.PINYIN,
        _CC.TRADITIONAL,
        _CC.SHINGLE,
        _CC.chinese_only,
    )
else:  # the same rules, for a checkout without ../shared
    PINYIN = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
    TRADITIONAL = set(
        "協銀務業國關係還貸債權問題動運營調機構處費層實際為與會說這個們開間點從進過長發現"
        "戶專達將對應當嚴經濟風險證據"
    )
    SHINGLE = 20

    def chinese_only(text: str) -> str:
        return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


# ------------------------------------------------------------------------------------------------
# Reading pages
# ------------------------------------------------------------------------------------------------

PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


@functools.cache
def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def split_front_matter(text: str) -> tuple[dict | None, str]:
    m = FRONT_MATTER.match(text)
    if not m:
        return None, text
    meta = yaml.safe_load(m.group(1))
    return (meta if isinstance(meta, dict) else None), text[m.end() :]


def without_code(text: str) -> str:
    """The text with fenced blocks and inline code blanked out (line numbers are kept)."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    return INLINE_CODE.sub(blank, FENCE.sub(blank, text))


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


# ------------------------------------------------------------------------------------------------
# Front matter and titles
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_page_has_front_matter_with_title_description_and_reviewed_date(page):
    meta, _ = split_front_matter(read(page))
    assert meta is not None, (
        f"{page}: no front matter (---\\ntitle: …\\ndescription: …\\nreviewed: YYYY-MM-DD\\n---)"
    )
    problems = []
    for key in ("title", "description"):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{key} is missing or empty")
    description = str(meta.get("description", ""))
    if "\n" in description.strip() or len(description) > MAX_DESCRIPTION:
        problems.append(
            f"description should be one sentence of at most {MAX_DESCRIPTION} characters "
            f"(has {len(description)})"
        )
    if description.strip() in {"待写", "TODO", "TBD"}:
        problems.append(f"description is a placeholder: {description!r}")
    reviewed = meta.get("reviewed")
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError:
            problems.append(f"reviewed {reviewed!r} is not a YYYY-MM-DD date")
            reviewed = None
    if isinstance(reviewed, dt.datetime):
        reviewed = reviewed.date()
    if reviewed is None and "reviewed" not in meta:
        problems.append("reviewed is missing")
    elif reviewed is not None and not isinstance(reviewed, dt.date):
        problems.append(f"reviewed {reviewed!r} is not a date")
    elif isinstance(reviewed, dt.date) and not dt.date(2020, 1, 1) <= reviewed <= CHECK_DATE:
        problems.append(
            f"reviewed {reviewed} is in the future or implausibly old (check date {CHECK_DATE})"
        )
    assert not problems, f"{page}: " + "; ".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_h1_is_the_front_matter_title(page):
    meta, body = split_front_matter(read(page))
    if not meta:
        pytest.skip("no front matter (reported by the front-matter test)")
    h1 = re.search(r"^# +(.+?)\s*$", without_code(body), re.M)
    assert h1, f"{page}: no '# H1' heading"
    heading = re.sub(r"\s*\{[^}]*\}\s*$", "", h1.group(1))
    assert heading == str(meta.get("title", "")).strip(), (
        f"{page}: H1 {heading!r} differs from title {meta.get('title')!r}"
    )


@pytest.mark.parametrize("page", PAGES)
def test_page_is_written_not_a_placeholder(page):
    assert PLACEHOLDER not in read(page), f"{page} still says “{PLACEHOLDER}”"


# ------------------------------------------------------------------------------------------------
# Clean Simplified Chinese, original wording
# ------------------------------------------------------------------------------------------------

TEXT_FILES = [f"docs/{p}" for p in PAGES] + ["includes/glossary.md"]


@pytest.mark.parametrize("path", TEXT_FILES)
def test_text_has_no_converter_debris_or_traditional_characters(path):
    findings = []
    for n, line in enumerate((ROOT / path).read_text(encoding="utf-8").splitlines(), 1):
        for m in PINYIN.finditer(line):
            findings.append(f"{path}:{n}: converter debris {m.group(0)!r}")
        trad = sorted({ch for ch in line if ch in TRADITIONAL})
        if trad:
            findings.append(f"{path}:{n}: Traditional characters {''.join(trad)}")
    assert not findings, "\n".join(findings)


def seed_files() -> list[Path]:
    """The seeds as stored and their Simplified conversions: both, since converted copying is the
    likeliest kind and would never match the Traditional originals."""
    return sorted(SEEDS.glob("*.txt")) + sorted(SIMPLIFIED_SEEDS.glob("*.txt"))


def shingles(text: str, window: int = ORIGINALITY_WINDOW) -> set[str]:
    body = chinese_only(text)
    return {body[i : i + window] for i in range(len(body) - window + 1)}


@functools.cache
def seed_shingles() -> frozenset[str]:
    grams: set[str] = set()
    for path in seed_files():
        grams |= shingles(path.read_text(encoding="utf-8"))
    return frozenset(grams)


def test_originality_check_reads_the_simplified_seeds_too():
    if not SIMPLIFIED_SEEDS.is_dir():
        pytest.skip(f"the simplified seeds are not here ({SIMPLIFIED_SEEDS})")
    simplified = sorted(SIMPLIFIED_SEEDS.glob("*.txt"))
    assert simplified and set(simplified) <= set(seed_files())
    # A sentence taken from a simplified seed and pasted into a page is caught.
    sample = chinese_only(simplified[0].read_text(encoding="utf-8"))[:ORIGINALITY_WINDOW]
    assert len(sample) == ORIGINALITY_WINDOW and shingles(f"前言。{sample}。后记") & seed_shingles()


#: Everything a reader can see: pages, the glossary, the data files the pages and the engine show,
#: and the questionnaire.
ORIGINALITY_FILES = TEXT_FILES + [
    "guide_engine/data/sources.toml",
    "guide_engine/data/banks.toml",
    "guide_engine/data/rules.toml",
    "guide_engine/data/debts.toml",
    "guide_engine/data/documents.toml",
    "guide_engine/data/vocabulary.toml",
    "guide_engine/flows/self_assessment.toml",
]


@pytest.mark.parametrize("path", ORIGINALITY_FILES)
def test_no_fifteen_character_passage_is_copied_from_the_seeds_or_their_simplified_form(path):
    if not seed_files():
        pytest.skip(
            f"the seed articles are not here ({SEEDS}); the CI checkout has them in ../shared/seeds"
        )
    copied = shingles((ROOT / path).read_text(encoding="utf-8")) & seed_shingles()
    assert not copied, (
        f"{path}: {len(copied)} passages of {ORIGINALITY_WINDOW}+ characters from the seeds, "
        f"e.g. {sorted(copied)[:3]}"
    )


# ------------------------------------------------------------------------------------------------
# Navigation
# ------------------------------------------------------------------------------------------------


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its tags (!ENV, !!python/...)."""


def _any_tag(loader, _suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_LenientLoader.add_multi_constructor("!", _any_tag)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


@functools.cache
def nav_pages() -> tuple[str, ...]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_LenientLoader)
    found: list[str] = []

    def walk(node):
        if isinstance(node, str):
            if not re.match(r"[a-z][a-z0-9+.-]*://", node):
                found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(config.get("nav") or [])
    return tuple(found)


def test_every_page_under_docs_is_in_the_nav():
    missing = sorted(set(PAGES) - set(nav_pages()))
    assert not missing, f"pages not in the nav of mkdocs.yml: {missing}"


def test_every_nav_entry_is_an_existing_page_listed_once():
    entries = nav_pages()
    missing = [p for p in entries if not (DOCS / p).is_file()]
    twice = sorted({p for p in entries if entries.count(p) > 1})
    assert not missing, f"nav entries without a page: {missing}"
    assert not twice, f"nav entries listed more than once: {twice}"


# ------------------------------------------------------------------------------------------------
# Internal links
# ------------------------------------------------------------------------------------------------

LINK = re.compile(
    r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
)
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
ATTR_ID = re.compile(r"\{[^}\n]*?#([^\s}]+)[^}\n]*\}")


def _slugify():
    try:
        from pymdownx.slugs import slugify
    except ImportError:  # the anchors are still checked by the strict build
        return None
    return slugify(case="lower")


SLUGIFY = _slugify()


@functools.cache
def source_ids() -> frozenset[str]:
    data = tomllib.loads((DATA / "sources.toml").read_text(encoding="utf-8"))
    return frozenset(s["id"] for s in data["source"])


@functools.cache
def banks() -> dict[str, dict]:
    data = tomllib.loads((DATA / "banks.toml").read_text(encoding="utf-8"))
    return {b["id"]: b for b in data["bank"]}


@functools.cache
def glossary_terms() -> tuple[str, ...]:
    return tuple(
        m.group(1)
        for m in re.finditer(r"^\*\[([^\[\]]+)\]:", GLOSSARY.read_text(encoding="utf-8"), re.M)
    )


@functools.cache
def anchors(page: str) -> frozenset[str] | None:
    """Ids a page will have, as far as the Markdown shows them; None when they cannot be known."""
    text = without_code(read(page))
    if (
        "[[sources]]" in text
    ):  # its headings come from the registry; [[cite:ID]] markers are checked below
        return None
    ids = set(ATTR_ID.findall(text))
    # a heading with an explicit {#id} has that id only; the others get a slug of their text
    headings = [h for h in HEADING.findall(text) if not ATTR_ID.search(h)]
    if "[[glossary]]" in text:
        headings += list(glossary_terms())
    if SLUGIFY is None:
        return None
    seen: dict[str, int] = {}
    for h in headings:
        if "[[" in h:  # a heading built by a marker: its id is only known after rendering
            return None
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h)
        plain = re.sub(r"[*_`]", "", plain)
        slug = SLUGIFY(plain, "-")
        n = seen.get(slug, 0)
        ids.add(slug if n == 0 else f"{slug}_{n}")
        seen[slug] = n + 1
    return frozenset(ids)


@pytest.mark.parametrize("page", PAGES)
def test_internal_links_are_relative_md_links_that_resolve(page):
    text = without_code(read(page))
    here = (DOCS / page).parent
    problems = []
    for m in LINK.finditer(text):
        target = m.group(1)
        where = f"{page}:{line_of(text, m.start())}: {target}"
        if SCHEME.match(target):
            continue  # an outbound link (checked by the site tests for foreign requests)
        if target.startswith("/"):
            problems.append(f"{where}: absolute link; use a relative .md link")
            continue
        path, _, anchor = target.partition("#")
        if not path:
            dest = page
        else:
            file = (here / path).resolve()
            if path.endswith("/") or path.endswith(".html"):
                problems.append(f"{where}: link to the .md file instead")
                continue
            if not file.is_file():
                problems.append(f"{where}: no such file")
                continue
            try:
                dest = file.relative_to(DOCS.resolve()).as_posix()
            except ValueError:
                problems.append(f"{where}: points outside docs/")
                continue
        if anchor and dest.endswith(".md"):
            known = anchors(dest)
            if known is not None and anchor not in known:
                problems.append(f"{where}: no heading or id #{anchor} in {dest}")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------------
# Markers
# ------------------------------------------------------------------------------------------------

MARKER = re.compile(r"\[\[([a-z][a-z0-9-]*)(?::([^\[\]\n]*))?\]\]")
MARKER_NAMES = {
    "cite",
    "bank",
    "bankbox",
    "sources",
    "glossary",
    "plan",
    "flowchart",
    "wizard",
    "tool",
    "report-channels",
    "call",
}
BANK_FIELDS = {"short", "name", "english", "kind", "summary", "founded", "channels"}
NUMBER = r"\d+(?:\.\d+)?"
PLAN_ARGS = re.compile(rf"{NUMBER},\d+(?:,{NUMBER}(?:,{NUMBER})?)?")


def marker_problem(name: str, args: str | None) -> str | None:
    if name not in MARKER_NAMES:
        return f"unknown marker name {name!r} (known: {', '.join(sorted(MARKER_NAMES))})"
    args = (args or "").strip()
    if name == "cite" and args not in source_ids():
        return f"cite id {args!r} is not in guide_engine/data/sources.toml"
    if name == "bank":
        bank_id, _, fld = args.partition(".")
        if bank_id not in banks():
            return f"bank {bank_id!r} is not in guide_engine/data/banks.toml"
        if fld not in BANK_FIELDS:
            return f"bank field {fld!r} is not one of {sorted(BANK_FIELDS)}"
        if fld == "founded" and "founded" not in banks()[bank_id]:
            return f"{bank_id} has no 'founded' in banks.toml"
    if name == "bankbox" and args not in banks():
        return f"bankbox {args!r} is not a bank in guide_engine/data/banks.toml"
    if name == "call" and args not in source_ids():
        return f"call id {args!r} is not in guide_engine/data/sources.toml"
    if name in {"sources", "glossary", "report-channels"} and args:
        return f"[[{name}]] takes no arguments"
    if name == "plan" and not PLAN_ARGS.fullmatch(args.replace(" ", "")):
        return "plan needs PRINCIPAL,MONTHS[,ANNUAL_RATE[,MONTHLY_FEE_RATE]]"
    if name == "flowchart" and not args:
        return "flowchart needs a flow id"
    return None


@pytest.mark.parametrize("page", PAGES)
def test_double_brackets_only_open_known_markers_with_existing_ids(page):
    text = without_code(read(page))
    problems = []
    for m in re.finditer(r"\[\[", text):
        if m.start() > 0 and text[m.start() - 1] == "[":
            continue  # reported at the first bracket of the run
        where = f"{page}:{line_of(text, m.start())}"
        marker = MARKER.match(text, m.start())
        if not marker:
            problems.append(
                f"{where}: '[[' that does not open a well-formed marker: {text[m.start() : m.start() + 30]!r}"
            )
            continue
        problem = marker_problem(marker.group(1), marker.group(2))
        if problem:
            problems.append(f"{where}: {marker.group(0)}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "page, marker", [("about/glossary.md", "[[glossary]]"), ("about/sources.md", "[[sources]]")]
)
def test_trust_pages_render_their_registry(page, marker):
    assert marker in read(page), f"{page} should render its body with {marker}"


# ------------------------------------------------------------------------------------------------
# Claims the fact sheet says must not be made (a targeted list; see its do-not-claim section)
# ------------------------------------------------------------------------------------------------

#: Words that, in the same sentence, show a claim is being denied, questioned or warned against.
#: (A claim inside “…” quotes is reported speech and is allowed too.)
NEGATED = (
    r"不是|并非|并不|不对|错误|有误|误传|没有|不能|不会|不可能|无法|骗|假的|谣言|号称|声称|所谓|流传"
    r"|别信|不可信|不要信|小心|警惕|当心|吗"
)

# (id, pattern, allowed when the sentence matches this, why)
FORBIDDEN_CLAIMS = [
    ("xwbank-hotline-95395", r"95395", None, "新网银行的“95395”未经核实，不能公布"),
    (
        "mybank-sub-lines",
        r"95188\s*[-－转]\s*\d",
        None,
        "网商银行的分机号（如95188-3）只见于不可靠页面",
    ),
    (
        "xwbank-founded-2014",
        r"(成立|创立|开业)于?\s*2014\s*年|2014\s*年\s*(成立|开业)",
        NEGATED,
        "新网银行2016年12月28日开业，不是2014年",
    ),
    (
        "first-internet-bank",
        r"(首家|第一家)(完全由互联网公司发起设立的)?(互联网|民营)?银行|首批获得互联网银行牌照",
        NEGATED,
        "网商银行不是第一家互联网银行（微众银行更早），新网银行也不在首批",
    ),
    (
        "alibaba-parent",
        r"母公司(是|为)?阿里巴巴",
        NEGATED,
        "网商银行最大股东是蚂蚁集团，不是阿里巴巴",
    ),
    (
        "bank-must-agree",
        r"银行(就|都|也)?(必须|一定会?|有义务|应当|应该)(同意|答应|批准)",
        NEGATED + r"|可以同意",
        "第七十条写的是“可以”，银行没有义务同意",
    ),
    (
        "guaranteed-interest-stop",
        r"(保证|保证能|一定能|肯定能|包)(停息|免息|停止计息|减免本金|减本金)",
        NEGATED,
        "没有任何规定保证停息或减本金",
    ),
    (
        "stop-interest-is-law",
        r"(法律|国家|政策|法规)(规定|允许|支持)[^。！？\n]{0,6}停息挂账",
        NEGATED,
        "停息挂账是中介的说法，不是法规",
    ),
    (
        "written-application-required",
        r"(法律|法规|规定|第七十条)[^。！？\n]{0,12}(要求|规定|必须)[^。！？\n]{0,8}书面申请",
        NEGATED + r"|未|不必|不需要|无须",
        "第七十条没有要求书面申请；口头协议有录音也有效",
    ),
    (
        "lpr-cap-for-banks",
        r"(4|四)倍\s*LPR|LPR\s*的?\s*(4|四)倍",
        r"不适用|不包括|不受|管不到|民间借贷|不是",
        "4倍LPR上限来自民间借贷司法解释，不适用于银行",
    ),
    (
        "rate-cap-24-36",
        r"(24|36)\s*%\s*的?(上限|封顶)|(不得|不能|不可以|不会)超过\s*(年化)?\s*(24|36)\s*%",
        r"不适用|民间借贷|不是|并非",
        "银行贷款和信用卡没有24%/36%的法定上限",
    ),
    (
        "erase-credit-record",
        r"(删除|消除|抹掉|洗白|清除)[^。！？\n]{0,4}(逾期|不良)?记录|不上征信|不会上征信|不影响征信",
        NEGATED + r"|5年|五年|到期|保存期|不要|谁|说能",
        "协商不会抹掉已经报送的逾期记录，分期在征信上怎样显示也未核实",
    ),
    (
        "credit-repair-still-open",
        r"(还能|还可以|仍可|仍然可以|仍能|现在可以|抓紧|赶紧|尽快)[^。！？\n]{0,8}(申请|办理|享受|参加)[^。！？\n]{0,8}信用修复",
        r"不能|已经|已|结束|关闭|骗|吗|没有",
        "一次性信用修复的还款截止日2026年3月31日已过，窗口已关闭",
    ),
    (
        "collection-guideline-as-law",
        r"(法律|法规|国家)(明确)?(规定|禁止)[^。！？\n]{0,30}(6次|六次|22[:：]00|22点|晚上10点)",
        r"不是法律|并非法律|自律|不是",
        "每天6次、22:00—08:00是2026年行业自律指引，不是法律",
    ),
    (
        "12378-hours-and-deadline",
        r"12378[^。！？\n]{0,40}(15个?工作日|工作时间|9[:：]00)",
        None,
        "12378的服务时间和“15个工作日”只有二手说法",
    ),
    (
        "12315-as-channel",
        r"12315",
        NEGATED + r"|不受理|不管|不处理|不适合|无关|别打",
        "12315不是银行欠款纠纷的渠道，应找银行和12378",
    ),
    (
        "unverified-document-numbers",
        r"银保监规〔2022〕13号|法发〔2017〕22号|法释〔2021〕10号|国务院令第?631号|法释〔2015〕17号",
        None,
        "这些文号或原文没有核实，不能引用",
    ),
    (
        "fee-cap-from-draft",
        r"息费总额不(得)?超过[^。！？\n]{0,6}本金",
        r"草案|征求意见|未确认|没有确认|无法确认",
        "“息费总额不超过本金”只见于2021年草案，终稿是否保留未确认",
    ),
    (
        "compound-interest-banned",
        r"(禁止|不得|不准|不能)(收取|计收|收)?复利",
        NEGATED,
        "2022年通知只要求披露复利，没有禁止",
    ),
    (
        "art70-for-loans",
        r"(好人贷|网商贷|消费贷|经营贷)[^。！？\n]{0,15}(可以|能|可)(申请|办)个性化分期",
        NEGATED + r"|不适用|不属于",
        "第七十条的个性化分期只适用于信用卡",
    ),
]

FORBIDDEN_CLAIMS += [
    (
        "old-civil-procedure-numbers",
        r"第(二百一十六|二百二十三|216|223)条",
        None,
        "支付令的15日规则现在是民事诉讼法（2023年修正）第二百二十七条",
    ),
    (
        "dishonest-list-always-two-years",
        r"失信[^。！？\n]{0,10}(一律|都是|统统)\s*2\s*年",
        NEGATED,
        "“有能力拒不履行”列入失信名单没有固定的2年期限",
    ),
    (
        "only-home-never-auctioned",
        r"唯一住房[^。！？\n]{0,8}(一定|绝对|永远)不(能|会)(被)?(拍卖|执行)",
        NEGATED + r"|轻信|不要",
        "唯一住房一般不拍卖，但有例外",
    ),
    (
        "12356-around-the-clock",
        r"12356[^。！？\n]{0,20}24\s*小时|24\s*小时[^。！？\n]{0,20}12356",
        None,
        "12356的规定是每天不少于18小时，不是24小时",
    ),
    (
        "hide-three-years",
        r"(躲|拖|熬)[^。！？\n]{0,4}(三|3)年[^。！？\n]{0,6}(就)?(不用|不必|无需)还",
        r"不是|不要|别|吗|“",
        "诉讼时效不是躲债的办法",
    ),
    (
        "bankruptcy-only-shenzhen",
        r"(只有|仅)深圳[^。！？\n]{0,8}个人破产|个人破产[^。！？\n]{0,6}只在深圳",
        r"厦门",
        "厦门的个人破产保护条例自2025年11月1日起施行",
    ),
    (
        "mediation-always-free",
        r"调解[^。！？\n]{0,6}(都|一律|全部|全都|肯定|一定)[^。！？\n]{0,2}免费",
        NEGATED,
        "调解是否收费没有核实，要先问调解组织",
    ),
    (
        "public-order-law-article",
        r"治安管理处罚法[》]?第",
        None,
        "治安管理处罚法2026年起施行修订后的文本，旧条号不能再引用",
    ),
    (
        "prison-for-sure",
        r"(一定|肯定|必然|铁定)[^。！？\n]{0,4}(坐牢|判刑|被抓|追究刑事责任)",
        NEGATED + r"|不一定|不等于",
        "恶意透支要同时满足非法占有目的、两次有效催收和3个月；还款后“可以”不起诉，不是一定",
    ),
    (
        "relatives-must-repay",
        r"(紧急联系人|父母|子女|家人)[^。！？\n]{0,6}(要|得|必须|有义务)[^。！？\n]{0,4}(替你|帮你|代你)还",
        NEGATED + r"|不用|不必|除非|没有",
        "没签合同、没做担保的家人和紧急联系人没有还款义务",
    ),
    (
        "collector-can-freeze",
        r"(催收|调解中心|律师)[^。！？\n]{0,6}(能|可以|有权)冻结",
        NEGATED + r"|无权|没有这个权力",
        "只有法院能裁定冻结账户",
    ),
]

SENTENCE_END = re.compile(r"[。！？!?\n]")


def sentence_at(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right = SENTENCE_END.search(text, end)
    return text[left : right.start() if right else len(text)]


def quoted(text: str, start: int) -> bool:
    """True when ``start`` lies inside “…” on its line (someone else's words, cited to be refuted)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    return before.count("“") > before.count("”")


@pytest.mark.parametrize(
    "claim_id, pattern, allowed, why", FORBIDDEN_CLAIMS, ids=[c[0] for c in FORBIDDEN_CLAIMS]
)
def test_no_page_makes_a_claim_from_the_do_not_claim_list(claim_id, pattern, allowed, why):
    found = []
    for page in PAGES:
        text = read(page)
        for m in re.finditer(pattern, text):
            sentence = sentence_at(text, m.start(), m.end())
            if allowed and (quoted(text, m.start()) or re.search(allowed, sentence)):
                continue
            found.append(f"{page}:{line_of(text, m.start())}: {sentence.strip()[:80]}")
    assert not found, f"{why}:\n" + "\n".join(found)


def test_credit_repair_page_says_the_2026_window_is_over():
    text = read("basics/credit-repair-2026.md")
    assert re.search(r"已经结束|已结束|已关闭|已经关闭", text), (
        "the one-time credit repair must be described as closed"
    )
    assert "2026年3月31日" in text, "the page should name the repayment deadline that has passed"


CASE_PAGES = [p for p in PAGES if p.startswith("cases/") and not p.endswith("index.md")]


@pytest.mark.parametrize("page", CASE_PAGES)
def test_case_study_is_labelled_as_an_illustrative_example(page):
    text = read(page)
    assert "示例" in text and re.search(r"非真实|不是真实|并非真实", text), (
        f"{page}: label the story as an illustrative, anonymised example (示例，非真实个案)"
    )


# ------------------------------------------------------------------------------------------------
# Glossary snippet (includes/glossary.md, appended to every page as abbreviations)
# ------------------------------------------------------------------------------------------------

GLOSSARY_LINE = re.compile(r"^\*\[(?P<term>[^\[\]]+)\]: (?P<text>\S.*)$")
#: The second edition explains the court, enforcement and family terms its new pages use.
GLOSSARY_SIZE = (25, 70)


def glossary_lines() -> list[tuple[int, str]]:
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    return [
        (n, line)
        for n, line in enumerate(lines, 1)
        if line.strip() and not line.lstrip().startswith("<!--")
    ]


def test_glossary_lines_are_well_formed_one_sentence_definitions():
    problems = []
    for n, line in glossary_lines():
        m = GLOSSARY_LINE.match(line)
        if not m:
            problems.append(f"line {n}: not '*[术语]: 解释': {line[:40]}")
            continue
        term, text = m["term"], m["text"]
        if len(term) < 2 or term != term.strip() or " " in term:
            problems.append(f"line {n}: term {term!r} should be 2+ characters without spaces")
        if re.search(r"[\[\]]|\]\(|https?:|\*\*|`", text):
            problems.append(
                f"line {n}: definition must be plain text (no brackets, links or markup)"
            )
        if not text.endswith("。") or text.count("。") != 1:
            problems.append(f"line {n}: definition should be one sentence ending in 。")
        if len(text) > 90:
            problems.append(
                f"line {n}: definition of {term} is {len(text)} characters; keep it under 90"
            )
    assert not problems, "\n".join(problems)


def test_glossary_has_a_useful_number_of_distinct_terms():
    terms = [
        GLOSSARY_LINE.match(line)["term"]
        for _, line in glossary_lines()
        if GLOSSARY_LINE.match(line)
    ]
    twice = sorted({t for t in terms if terms.count(t) > 1})
    assert not twice, f"terms defined twice: {twice}"
    low, high = GLOSSARY_SIZE
    assert low <= len(terms) <= high, f"{len(terms)} glossary terms; expected {low}–{high}"


# ------------------------------------------------------------------------------------------------
# The engine's links into the site (guide_engine/data/rules.toml)
# ------------------------------------------------------------------------------------------------


def _rule_entries() -> list[dict]:
    import tomllib

    data = tomllib.loads(
        (ROOT / "guide_engine" / "data" / "rules.toml").read_text(encoding="utf-8")
    )
    return [entry for key in ("path", "warning") for entry in data.get(key, [])]


def _page_file(url: str) -> str:
    """A site URL such as ``process/sued/`` or ``process/`` → its Markdown file under docs/."""
    stem = url.strip("/")
    return f"{stem}.md" if (DOCS / f"{stem}.md").exists() else f"{stem}/index.md"


@pytest.mark.parametrize(
    "entry", _rule_entries(), ids=lambda e: f"{e['id']}-{e.get('variant', '')}"
)
def test_assessment_links_and_site_labels_match_the_pages(entry):
    """An assessment item points the reader to a page; when it cites the page itself (`site`),
    the label must be that page's current title, so renaming a page cannot leave a stale label."""
    if not entry.get("page"):
        return
    page = _page_file(entry["page"])
    assert page in PAGES, f"rules.toml {entry['id']}: no page {entry['page']}"
    if entry.get("site"):
        title = split_front_matter(read(page))[0]["title"]
        assert entry["site"].split(" · ", 1)[-1] == title, (entry["site"], title)


# ------------------------------------------------------------------------------------------------
# The readers' questions (content review, part b): each answer's legal statement names its source
# ------------------------------------------------------------------------------------------------

# (page, a phrase of the legal statement, the registry id its line must cite). Pages write one
# paragraph or list item per line, so "the same line" is "the same paragraph".
CITED_STATEMENTS = [
    ("court/payment-order.md", "15日内", "cpl_art227"),
    ("court/payment-order.md", "必须是书面的", "cpl_interp_art436"),
    ("court/payment-order.md", "支付令失效", "cpl_art228"),
    ("process/sued.md", "小额诉讼", "cpl_art165"),
    ("process/sued.md", "信息到达你的手机就算送达", "cpl_art90"),
    ("process/sued.md", "15日可以提交答辩状", "cpl_art128"),
    ("court/mediation-call.md", "要经过你同意", "online_mediation_rules"),
    ("court/which-court.md", "合同履行地", "cpl_jurisdiction"),
    ("court/which-court.md", "格式条款", "cpl_interp_art18_31"),
    ("court/which-court.md", "答辩期内", "cpl_art130"),
    ("court/which-court.md", "在线参加诉讼", "online_litigation_rules"),
    ("court/restrictions.md", "法院**可以**限制你高消费", "consumption_restriction_rules"),
    ("court/restrictions.md", "高收费私立学校", "consumption_restriction_rules"),
    ("court/restrictions.md", "六种情形之一", "dishonest_list_rules"),
    ("court/restrictions.md", "3个工作日内删除", "dishonest_list_removal"),
    ("court/enforcement.md", "都要由法院作出裁定", "cpl_freezing"),
    ("court/enforcement.md", "生活必需费用", "cpl_enforcement_living"),
    ("court/enforcement.md", "最低生活保障标准", "seizure_rules_art3"),
    ("court/criminal-risk.md", "两次催收后超过3个月", "criminal_law_art196"),
    ("court/criminal-risk.md", "不算利息和费用", "card_crime_interp_art8_10"),
    ("court/criminal-risk.md", "拒不执行判决、裁定罪", "criminal_law_art313"),
    ("court/bankruptcy.md", "2021年3月1日", "shenzhen_bankruptcy"),
    ("court/bankruptcy.md", "2025年11月1日", "xiamen_bankruptcy"),
    ("court/bankruptcy.md", "执行程序", "zhejiang_debt_clearance"),
    ("basics/family-and-guarantors.md", "看这笔债是不是**夫妻共同债务**", "civil_code_art1064"),
    ("basics/family-and-guarantors.md", "先诉抗辩权", "civil_code_guarantee"),
    ("basics/family-and-guarantors.md", "**没有还款义务**", "civil_code_art465"),
    ("basics/family-and-guarantors.md", "主债务到期后6个月", "civil_code_art692_695"),
    ("basics/online-lending.md", "**不是银行信用卡**", "cc_measures_art70"),
    ("basics/online-lending.md", "地方金融管理局", "microloan_measures_2024"),
    ("basics/online-lending.md", "2025年10月1日", "nfra_zhudai_2025"),
    ("basics/doorstep-and-letters.md", "不少于两名", "cba_collection_guideline_2026"),
    ("basics/doorstep-and-letters.md", "一般可以当证据", "cpl_interp_art106"),
    ("basics/time-limits.md", "一般是**3年**", "civil_code_art188"),
    ("basics/time-limits.md", "法院**不会主动**", "civil_code_art192_195"),
    ("basics/debt-sold.md", "照样可以向新的债权人提出", "civil_code_assignment"),
    ("basics/debt-sold.md", "2026年12月31日", "npl_transfer_pilot"),
    ("help/index.md", "全国统一心理援助热线", "mental_health_12356"),
    ("help/index.md", "法律援助中心申请", "legal_aid_law"),
    ("basics/credit-report.md", "第3次起每次5元", "ndrc_credit_fee_2025"),
    ("court/enforcement.md", "一般不得拍卖、变卖或抵债", "seizure_rules_art4_5"),
    ("court/enforcement.md", "另有房可住", "enforcement_objection_art20"),
    ("court/criminal-risk.md", "骗取贷款的犯罪", "criminal_law_loan_fraud"),
    ("court/restrictions.md", "并记入征信", "dishonest_list_sharing"),
    ("court/restrictions.md", "法院应当及时解除", "consumption_restriction_2010"),
    ("basics/cards-vs-loans.md", "也就是60期", "cc_measures_art70"),
    ("basics/cards-vs-loans.md", "长期贷款不超过3年", "loan_rules_art12"),
]


@pytest.mark.parametrize(
    "page, phrase, source_id", CITED_STATEMENTS, ids=[f"{p}:{s}" for p, _, s in CITED_STATEMENTS]
)
def test_each_answer_to_a_readers_question_cites_its_document(page, phrase, source_id):
    lines = [ln for ln in split_front_matter(read(page))[1].splitlines() if phrase in ln]
    assert lines, f"{page}: the statement “{phrase}” is missing"
    assert f"[[cite:{source_id}]]" in lines[0], (
        f"{page}: “{phrase}” does not cite {source_id}: {lines[0][:80]}"
    )


CITE_AT_SENTENCE_END = re.compile(r"\[\[cite:[a-z0-9_]+\]\][^。！？；：\n]*[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    "page",
    sorted({p for p, _, _ in CITED_STATEMENTS} - {"process/sued.md", "basics/credit-report.md"}),
)
def test_new_pages_put_citations_at_the_end_of_a_sentence(page):
    """A citation renders as the document's full title; in mid-sentence it splits the sentence in
    two on a phone, so the new pages put it just before the full stop."""
    text = without_code(read(page))
    bad = [
        f"{page}:{line_of(text, m.start())}: {m.group(0)[:40]}"
        for m in CITE_AT_SENTENCE_END.finditer(text)
    ]
    assert not bad, "\n".join(bad)


def test_the_new_topics_are_in_the_navigation():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in sorted(
        {p for p, _, _ in CITED_STATEMENTS} | {"process/several-debts.md", "help/stress.md"}
    ):
        assert f"- {page}" in nav, page


@pytest.mark.parametrize(
    "page, target",
    [
        ("index.md", "help/index.md"),
        ("process/sued.md", "../help/index.md"),
        ("tools/self-assessment.md", "../help/index.md"),
        ("tools/index.md", "../help/index.md"),
        ("tools/calculator.md", "../help/index.md"),
        ("tools/letter.md", "../help/index.md"),
        ("tools/checklist.md", "../help/index.md"),
        ("process/first-call.md", "../tools/calculator.md"),
        ("process/first-call.md", "../tools/letter.md"),
        ("process/sued.md", "../tools/self-assessment.md"),
    ],
)
def test_help_and_tools_are_signposted_where_readers_act(page, target):
    assert f"]({target}" in read(page), f"{page} does not link {target}"


def test_home_page_offers_the_self_assessment_before_anything_else():
    body = split_front_matter(read("index.md"))[1]
    first_link = re.search(r"\]\(([^)]+)\)", body)
    assert first_link and first_link.group(1) == "tools/self-assessment.md"


# ------------------------------------------------------------------------------------------------
# The pages and the self-assessment agree
# ------------------------------------------------------------------------------------------------


def flow_option_labels() -> set[str]:
    """Every option label the self-assessment shows, the debts' questions included."""
    flow = tomllib.loads(
        (ROOT / "guide_engine" / "flows" / "self_assessment.toml").read_text(encoding="utf-8")
    )
    labels: set[str] = set()
    for question in flow["questions"]:
        for inner in [question, *question.get("questions", [])]:
            if isinstance(inner.get("options"), list):
                labels |= {option["label"] for option in inner["options"]}
    return labels


PICK_AN_OPTION = re.compile(r"选“([^”]+)”")


def test_a_page_that_says_which_answer_to_pick_names_an_option_the_self_assessment_has():
    """A page telling the reader what to choose in the self-assessment must name one of its
    options as the wizard shows it (the household flow renamed and added options)."""
    labels = flow_option_labels()
    wrong = []
    for page in PAGES:
        for n, line in enumerate(read(page).splitlines(), 1):
            if "self-assessment.md" not in line:
                continue
            wrong += [f"{page}:{n}: “{m}”" for m in PICK_AN_OPTION.findall(line) if m not in labels]
    assert not wrong, f"no such option in the self-assessment ({sorted(labels)}):\n" + "\n".join(
        wrong
    )


def test_the_credit_pay_page_sends_huabei_readers_to_the_option_made_for_them():
    """花呗、白条、月付 are not cards (Art. 70 does not apply) and have their own option since the
    household flow; the page that answers “算不算信用卡” names exactly that option."""
    flow = tomllib.loads(
        (ROOT / "guide_engine" / "flows" / "self_assessment.toml").read_text(encoding="utf-8")
    )
    product = next(
        inner
        for question in flow["questions"]
        for inner in question.get("questions", [])
        if inner["id"] == "product"
    )
    label = next(o["label"] for o in product["options"] if o["id"] == "consumer_credit")
    assert f"选“{label}”" in read("basics/online-lending.md")
