#!/usr/bin/env python3
"""Run one command and measure it: wall time and peak memory (the child's
maximum resident set size, from wait4's rusage, so no `time` package needed).

    scripts/measure.py STDIN STDOUT STDERR -- COMMAND [ARG...]

STDIN is a file to feed on standard input (`-` for none); the command's standard
output and error go to the files STDOUT and STDERR. Prints one JSON object:
{"exit": N, "signal": S|null, "seconds": F, "max_rss_kib": N, "stdout_bytes": N}.
A command still running after $MEASURE_TIMEOUT seconds (default 120) is killed
(signal 9 in the answer).

Used by tests/tests/hostile.rs and scripts/hostile-table.sh.
"""
import json
import os
import subprocess
import sys
import time


def main() -> int:
    args = sys.argv[1:]
    if len(args) < 5 or args[3] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    stdin_path, stdout_path, stderr_path, command = args[0], args[1], args[2], args[4:]
    timeout = float(os.environ.get("MEASURE_TIMEOUT", "120"))
    stdin = subprocess.DEVNULL if stdin_path == "-" else open(stdin_path, "rb")
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        start = time.monotonic()
        child = subprocess.Popen(command, stdin=stdin, stdout=out, stderr=err)
        deadline = start + timeout
        while True:
            pid, status, rusage = os.wait4(child.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                child.kill()
                pid, status, rusage = os.wait4(child.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.monotonic() - start
    child.returncode = 0  # reaped above; keep Popen from waiting again
    result = {
        "exit": os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "seconds": round(seconds, 3),
        # Linux reports ru_maxrss in KiB.
        "max_rss_kib": rusage.ru_maxrss,
        "stdout_bytes": os.path.getsize(stdout_path),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
