"""A 户籍 column that holds addresses, and an address column that holds hukou's choices (issue 15,
point 2): county lists write the whole household address under 户籍 (百色市右江区龙景街道), or
本市 under 户籍所在地, or both kinds in one column. Each cell is read as it is written, wherever
it stands in the list, not refused on every row; what names no place is said, never replaced
silently by where the card was issued."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.engine import Rulebook
from app.roster.bounds import CLI
from app.roster.bulk import ERRORS, status_col
from app.roster.cli import how_text, main
from app.roster.derive import Deriver, place_column, places
from app.roster.files import col
from app.roster.headers import ADDRESS, BY_ALIAS, BY_MAP, ColumnMap, Names, find_mapping
from app.roster.run import named_targets, screen_file
from tests.support.typed_values import with_check_digit

ON = dt.date(2025, 6, 1)
YOUJIANG_ID = with_check_digit("45100219800101001")  # issued in 右江区
NANNING_ID = with_check_digit("45010319850101001")  # issued in 南宁
OTHER_ID = with_check_digit("45010319900101001")  # another, issued in 南宁
CHOICES = "百色市、广西其他市、广西以外"
NO_PLACE = f"看不出户籍在哪个省、市、县：请写户籍地址（如 百色市右江区……），或写 {CHOICES} 之一。"


def same(s: str) -> str:
    return s


def mapping_of(book: Rulebook, rows: list[list[str]],
               overrides: dict[str, str | None] | None = None) -> ColumnMap:
    head = [(k, list[object](r)) for k, r in enumerate(rows, start=1)]
    return find_mapping(head, Names.of(book), same, overrides)


def derived(book: Rulebook, rows: list[list[str]]
            ) -> tuple[dict[str, list[Any]], list[tuple[list[int], list[str]]]]:
    """(hukou and county per data row, the rows' errors) as the screener derives them."""
    mapping = mapping_of(book, rows)
    width = len(rows[0])
    raw = pl.DataFrame({col(i): [r[i] for r in rows[1:]] for i in range(width)},
                       schema={col(i): pl.String for i in range(width)})
    facts, errors = Deriver(book, mapping, ON, "zh-Hans").apply(raw, [])
    got = {p.name: p.value.to_list() for p in facts if p.name in ("hukou", "county")}
    return got, [(p.bad_rows, p.bad_texts) for p in errors]


def test_a_hukou_column_reads_each_cell_as_a_place_or_a_choice(book: Rulebook) -> None:
    """户籍 over addresses and 本市 alike, in any order: forty 本市 first, then addresses (the
    thirtieth tester's: the first rows decided the whole column, and every address after
    them was refused), each read as what it is; the mapping says so."""
    rows = [["姓名", "户籍", "低保"], *[[f"人{k}", "本市", "是"] for k in range(40)],
            ["甲", "百色市右江区龙景街道", "是"], ["乙", "广西南宁市青秀区", "否"],
            ["丙", "田阳区那坡镇", "是"], ["丁", "广东省广州市天河区", "否"], ["戊", "", "是"]]
    column = mapping_of(book, rows).columns[1]
    assert (column.target, column.how, place_column(column)) == ("hukou", BY_ALIAS, True)
    assert how_text(column, same) == ("按别名；写地址的，按地址读出户籍和县；"
                                      "写“本市”“外省”这样的，按户籍读")
    got, errors = derived(book, rows)
    assert got["hukou"] == ["baise"] * 40 + ["baise", "other_guangxi", "baise",
                                             "outside_guangxi", None]
    assert got["county"] == [None] * 40 + ["youjiang", None, "tianyang", None, None]
    assert errors == []


def test_a_column_the_clerk_maps_to_hukou_reads_addresses_too(book: Rulebook) -> None:
    """``--columns`` (or the admin) saying 户籍 is hukou reads it as a 户籍 column named so is
    read (the thirtieth testers': its addresses were refused, and the card's Baise county
    stood in, as 可以申请); a machine's ``hukou`` column is read by the codec, and a cell it
    refuses stays unknown, not taken from the card."""
    rows = [["姓名", "身份证号", "户籍"], ["甲", YOUJIANG_ID, "广东省广州市"],
            ["乙", YOUJIANG_ID, "百色市田阳区"]]
    mapping = mapping_of(book, rows, {"户籍": "hukou"})
    assert (mapping.columns[2].how, place_column(mapping.columns[2])) == (BY_MAP, True)
    assert how_text(mapping.columns[2], same).startswith("按 --columns 文件；写地址的")
    got, errors = derived(book, rows)
    assert got == {"hukou": ["outside_guangxi", "baise"], "county": [None, "tianyang"]}
    machine = mapping_of(book, [["hukou", "age"], ["baise", "30"]]).columns[0]
    assert machine.target == "hukou" and not place_column(machine)
    out = io.BytesIO()
    screen_file(book, f"身份证号,hukou,残疾人证号,低保,特困,孤儿基本生活费\n{YOUJIANG_ID},"
                f"广东省广州市,{YOUJIANG_ID}41,是,否,否\n".encode(), "csv", ON, same, out=out,
                out_kind="csv", limits=CLI, programs=["living_subsidy"])
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame[status_col("living_subsidy")].to_list() == ["undetermined"]
    assert "hukou" in frame[ERRORS][0]


def test_an_address_and_a_hukou_column_together(book: Rulebook) -> None:
    """Both read: where they agree, or one is blank, the one that gives it; where they give
    another hukou or another county, both unknown and the error names both columns (the
    thirtieth testers': every address under 户籍 refused beside a 户籍地址 column; 右江区
    against 田东县 not named)."""
    rows = [["姓名", "身份证号", "户籍", "户籍地址"],
            ["甲", NANNING_ID, "百色市右江区", "百色市右江区龙景街道"],
            ["乙", NANNING_ID, "百色市右江区", ""],
            ["丙", NANNING_ID, "", "田东县平马镇"],
            ["丁", NANNING_ID, "外省", "百色市右江区"],
            ["戊", NANNING_ID, "百色市右江区", "田东县平马镇"],
            ["己", NANNING_ID, "本市", "田东县平马镇"]]
    got, errors = derived(book, rows)
    assert got["hukou"] == ["baise", "baise", "baise", None, "baise", "baise"]
    assert got["county"] == ["youjiang", "youjiang", "tiandong", None, None, "tiandong"]
    assert errors == [([3, 4], ["户籍: 这一列是“广西以外”，“户籍地址”列的是“百色市”，两者不一致。",
                                "户籍: 这一列是“右江区”，“户籍地址”列的是“田东县”，两者不一致。"])]


def test_two_hukou_columns_are_both_read(book: Rulebook) -> None:
    """户口 over 农业 and 户籍 over addresses (the thirtieth testers': refused as one column
    twice): both read, the household's type saying nothing of where."""
    rows = [["姓名", "身份证号", "户口", "户籍"], ["甲", NANNING_ID, "农业", "广东省广州市"],
            ["乙", YOUJIANG_ID, "非农业", ""]]
    assert [c.target for c in mapping_of(book, rows).columns] == [None, "id_number", "hukou",
                                                                  "hukou"]
    got, errors = derived(book, rows)
    assert got == {"hukou": ["outside_guangxi", "baise"], "county": [None, "youjiang"]}
    assert errors == []


def test_an_address_column_reads_hukous_choices(book: Rulebook) -> None:
    """本市, 外省 under 户籍所在地: hukou as the choice says; the county where the card was issued
    where it is the place the choice names (本市, 百色市 with a card from 右江区), else
    unknown; the list's 外省 beats the card's 百色."""
    rows = [["姓名", "身份证号", "户籍所在地"], ["甲", YOUJIANG_ID, "本市"],
            ["乙", YOUJIANG_ID, "外省"], ["丙", NANNING_ID, "本市"], ["丁", "", "区内其他市"],
            ["戊", YOUJIANG_ID, "百色市"], ["己", YOUJIANG_ID, "省外户籍"]]
    got, errors = derived(book, rows)
    assert got["hukou"] == ["baise", "outside_guangxi", "baise", "other_guangxi", "baise",
                            "outside_guangxi"]
    assert got["county"] == ["youjiang", None, None, None, "youjiang", None]
    assert errors == []


WHY = {"none": "看不出户籍在哪个省、市、县：请写户籍地址",
       "moved": "写了迁移、否定或“外地”一类的话，看不出户籍在哪里",
       "two": "写了不止一个地方，看不出户籍是哪一个",
       "county": "写的县（市、区）不是百色的，也看不出在哪个省",
       "ditto": "“同上”一类的记号看不出户籍在哪里",
       "guangxi": "只写了广西，看不出是不是百色的"}


@pytest.mark.parametrize(("cell", "why"), [
    ("不详", "none"), ("田东县（不详）", "none"), ("同上", "ditto"),
    # Guangxi alone, said so (the thirty-seventh tester's 广西区内, 区内 and 本省: said to be
    # another county's, or nowhere)
    ("广西", "guangxi"), ("广西区内", "guangxi"), ("区内", "guangxi"), ("本省", "guangxi"),
    ("省内", "guangxi"), ("广西壮族自治区", "guangxi"),
    ("〃", "ditto"),
    ("外地", "moved"), ("外市", "moved"), ("县外", "moved"), ("非百色", "moved"),
    ("非百色户籍", "moved"), ("百色以外", "moved"), ("不是百色", "moved"), ("百色市以外", "moved"),
    ("外省（百色市务工）", "moved"), ("本市（户口已迁广东）", "moved"),
    ("百色市户籍已迁往广东省", "moved"), ("已迁出百色市", "moved"), ("原百色市现广东省", "moved"),
    ("户籍在广东，住百色市右江区", "moved"), ("住百色，户口在外省", "moved"),
    ("百色市外省", "moved"),
    ("百色市外", "moved"), ("外乡", "moved"), ("外村", "moved"), ("乡外", "moved"),
    ("外乡户口", "moved"), ("伊春市西林区", "county"), ("兴义市桔山街道", "county"),
    ("富宁县新华镇", "county"), ("南山区粤海街道", "county"), ("文山州富宁县剥隘镇", "county"),
    ("百色市右江区（户口在广东）", "two"), ("田东县/广东省", "two"), ("那坡县→广东省", "two"),
    ("田东县、广东省", "two"), ("广东省/田东县", "two")])
def test_a_cell_that_names_no_place_is_said_not_taken_from_the_card(book: Rulebook, cell: str,
                                                                   why: str) -> None:
    """不详, 外地, 非百色, a move, two places, another county's town, a ditto mark: no place,
    and not the county the card was issued in (the thirtieth to thirty-second testers': read as
    百色市 or as the first place, without a word), each said so with why (the thirty-third
    tester's: one message for all)."""
    rows = [["姓名", "身份证号", "户籍"], ["甲", YOUJIANG_ID, cell]]
    got, errors = derived(book, rows)
    assert got["hukou"] == [None]
    assert errors[0][0] == [0] and errors[0][1][0].startswith(f"户籍: {WHY[why]}"), errors



@pytest.mark.parametrize("cell", ["八达镇那岩村", "那坡镇那马村", "龙景街道向阳路12号",
                                  "第三村民小组",
                                  # a town named 州, no county (the thirty-seventh tester's:
                                  # said to be another county's): 田阳's, 隆林's, 靖西's seats
                                  "田州镇东江村", "新州镇", "旧州镇旧州街"])
def test_a_villages_address_takes_the_cards_baise_county(book: Rulebook, cell: str) -> None:
    rows = [["姓名", "身份证号", "户籍"], ["甲", YOUJIANG_ID, cell], ["乙", NANNING_ID, cell]]
    got, errors = derived(book, rows)
    assert got == {"hukou": ["baise", None], "county": ["youjiang", None]}
    assert errors == [([1], [f"户籍: {NO_PLACE}"])]


@pytest.mark.parametrize(("address", "place"), [
    ("伊春市西林区", None), ("那坡镇", None), ("那坡镇那马村", None), ("百色路15号", None),
    ("西林县古障镇", ("baise", "xilin")), ("那坡县城厢镇", ("baise", "napo")),
    ("田阳区那坡镇", ("baise", "tianyang")), ("百色市那坡县", ("baise", "napo")),
    ("德保都安乡", ("baise", "debao")), ("非百色", None), ("南宁市以外", None),
    # 外 after a county's kind is no denial where a street or a school goes on (外环路: read as
    # "outside the county", the thirtieth tester's)
    ("田东县外环路12号", ("baise", "tiandong")), ("右江区外贸小区", ("baise", "youjiang")),
    ("百色市外国语学校", ("baise", None)), ("田东县外", None),
    # after 广西, another city of Guangxi needs no 市 (the thirty-seventh tester's 广西柳州:
    # said to be another county's); but a street named after one is none
    ("广西柳州", ("other_guangxi", None)), ("广西壮族自治区河池市", ("other_guangxi", None)),
    ("广西南宁路", None), ("柳州路", None),
])
def test_a_countys_short_name_before_a_town_is_the_towns(book: Rulebook, address: str,
                                                        place: tuple[str, str] | None) -> None:
    """那坡 before 镇 is 那坡镇 (a town of 田阳区), 西林 before 区 is 伊春市西林区, 百色 before 路 a
    street: no county of Baise (the thirtieth tester's, read as those counties)."""
    assert places(book).place(address) == place


def test_a_household_type_says_nothing_of_where(book: Rulebook) -> None:
    """户籍 (or 户口, 户籍类别) over 农业 and 非农业 is the household's type, not where it is
    registered: the card's Baise county stands in, as for a blank cell; where none does, the
    row says what the cell holds (the thirtieth testers': every row refused as "not one of
    the choices"; then, decided by the first rows, a whole column dropped and its 外省 read
    as 百色市). Cell by cell: an address or 外省 among them is read as such."""
    rows = [["姓名", "身份证号", "户籍类别"], *[[f"人{k}", YOUJIANG_ID, "农业"] for k in range(20)],
            ["甲", YOUJIANG_ID, "外省"], ["乙", YOUJIANG_ID, "广东省广州市"],
            ["丙", NANNING_ID, "非农业"]]
    got, errors = derived(book, rows)
    assert got["hukou"] == ["baise"] * 20 + ["outside_guangxi", "outside_guangxi", None]
    assert errors == [([22], ["户籍类别: 写的是户口类型（农业、非农业），看不出户籍在哪里："
                              f"请写户籍地址（如 百色市右江区……），或写 {CHOICES} 之一。"])]


@pytest.mark.parametrize("header", ["户籍住址", "户口簿地址", "户籍所在地址", "户籍详细地址",
                                    "户籍所在乡镇", "户籍所属", "户口登记地", "户口本住址",
                                    "户籍所在县", "户籍地所在县"])
def test_more_headers_of_the_household_address(book: Rulebook, header: str) -> None:
    assert Names.of(book).find(header) == (ADDRESS, "identity")


def test_a_columns_file_may_name_the_target_as_the_mapping_shows_it(book: Rulebook) -> None:
    assert named_targets(book, {"户籍": "户籍地址", "类别": "disability_category", "备注": None,
                                "甲": "不认识的名字"}) == {
        "户籍": ADDRESS, "类别": "disability_category", "备注": None, "甲": "不认识的名字"}
    # as the mapping prints a receives column, whole or without its id, and in quotes
    assert named_targets(book, {
        "a": "已享受“困难残疾人生活补贴”（receives_living_subsidy）",
        "b": "已享受“困难残疾人生活补贴”", "c": "“低保”"}) == {
        "a": "receives_living_subsidy", "b": "receives_living_subsidy", "c": "household_dibao"}


def test_a_county_list_with_addresses_under_hukou_screens_end_to_end(book: Rulebook) -> None:
    """The whole path (a CSV through :func:`screen_file`): the living subsidy, which asks for a
    Baise hukou, is decided for the Baise address, refused for another province's, and no
    cell is reported."""
    rows = [["姓名", "户籍", "残疾人证号", "低保", "特困", "孤儿基本生活费"],
            ["甲", "百色市右江区龙景街道", YOUJIANG_ID + "41", "是", "否", "否"],
            ["乙", "广东省广州市天河区", NANNING_ID + "41", "是", "否", "否"]]
    out = io.BytesIO()
    screen_file(book, ("\n".join(",".join(r) for r in rows) + "\n").encode(), "csv", ON, same,
                out=out, out_kind="csv", limits=CLI, programs=["living_subsidy"])
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible", "not_eligible"]
    assert frame[ERRORS].to_list() == [None, None]


def test_every_sheet_reads_its_own_cells(book: Rulebook, tmp_path: Path) -> None:
    """A workbook whose first sheet holds 本市 and 外省 under 户籍 and the others addresses
    (the thirtieth tester's: the first sheet decided, and the other sheets' addresses were
    refused): every cell read."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    first.title = "城区"  # type: ignore[union-attr]
    first.append(["姓名", "户籍", "残疾人证号", "低保", "特困", "孤儿基本生活费"])  # type: ignore[union-attr]
    first.append(["甲", "本市", YOUJIANG_ID + "41", "是", "否", "否"])  # type: ignore[union-attr]
    second = wb.create_sheet("田阳区")
    second.append(["姓名", "户籍", "残疾人证号", "低保", "特困", "孤儿基本生活费"])
    second.append(["乙", "百色市田阳区那坡镇", NANNING_ID + "41", "是", "否", "否"])
    second.append(["丙", "广东省广州市", OTHER_ID + "41", "是", "否", "否"])
    src, out = tmp_path / "list.xlsx", tmp_path / "out.csv"
    wb.save(src)
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy"]) == 0
    frame = pl.read_csv(out, infer_schema=False)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible", "eligible",
                                                             "not_eligible"]
    assert frame[ERRORS].to_list() == [None, None, None]


def test_the_command_reads_household_types_and_a_named_target(
        book: Rulebook, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Through the command: a 户口 column of 农业 and 非农业, hukou coming from the ID number
    where it was issued in Baise, else said; and a columns file naming its target as the
    mapping shows it (``户口: 户籍地址``) is obeyed."""
    src, out = tmp_path / "list.csv", tmp_path / "out.csv"
    src.write_text("姓名,身份证号,户口,残疾人证号,低保,特困,孤儿基本生活费\n"
                   f"甲,{YOUJIANG_ID},农业,{YOUJIANG_ID}41,是,否,否\n"
                   f"乙,{OTHER_ID},非农业,{OTHER_ID}41,是,否,否\n", "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy"]) == 0
    frame = pl.read_csv(out, infer_schema=False)
    assert frame[status_col("living_subsidy")].to_list() == ["eligible", "undetermined"]
    assert frame[ERRORS][0] is None and "户口类型" in frame[ERRORS][1]
    columns = tmp_path / "map.yaml"
    columns.write_text("户口: 户籍地址\n", "utf-8")
    src.write_text("姓名,户口,残疾人证号,低保,特困,孤儿基本生活费\n"
                   f"甲,百色市右江区,{YOUJIANG_ID}41,是,否,否\n", "utf-8")
    capsys.readouterr()
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy", "--columns", str(columns)]) == 0
    assert "户口 → 户籍地址 → 户籍、县（市、区）" in capsys.readouterr().out


