// A-hat, or its transpose, sampled row by row into kSlots row slots (FIPS
// 203 Algorithm 13 lines 3-7, Algorithm 14 lines 4-8): the entries are
// streams of the lane scheduler, and those of row i wait to start until the
// owner has used row i - kSlots and released its slot. At most kSlots rows
// are held, whatever k is, while the lanes keep the schedule of the whole
// matrix.
#pragma once

#include <algorithm>
#include <cstdint>

#include "ct.h"
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
      : kt_(kt), notify_(notify), owner_(owner), transposed_(transposed) {
    std::copy(rho, rho + kSymBytes, rho_);
    std::fill(left_, left_ + K, static_cast<uint8_t>(K));
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
  // their slots until the owner takes them. With `spare` (room the owner
  // does not need yet), row kSlots too, into it: the owner must park() it
  // before it uses the room.
  void prefill(const HashJob &hash, PolyVec<K> *spare = nullptr) {
    spare_ = kSlots < K ? spare : nullptr;
    struct Source {
      MatrixRows &m;
      const HashJob &hash;
      bool hash_taken = false;
      static bool take(void *ctx, LaneStream &s) {
        Source &p = *static_cast<Source *>(ctx);
        if (!p.hash_taken) {
          p.hash_taken = true;
          s = hash_stream(p.hash);
          return true;
        }
        return p.m.take_entry(s, p.m.spare_ ? kSlots + 1 : kSlots);
      }
    } p{*this, hash};
    run_lanes(kt_, {Source::take, &p});
  }

  // The row prefill() sampled into the spare room, encoded (ByteEncode_12
  // of each entry, which is in [0, q): exact) into K * 384 bytes at `dst`,
  // which must stay as they are until the row is unparked. The row is then
  // complete but not in a slot: unpark_entry() brings it, entry by entry,
  // into the slot of row 0 (which is row kSlots's slot), once row 0 is used.
  void park(uint8_t *dst) {
    if (!spare_) return;
    for (unsigned j = 0; j < K; j++) byte_encode12(kt_, dst + kPolyBytes * j, spare_->v[j]);
    parked_ = dst;
    spare_ = nullptr;
  }
  bool parked() const { return parked_ != nullptr; }
  void unpark_entry(unsigned j, Poly &dst) const {
    byte_decode12(kt_, dst, parked_ + kPolyBytes * j);
  }
  void unparked() { parked_ = nullptr; }

  // The pool of lane entries, for the owner's own streams that run beside
  // the rows (the noise).
  InFlight &lane_entries() { return entries_; }

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
  // Zeroes the slots (what an owner left there).
  void wipe() { secure_wipe(slots_, sizeof slots_); }

 private:
  // Entry j of row i: SampleNTT(rho || j || i), transposed SampleNTT(rho || i || j).
  LaneStream entry(unsigned i, unsigned j) {
    const auto bi = static_cast<uint8_t>(i), bj = static_cast<uint8_t>(j);
    MatrixEntry &e = entries_.take_matrix();
    Poly *out = spare_ && i == kSlots ? &spare_->v[j] : &slots_[slot_of(i)].v[j];
    const uint8_t b0 = transposed_ ? bi : bj, b1 = transposed_ ? bj : bi;
    LaneStream s = matrix_entry_stream(e, kt_, out, rho_, b0, b1, entry_done, this, bi);
    s.available = slot_free;  // of ctx, &e
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

  // All of an entry's input (rho || j || i) once its row's slot is free (or
  // it goes to the spare room), else none.
  static size_t slot_free(const void *ctx) {
    const MatrixEntry &e = *static_cast<const MatrixEntry *>(ctx);
    const MatrixRows &m = *static_cast<const MatrixRows *>(e.owner);
    const bool room = e.tag < m.released_ + kSlots || (m.spare_ && e.tag == kSlots);
    return room ? kSymBytes + 2 : 0;
  }

  // Ordered so that the slots start 64 bytes in and the small members
  // share their last 32 bytes: the object is on encapsulation's stack.
  const Kernels &kt_;
  Notify notify_;
  void *owner_;
  PolyVec<K> *spare_ = nullptr;  // during prefill: where row kSlots goes
  uint8_t rho_[kSymBytes];
  PolyVec<K> slots_[kSlots];
  InFlight entries_;
  const uint8_t *parked_ = nullptr;  // row kSlots, encoded, until unparked
  uint8_t left_[K];  // entries of each row still being sampled
  uint8_t next_row_ = 0, next_col_ = 0;  // the entry take_entry makes next
  uint8_t released_ = 0;  // rows the owner is done with
  const bool transposed_;
};

}  // namespace mlkem::detail
