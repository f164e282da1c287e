#!/usr/bin/env python3
"""Whether two output folders of `buurtpeil run` hold the same files with the same bytes.

usage: compare_trees.py DIR_A DIR_B

Left out: what names the run rather than the figures (OUT/runs.html, the
digests GM*-wijzigingen.*, the manifests: their fingerprints hash the
program's own bytes).  Prints each difference and exits 1 when there is one;
prints the number of files compared and exits 0 otherwise.  Used to check
that a faster path writes what the slow one wrote (issue 23 item 1).
"""
import hashlib
import os
import re
import sys

SKIP = re.compile(r"(^|/)(runs\.html|\.buurtpeil-manifest|GM[0-9]+-wijzigingen\.[a-z]+)$")


def tree(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            path = os.path.join(d, f)
            rel = os.path.relpath(path, root)
            if SKIP.search(rel) or os.path.islink(path):
                continue
            with open(path, "rb") as fh:
                out[rel] = hashlib.sha256(fh.read()).hexdigest()
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    a, b = tree(sys.argv[1]), tree(sys.argv[2])
    diff = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    for k in diff:
        print(f"{'only in B' if k not in a else 'only in A' if k not in b else 'differs'}: {k}")
    if diff:
        print(f"{len(diff)} difference(s) in {len(a.keys() | b.keys())} file(s)")
        sys.exit(1)
    print(f"{len(a)} file(s), the same bytes")


if __name__ == "__main__":
    main()
