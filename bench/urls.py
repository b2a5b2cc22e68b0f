from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.shortcuts import render
from django.urls import path

from jiangxin.urls import urlpatterns as app_urlpatterns

# The same 50 rows the roster page shows to the town admin: the same table, filter and order,
# fetched with one hand-written query and rendered with a plain template.
BASELINE_SQL = """
SELECT w.id, w.name, w.gender, w.id_number_masked, w.mobile_masked, e.name, o.name, w.skill_level
FROM workers_worker w
LEFT JOIN organisations_enterprise e ON e.id = w.enterprise_id
LEFT JOIN workers_occupation o ON o.id = w.occupation_id
WHERE w.org_path LIKE %s
ORDER BY w.name_pinyin, w.id
LIMIT 50
"""


@login_not_required
def baseline_roster(request):
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL, [request.GET.get("path", "/") + "%"])
        rows = cursor.fetchall()
    return render(request, "baseline_roster.html", {"rows": rows})


urlpatterns = [path("bench/baseline/roster/", baseline_roster), *app_urlpatterns]
