# SPDX-License-Identifier: MIT
"""Comparing two claims: how their scopes and ranges relate, how far apart
they are, and whether both can hold (docs/model.md section 4).

The **figure** of a claim is its best estimate, or its low bound; the
**gap** between two ranges is the smallest distance between a count of one
and a count of the other (0 when they meet).
"""

import dataclasses

from . import _ffi
from ._ffi import lib
from .types import Claim, RangeRelation, ScopeRelation, _Named


class Side(_Named):
    """Which of two compared claims something points at: ``NEITHER``,
    ``FIRST`` or ``SECOND``."""

    NEITHER = 0
    FIRST = 1
    SECOND = 2


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The comparison of a first claim with a second one.

    ``consistent`` is True when both can be true together: on the same
    scope their ranges meet; for nested scopes the part's low is not above
    the whole's high; overlapping or disjoint scopes never constrain each
    other. ``gap`` says by how much they fail to be consistent (0 when
    they are). ``ratio`` is ``first_figure / second_figure`` (NaN when the
    second figure is 0). ``narrower`` names the claim with the narrower
    range (an open range is the widest).
    """

    scope_relation: ScopeRelation
    range_relation: RangeRelation
    consistent: bool
    narrower: Side
    gap: int
    first_figure: int
    second_figure: int
    ratio: float


def _comparison_struct():
    return _ffi.sized(_ffi.ComparisonStruct)


def comparison_from_c(c):
    """A :class:`Comparison` copied out of a ``cas_comparison`` (internal)."""
    return Comparison(ScopeRelation(c.scope_relation), RangeRelation(c.range_relation),
                      bool(c.consistent), Side(c.narrower), c.gap, c.first_figure,
                      c.second_figure, c.ratio)


def compare(first, second):
    """Compare claim ``first`` with claim ``second`` (both
    :class:`~casualty.Claim`; the order matters for the relations, the
    ratio and the sides). Both are validated first: an invalid claim raises
    the matching error, whose message says "first claim" or "second
    claim"."""
    for claim in (first, second):
        if not isinstance(claim, Claim):
            raise TypeError("expected a Claim, got %r" % (claim,))
    out = _comparison_struct()
    lib.cas_compare_claims(out, first._to_c(), second._to_c(), _ffi.new_error())
    return comparison_from_c(out)


def compare_at(ledger, first, second):
    """Compare the claims at positions ``first`` and ``second`` of
    ``ledger`` (see :meth:`casualty.Ledger.compare`)."""
    out = _comparison_struct()
    lib.cas_compare_at(out, ledger._c(), first, second, _ffi.new_error())
    return comparison_from_c(out)
