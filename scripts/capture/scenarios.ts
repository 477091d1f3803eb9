// What `npm run capture` records: every command of SCENARIOS.md S1–S5, S8 and S9 as typed, plus
// extra scenarios (x-*) for the objects the tutorial does not reach (vxlan, macvlan/macvtap,
// addresses, routes, neighbours, FDB, nsid, netconf, bridge options, rules, nexthop objects,
// address labels, the bridge MDB, list filters done by the kernel). Each scenario runs in its
// own scratch network namespace ("root"); the namespaces it names (ns01, ns1 ...) live in the
// capture's private /run/netns, so they are typed exactly as in SCENARIOS.md.

export interface Step {
  /** The command exactly as typed (run by `sh -c` in the scenario's scratch root namespace). */
  cmd: string
  /** File name part after the step number: `01-<slug>.nl`. */
  slug: string
  /** Programs that must be installed; without them the step is skipped and says so. */
  needs?: string[]
  /** The command is expected to fail (S9): a zero exit status is reported as a surprise. */
  fails?: boolean
  /** Why this step is here, when it is not in SCENARIOS.md (recorded in the sidecar). */
  note?: string
}

export interface Scenario {
  /** Directory under fixtures/: s1 ... s9, x-route ... */
  id: string
  title: string
  /** Scenario whose steps must have run first in the same scratch namespace (not re-recorded). */
  after?: string
  steps: Step[]
}

