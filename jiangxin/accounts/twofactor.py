"""Two-factor authentication (TOTP via django-otp's RFC 6238 code) and the session facts the
login path keeps: whether the second step is still owed, when the person last proved who they
are (re-authentication) and the account's session generation (sessions ended on demand).

Who must use it: platform administrators (superusers, PlatformRole holders) and union admins
at county level and above. Everyone else may turn it on."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.oath import TOTP

from jiangxin.accounts.models import Grant, PlatformRole, RecoveryCode, TotpDevice, User
from jiangxin.audit.services import record
from jiangxin.core import crypto

# Session keys.
PENDING = "jx_2fa"  # "verify" or "enrol" while the second step is owed
AUTH_AT = "jx_auth_at"  # epoch seconds of the last password or code
GENERATION = "jx_gen"  # User.session_generation when the session was opened

HIGH_LEVELS = ("national", "province", "city", "county")
STEP = 30


def requires_2fa(user: User) -> bool:
    if user.is_superuser or PlatformRole.objects.filter(user=user).exists():
        return True
    return Grant.objects.filter(
        user=user, role=Grant.Role.ADMIN, organisation__kind__in=HIGH_LEVELS
    ).exists()


def confirmed_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed=True).first()


def secret_of(device: TotpDevice) -> bytes:
    return bytes.fromhex(crypto.decrypt(device.secret_enc))


def base32_secret(device: TotpDevice) -> str:
    return base64.b32encode(secret_of(device)).decode().rstrip("=")


def otpauth_uri(device: TotpDevice) -> str:
    label = f"{settings.OTP_ISSUER}:{device.user.username}"
    return f"otpauth://totp/{label}?secret={base32_secret(device)}&issuer={settings.OTP_ISSUER}"


@transaction.atomic
def start_enrolment(*, user: User, secret_hex: str | None = None) -> TotpDevice:
    """The person's unconfirmed device with a fresh secret (a confirmed one is kept)."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device and device.confirmed:
        return device
    secret_hex = secret_hex or secrets.token_hex(20)
    if device is None:
        device = TotpDevice(user=user)
    device.secret_enc = crypto.encrypt(secret_hex)
    device.secret_hash = crypto.keyed_hash(secret_hex)
    device.last_step = 0
    device.save()
    return device


def _check_totp(device: TotpDevice, code: str) -> bool:
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = TOTP(secret_of(device), step=STEP, digits=6)
    now = int(time.time())
    for drift in (0, -1, 1):
        totp.time = now + drift * STEP
        if totp.t() > device.last_step and totp.token() == int(code):
            device.last_step = totp.t()
            device.save(update_fields=["last_step"])
            return True
    return False


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


@transaction.atomic
def verify(*, user: User, code: str, device: TotpDevice | None = None, ip: str | None) -> bool:
    """True when ``code`` is a current TOTP code of the person's device, or one of their unused
    recovery codes (then spent). Every outcome audited."""
    code = (code or "").strip().replace(" ", "")
    device = device or confirmed_device(user)
    if device is None:
        return False
    device = TotpDevice.objects.select_for_update().get(pk=device.pk)
    ok = _check_totp(device, code)
    how = "totp"
    if not ok and len(code) >= 8:
        spent = RecoveryCode.objects.filter(
            user=user, code_hash=_code_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        ok, how = bool(spent), "recovery"
    record(
        actor=user,
        ip=ip,
        action="2fa_ok" if ok else "2fa_failed",
        obj=user,
        changes={"how": how},
    )
    return ok


@transaction.atomic
def confirm_enrolment(*, user: User, code: str, ip: str | None) -> list[str] | None:
    """Confirm the unconfirmed device with a first code; return ten recovery codes (shown
    once), or None when the code is wrong."""
    device = TotpDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not _check_totp(device, code.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=user, ip=ip, action="2fa_enrolled", obj=user)
    return new_recovery_codes(user=user, ip=ip)


@transaction.atomic
def new_recovery_codes(*, user: User, ip: str | None) -> list[str]:
    """Ten fresh one-time codes replacing the old ones; only their hashes are kept."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(10)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_code_hash(c)) for c in codes
    )
    record(actor=user, ip=ip, action="recovery_codes", obj=user)
    return codes


def end_sessions(user: User) -> None:
    """End every session of ``user`` (their next request finds the generation moved on)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)


def mark_authenticated(session) -> None:
    session[AUTH_AT] = int(time.time())


def recently_authenticated(session) -> bool:
    at = session.get(AUTH_AT, 0)
    return time.time() - at < settings.REAUTH_MINUTES * 60


def on_login(sender, request, user, **kwargs) -> None:
    """Every login: the session remembers the account's generation and counts as freshly
    authenticated. A login through a page (ours or the Django admin's) owes the second step
    when the account has a device or must have one; the test client's ``force_login`` (a
    request with no path) does not — it skips the password too."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[GENERATION] = user.session_generation
    mark_authenticated(request.session)
    if request.path:
        if confirmed_device(user):
            request.session[PENDING] = "verify"
        elif requires_2fa(user):
            request.session[PENDING] = "enrol"
