"""The exams access matrix: every exams URL, every member of the cast, the status each gets.
A URL added to exams/urls.py without a row here fails ``test_every_exams_view_is_in_the_matrix``.
"""

import pytest
from django.urls import reverse

from jiangxin.exams import urls as exams_urls

pytestmark = pytest.mark.django_db

CAST = [
    "platform",
    "county_admin",
    "county_viewer",
    "town_admin",
    "sibling_admin",
    "worker_user",
    "outsider",
]

# name → (method, args, {who: status}); args: "c" the competition, "p" the paper
MATRIX = {
    "question_list": ("get", None, [200, 200, 200, 200, 200, 404, 404]),
    "question_template": ("get", None, [200, 200, 200, 200, 200, 404, 404]),
    "question_import": ("get", None, [200, 200, 403, 200, 200, 404, 404]),
    "paper_edit": ("get", "c", [200, 200, 403, 403, 403, 403, 404]),
    "paper_draw": ("post", "c", [302, 302, 403, 403, 403, 403, 404]),
    "paper_collect": ("post", "c", [302, 302, 403, 403, 403, 403, 404]),
    "exam_list": ("get", None, [404, 404, 404, 404, 404, 200, 404]),
    "exam_take": ("get", "p", [404, 404, 404, 404, 404, 200, 404]),
    "exam_start": ("post", "p", [404, 404, 404, 404, 404, 302, 404]),
    "exam_answer": ("post", "p", [404, 404, 404, 404, 404, 404, 404]),  # nobody has started
    "exam_submit": ("post", "p", [404, 404, 404, 404, 404, 404, 404]),
}


def test_every_exams_view_is_in_the_matrix():
    assert {p.name for p in exams_urls.urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(exam, cast, client, name):
    method, arg, statuses = MATRIX[name]
    args = {"c": [exam["competition"].pk], "p": [exam["paper"].pk], None: []}[arg]
    url = reverse(name, args=args)
    got = {}
    for who in CAST:
        client.force_login(cast[who])
        got[who] = getattr(client, method)(url).status_code
    assert got == dict(zip(CAST, statuses, strict=True))
