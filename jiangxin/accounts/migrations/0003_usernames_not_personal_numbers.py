"""Identity data already stored:

- an account whose username is (or holds) a mobile or ID number gets a generated username
  (``zg_…``); a mobile username becomes the account's encrypted login mobile when it has none
  (and no other account logs in with it), so the worker still logs in with it;
- the audit log and the lockout records (django-axes) that named such an account name it by the
  new username; any other mobile or ID number left in their texts is masked;
- registrations get the hash of their account's mobile (the reviewer's conflict check);
- existing API tokens get an expiry: API_TOKEN_DAYS after they were made, but never sooner than
  30 days after this migration, so integrations have time to take a new one.

Not reversible in meaning (the old usernames are not kept); going back leaves the data as is.
"""

import datetime
import re

from django.conf import settings
from django.db import migrations
from django.db.models import Q
from django.utils import timezone

from jiangxin.accounts.usernames import generate_username, holds_personal_number
from jiangxin.core import crypto
from jiangxin.core.masking import mask_mobile, mask_personal_numbers, mask_personal_numbers_in

DIGIT_RUN = r"[0-9]{11}"  # the texts a mask can change
SOME_DIGITS = r"[0-9]{3}"  # usernames worth a look (138-1234-5678 too); holds_personal_number decides
GRACE = datetime.timedelta(days=30)
CHUNK = 1000


def _rows(queryset):
    """The rows of ``queryset``, fetched by primary key in chunks, so they can be saved while
    the walk goes on (no open cursor over a table being written)."""
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        yield from queryset.model.objects.filter(pk__in=pks[start : start + CHUNK]).order_by("pk")


def _as_mobile(username: str) -> str:
    compact = re.sub(r"[\s-]", "", username)
    if compact.startswith("+86"):
        compact = compact[3:]
    return compact if re.fullmatch(r"1[0-9]{10}", compact) else ""


def rename_accounts(apps) -> dict[str, str]:
    User = apps.get_model("accounts", "User")
    renamed = {}
    for user in _rows(User.objects.filter(username__regex=SOME_DIGITS)):
        old = user.username
        if not holds_personal_number(old):
            continue
        user.username = generate_username(
            taken=lambda name: User.objects.filter(username=name).exists()
        )
        mobile = _as_mobile(old)
        if mobile and not user.mobile_enc:
            digest = crypto.keyed_hash(mobile)
            if not User.objects.filter(mobile_hash=digest).exclude(pk=user.pk).exists():
                user.mobile_hash = digest
            user.mobile_enc = crypto.encrypt(mobile)
            user.mobile_masked = mask_mobile(mobile)
        if holds_personal_number(user.display_name):
            user.display_name = ""
        user.save(
            update_fields=["username", "mobile_hash", "mobile_enc", "mobile_masked", "display_name"]
        )
        renamed[old] = user.username
    return renamed


def rewrite_audit(apps, renamed: dict[str, str]) -> None:
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for old, new in renamed.items():
        AuditEntry.objects.filter(actor_label=old).update(actor_label=new)
        AuditEntry.objects.filter(object_repr=old).update(object_repr=new)
    for entry in _rows(AuditEntry.objects.filter(object_type="accounts.grant")):
        if entry.changes.get("user") in renamed:
            entry.changes["user"] = renamed[entry.changes["user"]]
            entry.save(update_fields=["changes"])
    texts = Q(actor_label__regex=DIGIT_RUN) | Q(object_repr__regex=DIGIT_RUN)
    for entry in _rows(AuditEntry.objects.filter(texts)):
        entry.actor_label = mask_personal_numbers(entry.actor_label)
        entry.object_repr = mask_personal_numbers(entry.object_repr)
        entry.changes = mask_personal_numbers_in(entry.changes)
        entry.save(update_fields=["actor_label", "object_repr", "changes"])


def rewrite_lockout_records(apps, renamed: dict[str, str]) -> None:
    attempts = apps.get_model("axes", "AccessAttempt")
    logs = [apps.get_model("axes", "AccessLog"), apps.get_model("axes", "AccessFailureLog")]
    for old, new in renamed.items():
        for model in [attempts, *logs]:
            model.objects.filter(username=old).update(username=new)
            model.objects.filter(username="api:" + old).update(username="api:" + new)
    # Failed logins under names that are no account's: attempts lapse within the cool-off
    # anyway (and masking could merge two of them), the logs keep a masked name.
    attempts.objects.filter(username__regex=DIGIT_RUN).delete()
    for model in logs:
        for row in _rows(model.objects.filter(username__regex=DIGIT_RUN)):
            row.username = mask_personal_numbers(row.username)
            row.save(update_fields=["username"])


def fill_registrations(apps) -> None:
    Registration = apps.get_model("accounts", "Registration")
    for registration in _rows(Registration.objects.filter(mobile_hash="")):
        user = registration.user
        digest = user.mobile_hash or (
            crypto.keyed_hash(crypto.decrypt(user.mobile_enc)) if user.mobile_enc else ""
        )
        if digest:
            registration.mobile_hash = digest
            registration.save(update_fields=["mobile_hash"])


def fill_token_expiry(apps) -> None:
    ApiToken = apps.get_model("accounts", "ApiToken")
    days = datetime.timedelta(days=getattr(settings, "API_TOKEN_DAYS", 90))
    earliest = timezone.now() + GRACE
    for token in _rows(ApiToken.objects.filter(expires__isnull=True)):
        token.expires = max(token.created + days, earliest)
        token.save(update_fields=["expires"])


def forwards(apps, schema_editor):
    renamed = rename_accounts(apps)
    rewrite_audit(apps, renamed)
    rewrite_lockout_records(apps, renamed)
    fill_registrations(apps)
    fill_token_expiry(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_identity_fields"),
        ("audit", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
