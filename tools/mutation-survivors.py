#!/usr/bin/env python3
"""Lists the undetected mutants (survived, no coverage) of a Stryker JSON report as a markdown table.

    tools/mutation-survivors.py report.json [source-root]

Each row: file, line, status, mutator, the original code and its replacement, so a survivor can be read
without opening the HTML report."""
import json
import re
import sys


def main() -> None:
    report = json.load(open(sys.argv[1], encoding="utf-8"))
    rows = []
    for path, entry in sorted(report["files"].items()):
        lines = entry["source"].splitlines()
        for m in entry["mutants"]:
            if m["status"] not in ("Survived", "NoCoverage"):
                continue
            start, end = m["location"]["start"], m["location"]["end"]
            if start["line"] == end["line"]:
                original = lines[start["line"] - 1][start["column"] - 1:end["column"] - 1]
            else:
                original = lines[start["line"] - 1][start["column"] - 1:] + " …"
            short = re.split(r"src/Dual\.[A-Za-z]+/", path)[-1]  # relative to its project, whichever it is
            rows.append((short, start["line"], m["status"], m["mutatorName"], original.strip(), m.get("replacement", "").strip()))
    print(f"{len(rows)} undetected mutants\n")
    print("| file | line | status | mutator | original | mutant |")
    print("|---|---|---|---|---|---|")
    for f, line, status, mutator, original, replacement in rows:
        cell = lambda s: "`" + s.replace("|", "\\|").replace("`", "'")[:110] + "`" if s else ""
        print(f"| {f} | {line} | {status} | {mutator} | {cell(original)} | {cell(replacement)} |")


if __name__ == "__main__":
    main()
