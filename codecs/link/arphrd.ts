// Link types (linux/if_arp.h): the ifi_type of ifinfomsg. The common ones only; ifi_type is a
// plain u16 and decodes whatever the kernel sends. The names `ip link` prints after "link/" are
// iproute2's own table (iproute2/names.ts llTypeName), not these.

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
