"""``manage.py restore_drill [--dump PATH]``: restore a backup into a scratch database and check
it against this one — every table's rows and checksum, and a sample of encrypted values
decrypted with DATA_KEY (``jiangxin/ops/backup.py``). Without ``--dump`` it takes a dump now."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiangxin.ops.backup import drill


class Command(BaseCommand):
    help = "还原演练：把备份还原到临时数据库，逐表核对行数与校验和，并用数据密钥解密抽样。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dump",
            type=Path,
            help="要还原的备份文件（PostgreSQL：pg_dump -Fc 的输出；SQLite：SQL 文本转储）；"
            "不给则现场备份一份",
        )

    def handle(self, *args, dump=None, **options):
        report = drill(dump)
        differ = [t for t in report.tables if not t.same]
        for t in report.tables:
            mark = "ok" if t.same else "DIFFERS"
            self.stdout.write(f"{t.table:<45} {t.rows:>9} {t.restored_rows:>9}  {mark}")
        self.stdout.write(
            f"{len(report.tables)} tables, {sum(t.rows for t in report.tables)} rows; "
            f"{report.decrypted} encrypted values decrypted from the restored copy."
        )
        if differ:
            raise CommandError(
                "还原结果与数据库不一致 / the restored copy differs: "
                + ", ".join(t.table for t in differ)
            )
        self.stdout.write(self.style.SUCCESS("还原演练通过 / restore drill passed"))
