from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from jiangxin.core import crypto


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


def axes_username(request, credentials) -> str:
    """django-axes counts failures per account, whichever login name was typed."""
    login = ""
    if credentials:
        login = credentials.get("username", "")
    elif request is not None:
        login = request.POST.get("username", "")
    user = find_user(login)
    return user.get_username() if user is not None else (login or "").strip()
