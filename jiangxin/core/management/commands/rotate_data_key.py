"""Move every encrypted value to a new data key (core/keys.py; README § Data key).

Run from a shell on the server by the system administrator, with the new key in DATA_KEY and
the one it replaces in DATA_KEY_OLD, after every app server and job worker has been restarted
with the same two variables. The shell login is the re-authentication: the command is not
offered in the pages. Interrupted, it is run again and continues where the values say.
"""

import getpass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record
from jiangxin.core import crypto, keys
from jiangxin.core.checks import status_messages


class Command(BaseCommand):
    help = _(
        "用 DATA_KEY 重新加密全部个人信息并重算查找哈希（原密钥放在 DATA_KEY_OLD）；"
        "可随时中断，再次运行即从中断处继续"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=settings.DATA_KEY_ROTATION_BATCH,
            help=_("每个事务重新加密的行数"),
        )
        parser.add_argument(
            "--max-batches", type=int, default=None, help=_("处理这么多批后停止（再次运行继续）")
        )

    def handle(self, *args, batch_size: int, max_batches: int | None, verbosity: int, **options):
        if batch_size < 1 or (max_batches is not None and max_batches < 1):
            raise CommandError(_("--batch-size 与 --max-batches 须为正整数"))
        state = keys.status()  # the system checks too, unless skipped (call_command skips them)
        if state.outcome == "no_database":
            raise CommandError(_("无法连接数据库") + " / The database cannot be reached.")
        if state.outcome != "ok":
            raise CommandError("\n".join(f"{m.msg}\n{m.hint}" for m in status_messages(state)))
        ring = crypto.keyring()

        def progress(model, rows):
            if verbosity >= 2:
                self.stdout.write(f"{model._meta.label}: {rows}")

        result = keys.rotate(batch_size=batch_size, max_batches=max_batches, on_batch=progress)
        try:
            operator = getpass.getuser()
        except (KeyError, OSError):
            operator = "?"
        record(
            action=AuditEntry.Action.UPDATE,
            actor_label=f"rotate_data_key ({operator})"[:150],
            object_type="core.datakeystate",
            object_repr=_("数据密钥轮换"),
            changes={
                "key": ring.current.kid,
                "old_keys": [k.kid for k in ring.old],
                "rows": result.rows,
                "finished": result.finished,
            },
        )
        if result.finished:
            self.stdout.write(
                _(
                    "完成：重新加密 {rows} 行，全部数据已在密钥 {kid} 之下。"
                    "现在从每个进程的环境中删除 DATA_KEY_OLD 并重启。"
                ).format(rows=result.rows, kid=ring.current.kid)
            )
        else:
            self.stdout.write(
                _(
                    "已停止：本次重新加密 {rows} 行，还有 {remaining} 个值在原密钥之下。"
                    "再次运行本命令即继续。"
                ).format(rows=result.rows, remaining=result.remaining)
            )
