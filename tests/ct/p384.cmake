# The P-384 constant-time tests (ct_p384.cpp), included by CMakeLists.txt
# (x86-64) and arm64.cmake (AArch64, where MLKEM_CT_VALGRIND runs the arm64
# memcheck under qemu and ct_fixture names the fixture that installs it):
#   ct_p384_<variant>          key generation, public key and ECDH, the scalar
#                              secret: portable, and adx on x86-64
#   ct_p384_hybrid             the three SecP384r1MLKEM1024 steps
#   ct_p384_planted_branch     a branch on a secret window digit and a table
#   ct_p384_planted_index      index from one must be reported (memcheck's text)
if(NOT TARGET mlkem_p384)
  return()
endif()
add_executable(mlkem_ct_p384 ct_p384.cpp)
target_link_libraries(mlkem_ct_p384 PRIVATE mlkem_p384 mlkem_internal)
if(TARGET mlkem_hybrid)
  target_link_libraries(mlkem_ct_p384 PRIVATE mlkem_hybrid_testing)
  target_compile_definitions(mlkem_ct_p384 PRIVATE MLKEM_CT_HAVE_HYBRID=1)
endif()
if(ct_valgrind_include_dir)
  target_include_directories(mlkem_ct_p384 SYSTEM PRIVATE ${ct_valgrind_include_dir})
endif()
mlkem_warnings(mlkem_ct_p384)

set(ct_p384_modes portable)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  list(APPEND ct_p384_modes adx)
endif()
if(TARGET mlkem_hybrid)
  list(APPEND ct_p384_modes hybrid)
endif()
foreach(mode IN LISTS ct_p384_modes ITEMS planted_branch planted_index)
  add_test(NAME ct_p384_${mode} COMMAND ${MLKEM_CT_VALGRIND} $<TARGET_FILE:mlkem_ct_p384> ${mode})
  set_tests_properties(ct_p384_${mode} PROPERTIES TIMEOUT 900)
  if(ct_fixture)
    set_tests_properties(ct_p384_${mode} PROPERTIES FIXTURES_REQUIRED ${ct_fixture})
  endif()
endforeach()
foreach(mode IN LISTS ct_p384_modes)
  set_tests_properties(ct_p384_${mode} PROPERTIES PASS_REGULAR_EXPRESSION "ct_p384 ${mode}: ok")
endforeach()
set_tests_properties(ct_p384_planted_branch PROPERTIES PASS_REGULAR_EXPRESSION
  "Conditional jump or move depends on uninitialised value.*leaky_p384_digit")
set_tests_properties(ct_p384_planted_index PROPERTIES PASS_REGULAR_EXPRESSION
  "Use of uninitialised value of size [0-9]+.*leaky_p384_lookup")
