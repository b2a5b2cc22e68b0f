from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from jiangxin.core import crypto
from jiangxin.core.masking import mask_personal_numbers
from jiangxin.core.middleware import API_PREFIX


def find_user(login: str):
    """The account whose username, or mobile, is ``login`` (None if there is none)."""
    User = get_user_model()
    login = (login or "").strip()
    if not login:
        return None
    user = User.objects.filter(username=login).first()
    if user is None and login.isdigit() and len(login) == 11:
        user = User.objects.filter(mobile_hash__in=crypto.lookup_hashes(login)).first()
    return user


class UsernameOrMobileBackend(ModelBackend):
    """Log in with the username or the mobile number, and the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Same work as a real check, so timing does not reveal which names exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


# The API token endpoint's failures are counted under their own name, "api:<account>", and per
# address: a stranger who hammers it with a known account's name locks their own address out of
# that endpoint, never the account out of the pages (which count "<account>" alone).
API_SCOPE = "api:"


def _is_api(request_or_attempt) -> bool:
    path = getattr(request_or_attempt, "path", None) or getattr(request_or_attempt, "path_info", "")
    return (path or "").startswith(API_PREFIX)


def axes_username(request, credentials) -> str:
    """django-axes counts failures per account, whichever login name was typed (a name that is
    no account's is kept masked if it holds a mobile or ID number)."""
    login = ""
    if credentials:
        login = credentials.get("username", "")
    elif request is not None:
        login = request.POST.get("username", "")
    user = find_user(login)
    name = user.get_username() if user is not None else mask_personal_numbers((login or "").strip())
    return API_SCOPE + name if request is not None and _is_api(request) else name


def axes_lockout_parameters(request_or_attempt, credentials=None) -> list:
    """Pages lock the account; the API token endpoint locks the account from that address."""
    if _is_api(request_or_attempt):
        return [["username", "ip_address"]]
    return ["username"]
