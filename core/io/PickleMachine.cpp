#include "core/io/PickleMachine.h"

#include <bit>
#include <cstring>
#include <unordered_map>

#include "core/common/Text.h"

namespace attnscope {

namespace {

using Kind = PickleValue::Kind;

std::string opcodeName(unsigned char op) {
    if (op >= 0x20 && op < 0x7f) return std::string("'") + static_cast<char>(op) + "'";
    static const char* hex = "0123456789abcdef";
    return std::string("0x") + hex[op >> 4] + hex[op & 15];
}

}  // namespace

PickleMachine::PickleMachine(GlobalHook globals, CallHook call, PersistentHook persistent,
                             PickleLimits limits)
    : m_globals(std::move(globals)),
      m_call(std::move(call)),
      m_persistent(std::move(persistent)),
      m_limits(limits) {}

PickleValue* PickleMachine::make(Kind kind) {
    m_arena.emplace_back();
    m_arena.back().kind = kind;
    return &m_arena.back();
}

PickleValue* PickleMachine::makeInt(int64_t v) {
    PickleValue* p = make(Kind::Int);
    p->integer = v;
    return p;
}

Result<PickleValue*> PickleMachine::run(const char* data, int64_t size, int64_t start, int64_t* end,
                                        int64_t base) {
    std::vector<PickleValue*> stack;
    std::vector<std::size_t> marks;
    std::unordered_map<int64_t, PickleValue*> memo;
    int64_t pos = start;
    int64_t opStart = start;
    unsigned char op = 0;
    const int64_t valuesAtStart = static_cast<int64_t>(m_arena.size());

    auto fail = [&](const Error& what) -> Error {
        return Text::tr("pickle opcode %1 at byte offset %2: %3", opcodeName(op), base + opStart,
                        what);
    };
    auto need = [&](int64_t n) { return n >= 0 && n <= size - pos; };
    auto readLE = [&](int n) {
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(data[pos + i]);
        pos += n;
        return v;
    };
    auto readLine = [&](std::string& line) {
        const void* nl = std::memchr(data + pos, '\n', static_cast<std::size_t>(size - pos));
        if (!nl) return false;
        const int64_t len = static_cast<const char*>(nl) - (data + pos);
        if (len > m_limits.maxString) return false;
        line.assign(data + pos, static_cast<std::size_t>(len));
        pos += len + 1;
        return true;
    };
    auto pop = [&]() {
        PickleValue* v = stack.back();
        stack.pop_back();
        return v;
    };
    auto popMark = [&](std::vector<PickleValue*>& items) {
        const std::size_t m = marks.back();
        marks.pop_back();
        items.assign(stack.begin() + static_cast<std::ptrdiff_t>(m), stack.end());
        stack.resize(m);
    };
    auto stackFloor = [&]() { return marks.empty() ? std::size_t{0} : marks.back(); };
    auto parseInt = [](const std::string& s, int64_t& v) {
        if (s.empty() || s.size() > 19) return false;
        std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
        if (i == s.size()) return false;
        uint64_t u = 0;
        for (; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            u = u * 10 + static_cast<uint64_t>(s[i] - '0');
        }
        if (u > static_cast<uint64_t>(INT64_MAX)) return false;
        v = s[0] == '-' ? -static_cast<int64_t>(u) : static_cast<int64_t>(u);
        return true;
    };

    while (true) {
        if (static_cast<int64_t>(m_arena.size()) - valuesAtStart > m_limits.maxValues)
            return fail(Text::tr("more than %1 values", m_limits.maxValues));
        if (static_cast<int64_t>(stack.size()) > m_limits.maxStack ||
            static_cast<int64_t>(marks.size()) > m_limits.maxStack)
            return fail(Text::tr("stack deeper than %1", m_limits.maxStack));
        opStart = pos;
        if (pos >= size) {
            op = 0;
            return fail(Text::tr("the pickle ends without a STOP opcode (truncated file?)"));
        }
        op = static_cast<unsigned char>(data[pos++]);
        // How many stack values an opcode needs above the current mark.
        auto require = [&](std::size_t n) { return stack.size() >= stackFloor() + n; };
        auto pushString = [&](Kind kind, int64_t n) -> bool {
            if (n < 0 || n > m_limits.maxString || !need(n)) return false;
            PickleValue* v = make(kind);
            v->text.assign(data + pos, static_cast<std::size_t>(n));
            pos += n;
            stack.push_back(v);
            return true;
        };
        switch (op) {
            case 0x80: {  // PROTO
                if (!need(1)) return fail(Text::tr("truncated"));
                const int proto = static_cast<unsigned char>(data[pos++]);
                if (proto > 5) return fail(Text::tr("unsupported pickle protocol %1", proto));
                break;
            }
            case 0x95:  // FRAME: a length hint only
                if (!need(8)) return fail(Text::tr("truncated"));
                pos += 8;
                break;
            case '.':  // STOP
                if (stack.size() != 1 || !marks.empty())
                    return fail(Text::tr("STOP with %1 values on the stack (corrupt pickle)",
                                         stack.size()));
                *end = pos;
                return stack.back();
            case '(':  // MARK
                marks.push_back(stack.size());
                break;
            case '0':  // POP
                if (!stack.empty() && stack.size() > stackFloor())
                    stack.pop_back();
                else if (!marks.empty() && stack.size() == marks.back())
                    marks.pop_back();
                else
                    return fail(Text::tr("stack underflow"));
                break;
            case '1': {  // POP_MARK
                if (marks.empty()) return fail(Text::tr("no mark"));
                std::vector<PickleValue*> dropped;
                popMark(dropped);
                break;
            }
            case '2':  // DUP
                if (!require(1)) return fail(Text::tr("stack underflow"));
                stack.push_back(stack.back());
                break;
            case 'N':
                stack.push_back(make(Kind::None));
                break;
            case 0x88:
            case 0x89: {  // NEWTRUE, NEWFALSE
                PickleValue* v = make(Kind::Bool);
                v->integer = op == 0x88;
                stack.push_back(v);
                break;
            }
            case 'J':
                if (!need(4)) return fail(Text::tr("truncated"));
                stack.push_back(makeInt(static_cast<int32_t>(readLE(4))));
                break;
            case 'K':
                if (!need(1)) return fail(Text::tr("truncated"));
                stack.push_back(makeInt(static_cast<int64_t>(readLE(1))));
                break;
            case 'M':
                if (!need(2)) return fail(Text::tr("truncated"));
                stack.push_back(makeInt(static_cast<int64_t>(readLE(2))));
                break;
            case 0x8a:    // LONG1
            case 0x8b: {  // LONG4
                const int lenBytes = op == 0x8a ? 1 : 4;
                if (!need(lenBytes)) return fail(Text::tr("truncated"));
                const int64_t n = static_cast<int32_t>(readLE(lenBytes));
                if (n < 0 || n > m_limits.maxString || !need(n))
                    return fail(Text::tr("integer of %1 bytes runs past the end", n));
                if (n <= 8) {
                    uint64_t u = n == 0 ? 0 : readLE(static_cast<int>(n));
                    if (n > 0 && n < 8 && (u >> (8 * n - 1)) & 1) u |= ~uint64_t{0} << (8 * n);
                    stack.push_back(makeInt(static_cast<int64_t>(u)));
                } else {
                    if (!pushString(Kind::BigInt, n)) return fail(Text::tr("truncated"));
                }
                break;
            }
            case 'I':
            case 'L': {  // protocol 0 INT / LONG
                std::string line;
                if (!readLine(line)) return fail(Text::tr("unterminated line"));
                if (op == 'L' && !line.empty() && line.back() == 'L') line.pop_back();
                if (op == 'I' && (line == "00" || line == "01")) {
                    PickleValue* v = make(Kind::Bool);
                    v->integer = line == "01";
                    stack.push_back(v);
                    break;
                }
                int64_t v = 0;
                if (!parseInt(line, v))
                    return fail(Text::tr("bad or too large integer '%1'", line));
                stack.push_back(makeInt(v));
                break;
            }
            case 'G': {  // BINFLOAT, big endian
                if (!need(8)) return fail(Text::tr("truncated"));
                uint64_t u = 0;
                for (int i = 0; i < 8; ++i)
                    u = (u << 8) | static_cast<unsigned char>(data[pos + i]);
                pos += 8;
                PickleValue* v = make(Kind::Float);
                v->number = std::bit_cast<double>(u);
                stack.push_back(v);
                break;
            }
            case 'F': {
                std::string line;
                if (!readLine(line)) return fail(Text::tr("unterminated line"));
                PickleValue* v = make(Kind::Float);
                char* stop = nullptr;
                v->number = std::strtod(line.c_str(), &stop);
                if (line.empty() || stop != line.c_str() + line.size())
                    return fail(Text::tr("bad float '%1'", line));
                stack.push_back(v);
                break;
            }
            case 'X':    // BINUNICODE
            case 'T':    // BINSTRING
            case 'B': {  // BINBYTES
                if (!need(4)) return fail(Text::tr("truncated"));
                const int64_t n =
                    op == 'T' ? static_cast<int32_t>(readLE(4)) : static_cast<int64_t>(readLE(4));
                if (!pushString(op == 'B' ? Kind::Bytes : Kind::String, n))
                    return fail(Text::tr("string of %1 bytes runs past the end", n));
                break;
            }
            case 0x8c:   // SHORT_BINUNICODE
            case 'U':    // SHORT_BINSTRING
            case 'C': {  // SHORT_BINBYTES
                if (!need(1)) return fail(Text::tr("truncated"));
                const int64_t n = static_cast<int64_t>(readLE(1));
                if (!pushString(op == 'C' ? Kind::Bytes : Kind::String, n))
                    return fail(Text::tr("string of %1 bytes runs past the end", n));
                break;
            }
            case 0x8d:    // BINUNICODE8
            case 0x8e:    // BINBYTES8
            case 0x96: {  // BYTEARRAY8
                if (!need(8)) return fail(Text::tr("truncated"));
                const uint64_t n = readLE(8);
                if (n > static_cast<uint64_t>(m_limits.maxString) ||
                    !pushString(op == 0x8d ? Kind::String : Kind::Bytes, static_cast<int64_t>(n)))
                    return fail(Text::tr("string of %1 bytes runs past the end", n));
                break;
            }
            case 'S':
            case 'V': {  // protocol 0 STRING (quoted) / UNICODE (raw-unicode-escape)
                std::string line;
                if (!readLine(line)) return fail(Text::tr("unterminated line"));
                if (op == 'S') {
                    if (line.size() < 2 || (line[0] != '\'' && line[0] != '"') ||
                        line.back() != line[0])
                        return fail(Text::tr("string is not quoted"));
                    line = line.substr(1, line.size() - 2);
                }
                PickleValue* v = make(Kind::String);
                v->text = std::move(line);
                stack.push_back(v);
                break;
            }
            case ')':
                stack.push_back(make(Kind::Tuple));
                break;
            case ']':
                stack.push_back(make(Kind::List));
                break;
            case '}':
                stack.push_back(make(Kind::Dict));
                break;
            case 0x8f:
                stack.push_back(make(Kind::Set));
                break;
            case 0x85:
            case 0x86:
            case 0x87: {  // TUPLE1..3
                const std::size_t n = op - 0x84u;
                if (!require(n)) return fail(Text::tr("stack underflow"));
                PickleValue* t = make(Kind::Tuple);
                t->items.assign(stack.end() - static_cast<std::ptrdiff_t>(n), stack.end());
                stack.resize(stack.size() - n);
                stack.push_back(t);
                break;
            }
            case 't':     // TUPLE
            case 'l':     // LIST
            case 0x91: {  // FROZENSET
                if (marks.empty()) return fail(Text::tr("no mark"));
                PickleValue* v = make(op == 't' ? Kind::Tuple : op == 'l' ? Kind::List : Kind::Set);
                popMark(v->items);
                stack.push_back(v);
                break;
            }
            case 'd': {  // DICT
                if (marks.empty()) return fail(Text::tr("no mark"));
                std::vector<PickleValue*> items;
                popMark(items);
                if (items.size() % 2) return fail(Text::tr("odd number of items for a dict"));
                PickleValue* v = make(Kind::Dict);
                for (std::size_t i = 0; i < items.size(); i += 2)
                    v->entries.emplace_back(items[i], items[i + 1]);
                stack.push_back(v);
                break;
            }
            case 'a': {  // APPEND
                if (!require(2)) return fail(Text::tr("stack underflow"));
                PickleValue* item = pop();
                PickleValue* list = stack.back();
                if (list->kind != Kind::List)
                    return fail(Text::tr("APPEND to something not a list"));
                list->items.push_back(item);
                break;
            }
            case 'e':     // APPENDS
            case 0x90: {  // ADDITEMS
                if (marks.empty()) return fail(Text::tr("no mark"));
                std::vector<PickleValue*> items;
                popMark(items);
                if (stack.empty()) return fail(Text::tr("stack underflow"));
                PickleValue* list = stack.back();
                if (list->kind != (op == 'e' ? Kind::List : Kind::Set))
                    return fail(Text::tr("appending items to something not a list or set"));
                list->items.insert(list->items.end(), items.begin(), items.end());
                break;
            }
            case 's': {  // SETITEM
                if (!require(3)) return fail(Text::tr("stack underflow"));
                PickleValue* value = pop();
                PickleValue* key = pop();
                PickleValue* dict = stack.back();
                if (dict->kind != Kind::Dict)
                    return fail(Text::tr("SETITEM on something not a dict"));
                dict->entries.emplace_back(key, value);
                break;
            }
            case 'u': {  // SETITEMS
                if (marks.empty()) return fail(Text::tr("no mark"));
                std::vector<PickleValue*> items;
                popMark(items);
                if (items.size() % 2) return fail(Text::tr("odd number of items for SETITEMS"));
                if (stack.empty()) return fail(Text::tr("stack underflow"));
                PickleValue* dict = stack.back();
                if (dict->kind != Kind::Dict)
                    return fail(Text::tr("SETITEMS on something not a dict"));
                for (std::size_t i = 0; i < items.size(); i += 2)
                    dict->entries.emplace_back(items[i], items[i + 1]);
                break;
            }
            case 'p':
            case 'q':
            case 'r':
            case 0x94: {  // PUT, BINPUT, LONG_BINPUT, MEMOIZE
                int64_t index = 0;
                if (op == 'p') {
                    std::string line;
                    if (!readLine(line) || !parseInt(line, index))
                        return fail(Text::tr("bad memo index"));
                } else if (op == 'q' || op == 'r') {
                    if (!need(op == 'q' ? 1 : 4)) return fail(Text::tr("truncated"));
                    index = static_cast<int64_t>(readLE(op == 'q' ? 1 : 4));
                } else {
                    index = static_cast<int64_t>(memo.size());
                }
                if (!require(1)) return fail(Text::tr("nothing to memoize"));
                if (!memo.count(index) && static_cast<int64_t>(memo.size()) >= m_limits.maxMemo)
                    return fail(Text::tr("more than %1 memo entries", m_limits.maxMemo));
                memo[index] = stack.back();
                break;
            }
            case 'g':
            case 'h':
            case 'j': {  // GET, BINGET, LONG_BINGET
                int64_t index = 0;
                if (op == 'g') {
                    std::string line;
                    if (!readLine(line) || !parseInt(line, index))
                        return fail(Text::tr("bad memo index"));
                } else {
                    if (!need(op == 'h' ? 1 : 4)) return fail(Text::tr("truncated"));
                    index = static_cast<int64_t>(readLE(op == 'h' ? 1 : 4));
                }
                const auto it = memo.find(index);
                if (it == memo.end())
                    return fail(Text::tr("memo entry %1 was never stored", index));
                stack.push_back(it->second);
                break;
            }
            case 'c':    // GLOBAL
            case 'i': {  // INST
                std::string module, name;
                if (!readLine(module) || !readLine(name))
                    return fail(Text::tr("unterminated global name"));
                Result<PickleValue*> global = m_globals(*this, module, name);
                if (!global) return fail(global.failure());
                if (op == 'c') {
                    stack.push_back(*global);
                    break;
                }
                if (marks.empty()) return fail(Text::tr("no mark"));
                PickleValue* args = make(Kind::Tuple);
                popMark(args->items);
                Result<PickleValue*> made = m_call(*this, *global, args);
                if (!made) return fail(made.failure());
                stack.push_back(*made);
                break;
            }
            case 0x93: {  // STACK_GLOBAL
                if (!require(2)) return fail(Text::tr("stack underflow"));
                PickleValue* name = pop();
                PickleValue* module = pop();
                if (module->kind != Kind::String || name->kind != Kind::String)
                    return fail(Text::tr("global names are not strings"));
                Result<PickleValue*> global = m_globals(*this, module->text, name->text);
                if (!global) return fail(global.failure());
                stack.push_back(*global);
                break;
            }
            case 'R':     // REDUCE
            case 0x81: {  // NEWOBJ
                if (!require(2)) return fail(Text::tr("stack underflow"));
                PickleValue* args = pop();
                PickleValue* callable = pop();
                if (args->kind != Kind::Tuple) return fail(Text::tr("arguments are not a tuple"));
                Result<PickleValue*> made = m_call(*this, callable, args);
                if (!made) return fail(made.failure());
                stack.push_back(*made);
                break;
            }
            case 0x92: {  // NEWOBJ_EX
                if (!require(3)) return fail(Text::tr("stack underflow"));
                PickleValue* kwargs = pop();
                PickleValue* args = pop();
                PickleValue* cls = pop();
                if (args->kind != Kind::Tuple || kwargs->kind != Kind::Dict ||
                    !kwargs->entries.empty())
                    return fail(Text::tr("keyword arguments are not supported"));
                Result<PickleValue*> made = m_call(*this, cls, args);
                if (!made) return fail(made.failure());
                stack.push_back(*made);
                break;
            }
            case 'o': {  // OBJ
                if (marks.empty()) return fail(Text::tr("no mark"));
                std::vector<PickleValue*> items;
                popMark(items);
                if (items.empty()) return fail(Text::tr("no class"));
                PickleValue* args = make(Kind::Tuple);
                args->items.assign(items.begin() + 1, items.end());
                Result<PickleValue*> made = m_call(*this, items.front(), args);
                if (!made) return fail(made.failure());
                stack.push_back(*made);
                break;
            }
            case 'b': {  // BUILD: object state is dropped (tensors, OrderedDict attributes)
                if (!require(2)) return fail(Text::tr("stack underflow"));
                pop();
                const Kind k = stack.back()->kind;
                if (k != Kind::Dict && k != Kind::Object)
                    return fail(Text::tr("cannot set the state of a plain value"));
                break;
            }
            case 'P':    // PERSID
            case 'Q': {  // BINPERSID
                PickleValue* pid = nullptr;
                if (op == 'P') {
                    std::string line;
                    if (!readLine(line)) return fail(Text::tr("unterminated persistent id"));
                    pid = make(Kind::String);
                    pid->text = std::move(line);
                } else {
                    if (!require(1)) return fail(Text::tr("stack underflow"));
                    pid = pop();
                }
                Result<PickleValue*> loaded = m_persistent(*this, pid);
                if (!loaded) return fail(loaded.failure());
                stack.push_back(*loaded);
                break;
            }
            case 0x82:
            case 0x83:
            case 0x84:
                return fail(Text::tr("extension registry codes (EXT1/2/4) are not allowed"));
            case 0x97:
            case 0x98:
                return fail(Text::tr("out-of-band buffers are not supported"));
            default:
                return fail(Text::tr("unknown opcode (corrupt or not a pickle)"));
        }
    }
}

}  // namespace attnscope
