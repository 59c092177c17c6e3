# SPDX-License-Identifier: MIT
"""The ctypes structs of casualty._ffi have the C layout of the structs they
mirror, as the committed ABI baseline (abi/libcasualty.abi, written by
abidw) records it: the struct's size, and every member's name, offset,
size and kind (signed, unsigned, floating, pointer, array, struct)."""

import ctypes
import os
import unittest
import xml.etree.ElementTree as ET

from casualty import _ffi

import support

ABI = os.path.join(support.TOP_SRCDIR, "abi", "libcasualty.abi")

#: The size-prefixed structs of the public headers: each must be mirrored.
PUBLIC_SIZED = [
    "cas_error", "cas_scope", "cas_claim", "cas_comparison", "cas_reconcile_options",
    "cas_scope_result", "cas_claim_ref", "cas_conflict", "cas_sum", "cas_bounds",
    "cas_source_pair", "cas_hedge", "cas_phrase_claim", "cas_mse_options", "cas_mse_summary",
    "cas_mse_spread", "cas_rollup_options", "cas_rollup_summary", "cas_import_options", "cas_csv_write_options",
    "cas_series_info", "cas_series_report", "cas_series_panel", "cas_series_asof",
]

# ClaimView is cas_claim with its scope's members inline: its names for them.
_VIEW_NAMES = {"scope_size": "scope.size", "outcome": "scope.outcome", "group": "scope.group",
               "perpetrator": "scope.perpetrator", "place": "scope.place",
               "period_start": "scope.period_start", "period_end": "scope.period_end",
               "event": "scope.event"}


class Baseline:
    """The struct layouts of an abidw XML file."""

    def __init__(self, path):
        root = ET.parse(path).getroot()
        self.types = {}    # id -> element
        self.structs = {}  # name -> [class-decl elements with a layout]
        for elem in root.iter():
            if elem.get("id") is not None:
                self.types.setdefault(elem.get("id"), elem)
            if elem.tag == "class-decl" and elem.get("size-in-bits") is not None \
                    and elem.get("is-declaration-only") != "yes":
                self.structs.setdefault(elem.get("name"), []).append(elem)

    def struct(self, name):
        """(size in bytes, [(member, offset, size, kind)]) of struct ``name``,
        with nested structs as (member, offset, size, "struct NAME")."""
        decls = self.structs.get(name)
        if not decls:
            raise AssertionError("%s: struct %s is not in the ABI baseline (no class-decl with "
                                 "a size)" % (ABI, name))
        layouts = {self._layout(d) for d in decls}
        if len(layouts) != 1:
            raise AssertionError("%s: struct %s has %d different layouts" % (ABI, name,
                                                                             len(layouts)))
        return layouts.pop()

    def _layout(self, decl):
        members = []
        for dm in decl.findall("data-member"):
            var = dm.find("var-decl")
            size, kind = self._type(var.get("type-id"))
            members.append((var.get("name"), _bytes(dm.get("layout-offset-in-bits")), size,
                            kind))
        return _bytes(decl.get("size-in-bits")), tuple(members)

    def _type(self, type_id):
        """(size in bytes, kind) of a type, through typedefs and qualifiers."""
        elem = self.types[type_id]
        tag = elem.tag
        if tag in ("typedef-decl", "qualified-type-def"):
            return self._type(elem.get("type-id"))
        if tag == "enum-decl":
            return self._type(elem.find("underlying-type").get("type-id"))
        size = _bytes(elem.get("size-in-bits"))
        if tag == "pointer-type-def":
            return size, "pointer"
        if tag == "array-type-def":
            return size, "array"
        if tag == "class-decl":
            return size, "struct " + elem.get("name")
        name = elem.get("name")
        if name in ("float", "double", "long double"):
            return size, "float"
        if name in ("char", "signed char", "unsigned char"):
            return size, "char"
        return size, "unsigned" if "unsigned" in name else "signed"

    def flat(self, name, prefix=""):
        """The members of ``name`` with those of its nested structs inline
        ("scope.outcome"), as (member, offset, size, kind)."""
        out = []
        for member, offset, size, kind in self.struct(name)[1]:
            if kind.startswith("struct "):
                for m, o, s, k in self.flat(kind[len("struct "):], prefix + member + "."):
                    out.append((m, offset + o, s, k))
            else:
                out.append((prefix + member, offset, size, kind))
        return out


def _bytes(bits):
    bits = int(bits)
    if bits % 8:
        raise AssertionError("%s: a size or offset of %d bits (a bit-field?)" % (ABI, bits))
    return bits // 8


_SIMPLE_KINDS = {"b": "signed", "h": "signed", "i": "signed", "l": "signed", "q": "signed",
                 "B": "unsigned", "H": "unsigned", "I": "unsigned", "L": "unsigned",
                 "Q": "unsigned", "f": "float", "d": "float", "g": "float", "c": "char",
                 "z": "pointer", "P": "pointer", "Z": "pointer"}


def ctypes_kind(ctype):
    """The kind of a ctypes type, in Baseline._type's words."""
    if isinstance(ctype, type) and issubclass(ctype, ctypes.Structure):
        return "struct " + _ffi.SIZED[ctype][0] if ctype in _ffi.SIZED else "struct ?"
    if issubclass(ctype, ctypes.Array):
        return "array"
    if issubclass(ctype, ctypes._Pointer):
        return "pointer"
    return _SIMPLE_KINDS.get(getattr(ctype, "_type_", None), "? %s" % ctype.__name__)


