#!/usr/bin/env python3
"""drive.py N OUTDIR CMD...: N times: start CMD with stdout a pipe (as QProcess does),
read its first line (the ready line), send SIGUSR1 at once, wait up to TIMEOUT s (env,
default 5) for a second line. A failure leaves the process running while /proc, fdinfo
and (with GDBCMDS=file) gdb evidence is captured into OUTDIR/fail-K."""
import os, random, select, signal, subprocess, sys, time

n, out, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
timeout = float(os.environ.get("TIMEOUT", "5"))
delay = float(os.environ.get("DELAY", "0"))   # seconds between ready line and kill
jitter = float(os.environ.get("JITTER", "0"))  # plus a uniformly random 0..JITTER s
os.makedirs(out, exist_ok=True)
fails = 0

def sh(c):
    return subprocess.run(c, shell=True, capture_output=True, text=True).stdout

def capture(pid, d, lines):
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/output", "w") as f:
        f.write("".join(lines))
    rep = []
    for t in sorted(os.listdir(f"/proc/{pid}/task")):
        base = f"/proc/{pid}/task/{t}"
        rep.append(f"== tid {t} comm {open(base + '/comm').read().strip()}")
        for l in open(base + "/status"):
            if l.split(":")[0] in ("State", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"):
                rep.append(l.rstrip())
        rep.append("syscall: " + open(base + "/syscall").read().strip())
        rep.append("wchan: " + open(base + "/wchan").read().strip())
    with open(f"{d}/proc.txt", "w") as f:
        f.write("\n".join(rep) + "\n")
    with open(f"{d}/fd.txt", "w") as f:
        f.write(sh(f"ls -l /proc/{pid}/fd; for x in /proc/{pid}/fdinfo/*; do echo == $x; cat $x; done"))
    with open(f"{d}/inspect.txt", "w") as f:
        f.write(sh(f"python3 {os.path.dirname(os.path.abspath(__file__))}/inspect.py {pid} 2>&1"))
    g = os.environ.get("GDBCMDS")
    if g:
        with open(f"{d}/gdb.txt", "w") as f:
            f.write(sh(f"gdb -p {pid} -batch -x {g} 2>&1"))

for i in range(1, n + 1):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = [p.stdout.readline().decode()]
    if delay or jitter:
        time.sleep(delay + random.uniform(0, jitter))
    os.kill(p.pid, signal.SIGUSR1)
    r, _, _ = select.select([p.stdout], [], [], timeout)
    if r:
        lines.append(p.stdout.readline().decode())
    if not r or not lines[-1]:
        fails += 1
        d = f"{out}/fail-{fails}"
        capture(p.pid, d, lines)
        print(f"run {i}: FAIL pid {p.pid} -> {d}", flush=True)
    p.kill()
    p.wait()
    p.stdout.close()
print(f"failures: {fails} / {n}", flush=True)
