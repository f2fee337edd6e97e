/* rd-fd-limit.c: lets the relay and the load generator hold many sockets. */
#define G_LOG_DOMAIN "rd-fd-limit"

#include "config.h"

#include <sys/resource.h>

#include "rd-fd-limit.h"

guint64
rd_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 0;
  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        getrlimit (RLIMIT_NOFILE, &limit);
    }
  return limit.rlim_cur;
}
