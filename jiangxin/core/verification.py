"""The public check of documents the platform issues (certificates of competitions, naming
certificates of innovation studios, …): one page, one code format, one QR code, whatever app
issued the paper.

- A code is 12 characters from an alphabet without look-alikes (60 bits: unguessable, easy to read
  out over the phone), printed in groups of four; as typed, spaces, dashes and case do not matter
  (``normalise``).
- Each app registers in its ``AppConfig.ready()`` a *lookup* (``register_lookup``): a function
  from a normalised code to a ``VerifiedDocument`` or ``None``. The document is neutral: a title,
  the holder as the issuing app decides to show it (a competition masks the winner's name), the
  issuer, the date, further lines, and whether and why it was revoked. This module imports no
  domain app; the page (``verify_views.py``) asks each lookup in turn.
- ``verify_url`` and ``qr_code`` are what a PDF prints so the paper leads to the check.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def new_code() -> str:
    """A fresh verification code (60 bits from ``secrets``)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code: str) -> str | None:
    """The code as stored, from the code as typed; ``None`` when it cannot be one."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned if len(cleaned) == CODE_LENGTH else None


def display(code: str) -> str:
    """ABCDEFGHJKLM → ABCD-EFGH-JKLM, as printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True)
class VerifiedDocument:
    """What the public check shows of one document. ``holder`` is already as the issuer wants
    it shown (masked or not); ``lines`` are further (label, value) rows; ``note`` a hint under
    the result (e.g. that the name is partly hidden)."""

    code: str
    kind: str  # 竞赛获奖证书, 创新工作室命名证书…
    title: str  # what the document is about (the competition, the studio)
    holder_label: str
    holder: str
    issuer: str
    dated: datetime.date | None
    lines: tuple[tuple[str, str], ...] = ()
    revoked_at: datetime.datetime | None = None
    revoke_reason: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def display_code(self) -> str:
        return display(self.code)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


Lookup = Callable[[str], VerifiedDocument | None]
_lookups: dict[str, Lookup] = {}


def register_lookup(name: str, lookup: Lookup) -> Lookup:
    """Add an app's lookup under ``name`` (registering again under the same name replaces it)."""
    _lookups[name] = lookup
    return lookup


def find(code: str) -> VerifiedDocument | None:
    """The document holding ``code`` as typed, from whichever app issued it; ``None`` if none.
    Codes are drawn at random from 32¹² by every issuer, so two apps never share one in
    practice; should they, the app registered first answers."""
    cleaned = normalise(code)
    if cleaned is None:
        return None
    for lookup in _lookups.values():
        document = lookup(cleaned)
        if document is not None:
            return document
    return None


def verify_url(request, code: str) -> str:
    """The public check's address for ``code``: ``SITE_URL`` when set (a proxy may hide the real
    host), else the address this request came in on."""
    path = reverse("certificate_verify", args=[display(code)])
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def qr_code(url: str) -> str:
    """The QR code leading to ``url``, as an SVG data URI for a PDF."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, dark="#7f1d1d", border=1)


def document_pages(request, documents) -> list[dict]:
    """What each page of a certificate PDF prints: the document (anything with a ``code``), the
    check's address and its QR code (``core/certificate_pdf.html`` lays them out)."""
    return [
        {"certificate": d, "url": (url := verify_url(request, d.code)), "qr": qr_code(url)}
        for d in documents
    ]


def documents_pdf(request, template: str, documents) -> bytes:
    """The PDF of ``documents``, one page each, through ``template`` (which extends
    ``core/certificate_pdf.html``)."""
    from django.template.loader import render_to_string

    from jiangxin.core.pdf import render_pdf

    pages = document_pages(request, documents)
    return render_pdf(render_to_string(template, {"pages": pages}))
