# The P-384 stack-leftover scan (test_p384_wipe.cpp), included by
# tests/p384/CMakeLists.txt. Like tests/test_wipe.cpp it is meant for the
# shipped (uninstrumented) builds: scripts/test.sh leaves it out of the
# sanitizer configurations, whose instrumentation spills into frames no wipe
# covers. It needs the hybrid library for the SecP384r1MLKEM1024 case.
if(NOT TARGET mlkem_hybrid)
  return()
endif()
find_package(Threads REQUIRED)
add_executable(mlkem_p384_wipe_test test_p384_wipe.cpp)
target_link_libraries(mlkem_p384_wipe_test PRIVATE mlkem_p384 mlkem_hybrid_testing mlkem_internal
                                                   mlkem_catch_main OpenSSL::Crypto Threads::Threads)
mlkem_warnings(mlkem_p384_wipe_test)
add_test(NAME test_p384_wipe COMMAND mlkem_p384_wipe_test --warn NoAssertions)
set_tests_properties(test_p384_wipe PROPERTIES TIMEOUT 600)
