"""Running a parser where a runaway cannot take the server down: under an address-space
ceiling (``RLIMIT_AS``), so an allocation past it fails at once instead of the kernel's OOM
killer taking a whole app server. Pure: no Django import.

- :func:`run_isolated` — for a web request: a fresh interpreter (the app server has threads, so
  it must not fork) runs ``module:function`` on pickled arguments under a memory and CPU-time
  ceiling and pickles the result back. It costs an interpreter start (~0.1 s) and the result's
  pickling: fine for the few megabytes a request parses, too slow for a 100,000-row roster
  (pickling its rows back alone takes 1.2 s).
- :func:`process_ceiling` — for the job worker (``manage.py run_worker``): the worker itself
  runs under a ceiling of its size plus ``IMPORT_WORKER_MEMORY_MB``, and parses in line. (A
  forked child per task was measured at 0.7 s more per 100,000-row import: every page of the
  child's heap is faulted in afresh.)

Where a ceiling is in force :func:`active` is true, so code that would isolate itself parses in
line. Past the ceiling Python raises ``MemoryError`` (the importer turns it into a message);
native code (calamine, in Rust) aborts its process — a fresh interpreter's abort comes back as
:class:`ChildFailed`; the worker's ends the worker, which the supervisor restarts and whose job
the stale-job check fails. The spreadsheet guard keeps calamine's allocations bounded, so that
last case is the defence behind the defence.
"""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_ROOT = str(Path(__file__).resolve().parent.parent.parent)  # the checkout: jiangxin/ lives here
_active = False


class ChildFailed(Exception):
    """The child did not finish: ``reason`` is "memory" (it passed its ceiling), "time" (its
    CPU limit) or "crashed"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def active() -> bool:
    """Whether this process already runs under a ceiling set here."""
    return _active


def _address_space() -> int:
    """This process's current virtual size, in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _set_ceiling(total_bytes: int) -> None:
    """Lower the soft address-space limit to ``total_bytes`` (never raise one already lower,
    such as a unit's ``LimitAS=``)."""
    global _active
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    for limit in (soft, hard):
        if limit != resource.RLIM_INFINITY:
            total_bytes = min(total_bytes, limit)
    resource.setrlimit(resource.RLIMIT_AS, (total_bytes, hard))
    _active = True


@contextmanager
def process_ceiling(extra_bytes: int) -> Iterator[None]:
    """While the block runs, this process's address space may grow by ``extra_bytes`` at most
    (the soft ``RLIMIT_AS``; restored afterwards, so a test that runs the worker leaves no
    limit behind for the processes it starts later)."""
    global _active
    before, was_active = resource.getrlimit(resource.RLIMIT_AS), _active
    _set_ceiling(_address_space() + extra_bytes)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, before)
        _active = was_active


# --- a fresh interpreter, for web requests ----------------------------------------------------


def run_isolated(target: str, *args: Any, memory_bytes: int, cpu_seconds: int) -> Any:
    """``target`` ("package.module:function") called with ``args`` in a fresh interpreter whose
    address space is capped at ``memory_bytes`` and CPU time at ``cpu_seconds``. Returns what
    it returns, raises what it raises (both pickled), or :class:`ChildFailed`."""
    payload = pickle.dumps((target, args, memory_bytes, cpu_seconds), pickle.HIGHEST_PROTOCOL)
    command = [
        sys.executable,
        "-I",  # no user site, no PYTHON* variables: the child sees only the checkout
        "-c",
        f"import sys; sys.path.insert(0, {_ROOT!r}); "
        "from jiangxin.core.ceiling import _child_main; _child_main()",
    ]
    # No secrets in the child's environment: it only parses.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    try:
        done = subprocess.run(
            command, input=payload, capture_output=True, env=env, timeout=cpu_seconds * 3 + 10
        )
    except subprocess.TimeoutExpired:
        raise ChildFailed("time") from None
    if done.returncode == 0 and done.stdout:
        outcome, value = pickle.loads(done.stdout)
        if outcome == "return":
            return value
        if outcome == "raise":
            raise value
        raise ChildFailed("memory")
    raise ChildFailed(_reason(-done.returncode if done.returncode < 0 else 0, done.stderr))


def _reason(signal_number: int, stderr: bytes = b"") -> str:
    if signal_number == signal.SIGXCPU:
        return "time"
    if signal_number in (signal.SIGKILL, signal.SIGABRT) or b"memory allocation" in stderr:
        return "memory"  # Rust aborts on a failed allocation; the kernel kills on OOM
    return "crashed"


def _child_main() -> None:
    """The fresh interpreter's side of :func:`run_isolated`."""
    target, args, memory_bytes, cpu_seconds = pickle.loads(sys.stdin.buffer.read())
    _set_ceiling(memory_bytes)
    resource.setrlimit(
        resource.RLIMIT_CPU, (cpu_seconds, resource.getrlimit(resource.RLIMIT_CPU)[1])
    )
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file of personal data
    try:
        module, _, name = target.partition(":")
        value = ("return", getattr(importlib.import_module(module), name)(*args))
    except MemoryError:
        value = ("memory", None)
    except Exception as err:  # handed to the parent, raised there
        value = ("raise", err)
    try:
        out = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        out = pickle.dumps(("memory", None))
    except Exception:  # an exception that does not pickle: its text does
        out = pickle.dumps(("raise", RuntimeError(str(value[1]))))
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
