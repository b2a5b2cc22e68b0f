"""System checks. The data-key checks run before every management command (``check``,
``migrate``, ``runserver``, ``db_worker``, ``rotate_data_key``…) and, through ``guard_wsgi``,
before an app server serves: a process that would read or write personal data with the wrong
key refuses to start, saying what to do, in Chinese and English (operators read both)."""

import logging

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.translation import gettext as _

from jiangxin.core import crypto, keys

log = logging.getLogger(__name__)

NEW_KEY = "python -c 'import os,base64;print(base64.b64encode(os.urandom(32)).decode())'"


@register(Tags.security, deploy=True)
def development_keys_in_production(app_configs, **kwargs):
    """The development SECRET_KEY is public: never deploy with it (DATA_KEY: below)."""
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return [
            Error("SECRET_KEY is the development key.", hint="Set SECRET_KEY.", id="jiangxin.E002")
        ]
    return []


@register(Tags.security, "data_key")
def data_key_is_usable(app_configs=None, **kwargs) -> list[CheckMessage]:
    """DATA_KEY is 32 bytes, base64; in production (DEBUG off) it is set and not the public
    development key. The keys of DATA_KEY_OLD are well formed too."""
    errors: list[CheckMessage] = []
    problem = crypto.key_problem(settings.DATA_KEY)
    if problem == "missing":
        errors.append(
            Error(
                _("未设置数据密钥 DATA_KEY：关闭 DEBUG 运行时必须提供。")
                + " / DATA_KEY is not set: it is required with DEBUG off.",
                hint=_(
                    "把加密现有数据时使用的密钥放入 DATA_KEY；新部署请生成 32 字节随机密钥"
                    "（base64 编码），并与数据库备份分开保管。"
                )
                + " / Set DATA_KEY to the key the data was encrypted with; a new deployment "
                f"generates 32 random bytes, base64-encoded ({NEW_KEY}), kept apart from the "
                "database backups.",
                id="jiangxin.E010",
            )
        )
    elif problem == "malformed":
        errors.append(_malformed("DATA_KEY"))
    elif not settings.DEBUG and settings.DATA_KEY == settings.DEV_DATA_KEY:
        errors.append(
            Error(
                _("DATA_KEY 是公开的开发密钥，任何人都能解密个人信息。")
                + " / DATA_KEY is the public development key: personal data would be "
                "readable by anyone.",
                hint=_("为生产环境生成自己的密钥。")
                + f" / Set DATA_KEY to 32 random bytes, base64-encoded: {NEW_KEY}",
                id="jiangxin.E001",
            )
        )
    if any(crypto.key_problem(old) for old in getattr(settings, "DATA_KEY_OLD", ())):
        errors.append(_malformed("DATA_KEY_OLD"))
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
                id="jiangxin.E020",
            )
        ]
    return []


def _malformed(name: str) -> Error:
    return Error(
        _("{name} 不是 base64 编码的 32 字节密钥。").format(name=name)
        + f" / {name} is not 32 bytes, base64-encoded.",
        hint=_("检查复制时是否缺字符或多了空格、引号。")
        + f" / Look for a character lost or a space or quote added when copying; {NEW_KEY}"
        " makes a new key.",
        id="jiangxin.E011",
    )


@register(Tags.security, "data_key")
def data_key_matches_data(app_configs=None, **kwargs) -> list[CheckMessage]:
    """The configured keys are the ones the data is under (``core/keys.py``). Nothing to say
    before the database has been migrated, or while it holds no encrypted data."""
    if data_key_is_usable():
        return []  # reported there; no fingerprint without a usable key
    return status_messages(keys.status())


