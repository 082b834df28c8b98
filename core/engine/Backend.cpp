#include "core/engine/Backend.h"

namespace attnscope {

Status checkAttentionInputs(const AttentionInputs& in) {
    if (!in.q || !in.k || !in.v || !in.mask) return Error{"missing Q, K, V or mask plan"};
    const Tensor &q = *in.q, &k = *in.k, &v = *in.v;
    if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4)
        return Error{"Q, K and V must be [B, H, L, d]; got Q " + shapeToString(q.shape()) + ", K " +
                     shapeToString(k.shape()) + ", V " + shapeToString(v.shape())};
    if (k.shape() != v.shape())
        return Error{"K " + shapeToString(k.shape()) + " and V " + shapeToString(v.shape()) +
                     " must have the same shape"};
    if (q.dim(0) != k.dim(0))
        return Error{"batch of Q (" + std::to_string(q.dim(0)) + ") and K (" +
                     std::to_string(k.dim(0)) + ") differ"};
    if (q.dim(3) != k.dim(3))
        return Error{"head dimension of Q (" + std::to_string(q.dim(3)) + ") and K (" +
                     std::to_string(k.dim(3)) + ") differ"};
    if (k.dim(1) < 1 || q.dim(1) % k.dim(1) != 0)
        return Error{"Q heads (" + std::to_string(q.dim(1)) +
                     ") must be a multiple of K/V heads (" + std::to_string(k.dim(1)) + ")"};
    if (q.dim(2) < 1 || k.dim(2) < 1 || q.dim(3) < 1) return Error{"empty Q, K or V"};
    const MaskShape& m = in.mask->shape;
    if (m.batch != q.dim(0) || m.qLen != q.dim(2) || m.kvLen != k.dim(2) ||
        in.mask->rows.shape() != Shape{m.batch, m.qLen, m.kvLen})
        return Error{"mask plan shape does not match Q/K"};
    return {};
}

}  // namespace attnscope
