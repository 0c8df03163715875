#!/usr/bin/env python3
"""Join result lines of Dual's harness and the peer's (`ID impl dtype key=value ...`) into a markdown table.

usage: python3 bench/compare.py LOG... (dual and peer logs, any order; each log is one round)
Rows are joined on (ID, dtype), plus m, k, n for GEMM; f32 lines are skipped (Dual is float64 only).
Per workload: the headline metric of every round for each implementation, the medians, and the ratio
Dual/peer of the medians (for GFLOP/s, Dual's rate over the peer's), then the losses side by side.
"""
import statistics
import sys

METRIC = {"B1": "call_us", "B2": "step_ms", "B3": "step_ms", "B4": "step_ms", "B5": "step_ms", "GEMM": "gflops"}
QUALITY = ["loss_step1", "final_loss", "accuracy", "avg_loss_191_200", "loss", "grad_w", "grad_b"]
RENAMED = {"step_us": "call_us", "final_acc": "accuracy", "loss_step200": "final_loss"}


LOADS = {}  # (ID, impl) -> 1-minute load averages when each round's run of it started


def parse(path):
    for line in open(path):
        if line.startswith("# round ") and "loadavg=" in line:
            _, _, _, ident, impl = line.split()[:5]
            LOADS.setdefault((ident, impl), []).append(line.split('loadavg="')[1].split()[0])
            continue
        parts = line.split()
        if len(parts) < 4 or line.startswith("#") or parts[0] not in METRIC or parts[2] != "f64":
            continue
        kv = dict(p.split("=", 1) for p in parts[3:] if "=" in p)
        kv = {RENAMED.get(k, k): v for k, v in kv.items()}
        key = parts[0] if parts[0] != "GEMM" else f"GEMM {kv['m']}x{kv['k']}x{kv['n']}"
        yield key, parts[1], kv


def main():
    data = {}  # (key, impl) -> list of kv (one per round)
    order = []
    for path in sys.argv[1:]:
        for key, impl, kv in parse(path):
            if key not in order:
                order.append(key)
            data.setdefault((key, impl), []).append(kv)
    impls = ["dual", "torchsharp"]
    print("| workload | metric | Dual (each round) | Dual median | TorchSharp (each round) | TorchSharp median | Dual / TorchSharp | load at start (Dual; TorchSharp) |")
    print("|---|---|---|---|---|---|---|---|")
    for key in order:
        metric = METRIC[key.split()[0]]
        cols = []
        meds = {}
        for impl in impls:
            vals = [float(kv[metric]) for kv in data.get((key, impl), []) if metric in kv]
            meds[impl] = statistics.median(vals) if vals else None
            cols += [", ".join(f"{v:g}" for v in vals) or "–", f"{meds[impl]:g}" if vals else "–"]
        ratio = f"{meds['dual'] / meds['torchsharp']:.3g}" if meds["dual"] and meds["torchsharp"] else "–"
        ident = key.split()[0]
        load = "; ".join(", ".join(LOADS.get((ident, impl), [])) for impl in impls)
        print(f"| {key} | {metric} | {cols[0]} | {cols[1]} | {cols[2]} | {cols[3]} | {ratio} | {load} |")
        # Dual's steady state (after a longer warm-up, where the harness measures one) against the peer's metric.
        steady = [float(kv["steady_" + metric]) for kv in data.get((key, "dual"), []) if "steady_" + metric in kv]
        if steady and meds["torchsharp"]:
            m = statistics.median(steady)
            print(f"| {key} steady | {metric} | {', '.join(f'{v:g}' for v in steady)} | {m:g} | (as above) | {meds['torchsharp']:g} | {m / meds['torchsharp']:.3g} | |")
    print()
    print("| workload | value | Dual | TorchSharp | |difference| | |")
    print("|---|---|---|---|---|---|")
    for key in order:
        for q in QUALITY:
            d = [kv[q] for kv in data.get((key, "dual"), []) if q in kv]
            p = [kv[q] for kv in data.get((key, "torchsharp"), []) if q in kv]
            if not d or not p:
                continue
            # Every round of Dual must agree with the peer's last to round-off (relative 1e-9).
            diffs = [abs(float(x) - float(p[-1])) for x in d]
            worst = max(diffs)
            # ... or, where the peer prints few decimals (avg_loss_191_200: 4), to the precision printed.
            decimals = len(p[-1].split(".")[1]) if "." in p[-1] and "E" not in p[-1].upper() else 17
            tolerance = max(1e-9 * max(1.0, abs(float(p[-1]))), 0.5 * 10.0 ** -decimals)
            flag = "ok" if worst <= tolerance else "MISMATCH"
            print(f"| {key} | {q} | {' / '.join(d) if len(set(d)) > 1 else d[0]} | {p[-1]} | {worst:.2e} | {flag} |")


if __name__ == "__main__":
    main()
