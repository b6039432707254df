"""``python -m app.cli screen-roster``: the command's start, kept light.

Before a roster is screened, the process starts Python, imports polars, the engine with its
pydantic models, and loads the rulebook: a few tenths of a second of one core, while the other
waits. :func:`command` parses the arguments, then begins opening a CSV roster and, where its
headers are fact ids, reading it (:class:`~.opening.Ahead`: its bounds checked, then read by
polars in its own threads) before it imports the rest (:mod:`app.roster.cli`), so that the
reading overlaps that work. Only this module, :mod:`app.roster.opening` and the i18n catalogs
are imported first: the file's bounds are checked while polars is imported.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import re
import signal
import sys
from pathlib import Path

from app.i18n import LANGS, Gettext, gettext_for

from .bounds import CLI
from .opening import BATCH_ROWS, Ahead, copies_facts, count_rows, kind_of


def lang_of(argv: list[str]) -> str:
    """The ``--lang`` asked for, written ``--lang en`` or ``--lang=en`` (for the help and the
    errors of the arguments themselves); the last one given, as argparse takes it."""
    lang = "zh-Hans"
    for i, arg in enumerate(argv):
        given = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else \
            arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if given in LANGS:
            lang = given
    return lang


def writes_over_input(args: argparse.Namespace) -> bool:
    """Whether ``--out`` names the roster itself (the same path, or another name of the same
    file): its result would overwrite the list as it is read."""
    try:
        return args.out.resolve() == args.input.resolve() or (
            args.out.exists() and args.out.samefile(args.input))
    except (OSError, RuntimeError):  # an unreadable path, a loop of links: the command's
        return False  # own checks say what is wrong


def arguments(argv: list[str], _: Gettext) -> argparse.Namespace:
    """The command's arguments; exits with status 2 and argparse's usage on bad ones."""
    parser = argparse.ArgumentParser(
        prog="python -m app.cli screen-roster",
        description=_("按名单批量筛查：每个人、每个项目的结果，以及符合条件但还没有享受的项目。"))
    parser.add_argument("input", type=Path, help=_("名单文件（.csv、.xlsx 或 .txt）"))
    parser.add_argument("--on", required=True, help=_("筛查日期，格式 YYYY-MM-DD"))
    parser.add_argument("--out", required=True, type=Path, help=_("结果文件（.csv 或 .xlsx）"))
    parser.add_argument("--lang", default="zh-Hans", choices=list(LANGS),
                        help=_("错误信息和汇总的语言"))
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help=_("显示进度条（默认：在终端里显示）"))
    parser.add_argument("--programs", default=None,
                        help=_("只筛查这些项目（用逗号分隔的项目名；默认：全部项目）"))
    parser.add_argument("--columns", type=Path, default=None,
                        help=_("列对应文件（YAML，每行“列名: 事实名”），指定认不出的列"))
    parser.add_argument("--sheet", action="append", default=None,
                        help=_("只筛查 .xlsx 里这个名字的工作表，可以写几次（默认：表头相同的各个"
                               "工作表）"))
    parser.add_argument("--keep-facts", action="store_true",
                        help=_("结果里也保留名单的事实列和 receives_ 列（默认只保留其他列）"))
    parser.add_argument("--timings", action="store_true", help=_("显示读取、计算、写出各用的时间"))
    args = parser.parse_args(argv)
    on = screening_date(args.on)
    if on is not None:  # (else as given: the command names it as no date, app.roster.cli)
        args.on = on.isoformat()
    return args


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def screening_date(text: str) -> dt.date | None:
    """``--on`` as a date, as the codec reads a date everywhere else
    (:func:`app.codec.dates.parse_date_text`, after :func:`app.codec.text.normalise`, as the
    web form's date is read): 2025-06-01, 2025/6/1, 2025年6月1日 (the forty-eighth tester's
    2025/6/1 and 2025年6月1日 were refused); None for anything else. Written YYYY-MM-DD, it
    is read without importing the codec (which imports the engine's schema, pydantic): the
    command begins reading a roster before that import (:func:`start`), and the codec reads
    that spelling as :meth:`datetime.date.fromisoformat` does."""
    if ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    from app.codec.dates import parse_date_text
    from app.codec.text import normalise

    typed = normalise(text)
    return parse_date_text(typed) if typed else None


AHEAD_DAYS = 366  # a screening date further ahead of today than this is noted (far_ahead_note)


def far_ahead_note(on: str, today: dt.date, _: Gettext) -> str | None:
    """A note where the screening date ``on`` (as :func:`arguments` gives it) lies more than a
    year after ``today``: a year mistyped (2099-01-01, 2052 for 2025, the forty-eighth tester's)
    is screened without a word otherwise, every age and every certificate's validity reckoned
    on that day. Only noted, not refused: a date ahead is asked for on purpose too (who will
    be of age next year). The command reads the clock for it; the engine never does."""
    try:
        day = dt.date.fromisoformat(on)
    except ValueError:  # (refused as no date by the command)
        return None
    if (day - today).days <= AHEAD_DAYS:
        return None
    return _("注意：筛查日期 {date} 在一年多以后（今天是 {today}），年龄和证件有效期都按那一天算。"
             "如果日期写错了，请改正后重新筛查。").format(date=day.isoformat(),
                                                   today=today.isoformat())


def shows_progress(args: argparse.Namespace) -> bool:
    """``--progress``/``--no-progress``, else a bar where stderr is a terminal."""
    if args.progress is not None:
        return bool(args.progress)
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError):  # a closed stream
        return False


def start(args: argparse.Namespace, _: Gettext) -> Ahead | None:
    """The roster's opening and reading begun (:class:`~.opening.Ahead`), where it is a CSV file
    that the command will read: the date and both file kinds are valid (else the command
    stops before reading, as it always did). Its errors come when the command asks for it."""
    if kind_of(args.input.name, roster=True) != "csv" or not kind_of(args.out.name) \
            or writes_over_input(args):
        return None
    try:
        dt.date.fromisoformat(args.on)
    except ValueError:
        return None
    out_kind = kind_of(args.out.name)
    return Ahead(args.input, CLI, _, batch_rows=BATCH_ROWS,
                 count_rows=count_rows(out_kind, shows_progress(args)),
                 typed=not copies_facts(out_kind, args.keep_facts))


class Stopped(BaseException):
    """SIGTERM (``kill``, a service manager), SIGHUP (the terminal closed, the remote session
    lost) or SIGINT (Ctrl-C), raised where the command is: the result being written is
    removed (the sink's ``abort``), and the command says so."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOPPING = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


def _stopped(signum: int, _frame: object) -> None:
    # the first of them stops the command; any after it (Ctrl-C, then the terminal closed)
    # would break off the removal of the partial result
    for other in STOPPING:
        signal.signal(other, signal.SIG_IGN)
    raise Stopped(signum)


def _written() -> None:
    """The whole result is in its file: a signal now ends the command as it would any other
    (the summary left unprinted), not as a stop that removes what it wrote."""
    for signum in STOPPING:
        if signal.getsignal(signum) == _stopped:
            signal.signal(signum, signal.SIG_DFL)


def command(argv: list[str]) -> int:
    """``python -m app.cli screen-roster``: the roster's reading begun (:func:`start`), then
    :func:`app.roster.cli.run`; then the process ends at once, without the interpreter's
    tear-down (freeing every module and object one by one takes about 0.1 s, more than
    reading a small roster): the result file is closed and the output flushed by then, and a
    command line process keeps nothing else.

    Python's cyclic garbage collector is off for the whole process: the command's objects
    (modules, the rulebook, a batch's few Python objects) live until it ends, and the
    collector's passes over them, many while modules are imported, would find nothing to
    free. Library use (:func:`app.roster.cli.main`, :func:`app.roster.run.screen_file`) leaves
    it as it is."""
    gc.disable()
    for signum in STOPPING:  # (not where ignored: nohup ignores SIGHUP)
        if signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
            signal.signal(signum, _stopped)
    lang = lang_of(argv)
    _ = gettext_for(lang)
    args = arguments(argv, _)
    note = far_ahead_note(args.on, dt.date.today(), _)
    if note is not None:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # (no stderr)
            print(note, file=sys.stderr, flush=True)
    try:
        ahead = start(args, _)
        # polars first, so that the thread, its checking done, begins reading at once (it
        # waits for the module while this thread imports it; the rest of the imports then
        # overlap the reading)
        from . import files  # noqa: F401
        from .cli import Console, run

        code = run(args, lang, ahead, written=_written)
    except (KeyboardInterrupt, Stopped) as stop:  # (a partial result removed by then)
        signum = stop.signum if isinstance(stop, Stopped) else signal.SIGINT
        with contextlib.suppress(OSError, ValueError, AttributeError):  # (a terminal gone)
            sys.stdout.flush()
            print(_("筛查已停止，没有写出结果文件。"), file=sys.stderr, flush=True)
        os._exit(128 + signum)
    for stream in (sys.stdout, sys.stderr):
        Console(stream).flush()  # None or a broken pipe: nothing more to say there
    os._exit(code)
