"""The documents' own words (Indonesian, English) and the number formats they print.

Words of the shared vocabulary (channels, priority categories, SKM elements, grades, month names)
stay in ``common.vocabulary``; only sentences the PDFs and charts need live here. A figure is
printed the way the Laporan page prints it (``pct``, ``minutes``), so a reader comparing the page
with the paper finds the same characters."""

from __future__ import annotations

from datetime import date
from typing import Optional

from common.vocabulary import MONTH_NAMES

DASH = "\u2013"  # what a figure without data prints as

TEXTS: dict[str, tuple[str, str]] = {
    "evaluation_title": ("Laporan Evaluasi Pelayanan", "Service Evaluation Report"),
    "skm_title": ("Laporan Survei Kepuasan Masyarakat (SKM)", "Public Satisfaction Survey Report (SKM)"),
    "period": ("Periode", "Period"),
    "working_days": ("Hari kerja", "Working days"),
    "printed": ("Dicetak", "Printed"),
    "per_service": ("Kinerja per layanan", "Performance per service"),
    "service": ("Layanan", "Service"),
    "standard": ("Standar", "Standard"),
    "issued": ("Diambil", "Issued"),
    "served": ("Dilayani", "Served"),
    "no_show": ("Tidak hadir", "No-show"),
    "cancelled": ("Batal", "Cancelled"),
    "transferred": ("Dialihkan", "Transferred"),
    "wait_median": ("Tunggu (median)", "Wait (median)"),
    "wait_p90": ("Tunggu (p90)", "Wait (p90)"),
    "total_median": ("Total (median)", "Total (median)"),
    "within": ("Sesuai standar", "Within standard"),
    "total": ("Jumlah", "Total"),
    "minutes": ("{n} menit", "{n} min"),
    "charts": ("Grafik", "Charts"),
    "chart_hours": ("Kedatangan per jam", "Arrivals by hour"),
    "chart_weekdays": ("Kedatangan per hari", "Arrivals by weekday"),
    "chart_days": ("Dilayani sesuai standar per hari (%)", "Served within standard per day (%)"),
    "chart_months": ("Dilayani sesuai standar per bulan (%)", "Served within standard per month (%)"),
    "chart_outcomes": ("Hasil layanan", "Service outcomes"),
    "chart_skm": ("Nilai rata-rata per unsur (NRR, 1\u20134)", "Mean score per element (NRR, 1\u20134)"),
    "no_data": ("Belum ada data pada periode ini.", "No data in this period."),
    "skm": ("Survei Kepuasan Masyarakat (SKM)", "Public Satisfaction Survey (SKM)"),
    "skm_none": ("Belum ada responden survei pada periode ini.", "No survey respondents in this period."),
    "skm_missing": ("Data SKM belum tersedia.", "Survey data is not available yet."),
    "respondents": ("Responden", "Respondents"),
    "sample": ("Responden / target sampel", "Respondents / sample target"),
    "sample_of": ("{n} dari {target} (populasi {population})", "{n} of {target} (population {population})"),
    "index": ("Indeks", "Index"),
    "score": ("Nilai SKM", "SKM score"),
    "grade": ("Mutu pelayanan", "Service grade"),
    "element": ("Unsur", "Element"),
    "nrr": ("NRR", "NRR"),
    "priorities": ("Prioritas perbaikan (tiga unsur terendah)", "Improvement priorities (three lowest elements)"),
    "profile": ("Profil responden", "Respondent profile"),
    "sex": ("Jenis kelamin", "Sex"),
    "age": ("Umur", "Age"),
    "education": ("Pendidikan", "Education"),
    "occupation": ("Pekerjaan", "Occupation"),
    "not_answered": ("tidak diisi", "not answered"),
    "day": ("Tanggal", "Date"),
    "suggestions": ("Saran dan masukan", "Suggestions"),
    "more_suggestions": ("\u2026 dan {n} saran lain (lengkap di unduhan SKM Excel).",
                         "\u2026 and {n} more suggestions (all of them in the SKM Excel download)."),
    "no_suggestions": ("Tidak ada saran pada periode ini.", "No suggestions in this period."),
    "per_service_skm": ("SKM per layanan", "SKM per service"),
    "overall": ("Keseluruhan", "Overall"),
    "complaints": ("Pengaduan", "Complaints"),
    "complaints_missing": ("Data pengaduan belum tersedia.", "Complaint data is not available yet."),
    "received": ("Diterima", "Received"),
    "closed": ("Selesai", "Closed"),
    "closed_in_time": ("Selesai tepat waktu", "Closed within the deadline"),
    "overdue_open": ("Belum selesai, lewat batas waktu", "Open past the deadline"),
    "by_channel": ("Menurut saluran", "By channel"),
    "by_category": ("Menurut kategori", "By category"),
    "by_status": ("Menurut status", "By status"),
    "count": ("Jumlah", "Count"),
    "signature_place_date": ("{place}, {date}", "{place}, {date}"),
    "head_title": ("Kepala Dinas", "Head of Office"),
    "nip": ("NIP", "NIP"),
    "page": ("Halaman {n}", "Page {n}"),
    "notes": ("Median dan p90 dalam menit; \u201csesuai standar\u201d = warga yang selesai dilayani dalam "
              "standar waktu layanan yang dipilihnya (dari ambil nomor sampai selesai).",
              "Median and p90 in minutes; \u201cwithin standard\u201d = citizens whose whole visit (ticket to "
              "last finish) took no longer than the standard of the service they chose."),
}


