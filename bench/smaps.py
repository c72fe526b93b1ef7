#!/usr/bin/env python3
"""Where a process's resident memory is: /proc/PID/smaps grouped by mapping, in MiB.

    bench/smaps.py PID [--top N]

Prints one `smaps:` line per group (the file's name, or [anon], [heap], [stack], a thread's stack guard…), largest
first, with its Rss and, for files, how much of it is private (written: relocations, data) against shared (clean
pages of the file), then the totals of smaps_rollup: file-backed and anonymous.
"""
import collections
import os
import sys


def main() -> None:
    pid = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 12
    groups: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    name = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5 and not fields[0].endswith(":"):
                path = fields[5] if len(fields) > 5 else "[anon]"
                name = os.path.basename(path) if path.startswith("/") else path
                groups[name]["mappings"] += 1
            elif fields[0].endswith(":") and len(fields) >= 2 and fields[1].isdigit():
                groups[name][fields[0][:-1]] += int(fields[1])
    mib = lambda kb: f"{kb / 1024:.1f}"
    for name, g in sorted(groups.items(), key=lambda kv: -kv[1]["Rss"])[:top]:
        private = g["Private_Clean"] + g["Private_Dirty"]
        print(f"smaps: {name:<44} rss {mib(g['Rss']):>6} MiB  private {mib(private):>5}  anon {mib(g['Anonymous']):>5}  mappings {g['mappings']}")
    rollup = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            fields = line.split()
            if fields[0].endswith(":") and len(fields) >= 2 and fields[1].isdigit():
                rollup[fields[0][:-1]] = int(fields[1])
    anon = rollup.get("Anonymous", 0)
    print(f"smaps: total rss {mib(rollup['Rss'])} MiB = file-backed {mib(rollup['Rss'] - anon)} + anonymous {mib(anon)}")


if __name__ == "__main__":
    main()
