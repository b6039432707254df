"""The ``--columns MAP.yaml`` file (``app.roster.run.read_columns_file``, ``check_targets``):
read as a clerk saves it (UTF-8 or GBK, with or without a byte-order mark, a colon without its
blank), bounded, and each way it can be wrong said so in words a clerk acts on (the fortieth
tester's: "无法读取列对应文件 …：ParserError", a duplicated header's first line silently
dropped, the facts known listed as ids)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from app.engine import Rulebook
from app.i18n import gettext_for
from app.roster.bounds import Limits, RosterError
from app.roster.bulk import status_col
from app.roster.cli import main
from app.roster.headers import ADDRESS, DEATH_AS, DEATH_HEADERS, Names
from app.roster.run import check_targets, known_targets, named_targets, read_columns_file

_ = gettext_for("zh-Hans")
MAP = "户口所在地: 户籍地址\n是否长期照护: 是否需要长期照护\n备注:\n"
READ = {"户口所在地": "户籍地址", "是否长期照护": "是否需要长期照护", "备注": None}


def columns_file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "map.yaml"
    path.write_bytes(data)
    return path


def refused(path: Path, limits: Limits | None = None) -> str:
    """The message :func:`read_columns_file` refuses ``path`` with."""
    with pytest.raises(RosterError) as exc:
        if limits is None:
            read_columns_file(path, _)
        else:
            read_columns_file(path, _, limits)
    return str(exc.value)


@pytest.mark.parametrize("data", [
    pytest.param(MAP.encode(), id="utf-8"),
    pytest.param(MAP.encode("utf-8-sig"), id="utf-8-bom"),
    # as Notepad saves text on Chinese Windows (the fortieth tester's: UnicodeDecodeError)
    pytest.param(MAP.encode("gbk"), id="gbk"),
    pytest.param(MAP.replace("\n", "\r\n").encode("gb18030"), id="gb18030-crlf"),
    pytest.param(MAP.encode("utf-16"), id="utf-16"),
    # a colon typed full-width, or with no blank after it
    pytest.param(MAP.replace(": ", "：").encode(), id="full-width-colon"),
    pytest.param(MAP.replace(": ", ":").encode("gbk"), id="colon-without-blank"),
    # a tab after the colon, as a clerk's editor may insert one (the forty-fourth tester's:
    # refused as unreadable), or at the line's end
    pytest.param(MAP.replace(": ", ":\t").encode(), id="tab-after-colon"),
    pytest.param(MAP.replace(": ", "：\t").encode(), id="tab-after-full-width-colon"),
    pytest.param(MAP.replace(": ", ": \t").replace("\n", "\t\n").encode(), id="tabs")])
def test_a_columns_file_is_read_as_a_clerk_saves_it(tmp_path: Path, data: bytes) -> None:
    assert read_columns_file(columns_file(tmp_path, data), _) == READ


def test_a_columns_file_with_a_byte_order_mark_maps_its_first_header(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The mark is no part of the first header (the fortieth tester's cols_bom.yaml)."""
    src, out = tmp_path / "list.csv", tmp_path / "out.csv"
    src.write_text("姓名,户口所在地,低保\n甲,百色市右江区,是\n", "utf-8")
    path = columns_file(tmp_path, "户口所在地: 户籍地址\n".encode("utf-8-sig"))
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy", "--columns", str(path)]) == 0
    said = capsys.readouterr().out
    assert "B 户口所在地 → 户籍地址" in said and "没有用上" not in said


