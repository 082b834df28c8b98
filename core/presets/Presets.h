#pragma once
// Presets: the named scenarios of SPEC (paraphrase, local/global/translation, encoder/decoder,
// HF masks, streaming sinks, video frames), each a complete Scenario.

#include <optional>
#include <string>
#include <vector>

#include "core/engine/Scenario.h"

namespace attnscope {

struct Preset {
    std::string name;
    std::string summary;
    Scenario scenario;
};

const std::vector<Preset>& allPresets();
std::optional<Scenario> presetScenario(const std::string& name);
/// The scenario the application opens with.
std::string defaultPresetName();

}  // namespace attnscope
