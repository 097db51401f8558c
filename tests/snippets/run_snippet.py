#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The SignalNotifier authors
# SPDX-License-Identifier: MIT
#
# Runs one program that a page shows (a block marked run=NAME, docs/snippets/README.md)
# and checks it against the page: its standard output must be the ```text block shown
# after it, line for line, and it must exit with the status the mark names.
#
#   run_snippet.py PROGRAM EXPECTED_FILE EXIT_STATUS
import subprocess
import sys

program, expected_file, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(expected_file, encoding="utf-8") as f:
    expected = f.read()
try:
    # A hung program is a failed test: well past what any of the pages' programs needs.
    done = subprocess.run([program], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          timeout=60)
except subprocess.TimeoutExpired:
    sys.exit(f"{program} did not finish within 60 s")
got = done.stdout.decode("utf-8", "replace")
ok = True
if got != expected:
    print(f"{program} printed:\n{got}--- the page says:\n{expected}---")
    ok = False
if done.returncode != status:
    print(f"{program} exited with {done.returncode}, the page says {status} "
          "(negative: killed by that signal)")
    ok = False
sys.exit(0 if ok else 1)
