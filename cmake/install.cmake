# Installation and packaging: included at the end of the top-level CMakeLists.txt.
#
# Installs
#   lib/libmlkem.a                              the static library (target mlkem)
#   lib/libmlkem_hybrid.a                       the hybrid TLS groups (target mlkem_hybrid), if built
#   include/mlkem/*.h, *.hpp                    the public headers
#   lib/cmake/mlkem/mlkemConfig.cmake (+Version, +Targets)
#                                               find_package(mlkem CONFIG) -> mlkem::mlkem
#   lib/pkgconfig/mlkem.pc                      pkg-config, relocatable (${pcfiledir})
#   bin/mlkem                                   the command-line tool, if target mlkem_tool exists
# and nothing else: mlkem_internal, tests, benchmarks and helpers stay in the build tree.

include(CMakePackageConfigHelpers)

set(MLKEM_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/mlkem"
    CACHE STRING "Where mlkemConfig.cmake is installed, relative to the prefix")
set(MLKEM_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
    CACHE STRING "Where mlkem.pc is installed, relative to the prefix")

# ---- the library and its export set ------------------------------------------
#
# A static library carries its PRIVATE link dependencies into the export as
# $<LINK_ONLY:...>, so any target of this project that mlkem links (for example
# an object library holding SIMD kernels built with their own flags) must be in
# the same export set, or install(EXPORT) fails. Collect those here instead of
# naming them, so that src/ can reorganise its targets freely.
set(_mlkem_export_targets mlkem)
set(_mlkem_config_dependencies "")
get_target_property(_mlkem_link_libs mlkem LINK_LIBRARIES)
if(_mlkem_link_libs)
  foreach(_dep IN LISTS _mlkem_link_libs)
    if(_dep STREQUAL "Threads::Threads")
      string(APPEND _mlkem_config_dependencies "find_dependency(Threads)\n")
    elseif(TARGET "${_dep}")
      get_target_property(_dep_imported "${_dep}" IMPORTED)
      get_target_property(_dep_alias "${_dep}" ALIASED_TARGET)
      if(NOT _dep_imported AND NOT _dep_alias AND NOT _dep STREQUAL "mlkem_internal")
        list(APPEND _mlkem_export_targets "${_dep}")
      endif()
    endif()
  endforeach()
endif()
# mlkem::hybrid (src/hybrid), when built: the same export set. Where it uses
# libcrypto (for X25519MLKEM768 and SecP256r1MLKEM768), its private
# dependency ($<LINK_ONLY:OpenSSL::Crypto>) makes the package config find
# OpenSSL; built without it, it needs nothing but libmlkem.
if(TARGET mlkem_hybrid)
  list(APPEND _mlkem_export_targets mlkem_hybrid)
  if(MLKEM_HYBRID_HAS_OPENSSL)
    string(APPEND _mlkem_config_dependencies "find_dependency(OpenSSL 3.0 COMPONENTS Crypto)\n")
  endif()
endif()
list(REMOVE_DUPLICATES _mlkem_export_targets)

install(TARGETS ${_mlkem_export_targets}
  EXPORT mlkemTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

# hybrid.h / hybrid.hpp only with their library.
set(_mlkem_header_excludes "")
if(NOT TARGET mlkem_hybrid)
  set(_mlkem_header_excludes PATTERN "hybrid.h*" EXCLUDE)
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/mlkem/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/mlkem"
  FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp" ${_mlkem_header_excludes})

install(EXPORT mlkemTargets
  NAMESPACE mlkem::
  FILE mlkemTargets.cmake
  DESTINATION "${MLKEM_INSTALL_CMAKEDIR}")

# ---- CMake package config -----------------------------------------------------
set(MLKEM_CONFIG_DEPENDENCIES "${_mlkem_config_dependencies}")
set(MLKEM_PC_LIBS ""
    CACHE STRING "Libraries a C program needs after -lmlkem (the Libs line of mlkem.pc)")
configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/mlkemConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/mlkemConfig.cmake"
  INSTALL_DESTINATION "${MLKEM_INSTALL_CMAKEDIR}"
  NO_SET_AND_CHECK_MACRO)
# 0.x: a minor version may change the API, so only the same minor version matches.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/mlkemConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/mlkemConfig.cmake"
  "${PROJECT_BINARY_DIR}/mlkemConfigVersion.cmake"
  DESTINATION "${MLKEM_INSTALL_CMAKEDIR}")

# ---- pkg-config -----------------------------------------------------------------
# The .pc file finds its prefix from its own location (${pcfiledir}), so the
# installed tree can be moved, and `cmake --install --prefix P` needs no
# reconfiguration. Absolute install dirs are written as they are.
#
# The core is C++ inside but needs no C++ runtime (src/ builds without
# exceptions, RTTI, guarded statics or std::call_once; tests/package/run.sh
# links `cc app.c libmlkem.a` with nothing else to prove it), so a C program
# links with `cc app.c $(pkg-config --cflags --libs mlkem)`.
# MLKEM_PC_LIBS is what goes after -lmlkem on the Libs line, empty by default.
function(_mlkem_pc_dir out var)
  if(IS_ABSOLUTE "${${var}}")
    set(${out} "${${var}}" PARENT_SCOPE)
  else()
    set(${out} "\${prefix}/${${var}}" PARENT_SCOPE)
  endif()
endfunction()

if(IS_ABSOLUTE "${MLKEM_INSTALL_PKGCONFIGDIR}")
  set(MLKEM_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _mlkem_pc_up "/${MLKEM_INSTALL_PKGCONFIGDIR}" "/")
  string(REGEX REPLACE "/$" "" _mlkem_pc_up "${_mlkem_pc_up}")
  set(MLKEM_PC_PREFIX "\${pcfiledir}/${_mlkem_pc_up}")
endif()
_mlkem_pc_dir(MLKEM_PC_LIBDIR CMAKE_INSTALL_LIBDIR)
_mlkem_pc_dir(MLKEM_PC_INCLUDEDIR CMAKE_INSTALL_INCLUDEDIR)
configure_file("${CMAKE_CURRENT_LIST_DIR}/mlkem.pc.in" "${PROJECT_BINARY_DIR}/mlkem.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/mlkem.pc" DESTINATION "${MLKEM_INSTALL_PKGCONFIGDIR}")

# ---- the command-line tool --------------------------------------------------------
# Its target is mlkem_tool (the name mlkem belongs to the library), with OUTPUT_NAME mlkem.
if(TARGET mlkem_tool)
  install(TARGETS mlkem_tool RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()
