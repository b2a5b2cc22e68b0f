"""Shared set-up for the benchmarks: a PostgreSQL database of their own, a union tree,
a generated roster file."""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jiangxin_bench"


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    _ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _forget_data_under_another_key()


def _forget_data_under_another_key() -> None:
    """A bench database filled before it had its own data key (bench/settings.py): its roster
    would not decrypt, and the server would refuse to start. Empty it; the benchmarks refill."""
    from jiangxin.core import keys
    from jiangxin.core.models import DataKeyState

    if keys.status().outcome != "ok":
        truncate_roster()
        DataKeyState.objects.all().delete()
        if keys.status().outcome != "ok":
            raise SystemExit("The bench database holds data under another key: drop it.")


def _ensure_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    if not cfg["ENGINE"].endswith("postgresql"):
        raise SystemExit("The benchmarks run on PostgreSQL: set DATABASE_URL=postgres://…")
    admin = psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1",
        port=cfg["PORT"] or 5432,
        user=cfg["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    )
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
        admin.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    admin.close()


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def build_tree(enterprises_per_town: tuple[int, int] = (160, 40)):
    """province → city → county → town A, town B with enterprise unions. Idempotent."""
    from jiangxin import factories as f
    from jiangxin.accounts.models import User
    from jiangxin.organisations.models import Enterprise, Organisation

    K = Organisation.Kind
    existing = Organisation.objects.filter(name="基准县总工会").first()
    if existing is None:
        province = f.org(None, "基准省总工会", K.PROVINCE)
        city = f.org(province, "基准市总工会", K.CITY)
        county = f.org(city, "基准县总工会", K.COUNTY)
        for town_name, count in zip(
            ["基准甲镇总工会", "基准乙镇总工会"], enterprises_per_town, strict=True
        ):
            town = f.org(county, town_name, K.TOWN)
            for i in range(count):
                union = f.org(town, f"{town_name[:4]}第{i + 1}企业工会", K.ENTERPRISE)
                f.enterprise(
                    union,
                    f"{town_name[:4]}第{i + 1}企业有限公司",
                    industry_name=["五金机械", "纸制品", "食品饮料", "玩具文具", "制革"][i % 5],
                )
        f.occupation()
        f.occupation("车工", "6-18-01-01", 2, 6)
        f.user("bench_county", node=county)
        f.user("bench_town", node=Organisation.objects.get(name="基准甲镇总工会"))
    county = Organisation.objects.get(name="基准县总工会")
    town = Organisation.objects.get(name="基准甲镇总工会")
    enterprises = {
        "A": list(
            Enterprise.objects.filter(union__path__startswith=town.path).values_list(
                "name", flat=True
            )
        ),
        "B": list(
            Enterprise.objects.exclude(union__path__startswith=town.path)
            .filter(union__path__startswith=county.path)
            .values_list("name", flat=True)
        ),
    }
    return {
        "county": county,
        "town": town,
        "county_admin": User.objects.get(username="bench_county"),
        "town_admin": User.objects.get(username="bench_town"),
        "enterprises": enterprises,
    }


SURNAMES = "陈林黄张吴王李蔡许郑施洪曾柯庄苏杨刘谢颜"
GIVEN = "志伟明华建国丽娟秀英小燕海峰晓东文杰碧霞雅婷金龙永福清水美玲婉如春梅少华振宇锦辉"


def roster_rows(
    n: int, enterprises: dict[str, list[str]], *, seed: int = 7, town_a_share: float = 0.8
):
    """``n`` valid template rows with distinct ID numbers."""
    from jiangxin.workers.idnumber import make_id_number

    rng = random.Random(seed)
    start = datetime.date(1970, 1, 1)
    levels = ["无等级", "五级/初级工", "四级/中级工", "三级/高级工", "二级/技师"]
    for i in range(n):
        birth = start + datetime.timedelta(days=i // 10)
        number = make_id_number("350582", birth, (i % 10) * 2 + rng.randint(0, 1) + 100)
        pool = enterprises["A"] if rng.random() < town_a_share else enterprises["B"]
        yield [
            rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            number,
            f"13{rng.randint(0, 999999999):09d}",
            rng.choice(pool),
            "",
            "正式用工",
            "",
            "车工（6-18-01-01）",
            "车工岗",
            rng.choice(["一般岗位", "关键岗位"]),
            rng.choice(levels),
            "是",
            "2018-03-01",
        ]


def roster_file(n: int, enterprises) -> Path:
    """A generated .xlsx of ``n`` rows (cached in bench/out/, since writing it takes a while)."""
    from openpyxl import Workbook

    from jiangxin.workers.roster_format import COLUMNS

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"roster-{n}.xlsx"
    if path.exists():
        return path
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("职工名册")
    ws.append([title for _k, title, _r in COLUMNS])
    for r in roster_rows(n, enterprises):
        ws.append(r)
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    tmp.rename(path)
    return path


def truncate_roster() -> None:
    """Empty the roster without leaving dead rows behind (DELETE would bloat the table and
    its indexes across repeated runs and skew every later figure)."""
    from django.db import connection

    with connection.cursor() as cursor:
        # CASCADE: competition entries refer to workers; this is the bench database's own data.
        cursor.execute("TRUNCATE workers_worker, workers_honour CASCADE")


def vacuum_roster() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE workers_worker")
