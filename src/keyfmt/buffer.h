// Byte buffers that wipe their memory when they release it. Key files,
// seeds, decapsulation keys and shared secrets pass through these, so no
// copy of a secret is left behind in freed heap memory (a vector that grows
// wipes its old block as well).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <span>
#include <vector>

namespace mlkem::keyfmt {

// memset that the compiler may not drop: the asm claims to read the memory.
inline void wipe(void *p, std::size_t n) noexcept {
  if (n == 0) return;
  std::memset(p, 0, n);
#if defined(__GNUC__) || defined(__clang__)
  __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

template <typename T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() noexcept = default;
  template <typename U>
  WipingAllocator(const WipingAllocator<U> &) noexcept {}
  T *allocate(std::size_t n) { return static_cast<T *>(::operator new(n * sizeof(T))); }
  void deallocate(T *p, std::size_t n) noexcept {
    wipe(p, n * sizeof(T));
    ::operator delete(p);
  }
  template <typename U>
  bool operator==(const WipingAllocator<U> &) const noexcept {
    return true;
  }
};

using Buffer = std::vector<std::uint8_t, WipingAllocator<std::uint8_t>>;
using Bytes = std::span<const std::uint8_t>;

inline Buffer to_buffer(Bytes b) { return Buffer(b.begin(), b.end()); }

// resize + memcpy rather than insert(): g++ 12 warns falsely
// (-Wstringop-overflow) on range insert with a custom allocator.
inline void append(Buffer &out, Bytes b) {
  if (b.empty()) return;
  const std::size_t n = out.size();
  out.resize(n + b.size());
  std::memcpy(out.data() + n, b.data(), b.size());
}

}  // namespace mlkem::keyfmt
