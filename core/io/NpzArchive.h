#pragma once
// NumPy .npz archives (ZIP files of .npy members), through libzip. NpzWriter collects arrays and
// writes them, stored, atomically; NpzArchive lists and reads the members of an existing archive
// (stored or deflated, ZIP64 included).

#include <QByteArray>
#include <QString>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/io/NpyFormat.h"

namespace attnscope {

class NpzWriter {
public:
    /// Adds an array as member `name`.npy. A name added twice is an error at write().
    void add(const std::string& name, const Tensor& array);
    void add(const std::string& name, const BoolArray& array);
    void add(const std::string& name, const Array<double>& array);
    void add(const std::string& name, Tensor&& array);
    void add(const std::string& name, BoolArray&& array);
    void add(const std::string& name, Array<int64_t>&& array);  // token ids
    /// Adds an array without copying it; it must stay alive and unchanged until write() returns.
    void addView(const std::string& name, const Tensor& array);

    std::vector<std::string> names() const;

    /// Writes a temporary file beside `path` and renames it over `path`: a failed write leaves
    /// no file behind and never replaces an existing one.
    Status write(const QString& path) const;

private:
    using Stored = std::variant<Tensor, BoolArray, Array<double>, Array<int64_t>, const Tensor*>;
    struct Entry {
        std::string name;
        Stored array;
    };
    std::vector<Entry> m_entries;
};

class NpzArchive {
public:
    static Result<NpzArchive> open(const QString& path);
    /// The same over an archive in memory; `what` names it in messages.
    static Result<NpzArchive> fromBytes(QByteArray bytes, const QString& what);

    /// Names of the .npy members without the ".npy" suffix, in archive order.
    std::vector<std::string> names() const;
    bool contains(const std::string& name) const;
    const QString& path() const;

    Result<NpyHeader> header(const std::string& name) const;
    Result<Tensor> readFloat(const std::string& name) const;
    Result<Array<double>> readDouble(const std::string& name) const;
    /// Bool and integer members as 0/1.
    Result<BoolArray> readBool(const std::string& name) const;

private:
    struct State;
    explicit NpzArchive(std::shared_ptr<State> state);
    static void indexMembers(State& state);
    template <class T>
    Result<Array<T>> read(const std::string& name) const;

    std::shared_ptr<State> m_state;
};

}  // namespace attnscope
