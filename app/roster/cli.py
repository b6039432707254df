"""``python -m app.cli screen-roster INPUT --on DATE --out OUTPUT`` (数据比对).

Reads a CSV or Excel roster, screens every person for every program, writes CSV or Excel
(by the output's suffix). Bad cells are listed on stderr with their row and column, and the row
is still screened with that cell unknown. A summary (people per program and status) ends the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from app.engine import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    NOT_IN_FORCE,
    UNDETERMINED,
    Rulebook,
    RuleError,
)
from app.engine.cache import load_cached_rulebook
from app.i18n import N_, Gettext, gettext_for
from app.paths import rules_dir

from .bounds import CLI, RosterError
from .bulk import ERRORS, RECEIVES, RosterResult, column_names
from .deaths import ANY
from .headers import (
    ADDRESS,
    BIRTH_DATE,
    BY_ADMIN,
    BY_ALIAS,
    BY_AMOUNT,
    BY_ID,
    BY_IDENTITY,
    BY_KIND,
    BY_LABEL,
    BY_MAP,
    BY_PAIR,
    BY_WORDS,
    CATEGORY_GRADE,
    CERTIFICATE_NUMBER,
    ID_NUMBER,
    Column,
    ColumnMap,
    Names,
    NoColumns,
    asks_here,
    death_kind,
    letter,
    lone_kinds,
    norm,
    one_line,
    place_column,
    shown_header,
    written_for,
)
from .launch import arguments, lang_of, shows_progress, writes_over_input
from .opening import Ahead, kind_of, not_a_roster
from .output import dead_sheet_title
from .run import check_targets, named_targets, read_columns_file, screen_file


class Bar:
    """A plain progress bar on stderr: ``筛查 1000000 [###############...............]  50%``."""

    def __init__(self, label: str, stream: TextIO | Console, width: int = 30) -> None:
        self.label, self.stream, self.width = label, stream, width

    def __call__(self, share: float) -> None:
        filled = int(self.width * share)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
                          f"{int(100 * share):3d}%")
        if share >= 1:
            self.stream.write("\n")
        self.stream.flush()


