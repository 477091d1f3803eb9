// Start-up of the `netlink` package: import it and open an rtnetlink socket, then exit.
import netlink from 'netlink'

const sock = netlink.createRtNetlink()
sock.socket.close()
