#!/usr/bin/env python3
"""Normalise a corpus tree so every directory walker sees the same files.

A walker that honours .gitignore/.ignore, skips hidden entries and skips
vendored directories (node_modules, vendor, third_party) must see exactly the
files that `rg --no-ignore --hidden` sees. So, under ROOT:

  * ignore files (.gitignore, .ignore, .rgignore, .fdignore) are deleted;
  * .git directories are deleted;
  * symlinks are deleted (walkers differ in whether they follow them);
  * every other hidden entry `.name` is renamed to `dot_name`;
  * directories named node_modules / vendor / third_party (any case) are
    renamed to npm_modules_src / vendored_src / third_party_src;
  * files that are not readable are made readable.

Renames never clobber: on a clash a numeric suffix is appended.
Usage: corpus-sanitize.py ROOT [ROOT...]   (prints what it changed)
"""
import os
import stat
import shutil
import sys

IGNORE_FILES = {".gitignore", ".ignore", ".rgignore", ".fdignore"}
VENDOR_DIRS = {
    "node_modules": "npm_modules_src",
    "vendor": "vendored_src",
    "third_party": "third_party_src",
}


def free_name(parent, name):
    cand, i = name, 1
    while os.path.lexists(os.path.join(parent, cand)):
        i += 1
        cand = f"{name}_{i}"
    return cand


def sanitize(root):
    stats = dict(ignore_files=0, git_dirs=0, symlinks=0, hidden=0, vendor=0, chmod=0)
    # Bottom-up, so renaming a directory never invalidates paths still to visit.
    for parent, dirs, files in os.walk(root, topdown=False):
        for name in files:
            path = os.path.join(parent, name)
            if os.path.islink(path):
                os.unlink(path)
                stats["symlinks"] += 1
                continue
            if name in IGNORE_FILES:
                os.unlink(path)
                stats["ignore_files"] += 1
                continue
            st = os.stat(path)
            if not st.st_mode & stat.S_IRUSR or not st.st_mode & stat.S_IROTH:
                os.chmod(path, st.st_mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
                stats["chmod"] += 1
            if name.startswith("."):
                os.rename(path, os.path.join(parent, free_name(parent, "dot_" + name[1:])))
                stats["hidden"] += 1
        for name in dirs:
            path = os.path.join(parent, name)
            if os.path.islink(path):
                os.unlink(path)
                stats["symlinks"] += 1
                continue
            st = os.stat(path)
            want = stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
            if st.st_mode & want != want:
                os.chmod(path, st.st_mode | want)
                stats["chmod"] += 1
            if name == ".git":
                shutil.rmtree(path)
                stats["git_dirs"] += 1
                continue
            new = None
            if name.startswith("."):
                new = "dot_" + name[1:]
                stats["hidden"] += 1
            elif name.lower() in VENDOR_DIRS:
                new = VENDOR_DIRS[name.lower()]
                stats["vendor"] += 1
            if new is not None:
                os.rename(path, os.path.join(parent, free_name(parent, new)))
    return stats


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for root in sys.argv[1:]:
        s = sanitize(root)
        changed = {k: v for k, v in s.items() if v}
        if changed:
            print(f"sanitized {root}: " + ", ".join(f"{k}={v}" for k, v in changed.items()))


if __name__ == "__main__":
    main()
