// Planted for tests/check_shipped_symbols.sh: a C name that is not public
// API and a name in the public headers' namespace, both of which it must
// report (CTest shipped_symbols_planted).
extern "C" int mlkem_planted_stray(int x) { return x + 1; }

namespace mlkem::api_detail {
int planted_helper(int x) { return x * 3; }
}  // namespace mlkem::api_detail
