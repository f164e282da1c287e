#!/usr/bin/env python3
"""The layering the build enforces (lib/meson.build), checked on the real
compile commands: a file of lib/render/ compiled with render's own flags
cannot include libpq's header, nor one of lib/engine/ Cairo's.  A control
(lib/report/ with libpq, lib/render/ with Cairo) shows that the probe itself
compiles where the dependency is declared, so a failure means the layering
and not a broken probe.

usage: check_layering.py BUILD_ROOT
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile


def flags_of(commands, folder):
    """The compile command of the first file of lib/FOLDER/, without its
    output, source and dependency-file arguments."""
    for c in commands:
        if f"/lib/{folder}/" in c["file"].replace(os.sep, "/") or c["file"].startswith(f"../lib/{folder}/"):
            args = shlex.split(c["command"]) if "command" in c else list(c["arguments"])
            out, skip = [], 0
            for a in args:
                if skip:
                    skip -= 1
                    continue
                if a in ("-o", "-MQ", "-MF", "-c"):
                    skip = 1
                    continue
                if a == "-MD" or a.startswith("-fdiagnostics-color"):
                    continue
                out.append(a)
            return out, c["directory"]
    sys.exit(f"no compile command for lib/{folder}/")


def compiles(commands, folder, header):
    args, cwd = flags_of(commands, folder)
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "probe.c")
        with open(src, "w") as f:
            f.write(f"#include <{header}>\nint bp_probe(void);\nint bp_probe(void) {{ return 0; }}\n")
        p = subprocess.run(args + ["-c", src, "-o", os.path.join(d, "probe.o")],
                           cwd=cwd, capture_output=True, text=True)
    return p.returncode == 0, p.stderr.strip().splitlines()[:2]


def main():
    with open(os.path.join(sys.argv[1], "compile_commands.json")) as f:
        commands = json.load(f)
    failed = 0
    for folder, header, want in [("render", "libpq-fe.h", False), ("engine", "cairo.h", False),
                                 ("table", "libpq-fe.h", False), ("table", "cairo.h", False),
                                 ("report", "libpq-fe.h", True), ("render", "cairo.h", True)]:
        ok, err = compiles(commands, folder, header)
        verdict = "compiles" if ok else "refused"
        print(f"lib/{folder}/ with <{header}>: {verdict}" + ("" if ok else f" ({' '.join(err)})"))
        if ok != want:
            print(f"  FAIL: expected it to be {'compiled' if want else 'refused'}")
            failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main())