def test_a_columns_file_not_found_says_to_check_the_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "没有.yaml"
    assert refused(missing) == (f"找不到列对应文件：{missing}。请检查 --columns 后面写的文件名和"
                                "所在的文件夹对不对。")
    assert "找不到列对应文件" in refused(tmp_path)  # (a folder)
    src = tmp_path / "list.csv"
    src.write_text("姓名,低保\n甲,是\n", "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(tmp_path / "out.csv"),
                 "--columns", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "找不到列对应文件" in err and "Error" not in err


@pytest.mark.parametrize("data", [
    pytest.param(b"\x00\x01\xff", id="binary"),  # (the fortieth tester's cols_bin.yaml)
    pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", id="a-picture"),
    pytest.param("户籍: hukou\n\x00\x00\n".encode(), id="nul-in-utf-8")])
def test_a_columns_file_that_is_no_text_is_named_so(tmp_path: Path, data: bytes) -> None:
    path = columns_file(tmp_path, data)
    assert refused(path).startswith(f"列对应文件 {path} 不是文本文件，读不出文字")


def test_a_columns_file_is_bounded_and_not_read_whole(tmp_path: Path) -> None:
    """Larger than a roster's line may be (bounds.Limits.max_line_bytes): refused, having read
    no more than that (/dev/zero never ends)."""
    small = Limits(max_line_bytes=1024)
    path = columns_file(tmp_path, "户籍: hukou\n".encode() * 100)
    assert refused(path, small) == (f"列对应文件 {path} 超过 1 KB，不像列对应文件（每行只写一个"
                                    "“列名: 事实名”），没有读取。请检查 --columns 后面写的文件名"
                                    "对不对。")
    assert read_columns_file(path, _) == {"户籍": "hukou"}  # (the CLI's bound: 1 MB)
    if Path("/dev/zero").exists():
        assert "超过 1024 KB" in refused(Path("/dev/zero"))


@pytest.mark.parametrize(("text", "line", "shown"), [
    # the fortieth tester's cols_junk.yaml: where the unclosed bracket begins
    pytest.param("- a\n- b: [1,2\n", 2, "- b: [1,2", id="unclosed-bracket"),
    pytest.param("户籍: 户籍地址\n低保 是否低保户\n特困: tekun\n", 2, "低保 是否低保户",
                 id="no-colon-between"),
    pytest.param("户籍: 户籍地址\n低保 是否低保户\n", 2, "低保 是否低保户", id="no-colon-last"),
    # (YAML folds an indented line without its colon into the value above, 户籍地址 低保
    # 是否低保户, or a quoted value's next line into it)
    pytest.param("户籍: 户籍地址\n  低保 是否低保户\n", 2, "低保 是否低保户", id="folded-line"),
    pytest.param('户籍: "户籍地址\n  低保"\n', 1, '户籍: "户籍地址', id="folded-quote"),
    pytest.param('户籍: "户籍地址\n低保: 是否低保户\n', 1, '户籍: "户籍地址', id="unclosed-quote"),
    pytest.param("户籍: 户籍地址\n低保: [是, 否]\n", 2, "低保: [是, 否]", id="a-list"),
    pytest.param("低保 是否低保户\n", 1, "低保 是否低保户", id="one-line-no-colon"),
    pytest.param("- 户籍\n- 低保\n", 1, "- 户籍", id="a-list-of-headers"),
    pytest.param("户籍: hukou\n~: 低保\n", 2, "~: 低保", id="no-header"),
    pytest.param("户籍: a: b\n", 1, "户籍: a: b", id="two-colons"),
    # the fortieth tester's cols_big.yaml (a "billion laughs"): refused at its first line,
    # its lists never built
    pytest.param("a: &a [1,2,3]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n", 1, "a: &a [1,2,3]",
                 id="aliases")])
def test_a_columns_file_that_does_not_parse_names_the_line(
        tmp_path: Path, text: str, line: int, shown: str) -> None:
    path = columns_file(tmp_path, text.encode())
    assert refused(path) == (f"列对应文件 {path} 第 {line} 行“{shown}”读不出来。每行应当写一个"
                             "“列名: 事实名”，例如“困难标识: 是否低保户”；冒号后面空着的，那一列"
                             "原样保留、不读。")


def test_a_columns_file_of_comments_only_says_how_a_line_is_written(tmp_path: Path) -> None:
    path = columns_file(tmp_path, "# 列对应\n\n".encode())
    assert refused(path) == f"列对应文件 {path} 应当每行写“列名: 事实名”。"


@pytest.mark.parametrize(("text", "header", "first", "second"), [
    # the fortieth tester's cols_dup.yaml: YAML keeps the last line, silently
    pytest.param("户口所在地: 户籍地址\n户口所在地: hukou\n", "户口所在地", "第 1 行对应“户籍地址”",
                 "第 2 行对应“hukou”", id="two-targets"),
    # one header as the roster's are compared (headers.norm): blanks, full-width letters
    pytest.param("户籍 地址: address\n低保: household_dibao\n户籍地址: hukou\n", "户籍 地址",
                 "第 1 行对应“address”", "第 3 行对应“hukou”", id="one-header-written-twice"),
    pytest.param("备注:\n备注: hukou\n", "备注", "第 1 行空着（原样保留、不读）",
                 "第 2 行对应“hukou”", id="passed-and-mapped")])
def test_a_header_given_twice_is_refused_naming_both_targets(
        tmp_path: Path, text: str, header: str, first: str, second: str) -> None:
    path = columns_file(tmp_path, text.encode())
    assert refused(path) == (f"列对应文件 {path} 里，列名“{header}”写了两次：{first}，{second}。"
                             "一个列名只能对应一项，请删去不对的那一行。")


def test_a_header_given_twice_the_same_is_read(tmp_path: Path) -> None:
    path = columns_file(tmp_path, "户籍: hukou\n低保: household_dibao\n户籍: hukou\n".encode())
    assert read_columns_file(path, _) == {"户籍": "hukou", "低保": "household_dibao"}


def test_a_tab_in_quotes_is_kept(tmp_path: Path) -> None:
    assert read_columns_file(columns_file(tmp_path, '"户\t籍":\t"a\tb"\n'.encode()), _) == {
        "户\t籍": "a\tb"}


def test_values_are_read_as_written_not_as_yaml_types(tmp_path: Path) -> None:
    # (YAML would read 2024 as a number and yes as true: the file was refused as a whole)
    path = columns_file(tmp_path, "2024: 年龄\n是否: yes\n备注: ~\n".encode())
    assert read_columns_file(path, _) == {"2024": "年龄", "是否": "yes", "备注": None}


def test_an_unknown_target_lists_the_known_as_a_clerk_reads_them(book: Rulebook) -> None:
    """Each target a columns file may name, by the name a list heads its column with and its
    id in brackets (the fortieth tester's: a hundred ids, household_dibao_edge …); each one
    as listed is read back as its target."""
    with pytest.raises(RosterError) as exc:
        check_targets(book, {"困难标识": "not_a_fact"}, _)
    message = str(exc.value)
    assert message.startswith("没有这些事实：not_a_fact。认得的有：身份证号（id_number）、")
    for shown in ("户籍地址（address）", "是否低保户（household_dibao）",
                  "已享受“困难残疾人生活补贴”（receives_living_subsidy）"):
        assert f"{shown}、" in message or f"{shown}。" in message
    known = message.split("认得的有：", 1)[1]
    assert not re.search(r"(?:^|、)[a-z_]+(?:、|。)", known)  # (no id alone)
    names = Names.of(book)
    shown = known_targets(book, names, _)
    assert len(shown) == len(names.targets) + len(DEATH_HEADERS)  # (and a death's columns)
    assert named_targets(book, {s: s for s in shown}) == dict(
        zip(shown, [*names.targets, *(DEATH_AS + h for h in DEATH_HEADERS)], strict=True))


def test_a_columns_file_maps_a_roster_end_to_end(tmp_path: Path, book: Rulebook) -> None:
    """A GBK file, the way Notepad on Chinese Windows saves it, through the command."""
    src, out = tmp_path / "list.csv", tmp_path / "out.csv"
    src.write_text("姓名,户口,残疾人证号,困难标识,特困,孤儿基本生活费\n"
                   "甲,百色市右江区,45263019710308201X41,是,否,否\n", "utf-8")
    path = columns_file(tmp_path, "户口: 户籍地址\n困难标识: 是否低保户\n".encode("gbk"))
    assert read_columns_file(path, _) == {"户口": "户籍地址", "困难标识": "是否低保户"}
    assert named_targets(book, read_columns_file(path, _))["户口"] == ADDRESS
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy", "--columns", str(path)]) == 0
    frame = pl.read_csv(out, infer_schema=False)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible"]


@pytest.mark.parametrize(("written", "header"), [
    ("住址", "住址（村）"), ("住址（村）", "住址"), ("住址(村)", "住址（村）")])
def test_a_columns_file_names_a_header_without_its_note_in_brackets(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, header: str) -> None:
    """The fifty-third tester's map1.yaml: 公民身份证号码 for the header 公民身份证号码（18位）,
    not used; headers are recognised without such a note, and so is a columns file's."""
    src, out = tmp_path / "list.csv", tmp_path / "out.csv"
    src.write_text(f"姓名,{header},低保\n甲,百色市右江区,是\n", "utf-8")
    path = columns_file(tmp_path, f"{written}: 户籍地址\n".encode())
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy", "--columns", str(path)]) == 0
    said = capsys.readouterr().out
    assert re.search(rf"B {re.escape(header)} → 户籍地址.*\(按 --columns 文件\)", said)
    assert "没有用上" not in said
