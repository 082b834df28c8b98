#include "core/engine/MemoryBudget.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/analysis/PooledAttention.h"
#include "core/common/Text.h"

namespace attnscope {

double memoryBudget() {
    if (const char* set = std::getenv("ATTNSCOPE_MEMORY_BUDGET")) {
        char* end = nullptr;
        const double v = std::strtod(set, &end);
        if (end != set && v > 0) return v;
    }
    const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? double(pages) * double(size) / 4.0 : 4.0 * (1 << 30);
}

std::optional<Message> pooledPathReason(const Scenario& s) {
    if (s.source == SourceKind::AttentionMaps) return {};
    const double need = materialisedBytes(s.batch, s.heads, s.qLen, s.kvLen);
    const double budget = memoryBudget();
    const auto gib = [](double bytes) {
        char text[32];
        std::snprintf(text, sizeof text, "%.2f", bytes / double(1 << 30));
        return std::string(text);
    };
    if (need > budget)
        return Text::tr("the full trace would need %1 GiB, more than the budget of %2 GiB",
                        gib(need), gib(budget));
    if (Status st = s.fitsMaterialised(); !st) return st.failure();
    return {};
}

}  // namespace attnscope
