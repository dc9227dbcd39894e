#include "ref/table.h"

namespace mlkem::detail {

const Kernels &ref_kernels() { return kRefKernels; }

}  // namespace mlkem::detail
