"""The SKM report as an Excel workbook (openpyxl): bytes out, nothing written anywhere.

Offices pass the SKM on as a spreadsheet (to the inspectorate, to the regent's office),
so the workbook carries the regulation's figures as numbers a reader can recompute:
one sheet for the whole office and one per service, each with the nine NRR, the index,
the score and grade, respondents against the Krejcie & Morgan target, the three weakest
elements, the respondents' profile and the suggestions (NIK and phone numbers masked).
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from common import vocabulary as vocab
from server.domain import skm

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _sheet(ws, report: dict, office_name: str, title: str) -> None:
    ws.append([title])
    ws["A1"].font = TITLE
    ws.append([office_name])
    ws.append(["Periode", f"{report['from']} s.d. {report['to']}"])
    ws.append([])
    rows = [("Responden", report["respondents"]), ("Populasi (warga dilayani)", report["population"]),
            ("Target sampel (Krejcie & Morgan)", report["sample_target"]),
            ("Indeks (rata-rata 9 NRR)", report["index"]), ("Nilai SKM (indeks x 25)", report["score"]),
            ("Mutu pelayanan", report["grade"]), ("Kinerja", report["grade_label"])]
    for label, value in rows:
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = BOLD
    ws.append([])
    ws.append(["Unsur", "Nama unsur", "NRR", "NRR tertimbang (x 1/9)"])
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for element in report["elements"]:
        weighted = None if element["nrr"] is None else round(element["nrr"] / skm.ELEMENTS, 4)
        ws.append([element["code"], element["name"], element["nrr"], weighted])
    ws.append([])
    names = {e["code"]: e["name"][0] for e in vocab.SKM_ELEMENTS}
    ws.append(["Prioritas perbaikan (NRR terendah)"])
    ws.cell(ws.max_row, 1).font = BOLD
    for rank, code in enumerate(report["priorities"], 1):
        ws.append([rank, f"{code} {names[code]}"])
    ws.append([])
    ws.append(["Profil responden"])
    ws.cell(ws.max_row, 1).font = BOLD
    tables = (("Jenis kelamin", "sex", vocab.SEXES), ("Pendidikan", "education", vocab.EDUCATION_LEVELS),
              ("Pekerjaan", "occupation", vocab.OCCUPATIONS), ("Umur", "age", None))
    for heading, key, table in tables:
        counts = report["profile"][key]
        order = list(table) if table else [g[0] for g in skm.AGE_GROUPS]
        for code in order:
            label = vocab.label(table, code) if table else f"{code} tahun"
            ws.append([heading, label, counts.get(code, 0)])
    ws.append([])
    ws.append(["Saran dan masukan"])
    ws.cell(ws.max_row, 1).font = BOLD
    ws.append(["Tanggal", "Layanan", "Saran"])
    for s in report["suggestions"]:
        ws.append([s["day"], s["service"], s["text"]])
        ws.cell(ws.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 22


def workbook(whole: dict, per_service: list[dict], office_name: str) -> bytes:
    """Sheet "SKM" for the office, then "Layanan A" ... for each service's own report."""
    book = Workbook()
    ws = book.active
    ws.title = "SKM"
    _sheet(ws, whole, office_name, "Survei Kepuasan Masyarakat (PermenPAN-RB 14/2017)")
    if whole["per_service"]:
        ws.append([])
        ws.append(["Per layanan", "Responden", "Indeks", "Nilai SKM", "Mutu"])
        for cell in ws[ws.max_row]:
            cell.font = BOLD
        for s in whole["per_service"]:
            ws.append([s["code"], s["respondents"], s["index"], s["score"], s["grade"]])
    for report in per_service:
        _sheet(book.create_sheet(f"Layanan {report['service']}"), report, office_name,
               f"SKM layanan {report['service']}")
    out = BytesIO()
    book.save(out)
    return out.getvalue()
