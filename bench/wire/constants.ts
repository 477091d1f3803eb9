// The few link-level kernel numbers the bench's own request builders need (linux/if_link.h,
// linux/rtnetlink.h, linux/veth.h). nlwire's link codec owns the full sets; the floor keeps its
// own copy so it stays a floor: no codec in the timed path, nothing to wait for at merge.
export {
  NETLINK_ROUTE,
  NLMSG_HDRLEN,
  NLMSG_NOOP,
  NLMSG_ERROR,
  NLMSG_DONE,
  NLM_F_REQUEST,
  NLM_F_MULTI,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_EXCL,
  NLM_F_CREATE,
} from '../../codecs/core/nlmsg.js'
export { RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK } from '../../codecs/rtnetlink.js'

export const AF_UNSPEC = 0
export const AF_PACKET = 17
export const IFINFOMSG_LEN = 16

export const IFLA_IFNAME = 3
export const IFLA_LINKINFO = 18
export const IFLA_GROUP = 27
export const IFLA_NET_NS_FD = 28
export const IFLA_EXT_MASK = 29

export const IFLA_INFO_KIND = 1
export const IFLA_INFO_DATA = 2

export const VETH_INFO_PEER = 1

export const RTEXT_FILTER_VF = 1 << 0

export const RTNLGRP_LINK = 1
