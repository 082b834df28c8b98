#pragma once
// MaskParser: recursive-descent parser from mask expression text to MaskExpr's AST.
// Grammar: or := and ('|' and)* ; and := unary ('&' unary)* ; unary := '!' unary | primary ;
// primary := '(' or ')' | atom ; atom := name ['(' [int (',' int)*] ')'].

#include <cstdint>
#include <string>
#include <string_view>

#include "core/common/Result.h"
#include "core/masks/MaskExpr.h"

namespace attnscope {

class MaskParser {
public:
    explicit MaskParser(std::string_view text) : m_text(text) {}
    Result<MaskExpr> parse();

private:
    struct Token {
        enum Kind { Name, Number, LParen, RParen, Comma, And, Or, Not, Minus, Plus, End, Invalid };
        Kind kind = End;
        size_t pos = 0;  // byte offset into the text
        size_t len = 0;
    };
    struct Failure {
        Error error;  // with its column and length in characters
    };

    void advance();
    int column(size_t pos) const;
    Error describe(const Token& t) const;
    std::string_view lexeme(const Token& t) const { return m_text.substr(t.pos, t.len); }
    /// Throws a Failure at `at`, marking `bytes` bytes of the text from it (default: the token).
    [[noreturn]] void fail(const Token& at, Error what, size_t bytes = 0) const;

    int parseOr(int depth);
    int parseAnd(int depth);
    int parseUnary(int depth);
    int parsePrimary(int depth);
    int parseAtom();
    int64_t parseInteger(const std::string& atomName);
    int addOperator(MaskNode::Op op, const std::vector<int>& operands);

    std::string_view m_text;
    Token m_tok;
    MaskExpr m_expr;
};

}  // namespace attnscope
