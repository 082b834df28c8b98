#pragma once
// Presets: the named scenarios of SPEC (paraphrase, local/global/translation, encoder/decoder,
// HF masks, streaming sinks, video frames), each a complete Scenario.

#include <optional>
#include <string>
#include <vector>

#include "core/engine/Scenario.h"

namespace attnscope {

/// How a preset is best looked at: view options, not part of the computation (a Scenario holds
/// only what determines the trace). The application and `export` apply them to the view options.
struct PresetDisplay {
    int64_t tokensPerFrame = 0;           // > 0: views pool tokens into frames
    std::vector<int64_t> querySelection;  // query rows (or frames) the sink view averages
    bool sampledDisplay = false;          // mask view: smart sampling
    int64_t maxDisplayPositions = 30;     // mask view: positions kept when sampling
};

struct Preset {
    std::string name;
    std::string summary;
    Scenario scenario;
    PresetDisplay display;
};

const std::vector<Preset>& allPresets();
std::optional<Scenario> presetScenario(const std::string& name);
std::optional<PresetDisplay> presetDisplay(const std::string& name);
/// The scenario the application opens with.
std::string defaultPresetName();

}  // namespace attnscope
