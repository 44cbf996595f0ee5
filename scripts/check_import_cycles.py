"""Fail when modules of one of our packages import each other in a cycle.

grimp sees every import, deferred ones inside functions included: a deferred import hides a
cycle from Python's import machinery, not from this check. A package's `__init__` importing its
own submodules (and them importing it) is not counted.
"""

import sys

import grimp

ROOTS = ["lewis_site", "lewis_accounts", "lewis_content", "lewis_tagging", "lewis_audio"]
ROOTS.append("lewis_ranking")


def strongly_connected(adjacent: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (no recursion limit on deep graphs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in adjacent:
        if start in index:
            continue
        work = [(start, iter(adjacent[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(adjacent[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def only_nesting(component: list[str]) -> bool:
    return all(
        any(o.startswith(m + ".") or m.startswith(o + ".") for o in component if o != m)
        for m in component
    )


def cycles(root: str) -> list[str]:
    graph = grimp.build_graph(root)
    modules = sorted(m for m in graph.modules if ".migrations" not in m)
    adjacent = {
        m: sorted(n for n in graph.find_modules_directly_imported_by(m) if n in modules)
        for m in modules
    }
    return [
        " <-> ".join(sorted(c))
        for c in strongly_connected(adjacent)
        if len(c) > 1 and not only_nesting(c)
    ]


def main() -> int:
    found = [cycle for root in ROOTS for cycle in cycles(root)]
    for cycle in found:
        print(f"import cycle: {cycle}")
    if not found:
        print(f"no import cycles in {', '.join(ROOTS)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
