from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running job worker (``manage.py run_worker``) stamps its row every few seconds;
    ``/readyz`` is ready only while some worker's stamp is recent. The row is removed when the
    worker stops cleanly and pruned a day after its last stamp otherwise."""

    worker_id = models.CharField(_("任务进程编号"), max_length=64, primary_key=True)
    hostname = models.CharField(_("主机"), max_length=255)
    pid = models.PositiveIntegerField(_("进程号"))
    started_at = models.DateTimeField(_("启动时间"))
    beat_at = models.DateTimeField(_("最近心跳"), db_index=True)

    class Meta:
        verbose_name = _("任务进程心跳")
        verbose_name_plural = _("任务进程心跳")

    def __str__(self):
        return f"{self.worker_id}@{self.hostname}:{self.pid}"
