"""/api/v1/: the JSON API. Every collection is scoped exactly as the pages are (the same
``visible_to`` querysets); personal data is always masked."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError
from ninja.security import HttpBearer, django_auth

from jiangxin.accounts.services import TokenExpired, create_api_token, user_for_token
from jiangxin.accounts.views import api_lockout_message
from jiangxin.audit.services import client_ip
from jiangxin.competitions.api import router as competitions_router
from jiangxin.core.schemas import REFUSALS, Problem, input_problem
from jiangxin.innovation.api import router as innovation_router
from jiangxin.innovation.api_batches import router as innovation_batches_router
from jiangxin.innovation.api_contest import router as innovation_contest_router
from jiangxin.innovation.api_projects import router as innovation_projects_router
from jiangxin.innovation.api_record import router as innovation_record_router
from jiangxin.mentoring.api import router as mentoring_router
from jiangxin.organisations.api import router as organisations_router
from jiangxin.workers.api import router as workers_router


class FramedSwagger(Swagger):
    """The Swagger UI inside the site's layout (menu, header), not a bare page."""

    template = "core/api_docs.html"


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        try:
            return user_for_token(token)
        except TokenExpired:
            raise AuthenticationError(
                401, _("令牌已过期，请在“API 令牌”页面创建新令牌，或以账号密码重新换取。")
            ) from None


class JiangxinAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The document, with every operation's refusals stated: any call may be refused
        (400 bad input, 401 no login, 403, 404, 422 a value outside its schema), always with
        the ``Problem`` body, so a client can rely on that shape."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = Problem.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                for status, description in REFUSALS.items():
                    if status == 401 and not operation.get("security"):
                        continue
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": description, "content": problem}
        return schema


api = JiangxinAPI(
    title=_("匠心 API"),
    version="1.0.0",
    description=_(
        "匠心职工素质提升平台接口。用 `Authorization: Bearer <令牌>` 认证；令牌在“API 令牌”页面创建，"
        "或用 POST /api/v1/auth/token 以账号密码换取；令牌有有效期（过期后返回 401），可在该页面吊销。"
        "每个列表只含该账号在页面上也能打开的记录。"
    ),
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    docs=FramedSwagger(),
)


# One place turns a service's refusal into the API's answer, for every router: a service raises
# ValidationError (bad input: 400, with the same Chinese messages the pages show) or
# PermissionDenied (403); a missing or invisible object is 404. Routers do not catch them.
@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors = (
        {
            field: [str(m) for m in ValidationError(msgs).messages]
            for field, msgs in exc.error_dict.items()
        }
        if hasattr(exc, "error_dict")
        else {}
    )
    return api.create_response(
        request, {"detail": "；".join(exc.messages), "errors": errors}, status=400
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc: PermissionDenied):
    detail = str(exc) or _("您没有进行此操作的权限")
    return api.create_response(request, {"detail": detail, "errors": {}}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return api.create_response(request, {"detail": _("未找到该记录"), "errors": {}}, status=404)


# A value outside its schema (a page past 10 million, an id past 64 bits, a date in 8348, text
# for a number, NaN): 422, in Chinese, by field, in the same shape as every other refusal.
@api.exception_handler(InputError)
def _input(request, exc: InputError):
    return api.create_response(request, input_problem(exc.errors), status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    detail = str(exc)
    if isinstance(exc, AuthenticationError) and detail == "Unauthorized":  # ninja's own word
        detail = _("请先登录，或在 Authorization 头中提供有效的令牌")
    return api.create_response(request, {"detail": detail, "errors": {}}, status=exc.status_code)


class TokenIn(Schema):
    username: str
    password: str
    name: str = "API"


class TokenOut(Schema):
    token: str
    name: str


class Message(Schema):
    detail: str


@api.post(
    "/auth/token",
    auth=None,
    response={201: TokenOut, 401: Message, 403: Message},
    tags=[_("认证")],
    summary=_("以账号密码换取令牌"),
)
def issue_token(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        return Status(403, {"detail": api_lockout_message()})
    if user is None:
        return Status(401, {"detail": _("用户名（或手机号）与密码不匹配。")})
    _row, token = create_api_token(by=user, ip=client_ip(request), name=payload.name)
    return Status(201, {"token": token, "name": payload.name})


@api.get("/me", tags=[_("认证")], summary=_("当前账号"))
def me(request):
    user = request.auth
    if user is None:
        raise HttpError(401, _("未认证"))
    return {"id": user.pk, "username": user.get_username(), "display_name": user.display_name}


api.add_router("/", organisations_router)
api.add_router("/", workers_router)
api.add_router("/", competitions_router)
api.add_router("/", mentoring_router)
api.add_router("/", innovation_router)
api.add_router("/", innovation_record_router)
api.add_router("/", innovation_projects_router)
api.add_router("/", innovation_batches_router)
api.add_router("/", innovation_contest_router)
