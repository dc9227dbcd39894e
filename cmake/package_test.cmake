# mlkem_add_package_test(): registers the CTest test `package_consumer`, which
# installs this build tree into a temporary prefix and builds and runs the
# programs in tests/package against it, through find_package(mlkem CONFIG) and
# through pkg-config with the plain C compiler (see tests/package/run.sh).
# Call it from the tests' CMakeLists.txt after enable_testing().
set(_MLKEM_PACKAGE_TEST_DIR "${CMAKE_CURRENT_LIST_DIR}/../tests/package")

function(mlkem_add_package_test)
  get_filename_component(script "${_MLKEM_PACKAGE_TEST_DIR}/run.sh" ABSOLUTE)
  # A sanitized library needs the sanitizer runtime in every program linked to it.
  set(extra_flags "")
  if(MLKEM_SANITIZE)
    set(extra_flags "-fsanitize=address,undefined")
  endif()
  add_test(NAME package_consumer
    COMMAND sh "${script}" "${PROJECT_BINARY_DIR}"
            "${CMAKE_C_COMPILER}" "${CMAKE_CXX_COMPILER}" "${extra_flags}")
  set_tests_properties(package_consumer PROPERTIES
    LABELS "package"
    SKIP_RETURN_CODE 77
    TIMEOUT 600
    ENVIRONMENT "CMAKE=${CMAKE_COMMAND}")
endfunction()
