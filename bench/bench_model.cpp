// attnscope_model_bench: times the native model forward pass with every layer's Q/K/V captured
// (Model::run, all layers) against PyTorch eager with output_attentions=True on the same threads
// (bench/torch_model_reference.py), and checks the SPEC §10 target (ours ≤ 0.5 × torch at
// GPT-2-small L = 1024 and Llama-135M L = 2048). Weights are random (a fixed-seed normal, std
// 0.02): values do not change the speed. Each (model, L) row runs in a fresh child process of
// this executable, so that its peak RSS is its own.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <cblas.h>
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/common/Gemm.h"
#include "core/model/Model.h"
#include "core/model/ModelWeights.h"

using namespace attnscope;

namespace {

struct ModelSpec {
    std::string name;
    QJsonObject config;  // a Hugging Face config.json; the PyTorch script builds from the same
    std::vector<long long> lengths;
    long long targetL;  // the length SPEC §10 sets the target at
};

QJsonObject json(const char* text) {
    return QJsonDocument::fromJson(text).object();
}

const std::vector<ModelSpec>& specs() {
    static const std::vector<ModelSpec> s = {
        // GPT-2 small, with 2048 positions so that L = 1024 and more fit.
        {"gpt2",
         json(R"({"model_type": "gpt2", "n_embd": 768, "n_layer": 12, "n_head": 12,
                  "n_positions": 2048, "vocab_size": 50257})"),
         {256, 1024},
         1024},
        // SmolLM2-135M.
        {"llama",
         json(R"({"model_type": "llama", "hidden_size": 576, "intermediate_size": 1536,
                  "num_hidden_layers": 30, "num_attention_heads": 9, "num_key_value_heads": 3,
                  "vocab_size": 49152, "max_position_embeddings": 8192, "rms_norm_eps": 1e-5,
                  "rope_theta": 100000.0, "tie_word_embeddings": true, "hidden_act": "silu"})"),
         {512, 2048},
         2048},
    };
    return s;
}

struct Args {
    std::vector<std::string> models{"gpt2", "llama"};
    std::vector<long long> lengths;  // empty: each model's own
    int threads = 2, repeats = 3;
    bool torch = true, torchLmHead = false;
    std::string python, json, child;
};

[[noreturn]] void usage(const char* why) {
    if (why) std::fprintf(stderr, "attnscope_model_bench: %s\n", why);
    std::fprintf(stderr,
                 "usage: attnscope_model_bench [--models gpt2,llama] [--lengths 256,1024]\n"
                 "                             [--threads 2] [--repeats 3] [--no-torch]\n"
                 "                             [--torch-lm-head] [--python PATH] [--json FILE]\n"
                 "  default lengths: gpt2 256,1024; llama 512,2048. --python defaults to\n"
                 "  $ATTNSCOPE_PYTHON, else python3.\n");
    std::exit(why ? 2 : 0);
}

int positive(const std::string& text, const char* name) {
    char* end = nullptr;
    const long x = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end || x < 1 || x > 1 << 20)
        usage((std::string(name) + " must be a positive integer").c_str());
    return int(x);
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

const ModelSpec* findSpec(const std::string& name) {
    for (const ModelSpec& s : specs())
        if (s.name == name) return &s;
    return nullptr;
}

