// The kernel's floor for the namespace rows of issue 10 (bench/workloads/netns.ts), in C, with no
// library in between. Compiled by the bench with the machine's cc when there is one (into a
// temporary directory; no binary is kept in the repository). Prints one JSON line.
//
//   netns-floor open FILE N        N times (in batches of 100; the median batch): open FILE and /proc/thread-self/ns/net, setns into
//                                  FILE, socket(NETLINK_ROUTE), bind, setns back, close all three
//                                  (the window nlwire's open({ netns }) has to pay at least)
//   netns-floor add PREFIX N       N times exactly what `ip netns add` does after its start-up
//                                  (iproute2 6.1 ip/ipnetns.c): create /run/netns/PREFIXi
//                                  (O_CREAT|O_EXCL), open /proc/self/ns/net, unshare(CLONE_NEWNET),
//                                  mount --bind /proc/self/ns/net onto the file, setns back; the
//                                  mount --make-rshared of /run/netns once first; then N deletes
//                                  (umount2 MNT_DETACH + unlink), timed separately
//
// Times per iteration: wall (CLOCK_MONOTONIC), this thread's CPU (CLOCK_THREAD_CPUTIME_ID: user +
// system, what the work itself costs whatever the machine's load), and the time it waited for a
// CPU (the run-queue delay in /proc/thread-self/schedstat), all in nanoseconds.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long long ns_of(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long runq(void) {
  long long run = 0, wait = 0;
  FILE *f = fopen("/proc/thread-self/schedstat", "r");
  if (f) {
    if (fscanf(f, "%lld %lld", &run, &wait) != 2) wait = 0;
    fclose(f);
  }
  return wait;
}

static void die(const char *what) {
  printf("{\"error\":\"%s: %s\"}\n", what, strerror(errno));
  exit(1);
}

struct mark {
  long long wall, cpu, wait;
};
static struct mark now(void) {
  struct mark m = {ns_of(CLOCK_MONOTONIC), ns_of(CLOCK_THREAD_CPUTIME_ID), runq()};
  return m;
}
static void print(const char *key, struct mark a, struct mark b, int n, int last) {
  printf("\"%s\":{\"wall\":%.0f,\"cpu\":%.0f,\"runq\":%.0f}%s", key, (double)(b.wall - a.wall) / n,
         (double)(b.cpu - a.cpu) / n, (double)(b.wait - a.wait) / n, last ? "" : ",");
}

static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}
/** The median of one field (0 wall, 1 cpu, 2 wait) over n marks. */
static long long median(struct mark *d, int n, int field) {
  static long long v[1000];
  for (int i = 0; i < n; i++) v[i] = field == 0 ? d[i].wall : field == 1 ? d[i].cpu : d[i].wait;
  qsort(v, n, sizeof v[0], cmp_ll);
  return v[n / 2];
}

static int open_window(const char *file) {
  int target = open(file, O_RDONLY | O_CLOEXEC);
  if (target < 0) die("open");
  int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (home < 0) die("open home");
  if (setns(target, CLONE_NEWNET)) die("setns");
  int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (s < 0) die("socket");
  struct sockaddr_nl a = {.nl_family = AF_NETLINK};
  if (bind(s, (struct sockaddr *)&a, sizeof a)) die("bind");
  if (setns(home, CLONE_NEWNET)) die("setns back");
  close(s);
  close(target);
  close(home);
  return 0;
}

static void add_one(const char *path) {
  int fd = open(path, O_RDONLY | O_CREAT | O_EXCL, 0);
  if (fd < 0) die("create");
  close(fd);
  int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (home < 0) die("open home");
  if (unshare(CLONE_NEWNET)) die("unshare");
  if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL)) die("mount");
  if (setns(home, CLONE_NEWNET)) die("setns back");
  close(home);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: netns-floor open FILE N | add PREFIX N\n");
    return 2;
  }
  int n = atoi(argv[3]);
  if (strcmp(argv[1], "open") == 0) {
    // Batches of 100, the median batch reported (a loaded machine preempts some of them).
    enum { BATCH = 100, MAXB = 1000 };
    static struct mark d[MAXB];
    int batches = n / BATCH < 1 ? 1 : n / BATCH > MAXB ? MAXB : n / BATCH;
    for (int i = 0; i < 100; i++) open_window(argv[2]);
    for (int b = 0; b < batches; b++) {
      struct mark a = now();
      for (int i = 0; i < BATCH; i++) open_window(argv[2]);
      struct mark z = now();
      d[b].wall = z.wall - a.wall;
      d[b].cpu = z.cpu - a.cpu;
      d[b].wait = z.wait - a.wait;
    }
    struct mark m = {median(d, batches, 0), median(d, batches, 1), median(d, batches, 2)};
    struct mark zero = {0, 0, 0};
    printf("{");
    print("open", zero, m, BATCH, 1);
    printf("}\n");
    return 0;
  }
  if (strcmp(argv[1], "add") == 0) {
    mkdir("/run/netns", 0755);
    if (mount("", "/run/netns", "none", MS_SHARED | MS_REC, NULL)) {
      if (errno != EINVAL || mount("/run/netns", "/run/netns", "none", MS_BIND | MS_REC, NULL) ||
          mount("", "/run/netns", "none", MS_SHARED | MS_REC, NULL))
        die("mount --make-rshared /run/netns");
    }
    char path[4096];
    struct mark a = now();
    for (int i = 0; i < n; i++) {
      snprintf(path, sizeof path, "/run/netns/%s%d", argv[2], i);
      add_one(path);
    }
    struct mark b = now();
    for (int i = 0; i < n; i++) {
      snprintf(path, sizeof path, "/run/netns/%s%d", argv[2], i);
      umount2(path, MNT_DETACH);
      if (unlink(path)) die("unlink");
    }
    struct mark c = now();
    printf("{");
    print("add", a, b, n, 0);
    print("del", b, c, n, 1);
    printf("}\n");
    return 0;
  }
  return 2;
}
