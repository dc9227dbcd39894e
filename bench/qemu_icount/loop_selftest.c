/* A freestanding AArch64 program that executes exactly 2 * LOOPS + 4
 * instructions: one load of the count, LOOPS iterations of a two-instruction
 * loop (subs, b.ne), and three for the exit system call. The known answer
 * for icount_plugin (icount_selftest.sh). */
#ifndef LOOPS
#error "define LOOPS"
#endif
#define ICOUNT_STR_(x) #x
#define ICOUNT_STR(x) ICOUNT_STR_(x)

__asm__(
    "  .text\n"
    "  .global _start\n"
    "  .type _start, %function\n" /* QEMU names only function symbols */
    "_start:\n"
    "  ldr x0, =" ICOUNT_STR(LOOPS) "\n"
    "1:\n"
    "  subs x0, x0, #1\n"
    "  b.ne 1b\n"
    "  mov x0, #0\n"   /* exit status */
    "  mov x8, #93\n"  /* __NR_exit */
    "  svc #0\n"
    "  .size _start, . - _start\n"
    "  .ltorg\n");
