# The constant-time tests of AArch64 cross builds (included by CMakeLists.txt;
# the tests and the planted leaks are those of the x86-64 build).
#
# memcheck for arm64 is Debian's arm64 valgrind, run by qemu-aarch64 on the
# build machine (scripts/ct-arm64-valgrind.sh). The test ct_arm64_valgrind_setup
# (a CTest fixture the others require) downloads it with apt, using a private
# apt state, into MLKEM_CT_ARM64_VALGRIND_DIR the first time the tests run;
# nothing is downloaded at configure or build time.
#
# qemu emulates a Cortex-A72 for these tests whatever QEMU_CPU the suite runs
# under: valgrind cannot decode the Armv8.2 SHA3 instructions (EOR3, RAX1,
# XAR, BCAX), and on a CPU without them the neon backend takes its plain NEON
# Keccak, so ct_valgrind_neon covers every NEON kernel and that Keccak (it
# fails if the library reports another Keccak; valgrind 3.19 also hides
# HWCAP_SHA3 from the program, even under -cpu max, so this holds twice). The
# SHA3 Keccak (src/neon/keccak_sha3.cpp) is not run under memcheck; it is
# straight-line vector code whose loop counts, load/store offsets and rotation
# immediates are all constants, so no branch or address depends on the state
# (see that file; tests/isa_check_aarch64.sh keeps the SHA3 instructions in it).
include(${CMAKE_CURRENT_LIST_DIR}/checks.cmake)

# The client-request macros of <valgrind/memcheck.h> are one header for every
# platform valgrind supports (the AArch64 sequence is chosen by __aarch64__),
# so the build machine's copy serves the cross build. Only these two headers
# are copied: the cross compiler must not see the host's /usr/include.
find_path(MLKEM_HOST_VALGRIND_INCLUDE valgrind/memcheck.h
          PATHS /usr/include /usr/local/include NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT MLKEM_HOST_VALGRIND_INCLUDE)
  message(FATAL_ERROR "MLKEM_CT_TESTING needs <valgrind/memcheck.h> on the build machine "
                      "(Debian package valgrind)")
endif()
set(ct_valgrind_include ${CMAKE_CURRENT_BINARY_DIR}/valgrind-include)
foreach(header valgrind.h memcheck.h)
  configure_file(${MLKEM_HOST_VALGRIND_INCLUDE}/valgrind/${header}
                 ${ct_valgrind_include}/valgrind/${header} COPYONLY)
endforeach()

set(MLKEM_CT_ARM64_VALGRIND_DIR ${CMAKE_BINARY_DIR}/arm64-valgrind CACHE PATH
    "Where the CT tests unpack Debian's arm64 valgrind (scripts/ct-arm64-valgrind.sh)")
set(ct_script ${PROJECT_SOURCE_DIR}/scripts/ct-arm64-valgrind.sh)
add_test(NAME ct_arm64_valgrind_setup
         COMMAND sh ${ct_script} setup ${MLKEM_CT_ARM64_VALGRIND_DIR})
set_tests_properties(ct_arm64_valgrind_setup PROPERTIES
  FIXTURES_SETUP ct_arm64_valgrind TIMEOUT 600)
# memcheck -q --error-exitcode=1 --track-origins=yes, under qemu -cpu cortex-a72.
set(MLKEM_CT_VALGRIND sh ${ct_script} run ${MLKEM_CT_ARM64_VALGRIND_DIR} --)

add_executable(mlkem_ct_valgrind ct_valgrind.cpp)
target_link_libraries(mlkem_ct_valgrind PRIVATE mlkem)
target_include_directories(mlkem_ct_valgrind SYSTEM PRIVATE ${ct_valgrind_include})
mlkem_warnings(mlkem_ct_valgrind)

set(ct_backends ref)
if(MLKEM_ENABLE_NEON)
  list(APPEND ct_backends neon)
endif()
foreach(backend IN LISTS ct_backends)
  add_test(NAME ct_valgrind_${backend}
           COMMAND ${MLKEM_CT_VALGRIND} $<TARGET_FILE:mlkem_ct_valgrind> ${backend})
  set_tests_properties(ct_valgrind_${backend} PROPERTIES
    TIMEOUT 900 FIXTURES_REQUIRED ct_arm64_valgrind)
endforeach()

# The planted leaks, with one more here: a branch on a NEON reduction of a
# secret (neon_branch). Those that must be caught are checked by memcheck's
# report itself rather than by a failing exit status (WILL_FAIL), so that a
# broken emulator or a missing sysroot cannot pass for a detection.
add_executable(mlkem_ct_planted ct_planted.cpp)
target_link_libraries(mlkem_ct_planted PRIVATE mlkem_internal)
target_include_directories(mlkem_ct_planted SYSTEM PRIVATE ${ct_valgrind_include})
mlkem_warnings(mlkem_ct_planted)
foreach(mode IN ITEMS clean branch index division neon_branch)
  add_test(NAME ct_planted_${mode}
           COMMAND ${MLKEM_CT_VALGRIND} $<TARGET_FILE:mlkem_ct_planted> ${mode})
  set_tests_properties(ct_planted_${mode} PROPERTIES
    TIMEOUT 300 FIXTURES_REQUIRED ct_arm64_valgrind)
endforeach()
set_tests_properties(ct_planted_branch PROPERTIES PASS_REGULAR_EXPRESSION
  "Conditional jump or move depends on uninitialised value.*leaky_compare")
set_tests_properties(ct_planted_index PROPERTIES PASS_REGULAR_EXPRESSION
  "Use of uninitialised value of size [0-9]+.*leaky_lookup")
set_tests_properties(ct_planted_neon_branch PROPERTIES PASS_REGULAR_EXPRESSION
  "Conditional jump or move depends on uninitialised value.*leaky_neon_any_differs")

# P-384 (the portable variant) and SecP384r1MLKEM1024, with their planted leaks.
set(ct_valgrind_include_dir ${ct_valgrind_include})
set(ct_fixture ct_arm64_valgrind)
include(${CMAKE_CURRENT_LIST_DIR}/p384.cmake)
