// The Catch2 main of every Catch2 test program (mlkem_catch_main).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
