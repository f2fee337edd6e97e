/* rd-fsync-gate.c: loaded into relaydeskd by tests (LD_PRELOAD) to hold or
 * fail its flushes to disk, the way a slow or broken disk would.
 *
 * RD_TEST_FSYNC_DIR names a folder: while a file "hold" is in it,
 * fdatasync waits (60 s at most); while a file "fail" is in it, fdatasync
 * fails with EIO. RD_TEST_FSYNC_DELAY_MS makes every flush take that much
 * longer, as on a slow disk (bench-relay uses it to show what the loop does
 * meanwhile). Without either it is plain fdatasync. */

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int fdatasync (int fd);

static int
present (const char *dir,
         const char *name)
{
  char path[4096];

  snprintf (path, sizeof path, "%s/%s", dir, name);
  return access (path, F_OK) == 0;
}

static int (*real_fdatasync) (int);

/* Before any thread can flush. */
__attribute__((constructor)) static void
find_real_fdatasync (void)
{
  real_fdatasync = (int (*) (int)) dlsym (RTLD_NEXT, "fdatasync");
}

int
fdatasync (int fd)
{
  const char *dir = getenv ("RD_TEST_FSYNC_DIR");
  const char *delay_ms = getenv ("RD_TEST_FSYNC_DELAY_MS");

  if (delay_ms != NULL)
    {
      long ms = strtol (delay_ms, NULL, 10);
      struct timespec delay = { ms / 1000, (ms % 1000) * 1000 * 1000 };

      nanosleep (&delay, NULL);
    }
  if (dir != NULL)
    {
      struct timespec tick = { 0, 10 * 1000 * 1000 };

      for (int i = 0; i < 6000 && present (dir, "hold"); i++)
        nanosleep (&tick, NULL);
      if (present (dir, "fail"))
        {
          errno = EIO;
          return -1;
        }
    }
  return real_fdatasync (fd);
}
