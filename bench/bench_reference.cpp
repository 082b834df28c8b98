#include "bench_reference.h"

#include <cblas.h>

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <tuple>

#include "core/common/Gemm.h"

namespace attnscope::bench {

namespace {
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

SgemmReference::SgemmReference(const Tensor& q, const Tensor& k, const Tensor& v, float scale,
                               int threads)
    : m_q(q),
      m_k(k),
      m_v(v),
      m_scale(scale),
      m_threads(threads),
      m_s({1, q.dim(1), q.dim(2), q.dim(2)}, 0.0f),
      m_c({1, q.dim(1), q.dim(2), q.dim(3)}, 0.0f) {}

void SgemmReference::head(int64_t h) {
    const int64_t L = m_q.dim(2), d = m_q.dim(3);
    const float* Q = m_q.data() + h * L * d;
    const float* K = m_k.data() + h * L * d;
    const float* V = m_v.data() + h * L * d;
    float* s = m_s.data() + h * L * L;
    float* c = m_c.data() + h * L * d;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(L), int(L), int(d), m_scale, Q, int(d),
                K, int(d), 0.0f, s, int(L));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(L), int(d), int(L), 1.0f, s, int(L),
                V, int(d), 0.0f, c, int(d));
}

double SgemmReference::runBlasThreaded() {
    gemm::setBlasThreads(m_threads);
    const auto t0 = Clock::now();
    for (int64_t h = 0; h < m_q.dim(1); ++h) head(h);
    const double ms = msSince(t0);
    gemm::useSingleThreadedBlas();
    // OpenBLAS's idle pool threads busy-wait for a while (THREAD_TIMEOUT, ~2^28 cycles) after a
    // threaded call; let them park so they do not steal the cores from the next measurement.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return ms;
}

double SgemmReference::runHeadThreaded() {
    gemm::useSingleThreadedBlas();
    const auto t0 = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < m_threads; ++t)
        pool.emplace_back([this, t] {
            for (int64_t h = t; h < m_q.dim(1); h += m_threads) head(h);
        });
    for (auto& th : pool) th.join();
    return msSince(t0);
}

double sgemmProjectionsMs(int64_t L, int64_t dModel, int64_t qCols, int64_t kvCols, int threads,
                          int repeats) {
    const Tensor x({L, dModel}, 0.5f), wq({dModel, qCols}, 0.25f), wk({dModel, kvCols}, 0.25f),
        wv({dModel, kvCols}, 0.25f);
    Tensor q({L, qCols}, 0.0f), k({L, kvCols}, 0.0f), v({L, kvCols}, 0.0f);
    gemm::setBlasThreads(threads);
    std::vector<double> runs;
    for (int r = 0; r <= repeats; ++r) {  // the first pass warms up
        const auto t0 = Clock::now();
        for (auto [w, out, n] :
             {std::tuple{&wq, &q, qCols}, std::tuple{&wk, &k, kvCols}, std::tuple{&wv, &v, kvCols}})
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(L), int(n), int(dModel),
                        1.0f, x.data(), int(dModel), w->data(), int(n), 0.0f, out->data(), int(n));
        if (r > 0) runs.push_back(msSince(t0));
    }
    gemm::useSingleThreadedBlas();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // see runBlasThreaded
    return median(runs);
}

std::map<long long, TorchTiming> runTorchReference(const std::vector<long long>& lengths, int heads,
                                                   int dhead, int threads, int repeats,
                                                   const std::string& mask,
                                                   const std::string& inputDir, std::string& why) {
    std::map<long long, TorchTiming> out;
    std::string ls;
    for (long long L : lengths) ls += (ls.empty() ? "" : ",") + std::to_string(L);
    // ATTNSCOPE_PYTHON: the interpreter that has torch (a venv), as for the model benchmark.
    const char* python = std::getenv("ATTNSCOPE_PYTHON");
    const std::string cmd = std::string(python && *python ? python : "python3") +
                            " " ATTNSCOPE_TORCH_SCRIPT " --lengths " + ls + " --heads " +
                            std::to_string(heads) + " --dhead " + std::to_string(dhead) +
                            " --threads " + std::to_string(threads) + " --repeats " +
                            std::to_string(repeats) + " --mask " + mask + " --inputs '" + inputDir +
                            "' 2>/dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) {
        why = "python3 could not be started";
        return out;
    }
    QByteArray text;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, qsizetype(n));
    const int rc = pclose(pipe);
    const QJsonObject root = QJsonDocument::fromJson(text).object();
    if (rc != 0 || root.isEmpty()) {
        why = "torch not importable";
        return out;
    }
    if (root.contains("error")) {
        why = root.value("error").toString().toStdString();
        return out;
    }
    for (const QJsonValue& r : root.value("results").toArray()) {
        const QJsonObject o = r.toObject();
        out[o.value("L").toInteger()] = {o.value("median_ms").toDouble(),
                                         o.value("context_abs_sum").toDouble()};
    }
    return out;
}

}  // namespace attnscope::bench
