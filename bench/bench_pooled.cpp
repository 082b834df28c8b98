// attnscope_pooled_bench (issue 16, SPEC §10): the pooled path — probabilities reduced straight
// into frame means, received attention, entropies and sink scores, never an L² tensor — at long
// sequences (H = 12, d = 64, causal, frames of 64), against twice the OpenBLAS sgemm time of the
// full Q·Kᵀ product at that L on the same machine and threads (two passes' worth of scores; the
// product is timed in row tiles, as no machine holds 12 × L² floats at these lengths), with the
// peak RSS of each length measured in a process of its own, and PyTorch eager materialised
// attention where it fits in memory.
//
// With --opencl, the same pass on the best OpenCL device (Backend::pooledPass: chunks of rows
// reduced on the device), against the same reference and the CPU pass.
//
//   attnscope_pooled_bench [--lengths 8192,16384,32768] [--threads 2] [--torch] [--opencl]

#include <cblas.h>

#include <QCoreApplication>
#include <QProcess>
#include <QStringList>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include "bench_reference.h"
#include "core/analysis/PooledAttention.h"
#include "core/analysis/ViewportPooling.h"
#include "core/backends/BackendRegistry.h"
#include "core/common/Gemm.h"
#include "core/engine/Engine.h"

using namespace attnscope;

