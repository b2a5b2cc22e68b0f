from jiangxin.workers.models import Worker
from jiangxin.workers.pinyin import search_keys


def test_initials_and_full_spelling_are_keys():
    keys = search_keys("柯碧霞").split()
    assert "kbx" in keys and "kebixia" in keys


def test_every_reading_of_a_surname_counts():
    keys = search_keys("曾小贤").split()
    assert {"zxx", "cxx", "zengxiaoxian"} <= set(keys)
    assert {"sxx", "dxx"} <= set(search_keys("单晓霞").split())


def test_every_reading_of_a_given_name_counts():
    assert {"lichangjiang", "lcj"} <= set(search_keys("李长江").split())


def test_roster_search_by_initials_finds_the_worker(cast):
    assert list(Worker.objects.search("kbx")) == [cast["worker_a"]]
    assert list(Worker.objects.search("zxx")) == [cast["worker_b"]]
    assert list(Worker.objects.search("ZengXiao")) == [cast["worker_b"]]


def test_roster_search_by_full_id_number_uses_the_hash(cast):
    number = cast["worker_c"].id_number()
    assert list(Worker.objects.search(number)) == [cast["worker_c"]]
