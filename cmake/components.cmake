# Optional components (tests, tools, benchmarks) and their dependencies.
#
# mlkem_component(OPTION WHAT PACKAGE...) looks for each PACKAGE (a
# find_package argument list in one string, e.g. "OpenSSL 3.0 COMPONENTS
# Crypto") when OPTION is on. If one is missing:
#   - by default the component is skipped with a one-line notice naming what
#     is missing (OPTION becomes OFF for this configure run), so that the
#     library itself always builds, e.g. in a cross build without the test
#     sysroot;
#   - with MLKEM_REQUIRE_ALL=ON (scripts/test.sh) configuration fails, so that
#     the test command never skips a component silently.
function(mlkem_component option what)
  if(NOT ${option})
    return()
  endif()
  set(missing)
  foreach(spec IN LISTS ARGN)
    separate_arguments(args UNIX_COMMAND "${spec}")
    list(GET args 0 name)
    find_package(${args} QUIET)
    if(NOT ${name}_FOUND)
      list(APPEND missing ${name})
    endif()
  endforeach()
  if(NOT missing)
    return()
  endif()
  list(JOIN missing ", " missing)
  if(MLKEM_REQUIRE_ALL)
    message(FATAL_ERROR "${option}: ${what} need ${missing}, not found "
                        "(MLKEM_REQUIRE_ALL=ON makes this an error)")
  endif()
  message(NOTICE "mlkem: ${what} skipped: ${missing} not found "
                 "(-D${option}=OFF to skip quietly, -DMLKEM_REQUIRE_ALL=ON to fail)")
  set(${option} OFF PARENT_SCOPE)
endfunction()
