"""Drives proxyshard-fake the way a Python project's CI would, with nothing
but the standard library: start it on port 0, wait until it is ready, buy,
move the clock past the expiry, see the order on-hold, inject a 429, read
the coverage, stop it cleanly.

    python3 drive_fake.py COMMAND [ARG...]   # COMMAND starts proxyshard-fake

Exits 0 when every step behaved; otherwise it says which step did not.
"""

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

TOKEN = "py-ci-token"


def call(base, method, path, body=None, token=None):
    """One request; returns (status, decoded JSON body, headers)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token is not None:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.load(resp), resp.headers
    except urllib.error.HTTPError as err:
        return err.code, json.load(err), err.headers


def expect(what, got, want):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


def wait_ready(base):
    deadline = time.monotonic() + 10
    while True:
        try:
            status, body, _ = call(base, "GET", "/_fake/ready")
            if status == 200 and body == {"ready": True}:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the fake never became ready")
        time.sleep(0.05)


def scenario(base):
    wait_ready(base)

    status, bought, _ = call(base, "POST", "/user/api/orders/purchase",
                             {"product": "Datacenter Proxy", "location": "DE", "cycle": "monthly", "quantity": 2},
                             token=TOKEN)
    expect("purchase status", status, 200)
    expect("purchase success", bought["success"], True)
    order_id = bought["order_id"]

    status, me, _ = call(base, "GET", "/user/api/me", token=TOKEN)
    expect("wallet after buying two IPs at 150 cents", me["wallet_balance"], 5000 - 300)

    status, _, _ = call(base, "POST", "/_fake/clock", {"advance": "744h"})
    expect("clock status", status, 200)
    status, detail, _ = call(base, "GET", f"/user/api/orders/{order_id}", token=TOKEN)
    expect("order status after expiry", detail["order"]["status"], "on-hold")

    status, _, _ = call(base, "POST", "/_fake/faults", {"operation": "getMe", "status": 429, "retry_after": "3s"})
    expect("fault status", status, 201)
    status, refused, headers = call(base, "GET", "/user/api/me", token=TOKEN)
    expect("injected status", status, 429)
    expect("Retry-After", headers.get("Retry-After"), "3")
    expect("ApiError body", refused["success"], False)

    status, bad, _ = call(base, "POST", "/_fake/faults", {"operation": "noSuchOperation", "status": 429})
    expect("bad control request", status, 400)
    if "purchaseOrder" not in bad["error"]:
        raise AssertionError("the 400 does not list the operations: " + bad["error"])

    status, coverage, _ = call(base, "GET", "/_fake/coverage")
    expect("coverage status", status, 200)
    ops = coverage["operations"]
    expect("purchaseOrder answers", ops["purchaseOrder"]["answers"], {"200": 1})
    expect("getMe answers", ops["getMe"]["answers"], {"200": 1, "429": 1})
    expect("getOrder answers", ops["getOrder"]["answers"], {"200": 1})
    if 401 not in ops["getMe"]["missing"]:
        raise AssertionError("401 of getMe was never answered, coverage should say so")


def main(command):
    fake = subprocess.Popen(command + ["-addr", "127.0.0.1:0", "-proxy-http-port", "0", "-proxy-socks-port", "0",
                                       "-quiet", "-log-format", "json",
                                       "-token", TOKEN, "-balance", "5000"],
                            stdout=subprocess.PIPE, text=True)
    try:
        listening = json.loads(fake.stdout.readline())
        expect("first line", listening["msg"], "listening")
        scenario(listening["url"])
        fake.send_signal(signal.SIGTERM)
        expect("exit status", fake.wait(timeout=10), 0)
        rest = [json.loads(line) for line in fake.stdout.read().splitlines()]
        expect("last line", rest[-1]["msg"], "stopped")
        expect("lines after listening (quiet: no request lines)", len(rest), 1)
    finally:
        if fake.poll() is None:
            fake.kill()
            fake.wait()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: drive_fake.py COMMAND [ARG...]")
    main(sys.argv[1:])
