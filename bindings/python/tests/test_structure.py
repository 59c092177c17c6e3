# SPDX-License-Identifier: MIT
"""The package's modules import one another without cycles.

The import graph is read from the source with :mod:`ast`, counting every
import of a module of the package: at the top of a module and inside a
function alike (an import deferred into a function is still a dependency,
and a cycle hidden that way is still a cycle). Only the imports under ``if
typing.TYPE_CHECKING:``, which never run and serve the annotations, are
left out.
"""

import ast
import os
import unittest

import support

PACKAGE = "casualty"
PACKAGE_DIR = os.path.join(support.BINDING_DIR, PACKAGE)


def package_modules(directory=PACKAGE_DIR):
    """The names of the package's modules ("__init__", "_ffi", ...)."""
    return sorted(name[:-3] for name in os.listdir(directory) if name.endswith(".py"))


def imported_modules(tree, module, modules):
    """The package modules that ``tree`` (the module ``module``) imports, in
    any of the forms ``from . import x``, ``from .x import y``,
    ``from casualty.x import y``, ``import casualty.x``, ``from casualty import x``
    (``from ..``, outside the package, is not followed)."""
    found = set()
    tree = _without_type_checking(tree)

    def add(name):
        # name: a module of the package, or "" for the package (its __init__)
        target = name.split(".")[0] if name else "__init__"
        if target in modules:
            found.add(target)

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                base = node.module or ""
            elif node.level == 0 and node.module and \
                    (node.module == PACKAGE or node.module.startswith(PACKAGE + ".")):
                base = node.module[len(PACKAGE) + 1:]
            else:
                continue
            if base:
                add(base)
            else:
                # from . import a, b: a module of the package, or a name of __init__
                for alias in node.names:
                    add(alias.name if alias.name in modules else "")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    add(alias.name[len(PACKAGE) + 1:])
    if module == "__init__":
        found.discard("__init__")  # the package's own names, not an import
    return found


def _without_type_checking(tree):
    """``tree`` without its ``if typing.TYPE_CHECKING:`` blocks."""

    class Strip(ast.NodeTransformer):
        def visit_If(self, node):
            test = node.test
            if isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING" or \
                    isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
                return node.orelse or None
            return self.generic_visit(node)

    return Strip().visit(tree)


def import_graph(directory=PACKAGE_DIR):
    """``{module: set of package modules it imports}`` for every module."""
    modules = package_modules(directory)
    graph = {}
    for module in modules:
        path = os.path.join(directory, module + ".py")
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        graph[module] = imported_modules(tree, module, set(modules))
    return graph


def find_cycles(graph):
    """Every import cycle of ``graph``, one per strongly connected component
    that has one, each as a list of modules ``[a, b, ..., a]`` that follows
    the imports from its alphabetically first module."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(_cycle_through(graph, component) for component in components)


def _cycle_through(graph, component):
    """A shortest cycle inside ``component`` from its first module back to it."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for succ in sorted(graph[node] & component):
            if succ == start:
                return paths[node] + [start]
            if succ not in paths:
                paths[succ] = paths[node] + [succ]
                queue.append(succ)
    raise AssertionError("not a cycle: %s" % sorted(component))


class ImportGraphTest(unittest.TestCase):

    def test_no_import_cycles(self):
        graph = import_graph()
        cycles = find_cycles(graph)
        self.assertEqual(cycles, [], "import cycles in the casualty package:\n  " +
                         "\n  ".join(" -> ".join(c) for c in cycles))

    def test_the_graph_is_read(self):
        """The scan sees the package's real imports (so that an empty
        result above means no cycle, not a scan that found nothing)."""
        graph = import_graph()
        self.assertIn("_ffi", graph)
        self.assertIn("_loader", graph["_ffi"])
        self.assertIn("ledger", graph["__init__"])
        self.assertIn("errors", graph["__init__"])
        self.assertIn("_ffi", graph["types"])
        self.assertEqual(graph["_loader"], set())

    def test_cycles_are_found_and_named(self):
        graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"},
                 "f": {"g"}, "g": {"f"}}
        self.assertEqual(find_cycles(graph), [["a", "b", "c", "a"], ["e", "e"],
                                              ["f", "g", "f"]])
        self.assertEqual(find_cycles({"a": {"b"}, "b": set()}), [])

    def test_every_import_form_counts(self):
        source = ("from . import a, b as bee\n"
                  "from .c import x\n"
                  "from casualty.d import y\n"
                  "import casualty.e\n"
                  "from casualty import f\n"
                  "import os\n"
                  "from os import path\n"
                  "def later():\n"
                  "    from .g import z\n"
                  "if typing.TYPE_CHECKING:\n"
                  "    from .h import only_for_annotations\n"
                  "if TYPE_CHECKING:\n"
                  "    from .k import also\n"
                  "else:\n"
                  "    from .n import at_run_time\n")
        modules = {"a", "b", "c", "d", "e", "f", "g", "h", "k", "m", "n"}
        self.assertEqual(imported_modules(ast.parse(source), "m", modules),
                         {"a", "b", "c", "d", "e", "f", "g", "n"})


if __name__ == "__main__":
    unittest.main()
