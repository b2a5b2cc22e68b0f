"""Every keyed look-up hash moves with a key rotation — also one kept on a row that does not hold
the value itself (a registration's mobile, encrypted on its account)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from jiangxin import factories as f
from jiangxin.accounts.models import Registration, User
from jiangxin.accounts.services import approve_registration
from jiangxin.core import crypto, keys
from jiangxin.core.tests.test_data_key import (  # noqa: F401  (fixtures)
    people,
    rotate_to_b,
    under_a,
)

# Hashes that are not under the data key: SHA-256 of random secrets the user holds (an API
# token, a recovery code), looked up by hashing what is presented. A rotation leaves them alone.
NOT_KEYED = {"accounts.ApiToken.token_hash", "accounts.RecoveryCode.code_hash"}

MOBILE = "13900000004"  # 黄海峰's application in ``people``


def _mobile_taken(registration) -> bool:
    return Registration.objects.with_conflicts().get(pk=registration.pk).mobile_taken


def test_a_registrations_mobile_still_matches_after_rotation(people, settings):  # noqa: F811
    registration = people["registration"]
    # Another account already logs in with the mobile 黄海峰 applied with (under key A).
    holder = f.user("holder")
    User.objects.filter(pk=holder.pk).update(
        mobile_enc=crypto.encrypt(MOBILE), mobile_hash=crypto.keyed_hash(MOBILE)
    )
    assert _mobile_taken(registration)

    rotate_to_b(settings)
    settings.DATA_KEY_OLD = []  # rotation finished, the old key removed

    # Found by the mobile's hash under B alone ...
    assert list(Registration.objects.filter(mobile_hash__in=crypto.lookup_hashes(MOBILE))) == [
        registration
    ]
    # ... so the reviewing union still sees the conflict, and approval is still refused.
    assert _mobile_taken(registration)
    with pytest.raises(ValidationError, match="登录手机号"):
        approve_registration(by=f.root_user(), registration=registration)


def test_every_keyed_hash_column_is_rotated():
    """A ``*_hash`` column is either paired with its token (ENCRYPTED_FIELDS), derived from a
    token on another row (DERIVED_HASHES, with a never-blank token of its own to carry the
    row's progress), or named above as not under the data key."""
    unlisted = []
    for model in apps.get_models():
        if not model.__module__.startswith("jiangxin."):
            continue  # django-axes' session_hash is its own, not under the data key
        listed = {h for _t, h in getattr(model, "ENCRYPTED_FIELDS", ()) if h}
        derived = dict(keys.derived_hashes(model))
        for hash_field, source in derived.items():
            model._meta.get_field(hash_field)
            model._base_manager.values_list(source)  # the relation resolves
            tokens = [model._meta.get_field(t) for t, _h in model.ENCRYPTED_FIELDS]
            assert any(not t.blank for t in tokens), model
        for field in model._meta.concrete_fields:
            name = f"{model._meta.label}.{field.name}"
            if (
                field.name.endswith("_hash")
                and field.name not in listed | derived.keys()
                and name not in NOT_KEYED
            ):
                unlisted.append(name)
    assert unlisted == []