Args parseArgs(int argc, char** argv) {
    Args a;
    if (const char* py = std::getenv("ATTNSCOPE_PYTHON"); py && *py) a.python = py;
    if (a.python.empty()) a.python = "python3";
    for (int i = 1; i < argc; ++i) {
        const std::string opt = argv[i];
        if (opt == "-h" || opt == "--help") usage(nullptr);
        if (opt == "--no-torch" || opt == "--torch-lm-head") {
            (opt == "--no-torch" ? a.torch : a.torchLmHead) = opt != "--no-torch";
            continue;
        }
        if (i + 1 >= argc) usage(("missing value after " + opt).c_str());
        const std::string val = argv[++i];
        if (opt == "--models") {
            a.models = splitList(val);
            if (a.models.empty()) usage("--models is empty");
            for (const std::string& m : a.models)
                if (!findSpec(m)) usage(("unknown model '" + m + "' (gpt2, llama)").c_str());
        } else if (opt == "--lengths") {
            a.lengths.clear();
            for (const std::string& l : splitList(val))
                a.lengths.push_back(positive(l, "--lengths"));
            if (a.lengths.empty()) usage("--lengths is empty");
        } else if (opt == "--threads")
            a.threads = positive(val, "--threads");
        else if (opt == "--repeats")
            a.repeats = positive(val, "--repeats");
        else if (opt == "--python")
            a.python = val;
        else if (opt == "--json")
            a.json = val;
        else if (opt == "--child")  // internal: measure one (model, L) and print a JSON line
            a.child = val;
        else
            usage(("unknown option " + opt).c_str());
    }
    return a;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double mib(double bytes) {
    return bytes / (1024.0 * 1024.0);
}

// ---- the child: one (model, L) in a fresh process ----------------------------------------------

/// std · N(0, 1), from a fixed pool of normals picked by a seeded xorshift (a 124M-parameter model
/// in well under a second; the values only have to be plausible).
Tensor randomTensor(Shape shape, uint64_t seed, float std) {
    static const std::vector<float> pool = [] {
        std::mt19937 rng(20240613);
        std::normal_distribution<float> n(0.0f, 1.0f);
        std::vector<float> p(size_t(1) << 16);
        for (float& x : p) x = n(rng);
        return p;
    }();
    Tensor t(std::move(shape));
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    for (float& v : t) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        v = std * pool[size_t(x >> 48)];
    }
    return t;
}

/// The weights Model::fromWeights takes, by their Hugging Face names and shapes (transformers'
/// init: normal(0.02) matrices, norms weight 1 and bias 0, biases 0).
std::map<std::string, Tensor> randomWeights(const ModelConfig& c) {
    std::map<std::string, Tensor> w;
    uint64_t seed = 1;
    auto normal = [&](const std::string& name, Shape s) {
        w.emplace(name, randomTensor(std::move(s), seed++, 0.02f));
    };
    auto fill = [&](const std::string& name, int64_t n, float v) {
        w.emplace(name, Tensor({n}, v));
    };
    const int64_t D = c.hidden, I = c.intermediate, qd = c.heads * c.dHead,
                  kvd = c.kvHeads * c.dHead;
    if (c.arch == Architecture::Gpt2) {
        normal("wte.weight", {c.vocab, D});
        normal("wpe.weight", {c.maxPositions, D});
        for (int64_t i = 0; i < c.layers; ++i) {
            const std::string p = "h." + std::to_string(i) + ".";
            for (const char* ln : {"ln_1", "ln_2"}) {
                fill(p + ln + ".weight", D, 1.0f);
                fill(p + ln + ".bias", D, 0.0f);
            }
            normal(p + "attn.c_attn.weight", {D, 3 * D});  // Conv1D: [in, out]
            fill(p + "attn.c_attn.bias", 3 * D, 0.0f);
            normal(p + "attn.c_proj.weight", {D, D});
            fill(p + "attn.c_proj.bias", D, 0.0f);
            normal(p + "mlp.c_fc.weight", {D, I});
            fill(p + "mlp.c_fc.bias", I, 0.0f);
            normal(p + "mlp.c_proj.weight", {I, D});
            fill(p + "mlp.c_proj.bias", D, 0.0f);
        }
    } else {  // llama: nn.Linear, [out, in]
        normal("model.embed_tokens.weight", {c.vocab, D});
        for (int64_t i = 0; i < c.layers; ++i) {
            const std::string p = "model.layers." + std::to_string(i) + ".";
            fill(p + "input_layernorm.weight", D, 1.0f);
            fill(p + "post_attention_layernorm.weight", D, 1.0f);
            normal(p + "self_attn.q_proj.weight", {qd, D});
            normal(p + "self_attn.k_proj.weight", {kvd, D});
            normal(p + "self_attn.v_proj.weight", {kvd, D});
            normal(p + "self_attn.o_proj.weight", {D, qd});
            normal(p + "mlp.gate_proj.weight", {I, D});
            normal(p + "mlp.up_proj.weight", {I, D});
            normal(p + "mlp.down_proj.weight", {D, I});
        }
    }
    return w;
}

