import base64

from django.core.management.base import BaseCommand
from django.db import transaction

from jiangxin.demo import (
    competitions,
    exams,
    innovation,
    innovation_batches,
    innovation_projects,
    innovation_record,
    mentoring,
    roster,
)


class Command(BaseCommand):
    help = "载入演示数据：安海镇总工会及其企业、约2,000名合成职工、三场竞赛与题库、各角色的演示账号"

    def handle(self, *args, **options):
        if roster.is_loaded():
            self.stdout.write("演示数据已存在，跳过载入。（删除 db.sqlite3 可重新生成）")
            accounts = None
        else:
            with transaction.atomic():
                accounts = roster.build()
                competitions.build()
                exams.build()
                accounts.update(mentoring.build())
                accounts.update(innovation.build())
                # named through 泉州's, 晋江's and 安海's batches; the 2021 one delisted after
                accounts.update(innovation_batches.build())
                innovation_record.build()
                # after the studios (demo/innovation.py, the first stage's loader)
                accounts.update(innovation_projects.build())
                accounts.update(JUDGES)
                _accept_notice(accounts)
                _enrol_county_admin()
            self.stdout.write(self.style.SUCCESS("演示数据已载入。"))
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {roster.DEMO_PASSWORD}）：")
        for username, description in (accounts or {**roster_accounts(), **JUDGES}).items():
            self.stdout.write(f"  {username:<10} {description}")
        self.stdout.write("")
        self.stdout.write("双因素认证：县级及以上工会管理员和平台管理员登录时须输入动态验证码。")
        self.stdout.write(f"  jinjiang 的演示密钥（Base32）：{DEMO_TOTP_BASE32}")
        self.stdout.write(f"  添加到身份验证器应用：{DEMO_TOTP_URI}")
        self.stdout.write(
            "  或在本机取当前验证码：.venv/bin/python -c "
            f"\"from django_otp.oath import totp; print('%06d' % totp(bytes.fromhex('{DEMO_TOTP_HEX}')))\""
        )
        self.stdout.write("  platform、anquan、shenji 首次登录时按页面提示绑定自己的验证器。")


def _accept_notice(usernames) -> None:
    """The demo logins have accepted the personal-information notice already (the day after the
    set-up), so each lands on its own work; a new registration shows the consent step."""
    import datetime

    from jiangxin.accounts.models import User
    from jiangxin.demo.clock import happened_at, on
    from jiangxin.privacy.models import Consent
    from jiangxin.privacy.services import record_consent

    moment = on(roster.SET_UP_ON + datetime.timedelta(days=1), hour=10)
    with happened_at(moment):
        for user in User.objects.filter(username__in=list(usernames), is_superuser=False):
            record_consent(by=user, via=Consent.Via.SETUP)
    Consent.objects.filter(user__username__in=list(usernames)).update(accepted_at=moment)


# The demo county admin's fixed TOTP secret: public on purpose (printed above), demo only.
DEMO_TOTP_HEX = "6a69616e6778696e2d64656d6f2d746f74702d31"
DEMO_TOTP_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_HEX)).decode()
DEMO_TOTP_URI = f"otpauth://totp/Jiangxin:jinjiang?secret={DEMO_TOTP_BASE32}&issuer=Jiangxin"


def _enrol_county_admin() -> None:
    from jiangxin.accounts import twofactor
    from jiangxin.accounts.models import TotpDevice, User

    user = User.objects.get(username="jinjiang")
    twofactor.start_enrolment(user=user, secret_hex=DEMO_TOTP_HEX)
    TotpDevice.objects.filter(user=user).update(confirmed=True)


def roster_accounts() -> dict[str, str]:
    return {
        "platform": "系统管理员（超级用户）",
        "anquan": "安全管理员",
        "shenji": "审计管理员",
        "quanzhou": "泉州市总工会 查看者",
        "jinjiang": "晋江市总工会 管理员",
        "anhai": "安海镇总工会 管理员",
        "dongshi": "东石镇总工会 管理员",
        "jingong": "晋工机械工会 管理员：可为本企业工作室申报复核确认",
        "lili": "力利玩具工会 管理员",
        "zhigong": "职工（晋工机械）",
        "shifu": "师傅：填写带徒记录",
        "lingban": "工作室领办人（福建恒安集团劳模创新工作室）",
        "zhuanjia": "评审专家：工作室命名批次的评分队列",
    }


JUDGES = {
    "caipan1": "裁判（晋江市劳动关系协调员竞赛、力利玩具女职工竞赛）",
    "caipan2": "裁判",
    "caipan3": "裁判",
    "caipanzhang": "裁判长：锁定成绩",
}
