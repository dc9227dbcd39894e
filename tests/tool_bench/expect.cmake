# Runs one command and checks its outcome; used by the tests of mlkem bench
# that look at exit codes and messages (CTest alone checks one or the other).
#
#   CMD             the command, its words separated by "|" (an emulator first
#                   when cross-compiling)
#   RC              the expected exit code
#   STDOUT_FILE     optional: every line of this file is a regular expression
#                   that must match somewhere in stdout
#   STDOUT_EMPTY    optional: stdout must be empty
#   STDERR_REGEX    optional: must match stderr
#   STDERR_ONE_LINE optional: stderr must be exactly one line
#   KEEP_FILE       optional: created with the text "keep" before the command
#                   and still holding exactly that afterwards
cmake_minimum_required(VERSION 3.25)

string(REPLACE "|" ";" cmd "${CMD}")
if(KEEP_FILE)
  file(WRITE "${KEEP_FILE}" "keep")
endif()
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "exit code: ${rc}\n--- stdout:\n${out}--- stderr:\n${err}---")

set(failed "")
if(NOT "${rc}" STREQUAL "${RC}")
  string(APPEND failed "exit code ${rc}, expected ${RC}\n")
endif()
if(STDOUT_FILE)
  file(STRINGS "${STDOUT_FILE}" patterns ENCODING UTF-8)
  foreach(p IN LISTS patterns)
    if(NOT out MATCHES "${p}")
      string(APPEND failed "stdout does not match: ${p}\n")
    endif()
  endforeach()
endif()
if(STDOUT_EMPTY AND NOT out STREQUAL "")
  string(APPEND failed "stdout is not empty\n")
endif()
if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
  string(APPEND failed "stderr does not match: ${STDERR_REGEX}\n")
endif()
if(STDERR_ONE_LINE)
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines n)
  if(NOT n EQUAL 1 OR NOT err MATCHES "\n$")
    string(APPEND failed "stderr is not exactly one line\n")
  endif()
endif()
if(KEEP_FILE)
  file(READ "${KEEP_FILE}" kept)
  if(NOT kept STREQUAL "keep")
    string(APPEND failed "${KEEP_FILE} was changed\n")
  endif()
endif()
if(failed)
  message(FATAL_ERROR "${failed}")
endif()
