"""Printable documents and charts made from the report dicts: the monthly evaluation PDF, the SKM
semester PDF, and the charts both show (drawn once with reportlab.graphics, rendered into a PDF
and as SVG for the Laporan page, so the page and the paper never disagree).

Pure: dicts and bytes in, bytes out; no database, no HTTP."""
