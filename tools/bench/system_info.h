// What a benchmark report records about the machine and the build.
#pragma once

#include <string>
#include <vector>

namespace mlkem::tool::bench {

// "model name" from /proc/cpuinfo on x86; on Arm the implementer and part
// (named for the common cores); "unknown" if neither is there.
std::string cpu_model();
std::string cpu_arch();                       // "x86_64", "aarch64", ...
std::vector<std::string> cpu_feature_list();  // mlkem_cpu_features(), split
std::string compiler_id();                    // CMAKE_CXX_COMPILER_ID, e.g. "GNU"
std::string compiler_version();               // e.g. "12.2.0"
std::string build_type();                     // CMAKE_BUILD_TYPE, e.g. "Release"
std::string utc_timestamp();                  // 2026-11-27T03:04:05Z

}  // namespace mlkem::tool::bench
