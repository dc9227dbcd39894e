/* icount_plugin: a QEMU TCG plugin that counts executed guest instructions.
 *
 *   qemu-aarch64 -plugin ./libicount_plugin.so -d plugin ./program args...
 *
 * prints one line at exit, on QEMU's log (stderr unless -D FILE is given):
 *
 *   icount insns=123456789
 *
 * With -plugin ./libicount_plugin.so,symbols=on it also prints, for every
 * function of the program's own symbol table that ran, a line
 *
 *   icount sym=NAME insns=N
 *
 * (NAME as in the symbol table, mangled; code without a symbol there, such
 * as the shared libraries, is "(no-symbol)"). A block is charged to the
 * function of its first instruction; blocks end at calls and returns, so
 * this is exact but for code that falls through from one symbol into the
 * next. The per-function counts add up to the total.
 *
 * When a translation block is translated, an inline "add its instruction
 * count to a 64-bit counter" is attached to it; the add then runs each time
 * the block starts executing. A block ends at every branch and at every
 * system call, so a block that starts runs to its end and the total is exact
 * for single-threaded guests (our harnesses). With several guest threads the
 * unlocked add may lose counts: do not use it there.
 *
 * Debian ships no qemu-plugin.h, so the few declarations of QEMU's stable
 * plugin API that this file uses are written out here; they are the API of
 * plugin version 1 (QEMU 6.0 to 8.x), which the loader checks against
 * qemu_plugin_version below.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ICOUNT_EXPORT __attribute__((visibility("default")))

/* --- the part of QEMU's plugin API used here ---------------------------- */
typedef uint64_t qemu_plugin_id_t;

typedef struct qemu_info_t {
  const char *target_name;
  struct {
    int min;
    int cur;
  } version;
  bool system_emulation;
  union {
    struct {
      int smp_vcpus;
      int max_vcpus;
    } system;
  };
} qemu_info_t;

struct qemu_plugin_tb;   /* opaque */
struct qemu_plugin_insn; /* opaque */

enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                    void *userdata);
void qemu_plugin_outs(const char *string);

/* --- the plugin ---------------------------------------------------------- */
ICOUNT_EXPORT int qemu_plugin_version = 1;

static uint64_t executed_insns;

/* Per-function counters (symbols=on), keyed by the symbol name pointer, which
 * QEMU takes from the program's loaded symbol table: one pointer per symbol.
 * Open addressing; a full table charges further functions to "(other)". */
#define SYM_SLOTS 8192
struct sym_counter {
  const char *name;
  uint64_t insns;
};
static struct sym_counter sym_table[SYM_SLOTS];
static struct sym_counter sym_other = {"(other)", 0};
static struct sym_counter sym_unknown = {"(no-symbol)", 0};
static bool count_symbols;

static struct sym_counter *sym_counter_for(const char *name) {
  if (name == NULL) return &sym_unknown;
  size_t h = ((uintptr_t)name >> 3) % SYM_SLOTS;
  for (size_t probe = 0; probe < SYM_SLOTS; probe++) {
    struct sym_counter *c = &sym_table[(h + probe) % SYM_SLOTS];
    if (c->name == name) return c;
    if (c->name == NULL) {
      c->name = name;
      return c;
    }
  }
  return &sym_other;
}

static void on_tb_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  const size_t n = qemu_plugin_tb_n_insns(tb);
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &executed_insns, n);
  if (count_symbols && n > 0) {
    struct sym_counter *c = sym_counter_for(qemu_plugin_insn_symbol(qemu_plugin_tb_get_insn(tb, 0)));
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &c->insns, n);
  }
}

static void print_symbol(const struct sym_counter *c) {
  char line[512];
  if (c->insns == 0) return;
  snprintf(line, sizeof line, "icount sym=%s insns=%" PRIu64 "\n", c->name, c->insns);
  qemu_plugin_outs(line);
}

static void on_plugin_exit(qemu_plugin_id_t id, void *userdata) {
  (void)id;
  (void)userdata;
  char line[64];
  snprintf(line, sizeof line, "icount insns=%" PRIu64 "\n", executed_insns);
  qemu_plugin_outs(line);
  if (count_symbols) {
    for (size_t i = 0; i < SYM_SLOTS; i++)
      if (sym_table[i].name != NULL) print_symbol(&sym_table[i]);
    print_symbol(&sym_other);
    print_symbol(&sym_unknown);
  }
}

ICOUNT_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                      char **argv) {
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "symbols=on") == 0) {
      count_symbols = true;
    } else if (strcmp(argv[i], "symbols=off") == 0) {
      count_symbols = false;
    } else {
      fprintf(stderr, "icount_plugin: unknown argument %s (known: symbols=on|off)\n", argv[i]);
      return -1;
    }
  }
  if (info->system_emulation) {
    fprintf(stderr, "icount_plugin: user-mode emulation only (one vCPU)\n");
    return -1;
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_translate);
  qemu_plugin_register_atexit_cb(id, on_plugin_exit, NULL);
  return 0;
}
