#!/usr/bin/env python3
"""Plot a LeachReactor's profiles from a hydrosim results file.

Usage: /usr/bin/python3 tools/plot_leach.py RESULTS.h5 UNIT [-o figure.png]

Left: conversion of each solid and extraction of each metal against time
(batch) or tank (CSTR train); middle: pH and the free-acid and H2O2
concentrations; then the feed and residue size distributions, when the
unit reported one; last, the slurry temperature, when the unit ran with an
energy balance.
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("unit")
    parser.add_argument("-o", "--output", default=None, help="figure file (default: <unit>_leach.png)")
    args = parser.parse_args()
    with h5py.File(args.results, "r") as f:
        profiles = f[f"units/{args.unit}/profiles"]
        name = "batch" if "batch" in profiles else "tanks"
        profile = profiles[name]
        axis_name = "time" if name == "batch" else "tank"
        axis = profile[axis_name][()]
        if axis_name == "time":
            axis = axis / 60.0
        has_psd = "psd" in profiles
        has_temperature = "temperature" in profile
        panels = 2 + int(has_psd) + int(has_temperature)
        figure, axes = plt.subplots(1, panels, figsize=(5 * panels, 4.5))
        for key in profile:
            if key.endswith("conversion") or key.endswith("extraction"):
                axes[0].plot(axis, profile[key][()], marker="o" if name == "tanks" else None, label=key)
        axes[0].set_xlabel("time [min]" if axis_name == "time" else "tank")
        axes[0].set_ylabel("fraction")
        axes[0].set_ylim(0, 1.02)
        axes[0].legend(fontsize=8)
        axes[1].plot(axis, profile["pH"][()], color="k", label="pH")
        axes[1].set_ylabel("pH")
        axes[1].set_xlabel(axes[0].get_xlabel())
        twin = axes[1].twinx()
        for key in profile:
            if key.endswith("concentration"):
                twin.plot(axis, profile[key][()] / 1000.0, linestyle="--", label=key)
        twin.set_ylabel("concentration [mol/L]")
        twin.legend(fontsize=8, loc="center right")
        if has_psd:
            psd = profiles["psd"]
            size = psd["size"][()] * 1e6
            axes[2].semilogx(size, psd["feed solids"][()], marker="o", label="feed solids")
            axes[2].semilogx(size, psd["residue solids"][()], marker="s", label="residue solids")
            axes[2].set_xlabel("particle size [um]")
            axes[2].set_ylabel("solids [kg/s]")
            axes[2].legend(fontsize=8)
        if has_temperature:
            axes[-1].plot(axis, profile["temperature"][()] - 273.15, color="tab:red",
                          marker="o" if name == "tanks" else None)
            axes[-1].set_xlabel(axes[0].get_xlabel())
            axes[-1].set_ylabel("temperature [degC]")
        figure.suptitle(f"{args.unit}: {name}")
        figure.tight_layout()
        figure.savefig(args.output or f"{args.unit}_leach.png", dpi=120)


if __name__ == "__main__":
    main()