class Console:
    """A terminal stream that a closed or broken pipe cannot stop: the screening's result is
    the file, and the mapping and summary printed beside it are a courtesy. Once writing to
    ``stream`` fails (``head`` closed its end of the pipe, or the descriptor was closed, which
    leaves ``sys.stdout`` None), the rest is dropped and the command carries on, as the
    standard library's docs advise for SIGPIPE. Shape: ``write(text) -> int`` and ``flush()``,
    so ``print(..., file=console)`` works."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        if self.stream is not None:
            try:
                self.stream.write(text)
            except (OSError, ValueError):  # BrokenPipeError; a closed file
                self.stream = None
        return len(text)

    def flush(self) -> None:
        if self.stream is not None:
            try:
                self.stream.flush()
            except (OSError, ValueError):
                self.stream = None

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()


def main(argv: list[str]) -> int:
    """The command, as a library call (tests): :func:`run` of the parsed ``argv``."""
    lang = lang_of(argv)
    return run(arguments(argv, gettext_for(lang)), lang)


def run(args: argparse.Namespace, lang: str, ahead: Ahead | None = None,
        written: Callable[[], None] | None = None) -> int:
    """The command with its arguments parsed (:func:`app.roster.launch.arguments`); ``ahead``
    the roster's reading already begun (:func:`app.roster.launch.start`); ``written`` called
    once the whole result is in its file. Returns the exit status."""
    _ = gettext_for(lang)
    err, out = Console(sys.stderr), Console(sys.stdout)
    try:
        on = dt.date.fromisoformat(args.on)
    except ValueError:
        print(_("筛查日期“{value}”不是 YYYY-MM-DD 格式的日期。").format(value=args.on), file=err)
        return 2
    kinds = kind_of(args.input.name, roster=True), kind_of(args.out.name)
    if not kinds[0]:
        print(not_a_roster(_), file=err)
        return 2
    if not kinds[1]:  # (the result's name, not the list's: the thirty-seventh tester's x.xls)
        print(_("结果文件“{name}”必须以 .csv 或 .xlsx 结尾：.csv 给电脑程序读，.xlsx 给人看。"
                ).format(name=args.out.name), file=err)
        return 2
    if writes_over_input(args):
        print(_("结果文件不能就是名单文件：{path}。请给结果另起一个文件名。").format(
            path=args.out), file=err)
        return 2
    try:
        rules = rules_dir()
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # (the settings' .env, their values)
        print(_("读不了设置：{problem}。请检查工作目录里的 .env 文件（应为 UTF-8 编码、可以读取）"
                "和以 SCREENER_ 开头的环境变量。").format(problem=type(exc).__name__), file=err)
        return 2
    try:
        book = load_cached_rulebook(rules)
    except RuleError as exc:
        print(f"rulebook refused: {exc}", file=err)
        return 3
    chosen = None
    if args.programs:
        chosen = list(dict.fromkeys(pid for p in re.split("[,，、]", args.programs)
                                    if p.strip() for pid in program_ids(p.strip(), book)))
        if not chosen:
            print(_("--programs 里没有项目名。请写项目名，用逗号分隔，例如 "
                    "living_subsidy,nursing_subsidy。"), file=err)
            return 2
        unknown = [p for p in chosen if p not in book.programs]
        if unknown:
            print(_("没有这些项目：{programs}。项目名可以写：{known}").format(
                programs=", ".join(unknown), known=", ".join(book.programs)), file=err)
            return 2
    overrides = None
    try:
        if args.columns is not None:
            overrides = named_targets(book, read_columns_file(args.columns, _))
            check_targets(book, overrides, _)
    except RosterError as exc:
        print(str(exc), file=err)
        return 2
    show = shows_progress(args)
    if show:  # opening a large roster takes a while before the bar can count rows
        print(_("正在读取名单……"), file=err, flush=True)
    t0 = time.perf_counter()
    try:
        result = screen_file(
            book, args.input, kinds[0], on, _, out=args.out, out_kind=kinds[1], limits=CLI,
            lang=lang, overrides=overrides, programs=chosen, keep_facts=args.keep_facts,
            progress=Bar(_("筛查"), err) if show else None,
            mapped=lambda mapping: print_mapping(mapping, book, _, out, overrides), ahead=ahead,
            sheets=args.sheet, today=dt.date.today())
    except OSError as exc:  # the roster not found or unreadable; the result not writable
        if not args.input.is_file():
            print(_("找不到名单文件：{path}").format(path=args.input), file=err)
        elif exc.filename is not None and Path(exc.filename) == args.input:
            print(_("读不了名单文件：{path}").format(path=args.input), file=err)
        else:  # the message's own words would be the system's, in English
            print(_("写不了结果文件：{path}。请检查文件夹是否存在、有没有写入权限、"
                    "磁盘是否已满。").format(path=args.out), file=err)
        return 1
    except NoColumns as exc:
        print(str(exc), file=err)
        if not exc.headless:  # (a list without a header row, or empty: no header to map)
            print(_(COLUMNS_HOW), file=err)
        return 2
    except RosterError as exc:
        print(str(exc), file=err)
        return 1
    t1 = time.perf_counter()
    if written is not None:
        written()
    report(result, book, _, err, out, people=kind_of(args.out.name) == "xlsx")
    if args.timings:
        s = result.seconds
        print(_("共 {rows} 行：读取 {read:.3f} 秒，计算 {compute:.3f} 秒，合计 {total:.3f} 秒")
              .format(rows=result.rows, read=s["parse"], compute=s["compute"], total=t1 - t0),
              file=out)
    return 0


TICKED = "ticked"
HOW = {BY_ID: N_("列名就是事实名"), BY_LABEL: N_("按事实的名称"), BY_ALIAS: N_("按别名"),
       BY_WORDS: N_("按常见写法"), BY_IDENTITY: N_("按列名，从这一列推出其他事实"),
       BY_MAP: N_("按 --columns 文件"), BY_ADMIN: N_("管理员指定"),
       BY_KIND: N_("按其中一类的名称；同一项分几列写时合起来读：有一列是“是”就是“是”，"
                   "各列都是“否”才是“否”"),
       BY_PAIR: N_("“是”“否”两列，打勾的那一列为准"),
       # (护理补贴金额 beside 是否享受护理补贴: headers._amounts, columns.read_together)
       BY_AMOUNT: N_("按金额，和同一项的另一列合起来读：另一列是“是”或金额大于 0 就是“是”，"
                     "另一列是“否”、金额是 0 或空着才是“否”；一列说“是”、另一列说“否”时，"
                     "按不知道处理"),

       # a fact's kinds on a form that ticks them: a box left blank is a no (headers._ticked)
       TICKED: N_("按其中一类的名称；同一项分几列打勾：有一列打了勾就是“是”，都空着就是“否”")}


# how to write a columns file, where no column was recognised (the clerk's own headers, and
# the names a list writes that run.named_targets reads as the facts)
COLUMNS_HOW = N_("列名是别的写法的，可以写一个列对应文件，用 --columns 文件名 指定：每行写"
                 "“名单里的列名: 认得的列名”，例如“困难标识: 是否低保户”；冒号后面空着的列"
                 "原样保留、不读。已享受某个项目的列，列名写“已享受”和项目名，例如"
                 "“已享受生活补贴”。")
# how a 户籍 column's cells are read (derive.place_column), after how it was recognised
PLACE_NOTE = N_("写地址的，按地址读出户籍和县；写“本市”“外省”这样的，按户籍读")
# and of a 户籍 column that asks whether the household is registered here (是否本市户籍)
HERE_NOTE = N_("“是”按百色市户籍读，“否”看不出户籍在哪里，按未知处理")


def how_of(column: Column) -> str:
    """How a column was recognised, as a key of :data:`HOW`."""
    return TICKED if column.ticked else column.how


def how_text(column: Column, _: Gettext) -> str:
    """How a column was recognised and read, for people (:data:`HOW`; a 户籍 column's
    :data:`PLACE_NOTE` after it); "" for a column passed through."""
    if column.target is None:
        return ""
    text = _(HOW[how_of(column)])
    if asks_here(column) is not None:
        return text + _("；") + _(HERE_NOTE) + _("；") + _(PLACE_NOTE)
    return text + _("；") + _(PLACE_NOTE) if place_column(column) else text
DERIVED = {ID_NUMBER: N_("身份证号 → 年龄（无户籍地址时，百色发的证也推出户籍和县）"),
           CERTIFICATE_NUMBER: N_("残疾人证号 → 持证、残疾类别、等级、年龄"),
           BIRTH_DATE: N_("出生日期 → 年龄"),
           ADDRESS: N_("户籍地址 → 户籍、县（市、区）"),
           CATEGORY_GRADE: N_("残疾类别和等级 → 残疾类别、等级（如“肢体一级”）")}


def target_text(target: str, book: Rulebook, _: Gettext) -> str:
    """What a column was read as, for people: the fact id, or what is derived from it."""
    if target in DERIVED:
        return _(DERIVED[target])
    if target.startswith(RECEIVES) and target[len(RECEIVES):] in book.programs:
        title = _(book.programs[target[len(RECEIVES):]].model.title)
        return _("已享受“{program}”（{target}）").format(program=title, target=target)
    fdef = book.facts.get(target)
    if fdef is not None and fdef.question:  # the id alone says nothing to a clerk
        return _("{target}（{question}）").format(target=target, question=_(fdef.question))
    return target


def print_mapping(mapping: ColumnMap, book: Rulebook, _: Gettext, out: TextIO | Console,
                  overrides: Mapping[str, str | None] | None = None) -> None:
    """Which column became which fact, and how; which rows and columns were not read; and
    the headers of a columns file (``overrides``) the roster has no column of (a typo: 户藉)."""
    print(mapping.header_note(_), file=out)
    headers = [h for c in mapping.columns for h in (c.written or c.header, *c.parts)]
    missing = [h for h in overrides or {} if all(written_for([h], x) is None for x in headers)]
    if missing:
        print(_("列对应文件里的这些列名，名单里没有，没有用上：{columns}。请核对列名的写法。").format(
            columns=_("、").join(missing)), file=out)
    if mapping.sheets_note(_):
        print(mapping.sheets_note(_), file=out)
    if mapping.above:
        print(mapping.above_note(_), file=out)
    for c in mapping.read:
        assert c.target is not None
        print(f"  {letter(c.index)} {shown_header(c.header, whole=True)} → "
              f"{target_text(c.target, book, _)}  ({how_text(c, _)})", file=out)
    for note in mapping_notes(mapping, book, _):
        print(note, file=out)
    if mapping.passed:
        print(_("原样保留的列（不是筛查问题）：{columns}").format(
            columns=_("、").join(shown_header(c.header, whole=True) for c in mapping.passed)),
              file=out)


def mapping_notes(mapping: ColumnMap, book: Rulebook, _: Gettext) -> list[str]:
    """The notes on how columns were read that follow the mapping, wherever it is shown (the
    command, the upload page, the .xlsx summary sheet): a fact's kind alone
    (:func:`kinds_notes`), a header naming two facts (:func:`shared_name_notes`), the
    columns read for a death (:func:`deaths_note`)."""
    return kinds_notes(mapping, book, _) + shared_name_notes(mapping, book, _) + \
        deaths_note(mapping, _)


def deaths_note(mapping: ColumnMap, _: Gettext) -> list[str]:
    """Where the roster has columns of a death (是否健在, 是否死亡, 死亡日期, a status with its
    codes: :func:`~.headers.death_kind`), that they and the other columns passed through (备注)
    are read for one: a column passed through is not a screening question, but is not unread
    either (the forty-ninth tester's: 是否健在, 死亡日期 and 备注 shown as passed through, yet
    they left people out as dead)."""
    columns = [c for c in mapping.passed if not c.could_be and (
        (kind := death_kind(c)).legend or kind.name != ANY.name)]
    if not columns:
        return []
    shown = _("、").join(f"“{shown_header(c.header, whole=True)}”" for c in columns)
    return [_("{columns}用来看这个人是否已经去世（不是筛查问题，原样保留）；原样保留的其他列"
              "（如备注）里写着去世的，也看了：写着已经去世的人没有筛查，写着可能去世（如“疑似"
              "死亡”）的人照常筛查并在这一行注明。").format(columns=shown)]


def kinds_notes(mapping: ColumnMap, book: Rulebook, _: Gettext) -> list[str]:
    """For each fact a roster gives by one of its kinds alone (:func:`~.headers.lone_kinds`:
    农村低保 without 城市低保), that its 否 is read as unknown, and how to say the list holds that
    kind alone."""
    return [_("“{column}”只是“{fact}”的一类：填“否”只说明不是这一类，按未知处理。如果名单上的人"
              "只可能是这一类（例如都是农村户口），请把列名改成“{fact}”。").format(
        column=shown_header(c.header, whole=True), fact=column_names(book, [fact], _))
        for fact, c in lone_kinds(mapping).items()]


def shared_name_notes(mapping: ColumnMap, book: Rulebook, _: Gettext) -> list[str]:
    """For each column passed through because its header names several facts at once (孤儿:
    the orphan's allowance, or being an orphan: :attr:`~.headers.Column.could_be`), which they
    are, and how to say which one it holds."""
    return [_("“{column}”可能是{facts}，不知道是哪一个，这一列没有读。请把列名改成其中一个，"
              "或指明这一列对应哪一项（命令行：--columns 文件里写“{column}: {target}”这样的一行；"
              "上传页：在列的对应里选）。").format(
        column=shown_header(c.header, whole=True), target=c.could_be[0],
        facts=_("，也可能是").join(target_text(t, book, _) if t.startswith(RECEIVES) else
                                  f"“{fact_name(t, book)}”" for t in c.could_be))
        for c in mapping.passed if c.could_be]


def bad_cells(result: RosterResult, _: Gettext, people: bool = False,
              at_most: int | None = None) -> tuple[list[str], int]:
    """The cells that could not be read, for people: the first ones kept (at most
    ``at_most``), each with its row and column, then how many more and where to find them in
    the result (its column of bad cells, named as the result names it: ``people``, the .xlsx);
    and how many in all. The command prints them, the upload page lists them."""
    problems = result.problems
    first = problems.first[:at_most]
    lines = [_("第 {row} 行，“{column}”列：{message}（按未知处理）").format(
        row=result.mapping.row_text(row, _), column=one_line(column),
        message=message) for row, column, message in first]
    total = sum(problems.counts.values())
    if total > len(first):
        lines.append(_("……还有 {n} 个有问题的单元格，见结果文件的“{column}”列。").format(
            n=total - len(first), column=_("有问题的单元格") if people else ERRORS))
    return lines, total


def bad_cells_note(total: int, _: Gettext) -> str:
    """How many cells could not be read, and what became of them."""
    return _("有问题的单元格：{n} 个（这些单元格按未知处理，所在行照常筛查）。").format(n=total)


def fact_name(fact: str, book: Rulebook) -> str:
    """A fact as a list heads its own column: its first name in ``aliases:`` (类别, 等级),
    else its id (not the identity column it may also be derived from, as
    :func:`~.bulk.column_names` names an absent one: 类别等级 was "残疾人证号 or 残疾人证号")."""
    fdef = book.facts.get(fact)
    return next(iter(fdef.aliases), fact) if fdef is not None else fact


def program_ids(name: str, book: Rulebook) -> list[str]:
    """The programs ``--programs`` names: by its id, its title or one of its ``aliases:``
    (低保, 困难残疾人生活补贴), or a name a list heads its column of who receives it by (生活补贴:
    :class:`~.headers.Names`); both, by a name lists give two programs together (两项补贴, 两补:
    the living and the nursing subsidies); else ``[name]`` itself (refused by the caller, with
    the ids)."""
    if name in book.programs:
        return [name]
    key = norm(name)
    own = [pid for pid, program in book.programs.items()  # (低保, 特困供养: a program's own
           if key in {norm(n) for n in (program.model.title, *program.model.aliases)}]  # names)
    if own:
        return own
    names = Names.of(book)
    found = names.find(name)
    targets = [found[0]] if found is not None else list(names.could_be(name))
    pids = [t[len(RECEIVES):] for t in targets if t.startswith(RECEIVES)]
    if pids and all(p in book.programs for p in pids):
        return pids
    return [name]


def program_text(pid: str, book: Rulebook, _: Gettext) -> str:
    """A program as the summary names it: its title in the user's language, then its id,
    which the result's columns are named by (``<id>.status``):
    困难残疾人生活补贴（living_subsidy）."""
    program = book.programs.get(pid)
    if program is None:
        return pid
    title = _(program.model.title)
    if pid in title:  # (the title says it already: “… (dibao)”)
        return title
    return _("{title}（{pid}）").format(title=title, pid=pid)


def report(result: RosterResult, book: Rulebook, _: object, err: TextIO | Console,
           out: TextIO | Console, people: bool = False) -> None:
    """Bad cells on ``err``; the summary on ``out``: the rows not screened (the first of those
    left out as dead each with why, indented under them), then per program (by
    :func:`program_text`), its counts of each status and of those who qualify but do not
    receive it. ``people``: the result is the .xlsx, whose column of bad cells is headed in
    the user's language, and which lists every row left out as dead on a sheet of its own."""
    gettext = _  # a Gettext
    assert callable(gettext)
    cells, total_bad = bad_cells(result, gettext, people)
    for line in cells:
        print(line, file=err)
    for pid, why in result.fallback.items():
        print(gettext("项目 {program} 无法批量计算，已逐人计算（{why}）。").format(
            program=program_text(pid, book, gettext), why=why), file=err)
    print(gettext("共筛查 {rows} 人。").format(rows=result.rows), file=out)
    for sentence in result.skipped(gettext):
        print(sentence, file=out)
    for line in result.dead_listed(gettext, sheet=dead_sheet_title(gettext) if people else None):
        print(f"  {line}", file=out)
    if result.repeats_note(gettext):
        print(result.repeats_note(gettext), file=out)
    labels = {ELIGIBLE: gettext("符合"), NOT_ELIGIBLE: gettext("不符合"),
              UNDETERMINED: gettext("待定"), NOT_IN_FORCE: gettext("不在有效期")}
    for pid, counts in result.counts.items():
        parts = "  ".join(f"{labels[s]} {n}" for s, n in counts.items())
        unclaimed = result.unclaimed.get(pid, 0)
        # (and who qualifies with a blank or unread receipt, where the list has the column)
        unknown = result.receipt_unknown.get(pid)
        print(gettext("{program}：").format(program=program_text(pid, book, gettext))
              + f"{parts}  " + gettext("符合但未享受 {n}").format(n=unclaimed)
              + ("" if not unknown else "  " + gettext("符合但是否享受不明 {n}").format(n=unknown)),
              file=out)
    for pid, facts in result.absent(book).items():
        print(gettext("{program}：有人待定，规则还要看这些名单里没有的列：{columns}。").format(
            program=program_text(pid, book, gettext),
            columns=column_names(book, facts, gettext)), file=out)
    missing = [p for p in result.counts if p not in result.receives]
    if missing:
        print(gettext("这些项目，名单里没有“已享受”列（如“已享受生活补贴”或 receives_<项目>），"
                      "所以不知道是否已享受，也数不出符合但未享受的人：{programs}").format(
            # (；: a title may hold 、, as 水、电、气 … does)
            programs=gettext("；").join(program_text(p, book, gettext) for p in missing)),
              file=out)
    if total_bad:
        print(bad_cells_note(total_bad, gettext), file=out)
