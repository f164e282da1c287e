"""What a step of an end-to-end test cost, printed in the test log (e2e/run,
e2e/demo, e2e/site): where a slow test's time goes, read from its own output
instead of profiling it again."""
import os
import time


class timed:
    """Prints what a step cost when it took a second or more (wall, and the
    CPU of the programs it ran; the server's own CPU is not counted)."""
    def __init__(self, what):
        self.what = what

    def __enter__(self):
        self.t0, self.c0 = time.monotonic(), os.times()

    def __exit__(self, *exc):
        wall = time.monotonic() - self.t0
        c = os.times()
        cpu = (c.children_user + c.children_system + c.user + c.system
               - self.c0.children_user - self.c0.children_system - self.c0.user - self.c0.system)
        if wall >= 1:
            print(f"time: {wall:6.1f} s wall, {cpu:6.1f} s CPU: {self.what}", flush=True)
