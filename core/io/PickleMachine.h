#pragma once
// A restricted, symbolic pickle machine: it decodes the opcodes of pickle protocols 0–5 into a
// tree of plain values (None, bools, ints, floats, strings, bytes, tuples, lists, dicts) and
// never runs anything. Globals, calls (REDUCE/NEWOBJ/INST/OBJ) and persistent ids are resolved
// by hooks that the caller supplies — an allow-list — so a file naming os.system is refused
// rather than obeyed. Values live in the machine's arena: cycles and deep nesting are harmless.

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/common/Result.h"

namespace attnscope {

struct PickleValue {
    enum class Kind {
        None,
        Bool,
        Int,
        BigInt,
        Float,
        String,
        Bytes,
        Tuple,
        List,
        Dict,
        Set,
        Global,
        Object
    };
    Kind kind = Kind::None;
    int64_t integer = 0;  ///< Bool, Int; for Object: a tag the hooks choose
    double number = 0;
    std::string text;  ///< String, Bytes, BigInt (little-endian two's complement), Global
                       ///< ("module.name"), Object (what it is, for messages)
    std::vector<PickleValue*> items;                             ///< Tuple, List, Set, Object
    std::vector<std::pair<PickleValue*, PickleValue*>> entries;  ///< Dict

    bool isInt() const { return kind == Kind::Int || kind == Kind::Bool; }
};

struct PickleLimits {
    int64_t maxMemo = 1 << 20;             ///< memo entries
    int64_t maxStack = 1 << 20;            ///< values on the stack, and marks
    int64_t maxValues = int64_t{1} << 24;  ///< values created by one run
    int64_t maxString = int64_t{1} << 28;  ///< bytes of one string or bytes object
};

class PickleMachine {
public:
    /// Resolves GLOBAL / STACK_GLOBAL / INST names: a Global value, or an error refusing it.
    using GlobalHook = std::function<Result<PickleValue*>(PickleMachine&, const std::string& module,
                                                          const std::string& name)>;
    /// Applies an (allowed) global to an argument tuple: REDUCE, NEWOBJ, INST, OBJ.
    using CallHook = std::function<Result<PickleValue*>(PickleMachine&, PickleValue* callable,
                                                        PickleValue* args)>;
    /// Turns a persistent id (PERSID / BINPERSID) into a value.
    using PersistentHook = std::function<Result<PickleValue*>(PickleMachine&, PickleValue* pid)>;

    PickleMachine(GlobalHook globals, CallHook call, PersistentHook persistent,
                  PickleLimits limits = {});

    /// Runs the pickle that starts at `data[start]` up to its STOP opcode and returns the value
    /// left on the stack; `end` receives the offset after STOP. Messages name the byte offset
    /// (plus `base`, the offset of `data` in the file) and the opcode.
    Result<PickleValue*> run(const char* data, int64_t size, int64_t start, int64_t* end,
                             int64_t base = 0);

    /// A new value in the arena (it lives as long as the machine).
    PickleValue* make(PickleValue::Kind kind);
    PickleValue* makeInt(int64_t v);

private:
    GlobalHook m_globals;
    CallHook m_call;
    PersistentHook m_persistent;
    PickleLimits m_limits;
    std::deque<PickleValue> m_arena;
};

}  // namespace attnscope
