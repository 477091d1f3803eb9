// Link types (linux/if_arp.h): the ifi_type of ifinfomsg. The common ones only; ifi_type is a
// plain u16 and decodes whatever the kernel sends.

export const ARPHRD_NETROM = 0
export const ARPHRD_ETHER = 1
export const ARPHRD_EUI64 = 27
export const ARPHRD_INFINIBAND = 32
export const ARPHRD_CAN = 280
export const ARPHRD_MCTP = 290
export const ARPHRD_PPP = 512
export const ARPHRD_RAWIP = 519
export const ARPHRD_TUNNEL = 768
export const ARPHRD_TUNNEL6 = 769
export const ARPHRD_LOOPBACK = 772
export const ARPHRD_SIT = 776
export const ARPHRD_IPGRE = 778
export const ARPHRD_PIMREG = 779
export const ARPHRD_IEEE80211 = 801
export const ARPHRD_IEEE80211_RADIOTAP = 803
export const ARPHRD_IP6GRE = 823
export const ARPHRD_NETLINK = 824
export const ARPHRD_6LOWPAN = 825
export const ARPHRD_VSOCKMON = 826
export const ARPHRD_NONE = 0xfffe
export const ARPHRD_VOID = 0xffff

/** ifi_type → the name `ip link` prints after "link/". */
export const ARPHRD_NAMES: Readonly<Record<number, string>> = {
  [ARPHRD_NETROM]: 'netrom',
  [ARPHRD_ETHER]: 'ether',
  [ARPHRD_EUI64]: 'eui64',
  [ARPHRD_INFINIBAND]: 'infiniband',
  [ARPHRD_CAN]: 'can',
  [ARPHRD_MCTP]: 'mctp',
  [ARPHRD_PPP]: 'ppp',
  [ARPHRD_RAWIP]: 'rawip',
  [ARPHRD_TUNNEL]: 'ipip',
  [ARPHRD_TUNNEL6]: 'tunnel6',
  [ARPHRD_LOOPBACK]: 'loopback',
  [ARPHRD_SIT]: 'sit',
  [ARPHRD_IPGRE]: 'gre',
  [ARPHRD_PIMREG]: 'pimreg',
  [ARPHRD_IEEE80211]: 'ieee802.11',
  [ARPHRD_IEEE80211_RADIOTAP]: 'ieee802.11/radiotap',
  [ARPHRD_IP6GRE]: 'gre6',
  [ARPHRD_NETLINK]: 'netlink',
  [ARPHRD_6LOWPAN]: '6lowpan',
  [ARPHRD_VSOCKMON]: 'vsockmon',
  [ARPHRD_NONE]: 'none',
  [ARPHRD_VOID]: 'void',
}
