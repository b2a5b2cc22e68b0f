"""Translation for the plain modules (validators, readers) that must not import Django.

``gettext`` returns the message unchanged until ``install()`` is given Django's gettext, which
``CoreConfig.ready()`` does; so those modules run and benchmark alone, and inside the app their
messages are translated. ``makemessages`` finds them as it finds any ``_()`` call.
"""

from collections.abc import Callable

_translate: Callable[[str], str] | None = None


def gettext(message: str) -> str:
    return message if _translate is None else _translate(message)


def install(translate: Callable[[str], str]) -> None:
    global _translate
    _translate = translate
