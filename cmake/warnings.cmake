# mlkem_warnings(target): the warning set every target of the project builds with.
function(mlkem_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()
