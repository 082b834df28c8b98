#include "core/engine/MaskPlan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <new>

#include "core/common/ParallelFor.h"
#include "core/common/Text.h"

namespace attnscope {

int64_t MaskPlan::polls(const MaskShape& shape) {
    return shape.batch * ((shape.qLen + kTile - 1) / kTile);
}

Result<MaskPlan> MaskPlan::build(const MaskExpr& mask, const MaskShape& shape, int threads,
                                 const std::function<bool()>& stop) {
    const auto t0 = std::chrono::steady_clock::now();
    const int64_t B = shape.batch, Lq = shape.qLen, Lk = shape.kvLen;
    const int64_t nQB = (Lq + kTile - 1) / kTile, nKB = (Lk + kTile - 1) / kTile;
    MaskPlan plan;
    plan.shape = shape;
    try {
        plan.rows = BoolArray({B, Lq, Lk});
        plan.blocks.blockSize = kTile;
        plan.blocks.batch = B;
        plan.blocks.qBlocks = nQB;
        plan.blocks.kvBlocks = nKB;
        plan.blocks.states.assign(size_t(B * nQB * nKB), BlockSummary::Empty);
    } catch (const std::bad_alloc&) {
        return Text::tr("out of memory: the mask of B=%1, Lq=%2, Lk=%3 does not fit", B, Lq, Lk);
    }
    std::atomic<bool> stopped{false};
    std::mutex emptyMutex;
    parallelFor(threads, B * nQB, [&](int, int64_t t) {
        if (stopped.load(std::memory_order_relaxed) || (stop && stop())) {
            stopped = true;
            return;
        }
        const int64_t b = t / nQB, qb = t % nQB;
        const int64_t r0 = qb * kTile, r1 = std::min(Lq, r0 + kTile);
        uint8_t* base = plan.rows.data() + b * Lq * Lk;
        std::vector<std::pair<int64_t, int64_t>> empty;
        for (int64_t r = r0; r < r1; ++r) {
            uint8_t* row = base + r * Lk;
            mask.evalRow(b, r, 0, Lk, shape, row);
            if (std::find(row, row + Lk, uint8_t(1)) == row + Lk) empty.emplace_back(b, r);
        }
        for (int64_t kb = 0; kb < nKB; ++kb) {
            const int64_t c0 = kb * kTile, c1 = std::min(Lk, c0 + kTile);
            int64_t ones = 0;
            for (int64_t r = r0; r < r1; ++r) {
                const uint8_t* row = base + r * Lk;
                for (int64_t c = c0; c < c1; ++c) ones += row[c];
            }
            const int64_t cells = (r1 - r0) * (c1 - c0);
            plan.blocks.states[size_t((b * nQB + qb) * nKB + kb)] =
                ones == 0 ? BlockSummary::Empty
                          : (ones == cells ? BlockSummary::Full : BlockSummary::Partial);
        }
        if (!empty.empty()) {
            std::lock_guard lock(emptyMutex);
            plan.emptyRows.insert(plan.emptyRows.end(), empty.begin(), empty.end());
        }
    });
    if (stopped) return Text::tr("cancelled");
    std::sort(plan.emptyRows.begin(), plan.emptyRows.end());
    plan.buildMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return plan;
}

}  // namespace attnscope
