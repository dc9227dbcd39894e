# mlkem_warnings(target): the warning set every target of the project builds with.
function(mlkem_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()

# mlkem_library_warnings(target): the stricter set of the libraries in src/:
# no shadowed names and no implicit conversion that can change a value or its
# sign (g++ 12 and clang 14 both accept these).
function(mlkem_library_warnings target)
  mlkem_warnings(${target})
  target_compile_options(${target} PRIVATE -Wshadow -Wconversion -Wsign-conversion)
endfunction()
