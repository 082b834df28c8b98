#include "core/io/NpzArchive.h"

#include <zip.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>

#include "core/common/Text.h"

namespace attnscope {

namespace {

constexpr char kSuffix[] = ".npy";
constexpr std::size_t kSuffixLength = 4;

std::string zipErrorText(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

// Streams one member, the .npy header then the element bytes, into libzip without first
// assembling a copy of a possibly huge array.
struct MemberSource {
    QByteArray header;
    const char* data = nullptr;
    int64_t dataBytes = 0;
    bool normaliseBool = false;
    int64_t pos = 0;
    zip_error_t error{};

    int64_t total() const { return header.size() + dataBytes; }

    int64_t read(char* dst, int64_t n) {
        const int64_t start = pos;
        const int64_t end = std::min(total(), pos + n);
        const int64_t headerSize = header.size();
        if (pos < headerSize) {
            const int64_t k = std::min(end, headerSize) - pos;
            std::memcpy(dst, header.constData() + pos, static_cast<std::size_t>(k));
            pos += k;
        }
        if (pos < end) {
            const char* src = data + (pos - headerSize);
            char* out = dst + (pos - start);
            const int64_t k = end - pos;
            if (normaliseBool) {
                for (int64_t i = 0; i < k; ++i) out[i] = src[i] != 0 ? 1 : 0;
            } else {
                std::memcpy(out, src, static_cast<std::size_t>(k));
            }
            pos = end;
        }
        return end - start;
    }
};

zip_int64_t memberCallback(void* user, void* data, zip_uint64_t length, zip_source_cmd_t cmd) {
    auto* member = static_cast<MemberSource*>(user);
    switch (cmd) {
        case ZIP_SOURCE_OPEN:
            member->pos = 0;
            return 0;
        case ZIP_SOURCE_READ:
            return member->read(static_cast<char*>(data),
                                static_cast<int64_t>(std::min<zip_uint64_t>(length, INT64_MAX)));
        case ZIP_SOURCE_CLOSE:
        case ZIP_SOURCE_FREE:
            return 0;
        case ZIP_SOURCE_STAT: {
            auto* stat = static_cast<zip_stat_t*>(data);
            zip_stat_init(stat);
            stat->size = static_cast<zip_uint64_t>(member->total());
            stat->valid |= ZIP_STAT_SIZE;
            return sizeof(zip_stat_t);
        }
        case ZIP_SOURCE_ERROR:
            return zip_error_to_data(&member->error, data, length);
        case ZIP_SOURCE_SUPPORTS:
            return zip_source_make_command_bitmap(
                ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, -1);
        default:
            zip_error_set(&member->error, ZIP_ER_OPNOTSUPP, 0);
            return -1;
    }
}

template <class T>
void describe(const Array<T>& array, DType dtype, MemberSource& member) {
    member.header = encodeNpyHeader(dtype, array.shape());
    member.data = reinterpret_cast<const char*>(array.data());
    member.dataBytes = array.size() * int64_t{sizeof(T)};
    member.normaliseBool = std::is_same_v<T, uint8_t>;
}

}  // namespace

// ---------------------------------------------------------------------------------- NpzWriter

void NpzWriter::add(const std::string& name, const Tensor& array) {
    m_entries.push_back({name, array});
}
void NpzWriter::add(const std::string& name, const BoolArray& array) {
    m_entries.push_back({name, array});
}
void NpzWriter::add(const std::string& name, const Array<double>& array) {
    m_entries.push_back({name, array});
}
void NpzWriter::add(const std::string& name, Tensor&& array) {
    m_entries.push_back({name, std::move(array)});
}
void NpzWriter::add(const std::string& name, BoolArray&& array) {
    m_entries.push_back({name, std::move(array)});
}
void NpzWriter::add(const std::string& name, Array<int64_t>&& array) {
    m_entries.push_back({name, std::move(array)});
}
void NpzWriter::addView(const std::string& name, const Tensor& array) {
    m_entries.push_back({name, &array});
}

std::vector<std::string> NpzWriter::names() const {
    std::vector<std::string> result;
    for (const Entry& entry : m_entries) result.push_back(entry.name);
    return result;
}

Status NpzWriter::write(const QString& path) const {
    const std::string file = path.toStdString();
    if (m_entries.empty()) return Text::tr("%1: no arrays to write", file);
    std::set<std::string> seen;
    for (const Entry& entry : m_entries) {
        if (entry.name.empty()) return Text::tr("%1: an array has an empty name", file);
        if (!seen.insert(entry.name).second)
            return Text::tr("%1: the name '%2' is used twice", file, entry.name);
    }

    const QFileInfo target(path);
    const QString temp = target.absoluteDir().filePath(
        QStringLiteral(".%1.%2.tmp")
            .arg(target.fileName())
            .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0')));
    const QByteArray tempName = QFile::encodeName(temp);
    int code = 0;
    zip_t* zip = zip_open(tempName.constData(), ZIP_CREATE | ZIP_EXCL, &code);
    if (!zip)
        return Text::tr("%1: cannot create %2: %3", file, temp.toStdString(), zipErrorText(code));

    std::vector<std::unique_ptr<MemberSource>> members;
    auto abandon = [&](Error message) {
        zip_discard(zip);
        QFile::remove(temp);
        return message;
    };
    for (const Entry& entry : m_entries) {
        auto member = std::make_unique<MemberSource>();
        zip_error_init(&member->error);
        std::visit(
            [&member](const auto& stored) {
                const auto& array = [&]() -> const auto& {
                    if constexpr (std::is_pointer_v<std::decay_t<decltype(stored)>>)
                        return *stored;
                    else
                        return stored;
                }
                ();
                using T = std::decay_t<decltype(array[0])>;
                const DType dtype = std::is_same_v<T, float>     ? DType::F32
                                    : std::is_same_v<T, double>  ? DType::F64
                                    : std::is_same_v<T, int64_t> ? DType::I64
                                                                 : DType::Bool;
                describe(array, dtype, *member);
            },
            entry.array);
        zip_source_t* source = zip_source_function(zip, memberCallback, member.get());
        members.push_back(std::move(member));
        if (!source)
            return abandon(
                Text::tr("%1: cannot add '%2': %3", file, entry.name, zip_strerror(zip)));
        const std::string memberName = entry.name + kSuffix;
        const zip_int64_t index = zip_file_add(zip, memberName.c_str(), source, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(source);
            return abandon(
                Text::tr("%1: cannot add '%2': %3", file, entry.name, zip_strerror(zip)));
        }
        if (zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) < 0)
            return abandon(
                Text::tr("%1: cannot store '%2': %3", file, entry.name, zip_strerror(zip)));
    }
    if (zip_close(zip) < 0)
        return abandon(Text::tr("%1: write failed: %2", file, zip_strerror(zip)));

    // libzip creates its files readable by the owner only; give the archive the permissions
    // of the file it replaces, or the usual ones for a new file.
    QFile::setPermissions(temp, target.exists()
                                    ? QFile::permissions(path)
                                    : QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser |
                                          QFile::WriteUser | QFile::ReadGroup | QFile::ReadOther);
    if (std::rename(tempName.constData(), QFile::encodeName(path).constData()) != 0) {
        const std::string reason = std::strerror(errno);
        QFile::remove(temp);
        return Text::tr("%1: cannot replace the file: %2", file, reason);
    }
    return Status::success();
}

// --------------------------------------------------------------------------------- NpzArchive

struct NpzArchive::State {
    QString path;
    QByteArray bytes;  // the archive, when it was opened from memory
    zip_t* zip = nullptr;
    std::mutex mutex;  // libzip archives are not safe for concurrent reads
    std::vector<std::string> names;
    std::vector<zip_uint64_t> indices;

