# Start-up of pyroute2: import it and open an rtnetlink socket, then exit.
from pyroute2 import IPRoute

IPRoute().close()
