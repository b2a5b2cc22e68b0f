from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.models import Grant, PlatformRole, Registration, User
from jiangxin.accounts.usernames import NotPersonalNumberValidator
from jiangxin.core.forms import PageField, StatusFilterForm
from jiangxin.core.widgets import FastSelect
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers.forms import IdNumberField
from jiangxin.workers.services import check_id_number, normalise_mobile


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名或手机号"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "用户名（或手机号）与密码不匹配，请检查后重试。连续失败 5 次将锁定 30 分钟。"
        ),
        "inactive": _("该账号已停用，请联系所在工会。"),
    }


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = IdNumberField(label=_("公民身份号码"), help_text=_("18位，最后一位可能是X"))
    mobile = forms.CharField(
        label=_("手机号码"), max_length=11, help_text=_("审核通过后也可以用手机号登录")
    )
    username = forms.CharField(
        label=_("用户名"),
        max_length=30,
        required=False,
        help_text=_("字母、数字或 _ 等，不能用手机号或身份证号；不填则自动生成"),
        validators=[UnicodeUsernameValidator(), NotPersonalNumberValidator()],
    )
    enterprise = forms.ModelChoiceField(
        label=_("工作单位"), queryset=Enterprise.objects.order_by("name"), empty_label=_("请选择")
    )
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, strip=False)
    # PIPL: the ID number is sensitive personal information; the notice is accepted on its own.
    accept_notice = forms.BooleanField(
        label=_("我已阅读并同意《个人信息处理规则》，同意平台按规则处理我的公民身份号码等个人信息"),
        error_messages={"required": _("请阅读《个人信息处理规则》并勾选同意后再提交")},
    )

    # Every field's own check runs here, so one submit shows every error at once; the service
    # (``register_worker``) checks them all again and stays the rule.
    def clean_id_number(self):
        value = self.cleaned_data["id_number"]
        check_id_number(value)
        return value

    def clean_mobile(self):
        mobile = normalise_mobile(self.cleaned_data["mobile"])
        if not mobile:
            raise forms.ValidationError(_("请填写手机号码"))
        return mobile

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password:
            # Compared with the name and username given, as the service will.
            provisional = User(
                username=data.get("username") or "", display_name=data.get("name") or ""
            )
            try:
                validate_password(password, provisional)
            except forms.ValidationError as err:
                self.add_error("password", err.messages)
            if password != data.get("password2"):
                self.add_error("password2", _("两次输入的密码不一致"))
        return data


class RejectForm(forms.Form):
    note = forms.CharField(label=_("驳回原因"), max_length=200)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=50)


class RegistrationFilterForm(StatusFilterForm):
    statuses = Registration.Status
    default = Registration.Status.PENDING


class PlatformRoleForm(forms.Form):
    """Give an account a platform duty: by its username (the account must exist and be active)."""

    username = forms.CharField(label=_("账号（用户名）"), max_length=150)
    role = forms.ChoiceField(
        label=_("平台角色"),
        choices=[("", _("请选择")), *PlatformRole.Role.choices],
        error_messages={"invalid_choice": _("没有这个平台角色，请从列表中选择")},
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        self.user = User.objects.filter(username=username, is_active=True).first()
        if self.user is None:
            raise forms.ValidationError(_("没有这个用户名的在用账号，请核对后再试"))
        return username


# --- 账号与授权: the security administrator's account pages (user_admin_views) ------------------


class AccountSearchForm(forms.Form):
    q = forms.CharField(
        label=_("用户名 / 姓名"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("如 anhai 或 陈")}),
    )
    page = PageField()


def node_choices() -> list[tuple[int, str]]:
    """Every union node, in tree order, each indented under its parent (full-width spaces, which
    a <select> keeps): the security administrator grants on any node."""
    rows = Organisation.objects.order_by("path").values_list("pk", "name", "depth")
    return [(pk, "\u3000" * depth + name) for pk, name, depth in rows]


def _node_field(*, required: bool, label=None) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label or _("工会组织"),
        coerce=int,
        required=required,
        empty_value=None,
        widget=FastSelect,
        help_text=_("角色覆盖该组织及其全部下级"),
        error_messages={
            "required": _("请选择工会组织"),
            "invalid_choice": _("没有这个工会组织，请从列表中选择"),
        },
    )


def _role_field(*, required: bool, label=None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label or _("角色"),
        choices=[("", _("请选择")), *Grant.Role.choices],
        required=required,
        error_messages={
            "required": _("请选择角色：工会管理员或查看者"),
            "invalid_choice": _("没有这个角色，请从列表中选择"),
        },
    )


class _NodeForm(forms.Form):
    """A form with an ``organisation`` field listing the union tree (``node_choices``)."""

    no_node = _("请选择")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", self.no_node), *node_choices()]  # type: ignore[attr-defined]

    def clean_organisation(self) -> Organisation | None:
        pk = self.cleaned_data.get("organisation")
        if pk is None:
            return None
        node = Organisation.objects.filter(pk=pk).first()
        if node is None:  # gone since the page was drawn
            raise forms.ValidationError(_("没有这个工会组织，请从列表中选择"))
        return node


class GrantForm(_NodeForm):
    """A role on a node for an existing account (a role it already has there is changed)."""

    organisation = _node_field(required=True)
    role = _role_field(required=True)


class GrantRoleForm(forms.Form):
    role = _role_field(required=True)


class AccountCreateForm(_NodeForm):
    """A new account: its name and, if wished, a first grant (both parts, or neither)."""

    no_node = _("暂不授权")
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("登录用，字母、数字或 @ . + - _；不能用手机号码或身份证号码"),
        validators=[UnicodeUsernameValidator(), NotPersonalNumberValidator()],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    organisation = _node_field(required=False, label=_("首个授权：工会组织（可不选）"))
    role = _role_field(required=False, label=_("首个授权：角色"))

    def clean(self):
        data = super().clean()
        node, role = data.get("organisation"), data.get("role")
        if node is not None and not role and "role" not in self.errors:
            self.add_error("role", _("选择了工会组织，请同时选择角色"))
        if role and node is None and "organisation" not in self.errors:
            self.add_error("organisation", _("选择了角色，请同时选择工会组织"))
        return data
