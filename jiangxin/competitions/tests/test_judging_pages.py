"""The judges' pages: codes, not names; all-or-nothing saves; the chief's lock page."""

from django.urls import reverse

from jiangxin.competitions.models import Score


def test_a_judge_sees_codes_never_names_while_marking(running, login):
    body = (
        login(running["judges"][0])
        .get(reverse("judging_entries", args=[running["competition"].pk]))
        .content.decode()
    )
    for entry in running["entries"].values():
        assert entry.code in body
        assert entry.worker.name not in body and entry.delegation.name not in body
    page = login(running["judges"][0]).get(
        reverse("judging_entry", args=[running["competition"].pk, running["entries"]["a"].code])
    )
    assert running["entries"]["a"].worker.name not in page.content.decode()


def test_pages_are_404_for_anyone_not_appointed(running, login, cast):
    for who in ["county_viewer", "town_admin", "worker_user"]:
        assert (
            login(cast[who])
            .get(reverse("judging_entries", args=[running["competition"].pk]))
            .status_code
            == 404
        )


def test_only_the_chief_opens_the_lock_page(running, login):
    assert (
        login(running["judges"][0])
        .get(reverse("judging_lock", args=[running["competition"].pk]))
        .status_code
        == 403
    )


def test_a_form_with_one_bad_mark_saves_none(running, login):
    client = login(running["judges"][0])
    url = reverse("judging_entry", args=[running["competition"].pk, running["entries"]["c"].code])
    response = client.post(
        url, {f"a{running['judged'].pk}": "2", f"a{running['measured'].pk}": "9"}, follow=True
    )
    assert "扣分不能超过分值 5.00" in response.content.decode()
    assert not Score.objects.exists()
    client.post(url, {f"a{running['judged'].pk}": "2", f"a{running['measured'].pk}": "0.5"})
    assert sorted(Score.objects.values_list("value", flat=True)) == [2, 4.5]
