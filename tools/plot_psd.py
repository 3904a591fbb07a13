#!/usr/bin/python3
"""Plot particle-size distributions from a hydrosim results file.

Usage: tools/plot_psd.py RESULTS.h5 [-o psd.png] [--streams a,b,...] [--unit shredder]

Left panel: cumulative mass fraction passing each sieve size for the streams
(/streams/<name>/psd/size and solid_mass). Right panel: the per-class series
of one unit's "psd" profile (/units/<unit>/profiles/psd), e.g. the shredder's
feed and product by component, as mass per class (kg/s) on a log size axis.
Uses Debian's h5py, numpy and matplotlib (run with /usr/bin/python3).
"""
import argparse
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def passing(solid_mass):
    """Cumulative fraction passing each class's top sieve (classes coarsest first)."""
    total = solid_mass.sum()
    if total <= 0:
        return np.zeros_like(solid_mass)
    return np.cumsum(solid_mass[::-1])[::-1] / total


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("-o", "--output", default="psd.png")
    parser.add_argument("--streams", help="comma-separated stream names (default: every stream with a PSD)")
    parser.add_argument("--unit", help="unit whose 'psd' profile to draw (default: the first unit that has one)")
    args = parser.parse_args(argv)

    with h5py.File(args.results, "r") as f:
        names = [name for name in f["streams"] if "psd" in f["streams"][name]]
        if args.streams:
            wanted = args.streams.split(",")
            missing = [name for name in wanted if name not in names]
            if missing:
                sys.exit(f"error: no PSD for stream(s) {', '.join(missing)}; streams with a PSD: {', '.join(names)}")
            names = wanted
        if not names:
            sys.exit("error: no stream in this file carries a particle-size distribution")
        curves = {}
        for name in names:
            psd = f["streams"][name]["psd"]
            curves[name] = (psd["size"][()], psd["solid_mass"][()])

        unit = args.unit
        if unit is None:
            unit = next((u for u in f["units"] if "profiles" in f["units"][u] and "psd" in f["units"][u]["profiles"]),
                        None)
        profile = {}
        if unit is not None:
            if unit not in f["units"] or "profiles" not in f["units"][unit] or "psd" not in f["units"][unit]["profiles"]:
                sys.exit(f"error: unit '{unit}' has no psd profile")
            group = f["units"][unit]["profiles"]["psd"]
            sizes = group["size"][()]
            for key in group:
                if key != "size" and group[key].attrs.get("units") == "kg/s":
                    profile[key] = group[key][()]

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    for name, (size, mass) in curves.items():
        left.semilogx(size * 1e3, 100 * passing(mass), marker="o", ms=3, label=name)
    left.set_xlabel("sieve size [mm]")
    left.set_ylabel("cumulative passing [% of solids]")
    left.set_title("Streams")
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=7)
    if profile:
        for key, mass in profile.items():
            right.semilogx(sizes * 1e3, mass * 3600, marker=".", label=key)
        right.set_xlabel("class top size [mm]")
        right.set_ylabel("mass per class [kg/h]")
        right.set_title(f"Unit '{unit}': psd profile")
        right.grid(True, which="both", alpha=0.3)
        right.legend(fontsize=6, ncol=2)
    else:
        right.axis("off")
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main(sys.argv[1:])