/// A "VmRSS:"-style field of /proc/self/status, in bytes (0 when absent).
double procStatus(const char* key) {
    std::ifstream f("/proc/self/status");
    for (std::string line; std::getline(f, line);)
        if (line.rfind(key, 0) == 0)
            return std::strtod(line.c_str() + std::strlen(key), nullptr) * 1024;
    return 0;
}

[[noreturn]] void childFail(const std::string& why) {
    std::printf("%s\n", QJsonDocument(QJsonObject{{"error", QString::fromStdString(why)}})
                            .toJson(QJsonDocument::Compact)
                            .constData());
    std::exit(1);
}

int runChild(const Args& a) {
    const ModelSpec* spec = findSpec(a.child);
    if (!spec || a.lengths.size() != 1) childFail("--child needs a known model and one length");
    const long long L = a.lengths[0];
    const double baseRss = procStatus("VmRSS:");
    auto config = ModelConfig::fromJson(spec->config);
    if (!config) childFail(config.error());
    const ModelConfig& c = *config;
    if (L > c.maxPositions) childFail("L exceeds the model's positions");

    double weightBytes = 0;
    ModelPtr model;
    {
        auto tensors = randomWeights(c);
        for (const auto& [name, t] : tensors) weightBytes += double(t.size()) * sizeof(float);
        ModelWeights weights = ModelWeights::fromTensors(std::move(tensors), "random weights");
        auto m = Model::fromWeights(c, weights, QString::fromStdString(spec->name));
        if (!m) childFail(m.error());
        model = *m;
    }
    // fromWeights copies every tensor (GPT-2's Conv1D ones through a transposed temporary), and
    // the buffer cache of core/common/Array.cpp keeps freed mappings of recently requested sizes
    // resident for 10 s: wait that out, then make one allocation so that the cache expires them.
    std::this_thread::sleep_for(std::chrono::milliseconds(10500));
    { Tensor expire(Shape{int64_t(1) << 18}); }  // never touched: never resident
    malloc_trim(0);
    const double modelRss = procStatus("VmRSS:");
    // From here VmHWM is the peak of the runs (Linux: "5" resets the peak to the current RSS).
    bool reset = false;
    if (std::FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
        reset = std::fputs("5", f) >= 0;
        reset = std::fclose(f) == 0 && reset;
    }

    std::mt19937_64 rng(uint64_t(L) * 7919u);
    std::uniform_int_distribution<int64_t> pick(0, c.vocab - 1);
    std::vector<int64_t> ids(static_cast<size_t>(L));
    for (int64_t& id : ids) id = pick(rng);
    const RunOptions options{a.threads, {}, {}};  // every layer captured
    std::vector<double> runs;
    size_t captured = 0;
    for (int r = 0; r <= a.repeats; ++r) {  // run 0 warms up
        const auto t0 = std::chrono::steady_clock::now();
        Result<ModelRun> run = model->run(ids, options);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        if (!run) childFail(run.error());
        captured = run->layers.size();
        if (r > 0) runs.push_back(ms);
    }
    const double peakRss = procStatus("VmHWM:");
    if (captured != size_t(c.layers)) childFail("not every layer was captured");

    QJsonArray runsJson;
    for (double ms : runs) runsJson.append(ms);
    const double qkvBytes =
        double(c.layers) * double(c.heads + 2 * c.kvHeads) * double(L) * double(c.dHead) * 4;
    const double l2Bytes = double(c.heads) * double(L) * double(L) * 4 * 3;
    const QJsonObject out{{"model", QString::fromStdString(spec->name)},
                          {"L", L},
                          {"median_ms", median(runs)},
                          {"runs_ms", runsJson},
                          {"base_rss_bytes", baseRss},
                          {"model_rss_bytes", modelRss},
                          {"peak_rss_bytes", peakRss},
                          {"peak_reset", reset},
                          {"weights_bytes", weightBytes},
                          {"qkv_bytes", qkvBytes},
                          {"l2_bytes", l2Bytes},
                          {"summary", QString::fromStdString(model->summary())}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}

// ---- the parent: children, PyTorch, the table ---------------------------------------------------

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return q + "'";
}