def t(key: str, lang: str = "id", **params) -> str:
    pair = TEXTS[key]
    s = pair[1] if lang == "en" else pair[0]
    return s.format(**params) if params else s


def long_day(day: date, lang: str = "id") -> str:
    """"7 Desember 2026"."""
    return f"{day.day} {MONTH_NAMES[lang][day.month - 1]} {day.year}"


def period_words(date_from: date, date_to: date, lang: str = "id") -> str:
    """The period as a person says it: "Desember 2026", "Semester I 2026", "Tahun 2026", or
    "1 Desember 2026 \u2013 15 Desember 2026" for any other range."""
    months = MONTH_NAMES[lang]
    whole_month_end = _month_end(date_to)
    if date_from == date_to:
        return long_day(date_from, lang)
    if date_from.day == 1 and date_to == whole_month_end:
        if (date_from.year, date_from.month) == (date_to.year, date_to.month):
            return f"{months[date_from.month - 1]} {date_from.year}"
        if date_from.year == date_to.year:
            if (date_from.month, date_to.month) == (1, 12):
                return f"{'Year' if lang == 'en' else 'Tahun'} {date_from.year}"
            if (date_from.month, date_to.month) in ((1, 6), (7, 12)):
                half = "I" if date_from.month == 1 else "II"
                return f"Semester {half} {date_from.year}"
            return f"{months[date_from.month - 1]} \u2013 {months[date_to.month - 1]} {date_from.year}"
    return f"{long_day(date_from, lang)} \u2013 {long_day(date_to, lang)}"


def _month_end(day: date) -> date:
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def _num(text: str, lang: str) -> str:
    # Indonesian writes a decimal comma ("12,5"); English a point.
    return text if lang == "en" else text.replace(".", ",")


def minutes(seconds: Optional[float], lang: str = "id") -> str:
    """Seconds as minutes with one decimal ("12,5"); "\u2013" for no data."""
    if seconds is None:
        return "\u2013"
    return _num(f"{seconds / 60:.1f}", lang)


def pct(value: Optional[float], lang: str = "id") -> str:
    """A share as the API gives it, with one decimal ("87,5%"); "\u2013" for no data."""
    if value is None:
        return "\u2013"
    return _num(f"{value:.1f}%", lang)


def decimal(value: Optional[float], places: int = 2, lang: str = "id") -> str:
    if value is None:
        return "\u2013"
    return _num(f"{value:.{places}f}", lang)
