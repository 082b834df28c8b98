#include "core/io/TensorRoles.h"

#include <algorithm>
#include <cctype>

#include "core/common/Text.h"

namespace attnscope {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

/// The last dotted component: "layers.0.q" → "q".
std::string leaf(const std::string& name) {
    const auto dot = name.rfind('.');
    return lower(dot == std::string::npos ? name : name.substr(dot + 1));
}

int rankOf(const TensorFile& file, const std::string& name) {
    const TensorInfo* t = file.find(name);
    return t ? static_cast<int>(t->shape.size()) : -1;
}

}  // namespace

std::optional<TensorRoles> TensorRoles::obvious(const TensorFile& file) {
    const TensorInfo* maps = file.find("full_frame_attention");
    const TensorInfo* vectors = file.find("last_block_frame_attention");
    if (!maps || maps->shape.size() < 3 || maps->shape.size() > 4) return std::nullopt;
    TensorRoles roles;
    roles.maps = maps->name;
    if (vectors && vectors->shape.size() == maps->shape.size() - 1 &&
        vectors->shape.back() == maps->shape.back())
        roles.vectors = vectors->name;
    return roles;
}

TensorRoles TensorRoles::suggest(const TensorFile& file) {
    if (auto roles = obvious(file)) return *roles;
    TensorRoles roles;
    const auto& tensors = file.tensors();
    // Q/K/V: leaves named q/k/v (or query/key/value, q_proj, ...), preferring the shortest names.
    auto pick = [&](std::initializer_list<const char*> leaves) {
        std::string best;
        for (const TensorInfo& t : tensors) {
            if (t.shape.size() < 3 || t.shape.size() > 4) continue;
            const std::string l = leaf(t.name);
            for (const char* want : leaves)
                if (l == want && (best.empty() || t.name.size() < best.size())) best = t.name;
        }
        return best;
    };
    roles.q = pick({"q", "query", "queries", "q_proj"});
    roles.k = pick({"k", "key", "keys", "k_proj"});
    roles.v = pick({"v", "value", "values", "v_proj"});
    for (const TensorInfo& t : tensors) {
        const std::string n = lower(t.name);
        const bool named =
            n.find("attn") != std::string::npos || n.find("attention") != std::string::npos;
        const bool isQkv = t.name == roles.q || t.name == roles.k || t.name == roles.v;
        if (roles.maps.empty() && !isQkv && t.shape.size() >= 3 && t.shape.size() <= 5 && named &&
            t.shape[t.shape.size() - 1] > 0)
            roles.maps = t.name;
    }
    const bool haveQkv = !roles.q.empty() && !roles.k.empty() && !roles.v.empty();
    if (roles.maps.empty() && !haveQkv) {
        // Any map-shaped tensor when there is no Q/K/V to compute from.
        for (const TensorInfo& t : tensors)
            if (roles.maps.empty() && t.shape.size() >= 3 && t.shape.size() <= 5)
                roles.maps = t.name;
    }
    for (const TensorInfo& t : tensors) {
        if (roles.vectors.empty() && t.name != roles.maps && t.shape.size() >= 2 &&
            t.shape.size() <= 3 && lower(t.name).find("block") != std::string::npos)
            roles.vectors = t.name;
    }
    const std::string m = lower(roles.maps);
    if (m.find("prob") != std::string::npos || m == "attentions" ||
        m.find("weights") != std::string::npos)
        roles.kind = MapKind::Probabilities;
    roles.use = !roles.maps.empty()      ? Use::Maps
                : haveQkv                ? Use::Qkv
                : !roles.vectors.empty() ? Use::Vectors
                                         : Use::Maps;
    return roles;
}

Status TensorRoles::check(const TensorFile& file) const {
    // `role` names what the tensor is for: a phrase, or Q/K/V kept as is.
    auto need = [&](const std::string& name, const Error& role, int lo, int hi) -> Status {
        const int r = rankOf(file, name);
        if (r < 0) return Text::tr("choose a tensor for %1", role);
        if (r < lo || r > hi) {
            if (lo == hi) return Text::tr("'%1' has %2 axes; %3 need %4", name, r, role, lo);
            return Text::tr("'%1' has %2 axes; %3 need %4 to %5", name, r, role, lo, hi);
        }
        return Status::success();
    };
    switch (use) {
        case Use::Maps:
            if (Status s = need(maps, Text::tr("attention maps"), 3, 5); !s) return s;
            if (!vectors.empty()) return need(vectors, Text::tr("per-query-block vectors"), 2, 3);
            return Status::success();
        case Use::Vectors:
            return need(vectors, Text::tr("per-query-block vectors"), 2, 3);
        case Use::Qkv:
            for (const auto& [name, role] : {std::pair{q, "Q"}, {k, "K"}, {v, "V"}})
                if (Status s = need(name, Text::literal(role), 3, 4); !s) return s;
            return Status::success();
    }
    return Status::success();
}

}  // namespace attnscope
