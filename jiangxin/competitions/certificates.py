"""Certificates as PDF: one A4 landscape page each, in the fonts that ship with the code,
with the verification code and a QR code leading to the public check."""

from __future__ import annotations

from collections.abc import Iterable

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from jiangxin.competitions.models import Certificate
from jiangxin.core.pdf import render_pdf


def verify_url(request, certificate: Certificate) -> str:
    """The public check's address: ``SITE_URL`` when set (a proxy may hide the real host),
    else the address this request came in on."""
    path = reverse("certificate_verify", args=[certificate.display_code])
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def qr_code(url: str) -> str:
    """The QR code leading to ``url``, as an SVG data URI for the PDF."""
    return segno.make(url, error="m").svg_data_uri(scale=4, dark="#7f1d1d", border=1)


def certificate_pages(request, certificates: Iterable[Certificate]) -> list[dict]:
    """What each page prints: the certificate, the check's address and its QR code."""
    return [
        {"certificate": c, "url": (url := verify_url(request, c)), "qr": qr_code(url)}
        for c in certificates
    ]


def certificates_pdf(request, certificates: Iterable[Certificate]) -> bytes:
    pages = certificate_pages(request, certificates)
    return render_pdf(render_to_string("competitions/certificate_pdf.html", {"pages": pages}))