def ctypes_layout(struct):
    """(size, [(member, offset, size, kind)]) of a ctypes Structure."""
    members = []
    for name, ctype in struct._fields_:
        descriptor = getattr(struct, name)
        members.append((name, descriptor.offset, descriptor.size, ctypes_kind(ctype)))
    return ctypes.sizeof(struct), members


def sized_structs():
    """Every Structure of _ffi whose first member is ``uint32_t size``."""
    found = []
    for value in vars(_ffi).values():
        if isinstance(value, type) and issubclass(value, ctypes.Structure) \
                and getattr(value, "_fields_", None) and value._fields_[0][0] == "size":
            found.append(value)
    return found


class LayoutTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.path.exists(ABI):
            raise AssertionError("the ABI baseline %s is missing: set $top_srcdir" % ABI)
        cls.abi = Baseline(ABI)

    def assertLayout(self, struct, cname, expected_members, expected_size):
        size, members = ctypes_layout(struct)
        where = "%s (%s)" % (struct.__name__, cname)
        self.assertEqual(size, expected_size,
                         "%s: ctypes size %d, C size %d" % (where, size, expected_size))
        got = [m[0] for m in members]
        want = [m[0] for m in expected_members]
        self.assertEqual(got, want, "%s: member names or order differ from C" % where)
        for mine, theirs in zip(members, expected_members):
            self.assertEqual(mine[1], theirs[1], "%s.%s: ctypes offset %d, C offset %d"
                             % (where, mine[0], mine[1], theirs[1]))
            self.assertEqual(mine[2], theirs[2], "%s.%s: ctypes size %d, C size %d"
                             % (where, mine[0], mine[2], theirs[2]))
            self.assertEqual(mine[3], theirs[3], "%s.%s: ctypes kind %r, C kind %r"
                             % (where, mine[0], mine[3], theirs[3]))

    def test_the_baseline_has_every_public_sized_struct(self):
        missing = [name for name in PUBLIC_SIZED if name not in self.abi.structs]
        self.assertEqual(missing, [], "structs missing from %s" % ABI)
        for name in PUBLIC_SIZED:
            members = self.abi.struct(name)[1]
            self.assertEqual(members[0][:4], ("size", 0, 4, "unsigned"),
                             "%s does not start with uint32_t size" % name)

    def test_every_public_sized_struct_is_mirrored(self):
        mirrored = {cname for cname, _ in _ffi.SIZED.values()}
        self.assertEqual(sorted(set(PUBLIC_SIZED) - mirrored), [], "not mirrored in _ffi")
        self.assertEqual(sorted(mirrored - set(PUBLIC_SIZED)), [], "mirrored, not public")
        # and every size-prefixed ctypes struct says which C struct it mirrors
        self.assertEqual(sorted(s.__name__ for s in sized_structs() if s not in _ffi.SIZED),
                         [], "in _ffi but not in _ffi.SIZED")

    def test_every_struct_matches_the_c_layout(self):
        for struct, (cname, _) in sorted(_ffi.SIZED.items(), key=lambda i: i[0].__name__):
            if struct is _ffi.ClaimView:
                continue
            with self.subTest(struct=struct.__name__, c=cname):
                size, members = self.abi.struct(cname)
                self.assertLayout(struct, cname, list(members), size)

    def test_claim_view_is_cas_claim_with_its_scope_inline(self):
        size, _ = self.abi.struct("cas_claim")
        view_name = {c: view for view, c in _VIEW_NAMES.items()}
        expected = [(view_name.get(m, m), o, s, k) for m, o, s, k in self.abi.flat("cas_claim")]
        self.assertLayout(_ffi.ClaimView, "cas_claim", expected, size)
        self.assertEqual(ctypes.sizeof(_ffi.ClaimView), ctypes.sizeof(_ffi.ClaimStruct))

    def test_a_wrong_layout_is_caught(self):
        """The comparison itself fails on a moved member, a renamed one, a
        missing struct."""
        class Moved(ctypes.Structure):
            _fields_ = [("size", ctypes.c_uint32), ("terms", ctypes.c_uint32),
                        ("high", ctypes.c_int64), ("low", ctypes.c_int64)]

        class Narrow(ctypes.Structure):
            _fields_ = [("size", ctypes.c_uint32), ("terms", ctypes.c_uint32),
                        ("low", ctypes.c_int64), ("high", ctypes.c_uint64)]
        class Renamed(ctypes.Structure):
            _fields_ = [("size", ctypes.c_uint32), ("count", ctypes.c_uint32),
                        ("low", ctypes.c_int64), ("high", ctypes.c_int64)]
        size, members = self.abi.struct("cas_sum")
        self.assertLayout(_ffi.SumStruct, "cas_sum", list(members), size)
        for wrong in (Moved, Narrow, Renamed):
            with self.assertRaises(AssertionError):
                self.assertLayout(wrong, "cas_sum", list(members), size)
        with self.assertRaisesRegex(AssertionError, "cas_no_such_struct is not in the ABI"):
            self.abi.struct("cas_no_such_struct")


if __name__ == "__main__":
    unittest.main()