    ~State() {
        if (zip) zip_discard(zip);
    }
};

NpzArchive::NpzArchive(std::shared_ptr<State> state) : m_state(std::move(state)) {}

Result<NpzArchive> NpzArchive::open(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) return Text::tr("%1: no such file", path.toStdString());
    if (info.isDir()) return Text::tr("%1: is a directory, not an .npz file", path.toStdString());
    int code = 0;
    zip_t* zip = zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY, &code);
    if (!zip) {
        if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
            return Text::tr("%1: not a valid .npz (ZIP) archive: %2", path.toStdString(),
                            zipErrorText(code));
        return Text::tr("%1: cannot open: %2", path.toStdString(), zipErrorText(code));
    }
    auto state = std::make_shared<State>();
    state->path = path;
    state->zip = zip;
    indexMembers(*state);
    return NpzArchive(std::move(state));
}

Result<NpzArchive> NpzArchive::fromBytes(QByteArray bytes, const QString& what) {
    auto state = std::make_shared<State>();
    state->path = what;
    state->bytes = std::move(bytes);
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(
        state->bytes.constData(), static_cast<zip_uint64_t>(state->bytes.size()), 0, &error);
    zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
    if (!zip) {
        if (source) zip_source_free(source);
        const std::string text = zip_error_strerror(&error);
        zip_error_fini(&error);
        return Text::tr("%1: not a valid .npz (ZIP) archive: %2", what.toStdString(), text);
    }
    zip_error_fini(&error);
    state->zip = zip;
    indexMembers(*state);
    return NpzArchive(std::move(state));
}

