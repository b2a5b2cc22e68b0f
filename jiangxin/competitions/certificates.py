"""Certificates as PDF: one A4 landscape page each, in the fonts that ship with the code,
with the verification code and a QR code leading to the public check."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string

from jiangxin.competitions.models import Certificate
from jiangxin.core.pdf import render_pdf
from jiangxin.core.verification import qr_code, verify_url


def certificate_pages(request, certificates: Iterable[Certificate]) -> list[dict]:
    """What each page prints: the certificate, the check's address and its QR code."""
    return [
        {"certificate": c, "url": (url := verify_url(request, c.code)), "qr": qr_code(url)}
        for c in certificates
    ]


def certificates_pdf(request, certificates: Iterable[Certificate]) -> bytes:
    pages = certificate_pages(request, certificates)
    return render_pdf(render_to_string("competitions/certificate_pdf.html", {"pages": pages}))
