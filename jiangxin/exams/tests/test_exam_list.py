"""The contestant's exam list: every paper of every competition their own drawn entry is in."""

import pytest
from django.urls import reverse

from jiangxin.competitions.models import Entry

pytestmark = pytest.mark.django_db


def test_another_entry_without_a_code_does_not_hide_the_paper(exam, cast, client):
    # B3: one other entry of the competition not drawn (no code) emptied the list
    Entry.objects.filter(pk=exam["entries"]["c"].pk).update(code="", status="pending")
    client.force_login(cast["worker_user"])
    body = client.get(reverse("exam_list")).content.decode()
    assert reverse("exam_take", args=[exam["paper"].pk]) in body
    assert exam["competition"].title in body


def test_the_contestants_own_entry_without_a_code_has_no_paper(exam, cast, client):
    Entry.objects.filter(pk=exam["entries"]["a"].pk).update(code="")
    client.force_login(cast["worker_user"])
    body = client.get(reverse("exam_list")).content.decode()
    assert reverse("exam_take", args=[exam["paper"].pk]) not in body
    assert "您目前没有需要参加的在线考试" in body
    assert client.get(reverse("exam_take", args=[exam["paper"].pk])).status_code == 404
