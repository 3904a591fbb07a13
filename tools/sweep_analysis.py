#!/usr/bin/python3
"""Analysis of hydrosim sweep files (docs/sweeps.md): Sobol' sensitivity
indices from a Saltelli design, tornado charts and response surfaces.

  sweep_analysis.py summary FILE
  sweep_analysis.py sobol FILE OUTPUT [--json] [--bootstrap N]
  sweep_analysis.py tornado FILE OUTPUT -o tornado.png [--bins 10]
  sweep_analysis.py surface FILE OUTPUT --x PARAM [--y PARAM] -o surface.png

OUTPUT and PARAM are names from /sweep/output and /sweep/parameter (or their
0-based column numbers). Uses only numpy, h5py and matplotlib (Debian).
"""
import argparse
import json
import sys

import h5py
import numpy as np

OK = 1


def load(path):
    """The sweep as plain arrays, rows sorted by case index."""
    with h5py.File(path, "r") as f:
        if "sweep" not in f or f["sweep"].attrs.get("format") not in ("hydrosim-sweep", b"hydrosim-sweep"):
            sys.exit(f"{path}: not a hydrosim sweep file")
        g = f["sweep"]
        text = lambda values: [v.decode() if isinstance(v, bytes) else str(v) for v in values]
        data = {
            "case": g["case"][()],
            "parameters": g["parameters"][()],
            "outputs": g["outputs"][()],
            "status": g["status"][()],
            "parameter_names": text(g["parameter"][()]),
            "output_names": text(g["output"][()]),
            "parameter_units": text(g["parameter_units"][()]),
            "output_units": text(g["output_units"][()]),
            "attrs": {k: (v.decode() if isinstance(v, bytes) else v) for k, v in g.attrs.items()},
        }
    order = np.argsort(data["case"])
    for key in ("case", "parameters", "outputs", "status"):
        data[key] = data[key][order]
    return data


def column(names, key, what):
    if key in names:
        return names.index(key)
    if key.isdigit() and int(key) < len(names):
        return int(key)
    sys.exit(f"no {what} '{key}'; valid: {', '.join(names)}")


def saltelli_blocks(data, k):
    """f(A), f(B) and f(A_B^(i)) for the complete blocks of a Saltelli design.

    hydrosim writes the design in blocks of d + 2 rows per base sample: A, B,
    then A_B^(1) .. A_B^(d) (A with column i from B). Blocks with a failed or
    missing case are dropped (their number is returned)."""
    if data["attrs"].get("method") != "saltelli":
        sys.exit("Sobol' indices need a sweep with sampling method 'saltelli'")
    d = len(data["parameter_names"])
    base = int(data["attrs"]["samples"])
    block = d + 2
    y = np.full(base * block, np.nan)
    y[data["case"]] = np.where(data["status"] == OK, data["outputs"][:, k], np.nan)
    y = y.reshape(base, block)
    complete = np.all(np.isfinite(y), axis=1)
    y = y[complete]
    return y[:, 0], y[:, 1], y[:, 2:], int(base - complete.sum())


def sobol_indices(f_a, f_b, f_ab):
    """First-order and total Sobol' indices.

    First order: Saltelli et al. (2010), Comput. Phys. Commun. 181, 259-270,
    Table 2 (b): V_i = mean(f(B) (f(A_B^i) - f(A))).
    Total: Jansen (1999), Table 2 (f) of the same paper:
    V_Ti = mean((f(A) - f(A_B^i))^2) / 2. Both divided by the variance of
    f over A and B together."""
    variance = np.var(np.concatenate([f_a, f_b]))
    if variance == 0:
        return np.zeros(f_ab.shape[1]), np.zeros(f_ab.shape[1]), 0.0
    first = np.mean(f_b[:, None] * (f_ab - f_a[:, None]), axis=0) / variance
    total = 0.5 * np.mean((f_a[:, None] - f_ab) ** 2, axis=0) / variance
    return first, total, variance


def command_sobol(args):
    data = load(args.file)
    k = column(data["output_names"], args.output, "output")
    f_a, f_b, f_ab, dropped = saltelli_blocks(data, k)
    if len(f_a) < 2:
        sys.exit("fewer than two complete Saltelli blocks; cannot estimate indices")
    first, total, variance = sobol_indices(f_a, f_b, f_ab)
    result = {"output": data["output_names"][k], "base_samples": len(f_a), "dropped_blocks": dropped,
              "variance": variance, "parameters": data["parameter_names"],
              "first_order": first.tolist(), "total": total.tolist()}
    if args.bootstrap > 0:
        # Percentile bootstrap over the base samples (Archer et al. 1997).
        rng = np.random.default_rng(0)
        draws = [sobol_indices(f_a[i], f_b[i], f_ab[i])[:2]
                 for i in (rng.integers(0, len(f_a), len(f_a)) for _ in range(args.bootstrap))]
        s1 = np.array([d[0] for d in draws])
        st = np.array([d[1] for d in draws])
        result["first_order_95"] = np.percentile(s1, [2.5, 97.5], axis=0).T.tolist()
        result["total_95"] = np.percentile(st, [2.5, 97.5], axis=0).T.tolist()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"Sobol' indices of {result['output']} from {len(f_a)} base samples"
          + (f" ({dropped} blocks with failed cases dropped)" if dropped else ""))
    print(f"{'parameter':<48}{'first order':>14}{'total':>10}")
    for name, s1, st in zip(data["parameter_names"], first, total):
        print(f"{name:<48}{s1:>14.4f}{st:>10.4f}")


