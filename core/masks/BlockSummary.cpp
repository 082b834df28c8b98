#include "core/masks/BlockSummary.h"

#include <algorithm>

namespace attnscope {

int64_t BlockSummary::count(State s) const {
    return std::count(states.begin(), states.end(), static_cast<uint8_t>(s));
}

BlockSummary BlockSummary::fromDense(const BoolArray& dense, int64_t blockSize) {
    BlockSummary summary;
    summary.blockSize = std::max<int64_t>(blockSize, 1);
    if (dense.rank() != 3) return summary;
    const int64_t batch = dense.dim(0), lq = dense.dim(1), lk = dense.dim(2);
    const int64_t bs = summary.blockSize;
    summary.batch = batch;
    summary.qBlocks = (lq + bs - 1) / bs;
    summary.kvBlocks = (lk + bs - 1) / bs;
    summary.states.assign(static_cast<size_t>(batch * summary.qBlocks * summary.kvBlocks), Empty);

    std::vector<int64_t> counts(static_cast<size_t>(summary.kvBlocks));
    for (int64_t b = 0; b < batch; ++b) {
        for (int64_t qb = 0; qb < summary.qBlocks; ++qb) {
            std::fill(counts.begin(), counts.end(), 0);
            const int64_t q0 = qb * bs, q1 = std::min(lq, q0 + bs);
            for (int64_t q = q0; q < q1; ++q) {
                const uint8_t* row = dense.data() + (b * lq + q) * lk;
                for (int64_t kb = 0; kb < summary.kvBlocks; ++kb) {
                    const int64_t k0 = kb * bs, k1 = std::min(lk, k0 + bs);
                    int64_t n = 0;
                    for (int64_t k = k0; k < k1; ++k) n += row[k] != 0;
                    counts[kb] += n;
                }
            }
            for (int64_t kb = 0; kb < summary.kvBlocks; ++kb) {
                const int64_t cells = (q1 - q0) * (std::min(lk, kb * bs + bs) - kb * bs);
                const State s = counts[kb] == 0 ? Empty : counts[kb] == cells ? Full : Partial;
                summary.states[static_cast<size_t>((b * summary.qBlocks + qb) * summary.kvBlocks +
                                                   kb)] = s;
            }
        }
    }
    return summary;
}

std::string BlockSummary::toText() const {
    std::string out = "block size " + std::to_string(blockSize) + ", " + std::to_string(qBlocks) +
                      " x " + std::to_string(kvBlocks) +
                      " tiles (█ full, ▒ partial, · empty): " + std::to_string(count(Full)) +
                      " full, " + std::to_string(count(Partial)) + " partial, " +
                      std::to_string(count(Empty)) + " empty\n";
    const int width = static_cast<int>(std::to_string(std::max<int64_t>(qBlocks - 1, 0)).size());
    for (int64_t b = 0; b < batch; ++b) {
        if (batch > 1) out += "batch " + std::to_string(b) + "\n";
        for (int64_t qb = 0; qb < qBlocks; ++qb) {
            std::string label = std::to_string(qb);
            out += std::string(static_cast<size_t>(width) - label.size(), ' ') + label + " ";
            for (int64_t kb = 0; kb < kvBlocks; ++kb) {
                const State s = at(b, qb, kb);
                out += s == Full ? "█" : s == Partial ? "▒" : "·";
            }
            out += "\n";
        }
    }
    return out;
}

}  // namespace attnscope
