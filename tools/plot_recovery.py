#!/usr/bin/env python3
"""Recovery bar chart from a hydrosim results file.

    /usr/bin/python3 tools/plot_recovery.py RESULTS.h5 [-o recovery.png] [--elements Li Ni Co Mn]

One group of bars per element; each bar is the percentage of the element's plant
input (feeds + reagents) that leaves in one product or waste sink, read from
/recovery/fraction with its labelled axes /recovery/element and /recovery/sink.
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def as_text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="HDF5 file written by `hydrosim run -o`")
    parser.add_argument("-o", "--output", default="recovery.png", help="image file to write (PNG, SVG, PDF)")
    parser.add_argument("--elements", nargs="*", default=["Li", "Ni", "Co", "Mn", "Cu", "Al", "Fe"],
                        help="elements to show, when present")
    args = parser.parse_args()

    with h5py.File(args.results, "r") as f:
        elements = as_text(f["recovery/element"][()])
        sinks = as_text(f["recovery/sink"][()])
        kinds = as_text(f["recovery/sink_kind"][()])
        fraction = f["recovery/fraction"][()]
        name = f["meta"].attrs["flowsheet_name"]

    rows = [i for i, e in enumerate(elements) if e in args.elements] or list(range(len(elements)))
    x = np.arange(len(rows))
    width = 0.8 / max(len(sinks), 1)
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(rows) + 2), 4.5))
    for j, (sink, kind) in enumerate(zip(sinks, kinds)):
        values = 100 * fraction[rows, j]
        ax.bar(x + (j - (len(sinks) - 1) / 2) * width, values, width, label=f"{sink} ({kind})",
               hatch="" if kind == "product" else "//")
    ax.set_xticks(x, [elements[i] for i in rows])
    ax.set_ylabel("share of element input [%]")
    ax.set_ylim(0, 105)
    ax.set_title(f"Recovery by sink — {name}")
    ax.legend(fontsize="small", ncol=2)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.output, dpi=150)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
