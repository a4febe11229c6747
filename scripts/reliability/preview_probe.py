#!/usr/bin/env python3
"""The preview server under load and under attack, over real sockets on loopback.

    preview_probe.py load   EVALSHEET FOLDER --seconds S --clients N
    preview_probe.py attack EVALSHEET FOLDER

Starts `evalsheet preview FOLDER --port 0`, runs the probe, stops the server, and prints one line per
finding as `PASS|FAIL <check>: <details>`, then a last `summary` line. Exits 1 if anything failed.
Only the Python standard library is used.
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

FAILED = []


def report(ok, check, details):
    print(f"{'PASS' if ok else 'FAIL'} {check}: {details}", flush=True)
    if not ok:
        FAILED.append(check)


class Server:
    def __init__(self, cli, folder, *extra):
        self.process = subprocess.Popen([cli, "preview", folder, "--port", "0", *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        url = line.split("http://", 1)[1].split("/", 1)[0]
        self.host, port = url.rsplit(":", 1)
        self.port = int(port)
        self.line = line

    def memory_kb(self, field):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def request(server, raw, timeout=30.0):
    """Sends raw bytes, returns (status or 0, body bytes, seconds). Status 0: closed without an answer."""
    started = time.monotonic()
    with socket.create_connection((server.host, server.port), timeout=timeout) as sock:
        try:
            sock.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
                if b"\r\n\r\n" in data:
                    head, _, body = data.partition(b"\r\n\r\n")
                    length = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                    if length and len(body) >= int(length[0].split(b":")[1]):
                        break
        except (ConnectionResetError, socket.timeout):
            pass
    seconds = time.monotonic() - started
    if not data.startswith(b"HTTP/1.1 "):
        return 0, b"", seconds
    return int(data[9:12]), data.partition(b"\r\n\r\n")[2], seconds


def get(server, path, extra=b""):
    return request(server, b"GET " + path.encode() + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + extra + b"\r\n")


def load(args):
    server = Server(args.cli, args.folder)
    sheets = sorted(name for name in os.listdir(args.folder) if name.endswith(".yaml"))
    paths = ["/"] + [f"/sheet/{name}" for name in sheets] + [f"/pdf/{name}" for name in sheets]
    for path in paths:          # warm: the first PDF of each sheet is rendered, later ones come from the cache
        get(server, path)
    rss_start = server.memory_kb("VmRSS")
    latencies = {path: [] for path in paths}
    errors = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client(number):
        index = number
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            try:
                status, body, seconds = get(server, path)
                ok = status == 200 and len(body) > 0
            except OSError as error:
                ok, seconds, status = False, 0, str(error)
            with lock:
                if ok:
                    latencies[path].append(seconds)
                else:
                    errors.append(f"{path}: {status}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rss_end = server.memory_kb("VmRSS")
    peak = server.memory_kb("VmHWM")
    alive = server.alive()
    server.stop()
    every = [s for values in latencies.values() for s in values]
    def ms(values, q):
        values = sorted(values)
        return 1000 * values[min(len(values) - 1, int(q * (len(values) - 1)))] if values else 0
    kinds = {"index": [s for p, v in latencies.items() if p == "/" for s in v],
             "sheet": [s for p, v in latencies.items() if p.startswith("/sheet/") for s in v],
             "pdf": [s for p, v in latencies.items() if p.startswith("/pdf/") for s in v]}
    detail = ", ".join(f"{k} p50 {ms(v, .5):.1f} ms p99 {ms(v, .99):.1f} ms" for k, v in kinds.items())
    report(not errors and alive and len(every) > 0, "load",
           f"{args.clients} clients for {args.seconds} s: {len(every)} requests ({len(every) / args.seconds:.0f}/s), "
           f"{len(errors)} errors{' (' + '; '.join(errors[:3]) + ')' if errors else ''}; {detail}")
    growth = (rss_end - rss_start) / 1024
    report(growth < 30, "load memory",
           f"resident {rss_start / 1024:.1f} MB before, {rss_end / 1024:.1f} MB after (peak {peak / 1024:.1f} MB)")
    print(f"summary load: {len(every)} requests from {args.clients} clients in {args.seconds} s, {len(errors)} errors, "
          f"p50 {ms(every, .5):.1f} ms, p99 {ms(every, .99):.1f} ms, max {ms(every, 1):.1f} ms; "
          f"server memory {rss_start / 1024:.0f} → {rss_end / 1024:.0f} MB")


def attack(args):
    folder = tempfile.mkdtemp(prefix="evalsheet-attack-")
    outside = tempfile.mkdtemp(prefix="evalsheet-secret-")
    secret = "TOP-SECRET-" + str(os.getpid())
    with open(os.path.join(outside, "secret.yaml"), "w") as f:
        f.write(f"# {secret}\n")
    try:
        seed = next(n for n in sorted(os.listdir(args.folder)) if n.endswith(".yaml"))
        text = open(os.path.join(args.folder, seed), encoding="utf-8").read()
        shutil.copy(os.path.join(args.folder, seed), os.path.join(folder, "plain.yaml"))
        # Script in every kind of field: header values, narrative, a file name.
        payload = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
        quoted = payload.replace('"', '\\"')
        hostile = text.replace("  project: ", f'  project: "{quoted}"  # was: ', 1)
        hostile = hostile.replace('    - "', '    - "' + quoted, 1)
        assert hostile.count(payload.replace('"', '\\"')) == 2, "the sample changed shape"
        with open(os.path.join(folder, "x<script>alert(3)<%2fscript>.yaml"), "w", encoding="utf-8") as f:
            f.write(hostile)
        os.symlink(os.path.join(outside, "secret.yaml"), os.path.join(folder, "link.yaml"))
        os.symlink(outside, os.path.join(folder, "linked-folder"))
        server = Server(args.cli, folder, "--idle-timeout", str(args.idle))
        report(server.host in ("127.0.0.1", "[::1]"), "loopback by default", f"listens on {server.host}")

        # Traversal, in every encoding we could think of.
        traversals = ["/sheet/../../etc/passwd", "/sheet/%2e%2e/%2e%2e/etc/passwd", "/sheet/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                      "/sheet/%252e%252e/etc/passwd", "/sheet/..%2f..%2fetc%2fpasswd", "/sheet/%c0%ae%c0%ae/etc/passwd",
                      "/sheet/..%5c..%5cetc%5cpasswd", "/sheet/..\\..\\etc\\passwd", "/sheet/%uff0e%uff0e/etc/passwd",
                      "/sheet/\uff0e\uff0e/etc/passwd", "/sheet//etc/passwd", "/sheet/%2fetc%2fpasswd",
                      "/sheet/plain.yaml%00.pdf", "/pdf/../../../etc/passwd", "/png/%2e%2e/%2e%2e/etc/passwd",
                      "/sheet/link.yaml", "/pdf/link.yaml", "/sheet/linked-folder/secret.yaml",
                      "/sheet/./linked-folder/../linked-folder/secret.yaml", "/sheet/" + outside + "/secret.yaml",
                      "/sheet/~root/.bashrc", "/sheet/%7e/.bashrc", "/../../../../etc/passwd"]
        leaked = []
        for path in traversals:
            raw_path = urllib.parse.quote(path, safe="/%\\.~:") if not path.isascii() else path
            status, body, _ = get(server, raw_path)
            if status == 200 or b"root:x:0" in body or secret.encode() in body:
                leaked.append(f"{path} → {status}")
        report(not leaked, "path traversal", f"{len(traversals)} paths refused (403/404/400)" if not leaked else "; ".join(leaked))

        # Injection: nothing the evaluation says becomes markup.
        pages = {"index": get(server, "/")[1], "sheet": get(server, "/sheet/" + urllib.parse.quote("x<script>alert(3)<%2fscript>.yaml"))[1]}
        raw = [name for name, body in pages.items() if b"<script>alert" in body or b"<img src=x" in body]
        unescaped = [name for name, body in pages.items() if b"&lt;script&gt;alert(1)" not in body]
        report(not raw and not unescaped, "script injection",
               "escaped in the index and the sheet" if not raw and not unescaped else f"raw markup in {raw}, payload missing in {unescaped}")

        # Oversized and malformed requests: a 4xx or a closed connection, never a crash or a hang.
        cases = {
            "64 KB path": b"GET /" + b"a" * 65536 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            "1 MB path": b"GET /" + b"a" * (1 << 20) + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            "1 MB header": b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * (1 << 20) + b"\r\n\r\n",
            "5000 headers": b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(5000)) + b"\r\n",
            "10 MB body": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n" + b"z" * (10 << 20),
            "garbage": os.urandom(4096),
            "NUL in path": b"GET /sheet/plain\x00.yaml HTTP/1.1\r\nHost: x\r\n\r\n",
            "HTTP/9.9": b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
            "no version": b"GET /\r\n\r\n",
            "bad method": b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n",
            "bad escape": b"GET /sheet/%zz%.yaml HTTP/1.1\r\nHost: x\r\n\r\n",
            "header without colon": b"GET / HTTP/1.1\r\nHost x\r\n\r\n",
            "two lengths": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello",
            "bad chunk": b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n",
            "negative length": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            "huge page number": b"GET /png/plain.yaml?page=99999999999999999999 HTTP/1.1\r\nHost: x\r\n\r\n",
        }
        answers, bad = [], []
        rss_before = server.memory_kb("VmRSS")
        for name, raw_request in cases.items():
            try:
                status, _, seconds = request(server, raw_request, timeout=20)
            except OSError as error:
                status, seconds = 0, 0
            answers.append(f"{name} {status or 'closed'}")
            if status == 200 and name not in ("huge page number",) or seconds > 15 or not server.alive():
                bad.append(f"{name}: {status} in {seconds:.1f} s")
        still = get(server, "/")[0] == 200
        rss_after = server.memory_kb("VmRSS")
        report(not bad and still and server.alive(), "oversized and malformed requests",
               "; ".join(answers) + f"; still serving, resident {rss_before / 1024:.0f} → {rss_after / 1024:.0f} MB"
               if not bad else "; ".join(bad))

        # Slow clients: many connections trickling a request head; others are still served, and the
        # trickling ones are closed after the idle timeout.
        slow = []
        for _ in range(args.slow):
            sock = socket.create_connection((server.host, server.port))
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            slow.append(sock)
        served, worst = 0, 0.0
        deadline = time.monotonic() + args.idle + 3
        closed = 0
        while time.monotonic() < deadline:
            for sock in slow:
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            status, _, seconds = get(server, "/sheet/plain.yaml")
            served += status == 200
            worst = max(worst, seconds)
            time.sleep(0.5)
        for sock in slow:
            sock.settimeout(1)
            try:
                if sock.recv(1) == b"":
                    closed += 1
            except OSError:
                closed += 1
            sock.close()
        report(served > 0 and worst < 2 and closed == len(slow), "slow clients",
               f"{args.slow} connections trickling headers for {args.idle + 3} s: other requests answered "
               f"({served} served, slowest {worst * 1000:.0f} ms); {closed} of {args.slow} closed by the idle timeout "
               f"({args.idle} s)")
        server.stop()
        print(f"summary attack: {len(traversals)} traversal paths, injection in header, narrative and file name, "
              f"{len(cases)} oversized or malformed requests, {args.slow} slow clients; {len(FAILED)} failed")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(outside, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["load", "attack"])
    parser.add_argument("cli")
    parser.add_argument("folder")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--slow", type=int, default=200)
    parser.add_argument("--idle", type=int, default=5)
    args = parser.parse_args()
    (load if args.mode == "load" else attack)(args)
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
