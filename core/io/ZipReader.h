#pragma once
// Read-only access to a ZIP archive held in memory (a mapped file), through libzip: entry names
// and whole entries, with the sizes an entry claims checked before anything is allocated.

#include <QByteArray>
#include <QString>
#include <memory>
#include <string>
#include <vector>

#include "core/common/Result.h"

namespace attnscope {

class ZipReader {
public:
    /// `data` must stay valid while the reader (or a copy) lives. `what` names it in messages.
    static Result<ZipReader> open(const char* data, int64_t size, const QString& what);

    const std::vector<std::string>& names() const;
    bool contains(const std::string& name) const;
    /// Uncompressed size of an entry, or -1 when there is no such entry.
    int64_t entrySize(const std::string& name) const;
    /// The whole entry, refused when it claims more than `maxBytes`.
    Result<QByteArray> read(const std::string& name, int64_t maxBytes) const;

private:
    struct State;
    explicit ZipReader(std::shared_ptr<State> state);
    std::shared_ptr<State> m_state;
};

/// True when `data` starts like a ZIP archive (a local file header or an empty archive).
bool looksLikeZip(const char* data, int64_t size);

}  // namespace attnscope
