// cu2metal runtime: what happens when the program starts (the link keeps this object with
// -u cu2m_startup_anchor, even when nothing else refers to it).
//
// 1. The program dies with the `cu2metal run` that started it.
// The CLI sets CU2METAL_PARENT_PID to its own pid. At start-up (a static initializer) the program takes the variable out of its
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
int cu2m_startup_anchor = 0;
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

// 2. --sanitize: ASan's defaults (ASAN_OPTIONS still overrides them). LeakSanitizer's exit-time scan
// crashes on the dynamic TLS of the dlopen'ed cuda-cpu kernel modules with this toolchain (clang 14,
// "Tracer caught signal 11" in its DTLS walk), and leaks are not what --sanitize looks for.
#ifdef CU2M_SANITIZE
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }
#endif
