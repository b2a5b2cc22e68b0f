from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_keys_in_production(app_configs, **kwargs):
    """The development SECRET_KEY and DATA_KEY are public: never deploy with them."""
    errors = []
    if settings.DATA_KEY == settings.DEV_DATA_KEY:
        errors.append(
            Error(
                "DATA_KEY is the public development key: personal data would be readable by anyone.",
                hint="Set DATA_KEY to 32 random bytes, base64-encoded: "
                "python -c 'import os,base64;print(base64.b64encode(os.urandom(32)).decode())'",
                id="jiangxin.E001",
            )
        )
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        errors.append(
            Error("SECRET_KEY is the development key.", hint="Set SECRET_KEY.", id="jiangxin.E002")
        )
    return errors


@register(Tags.security)
def trusted_proxies_are_addresses(app_configs, **kwargs):
    """TRUSTED_PROXIES names addresses or networks; a typo would silently trust nobody (or the
    wrong host), so the app refuses to start instead."""
    from jiangxin.core.client_address import trusted_networks

    try:
        trusted_networks(tuple(settings.TRUSTED_PROXIES))
    except ValueError as err:
        return [
            Error(
                f"TRUSTED_PROXIES: {err}.",
                hint="List the reverse proxies' addresses or CIDR networks, comma-separated, "
                "e.g. TRUSTED_PROXIES=10.0.0.5,10.0.1.0/24.",
                id="jiangxin.E010",
            )
        ]
    return []
