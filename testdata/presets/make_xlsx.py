"""Writes tickets.xlsx: a title row, a blank row, then the tickets with Excel serial dates.

Run from this folder with any Python 3 (standard library only); the result is committed.
"""
import zipfile

TICKETS = [
    # id, created, first response, resolved (Excel serial days), agent, priority
    ("X-1", 45369.375, 45369.395833333336, 45369.5, "Anna Petrova", "normal"),
    ("X-2", 45369.416666666664, 45369.458333333336, None, "Ivan Sokolov", "high"),
    ("X-3", 45370.333333333336, None, None, "Anna Petrova", "normal"),
]
HEADER = ["id", "created_at", "first_response_at", "resolved_at", "agent", "priority"]


def text(ref, value):
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def date(ref, value):
    # Style 1 is the built-in date-time format 22 (m/d/yy h:mm).
    return f'<c r="{ref}" s="1"><v>{value!r}</v></c>'


def sheet(rows):
    body = "".join(f'<row r="{n}">{cells}</row>' for n, cells in rows)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )


cols = "ABCDEF"
rows = [(1, text("A1", "Ticket export, March 2024"))]
rows.append((3, "".join(text(f"{c}3", h) for c, h in zip(cols, HEADER))))
for i, (tid, created, first, resolved, agent, priority) in enumerate(TICKETS):
    n = 4 + i
    cells = text(f"A{n}", tid) + date(f"B{n}", created)
    if first is not None:
        cells += date(f"C{n}", first)
    if resolved is not None:
        cells += date(f"D{n}", resolved)
    cells += text(f"E{n}", agent) + text(f"F{n}", priority)
    rows.append((n, cells))

NS = "http://schemas.openxmlformats.org/"
SHEET_TYPE = NS + "officeDocument/2006/relationships/worksheet"


def workbook(path, sheets):
    """Writes a workbook with `sheets`, a list of (name, rows), in that order."""
    n = len(sheets)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, n + 1)
            )
            + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(
                f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                for i, (name, _) in enumerate(sheets, 1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{SHEET_TYPE}" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs>'
            "</styleSheet>"
        ),
    }
    for i, (_, sheet_rows) in enumerate(sheets, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = sheet(sheet_rows)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 25, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content)


notes = [(1, text("A1", "Exported from the helpdesk"))]
workbook("tickets.xlsx", [("Tickets", rows), ("Notes", notes)])
graphs = [(1, text("A1", "Tickets per day"))]
workbook("second_sheet.xlsx", [("Graphs", graphs), ("Tickets", rows), ("Notes", notes)])