@pytest.mark.parametrize(("cell", "hukou", "county"), [
    ("百色市右江区南宁路", "baise", "youjiang"), ("龙景街道向阳社区", "baise", "youjiang"),
    ("本县八达镇", "baise", "youjiang"), ("本县", "baise", "youjiang"),
    ("本地", "baise", "youjiang"), ("县内", "baise", "youjiang"), ("集体户口", "baise", "youjiang"),
    ("家庭户", "baise", "youjiang")])
def test_local_words_take_the_cards_county(book: Rulebook, cell: str, hukou: str,
                                           county: str) -> None:
    """A street named after a city, a 社区, 本县 and 本地, and household types (集体户口): the
    card's Baise county (the thirty-second tester's 本县, 集体户口: undetermined)."""
    got, errors = derived(book, [["姓名", "身份证号", "户籍"], ["甲", YOUJIANG_ID, cell]])
    assert got == {"hukou": [hukou], "county": [county]} and errors == []


def test_another_county_of_one_hukou_keeps_the_hukou(book: Rulebook) -> None:
    """Two columns naming two Baise counties: the county unknown and said, the hukou (which
    decides the living subsidy) kept (the thirty-second tester's: both unknown)."""
    rows = [["姓名", "身份证号", "户籍", "户籍地址"], ["甲", NANNING_ID, "田东县", "德保县城关镇"]]
    got, errors = derived(book, rows)
    assert got == {"hukou": ["baise"], "county": [None]}
    assert errors == [([0], ["户籍: 这一列是“田东县”，“户籍地址”列的是“德保县”，两者不一致。"])]


