#include "core/presets/Presets.h"

#include <sstream>

namespace attnscope {

namespace {

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

/// n paraphrases of t tokens, each followed by s separators, then g generated tokens.
Scenario paraphrase(const std::string& name, int n, int t, int s, int g) {
    Scenario sc;
    sc.name = name;
    sc.description = std::to_string(n) + " paraphrases × " + std::to_string(t) +
                     " tokens, segment-isolated encoding then fusion generation of " +
                     std::to_string(g) + " tokens";
    sc.pattern = PatternKind::Local;
    sc.seed = 11;
    sc.heads = 4;
    sc.kvHeads = 4;
    sc.dModel = 64;
    sc.dHead = 16;
    sc.qLen = sc.kvLen = int64_t(n) * (t + s) + g;
    sc.mask = "paraphrase(" + std::to_string(n) + ", " + std::to_string(t) + ", " +
              std::to_string(s) + ", " + std::to_string(g) + ")";
    for (int p = 0; p < n; ++p) {
        for (int i = 0; i < t; ++i)
            sc.queryTokens.push_back("P" + std::to_string(p + 1) + ":" + std::to_string(i));
        for (int i = 0; i < s; ++i) sc.queryTokens.push_back("<sep>");
    }
    for (int i = 0; i < g; ++i) sc.queryTokens.push_back("<gen" + std::to_string(i + 1) + ">");
    return sc;
}

Scenario selfAttention(const std::string& name, const std::string& description, PatternKind pattern,
                       const std::string& mask, const std::string& sentence, uint64_t seed) {
    Scenario sc;
    sc.name = name;
    sc.description = description;
    sc.pattern = pattern;
    sc.seed = seed;
    sc.queryTokens = words(sentence);
    sc.qLen = sc.kvLen = int64_t(sc.queryTokens.size());
    sc.heads = sc.kvHeads = 4;
    sc.dModel = 64;
    sc.dHead = 16;
    sc.mask = mask;
    return sc;
}

Scenario crossAttention(const std::string& name, const std::string& description,
                        const std::string& target, const std::string& source, uint64_t seed) {
    Scenario sc;
    sc.name = name;
    sc.description = description;
    sc.pattern = PatternKind::Translation;
    sc.seed = seed;
    sc.crossAttention = true;
    sc.queryTokens = words(target);
    sc.keyTokens = words(source);
    sc.qLen = int64_t(sc.queryTokens.size());
    sc.kvLen = int64_t(sc.keyTokens.size());
    sc.heads = sc.kvHeads = 4;
    sc.dModel = 64;
    sc.dHead = 16;
    sc.mask = "full";
    return sc;
}

std::vector<Preset> makePresets() {
    std::vector<Preset> p;
    auto add = [&](Scenario s, PresetDisplay display = {}) {
        p.push_back({s.name, s.description, std::move(s), std::move(display)});
    };
    auto sampled = [](int64_t positions) {
        PresetDisplay d;
        d.sampledDisplay = true;
        d.maxDisplayPositions = positions;
        return d;
    };

    add(paraphrase("paraphrase-small", 3, 15, 1, 5));
    add(paraphrase("paraphrase-medium", 5, 25, 1, 8), sampled(30));
    add(paraphrase("paraphrase-large", 5, 50, 1, 10), sampled(40));

    const std::string sentence = "the quick brown fox jumps over the lazy dog near the river bank";
    add(selfAttention("local", "local attention: queries favour nearby keys", PatternKind::Local,
                      "full", sentence, 1));
    add(selfAttention("global", "global attention: every query attends to a few salient keys",
                      PatternKind::Global, "full", sentence, 2));
    add(crossAttention("translation",
                       "translation-like cross-attention: target tokens align with source tokens",
                       "le chat noir est assis sur le tapis rouge",
                       "the black cat is sitting on the red carpet today", 3));

    add(selfAttention("encoder-self", "encoder self-attention: bidirectional, every pair allowed",
                      PatternKind::Local, "full", "<s> attention is all you need </s>", 4));
    add(selfAttention("decoder-masked-self",
                      "decoder masked self-attention: each token sees itself and the past",
                      PatternKind::Local, "causal", "<s> l' attention est tout ce qu' il faut", 5));
    add(crossAttention(
        "decoder-cross", "decoder cross-attention: decoder queries over encoder keys and values",
        "<s> l' attention est tout ce qu' il faut", "<s> attention is all you need </s>", 6));

    const std::string eight = "a b c d e f g h";
    add(selfAttention("hf-causal", "Hugging Face causal mask (create_causal_mask)",
                      PatternKind::Random, "causal", eight, 7));
    add(selfAttention("hf-sliding",
                      "Hugging Face sliding-window causal mask, window 3 (keys incl. itself)",
                      PatternKind::Random, "causal & window(3)", eight, 8));
    add(selfAttention("hf-chunked", "Hugging Face chunked causal mask, chunk size 3",
                      PatternKind::Random, "causal & chunk(3)", eight, 9));

    {
        Scenario s;
        s.name = "streaming-sinks";
        s.description = "StreamingLLM: causal window of 16 keys plus 4 attention-sink positions";
        s.pattern = PatternKind::Local;
        s.seed = 10;
        s.qLen = s.kvLen = 64;
        s.heads = s.kvHeads = 8;
        s.dModel = 128;
        s.dHead = 32;
        s.mask = "causal & (window(16) | prefix(4))";
        s.sinkHeads = {0, 2, 3, 5};
        s.sinkSpan = 1;
        PresetDisplay d;
        d.querySelection = {60, 61, 62, 63};
        add(s, d);
    }
    {
        Scenario s;
        s.name = "video-frames";
        s.description = "video model layer: 19 frames × 16 tokens, frame-causal, first-frame sinks";
        s.pattern = PatternKind::Local;
        s.seed = 2024;
        s.qLen = s.kvLen = 19 * 16;
        s.heads = s.kvHeads = 12;
        s.dModel = 256;
        s.dHead = 32;
        s.mask = "causal | chunk(16)";
        s.sinkHeads = {0, 4, 6, 7, 9};
        s.sinkSpan = 16;
        s.layer = 3;
        PresetDisplay d;
        d.tokensPerFrame = 16;
        d.querySelection = {16, 17, 18};
        add(s, d);
    }
    return p;
}

}  // namespace

const std::vector<Preset>& allPresets() {
    static const std::vector<Preset> presets = makePresets();
    return presets;
}

std::optional<Scenario> presetScenario(const std::string& name) {
    for (const auto& p : allPresets())
        if (p.name == name) return p.scenario;
    return std::nullopt;
}

std::optional<PresetDisplay> presetDisplay(const std::string& name) {
    for (const auto& p : allPresets())
        if (p.name == name) return p.display;
    return std::nullopt;
}

std::string defaultPresetName() {
    return "video-frames";
}

}  // namespace attnscope
