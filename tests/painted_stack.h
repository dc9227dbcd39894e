// A thread whose stack is a painted region of our own, for the tests that
// look at what an operation leaves on (or how deep it uses) its stack:
// tests/test_wipe.cpp (secrets left behind) and tests/stack_usage.cpp (peak
// depth). Shared by both so that they measure the same kind of stack.
#pragma once

#include <pthread.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace painted_stack {

inline constexpr uint8_t kPaint = 0xA5;

// Copies the region out after the thread has exited. Not instrumented: the
// sanitizer may still hold the dead frames' redzones as poisoned.
#if defined(__clang__) || defined(__GNUC__)
__attribute__((no_sanitize("address")))
#endif
__attribute__((noinline)) inline void
copy_out(std::vector<uint8_t> &out, const void *mem, size_t n) {
  const volatile uint8_t *p = static_cast<const volatile uint8_t *>(mem);
  out.resize(n);
  for (size_t i = 0; i < n; i++) out[i] = p[i];
}

// Runs thread_main(arg) on a new thread whose stack is `bytes` of fresh,
// painted memory, and leaves the region's bytes in `stack` (index 0 is the
// lowest address) once the thread has ended; `base`, if given, receives the
// region's lowest address (the region itself is gone by then). False on a
// system error.
inline bool run(size_t bytes, void *(*thread_main)(void *), void *arg,
                std::vector<uint8_t> &stack, uintptr_t *base = nullptr) {
  void *mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (mem == MAP_FAILED) return false;
  if (base != nullptr) *base = reinterpret_cast<uintptr_t>(mem);
  std::memset(mem, kPaint, bytes);
  pthread_attr_t attr;
  pthread_t thread;
  bool ok = pthread_attr_init(&attr) == 0;
  if (ok) {
    ok = pthread_attr_setstack(&attr, mem, bytes) == 0 &&
         pthread_create(&thread, &attr, thread_main, arg) == 0;
    pthread_attr_destroy(&attr);
  }
  ok = ok && pthread_join(thread, nullptr) == 0;
  if (ok) copy_out(stack, mem, bytes);
  munmap(mem, bytes);
  return ok;
}

// Bytes from the lowest byte that is no longer paint to the top of the
// region (which holds the thread descriptor and TLS).
inline size_t used_depth(const std::vector<uint8_t> &stack) {
  for (size_t i = 0; i < stack.size(); i++)
    if (stack[i] != kPaint) return stack.size() - i;
  return 0;
}

}  // namespace painted_stack
