// A-hat, or its transpose, sampled row by row into kSlots row slots (FIPS
// 203 Algorithm 13 lines 3-7, Algorithm 14 lines 4-8): the entries are
// streams of the lane scheduler, and those of row i wait to start until the
// owner has used row i - kSlots and released its slot. At most kSlots rows
// are held, whatever k is, while the lanes keep the schedule of the whole
// matrix.
#pragma once

#include <algorithm>
#include <cstdint>

#include "keccak_lanes.h"
#include "params.h"
#include "poly.h"
#include "sampling.h"

namespace mlkem::detail {

template <unsigned K, unsigned kSlotCount>
class MatrixRows {
 public:
  static constexpr unsigned kSlots = kSlotCount;
  static_assert(kSlots >= 1 && kSlots <= K);

  // Called after each entry is complete; the owner then takes the complete
  // rows in order (next_row, release).
  using Notify = void (*)(void *owner);

  // rho is copied: the caller's may be overwritten while rows are sampled
  // (ek inside the ciphertext, mlkem.h).
  MatrixRows(const Kernels &kt, const uint8_t rho[kSymBytes], bool transposed,
             Notify notify = nullptr, void *owner = nullptr)
      : kt_(kt), transposed_(transposed), notify_(notify), owner_(owner) {
    std::copy(rho, rho + kSymBytes, rho_);
    std::fill(left_, left_ + K, K);
  }
  MatrixRows(const MatrixRows &) = delete;
  MatrixRows &operator=(const MatrixRows &) = delete;

  // Who takes the rows, if not the one given at construction.
  void set_owner(Notify notify, void *owner) {
    notify_ = notify;
    owner_ = owner;
  }

  // The stream of the next entry (row by row, from A-hat[0][0]) if it lies
  // in a row before `end_row`; for a StreamSource.
  bool take_entry(LaneStream &s, unsigned end_row) {
    if (next_row_ >= end_row || next_row_ == K) return false;
    s = entry(next_row_, next_col_);
    if (++next_col_ == K) {
      next_col_ = 0;
      next_row_++;
    }
    return true;
  }

  // As many rows as there are slots sampled now, beside an independent hash
  // (encapsulation: H(ek), which everything else waits for): they stay in
  // their slots until the owner takes them.
  void prefill(const HashJob &hash) {
    struct Prefill {
      MatrixRows &m;
      const HashJob &hash;
      bool hash_taken = false;
      static bool take(void *ctx, LaneStream &s) {
        Prefill &p = *static_cast<Prefill *>(ctx);
        if (!p.hash_taken) {
          p.hash_taken = true;
          s = hash_stream(p.hash);
          return true;
        }
        return p.m.take_entry(s, kSlots);
      }
    } p{*this, hash};
    run_lanes(kt_, {Prefill::take, &p});
  }

  // The next row in order (A-hat[next_index()], or its transpose's) if all
  // of its entries are in, else null.
  const PolyVec<K> *next_row() const {
    return released_ < K && left_[released_] == 0 ? &slots_[slot_of(released_)] : nullptr;
  }
  unsigned next_index() const { return released_; }
  // The owner is done with the next row: its slot may take row + kSlots.
  // The slot is returned: until the lanes run again (after the owner's sink
  // returns), it is the owner's scratch, to be wiped if it leaves a secret
  // there.
  PolyVec<K> &release() { return slots_[slot_of(released_++)]; }

 private:
  // Entry j of row i: SampleNTT(rho || j || i), transposed SampleNTT(rho || i || j).
  LaneStream entry(unsigned i, unsigned j) {
    const auto bi = static_cast<uint8_t>(i), bj = static_cast<uint8_t>(j);
    MatrixEntry &e = entries_.take();
    Poly *out = &slots_[slot_of(i)].v[j];
    const uint8_t b0 = transposed_ ? bi : bj, b1 = transposed_ ? bj : bi;
    LaneStream s = matrix_entry_stream(e, kt_, out, rho_, b0, b1, entry_done, this, bi);
    s.available = slot_free;
    s.available_ctx = &e;
    return s;
  }

  // i mod kSlots, by subtraction (the library holds no divide instruction,
  // tests/divscan; i < K <= 4).
  static unsigned slot_of(unsigned i) {
    while (i >= kSlots) i -= kSlots;
    return i;
  }

  static void entry_done(void *self, unsigned row) {
    MatrixRows &m = *static_cast<MatrixRows *>(self);
    --m.left_[row];
    if (m.notify_) m.notify_(m.owner_);
  }

  // All of an entry's input (rho || j || i) once its row's slot is free, else
  // none.
  static size_t slot_free(const void *ctx) {
    const MatrixEntry &e = *static_cast<const MatrixEntry *>(ctx);
    const MatrixRows &m = *static_cast<const MatrixRows *>(e.owner);
    return e.tag < m.released_ + kSlots ? kSymBytes + 2 : 0;
  }

  const Kernels &kt_;
  const bool transposed_;
  Notify notify_;
  void *owner_;
  uint8_t rho_[kSymBytes];
  PolyVec<K> slots_[kSlots];
  InFlight<MatrixEntry> entries_;
  unsigned left_[K];  // entries of each row still being sampled
  unsigned next_row_ = 0, next_col_ = 0;  // the entry take_entry makes next
  unsigned released_ = 0;  // rows the owner is done with
};

}  // namespace mlkem::detail
