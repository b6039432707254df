"""``python -m app.cli screen-roster INPUT --on DATE --out OUTPUT`` (数据比对).

Reads a CSV or Excel roster, screens every person for every program, writes CSV or Excel
(by the output's suffix). Bad cells are listed on stderr with their row and column, and the row
is still screened with that cell unknown. A summary (people per program and status) ends the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TextIO

from app.engine import ELIGIBLE, NOT_ELIGIBLE, NOT_IN_FORCE, UNDETERMINED, RuleError, load_rulebook
from app.i18n import LANGS, gettext_for
from app.settings import get_settings

from .bulk import RosterError, RosterResult, amount_col, read_columns, screen_roster
from .files import kind_of, read_roster, write_roster


class Bar:
    """A plain progress bar on stderr: ``筛查 1000000 [###############...............]  50%``."""

    def __init__(self, rows: int, label: str, stream: TextIO, width: int = 30) -> None:
        self.label, self.stream, self.width = f"{label} {rows}", stream, width

    def __call__(self, share: float) -> None:
        filled = int(self.width * share)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
                          f"{int(100 * share):3d}%")
        if share >= 1:
            self.stream.write("\n")
        self.stream.flush()


def _lang(argv: list[str]) -> str:
    if "--lang" in argv[:-1]:
        lang = argv[argv.index("--lang") + 1]
        if lang in LANGS:
            return lang
    return "zh-Hans"


def main(argv: list[str]) -> int:
    lang = _lang(argv)
    _ = gettext_for(lang)
    parser = argparse.ArgumentParser(
        prog="python -m app.cli screen-roster",
        description=_("按名单批量筛查：每个人、每个项目的结果，以及符合条件但还没有享受的项目。"))
    parser.add_argument("input", type=Path, help=_("名单文件（.csv 或 .xlsx）"))
    parser.add_argument("--on", required=True, help=_("筛查日期，格式 YYYY-MM-DD"))
    parser.add_argument("--out", required=True, type=Path, help=_("结果文件（.csv 或 .xlsx）"))
    parser.add_argument("--lang", default="zh-Hans", choices=list(LANGS),
                        help=_("错误信息和汇总的语言"))
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help=_("显示进度条（默认：在终端里显示）"))
    parser.add_argument("--programs", default=None,
                        help=_("只筛查这些项目（用逗号分隔的项目名；默认：全部项目）"))
    parser.add_argument("--keep-facts", action="store_true",
                        help=_("结果里也保留名单的事实列和 receives_ 列（默认只保留其他列）"))
    parser.add_argument("--timings", action="store_true", help=_("显示读取、计算、写出各用的时间"))
    args = parser.parse_args(argv)
    err = sys.stderr
    try:
        on = dt.date.fromisoformat(args.on)
    except ValueError:
        print(_("筛查日期“{value}”不是 YYYY-MM-DD 格式的日期。").format(value=args.on), file=err)
        return 2
    kinds = kind_of(args.input.name), kind_of(args.out.name)
    if not all(kinds):
        print(_("名单文件必须是 .csv 或 .xlsx。"), file=err)
        return 2
    try:
        book = load_rulebook(get_settings().rules_dir)
    except RuleError as exc:
        print(f"rulebook refused: {exc}", file=err)
        return 3
    chosen = None
    if args.programs:
        chosen = [p.strip() for p in args.programs.split(",") if p.strip()]
        unknown = [p for p in chosen if p not in book.programs]
        if unknown:
            print(_("没有这些项目：{programs}").format(programs=", ".join(unknown)), file=err)
            return 2
    show = args.progress if args.progress is not None else err.isatty()
    try:
        if show:  # reading a large roster takes a while before the bar can count rows
            print(_("正在读取名单……"), file=err, flush=True)
        t0 = time.perf_counter()
        roster = read_roster(args.input, kinds[0], _,
                             coded=lambda columns: read_columns(book, columns))
        t1 = time.perf_counter()
        bar = Bar(roster.height, _("筛查"), err) if show else None
        result = screen_roster(book, roster, on, _, progress=bar, programs=chosen,
                               keep_facts=args.keep_facts)
        t2 = time.perf_counter()
        write_roster(result.frame, args.out, kinds[1],
                     [amount_col(p) for p in chosen or book.programs])
        t3 = time.perf_counter()
    except FileNotFoundError:
        print(_("找不到名单文件：{path}").format(path=args.input), file=err)
        return 1
    except RosterError as exc:
        print(str(exc), file=err)
        return 1
    report(result, _, err, sys.stdout)
    if args.timings:
        print(f"rows {result.rows}  read {t1 - t0:.3f} s  compute {t2 - t1:.3f} s  "
              f"write {t3 - t2:.3f} s  total {t3 - t0:.3f} s", file=sys.stdout)
    return 0


def report(result: RosterResult, _: object, err: TextIO, out: TextIO) -> None:
    """Bad cells on ``err``; the summary on ``out``."""
    gettext = _  # a Gettext
    assert callable(gettext)
    problems = result.problems
    for row, column, message in problems.first:
        print(gettext("第 {row} 行，“{column}”列：{message}（按未知处理）").format(
            row=row, column=column, message=message), file=err)
    total_bad = sum(problems.counts.values())
    if total_bad > len(problems.first):
        print(gettext("……还有 {n} 个有问题的单元格，见结果文件的 row_errors 列。").format(
            n=total_bad - len(problems.first)), file=err)
    for pid, why in result.fallback.items():
        print(gettext("项目 {program} 无法批量计算，已逐人计算（{why}）。").format(
            program=pid, why=why), file=err)
    if result.passed_through:
        print(gettext("原样保留的列（不是筛查问题）：{columns}").format(
            columns=", ".join(result.passed_through)), file=out)
    print(gettext("共筛查 {rows} 人。").format(rows=result.rows), file=out)
    labels = {ELIGIBLE: gettext("符合"), NOT_ELIGIBLE: gettext("不符合"),
              UNDETERMINED: gettext("待定"), NOT_IN_FORCE: gettext("不在有效期")}
    for pid, counts in result.counts.items():
        parts = "  ".join(f"{labels[s]} {n}" for s, n in counts.items())
        unclaimed = result.unclaimed.get(pid, 0)
        print(f"{pid}: {parts}  " + gettext("符合但未享受 {n}").format(n=unclaimed), file=out)
    missing = [p for p in result.counts if p not in result.receives]
    if missing:
        print(gettext("没有 receives_<项目> 列的项目，是否已享受未知：{programs}").format(
            programs=", ".join(missing)), file=out)
    if total_bad:
        print(gettext("有问题的单元格：{n} 个（这些单元格按未知处理，所在行照常筛查）。").format(
            n=total_bad), file=out)
