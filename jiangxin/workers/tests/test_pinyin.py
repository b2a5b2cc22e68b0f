from jiangxin.workers.models import Worker
from jiangxin.workers.pinyin import search_keys


def test_initials_and_full_spelling_are_keys():
    keys = search_keys("柯宝馨").split()
    assert "kbx" in keys and "kebaoxin" in keys


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


# Worked out by hand from the readings, as a dictionary orders them: syllable by syllable, a
# shorter syllable before a longer one it begins (li < lian, an < ang), surnames by their surname reading
# (曾 zēng, 单 shàn), Latin letters one by one.
PINYIN_ORDER = ["艾小红", "李安", "李昂", "连杰", "吕布", "单田芳", "吴晓东", "曾小贤"]


def test_sort_keys_follow_the_dictionary():
    from jiangxin.workers.pinyin import sort_key

    shuffled = ["曾小贤", "连杰", "吴晓东", "艾小红", "单田芳", "李安", "吕布", "李昂"]
    assert sorted(shuffled, key=sort_key) == PINYIN_ORDER


def test_sort_keys_hold_only_characters_every_collation_orders_alike():
    """Only a–z and 0–9, no spaces or punctuation: PostgreSQL's en_US/zh_CN collations (which
    skip spaces and punctuation at first) and SQLite's byte order sort them identically."""
    import re

    from jiangxin.workers.pinyin import sort_key

    for name in [*PINYIN_ORDER, "阿依古丽·买买提", "Alice 王", "欧阳 修"]:
        assert re.fullmatch(r"[a-z0-9]+", sort_key(name)), name


def test_the_roster_lists_workers_in_pinyin_order(cast, login, django_assert_max_num_queries):
    from django.urls import reverse

    from jiangxin import factories as f
    from jiangxin.workers.models import Worker

    Worker.objects.all().delete()
    for name in ["曾小贤", "连杰", "吴晓东", "艾小红", "单田芳", "李安", "吕布", "李昂"]:
        f.worker(cast["union_a"], name, enterprise_obj=cast["ent_a"])
    client = login(cast["county_admin"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("worker_list")).content.decode()
    positions = [page.index(name) for name in PINYIN_ORDER]
    assert positions == sorted(positions)
    # The API lists in the same order.
    api = client.get("/api/v1/workers").json()["items"]
    assert [w["name"] for w in api] == PINYIN_ORDER


def test_every_collation_of_the_database_orders_the_keys_alike(cast):
    """On SQLite (binary, and NOCASE) and, when the suite runs on PostgreSQL, under every
    collation the server has of C, en_US, zh_CN and ICU's root: the same pinyin order."""
    from django.db import connection
    from django.db.models.functions import Collate

    from jiangxin import factories as f
    from jiangxin.workers.models import Worker

    Worker.objects.all().delete()
    for name in reversed(PINYIN_ORDER):
        f.worker(cast["union_a"], name, enterprise_obj=cast["ent_a"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT collname FROM pg_collation WHERE collname IN "
                "('C', 'en_US.utf8', 'en_US', 'zh_CN.utf8', 'zh_CN', 'und-x-icu', 'zh-x-icu')"
            )
            collations = [row[0] for row in cursor.fetchall()]
    else:
        collations = ["BINARY", "NOCASE"]
    assert collations
    for collation in [None, *collations]:
        key = "name_pinyin" if collation is None else Collate("name_pinyin", collation)
        names = list(Worker.objects.order_by(key, "pk").values_list("name", flat=True))
        assert names == PINYIN_ORDER, collation


def test_a_surname_sorts_by_its_surname_reading():
    from jiangxin.workers.pinyin import sort_key

    assert sort_key("尉迟恭").startswith("yu0000chi000gong00")  # not wei as 尉 alone
    assert sort_key("曾小贤") == "zeng00xiao00xian00"  # 曾 as a surname is zeng, not ceng
    assert sort_key("单晓霞").startswith("shan00")
