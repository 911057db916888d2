#!/usr/bin/python3
"""so-closure.py ROOT EXE OUTDIR: copy EXE and every shared library it
needs (DT_NEEDED, transitively, found anywhere under ROOT) into OUTDIR/lib,
named by soname, so `OUTDIR/lib/ld-linux-aarch64.so.1 --library-path
OUTDIR/lib OUTDIR/EXE` runs it without installing anything."""
import os
import shutil
import subprocess
import sys


def needed(path):
    out = subprocess.run(["aarch64-linux-gnu-readelf", "-d", path],
                         capture_output=True, text=True, check=True).stdout
    return [l.split("[")[1].split("]")[0] for l in out.splitlines() if "(NEEDED)" in l]


def main():
    root, exe, outdir = sys.argv[1:4]
    libs = {}
    for d, _, files in os.walk(root):
        for f in files:
            if ".so" in f:
                libs.setdefault(f, os.path.join(d, f))
    os.makedirs(os.path.join(outdir, "lib"), exist_ok=True)
    shutil.copy(exe, outdir)
    found, todo, missing = set(), [exe], []
    while todo:
        for name in needed(todo.pop()):
            if name in found:
                continue
            found.add(name)
            if name not in libs:
                missing.append(name)
                continue
            real = os.path.realpath(libs[name])
            shutil.copy(real, os.path.join(outdir, "lib", name))
            todo.append(real)
    if missing:
        sys.exit("so-closure: not found under %s: %s" % (root, " ".join(missing)))


if __name__ == "__main__":
    main()
