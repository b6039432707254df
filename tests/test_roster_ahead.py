"""A CSV roster's reading begun before its mapping is known (:class:`app.roster.opening.Ahead`,
as ``python -m app.cli screen-roster`` starts it before importing the engine): the result's
bytes, counts and reported cells are those of the roster read when asked for, whether the guess
(header row, every column a fact) holds or not; errors are the same, with the same exit status;
the reading begun is the one used when the guess holds; and the CLI's switching off of Python's
garbage collector stays in its own process."""

from __future__ import annotations

import codecs
import gc
import io
import subprocess
import sys
from pathlib import Path

import pytest

from app.engine import Rulebook
from app.i18n import gettext_for
from app.roster import files, opening
from app.roster.bounds import CLI, RosterError
from app.roster.cli import main
from app.roster.opening import Ahead, open_csv
from app.roster.run import screen_file
from tests.conftest import ROOT
from tests.support.hostile import long_line_csv

ON_TEXT = "2025-06-01"
_ = gettext_for("zh-Hans")
SAMPLE = ROOT.parent / "shared" / "samples" / "roster_county_gb18030.csv"

# every header a fact: the guess holds; hostile cells in every way a cell can be hostile
FACTS = ("age,hukou,has_disability_certificate,disability_category,disability_grade,"
         "household_dibao,tekun,orphan_allowance,receives_living_subsidy\n"
         "45,baise,是,physical,1,是,否,否,否\n"
         "130,baise,true,visual,2,true,false,false,\n"
         '"=HYPERLINK(""http://x"")",+1,-1,@a,"a,b","1\n2", 45 ,"",true\n'
         "合计,,,,,,,,\n"
         "070,other_guangxi,1,intellectual,3,0,0,0,1\n"
         "\t45,baise,yes,physical,一级,否,否,否,否\n")
# headers written as ids, but two columns passed through: the guess is wrong, read afresh
EXTRA = ("person_id,name,age,hukou,has_disability_certificate,household_dibao,tekun,"
         "orphan_allowance,note\n"
         '007,"=HYPERLINK(""http://x"")",45,baise,是,是,否,否,"a, ""b"""\n'
         "008,+张三,130,baise,true,true,false,false,-2\n"
         "009,@李四,,baise,,true,false,false,\n")
# a county's list (Chinese headers, names): not read ahead
PASSED = ("序号,姓名,age,hukou,has_disability_certificate,household_dibao,tekun,"
          "orphan_allowance,备注\n"
          '1,=cmd|\' /C calc\'!A0,45,baise,是,是,否,否,"note, with ""quotes"""\n'
          "2,+张三,130,baise,true,true,false,false,-2\n"
          "3,@李四,,baise,,true,false,false,\n")
# title rows above the header, a blank header cell
TITLES = ("某县残疾人名单,,,,\n"
          "制表日期：2025年5月,,,,\n"
          "姓名,age,hukou,has_disability_certificate,\n"
          + "张三,45,baise,是,x\n李四,50,outside_guangxi,否,y\n王五,=1,,,\n" * 3)


def rows(text: str, times: int) -> str:
    """``text``'s data rows repeated ``times`` times under its header (several batches)."""
    head, body = text.split("\n", 1)
    return head + "\n" + body * times


# a row with more cells than the header, below the first rows (which set the roster's width)
LONGER = rows(FACTS, 10) + "1,2,3,4,5,6,7,8,9,10,11\n"


def screened(path: Path, book: Rulebook, ahead: bool, batch_rows: int = 4,
             started: list[bool] | None = None) -> tuple[bytes, object]:
    out = io.BytesIO()
    begun = Ahead(path, CLI, _, count_rows=False, batch_rows=batch_rows) if ahead else None
    if begun is not None and started is not None:  # whether a reading was begun ahead
        started.append(begun.result()._ahead is not None)
    result = screen_file(book, path, "csv", __import__("datetime").date(2025, 6, 1), _,
                         out=out, out_kind="csv", limits=CLI, batch_rows=batch_rows,
                         ahead=begun)
    seen = (result.rows, result.counts, result.unclaimed, result.problems.counts,
            result.problems.first, result.totals, result.fallback)
    return out.getvalue(), seen


