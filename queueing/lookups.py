"""``field__in_ints=[…]``: an ``IN`` over integers, written into the SQL as literals.

Django's ``__in`` prepares and binds every value on its own, about 6 µs an id on this
machine. A shared message's steps filter by lists of a few hundred ids several times, so
that preparation cost more than the statements. Every value goes through ``int()``: nothing
but an integer ever reaches the SQL text.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField, Lookup


class InIntegers(Lookup):
    lookup_name = "in_ints"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        if not self.rhs:
            raise EmptyResultSet  # as ``__in=[]``: matches nothing
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(map(str, self.rhs))})", list(params)


def register() -> None:
    """Every integer column (primary keys included) gets the lookup."""
    IntegerField.register_lookup(InIntegers)
