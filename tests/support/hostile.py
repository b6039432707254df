"""Hostile roster files, generated small (issue 11): a sheet claiming and holding a cell at
XFD1048576, a zip bomb, a CSV with very many columns, a CSV with one endless line."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                 '</Types>')
WORKBOOK = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>')
SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx(sheet: str | bytes, extra: dict[str, str] | None = None) -> bytes:
    """A minimal .xlsx whose first sheet's XML is ``sheet``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, text in (extra or {}).items():
            z.writestr(name, text)
    return out.getvalue()


def far_cell_xlsx(claim: bool = True) -> bytes:
    """One cell, at XFD1048576; with ``claim`` the sheet's dimension says so too."""
    dimension = '<dimension ref="A1:XFD1048576"/>' if claim else ""
    return xlsx(f'<?xml version="1.0"?><worksheet {SHEET_NS}>{dimension}<sheetData>'
                '<row r="1"><c r="A1" t="inlineStr"><is><t>age</t></is></c></row>'
                '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')


def zip_bomb_xlsx(megabytes: int = 96) -> bytes:
    """A valid-looking sheet of ``megabytes`` MB of identical rows, compressed a thousandfold."""
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>1</t></is></c></row>' * 1000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><worksheet {SHEET_NS}><sheetData>'.encode())
            for _ in range(megabytes * 1024 * 1024 // len(row)):
                f.write(row)
            f.write(b"</sheetData></worksheet>")
    return out.getvalue()


def wide_csv(columns: int = 3_000_000) -> bytes:
    """A header of ``columns`` one-letter columns, and one row (about 2 bytes a column)."""
    return b"a," * (columns - 1) + b"a\n" + b"1," * (columns - 1) + b"1\n"


def long_line_csv(megabytes: int = 8) -> bytes:
    """A header, then one line of ``megabytes`` MB without a line break."""
    return b"age,hukou\n" + b"4" * (megabytes * 1024 * 1024) + b"\n"
