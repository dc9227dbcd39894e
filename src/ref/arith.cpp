// Order-independent coefficient-wise reductions of the ref backend.
#include "ref/reduce.h"
#include "ref/ref.h"

namespace mlkem::detail::ref {

void reduce(int16_t a[256]) {
  for (unsigned i = 0; i < 256; i++) a[i] = caddq(barrett_reduce(a[i]));
}

void tomont(int16_t a[256]) {
  for (unsigned i = 0; i < 256; i++) a[i] = fqmul(a[i], kMont2);
}

}  // namespace mlkem::detail::ref
