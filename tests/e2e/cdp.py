"""Headless Chromium driven over the DevTools protocol on a pipe.

Chromium's --remote-debugging-pipe reads commands on fd 3 and writes
answers and events on fd 4, each a JSON message ended by a NUL byte: the
protocol without the websocket that Debian's Python has no client for (the
reason tests/e2e/test_site.py only used --dump-dom and --screenshot), and
without a port that another test could take.

No timeouts: every read blocks until Chromium answers, and ends with an
error when Chromium exits (the pipe closes).  A loaded machine makes it
slow, not wrong; a hang is meson's test timeout by hand, CI's job limit.
"""
import json
import os
import shutil
import subprocess
import tempfile


class Error(Exception):
    pass


class Browser:
    def __init__(self, exe=None):
        exe = exe or shutil.which("chromium")
        if not exe:
            raise Error("chromium is not installed (scripts/test.sh installs it)")
        self.profile = tempfile.mkdtemp(prefix="bp-cdp-")
        to_child_r, self._w = os.pipe()
        self._r, from_child_w = os.pipe()

        def fds():
            # The child's fd 3 reads our commands, fd 4 takes its answers;
            # moved out of the way first in case a pipe end already is 3 or 4.
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.events = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        # A headless page never has the window's focus: without this, :focus never matches.
        self.call("Emulation.setFocusEmulationEnabled", session=True, enabled=True)
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        # The browser's own messages about a page (a file that does not load,
        # a blocked request): what --enable-logging printed beside the
        # console's, so that console_errors misses none of them.
        self.call("Log.enable", session=True)

    def _send(self, msg):
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self._w, data)
            data = data[n:]

    def _read(self):
        while b"\0" not in self._buf:
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                raise Error("chromium closed the DevTools pipe (it exited)")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=False, **params):
        """A command; its result (an error answer raises Error)."""
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        self._send(msg)
        while True:
            m = self._read()
            if m.get("id") == self._id:
                if "error" in m:
                    raise Error(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method):
        """Blocks until the page's session reports method; returns its params.
        Every event stays in self.events: a console message sent while the
        page loads is one that console_errors must see."""
        seen = 0
        while True:
            for m in self.events[seen:]:
                if m.get("method") == method and m.get("sessionId") == self.session:
                    return m.get("params", {})
            seen = len(self.events)
            self.events.append(self._read())

    def viewport(self, width, height):
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    def load(self, url):
        self.events.clear()
        r = self.call("Page.navigate", session=True, url=url)
        if r.get("errorText"):
            raise Error(f"{url}: {r['errorText']}")
        self.wait_event("Page.loadEventFired")

    def eval(self, expression):
        """The value of a JavaScript expression (a promise is awaited); an exception raises Error."""
        r = self.call("Runtime.evaluate", session=True, expression=expression, awaitPromise=True,
                      returnByValue=True)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise Error(f"script: {d.get('exception', {}).get('description') or d.get('text')}")
        return r["result"].get("value")

    def console_errors(self):
        """Console messages, uncaught exceptions and the browser's log entries seen since the last load."""
        out = []
        for m in self.events:
            if m.get("method") == "Runtime.exceptionThrown":
                out.append(m["params"]["exceptionDetails"].get("text"))
            elif m.get("method") == "Runtime.consoleAPICalled":
                out.append(" ".join(str(a.get("value")) for a in m["params"]["args"]))
            elif m.get("method") == "Log.entryAdded":
                e = m["params"]["entry"]
                out.append(f"{e.get('source')} {e.get('level')}: {e.get('text')} {e.get('url', '')}")
        return out

    def close(self):
        try:
            self.call("Browser.close")
        except Error:
            pass
        self.proc.wait()
        os.close(self._w)
        os.close(self._r)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
