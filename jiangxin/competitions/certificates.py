"""Certificates as PDF: one A4 landscape page each, laid out by the shared certificate page
(``core/certificate_pdf.html``: the fonts that ship with the code, the verification code and a
QR code leading to the public check)."""

from __future__ import annotations

from collections.abc import Iterable

from jiangxin.competitions.models import Certificate
from jiangxin.core.verification import document_pages, documents_pdf


def certificate_pages(request, certificates: Iterable[Certificate]) -> list[dict]:
    """What each page prints: the certificate, the check's address and its QR code."""
    return document_pages(request, certificates)


def certificates_pdf(request, certificates: Iterable[Certificate]) -> bytes:
    return documents_pdf(request, "competitions/certificate_pdf.html", certificates)