def test_two_address_columns_are_read_together(book: Rulebook) -> None:
    rows = [["姓名", "户籍地址", "户口所在地"], ["甲", "百色市右江区", ""], ["乙", "", "田东县"],
            ["丙", "百色市右江区", "广东省广州市"]]
    assert [c.target for c in mapping_of(book, rows).columns] == [None, ADDRESS, ADDRESS]
    got, errors = derived(book, rows)
    assert got == {"hukou": ["baise", "baise", None], "county": ["youjiang", "tiandong", None]}
    assert errors[0][0] == [2]


@pytest.mark.parametrize("header", ["户籍性质", "户口性质", "户籍类型", "户口类型", "户籍区域",
                                    "户籍归属", "户籍属地", "户口所属", "户籍省份", "户籍所在市"])
def test_more_headers_of_hukou(book: Rulebook, header: str) -> None:
    column = mapping_of(book, [["姓名", header], ["甲", "外省"]]).columns[1]
    assert column.target == "hukou" and place_column(column)


def test_an_unreadable_cell_is_no_blank_one(book: Rulebook, tmp_path: Path) -> None:
    """#N/A under 户籍 (what a VLOOKUP leaves where a person is not found) is no blank cell:
    the card's Baise county does not stand in (the thirty-second tester's: 可以申请)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "户籍", "残疾人证号", "低保", "特困", "孤儿基本生活费"])  # type: ignore[union-attr]
    ws.append(["甲", "#N/A", YOUJIANG_ID + "41", "是", "否", "否"])  # type: ignore[union-attr]
    ws["B2"].data_type = "e"  # type: ignore[index]
    src, out = tmp_path / "list.xlsx", tmp_path / "out.csv"
    wb.save(src)
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy"]) == 0
    frame = pl.read_csv(out, infer_schema=False)
    assert frame[status_col("living_subsidy")].to_list() == ["undetermined"]
    assert frame[ERRORS][0] is not None


def test_the_hukou_column_is_kept_in_the_result(book: Rulebook) -> None:
    """A 户籍 column is copied into the CSV result, as the address column is: the clerk sees
    the cell that decided (the thirty-second tester's: left out)."""
    out = io.BytesIO()
    screen_file(book, "姓名,户籍,低保\n甲,广东省广州市,是\n".encode(), "csv", ON, same, out=out,
                out_kind="csv", limits=CLI, programs=["living_subsidy"])
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame.columns[:2] == ["姓名", "户籍"] and frame["户籍"][0] == "广东省广州市"


def test_a_columns_file_with_a_typo_or_a_full_width_colon(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out, columns = tmp_path / "list.csv", tmp_path / "out.csv", tmp_path / "map.yaml"
    src.write_text("姓名,户籍性质,低保\n甲,本市,是\n", "utf-8")
    columns.write_text("户籍性质：hukou\n户藉性质: hukou\n", "utf-8")
    assert main([str(src), "--on", "2025-06-01", "--out", str(out), "--programs",
                 "living_subsidy", "--columns", str(columns)]) == 0
    said = capsys.readouterr().out
    assert "B 户籍性质 → hukou" in said and "按 --columns 文件" in said
    assert "列对应文件里的这些列名，名单里没有，没有用上：户藉性质。请核对列名的写法。" in said


@pytest.mark.parametrize(("cell", "hukou"), [
    ("外省（广东）", "outside_guangxi"), ("区外（广东）", "outside_guangxi"),
    ("广东", "outside_guangxi"), ("贵州人", "outside_guangxi"), ("桂林", "other_guangxi"),
    ("上海户籍", "outside_guangxi")])
def test_a_choice_with_its_note_or_a_provinces_name_alone(book: Rulebook, cell: str,
                                                          hukou: str) -> None:
    """外省（广东）: the choice, its note agreeing; 广东, 桂林 alone: that province or city (the
    thirty-third tester's: unknown)."""
    got, errors = derived(book, [["姓名", "身份证号", "户籍"], ["甲", YOUJIANG_ID, cell]])
    assert got["hukou"] == [hukou] and errors == []


@pytest.mark.parametrize("header", ["户藉", "戶籍", "户籍所在村", "是否本市户籍", "户口薄地址",
                                    "household registration"])
def test_any_header_of_household_registration_is_read(book: Rulebook, header: str) -> None:
    """A typo (户藉, 户口薄), traditional characters (戶籍), another wording (户籍所在村): read as
    a 户籍 column (the thirty-third tester's: passed through, and 外省 read as 百色市 from the
    card)."""
    rows = [["姓名", "身份证号", header], ["甲", YOUJIANG_ID, "外省"]]
    column = mapping_of(book, rows).columns[2]
    assert column.target == "hukou" and place_column(column)
    got, _errors = derived(book, rows)
    assert got["hukou"] == ["outside_guangxi"]


def test_a_cell_naming_nothing_is_said_beside_another_column(book: Rulebook) -> None:
    """不详 under one 户籍 column and 本市 under another: hukou from the one, and the 不详 said
    (the thirty-third tester's: dropped without a word); a village's address beside one that
    names the county is not."""
    rows = [["姓名", "身份证号", "户籍地址", "户口性质"], ["甲", NANNING_ID, "本市", "不详"],
            ["乙", NANNING_ID, "田东县", "八达镇那岩村"], ["丙", NANNING_ID, "田东县", "户籍,户籍"]]
    got, errors = derived(book, rows)
    assert got["hukou"] == ["baise", "baise", "baise"]
    assert errors == [([0, 2], [f"户口性质: {NO_PLACE}", f"户口性质: {NO_PLACE}"])]


def test_the_same_header_twice_is_read_twice(book: Rulebook) -> None:
    rows = [["姓名", "户籍", "户籍"], ["甲", "本市", "百色市田东县"]]
    assert [c.target for c in mapping_of(book, rows).columns] == [None, "hukou", "hukou"]
    got, errors = derived(book, rows)
    assert got == {"hukou": ["baise"], "county": ["tiandong"]} and errors == []


def test_a_machines_hukou_column_beats_where_the_card_was_issued(book: Rulebook) -> None:
    """``hukou`` (a machine's list) saying outside_guangxi for one whose card was issued in
    Baise: the list's, as a 户籍 column's, not a disagreement left unknown (the thirty-third
    tester's: two readings of one cell by its header)."""
    out = io.BytesIO()
    screen_file(book, f"身份证号,hukou,残疾人证号,低保,特困,孤儿基本生活费\n{YOUJIANG_ID},"
                f"outside_guangxi,{YOUJIANG_ID}41,是,否,否\n".encode(), "csv", ON, same,
                out=out, out_kind="csv", limits=CLI, programs=["living_subsidy"])
    frame = pl.read_csv(io.BytesIO(out.getvalue()), infer_schema=False)
    assert frame[status_col("living_subsidy")].to_list() == ["not_eligible"]
    assert frame[ERRORS].to_list() == [None]


@pytest.mark.parametrize("header", ["是否本市户籍", "本县户口", "是否为本地户籍人口",
                                    "百色市户籍（是/否）", "户籍是否本县", "户口是否在本市"])
def test_a_column_asking_whether_registered_here(book: Rulebook, header: str) -> None:
    """是否本市户籍 over 是 and 否 (the thirtieth tester's: every 是 reported as naming no
    place): 是 is 百色市, as 本市 in a 户籍 cell is, with the card's Baise county; 否 says only
    that it is not here (another county of Baise? another city?), said so, unknown; a place
    written in it is read as one; the mapping says how the column is read."""
    rows = [["姓名", "身份证号", header], ["甲", YOUJIANG_ID, "是"], ["乙", YOUJIANG_ID, "否"],
            ["丙", NANNING_ID, "√"], ["丁", YOUJIANG_ID, "外省"], ["戊", YOUJIANG_ID, ""]]
    column = mapping_of(book, rows).columns[2]
    assert column.target == "hukou"
    assert how_text(column, same).split("；")[1] == \
        "“是”按百色市户籍读，“否”看不出户籍在哪里，按未知处理"
    got, errors = derived(book, rows)
    assert got["hukou"] == ["baise", None, "baise", "outside_guangxi", "baise"]
    assert got["county"] == ["youjiang", None, None, None, "youjiang"]
    assert errors == [([1], [f"{header}: 写的是“否”（不是本地户籍），看不出户籍在哪里：请写户籍地址"
                            f"（如 广西南宁市……），或写 {CHOICES} 之一。"])]
    # a 户籍 column of another header reads 是 as naming no place, as before
    other = [["姓名", "身份证号", "户籍"], ["甲", NANNING_ID, "是"]]
    assert derived(book, other)[0]["hukou"] == [None]


def test_a_no_held_against_an_address(book: Rulebook) -> None:
    """是否本市户籍 否 beside an address in Baise disagrees (unknown, both named); beside one
    elsewhere it agrees and says nothing more (the thirty-fourth tester's: "看不出户籍在哪里"
    though the address said). 本县 否 beside another county of Baise agrees."""
    rows = [["姓名", "身份证号", "是否本市户籍", "户籍是否本县", "户籍地址"],
            ["甲", YOUJIANG_ID, "否", "", "百色市右江区龙景街道"],
            ["乙", YOUJIANG_ID, "否", "", "南宁市青秀区"],
            ["丙", YOUJIANG_ID, "", "否", "田东县平马镇"]]
    got, errors = derived(book, rows)
    assert got["hukou"] == [None, "other_guangxi", "baise"]
    assert errors == [([0], ["是否本市户籍: 这一列是“否”，“户籍地址”列的是“百色市”，两者不一致。"])]
