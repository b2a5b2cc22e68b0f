"""A job for the worker tests: run by a real worker process, its result read back."""

from django_tasks import task


@task()
def double(value: int) -> int:
    return value * 2
