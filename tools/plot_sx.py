#!/usr/bin/env python3
"""Stage profiles and McCabe-Thiele diagrams of a SolventExtraction unit.

    /usr/bin/python3 tools/plot_sx.py RESULTS.h5 --unit p507_extract [--metal Co] [-o sx.png]

Left: aqueous and organic concentration of every metal per stage (log scale)
and the stage pH, from /units/<unit>/profiles/stages. Right: the McCabe-Thiele
diagram of one metal, from /units/<unit>/profiles/mccabe_thiele_<metal>: the
operating line through the passing streams (x_j, y_j+1) and the stage
isotherm points (x_j, y*_j), with the stage steps drawn between them.
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="HDF5 file written by `hydrosim run -o`")
    parser.add_argument("--unit", required=True, help="name of a SolventExtraction unit")
    parser.add_argument("--metal", default=None, help="element of the McCabe-Thiele diagram (default: the first)")
    parser.add_argument("-o", "--output", default="sx.png", help="image file to write (PNG, SVG, PDF)")
    args = parser.parse_args()

    with h5py.File(args.results, "r") as f:
        if args.unit not in f["units"]:
            parser.error(f"no unit '{args.unit}' in {args.results}")
        profiles = f["units"][args.unit]["profiles"]
        stages = profiles["stages"]
        stage = stages["stage"][()]
        ph = stages["pH"][()]
        metals = sorted(n[: -len(" aqueous")] for n in stages if n.endswith(" aqueous"))
        aqueous = {m: stages[m + " aqueous"][()] for m in metals}
        organic = {m: stages[m + " organic"][()] for m in metals}
        metal = args.metal or metals[0]
        key = "mccabe_thiele_" + metal
        if key not in profiles:
            parser.error(f"unit '{args.unit}' has no McCabe-Thiele data for {metal}; metals: {', '.join(metals)}")
        diagram = profiles[key]
        op_x, op_y = diagram["operating aqueous"][()], diagram["operating organic"][()]
        iso_x, iso_y = diagram["isotherm aqueous"][()], diagram["isotherm organic"][()]

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
    for m in metals:
        line, = left.semilogy(stage, np.maximum(aqueous[m], 1e-12), "o-", label=f"{m} aq")
        left.semilogy(stage, np.maximum(organic[m], 1e-12), "s--", color=line.get_color(), label=f"{m} org")
    left.set_xlabel("stage (aqueous flows 1 → N)")
    left.set_ylabel("concentration [mol/m³]")
    left.legend(fontsize=7, ncol=2)
    twin = left.twinx()
    twin.plot(stage, ph, "k:", label="pH")
    twin.set_ylabel("pH")
    left.set_title(f"{args.unit}: stage profiles")

    right.plot(op_x, op_y, "b-o", label="operating line")
    right.plot(iso_x[1:], iso_y[1:], "r-s", label="stage isotherm points")
    # Steps: from (x_{j-1}, y_j) across to the isotherm point (x_j, y*_j) and down to the operating line.
    for j in range(1, len(op_x)):
        right.plot([op_x[j - 1], iso_x[j]], [op_y[j - 1], op_y[j - 1]], "g-", lw=0.8)
        right.plot([iso_x[j], op_x[j]], [op_y[j - 1], op_y[j]], "g-", lw=0.8)
    right.set_xlabel(f"{metal} aqueous [mol/m³]")
    right.set_ylabel(f"{metal} organic [mol/m³]")
    right.set_title(f"{args.unit}: McCabe-Thiele, {metal}")
    right.legend()
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