const s = (cmd: string, slug: string, extra: Omit<Step, 'cmd' | 'slug'> = {}): Step => ({ cmd, slug, ...extra })

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 's1',
    title: 'A named network namespace',
    steps: [
      s('ip netns add ns01', 'netns-add-ns01'),
      s('ip netns list', 'netns-list'),
      s('ip netns exec ns01 ip link list', 'ns01-link-list'),
    ],
  },
  {
    id: 's2',
    title: 'A veth pair',
    after: 's1',
    steps: [s('ip link add veth01 type veth peer name veth02', 'link-add-veth'), s('ip link list', 'link-list')],
  },
  {
    id: 's3',
    title: 'Move one end into a namespace, configure it',
    after: 's2',
    steps: [
      s('ip link set veth01 netns ns01', 'link-set-veth01-netns'),
      s('ip link list', 'link-list'),
      s('ip netns exec ns01 ip link list', 'ns01-link-list'),
      s('ip netns exec ns01 ip addr add 100.2.96.2/16 dev veth01', 'ns01-addr-add'),
      s('ip netns exec ns01 ip link set veth01 up', 'ns01-link-set-up'),
      s('ip netns exec ns01 ip addr list', 'ns01-addr-list'),
    ],
  },
  {
    id: 's4',
    title: 'Two namespaces joined by one veth pair',
    steps: [
      s('ip netns add ns1', 'netns-add-ns1'),
      s('ip netns add ns2', 'netns-add-ns2'),
      s('ip link add tap1 type veth peer name tap2', 'link-add-veth'),
      s('ip link set tap1 netns ns1', 'link-set-tap1-netns'),
      s('ip link set tap2 netns ns2', 'link-set-tap2-netns'),
      s('ip netns exec ns1 ip link set dev tap1 up', 'ns1-link-set-up'),
      s('ip netns exec ns2 ip link set dev tap2 up', 'ns2-link-set-up'),
    ],
  },
  {
    id: 's5',
    title: 'A Linux bridge with two veth pairs (one port per namespace)',
    steps: [
      s('ip link add br-test01 type bridge', 'link-add-bridge'),
      s('ip link set br-test01 type bridge stp_state 0', 'link-set-bridge-stp-off'),
      s('ip link set dev br-test01 up', 'link-set-bridge-up'),
      s('ip addr add 192.168.88.1/24 dev br-test01', 'addr-add-bridge'),
      s('ip netns add ns1', 'netns-add-ns1'),
      s('ip netns add ns2', 'netns-add-ns2'),
      s('ip link add tap1 type veth peer name br-tap1', 'link-add-veth-1'),
      s('ip link set br-tap1 master br-test01', 'link-set-master-1'),
      s('ip link set tap1 netns ns1', 'link-set-netns-1'),
      s('ip netns exec ns1 ip link set dev tap1 up', 'ns1-link-set-up'),
      s('ip link set dev br-tap1 up', 'link-set-port-up-1'),
      s('ip netns exec ns1 ip addr add 192.168.88.3/24 dev tap1', 'ns1-addr-add'),
      s('ip netns exec ns1 ip route add default via 192.168.88.1', 'ns1-route-add-default'),
      s('ip link add tap2 type veth peer name br-tap2', 'link-add-veth-2'),
      s('ip link set br-tap2 master br-test01', 'link-set-master-2'),
      s('ip link set tap2 netns ns2', 'link-set-netns-2'),
      s('ip netns exec ns2 ip link set dev tap2 up', 'ns2-link-set-up'),
      s('ip link set dev br-tap2 up', 'link-set-port-up-2'),
      s('ip netns exec ns2 ip addr add 192.168.88.4/24 dev tap2', 'ns2-addr-add'),
      s('ip netns exec ns2 ip route add default via 192.168.88.1', 'ns2-route-add-default'),
      s('ip netns exec ns1 ping -c 2 -W 2 192.168.88.4', 'ns1-ping-ns2', {
        needs: ['ping'],
        note: "SCENARIOS.md's expectation (ns1 and ns2 ping each other through the bridge), recorded for the neighbour events it causes",
      }),
    ],
  },
  {
    id: 's8',
    title: 'Both ends of a veth in one namespace',
    steps: [
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip link set dev veth0 up', 'link-set-veth0-up'),
      s('ip link set dev veth1 up', 'link-set-veth1-up'),
      s('ip addr add 192.168.100.11/24 dev veth0', 'addr-add-veth0'),
      s('ping -c 4 192.168.100.1', 'ping-fails', { needs: ['ping'], fails: true }),
      s('ip addr add 192.168.100.1/24 dev veth1', 'addr-add-veth1'),
      s('echo 1 > /proc/sys/net/ipv4/conf/veth1/accept_local', 'sysctl-veth1-accept-local'),
      s('echo 1 > /proc/sys/net/ipv4/conf/veth0/accept_local', 'sysctl-veth0-accept-local'),
      s('echo 0 > /proc/sys/net/ipv4/conf/all/rp_filter', 'sysctl-all-rp-filter'),
      s('echo 0 > /proc/sys/net/ipv4/conf/veth0/rp_filter', 'sysctl-veth0-rp-filter'),
      s('echo 0 > /proc/sys/net/ipv4/conf/veth1/rp_filter', 'sysctl-veth1-rp-filter'),
      s('ping -c 4 -I veth0 192.168.100.1', 'ping-succeeds', { needs: ['ping'] }),
    ],
  },
  {
    id: 's9',
    title: 'Devices that cannot change namespace (NETIF_F_NETNS_LOCAL)',
    steps: [
      s('ip netns add ns1', 'netns-add-ns1', { note: 'the namespace the bridge is moved to (as in S4)' }),
      s('ip link add br0 type bridge', 'link-add-bridge'),
      s('ip link set br0 netns ns1', 'link-set-bridge-netns-fails', { fails: true }),
      s('ethtool -k br0 | grep netns', 'ethtool-netns-local', { needs: ['ethtool'] }),
    ],
  },
  {
    id: 'x-vxlan',
    title: 'A VXLAN device on a veth, with an FDB entry',
    steps: [
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip addr add 10.0.0.1/24 dev veth0', 'addr-add'),
      s('ip link set dev veth0 up', 'link-set-veth0-up'),
      s('ip link set dev veth1 up', 'link-set-veth1-up'),
      s('ip link add vx0 type vxlan id 42 dstport 4789 local 10.0.0.1 dev veth0', 'link-add-vxlan'),
      s('ip link set dev vx0 up', 'link-set-vxlan-up'),
      s('bridge fdb append 00:00:00:00:00:00 dst 10.0.0.2 dev vx0', 'fdb-append-vxlan'),
      s('bridge fdb show dev vx0', 'fdb-show-vxlan'),
      s('ip -d link show dev vx0', 'link-show-vxlan'),
      s('ip link del vx0', 'link-del-vxlan'),
    ],
  },
  {
    id: 'x-macvlan',
    title: 'macvlan (mode bridge) and macvtap on a veth',
    steps: [
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip link add macvlan0 link veth0 type macvlan mode bridge', 'link-add-macvlan'),
      s('ip link add macvtap0 link veth0 type macvtap mode bridge', 'link-add-macvtap'),
      s('ip link set dev macvlan0 up', 'link-set-macvlan-up'),
      s('ip -d link show dev macvtap0', 'link-show-macvtap'),
      s('ip link del macvtap0', 'link-del-macvtap'),
      s('ip link del macvlan0', 'link-del-macvlan'),
    ],
  },
  {
    id: 'x-addr',
    title: 'IPv4 and IPv6 addresses: add, show, delete',
    steps: [
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip link set dev veth0 up', 'link-set-veth0-up'),
      s('ip link set dev veth1 up', 'link-set-veth1-up'),
      s('ip addr add 192.0.2.1/24 dev veth0', 'addr-add-ipv4'),
      s('ip addr add 198.51.100.1/24 broadcast + dev veth0 label veth0:1', 'addr-add-ipv4-label'),
      s('ip -6 addr add 2001:db8::1/64 dev veth0', 'addr-add-ipv6'),
      s('ip -6 addr add 2001:db8:1::1/64 dev veth0 nodad', 'addr-add-ipv6-nodad'),
      s('ip addr show dev veth0', 'addr-show'),
      s('ip -6 addr show dev veth0', 'addr-show-ipv6'),
      s('ip addr del 192.0.2.1/24 dev veth0', 'addr-del-ipv4'),
      s('ip -6 addr del 2001:db8::1/64 dev veth0', 'addr-del-ipv6'),
    ],
  },
  {
    id: 'x-route',
    title: 'Routes: default, metric, table 100, mtu lock, multipath, IPv6, delete',
    steps: [
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth-a'),
      s('ip link add veth2 type veth peer name veth3', 'link-add-veth-b'),
      s('ip link set dev veth0 up', 'link-set-veth0-up'),
      s('ip link set dev veth1 up', 'link-set-veth1-up'),
      s('ip link set dev veth2 up', 'link-set-veth2-up'),
      s('ip link set dev veth3 up', 'link-set-veth3-up'),
      s('ip addr add 192.0.2.1/24 dev veth0', 'addr-add-a'),
      s('ip addr add 198.51.100.1/24 dev veth2', 'addr-add-b'),
      s('ip -6 addr add 2001:db8::1/64 dev veth0 nodad', 'addr-add-ipv6'),
      s('ip route add default via 192.0.2.254', 'route-add-default'),
      s('ip route add 203.0.113.0/24 via 192.0.2.254 metric 100', 'route-add-metric'),
      s('ip route add 203.0.113.0/24 via 198.51.100.254 table 100', 'route-add-table-100'),
      s('ip route add 10.10.0.0/16 via 192.0.2.254 mtu lock 1400', 'route-add-mtu-lock'),
      s('ip route add 10.20.0.0/16 nexthop via 192.0.2.254 weight 1 nexthop via 198.51.100.254 weight 2', 'route-add-multipath'),
      s('ip -6 route add 2001:db8:2::/64 via 2001:db8::2 metric 1024', 'route-add-ipv6'),
      s('ip route show', 'route-show'),
      s('ip route show table 100', 'route-show-table-100'),
      s('ip route get 203.0.113.5', 'route-get'),
      s('ip route del 203.0.113.0/24 via 192.0.2.254 metric 100', 'route-del-metric'),
      s('ip route del 10.20.0.0/16', 'route-del-multipath'),
      s('ip route del default', 'route-del-default'),
      s('ip route add 10.30.0.0/16 via 203.0.113.99', 'route-add-bad-gateway-fails', {
        fails: true,
        note: 'an error with an extended-ack message (no attribute offset)',
      }),
    ],
  },
  {
    id: 'x-neigh',
    title: 'ARP and NDP neighbours: add permanent, show, delete',
    steps: [
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip link set dev veth0 up', 'link-set-up'),
      s('ip addr add 192.0.2.1/24 dev veth0', 'addr-add'),
      s('ip neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev veth0 nud permanent', 'neigh-add-permanent'),
      s('ip -6 neigh add 2001:db8::2 lladdr 02:00:00:00:00:02 dev veth0 nud permanent', 'neigh-add-ipv6'),
      s('ip neigh show dev veth0', 'neigh-show'),
      s('ip neigh del 192.0.2.2 dev veth0', 'neigh-del'),
      s('ip -6 neigh del 2001:db8::2 dev veth0', 'neigh-del-ipv6'),
    ],
  },
  {
    id: 'x-fdb',
    title: 'Bridge FDB entries on a bridge port: add, show, delete',
    steps: [
      s('ip link add br0 type bridge', 'link-add-bridge'),
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip link set veth0 master br0', 'link-set-master'),
      s('bridge fdb add 02:00:00:00:00:aa dev veth0 master', 'fdb-add-permanent'),
      s('bridge fdb add 02:00:00:00:00:bb dev veth0 master static', 'fdb-add-static'),
      s('bridge fdb show br br0', 'fdb-show'),
      s('bridge fdb del 02:00:00:00:00:aa dev veth0 master', 'fdb-del-permanent'),
      s('bridge fdb del 02:00:00:00:00:bb dev veth0 master static', 'fdb-del-static'),
    ],
  },
  {
    id: 'x-nsid',
    title: 'Network namespace ids: set, list, allocated by a move',
    steps: [
      s('ip netns add ns1', 'netns-add-ns1'),
      s('ip netns add ns2', 'netns-add-ns2'),
      s('ip netns set ns1 5', 'netns-set-id'),
      s('ip netns list-id', 'netns-list-id'),
      s('ip link add veth0 type veth peer name veth1 netns ns2', 'link-add-veth-peer-netns'),
      s('ip netns list-id', 'netns-list-id-after'),
      s('ip netns list', 'netns-list'),
    ],
  },
  {
    id: 'x-netconf',
    title: 'Per-device netconf (devconf) as rtnetlink reports it',
    steps: [
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip netconf show dev veth0', 'netconf-show'),
      s('ip -6 netconf show dev veth0', 'netconf-show-ipv6'),
      s('echo 1 > /proc/sys/net/ipv4/conf/veth0/forwarding', 'sysctl-forwarding'),
      s('echo 2 > /proc/sys/net/ipv4/conf/veth0/rp_filter', 'sysctl-rp-filter', {
        note: 'S8 writes rp_filter 0 where it already is 0, which notifies nothing; a change does (RTM_NEWNETCONF, NETCONFA_RP_FILTER)',
      }),
      s('echo 1 > /proc/sys/net/ipv4/conf/veth0/accept_local', 'sysctl-accept-local', {
        note: 'accept_local is no NETCONFA_* attribute: the kernel notifies nothing',
      }),
      s('ip netconf show dev veth0', 'netconf-show-after'),
      s('ip netconf show', 'netconf-show-all', {
        note: 'every device, conf/all and conf/default of both families: the RTM_GETNETCONF dump nl.monitor() re-reads netconf with after an overrun',
      }),
    ],
  },
  {
    id: 'x-bridge',
    title: 'Bridge options and ports: ip link set ... type bridge, master, nomaster',
    steps: [
      s('ip link add br0 type bridge', 'link-add-bridge'),
      s('ip link set dev br0 type bridge forward_delay 400 ageing_time 20000', 'link-set-bridge-options'),
      s('ip link set dev br0 type bridge mcast_snooping 0', 'link-set-bridge-mcast-snooping'),
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip link set veth0 master br0', 'link-set-master'),
      s('ip link set dev veth0 type bridge_slave cost 10', 'link-set-port-cost'),
      s('ip -d link show dev br0', 'link-show-bridge'),
      s('ip link set veth0 nomaster', 'link-set-nomaster'),
      s('ip link set dev br0 type bridge mcast_igmp_version 4', 'link-set-bridge-bad-igmp-version-fails', {
        fails: true,
        note: 'rejected by the bridge code, not by a policy: EINVAL with no extended ack at all (iproute2 prints "RTNETLINK answers")',
      }),
      s('ip link set dev veth0 gso_max_size 1', 'link-set-bad-gso-max-size-fails', {
        fails: true,
        note: 'a policy violation (IFLA_GSO_MAX_SIZE is NLA_POLICY_MIN): the extended ack carries a message, the offset of the attribute and the policy',
      }),
    ],
  },
  {
    id: 'x-rule',
    title: 'Policy routing rules (IPv4 and IPv6): selectors, actions, suppressors, delete',
    steps: [
      s('ip rule add from 10.1.0.0/16 table 100 priority 1000', 'rule-add-from-table'),
      s('ip rule add fwmark 0x10/0xff lookup 200', 'rule-add-fwmark-mask'),
      s('ip rule add iif lo ipproto tcp dport 80 table 300', 'rule-add-iif-ipproto-dport'),
      s('ip -6 rule add to 2001:db8::/32 table 400', 'rule-add-ipv6-to'),
      s('ip rule add uidrange 1000-2000 prohibit', 'rule-add-uidrange-prohibit'),
      s('ip rule add from all lookup main suppress_prefixlength 0', 'rule-add-suppress-prefixlength'),
      s('ip rule add oif lo ipproto udp sport 1000-2000 table 500 pref 2000', 'rule-add-oif-sport-range'),
      s('ip rule add not from 10.9.0.0/16 goto 2000 pref 1500', 'rule-add-not-goto'),
      s('ip rule add tos 0x10 blackhole pref 1600', 'rule-add-tos-blackhole'),
      s('ip rule add fwmark 5 unreachable pref 1700 protocol static', 'rule-add-unreachable-protocol'),
      s('ip rule add l3mdev pref 1800', 'rule-add-l3mdev'),
      s('ip rule add from 192.0.2.1 to 198.51.100.7 table 10 pref 1900', 'rule-add-host-from-to'),
      s('ip rule add ipproto 200 realms 3/4 nop pref 2100', 'rule-add-realms-nop'),
      s('ip rule add tun_id 7 table 5 pref 2200', 'rule-add-tun-id'),
      s('ip rule add suppress_ifgroup 3 table main pref 2300', 'rule-add-suppress-ifgroup'),
      s('ip rule list', 'rule-list'),
      s('ip -6 rule list', 'rule-list-ipv6'),
      s('ip rule del priority 1000', 'rule-del-priority'),
      s('ip -6 rule del to 2001:db8::/32 table 400', 'rule-del-ipv6'),
      s('ip rule del priority 4242', 'rule-del-missing-fails', { fails: true, note: 'no such rule: ENOENT' }),
    ],
  },
  {
    id: 'x-nexthop',
    title: 'Nexthop objects: gateways, device, blackhole, groups (weighted, resilient, fdb), a route using one, replace, delete',
    steps: [
      s('ip link add v0 type veth peer name v1', 'link-add-veth'),
      s('ip link set dev v0 up', 'link-set-v0-up'),
      s('ip link set dev v1 up', 'link-set-v1-up'),
      s('ip addr add 192.0.2.1/24 dev v0', 'addr-add'),
      s('ip -6 addr add 2001:db8::1/64 dev v0 nodad', 'addr-add-ipv6'),
      s('ip nexthop add id 1 via 192.0.2.2 dev v0', 'nexthop-add-1'),
      s('ip nexthop add id 2 via 192.0.2.3 dev v0', 'nexthop-add-2'),
      s('ip nexthop add id 10 group 1/2,3', 'nexthop-add-group'),
      s('ip nexthop add id 3 blackhole', 'nexthop-add-blackhole'),
      s('ip -6 nexthop add id 6 via 2001:db8::2 dev v0', 'nexthop-add-ipv6'),
      s('ip nexthop add id 4 via 192.0.2.9 dev v0 onlink protocol static', 'nexthop-add-onlink-protocol'),
      s('ip nexthop add id 5 dev v0', 'nexthop-add-dev-only'),
      s('ip nexthop add id 20 group 1/2 type resilient buckets 8 idle_timer 10', 'nexthop-add-resilient-group'),
      s('ip nexthop add id 30 via 192.0.2.30 fdb', 'nexthop-add-fdb'),
      s('ip nexthop add id 31 group 30 fdb', 'nexthop-add-fdb-group'),
      s('ip route add 198.51.100.0/24 nhid 10', 'route-add-nhid', {
        note: 'ip monitor prints the group after "nh_info" (its nexthop cache) and expands it as multipath',
      }),
      s('ip nexthop list', 'nexthop-list'),
      s('ip nexthop replace id 2 via 192.0.2.4 dev v0', 'nexthop-replace'),
      s('ip nexthop del id 10', 'nexthop-del-group'),
      s('ip nexthop del id 1', 'nexthop-del-member'),
      s('ip nexthop add id 7 via 203.0.113.1 dev v0', 'nexthop-add-unreachable-gateway-fails', {
        fails: true,
        note: 'the gateway is not on a connected network: an extended-ack message',
      }),
    ],
  },
  {
    id: 'x-addrlabel',
    title: 'IPv6 address labels (RFC 6724 policy table): list, add, add for a device, delete, flush',
    steps: [
      s('ip addrlabel list', 'addrlabel-list', { note: "the kernel's default table" }),
      s('ip addrlabel add prefix 2001:db8::/32 label 100', 'addrlabel-add'),
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip addrlabel add prefix 2001:db8:1::/48 dev veth0 label 200', 'addrlabel-add-dev'),
      s('ip addrlabel list', 'addrlabel-list-after'),
      s('ip addrlabel del prefix 2001:db8::/32 label 100', 'addrlabel-del'),
      s('ip addrlabel add prefix 2001:db8:1::/48 dev veth0 label 201', 'addrlabel-add-again-fails', {
        fails: true,
        note: 'the same prefix and device again: EEXIST',
      }),
      s('ip addrlabel flush', 'addrlabel-flush', { note: 'a dump, then one RTM_DELADDRLABEL per label' }),
    ],
  },
  {
    id: 'x-mdb',
    title: 'Bridge multicast database: permanent, temporary, IPv6, (S, G) and L2 groups, a router port, delete',
    steps: [
      s('ip link add br0 type bridge', 'link-add-bridge', { note: 'multicast snooping is on by default' }),
      s('ip link add veth0 type veth peer name veth1', 'link-add-veth'),
      s('ip link set veth0 master br0', 'link-set-master'),
      s('ip link set dev br0 up', 'link-set-bridge-up'),
      s('ip link set dev veth0 up', 'link-set-veth0-up'),
      s('ip link set dev veth1 up', 'link-set-veth1-up'),
      s('bridge mdb add dev br0 port veth0 grp 239.1.1.1 permanent', 'mdb-add-permanent'),
      s('bridge mdb add dev br0 port veth0 grp ff0e::1 temp', 'mdb-add-ipv6-temp'),
      s('bridge mdb add dev br0 port veth0 grp 239.1.1.2 src 10.0.0.1 permanent', 'mdb-add-source'),
      s('bridge mdb add dev br0 port veth0 grp 01:00:5e:01:01:05 permanent', 'mdb-add-l2'),
      s('ip link set dev veth0 type bridge_slave mcast_router 2', 'link-set-port-mcast-router', {
        note: 'a permanent multicast router port: an RTM_NEWMDB with MDBA_ROUTER',
      }),
      s('bridge -d mdb show', 'mdb-show'),
      s('bridge mdb del dev br0 port veth0 grp 239.1.1.1', 'mdb-del'),
      s('bridge mdb add dev br0 port veth0 grp 224.0.0.1 permanent', 'mdb-add-local-group-fails', {
        fails: true,
        note: 'a link-local group: EINVAL with an extended-ack message',
      }),
      s('bridge mdb add dev br0 port veth0 grp 239.1.1.2 src 10.0.0.1 permanent', 'mdb-add-again-fails', {
        fails: true,
        note: 'the same (S, G) entry again: EEXIST with an extended-ack message (no attribute offset)',
      }),
    ],
  },
  {
    id: 'x-filter',
    title: 'List filters the kernel applies under NETLINK_GET_STRICT_CHK: links by master, kind, no master; addresses, routes, neighbours and FDB entries by device, table, protocol or master',
    steps: [
      s('ip link add br0 type bridge', 'link-add-bridge'),
      s('ip link add v0 type veth peer name v1', 'link-add-veth-a'),
      s('ip link add v2 type veth peer name v3', 'link-add-veth-b'),
      s('ip link set v0 master br0', 'link-set-master-a'),
      s('ip link set v2 master br0', 'link-set-master-b'),
      s('ip link set dev v1 up', 'link-set-v1-up'),
      s('ip link set dev v3 up', 'link-set-v3-up'),
      s('ip addr add 192.0.2.1/24 dev v1', 'addr-add-v1'),
      s('ip addr add 198.51.100.1/24 dev v3', 'addr-add-v3'),
      s('ip route add 203.0.113.0/24 via 192.0.2.2 proto static', 'route-add-proto-static'),
      s('ip route add 10.1.0.0/16 via 198.51.100.2 table 100', 'route-add-table-100'),
      s('ip route add 10.20.0.0/16 nexthop via 192.0.2.2 nexthop via 198.51.100.2', 'route-add-multipath', {
        note: 'a route through v1 without RTA_OIF: the kernel keeps it for `dev v1` (it uses v1), ip drops it (no RTA_OIF)',
      }),
      s('ip neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v1 nud permanent', 'neigh-add-v1'),
      s('ip neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent', 'neigh-add-port', { note: 'a neighbour on a port of br0, for `ip neigh show master br0`' }),
      s('bridge fdb add 02:00:00:00:00:aa dev v0 master static', 'fdb-add-port'),
      s('ip link show master br0', 'link-show-master', { note: 'IFLA_MASTER in the dump request: the kernel sends only the ports' }),
      s('ip link show type veth', 'link-show-type', { note: 'IFLA_LINKINFO > IFLA_INFO_KIND in the dump request' }),
      s('ip link show nomaster', 'link-show-nomaster', { note: 'IFLA_MASTER 0xffffffff (-1): links without a master' }),
      s('ip addr show dev v1', 'addr-show-dev', { note: 'ifa_index in the dump request (strict checking only)' }),
      s('ip route show table 100', 'route-show-table'),
      s('ip route show proto static', 'route-show-proto', { note: 'rtm_protocol in the dump request' }),
      s('ip route show dev v1', 'route-show-dev', { note: 'RTA_OIF in the dump request; the kernel also sends the multipath route through v1, which ip does not print' }),
      s('ip route show table all', 'route-show-table-all', { note: 'AF_UNSPEC and no RTA_TABLE: every table of every family' }),
      s('ip -6 route show table 100', 'route-show-ipv6-missing-table-fails', {
        fails: true,
        note: 'no IPv6 table 100: under strict checking the kernel ends the dump with ENOENT ("FIB table does not exist")',
      }),
      s('ip neigh show dev v1', 'neigh-show-dev', { note: 'NDA_IFINDEX (the kernel refuses ndm_ifindex in a strict neighbour dump)' }),
      s('ip neigh show master br0', 'neigh-show-master', { note: 'NDA_MASTER: neighbours on the ports of br0' }),
      s('bridge fdb show br br0', 'fdb-show-master', { note: 'NDA_MASTER: the entries of br0 and of its ports (theirs included)' }),
      s('bridge fdb show dev v0', 'fdb-show-dev', { note: 'ndm_ifindex (the FDB dump takes the port there)' }),
    ],
  },
]

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((x) => x.id === id)
}

/** The scenarios whose steps must run (unrecorded) before `sc`, oldest first. */
export function prerequisites(sc: Scenario): Scenario[] {
  const out: Scenario[] = []
  let cur = sc.after === undefined ? undefined : scenarioById(sc.after)
  for (let i = 0; cur !== undefined && i < SCENARIOS.length; i++) {
    out.unshift(cur)
    cur = cur.after === undefined ? undefined : scenarioById(cur.after)
  }
  return out
}

/** `01-link-add-veth` for step 1. */
export function stepBase(step: Step, index: number): string {
  return `${String(index + 1).padStart(2, '0')}-${step.slug}`
}
