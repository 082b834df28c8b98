#include "core/io/ZipReader.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>

#include "core/common/Text.h"

namespace attnscope {

struct ZipReader::State {
    QString what;
    zip_t* zip = nullptr;
    std::mutex mutex;  // libzip archives are not safe for concurrent reads
    std::vector<std::string> names;
    ~State() {
        if (zip) zip_discard(zip);
    }
};

ZipReader::ZipReader(std::shared_ptr<State> state) : m_state(std::move(state)) {}

bool looksLikeZip(const char* data, int64_t size) {
    return size >= 4 && data[0] == 'P' && data[1] == 'K' &&
           ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6));
}

Result<ZipReader> ZipReader::open(const char* data, int64_t size, const QString& what) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source =
        zip_source_buffer_create(data, static_cast<zip_uint64_t>(size), 0, &error);
    if (!source) {
        const std::string text = zip_error_strerror(&error);
        zip_error_fini(&error);
        return Text::tr("%1: cannot read the archive: %2", what.toStdString(), text);
    }
    zip_t* zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (!zip) {
        zip_source_free(source);
        const std::string text = zip_error_strerror(&error);
        zip_error_fini(&error);
        return Text::tr("%1: not a valid ZIP archive: %2", what.toStdString(), text);
    }
    zip_error_fini(&error);
    auto state = std::make_shared<State>();
    state->what = what;
    state->zip = zip;
    const zip_int64_t count = zip_get_num_entries(zip, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        state->names.push_back(name ? name : "");
    }
    return ZipReader(std::move(state));
}

const std::vector<std::string>& ZipReader::names() const {
    return m_state->names;
}

bool ZipReader::contains(const std::string& name) const {
    const auto& n = m_state->names;
    return std::find(n.begin(), n.end(), name) != n.end();
}

int64_t ZipReader::entrySize(const std::string& name) const {
    std::lock_guard lock(m_state->mutex);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(m_state->zip, name.c_str(), ZIP_FL_ENC_RAW, &stat) < 0) return -1;
    if (stat.size > static_cast<zip_uint64_t>(INT64_MAX)) return -1;
    return static_cast<int64_t>(stat.size);
}

Result<QByteArray> ZipReader::read(const std::string& name, int64_t maxBytes) const {
    std::lock_guard lock(m_state->mutex);
    const QString& what = m_state->what;
    const zip_int64_t index = zip_name_locate(m_state->zip, name.c_str(), ZIP_FL_ENC_RAW);
    if (index < 0) return Text::tr("%1: the archive has no entry '%2'", what.toStdString(), name);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(m_state->zip, static_cast<zip_uint64_t>(index), 0, &stat) < 0)
        return Text::tr("%1: cannot read entry '%2': %3", what.toStdString(), name,
                        zip_strerror(m_state->zip));
    const zip_uint64_t size = stat.size;
    if (size > static_cast<zip_uint64_t>(maxBytes))
        return Text::tr("%1: entry '%2' claims %3 bytes, more than the %4 expected",
                        what.toStdString(), name, size, maxBytes);
    // Deflate cannot compress by more than about 1032:1; more means a corrupt or hostile entry.
    if ((stat.comp_method == ZIP_CM_STORE && size != stat.comp_size) ||
        (stat.comp_method != ZIP_CM_STORE && size / 1032 > stat.comp_size + 1024))
        return Text::tr("%1: entry '%2' claims %3 bytes from %4 stored bytes", what.toStdString(),
                        name, size, stat.comp_size);
    zip_file_t* file = zip_fopen_index(m_state->zip, static_cast<zip_uint64_t>(index), 0);
    if (!file)
        return Text::tr("%1: cannot open entry '%2': %3", what.toStdString(), name,
                        zip_strerror(m_state->zip));
    QByteArray bytes(static_cast<qsizetype>(size), Qt::Uninitialized);
    int64_t have = 0;
    std::optional<Error> problem;
    while (have < static_cast<int64_t>(size)) {
        const zip_int64_t got = zip_fread(file, bytes.data() + have, size - have);
        if (got < 0) {
            problem = Text::literal(zip_file_strerror(file));
            break;
        }
        if (got == 0) break;
        have += got;
    }
    if (!problem && have == static_cast<int64_t>(size)) {
        // libzip checks the CRC when a read meets the end of the entry.
        char extra = 0;
        const zip_int64_t got = zip_fread(file, &extra, 1);
        if (got < 0) problem = Text::literal(zip_file_strerror(file));
        if (got > 0) problem = Text::tr("the entry is longer than it claims");
    }
    zip_fclose(file);
    if (problem)
        return Text::tr("%1: cannot read entry '%2': %3", what.toStdString(), name, *problem);
    if (have != static_cast<int64_t>(size))
        return Text::tr("%1: entry '%2' is shorter than it claims (truncated?)", what.toStdString(),
                        name);
    return bytes;
}

}  // namespace attnscope
