// The kernel contracts of kernels.h are checked around the calls that go
// through poly.h in debug builds: a planted kernel that breaks its
// postcondition stops the program there (abort, with the contract named),
// and the same call passes unchecked where NDEBUG removes the checks (they
// branch on secret data, so shipped builds must not have them).
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kernels.h"
#include "poly.h"

namespace {

using mlkem::detail::Kernels;
using mlkem::detail::Poly;
using mlkem::detail::ref_kernels;

// Postcondition of reduce: [0, q). This one leaves q in coefficient 7.
void broken_reduce(int16_t a[256]) {
  ref_kernels().reduce(a);
  a[7] = 3329;
}

// Postcondition of ntt: |a| < q. This one leaves -q in coefficient 200.
void broken_ntt(int16_t a[256]) {
  ref_kernels().ntt(a);
  a[200] = -3329;
}

// Runs call() in a child process; returns the signal that ended it (0 if it
// returned normally) and what it wrote to stderr.
template <typename F>
int signal_of_child(F call, std::string &err) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::fflush(nullptr);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::signal(SIGABRT, SIG_DFL);  // not Catch's handler: die as a program would
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    call();
    std::_Exit(0);
  }
  close(fds[1]);
  err.clear();
  char buf[256];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) err.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  if (WIFSIGNALED(status)) return WTERMSIG(status);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return 0;
}

}  // namespace

TEST_CASE("a kernel breaking its postcondition is stopped in debug builds") {
  Kernels kt = ref_kernels();
  kt.reduce = broken_reduce;
  kt.ntt = broken_ntt;
  Poly p{};
  for (unsigned i = 0; i < 256; i++) p.c[i] = static_cast<int16_t>(i * 13 % 3329 - 1664);
#ifndef NDEBUG
  std::string err;
  CHECK(signal_of_child([&] { mlkem::detail::reduce(kt, p); }, err) == SIGABRT);
  // starts_with: under qemu-user (the Westmere runs) the emulator adds a
  // line of its own about the signal.
  CHECK(err.starts_with("mlkem: kernel contract violated: reduce output (coefficient 7 = 3329)\n"));
  CHECK(signal_of_child([&] { mlkem::detail::ntt(kt, p); }, err) == SIGABRT);
  CHECK(err.starts_with("mlkem: kernel contract violated: ntt output (coefficient 200 = -3329)\n"));
  // The correct kernels pass the same checks.
  CHECK(signal_of_child(
            [&] {
              Poly q = p;
              mlkem::detail::ntt(ref_kernels(), q);
              mlkem::detail::reduce(ref_kernels(), q);
            },
            err) == 0);
  CHECK(err.empty());
#else
  // Release: no check, the planted value comes through.
  Poly q = p;
  mlkem::detail::reduce(kt, q);
  CHECK(q.c[7] == 3329);
#endif
}
