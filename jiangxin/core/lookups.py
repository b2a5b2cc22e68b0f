"""Integers past a column's range match no row, in every lookup — never an OverflowError
(SQLite) or "out of range" (PostgreSQL) from the database.

Django does this for ``exact``/``gt``/``lt``… on an integer column itself (``IntegerFieldOverflow``)
but not through a foreign key (``?competition=99999999999999999999``, an admin list filter) nor
for ``in`` (a multiple choice of ids). The lookups below fill those two gaps, registered on the
field classes in ``CoreConfig.ready()``: an id past the range is known to match nothing before
any SQL is written. The forms and the API schemas refuse such numbers first (``core.bounds``);
this is what holds when a new view forgets.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _limits(field, connection) -> tuple[int, int] | None:
    target = getattr(field, "target_field", field)
    internal_type = target.get_internal_type()
    if internal_type not in connection.ops.integer_field_ranges:
        return None
    return connection.ops.integer_field_range(internal_type)


def _out_of_range(value, field, connection) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    limits = _limits(field, connection)
    return limits is not None and not limits[0] <= value <= limits[1]


class RelatedExactInRange(RelatedExact):
    def process_rhs(self, compiler, connection):
        if _out_of_range(self.rhs, self.lhs.output_field, connection):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class _InRange:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            field = self.lhs.output_field
            self.rhs = [v for v in self.rhs if not _out_of_range(v, field, connection)]
        return super().process_rhs(compiler, connection)


class IntegerInRange(_InRange, In):
    pass


class RelatedInRange(_InRange, RelatedIn):
    pass


def register() -> None:
    ForeignObject.register_lookup(RelatedExactInRange)
    ForeignObject.register_lookup(RelatedInRange)
    IntegerField.register_lookup(IntegerInRange)
