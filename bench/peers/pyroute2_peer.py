#!/usr/bin/python3
"""pyroute2 peer for the nlwire bench: JSON lines over stdio (see bench/rpc.ts). (Not named
pyroute2.py: the script directory comes first on sys.path and would shadow the package.)

Started by the orchestrator as `ip netns exec <scratch ns> /usr/bin/python3 bench/peers/pyroute2_peer.py`
(Debian's python3-pyroute2), so IPRoute() opens its socket in the scratch namespace. One more
instance runs in the root namespace only to time pyroute2.netns.remove() of a scratch namespace;
it never touches root's links. Times are time.monotonic_ns() (CLOCK_MONOTONIC, like Node's hrtime).
"""
import json
import os
import sys
import time

from pyroute2 import IPRoute, netns
from pyroute2.netlink import NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg

RTM_NEWLINK = 16
_ipr = None


def ipr():
    global _ipr
    if _ipr is None:
        _ipr = IPRoute()
    return _ipr


def pairs(prefix, n):
    return [(f"{prefix}a{i}", f"{prefix}b{i}") for i in range(n)]


def encode_veth_create(name, peer, seq):
    """The veth-create RTM_NEWLINK with pyroute2's own message class, header included."""
    m = ifinfmsg()
    m["header"]["type"] = RTM_NEWLINK
    m["header"]["flags"] = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE
    m["header"]["sequence_number"] = seq
    m["attrs"] = [
        ("IFLA_IFNAME", name),
        ("IFLA_LINKINFO", {"attrs": [
            ("IFLA_INFO_KIND", "veth"),
            ("IFLA_INFO_DATA", {"attrs": [("VETH_INFO_PEER", {"attrs": [("IFLA_IFNAME", peer)]})]}),
        ]}),
    ]
    m.encode()
    return bytes(m.data[: m["header"]["length"]])


def decode_link(data):
    m = ifinfmsg(data)
    m.decode()
    return m


def timed(fn):
    t0 = time.monotonic_ns()
    fn()
    return time.monotonic_ns() - t0


def op_info(a):
    import importlib.metadata
    return {"pid": os.getpid(), "netns": os.readlink("/proc/self/ns/net"),
            "pyroute2": importlib.metadata.version("pyroute2"), "python": sys.version.split()[0]}


def op_encode(a):
    first = encode_veth_create("va00001", "vb00001", 1)
    for i in range(a.get("warmup", 0)):
        encode_veth_create("va00001", "vb00001", i)
    n = a["iterations"]

    def loop():
        for i in range(n):
            encode_veth_create("va00001", "vb00001", i)
    return {"nsPerOp": timed(loop) / n, "hex": first.hex()}


def op_decode(a):
    data = bytes.fromhex(a["hex"])
    first = decode_link(data)
    for _ in range(a.get("warmup", 0)):
        decode_link(data)
    n = a["iterations"]

    def loop():
        for _ in range(n):
            decode_link(data)
    # Proof of a full decode: the veth peer's name, three nests down.
    info = first.get_attr("IFLA_LINKINFO")
    kind = info.get_attr("IFLA_INFO_KIND") if info else None
    return {"nsPerOp": timed(loop) / n, "kind": kind, "ifname": first.get_attr("IFLA_IFNAME")}


def op_create(a):
    ps = pairs(a["prefix"], a["n"])
    r = ipr()

    def loop():
        for x, y in ps:
            r.link("add", ifname=x, kind="veth", peer=y)
    return {"ns": timed(loop)}


def op_delete_links(a):
    r = ipr()
    names = a["names"]

    def loop():
        for x in names:
            r.link("del", ifname=x)
    return {"ns": timed(loop)}


def op_delete_group(a):
    r = ipr()
    return {"ns": timed(lambda: r.link("del", group=a["group"]))}


def op_dump(a):
    r = ipr()
    expect = a["expect"]

    def once():
        links = r.get_links()
        if len(links) != expect:
            raise RuntimeError(f"pyroute2 dump returned {len(links)} links, expected {expect}")
    once()
    n = a["repeats"]

    def loop():
        for _ in range(n):
            once()
    return {"ns": timed(loop) / n}


def op_netns_remove(a):
    name = a["name"]
    if not name.startswith("nlwb"):
        raise RuntimeError(f"refusing to remove non-bench namespace {name}")
    t0 = time.monotonic_ns()
    netns.remove(name)
    return {"t0": str(t0), "ns": time.monotonic_ns() - t0}


def op_netns_cycle(a):
    """netns.create + netns.remove of n namespaces (names checked: bench scratch names only)."""
    names = [f"{a['prefix']}{i}" for i in range(a["n"])]
    for nm in names:
        if not nm.startswith("nlwb"):
            raise RuntimeError(f"refusing to touch non-bench namespace {nm}")
    t0 = time.monotonic_ns()
    for nm in names:
        netns.create(nm)
    t1 = time.monotonic_ns()
    for nm in names:
        netns.remove(nm)
    t2 = time.monotonic_ns()
    return {"add": (t1 - t0) / len(names), "del": (t2 - t1) / len(names)}


def op_netns_open(a):
    """NetNS(name): pyroute2's handle on another namespace (it forks a helper process), n times."""
    from pyroute2 import NetNS
    name = a["name"]
    n = a["n"]

    def loop():
        for _ in range(n):
            h = NetNS(name)
            h.close()
    return {"ns": timed(loop) / n}


def op_netns_lo_up(a):
    """NetNS(name) + link set lo up + close, per namespace (the ip -n shell loop's work)."""
    from pyroute2 import NetNS
    names = a["names"]

    def loop():
        for nm in names:
            h = NetNS(nm)
            h.link("set", index=1, state="up")
            h.close()
    return {"ns": timed(loop) / len(names)}


OPS = {
    "netnsCycle": op_netns_cycle,
    "netnsOpen": op_netns_open,
    "netnsLoUp": op_netns_lo_up,
    "info": op_info,
    "encode": op_encode,
    "decode": op_decode,
    "create": op_create,
    "deleteLinks": op_delete_links,
    "deleteGroup": op_delete_group,
    "dump": op_dump,
    "netnsRemove": op_netns_remove,
}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            reply = {"id": req["id"], "ok": True, "result": OPS[req["op"]](req.get("args") or {})}
        except Exception as e:  # reported to the orchestrator, which shows it in the table notes
            reply = {"id": req["id"], "ok": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    if _ipr is not None:
        _ipr.close()


if __name__ == "__main__":
    main()
