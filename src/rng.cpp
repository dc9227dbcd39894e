#include "rng.h"

#include <atomic>
#include <cerrno>

#include "ct.h"

#if defined(__linux__)
#include <sys/random.h>
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__)
#include <unistd.h>
#endif

namespace mlkem::detail {
namespace {

#if defined(MLKEM_TESTING)
std::atomic<RandomSource> g_source{nullptr};
#endif

bool os_random_bytes(uint8_t *out, size_t len) {
#if defined(__linux__)
  size_t done = 0;
  while (done < len) {
    const ssize_t n = getrandom(out + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__)
  for (size_t done = 0; done < len;) {
    const size_t chunk = len - done < 256 ? len - done : 256;  // getentropy limit
    if (getentropy(out + done, chunk) != 0) return false;
    done += chunk;
  }
  return true;
#else
#error "no OS random source for this platform"
#endif
}

}  // namespace

bool random_bytes(uint8_t *out, size_t len) {
#if defined(MLKEM_TESTING)
  const RandomSource source = g_source.load(std::memory_order_acquire);
  const bool ok = source ? source(out, len) : os_random_bytes(out, len);
#else
  const bool ok = os_random_bytes(out, len);
#endif
  if (!ok) secure_wipe(out, len);
  return ok;
}

#if defined(MLKEM_TESTING)
void set_random_source_for_testing(RandomSource source) {
  g_source.store(source, std::memory_order_release);
}
#endif

}  // namespace mlkem::detail