def status_messages(state: keys.KeyStatus) -> list[CheckMessage]:
    kids = ", ".join(state.missing)
    if state.outcome == "mismatch":
        return [
            Error(
                _(
                    "DATA_KEY 与数据库中已加密的数据不符（数据所用密钥的编号：{kids}）。"
                    "用这个密钥启动，身份证号、手机号将无法解密，按身份证号导入会产生重复的职工。"
                ).format(kids=kids)
                + f" / DATA_KEY does not match the encrypted data in the database (the data's "
                f"key id: {kids}). Started with it, no ID number or mobile would decrypt and an "
                "import would create a second record for people already on the roster.",
                hint=_(
                    "把 DATA_KEY 改回加密这些数据时使用的密钥。要更换密钥：新密钥放入 DATA_KEY，"
                    "原密钥放入 DATA_KEY_OLD，再运行 manage.py rotate_data_key。"
                    "密钥指纹保存在数据表 core_datakeystate 中。"
                )
                + " / Set DATA_KEY back to the key the data was encrypted with. To change keys: "
                "the new key in DATA_KEY, the old one in DATA_KEY_OLD, then run "
                "manage.py rotate_data_key. The key fingerprints are in the table "
                "core_datakeystate.",
                id="jiangxin.E012",
            )
        ]
    if state.outcome == "unfinished":
        return [
            Error(
                _(
                    "数据密钥轮换尚未完成：仍有数据用密钥 {kids} 加密，但 DATA_KEY_OLD 中没有它。"
                ).format(kids=kids)
                + f" / A data key rotation is unfinished: some data is still under key {kids}, "
                "which DATA_KEY_OLD does not hold.",
                hint=_("把原密钥放回 DATA_KEY_OLD，再运行 manage.py rotate_data_key 直到完成。")
                + " / Put the earlier key back in DATA_KEY_OLD and run "
                "manage.py rotate_data_key until it reports it has finished.",
                id="jiangxin.E013",
            )
        ]
    if state.outcome == "no_database" and not settings.DEBUG:
        return [
            Error(
                _("无法连接数据库，不能核对 DATA_KEY 与已加密的数据。")
                + " / The database cannot be reached to check DATA_KEY against the data.",
                hint=_("确认 DATABASE_URL 可以连接后再启动。")
                + " / Start again once DATABASE_URL can be reached.",
                id="jiangxin.E014",
            )
        ]
    if state.retired:
        return [
            Warning(
                _("DATA_KEY_OLD 中的密钥 {kids} 已不再加密任何数据。").format(
                    kids=", ".join(state.retired)
                )
                + f" / No data is under the DATA_KEY_OLD key(s) {', '.join(state.retired)} "
                "any more.",
                hint=_("轮换已完成：从每个进程的环境中删除 DATA_KEY_OLD 后重启。")
                + " / The rotation has finished: remove DATA_KEY_OLD from every process's "
                "environment and restart them.",
                id="jiangxin.W010",
            )
        ]
    return []


def _refusal(messages: list[CheckMessage]) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        "\n".join(f"{m.id}: {m.msg}\n    HINT: {m.hint}" for m in messages if m.is_serious())
    )


def guard_wsgi(application):
    """The app servers' start (``jiangxin/wsgi.py``): refuse to serve with an unusable key or
    one that does not match the data, as every command does. If the database cannot be reached
    yet, serve — the outage pages answer — and check again at each request until it can; a
    mismatch found then answers 503 and is logged."""
    usable = [m for m in data_key_is_usable() if m.is_serious()]
    if usable:
        raise _refusal(usable)
    try:
        state = keys.status()
    finally:
        connection.close()  # opened before the server's workers take requests
    if state.outcome == "ok":
        return application
    if state.outcome != "no_database":
        raise _refusal(status_messages(state))
    return _CheckWhenReachable(application)


class _CheckWhenReachable:
    def __init__(self, application):
        self.application = application
        self.checked = False

    def __call__(self, environ, start_response):
        if not self.checked:
            state = keys.status()
            if state.outcome == "ok":
                self.checked = True
            elif state.outcome != "no_database":
                message = str(_refusal(status_messages(state)))
                log.critical("refusing requests: %s", message)
                start_response(
                    "503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")]
                )
                return [message.encode()]
        return self.application(environ, start_response)