def main_effects(data, k, bins):
    """Mean of the output in `bins` equal-count bins of each parameter (a
    binned first-order effect, valid for any design: grid, LHS, Sobol')."""
    ok = data["status"] == OK
    y = data["outputs"][ok, k]
    effects = []
    for j in range(data["parameters"].shape[1]):
        x = data["parameters"][ok, j]
        order = np.argsort(x, kind="stable")
        groups = np.array_split(order, min(bins, len(order)))
        effects.append(np.array([y[g].mean() for g in groups if len(g)]))
    return y.mean(), effects


def command_tornado(args):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = load(args.file)
    k = column(data["output_names"], args.output, "output")
    mean, effects = main_effects(data, k, args.bins)
    spans = [(e.min(), e.max()) for e in effects]
    order = np.argsort([hi - lo for lo, hi in spans])
    fig, ax = plt.subplots(figsize=(8, 1 + 0.5 * len(order)))
    for row, j in enumerate(order):
        lo, hi = spans[j]
        ax.barh(row, hi - lo, left=lo, color="tab:blue")
    ax.axvline(mean, color="black", lw=1)
    ax.set_yticks(range(len(order)), [data["parameter_names"][j] for j in order])
    ax.set_xlabel(f"{data['output_names'][k]} [{data['output_units'][k]}]: range of the mean over "
                  f"{args.bins} bins of each parameter")
    ax.set_title("Tornado (binned main effects)")
    fig.tight_layout()
    fig.savefig(args.output_file, dpi=120)
    for j in order[::-1]:
        print(f"{data['parameter_names'][j]:<48}{spans[j][0]:>14.6g}{spans[j][1]:>14.6g}")


def command_surface(args):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = load(args.file)
    k = column(data["output_names"], args.output, "output")
    ok = data["status"] == OK
    x = column(data["parameter_names"], args.x, "parameter")
    fig, ax = plt.subplots(figsize=(7, 5))
    label = f"{data['output_names'][k]} [{data['output_units'][k]}]"
    if args.y is None:
        ax.plot(data["parameters"][ok, x], data["outputs"][ok, k], ".", ms=3)
        ax.set_ylabel(label)
    else:
        y = column(data["parameter_names"], args.y, "parameter")
        px, py = data["parameters"][ok, x], data["parameters"][ok, y]
        surface = ax.tricontourf(px, py, data["outputs"][ok, k], levels=20)
        fig.colorbar(surface, ax=ax, label=label)
        ax.plot(px, py, "k.", ms=1)
        ax.plot(data["parameters"][~ok, x], data["parameters"][~ok, y], "rx", ms=5, label="failed case")
        if (~ok).any():
            ax.legend()
        ax.set_ylabel(f"{data['parameter_names'][y]} [{data['parameter_units'][y]}]")
    ax.set_xlabel(f"{data['parameter_names'][x]} [{data['parameter_units'][x]}]")
    fig.tight_layout()
    fig.savefig(args.output_file, dpi=120)


def command_summary(args):
    data = load(args.file)
    a = data["attrs"]
    status = data["status"]
    print(f"{args.file}: {len(status)} cases ({a['method']}, shard {a['shard_index']}/{a['shard_count']}, "
          f"of {a['total_cases']}): {np.sum(status == 1)} ok, {np.sum(status >= 2)} failed, "
          f"{np.sum(status == 0)} pending")
    ok = status == OK
    for k, (name, unit) in enumerate(zip(data["output_names"], data["output_units"])):
        values = data["outputs"][ok, k]
        if len(values):
            print(f"  {name:<44} [{unit}] min {values.min():.6g} mean {values.mean():.6g} max {values.max():.6g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("summary")
    p.add_argument("file")
    p.set_defaults(run=command_summary)
    p = sub.add_parser("sobol")
    p.add_argument("file")
    p.add_argument("output")
    p.add_argument("--json", action="store_true")
    p.add_argument("--bootstrap", type=int, default=0, help="bootstrap resamples for 95%% intervals")
    p.set_defaults(run=command_sobol)
    p = sub.add_parser("tornado")
    p.add_argument("file")
    p.add_argument("output")
    p.add_argument("-o", dest="output_file", required=True)
    p.add_argument("--bins", type=int, default=10)
    p.set_defaults(run=command_tornado)
    p = sub.add_parser("surface")
    p.add_argument("file")
    p.add_argument("output")
    p.add_argument("--x", required=True)
    p.add_argument("--y")
    p.add_argument("-o", dest="output_file", required=True)
    p.set_defaults(run=command_surface)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
