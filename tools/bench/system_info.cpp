#include "bench/system_info.h"

#include <sys/utsname.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string_view>

#include "mlkem/mlkem.h"

#ifndef MLKEM_TOOL_COMPILER_ID
#define MLKEM_TOOL_COMPILER_ID "unknown"
#endif
#ifndef MLKEM_TOOL_BUILD_TYPE
#define MLKEM_TOOL_BUILD_TYPE ""
#endif

namespace mlkem::tool::bench {

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// The value of the first "key : value" line of /proc/cpuinfo with this key.
std::string cpuinfo_value(std::string_view key) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (trim(std::string_view(line).substr(0, colon)) == key)
      return trim(std::string_view(line).substr(colon + 1));
  }
  return {};
}

// Printable ASCII only: the model goes into JSON, SVG and a terminal.
std::string printable(std::string s) {
  for (char &c : s)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
  return s;
}

[[maybe_unused]] std::string arm_core_name(unsigned long implementer, unsigned long part) {
  struct Core {
    unsigned long implementer, part;
    const char *name;
  };
  static const Core kCores[] = {
      {0x41, 0xd03, "Arm Cortex-A53"},  {0x41, 0xd07, "Arm Cortex-A57"},
      {0x41, 0xd08, "Arm Cortex-A72"},  {0x41, 0xd0b, "Arm Cortex-A76"},
      {0x41, 0xd0c, "Arm Neoverse N1"}, {0x41, 0xd40, "Arm Neoverse V1"},
      {0x41, 0xd41, "Arm Cortex-A78"},  {0x41, 0xd49, "Arm Neoverse N2"},
      {0x41, 0xd4f, "Arm Neoverse V2"}, {0x41, 0xd8e, "Arm Neoverse N3"},
      {0x61, 0x022, "Apple M1"},        {0x61, 0x023, "Apple M1"},
      {0xc0, 0xac3, "Ampere-1"},
  };
  for (const Core &c : kCores)
    if (c.implementer == implementer && c.part == part) return c.name;
  char buf[96];
  std::snprintf(buf, sizeof buf, "Arm implementer 0x%02lx part 0x%03lx", implementer, part);
  return buf;
}

}  // namespace

std::string cpu_model() {
#if defined(__aarch64__) || defined(__arm__)
  // Arm kernels list no model name; one here comes from an emulator's host.
  const std::string impl = cpuinfo_value("CPU implementer"), part = cpuinfo_value("CPU part");
  if (!impl.empty() && !part.empty())
    return printable(arm_core_name(std::strtoul(impl.c_str(), nullptr, 0),
                                   std::strtoul(part.c_str(), nullptr, 0)));
#else
  const std::string model = cpuinfo_value("model name");
  if (!model.empty()) return printable(model);
#endif
  return "unknown";
}

std::string cpu_arch() {
  utsname u{};
  if (uname(&u) == 0 && u.machine[0] != '\0') return printable(u.machine);
#if defined(__x86_64__)
  return "x86_64";
#elif defined(__aarch64__)
  return "aarch64";
#else
  return "unknown";
#endif
}

std::vector<std::string> cpu_feature_list() {
  std::vector<std::string> v;
  const char *f = mlkem_cpu_features();
  std::istringstream in(f != nullptr ? f : "");
  std::string word;
  while (in >> word) v.push_back(word);
  return v;
}

std::string compiler_id() { return MLKEM_TOOL_COMPILER_ID; }

// __VERSION__: "12.2.0" for g++, "Debian Clang 14.0.6" for Debian's clang.
std::string compiler_version() { return printable(__VERSION__); }

std::string build_type() {
  const std::string t = MLKEM_TOOL_BUILD_TYPE;
  return t.empty() ? "unspecified" : t;
}

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace mlkem::tool::bench
