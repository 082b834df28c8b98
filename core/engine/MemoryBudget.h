#pragma once
// MemoryBudget (SPEC §10): how much a materialised trace may take, and whether a scenario's trace
// goes the pooled path instead. The window and the command line decide the same way.

#include <optional>
#include <string>

#include "core/engine/Scenario.h"

namespace attnscope {

/// Bytes a materialised trace may take: a quarter of the machine's memory, or
/// ATTNSCOPE_MEMORY_BUDGET (bytes) when set.
double memoryBudget();

/// Why `scenario`'s trace cannot be materialised ("the full trace would need 38.7 GiB, the budget
/// is 6.0 GiB"), or nothing when it can. Attention maps are always materialised (a map is its own
/// trace). A model scenario's shapes are known once its text is tokenised: ask with the scenario
/// TraceBuilder::prepare returns (or a trace's).
std::optional<Message> pooledPathReason(const Scenario& scenario);

}  // namespace attnscope
