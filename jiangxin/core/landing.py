"""Where each user lands (the home page and after logging in): their own work.

- union staff (any grant) and the system administrator: the dashboard (``home``);
- the security administrator: 账号与授权 (the accounts and their grants); the audit administrator: the audit log;
- a worker who is the master of a current pair: 我的带徒 (their pairs and the months to log);
- any other worker bound to a roster record: that record;
- a judge with no grant and no record: their scoring tasks; a studio naming expert likewise
  (the naming batches they score);
- anyone else (a registration waiting for approval, or nothing yet): their registration status.
"""

from django.urls import reverse

from jiangxin.accounts.access import reach_of


def landing_url(user) -> str:
    reach = reach_of(user)
    if reach.is_union_user:
        return reverse("home")
    if reach.platform_role == "security":
        return reverse("account_list")
    if reach.platform_role == "audit":
        return reverse("audit_list")
    if reach.worker_id and reach.has("master"):  # mentoring's reach source (mentoring/reach.py)
        return reverse("my_pairs")
    if reach.worker_id:
        return reverse("worker_detail", args=[reach.worker_id])
    if reach.judge:
        return reverse("judging_list")
    if reach.has("studio_expert"):  # innovation's reach source (innovation/reach.py)
        return reverse("batch_list")
    return reverse("registration_status")
