"""The memory ceiling: a parser that runs away fails in its own process (or with a MemoryError
here), and this process — standing in for the app server — carries on, no bigger."""

import resource
import time

import pytest

from jiangxin.core import ceiling
from jiangxin.core.tests.sheetfiles import sparse_sheet

TARGETS = "jiangxin.core.tests.ceiling_targets"
MB = 1024 * 1024


def isolated(name, *args, memory_mb=512, cpu_seconds=20):
    return ceiling.run_isolated(
        f"{TARGETS}:{name}", *args, memory_bytes=memory_mb * MB, cpu_seconds=cpu_seconds
    )


def peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def test_the_result_and_the_exception_come_back_from_the_child():
    assert isolated("echo", {"行": [1, 2.5, "三"]}) == {"行": [1, 2.5, "三"]}
    with pytest.raises(ValueError, match="文件不对"):
        isolated("refuse", "文件不对")


def test_the_child_sees_no_secret_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATA_KEY", "c2VjcmV0")
    assert isolated("environment", "DATA_KEY") is None


def test_an_allocation_past_the_ceiling_fails_the_child_not_this_process():
    before = peak_kb()
    with pytest.raises(ceiling.ChildFailed) as failed:
        isolated("allocate", 2048, memory_mb=512)
    assert failed.value.reason == "memory"
    assert peak_kb() - before < 100 * 1024


def test_calamine_on_the_sparse_sheet_dies_in_its_child_not_here():
    """What the guard prevents: calamine asks for 512 GiB at once for the 1.6 KB file. Under
    the ceiling the allocation fails (Rust aborts the child) instead of the OOM killer taking
    the app server."""
    before, start = peak_kb(), time.perf_counter()
    with pytest.raises(ceiling.ChildFailed) as failed:
        isolated("parse_unguarded", sparse_sheet(), memory_mb=1024)
    assert failed.value.reason == "memory"
    assert time.perf_counter() - start < 10
    assert peak_kb() - before < 100 * 1024


def test_a_child_that_never_stops_is_stopped_by_its_cpu_limit():
    with pytest.raises(ceiling.ChildFailed) as failed:
        isolated("spin", cpu_seconds=1)
    assert failed.value.reason == "time"


def test_the_process_ceiling_turns_a_runaway_into_a_memory_error_and_is_lifted_after():
    limit_before = resource.getrlimit(resource.RLIMIT_AS)
    assert not ceiling.active()
    with ceiling.process_ceiling(256 * MB):
        assert ceiling.active()
        with pytest.raises(MemoryError):
            bytearray(1024 * MB)
        assert len(bytearray(16 * MB)) == 16 * MB  # still working, within the ceiling
    assert not ceiling.active()
    assert resource.getrlimit(resource.RLIMIT_AS) == limit_before
