import pytest

from jiangxin.ops.tests.outage import database_away


@pytest.fixture
def outage(db):
    with database_away():
        yield
