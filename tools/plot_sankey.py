#!/usr/bin/env python3
"""Element-flow diagrams (Sankey-style) from a hydrosim results file.

    /usr/bin/python3 tools/plot_sankey.py RESULTS.h5 [-o sankey.png] [--elements Li Ni Co]

One panel per element. Units are placed in columns by their distance (in streams)
from the feeds; every stream of /streams is drawn as a band from its source unit to
its target unit whose width is proportional to the element's mass flow in it
(/streams/<name>/elements along /streams/<name>/element). Recycle streams run
backwards (right to left) and are drawn dashed. Flows below --threshold of the
element's largest stream flow are left out. Labels give kg/h.
"""
import argparse
import collections

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib.patches import PathPatch  # noqa: E402

SECONDS_PER_HOUR = 3600.0


def as_text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def attribute(node, name):
    value = node.attrs[name]
    return value.decode() if isinstance(value, bytes) else str(value)


def read_streams(path):
    """[(name, from_unit, to_unit, {element: kg/s})], flowsheet name."""
    streams = []
    with h5py.File(path, "r") as f:
        for name, node in f["streams"].items():
            elements = as_text(node["element"][()])
            flows = dict(zip(elements, node["elements"][()]))
            streams.append((name, attribute(node, "from").rsplit(".", 1)[0], attribute(node, "to").rsplit(".", 1)[0],
                            flows))
        title = attribute(f["meta"], "flowsheet_name")
    return streams, title


def layout(streams):
    """Column and row of each unit: streams that close a cycle (found by depth-first search
    from the source units) are recycles; on the remaining acyclic graph a unit's column is
    the longest path from a source, so the main line runs left to right."""
    targets = collections.defaultdict(list)
    units, has_inlet = [], set()
    for _, a, b, _ in streams:
        targets[a].append(b)
        has_inlet.add(b)
        for unit in (a, b):
            if unit not in units:
                units.append(unit)
    sources = [u for u in units if u not in has_inlet]
    state, back = {}, set()

    def visit(unit):
        state[unit] = "open"
        for nxt in targets[unit]:
            if state.get(nxt) == "open":
                back.add((unit, nxt))
            elif nxt not in state:
                visit(nxt)
        state[unit] = "done"

    for unit in sources + units:
        if unit not in state:
            visit(unit)
    column = {u: 0 for u in units}
    for _ in units:  # longest path by relaxation on the acyclic part
        for _, a, b, _ in streams:
            if (a, b) not in back and column[b] < column[a] + 1:
                column[b] = column[a] + 1
    # A source (feed, reagent) sits just left of the first unit it feeds.
    for unit in sources:
        if targets[unit]:
            column[unit] = max(0, min(column[t] for t in targets[unit]) - 1)
    rows = collections.defaultdict(list)
    for unit in units:
        rows[column[unit]].append(unit)
    position = {}
    for c, members in rows.items():
        for r, unit in enumerate(members):
            position[unit] = (c, -(r - (len(members) - 1) / 2))
    return position, back


def draw(ax, streams, layout_, element, threshold):
    position, back = layout_
    flows = [(n, a, b, f.get(element, 0.0)) for n, a, b, f in streams]
    largest = max((q for *_, q in flows), default=0.0)
    if largest <= 0.0:
        ax.set_title(f"{element}: no flow")
        ax.axis("off")
        return
    used = set()
    for name, a, b, q in flows:
        if q < threshold * largest:
            continue
        (x0, y0), (x1, y1) = position[a], position[b]
        backwards = (a, b) in back or x1 <= x0
        bend = 0.6 if not backwards else -0.9
        verts = [(x0 + 0.1, y0), (x0 + 0.1 + abs(bend), y0 + (0.4 if backwards else 0)),
                 (x1 - 0.1 - abs(bend), y1 + (0.4 if backwards else 0)), (x1 - 0.1, y1)]
        path = Path(verts, [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])
        ax.add_patch(PathPatch(path, fill=False, lw=0.5 + 18.0 * q / largest, alpha=0.45,
                               color="tab:red" if backwards else "tab:blue", linestyle="--" if backwards else "-",
                               capstyle="butt"))
        if q >= 0.05 * largest:
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + (0.35 if backwards else 0.08), f"{q * SECONDS_PER_HOUR:.3g}",
                    fontsize=6, ha="center", color="0.25")
        used.update((a, b))
    for unit in used:
        x, y = position[unit]
        ax.plot([x], [y], "s", color="0.2", markersize=4)
        ax.text(x, y - 0.22, unit, fontsize=6, ha="center", va="top", rotation=20)
    ax.set_title(f"{element} flows [kg/h] (width ∝ flow; dashed = recycle)")
    ax.axis("off")
    ax.autoscale_view()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="HDF5 file written by `hydrosim run -o`")
    parser.add_argument("-o", "--output", default="sankey.png", help="image file to write (PNG, SVG, PDF)")
    parser.add_argument("--elements", nargs="*", default=["Li", "Ni", "Co"], help="elements, one panel each")
    parser.add_argument("--threshold", type=float, default=0.001,
                        help="leave out streams below this fraction of the largest flow of the element")
    args = parser.parse_args()

    streams, title = read_streams(args.results)
    placed = layout(streams)
    columns = max(x for x, _ in placed[0].values()) + 1
    fig, axes = plt.subplots(len(args.elements), 1, figsize=(max(10, 0.9 * columns), 4.2 * len(args.elements)),
                             squeeze=False)
    for ax, element in zip(axes[:, 0], args.elements):
        draw(ax, streams, placed, element, args.threshold)
    fig.suptitle(f"Element flows — {title}")
    fig.tight_layout()
    fig.savefig(args.output, dpi=130)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
