// cu2metal runtime: the program dies with the `cu2metal run` that started it.
//
// The CLI sets CU2METAL_PARENT_PID to its own pid. At start-up (a static initializer; the link
// keeps this object with -u cu2m_parent_death_anchor) the program takes the variable out of its
// environment, so that programs it starts itself are not affected, and
//   * Linux: asks for SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG), then checks that the
//     parent is still that pid, since it may have died before the request;
//   * elsewhere: a detached thread checks getppid() twice a second.
// So a CLI killed by SIGKILL (which it cannot forward) does not leave the program running, with or
// without util-linux's setpriv (which the CLI also uses where it exists).
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <thread>

#if defined(__linux__)
#include <sys/prctl.h>
#endif

extern "C" {
int cu2m_parent_death_anchor = 0;
}

namespace {

struct ParentDeath {
  ParentDeath() {
    const char* v = std::getenv("CU2METAL_PARENT_PID");
    if (v == nullptr) return;
    char* end = nullptr;
    errno = 0;
    const long parent = std::strtol(v, &end, 10);
    unsetenv("CU2METAL_PARENT_PID");
    if (errno != 0 || end == v || *end != '\0' || parent <= 1) return;
#if defined(__linux__)
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != static_cast<pid_t>(parent)) raise(SIGKILL);
#else
    if (getppid() != static_cast<pid_t>(parent)) raise(SIGKILL);
    std::thread([parent] {
      while (getppid() == static_cast<pid_t>(parent)) usleep(500 * 1000);
      raise(SIGKILL);
    }).detach();
#endif
  }
};

const ParentDeath parentDeath;

} // namespace
