#include "core/engine/Backend.h"

#include "core/common/Text.h"

namespace attnscope {

Result<PooledAttention> Backend::pooledPass(const Tensor& q, const Tensor& k, const MaskExpr& mask,
                                            const MaskShape& shape, float scale, float softCap,
                                            const PooledRequest& request,
                                            const CancelCheck& cancel) {
    return pooledAttention(q, k, mask, shape, scale, softCap, request, threads(), cancel);
}

Message Backend::pooledDevice() const {
    return Text::literal("CPU");
}

Status checkAttentionInputs(const AttentionInputs& in) {
    if (!in.q || !in.k || !in.v || !in.mask) return Text::tr("missing Q, K, V or mask plan");
    const Tensor &q = *in.q, &k = *in.k, &v = *in.v;
    if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4)
        return Text::tr("Q, K and V must be %1; got Q %2, K %3, V %4",
                        Text::literal("[B, H, L, d]"), shapeToString(q.shape()),
                        shapeToString(k.shape()), shapeToString(v.shape()));
    if (k.shape() != v.shape())
        return Text::tr("K %1 and V %2 must have the same shape", shapeToString(k.shape()),
                        shapeToString(v.shape()));
    if (q.dim(0) != k.dim(0))
        return Text::tr("batch of Q (%1) and K (%2) differ", q.dim(0), k.dim(0));
    if (q.dim(3) != k.dim(3))
        return Text::tr("head dimension of Q (%1) and K (%2) differ", q.dim(3), k.dim(3));
    if (k.dim(1) < 1 || q.dim(1) % k.dim(1) != 0)
        return Text::tr("Q heads (%1) must be a multiple of K/V heads (%2)", q.dim(1), k.dim(1));
    if (q.dim(2) < 1 || k.dim(2) < 1 || q.dim(3) < 1) return Text::tr("empty Q, K or V");
    const MaskShape& m = in.mask->shape;
    if (m.batch != q.dim(0) || m.qLen != q.dim(2) || m.kvLen != k.dim(2) ||
        in.mask->rows.shape() != Shape{m.batch, m.qLen, m.kvLen})
        return Text::tr("mask plan shape does not match Q/K");
    return {};
}

}  // namespace attnscope
