#pragma once
// Arguments: strict number parsing for command-line options (a value that is not a whole number
// in range is bad input, never silently 0).

#include <QCommandLineParser>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>

#include "core/backends/BackendRegistry.h"

namespace attnscope {

struct Arguments {
    /// The option's integer value, its default when unset, or nullopt with `error` set.
    static std::optional<int64_t> integer(const QCommandLineParser& p, const QString& name,
                                          int64_t fallback, int64_t min, int64_t max,
                                          std::string& error) {
        if (!p.isSet(name)) return fallback;
        bool ok = false;
        const qlonglong v = p.value(name).toLongLong(&ok);
        if (!ok || v < min || v > max) {
            error = "--" + name.toStdString() + " must be a whole number between " +
                    std::to_string(min) + " and " + std::to_string(max) + ", got '" +
                    p.value(name).toStdString() + "'";
            return std::nullopt;
        }
        return v;
    }

    /// --backend, --device, --threads and --gemm, as compute and export take them.
    static QList<QCommandLineOption> backendOptions() {
        return {{"backend",
                 "auto, a family (cpu, opencl) or a device id (opencl:0); see "
                 "`attnscope devices`.",
                 "ID", "auto"},
                {"device", "Device number within the backend family.", "N"},
                {"threads", "CPU worker threads (default: all cores).", "N"},
                {"gemm", "CPU matrix products: openblas or eigen.", "IMPL", "openblas"}};
    }
    /// The backend those options ask for, created through the registry; nullopt with `error`.
    static std::optional<BackendChoice> backend(const QCommandLineParser& p, std::string& error) {
        BackendRequest r;
        r.backend = p.value("backend").toStdString();
        const auto device = integer(p, "device", -1, 0, 1 << 20, error);
        const auto threads = integer(p, "threads", 0, 1, 1024, error);
        if (!device || !threads) return std::nullopt;
        r.device = int(*device);
        r.settings.threads = int(*threads);
        if (p.value("gemm") == "eigen")
            r.settings.gemm = gemm::GemmImpl::Eigen;
        else if (p.value("gemm") != "openblas") {
            error = "--gemm must be openblas or eigen";
            return std::nullopt;
        }
        auto choice = BackendRegistry::builtin().create(r);
        if (!choice) {
            error = "--backend: " + choice.error();
            return std::nullopt;
        }
        return std::move(choice).value();
    }
};

}  // namespace attnscope