void NpzArchive::indexMembers(State& state) {
    const zip_int64_t count = zip_get_num_entries(state.zip, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* name = zip_get_name(state.zip, static_cast<zip_uint64_t>(i), 0);
        if (!name) continue;
        const std::string member(name);
        if (member.size() <= kSuffixLength ||
            member.compare(member.size() - kSuffixLength, kSuffixLength, kSuffix) != 0)
            continue;
        state.names.push_back(member.substr(0, member.size() - kSuffixLength));
        state.indices.push_back(static_cast<zip_uint64_t>(i));
    }
}

std::vector<std::string> NpzArchive::names() const {
    return m_state->names;
}
const QString& NpzArchive::path() const {
    return m_state->path;
}

bool NpzArchive::contains(const std::string& name) const {
    const auto& names = m_state->names;
    return std::find(names.begin(), names.end(), name) != names.end();
}

namespace {

struct ZipFileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

/// Opens member `index` after checking its sizes are plausible, and calls `use` with a source
/// over its bytes, its size and the name for messages.
template <class Use>
auto withMember(zip_t* zip, zip_uint64_t index, const QString& what, Use use)
    -> decltype(use(ByteSource(), int64_t{}, what)) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip, index, 0, &stat) < 0)
        return Text::tr("%1: cannot read the entry: %2", what.toStdString(), zip_strerror(zip));
    const zip_uint64_t size = stat.size;
    if (size > static_cast<zip_uint64_t>(INT64_MAX))
        return Text::tr("%1: the entry claims an absurd size", what.toStdString());
    // Deflate cannot compress by more than about 1032:1; more means a corrupt or hostile entry.
    if ((stat.comp_method == ZIP_CM_STORE && size != stat.comp_size) ||
        (stat.comp_method != ZIP_CM_STORE && size / 1032 > stat.comp_size + 1024))
        return Text::tr("%1: the entry claims %2 bytes from %3 stored bytes", what.toStdString(),
                        size, stat.comp_size);
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(zip, index, 0));
    if (!file)
        return Text::tr("%1: cannot open the entry: %2", what.toStdString(), zip_strerror(zip));
    zip_file_t* raw = file.get();
    const ByteSource source = [raw](char* dst, int64_t n, Error& error) -> int64_t {
        const zip_int64_t got = zip_fread(raw, dst, static_cast<zip_uint64_t>(n));
        if (got < 0) error = Text::tr("cannot read the entry: %1", zip_file_strerror(raw));
        return got;
    };
    return use(source, static_cast<int64_t>(size), what);
}

Error missingMember(const QString& path, const std::string& name,
                    const std::vector<std::string>& names) {
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    return Text::tr("%1: no array named '%2' (it holds: %3)", path.toStdString(), name, known);
}

}  // namespace

Result<NpyHeader> NpzArchive::header(const std::string& name) const {
    const QString what = m_state->path + QLatin1Char(':') + QString::fromStdString(name);
    const auto& names = m_state->names;
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return missingMember(m_state->path, name, names);
    std::lock_guard lock(m_state->mutex);
    return withMember(m_state->zip, m_state->indices[it - names.begin()], what,
                      [](const ByteSource& source, int64_t size, const QString& w) {
                          return readNpyHeader(source, size, w);
                      });
}

template <class T>
Result<Array<T>> NpzArchive::read(const std::string& name) const {
    const QString what = m_state->path + QLatin1Char(':') + QString::fromStdString(name);
    const auto& names = m_state->names;
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return missingMember(m_state->path, name, names);
    std::lock_guard lock(m_state->mutex);
    return withMember(
        m_state->zip, m_state->indices[it - names.begin()], what,
        [](const ByteSource& source, int64_t size, const QString& w) -> Result<Array<T>> {
            Result<NpyHeader> header = readNpyHeader(source, size, w);
            if (!header) return header.failure();
            Result<Array<T>> array = decodeNpyData<T>(*header, source, w);
            if (!array) return array;
            // libzip checks the member's CRC when a read meets its end.
            char extra[4096];
            Error error;
            while (true) {
                const int64_t got = source(extra, sizeof extra, error);
                if (got < 0) return Text::tr("%1: %2", w.toStdString(), error);
                if (got == 0) break;
            }
            return array;
        });
}

Result<Tensor> NpzArchive::readFloat(const std::string& name) const {
    return read<float>(name);
}
Result<Array<double>> NpzArchive::readDouble(const std::string& name) const {
    return read<double>(name);
}
Result<BoolArray> NpzArchive::readBool(const std::string& name) const {
    return read<uint8_t>(name);
}

}  // namespace attnscope