@pytest.mark.parametrize("name,text,ahead,right", [
    ("facts", rows(FACTS, 3), True, True), ("extra", rows(EXTRA, 3), True, False),
    ("passed", rows(PASSED, 3), False, False), ("titles", TITLES, False, False)])
def test_same_bytes_as_reading_when_asked(name: str, text: str, ahead: bool, right: bool,
                                          book: Rulebook, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_bytes(text.encode("utf-8"))
    plain = screened(path, book, ahead=False)
    # count the readings polars is asked for: two where a reading begun ahead was dropped
    # (not counting a reading of the rest as text, where a typed column was refused)
    begun: list[int] = []
    frame = files.Opened._csv_frame

    def counted(self: files.Opened, header_index: int, coded: frozenset[int],
                typed: object = None, given: int = 0) -> object:
        if typed is not None:
            begun.append(header_index)
        return frame(self, header_index, coded, typed, given)  # type: ignore[arg-type]

    monkeypatch.setattr(files.Opened, "_csv_frame", counted)
    started: list[bool] = []
    assert screened(path, book, ahead=True, started=started) == plain
    assert started == [ahead]
    assert len(begun) == (2 if ahead and not right else 1), begun
    assert plain[1][0] > 4  # (several batches)


@pytest.mark.parametrize("name,text", [
    ("facts", rows(FACTS, 3)), ("extra", rows(EXTRA, 3)), ("passed", rows(PASSED, 3)),
    ("titles", TITLES)])
@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_file_read_into_memory_screens_as_one_read_from_its_file(
        name: str, text: str, bom: bytes, book: Rulebook, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A CSV of at most opening.READ_WHOLE bytes is read into memory at once, as it is (a
    byte-order mark, as Excel's "CSV UTF-8" writes one, kept: the rows are read from the line
    after the header), and polars reads its rows from there; a larger one from its file. The
    same bytes, counts and reported cells either way, read ahead or not."""
    path = tmp_path / f"{name}.csv"
    path.write_bytes(bom + text.encode("utf-8"))
    assert open_csv(path, CLI, _, False).source == bom + text.encode("utf-8")
    whole = screened(path, book, ahead=True), screened(path, book, ahead=False)
    monkeypatch.setattr(opening, "READ_WHOLE", path.stat().st_size - 1)
    assert open_csv(path, CLI, _, False).source == path
    assert (screened(path, book, ahead=True), screened(path, book, ahead=False)) == whole
    assert whole[0][1][0] > 4  # type: ignore[index]  (several batches)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("name,text", [
    ("facts", rows(FACTS, 3)), ("titles", TITLES),
    ("county", SAMPLE.read_bytes().decode("gb18030").replace("\r\n", "\n"))])
def test_lines_ending_in_a_carriage_return_alone_read_as_line_feeds(
        name: str, text: str, encoding: str, book: Rulebook, tmp_path: Path) -> None:
    """Excel's "CSV (Macintosh)" ends each line, and a quoted cell's line break, with a
    carriage return alone: such a roster screens as the same one with line feeds does (the
    same bytes, counts and reported cells), from a file, read ahead or not, or as bytes (an
    upload). Before, the header was not found and nobody was screened."""
    lf, cr = tmp_path / f"{name}-lf.csv", tmp_path / f"{name}-cr.csv"
    lf.write_bytes(text.encode(encoding))
    cr.write_bytes(text.replace("\n", "\r").encode(encoding))
    assert b"\n" not in cr.read_bytes() and b"\r" not in lf.read_bytes()
    want = screened(lf, book, ahead=False, batch_rows=3)
    assert screened(cr, book, ahead=True, batch_rows=3) == want
    assert screened(cr, book, ahead=False, batch_rows=3) == want
    out = io.BytesIO()
    result = screen_file(book, cr.read_bytes(), "csv", __import__("datetime").date(2025, 6, 1),
                         _, out=out, out_kind="csv", limits=CLI, batch_rows=3)
    assert (out.getvalue(), result.rows, result.counts) == (want[0], *want[1][:2])  # type: ignore[index]
    assert result.rows > 3


def test_carriage_returns_alone_then_pairs_read_as_one_line_feed_each(
        book: Rulebook, tmp_path: Path) -> None:
    """A file whose first line ends in a carriage return alone, and whose later lines end in a
    carriage return and line feed (pasted together), or whose quoted cells hold a line feed:
    every line break is one line feed, so no blank row is made and every person is screened
    (before, a single line feed anywhere left the whole file unconverted)."""
    head, body = rows(FACTS, 3).split("\n", 1)
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes((head + "\r" + body.replace("\n", "\r", 5).replace("\n", "\r\n"))
                      .encode("utf-8"))
    plain = tmp_path / "plain.csv"
    plain.write_bytes(rows(FACTS, 3).encode("utf-8"))
    assert screened(mixed, book, ahead=False, batch_rows=3) == \
        screened(plain, book, ahead=False, batch_rows=3)
    # lines ending in a carriage return alone, a quoted cell's line break a line feed (as Excel
    # keeps one typed in a cell): the cell keeps it, the lines are read as lines
    kept = tmp_path / "kept.csv"
    kept.write_bytes(rows(FACTS, 3).replace("\n", "\r").replace('"1\r2"', '"1\n2"')
                     .encode("utf-8"))
    assert kept.read_bytes().count(b"\n") == 3
    assert screened(kept, book, ahead=False, batch_rows=3) == \
        screened(plain, book, ahead=False, batch_rows=3)


@pytest.mark.parametrize("encoding,told", [("utf-8", "回车符"), ("gb18030", "不是 UTF-8")])
def test_a_roster_too_large_to_convert_says_why(encoding: str, told: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A roster read only once converted (GB18030, or lines ending in a carriage return alone)
    is held in memory to be converted, so above opening.MAX_TRANSCODED it is refused, saying
    which conversion and how to save it instead."""
    path = tmp_path / "big.csv"
    path.write_bytes(rows(FACTS, 3).replace("\n", "\r").encode(encoding))
    monkeypatch.setattr(opening, "MAX_TRANSCODED", path.stat().st_size - 1)
    with pytest.raises(RosterError, match=told):
        open_csv(path, CLI, _, False)
    monkeypatch.setattr(opening, "MAX_TRANSCODED", path.stat().st_size)
    assert open_csv(path, CLI, _, False).head[0][1][0] == "age"


@pytest.mark.parametrize("encoding,marked", [
    ("utf-16", True), ("utf-16-le", True), ("utf-16-be", True), ("utf-16-le", False),
    ("utf-16-be", False), ("utf-32", True)])
@pytest.mark.parametrize("sep", [",", "\t"])
def test_a_utf16_roster_is_read_as_its_text(encoding: str, marked: bool, sep: str,
                                            book: Rulebook, tmp_path: Path) -> None:
    """Excel's and WPS's "Unicode text" (UTF-16 with its byte-order mark, tab-separated, lines
    ending CR LF), saved as .csv: read as the same list in UTF-8 is, ahead or not, by path or as
    the upload's bytes; so is one without its mark (told by its zero bytes), and UTF-32."""
    text = SAMPLE.read_bytes().decode("gb18030").replace(",", sep).replace("\n", "\r\n")
    plain = tmp_path / "plain.csv"
    plain.write_bytes(text.encode("utf-8"))
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    bom = bom if marked else b""
    wide = tmp_path / "wide.csv"
    wide.write_bytes(bom + text.encode(encoding))
    want = screened(plain, book, ahead=False, batch_rows=3)
    assert want[1][0] == 6  # (the sample's six people)
    for ahead in (False, True):
        assert screened(wide, book, ahead=ahead, batch_rows=3) == want
    out = io.BytesIO()
    result = screen_file(book, wide.read_bytes(), "csv", __import__("datetime").date(2025, 6, 1),
                         _, out=out, out_kind="csv", limits=CLI, batch_rows=3)
    assert (out.getvalue(), result.rows) == (want[0], 6)


def test_a_utf16_roster_that_cannot_be_converted_says_why(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes(rows(FACTS, 3).encode("utf-16"))
    monkeypatch.setattr(opening, "MAX_UTF16", path.stat().st_size - 1)
    for source in (path, path.read_bytes()):
        with pytest.raises(RosterError, match="UTF-16.*太大.*CSV UTF-8"):
            open_csv(source, CLI, _, False)
    monkeypatch.setattr(opening, "READ_WHOLE", 10)  # (checked from its start alone)
    with pytest.raises(RosterError, match="UTF-16.*太大"):
        open_csv(path, CLI, _, False)
    monkeypatch.undo()
    path.write_bytes(path.read_bytes()[:-1])  # cut short, in the middle of a character
    with pytest.raises(RosterError, match="UTF-16.*读不出.*CSV UTF-8"):
        open_csv(path, CLI, _, False)
    # a file of nothing but its byte-order mark (and blanks) is empty, whatever its encoding
    for empty in (codecs.BOM_UTF16_LE, codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\r\n \r\n",
                  "\r\n".encode("utf-16"), "\u3000\r\n\u00a0".encode(), "\u200b".encode(),
                  b",,,\r\n,,,\r\n", b"\n" * 70_000):
        path.write_bytes(empty)
        for source in (path, empty):
            with pytest.raises(RosterError, match="名单文件是空的"):
                open_csv(source, CLI, _, False)


def test_county_sample_same_bytes(book: Rulebook, tmp_path: Path) -> None:
    """GB18030 (transcoded in memory), title rows, Chinese headers and labels."""
    path = tmp_path / "county.csv"
    path.write_bytes(SAMPLE.read_bytes())
    assert screened(path, book, ahead=True, batch_rows=3) == \
        screened(path, book, ahead=False, batch_rows=3)


def test_errors_are_raised_where_the_roster_is_asked_for(book: Rulebook, tmp_path: Path) -> None:
    missing = Ahead(tmp_path / "none.csv", CLI, _, count_rows=False, batch_rows=4)
    with pytest.raises(FileNotFoundError):
        missing.result()
    longer = tmp_path / "longer.csv"  # a row with more cells than the header, found by polars
    longer.write_text(LONGER, "utf-8")
    messages = []
    for ahead in (False, True):
        with pytest.raises(RosterError) as caught:
            screened(longer, book, ahead=ahead, batch_rows=100)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "第 62 行有 11 格" in messages[0]


def cli(args: list[str]) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "app.cli", "screen-roster", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize("case", ["missing", "empty", "longer", "long line", "directory",
                                  "unknown program", "bad date"])
def test_command_errors_as_without_reading_ahead(case: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The command (which reads ahead) says the same, with the same exit status, as
    :func:`main` (which does not)."""
    src = tmp_path / "roster.csv"
    extra: list[str] = []
    if case == "empty":
        src.write_bytes(b"")
    elif case == "longer":
        src.write_text(LONGER, "utf-8")
    elif case == "long line":
        src.write_bytes(long_line_csv())
    elif case == "directory":
        src.mkdir()
    elif case == "unknown program":  # said before the missing file
        extra = ["--programs", "nope"]
    elif case == "bad date":
        src.write_text(FACTS, "utf-8")
    on = "2025-13-01" if case == "bad date" else ON_TEXT
    args = [str(src), "--on", on, "--out", str(tmp_path / "out.csv"), *extra]
    code = main(args)
    expected = capsys.readouterr().err
    assert (code, expected) == cli(args)
    assert code != 0 and expected and "Traceback" not in expected


def test_library_use_leaves_the_garbage_collector_on(tmp_path: Path) -> None:
    src = tmp_path / "roster.csv"
    src.write_text(FACTS, "utf-8")
    assert gc.isenabled()
    assert main([str(src), "--on", ON_TEXT, "--out", str(tmp_path / "out.csv")]) == 0
    assert gc.isenabled()


@pytest.mark.parametrize("text", [
    "", "a", "a\n", "a,b\nc,d\n", "a\r\nb\r\n", "a\rb\r", "\n\n", "a\nb",
    "x\u2028y\x0cz\n\"q\nr\"\n", "\ufeff名单\r\n姓名,年龄\n张三,70", "\ufeff\ufeff\n\ufeffa\n",
])
@pytest.mark.parametrize("cut", [0, 1, 2])
def test_head_lines_are_those_a_stringio_gives(text: str, cut: int) -> None:
    # the header rows are read from the file's start line by line as io.StringIO would split
    # the start decoded (at line feeds only, its byte-order mark left out, a character cut at
    # the end or a byte not UTF-8 left out), without decoding or copying the whole start
    start = (text.encode() + b"\xff\n\xe5\xbc\xa0")[:len(text.encode()) + 5 - cut]
    expected = start.decode("utf-8", errors="ignore").lstrip("\ufeff")
    assert list(opening._lines(start)) == list(io.StringIO(expected))