namespace {

double peakRssMiB() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

Tensor randomTensor(int64_t H, int64_t L, int64_t d, uint32_t seed) {
    Tensor t({1, H, L, d});
    std::mt19937 rng(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    for (float& x : t) x = n(rng);
    return t;
}

/// The plain pass (frames of 64, causal) on the best OpenCL device of this length in this process:
/// prints "device_ms max_abs_difference_of_received device".
int runOpenCl(int64_t L, int threads) {
    const int64_t H = 12, d = 64;
    const Tensor q = randomTensor(H, L, d, 1), k = randomTensor(H, L, d, 2);
    auto choice = BackendRegistry::builtin().create({"opencl", -1, {threads, {}}});
    if (!choice) {
        std::fprintf(stderr, "%s\n", choice.error().c_str());
        return 1;
    }
    Backend& device = *choice->backend;
    auto mask = MaskExpr::parse("causal");
    const MaskShape shape{1, L, L, 0, 0};
    PooledRequest request;
    request.frames = 64;
    auto warm = device.pooledPass(q, k, *mask, {1, 256, 256, 0, 0}, 0.125f, 0.0f, request);
    if (!warm) {  // kernels compiled, buffers made
        std::fprintf(stderr, "%s\n", warm.error().c_str());
        return 1;
    }
    auto ours = device.pooledPass(q, k, *mask, shape, 0.125f, 0.0f, request);
    if (!ours) {
        std::fprintf(stderr, "%s\n", ours.error().c_str());
        return 1;
    }
    auto cpu = pooledAttention(q, k, *mask, shape, 0.125f, 0.0f, request, threads);
    if (!cpu) return 1;
    double worst = 0;
    for (int64_t i = 0; i < cpu->received.size(); ++i)
        worst = std::max(worst, double(std::abs(cpu->received[i] - ours->received[i])) /
                                    (1.0 + std::abs(double(cpu->received[i]))));
    std::printf("%.1f %.1f %.2e %s\n", ours->ms, cpu->ms, worst,
                QString::fromStdString(device.pooledDevice().message)
                    .replace(' ', '_')
                    .toUtf8()
                    .constData());
    return 0;
}

/// One length in this process: prints "ours_ms sgemm_ms rss_mib sink0".
int runOne(int64_t L, int threads) {
    const int64_t H = 12, d = 64;
    const Tensor q = randomTensor(H, L, d, 1), k = randomTensor(H, L, d, 2);
    const float scale = 0.125f;
    // Q·Kᵀ in full, all heads, tiles of 512 rows (a tile buffer of 512 × L floats), OpenBLAS
    // with `threads` threads.
    gemm::setBlasThreads(threads);
    const int64_t tile = 512;
    std::vector<float> s(size_t(tile * L));
    std::fill(s.begin(), s.end(), 0.0f);
    const auto t0 = std::chrono::steady_clock::now();
    for (int64_t h = 0; h < H; ++h)
        for (int64_t r0 = 0; r0 < L; r0 += tile) {
            const int64_t rows = std::min(tile, L - r0);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(rows), int(L), int(d), scale,
                        q.data() + (h * L + r0) * d, int(d), k.data() + h * L * d, int(d), 0.0f,
                        s.data(), int(L));
        }
    const double sgemmMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    s.clear();
    s.shrink_to_fit();

    auto mask = MaskExpr::parse("causal");
    const MaskShape shape{1, L, L, 0, 0};
    PooledRequest request;
    request.frames = 64;
    auto pooled = pooledAttention(q, k, *mask, shape, scale, 0.0f, request, threads);
    if (!pooled) {
        std::fprintf(stderr, "%s\n", pooled.error().c_str());
        return 1;
    }
    const double plainRss = peakRssMiB();
    const double plainMs = pooled->ms;
    const float sink0 = pooled->sink[0];
    pooled = Error{"released"};

    // The window's pass: the whole matrix cached as TraceBuilder::buildPooled does (max
    // probabilities and the masked logits' sums), with the
    // partial results the window shows while the maps fill.
    PooledRequest window;
    window.frames = 64;
    window.viewport = true;
    window.region = {0, L, 0, L};
    window.width = window.height = std::min<int64_t>(L, L >= 16384 ? 2048 : 1024);
    window.slices = Engine::pooledSlices(double(H) * double(L) * double(L));
    int partials = 0;
    window.snapshot = [&partials](PooledAttention&&, double) { ++partials; };
    // Probabilities only (a display of probabilities), then with the masked logits' sums too
    // (a display of logits).
    double logitsMs = 0;
    {
        window.logits = true;
        auto withLogits = pooledAttention(q, k, *mask, shape, scale, 0.0f, window, threads);
        if (!withLogits) return 1;
        logitsMs = withLogits->ms;
    }
    window.logits = false;
    partials = 0;
    auto cached = pooledAttention(q, k, *mask, shape, scale, 0.0f, window, threads);
    if (!cached) {
        std::fprintf(stderr, "%s\n", cached.error().c_str());
        return 1;
    }
    // Zooms as the heads grid makes them (12 heads, 600 × 600 pixels): a region of a quarter of
    // the matrix re-pooled from the cache, and a 1024² region computed exactly from Q, K and the
    // rows' shifts.
    const Tensor& fine = cached->viewport;
    const int64_t F = fine.dim(2);
    auto t1 = std::chrono::steady_clock::now();
    for (int64_t h = 0; h < H; ++h)
        (void)poolToViewport(fine.data() + h * F * F, F, {F / 2, F, F / 4, 3 * F / 4}, 600, 600,
                             PoolMode::Max);
    const double cacheMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
    const int64_t z0 = L / 2;
    t1 = std::chrono::steady_clock::now();
    for (int64_t h = 0; h < H; ++h) {
        auto cells = exactCells(q, k, *mask, shape, scale, 0.0f, cached->rowShift, 0, h,
                                {z0, z0 + 1024, z0 - 512, z0 + 512});
        if (!cells) return 1;
        (void)poolToViewport(cells->data(), 1024, {0, 1024, 0, 1024}, 600, 600, PoolMode::Max);
    }
    const double exactMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
    std::printf("%.1f %.1f %.0f %.5f %.1f %.0f %.1f %.1f %d %.1f\n", plainMs, sgemmMs, plainRss,
                sink0, cached->ms, peakRssMiB(), cacheMs, exactMs, partials, logitsMs);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    gemm::reexecWithBetterBlas(argv);
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int threads = 2;
    QString lengths = "8192,16384,32768";
    bool torch = false, opencl = false;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == "--one" && i + 2 < args.size())
            return runOne(args[i + 1].toLongLong(), args[i + 2].toInt());
        if (args[i] == "--one-opencl" && i + 2 < args.size())
            return runOpenCl(args[i + 1].toLongLong(), args[i + 2].toInt());
        if (args[i] == "--threads" && i + 1 < args.size())
            threads = args[++i].toInt();
        else if (args[i] == "--lengths" && i + 1 < args.size())
            lengths = args[++i];
        else if (args[i] == "--torch")
            torch = true;
        else if (args[i] == "--opencl")
            opencl = true;
    }
    std::printf("pooled attention, H = 12, d = 64, causal, frames of 64, %d threads, OpenBLAS %s\n",
                threads, gemm::blasCoreName());
    std::printf("%8s %12s %16s %14s %10s %10s %12s\n", "L", "pooled (ms)", "2×sgemm QKᵀ (ms)",
                "pooled/ref", "RSS (MiB)", "target", "torch (ms)");
    QStringList windowRows;
    for (const QString& l : lengths.split(',', Qt::SkipEmptyParts)) {
        const long long L = l.toLongLong();
        QProcess p;
        p.start(app.applicationFilePath(), {"--one", QString::number(L), QString::number(threads)});
        p.waitForFinished(-1);
        const QStringList f = QString(p.readAllStandardOutput()).split(' ', Qt::SkipEmptyParts);
        if (p.exitCode() != 0 || f.size() < 4) {
            std::printf("%8lld failed: %s\n", L, p.readAllStandardError().constData());
            continue;
        }
        const double ours = f[0].toDouble(), ref = 2.0 * f[1].toDouble(), rss = f[2].toDouble();
        QString torchCell = "—";
        // Eager attention materialises scores and probabilities: 2 × 12 × L² floats.
        const double torchBytes = 2.0 * 12.0 * double(L) * double(L) * 4.0;
        if (torch && torchBytes < 12e9) {
            std::string why;
            const auto t = bench::runTorchReference({L}, 12, 64, threads, 1, "causal", "", why);
            torchCell = t.count(L) ? QString::number(t.at(L).ms, 'f', 0)
                                   : QString::fromStdString("failed: " + why);
        } else if (torch) {
            torchCell = QString("does not fit (%1 GB)").arg(torchBytes / 1e9, 0, 'f', 0);
        }
        const bool ok = ours <= 1.5 * ref && (L != 32768 || rss <= 2048);
        std::printf("%8lld %12.0f %16.0f %14.2f %10.0f %10s %12s\n", L, ours, ref, ours / ref, rss,
                    ok ? "met" : "MISSED", qPrintable(torchCell));
        std::fflush(stdout);
        if (f.size() >= 10) {
            const double win = f[4].toDouble(), cache = f[6].toDouble(), exact = f[7].toDouble();
            const double logits = f[9].toDouble();
            windowRows << QString::asprintf(
                "%8lld %16.0f %10.2f %16.0f %10.2f %10.0f %6d %14.0f %14.0f %10s", L, win,
                win / ref, logits, logits / ref, f[5].toDouble(), f[8].toInt(), cache, exact,
                win <= 1.5 * ref && cache <= 300 && exact <= 300 ? "met" : "MISSED");
        }
    }
    std::printf(
        "\nthe window's pass (whole matrix cached at 1024², 2048² from 16k on, a partial result "
        "per 1.5·10⁹ "
        "cells) and its zooms (12 heads, 600 × 600 px; target ≤ 300 ms)\n");
    std::printf("%8s %16s %10s %16s %10s %10s %6s %14s %14s %10s\n", "L", "cached pass (ms)",
                "/ref", "+ logits (ms)", "/ref", "RSS (MiB)", "parts", "cache zoom ms",
                "exact 1024² ms", "target");
    for (const QString& row : windowRows) std::printf("%s\n", qPrintable(row));
    if (opencl) {
        std::printf("\nthe pooled pass on OpenCL (Backend::pooledPass, plain pass as above): device "
                    "time against the same reference and the CPU pass\n");
        std::printf("%8s %12s %12s %14s %12s %12s  %s\n", "L", "device (ms)", "CPU (ms)",
                    "device/ref", "device/CPU", "max rel Δ", "device");
        for (const QString& l : lengths.split(',', Qt::SkipEmptyParts)) {
            const long long L = l.toLongLong();
            QProcess ref, dev;
            ref.start(app.applicationFilePath(),
                      {"--one", QString::number(L), QString::number(threads)});
            ref.waitForFinished(-1);
            const QStringList r =
                QString(ref.readAllStandardOutput()).split(' ', Qt::SkipEmptyParts);
            dev.start(app.applicationFilePath(),
                      {"--one-opencl", QString::number(L), QString::number(threads)});
            dev.waitForFinished(-1);
            const QStringList f =
                QString(dev.readAllStandardOutput()).trimmed().split(' ', Qt::SkipEmptyParts);
            if (dev.exitCode() != 0 || f.size() < 4 || r.size() < 2) {
                std::printf("%8lld failed: %s\n", L, dev.readAllStandardError().constData());
                continue;
            }
            const double ms = f[0].toDouble(), cpuMs = f[1].toDouble();
            const double refMs = 2.0 * r[1].toDouble();
            std::printf("%8lld %12.0f %12.0f %14.2f %12.2f %12s  %s\n", L, ms, cpuMs, ms / refMs,
                        ms / cpuMs, qPrintable(f[2]), qPrintable(QString(f[3]).replace('_', ' ')));
            std::fflush(stdout);
        }
    }
    return 0;
}
