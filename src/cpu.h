// CPU feature detection for the dispatcher.
#pragma once

namespace mlkem::detail {

struct CpuFeatures {
  // x86-64
  bool avx = false;   // CPUID.1:ECX.AVX and the OS saves YMM state (XCR0 bits 1, 2)
  bool avx2 = false;  // CPUID.7.0:EBX.AVX2, with avx
  bool bmi1 = false;  // CPUID.7.0:EBX.BMI1
  bool bmi2 = false;  // CPUID.7.0:EBX.BMI2
  bool adx = false;   // CPUID.7.0:EBX.ADX (adcx, adox): the P-384 field arithmetic
  // CPUID.7.0:EBX.AVX512F and AVX512VL, with avx, and the OS saves the opmask
  // and ZMM state (XCR0 bits 5, 6, 7)
  bool avx512vl = false;
  // AArch64
  bool neon = false;  // Advanced SIMD (baseline on AArch64)
  bool sha3 = false;  // Armv8.2 SHA3 instructions (EOR3, RAX1, XAR, BCAX)
};

// Detected once; thread-safe.
const CpuFeatures &cpu_features();

// Space-separated names of the detected features ("" if none).
const char *cpu_features_string();

}  // namespace mlkem::detail
