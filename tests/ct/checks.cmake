# Configurations the constant-time tests cannot check (x86-64 and AArch64).
if(MLKEM_SANITIZE)
  message(FATAL_ERROR "MLKEM_CT_TESTING and MLKEM_SANITIZE cannot be combined "
                      "(valgrind does not run sanitized binaries)")
endif()

string(TOUPPER "${CMAKE_BUILD_TYPE}" _ct_config)
if(NOT "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_ct_config}}" MATCHES "-DNDEBUG")
  message(WARNING "MLKEM_CT_TESTING without -DNDEBUG: the debug contract checks branch "
                  "on secrets, so ct_valgrind_* will fail")
endif()
