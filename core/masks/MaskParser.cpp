#include "core/masks/MaskParser.h"

#include <algorithm>
#include <cctype>

#include "core/common/Text.h"

namespace attnscope {

namespace {

constexpr int kMaxDepth = 200;
constexpr int64_t kMaxLiteral = 1'000'000'000'000'000;  // 1e15: keeps position arithmetic exact

bool isNameStart(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

Result<MaskExpr> MaskExpr::parse(std::string_view text) {
    return MaskParser(text).parse();
}

Result<MaskExpr> MaskParser::parse() {
    try {
        m_expr.m_text = std::string(m_text);
        advance();
        if (m_tok.kind == Token::End)
            fail(Token{}, Text::tr("empty expression, expected an atom such as causal; valid "
                                   "atoms are: %1",
                                   MaskAtom::validAtomsList()));
        m_expr.m_root = parseOr(0);
        if (m_tok.kind != Token::End)
            fail(m_tok,
                 Text::tr("expected '&', '|' or end of expression, found %1", describe(m_tok)));
        m_expr.m_height = m_expr.height(m_expr.m_root);
        return std::move(m_expr);
    } catch (const Failure& f) {
        return f.error;
    }
}

void MaskParser::advance() {
    size_t p = m_tok.pos + m_tok.len;
    while (p < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[p]))) ++p;
    Token t;
    t.pos = p;
    t.len = 1;
    if (p >= m_text.size()) {
        t.kind = Token::End;
        t.len = 0;
        m_tok = t;
        return;
    }
    const char c = m_text[p];
    switch (c) {
        case '(':
            t.kind = Token::LParen;
            break;
        case ')':
            t.kind = Token::RParen;
            break;
        case ',':
            t.kind = Token::Comma;
            break;
        case '&':
            t.kind = Token::And;
            break;
        case '|':
            t.kind = Token::Or;
            break;
        case '!':
            t.kind = Token::Not;
            break;
        case '-':
            t.kind = Token::Minus;
            break;
        case '+':
            t.kind = Token::Plus;
            break;
        default:
            if (isNameStart(c)) {
                t.kind = Token::Name;
                while (p + t.len < m_text.size() && isNameChar(m_text[p + t.len])) ++t.len;
            } else if (isDigit(c)) {
                t.kind = Token::Number;
                while (p + t.len < m_text.size() && isDigit(m_text[p + t.len])) ++t.len;
            } else {
                t.kind = Token::Invalid;  // one whole UTF-8 character
                while (p + t.len < m_text.size() && (m_text[p + t.len] & 0xC0) == 0x80) ++t.len;
            }
    }
    m_tok = t;
}

int MaskParser::column(size_t pos) const {
    // 1-based, counting characters rather than UTF-8 bytes.
    int col = 1;
    for (size_t i = 0; i < pos && i < m_text.size(); ++i)
        if ((m_text[i] & 0xC0) != 0x80) ++col;
    return col;
}

Error MaskParser::describe(const Token& t) const {
    switch (t.kind) {
        case Token::End:
            return Text::tr("end of expression");
        case Token::Number:
            return Text::tr("number %1", lexeme(t));
        default:
            return Text::literal(std::string("'").append(lexeme(t)).append("'"));
    }
}

void MaskParser::fail(const Token& at, Error what, size_t bytes) const {
    const int col = column(at.pos);
    const size_t end =
        std::min(m_text.size(), at.pos + std::max<size_t>(bytes ? bytes : at.len, 1));
    Error e = Text::tr("column %1: %2", col, std::move(what));
    e.column = col;
    e.length = std::max(1, column(end) - col);
    throw Failure{std::move(e)};
}

int MaskParser::addOperator(MaskNode::Op op, const std::vector<int>& operands) {
    MaskNode node;
    node.op = op;
    for (int c : operands) {
        const MaskNode& child = m_expr.m_nodes[c];
        // a & (b & c) is a & b & c: flatten so evaluation and printing see one n-ary node.
        if (op != MaskNode::Op::Not && child.op == op)
            node.children.insert(node.children.end(), child.children.begin(), child.children.end());
        else
            node.children.push_back(c);
    }
    m_expr.m_nodes.push_back(std::move(node));
    return static_cast<int>(m_expr.m_nodes.size()) - 1;
}

int MaskParser::parseOr(int depth) {
    std::vector<int> operands{parseAnd(depth)};
    while (m_tok.kind == Token::Or) {
        advance();
        operands.push_back(parseAnd(depth));
    }
    return operands.size() == 1 ? operands[0] : addOperator(MaskNode::Op::Or, operands);
}

int MaskParser::parseAnd(int depth) {
    std::vector<int> operands{parseUnary(depth)};
    while (m_tok.kind == Token::And) {
        advance();
        operands.push_back(parseUnary(depth));
    }
    return operands.size() == 1 ? operands[0] : addOperator(MaskNode::Op::And, operands);
}

int MaskParser::parseUnary(int depth) {
    if (depth > kMaxDepth) fail(m_tok, Text::tr("expression nested too deeply"));
    if (m_tok.kind != Token::Not) return parsePrimary(depth);
    advance();
    const int operand = parseUnary(depth + 1);
    return addOperator(MaskNode::Op::Not, {operand});
}

int MaskParser::parsePrimary(int depth) {
    if (m_tok.kind == Token::LParen) {
        const Token open = m_tok;
        advance();
        const int inner = parseOr(depth + 1);
        if (m_tok.kind != Token::RParen)
            fail(m_tok, Text::tr("expected ')' to close '(' at column %1, found %2",
                                 column(open.pos), describe(m_tok)));
        advance();
        return inner;
    }
    if (m_tok.kind == Token::Name) return parseAtom();
    fail(m_tok, Text::tr("expected an atom, '!' or '(', found %1", describe(m_tok)));
}

int MaskParser::parseAtom() {
    const Token nameTok = m_tok;
    const std::string name(lexeme(nameTok));
    const AtomSpec* spec = MaskAtom::findSpec(name);
    if (!spec)
        fail(nameTok,
             Text::tr("unknown atom '%1'; valid atoms are: %2", name, MaskAtom::validAtomsList()));
    advance();

    std::vector<int64_t> args;
    bool hasParens = false;
    if (m_tok.kind == Token::LParen) {
        hasParens = true;
        advance();
        if (m_tok.kind != Token::RParen) {
            while (true) {
                args.push_back(parseInteger(name));
                if (m_tok.kind == Token::Comma) {
                    advance();
                    continue;
                }
                if (m_tok.kind != Token::RParen)
                    fail(m_tok, Text::tr("expected ')' after arguments of %1, found %2", name,
                                         describe(m_tok)));
                break;
            }
        }
        advance();
    }
    // The atom's text ends where the next token starts (after trailing spaces, trimmed here).
    size_t atomEnd = m_tok.pos;
    while (atomEnd > nameTok.pos && std::isspace(static_cast<unsigned char>(m_text[atomEnd - 1])))
        --atomEnd;

    const auto count = static_cast<int>(args.size());
    if (count < spec->minArgs || (spec->maxArgs >= 0 && count > spec->maxArgs)) {
        const Error rule = MaskAtom::argumentRule(*spec);
        if (!hasParens)
            fail(nameTok, Text::tr("%1 takes %2, write it as %3", name, rule, spec->signature));
        fail(nameTok, Text::tr("%1 takes %2, got %3", name, rule, count), atomEnd - nameTok.pos);
    }

    MaskNode node;
    node.atom = MaskAtom(spec->kind, std::move(args), column(nameTok.pos),
                         column(atomEnd) - column(nameTok.pos));
    m_expr.m_nodes.push_back(std::move(node));
    return static_cast<int>(m_expr.m_nodes.size()) - 1;
}

int64_t MaskParser::parseInteger(const std::string& atomName) {
    bool negative = false;
    const Token start = m_tok;
    if (m_tok.kind == Token::Minus || m_tok.kind == Token::Plus) {
        negative = m_tok.kind == Token::Minus;
        advance();
    }
    if (m_tok.kind != Token::Number)
        fail(m_tok,
             Text::tr("expected an integer argument of %1, found %2", atomName, describe(m_tok)));
    int64_t value = 0;
    for (char c : lexeme(m_tok)) {
        value = value * 10 + (c - '0');
        if (value > kMaxLiteral)
            fail(start, Text::tr("number %1 is too large (at most 10^15)", lexeme(m_tok)));
    }
    advance();
    return negative ? -value : value;
}

}  // namespace attnscope
