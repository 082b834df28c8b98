#include "core/backends/BackendRegistry.h"

#include <algorithm>

#include "core/backends/cpu/CpuBackend.h"
#include "core/common/Text.h"
#ifdef ATTNSCOPE_HAVE_OPENCL
#include "core/backends/opencl/OpenClBackend.h"
#endif

namespace attnscope {

const BackendRegistry& BackendRegistry::builtin() {
    static const BackendRegistry registry = [] {
        BackendRegistry r;
        // The one registration point: a new backend is its folder plus one line here.
        r.add(makeCpuFamily());
#ifdef ATTNSCOPE_HAVE_OPENCL
        r.add(makeOpenClFamily());
#endif
        return r;
    }();
    return registry;
}

void BackendRegistry::add(std::unique_ptr<BackendFamily> family) {
    m_families.push_back(std::move(family));
}

std::vector<std::string> BackendRegistry::compiled() const {
    std::vector<std::string> out;
    for (const auto& f : m_families) out.push_back(f->name());
    return out;
}

bool BackendRegistry::has(const std::string& family) const {
    return std::any_of(m_families.begin(), m_families.end(),
                       [&](const auto& f) { return f->name() == family; });
}

std::string BackendRegistry::choicesText() const {
    std::string out = "auto";
    for (const auto& f : m_families) out += ", " + f->name();
    return out;
}

std::vector<BackendDevice> BackendRegistry::devices(std::vector<Message>* problems) const {
    std::vector<BackendDevice> out;
    for (const auto& f : m_families) {
        auto list = f->devices();
        if (!list) {
            if (problems) problems->push_back(Text::tr("%1: %2", f->name(), list.failure()));
            continue;
        }
        out.insert(out.end(), list->begin(), list->end());
    }
    return out;
}

BackendDevice BackendRegistry::best() const {
    std::vector<std::pair<const BackendFamily*, BackendDevice>> all;
    for (const auto& f : m_families)
        if (auto list = f->devices())
            for (const auto& d : *list) all.emplace_back(f.get(), d);
    for (const auto& [f, d] : all)
        if (d.kind == DeviceKind::Gpu) return d;
    const BackendFamily* bestFamily = nullptr;
    BackendDevice bestDevice;
    for (const auto& [f, d] : all)
        if (!bestFamily || f->priority() > bestFamily->priority()) {
            bestFamily = f;
            bestDevice = d;
        }
    return bestDevice;
}

Result<BackendChoice> BackendRegistry::create(const BackendRequest& r) const {
    // Resolve the request to a family and a device index within it.
    std::string familyName = r.backend;
    int index = r.device;
    if (const auto colon = r.backend.find(':'); colon != std::string::npos) {
        familyName = r.backend.substr(0, colon);
        const std::string number = r.backend.substr(colon + 1);
        if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos ||
            number.size() > 6)
            return Text::tr("bad backend id '%1' (use FAMILY:N, e.g. %2)", r.backend, "opencl:0");
        if (r.device >= 0 && r.device != std::stoi(number))
            return Text::tr("%1 %2 disagrees with '%3'", Text::literal("--device"), r.device,
                            r.backend);
        index = std::stoi(number);
    }
    auto fallback = [this, &r](Message notice) -> Result<BackendChoice> {
        const BackendDevice cpu = best();
        for (const auto& f : m_families)
            if (f->name() == cpu.family)
                if (auto b = f->create(cpu, r.settings))
                    return BackendChoice{std::move(b).value(), cpu.id, std::move(notice)};
        return Text::tr("no backend could be created");
    };
    if (familyName == "auto") {
        if (index >= 0)
            return Text::tr("%1 needs a backend family (%2)", Text::literal("--device"),
                            "--backend opencl");
        const BackendDevice d = best();
        for (const auto& f : m_families)
            if (f->name() == d.family) {
                auto b = f->create(d, r.settings);
                if (b) return BackendChoice{std::move(b).value(), d.id, {}};
                return fallback(Text::tr("%1 unusable (%2); using the CPU", d.label, b.failure()));
            }
        return Text::tr("no backend is compiled in");
    }
    const auto it = std::find_if(m_families.begin(), m_families.end(),
                                 [&](const auto& f) { return f->name() == familyName; });
    if (it == m_families.end()) {
        if (familyName == "opencl")  // a known family this build was made without
            return fallback(
                Text::tr("this build has no %1 backend; using the CPU", Text::literal("OpenCL")));
        return Text::tr("unknown backend '%1' (use %2)", r.backend, choicesText());
    }
    const BackendFamily& family = **it;
    auto list = family.devices();
    if (!list)
        return fallback(
            Text::tr("%1 unavailable (%2); using the CPU", family.name(), list.failure()));
    if (index >= int(list->size()))
        return Text::tr("no %1 device %2: there are %3 (see %4)", family.name(), index,
                        list->size(), "`attnscope devices`");
    if (index < 0) {  // the family's best device: a GPU if it has one, else its first
        index = 0;
        for (const auto& d : *list)
            if (d.kind == DeviceKind::Gpu) {
                index = d.index;
                break;
            }
    }
    const BackendDevice& device = (*list)[size_t(index)];
    auto backend = family.create(device, r.settings);
    if (!backend)
        return fallback(
            Text::tr("%1 unusable (%2); using the CPU", device.label, backend.failure()));
    return BackendChoice{std::move(backend).value(), device.id, {}};
}

}  // namespace attnscope