/// Runs `cmd`, returns its stdout (stderr goes where the command sends it) and sets `rc`.
QByteArray capture(const std::string& cmd, int& rc) {
    QByteArray text;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) {
        rc = -1;
        return text;
    }
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, qsizetype(n));
    rc = pclose(pipe);
    return text;
}

QJsonObject lastJsonLine(const QByteArray& text) {
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return lines.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(lines.last()).object();
}

struct Row {
    std::string model;
    long long L = 0;
    bool target = false;  // the (model, L) SPEC §10 names
    QJsonObject ours, torch;
};

std::string fmt(const char* f, double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, x);
    return buf;
}

/// PyTorch for every row at once; `why` says what went wrong when nothing comes back.
std::map<std::pair<std::string, long long>, QJsonObject> runTorch(const Args& a,
                                                                  const std::vector<Row>& rows,
                                                                  std::string& why) {
    std::map<std::pair<std::string, long long>, QJsonObject> out;
    const auto dir = std::filesystem::temp_directory_path() /
                     ("attnscope_model_bench_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    QJsonArray runs;
    for (const Row& r : rows)
        runs.append(QJsonObject{{"model", QString::fromStdString(r.model)},
                                {"L", r.L},
                                {"config", findSpec(r.model)->config}});
    const QJsonObject spec{{"threads", a.threads}, {"repeats", a.repeats}, {"runs", runs}};
    const auto specPath = dir / "spec.json", logPath = dir / "stderr.txt";
    {
        QFile f(QString::fromStdString(specPath.string()));
        if (!f.open(QIODevice::WriteOnly)) {
            why = "cannot write " + specPath.string();
            return out;
        }
        f.write(QJsonDocument(spec).toJson());
    }
    int rc = 0;
    const QJsonObject root = lastJsonLine(
        capture(shellQuote(a.python) + " " + shellQuote(ATTNSCOPE_TORCH_MODEL_SCRIPT) + " --spec " +
                    shellQuote(specPath.string()) + " 2>" + shellQuote(logPath.string()),
                rc));
    QFile logFile(QString::fromStdString(logPath.string()));
    std::string log = logFile.open(QIODevice::ReadOnly)
                          ? logFile.readAll().trimmed().right(600).toStdString()
                          : std::string();
    std::filesystem::remove_all(dir);
    if (root.contains("error"))
        why = root.value("error").toString().toStdString();
    else if (rc != 0 || root.isEmpty())
        why = a.python + " failed (exit status " +
              std::to_string(rc > 0 && WIFEXITED(rc) ? WEXITSTATUS(rc) : rc) + ")" +
              (log.empty() ? "" : ": " + log);
    if (!why.empty()) return out;
    std::printf("PyTorch: torch %s, transformers %s, %d threads, %s\n",
                root.value("torch").toString().toUtf8().constData(),
                root.value("transformers").toString().toUtf8().constData(),
                root.value("threads").toInt(), root.value("blas").toString().toUtf8().constData());
    for (const QJsonValue& v : root.value("results").toArray()) {
        const QJsonObject o = v.toObject();
        out[{o.value("model").toString().toStdString(), o.value("L").toInteger()}] = o;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    // The kernels the app uses (it re-executes itself the same way); the PyTorch child inherits
    // OPENBLAS_CORETYPE, so both sides run the same OpenBLAS kernels.
    gemm::reexecWithBetterBlas(argv);
    const Args a = parseArgs(argc, argv);
    if (!a.child.empty()) return runChild(a);

    for (const std::string& name : a.models) {
        const auto config = ModelConfig::fromJson(findSpec(name)->config);
        for (long long L : a.lengths)
            if (!config || L > config->maxPositions)
                usage(("--lengths: " + std::to_string(L) + " is more than " + name + "'s " +
                       std::to_string(config ? config->maxPositions : 0) + " positions")
                          .c_str());
    }
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    std::printf(
        "attnscope_model_bench: threads=%d repeats=%d (median, after one warm-up), fp32, "
        "random weights, all layers captured\n",
        a.threads, a.repeats);
    // The children and the PyTorch script (Debian's torch multiplies on the same OpenBLAS)
    // inherit the environment, hence OpenBLAS's choice of kernels. OpenBLAS 0.3.21 does not know
    // newer CPUs (Emerald Rapids, CPU model 207) and falls back to its SSE3 kernels: a 1024 x 768
    // x 3072 sgemm ran 7x slower there than with OPENBLAS_CORETYPE=SkylakeX.
    const std::string core = openblas_get_corename();
    std::printf("OpenBLAS: %s, kernels %s\n", openblas_get_config(), core.c_str());
    if (core == "Prescott" || core == "Core2" || core == "Nehalem" || core == "Unknown")
        std::printf(
            "warning: OpenBLAS does not recognise this CPU and uses its %s (SSE) kernels;"
            " if it has AVX-512,\n  OPENBLAS_CORETYPE=SkylakeX (AVX2: Haswell) selects the "
            "fast ones, for ours and torch alike.\n",
            core.c_str());
    if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
        double load = 0;
        if (std::fscanf(f, "%lf", &load) == 1 && load > 0.5)
            std::printf("note: load average %.2f before starting; timings may be noisy\n", load);
        std::fclose(f);
    }
    std::vector<Row> rows;
    for (const std::string& name : a.models) {
        const ModelSpec& spec = *findSpec(name);
        for (long long L : a.lengths.empty() ? spec.lengths : a.lengths) {
            Row r{name, L, L == spec.targetL, {}, {}};
            std::printf("  %s L=%lld: ours (own process: build, 10 s settle, runs)...\n",
                        name.c_str(), L);
            std::fflush(stdout);
            int rc = 0;
            r.ours = lastJsonLine(capture(shellQuote(self) + " --child " + name + " --lengths " +
                                              std::to_string(L) + " --threads " +
                                              std::to_string(a.threads) + " --repeats " +
                                              std::to_string(a.repeats),
                                          rc));
            if (rc != 0 || r.ours.isEmpty() || r.ours.contains("error")) {
                std::fprintf(
                    stderr, "attnscope_model_bench: %s L=%lld failed: %s\n", name.c_str(), L,
                    r.ours.value("error").toString("the child crashed").toUtf8().constData());
                return 1;
            }
            rows.push_back(r);
        }
    }

    std::string torchWhy = "disabled with --no-torch";
    if (a.torch) {
        std::printf("  PyTorch eager, output_attentions=True (%s)...\n", a.python.c_str());
        std::fflush(stdout);
        torchWhy.clear();
        auto torch = runTorch(a, rows, torchWhy);
        for (Row& r : rows)
            if (auto it = torch.find({r.model, r.L}); it != torch.end()) r.torch = it->second;
        if (torchWhy.empty() && torch.empty()) torchWhy = "no results";
    }
    if (!torchWhy.empty()) std::printf("PyTorch: skipped (%s)\n", torchWhy.c_str());

    const char* torchCol = a.torchLmHead ? "torch+head" : "torch (ms)";
    std::printf("\n%-6s | %5s | %9s | %10s | %10s | %14s | %9s | %11s | %s\n", "model", "L",
                "ours (ms)", torchCol, "ours/torch", "peak RSS (MiB)", "over base", "bound (MiB)",
                "target (<= 0.5 x torch)");
    std::printf("%s\n", std::string(118, '-').c_str());
    bool allPass = true, anyTarget = false;
    QJsonArray jsonRows;
    for (const Row& r : rows) {
        const double ours = r.ours.value("median_ms").toDouble();
        const double peak = r.ours.value("peak_rss_bytes").toDouble();
        const double over = peak - r.ours.value("base_rss_bytes").toDouble();
        const double bound = r.ours.value("weights_bytes").toDouble() +
                             r.ours.value("qkv_bytes").toDouble() +
                             r.ours.value("l2_bytes").toDouble();
        const bool hasTorch = !r.torch.isEmpty();
        const double torch = r.torch.value("median_ms").toDouble() +
                             (a.torchLmHead ? r.torch.value("lm_head_ms").toDouble() : 0.0);
        const double ratio = hasTorch ? ours / torch : 0;
        std::string target = !hasTorch ? "(no torch)" : ratio <= 0.5 ? "✓" : "✗";
        target += r.target ? " (SPEC row)" : "";
        if (hasTorch && r.target) {
            anyTarget = true;
            allPass = allPass && ratio <= 0.5;
        }
        std::printf("%-6s | %5lld | %9.1f | %10s | %10s | %14.0f | %9.0f | %7.0f %s   | %s\n",
                    r.model.c_str(), r.L, ours, hasTorch ? fmt("%.1f", torch).c_str() : "",
                    hasTorch ? fmt("%.2f", ratio).c_str() : "", mib(peak), mib(over), mib(bound),
                    over <= bound ? "✓" : "✗", target.c_str());
        QJsonObject o = r.ours;
        o["bound_bytes"] = bound;
        o["within_bound"] = over <= bound;
        if (hasTorch) {
            o["torch"] = r.torch;
            o["torch_ms_compared"] = torch;
            o["ours_over_torch"] = ratio;
            o["pass"] = ratio <= 0.5;
            const double params = r.torch.value("params").toDouble();
            const double ourParams = r.ours.value("weights_bytes").toDouble() / 4;
            if (std::abs(params - ourParams) > 1e-4 * ourParams)  // ln_f / model.norm only
                std::printf("  warning: %s: torch has %.0f parameters, ours %.0f\n",
                            r.model.c_str(), params, ourParams);
        }
        jsonRows.append(o);
    }
    std::printf(
        "\nours = median wall time of Model::run with every layer captured (post-RoPE Q, K, V per\n"
        "  layer); it stops after the last layer's attention (no last MLP, final norm, LM head).\n"
        "torch = median of model(ids, output_attentions=True, use_cache=False), eager attention,\n"
        "  fp32, no_grad, on %s.\n"
        "peak RSS = VmHWM of the row's own process over the warm-up and timed runs (reset after\n"
        "  loading, during which fromWeights holds the weights twice); over base = peak minus\n"
        "  the process's RSS before any weight existed (libraries, Qt).\n"
        "bound = weights + every layer's Q/K/V + one layer's three L² tensors (H·L²·4 bytes x3);\n"
        "  its mark says whether 'over base' is within it.\n",
        a.torchLmHead ? "the whole LMHead model (backbone + lm_head, timed apart and added)"
                      : "the backbone (GPT2Model / LlamaModel), without the LM head, which ours\n"
                        "  never computes (--torch-lm-head adds it)");
    for (const Row& r : rows) {
        std::printf(
            "  %s L=%lld: base %.0f MiB, after loading %.0f MiB, weights %.0f MiB, Q/K/V "
            "%.0f MiB, L² %.0f MiB%s\n",
            r.model.c_str(), r.L, mib(r.ours.value("base_rss_bytes").toDouble()),
            mib(r.ours.value("model_rss_bytes").toDouble()),
            mib(r.ours.value("weights_bytes").toDouble()),
            mib(r.ours.value("qkv_bytes").toDouble()), mib(r.ours.value("l2_bytes").toDouble()),
            r.ours.value("peak_reset").toBool() ? "" : " (peak not reset: it includes loading)");
        auto list = [](const QJsonObject& o) {
            std::string l;
            for (const QJsonValue& v : o.value("runs_ms").toArray())
                l += fmt(" %.0f", v.toDouble());
            return l;
        };
        std::printf("      runs (ms): ours%s", list(r.ours).c_str());
        if (!r.torch.isEmpty())
            std::printf("; torch backbone%s, lm_head %.1f", list(r.torch).c_str(),
                        r.torch.value("lm_head_ms").toDouble());
        std::printf("\n");
    }
    std::printf("target (SPEC §10): ours <= 0.5 x torch at gpt2 L=1024 and llama L=2048  => %s\n",
                !anyTarget ? "not measured (no SPEC row with torch)"
                : allPass  ? "PASS"
                           : "MISS");

    if (!a.json.empty()) {
        QFile f(QString::fromStdString(a.json));
        if (!f.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "attnscope_model_bench: cannot write %s\n", a.json.c_str());
            return 1;
        }
        f.write(QJsonDocument(
                    QJsonObject{{"threads", a.threads},
                                {"repeats", a.repeats},
                                {"torch_lm_head", a.torchLmHead},
                                {"torch", torchWhy.empty() ? QString("ok")
                                                           : QString::fromStdString(torchWhy)},
                                {"results", jsonRows}})
                    .toJson());
    }
    return 0;
}
