// The floor of an unchanged re-run: list every folder (readdir) and stat every file on N threads, as
// `loupe index` must, with nothing else. Compare its time with `loupe index DIR` on an unchanged index.
//   gcc -O2 -o /tmp/stat-floor Benchmarks/stat-floor.c -lpthread && /tmp/stat-floor /tmp/dd100k 2
// Handles a root with one level of subfolders (the debdocs layout).
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
typedef struct { int fd; char *name; } item;
item *items; int n, cap; long total;
int nthreads;
void *worker(void *arg) { long t = (long)arg; long sum = 0; struct stat st;
  for (int i = t * n / nthreads; i < (t + 1) * n / nthreads; i++) if (fstatat(items[i].fd, items[i].name, &st, AT_SYMLINK_NOFOLLOW) == 0) sum += st.st_size;
  __sync_fetch_and_add(&total, sum); return 0; }
int main(int argc, char **argv) {
  nthreads = atoi(argv[2]);
  struct timespec a, b, c; clock_gettime(CLOCK_MONOTONIC, &a);
  DIR *root = opendir(argv[1]); struct dirent *e;
  while ((e = readdir(root))) { if (e->d_name[0] == '.') continue; int fd = openat(dirfd(root), e->d_name, O_RDONLY | O_DIRECTORY); DIR *d = fdopendir(fd); struct dirent *f;
    while ((f = readdir(d))) { if (f->d_name[0] == '.') continue; if (n == cap) { cap = cap ? cap * 2 : 1024; items = realloc(items, cap * sizeof(item)); } items[n].fd = fd; items[n].name = strdup(f->d_name); n++; } }
  clock_gettime(CLOCK_MONOTONIC, &b);
  pthread_t th[16]; for (long t = 0; t < nthreads; t++) pthread_create(&th[t], 0, worker, (void *)t); for (int t = 0; t < nthreads; t++) pthread_join(th[t], 0);
  clock_gettime(CLOCK_MONOTONIC, &c);
  printf("%d files, readdir %.3f s, stat %.3f s, total %.3f s\n", n, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9, (c.tv_sec - b.tv_sec) + (c.tv_nsec - b.tv_nsec) / 1e9, (c.tv_sec - a.tv_sec) + (c.tv_nsec - a.tv_nsec) / 1e9);
}
