#include "security/expression.hpp"

#include <cctype>
#include <cmath>
#include <vector>

namespace cw::security {

using nlohmann::json;

// --- the tree ---------------------------------------------------------------------------------

enum class Op { kLiteral, kPath, kNot, kAnd, kOr, kEq, kNe, kLt, kLe, kGt, kGe, kIn, kCall };
enum class Fn { kExists, kLen, kAny, kAll, kContains, kStartsWith, kEndsWith };

struct ExpressionNode {
  Op op;
  json literal;                       // kLiteral
  std::string root;                   // kPath: type, provider, …, posture, it
  std::vector<std::string> segments;  // kPath: object keys below the root
  Fn fn = Fn::kExists;                // kCall
  std::vector<std::shared_ptr<const ExpressionNode>> args;
};
using Node = std::shared_ptr<const ExpressionNode>;

namespace {

const char* const kRoots[] = {"type", "provider", "region", "name", "status", "spec", "tags", "posture"};

struct FnInfo {
  const char* name;
  Fn fn;
  size_t arity;
};
const FnInfo kFunctions[] = {{"exists", Fn::kExists, 1},     {"len", Fn::kLen, 1},
                             {"any", Fn::kAny, 2},           {"all", Fn::kAll, 2},
                             {"contains", Fn::kContains, 2}, {"startsWith", Fn::kStartsWith, 2},
                             {"endsWith", Fn::kEndsWith, 2}};

// --- tokens -----------------------------------------------------------------------------------

enum class Tok { kEnd, kIdent, kNumber, kString, kPunct };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // identifier, punctuation, or the decoded string
  double number = 0;
  size_t pos = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
      Token t;
      t.pos = i_;
      if (i_ == s_.size()) {
        out.push_back(t);
        return out;
      }
      char c = s_[i_];
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        size_t b = i_;
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
        t.kind = Tok::kIdent;
        t.text = std::string(s_.substr(b, i_ - b));
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '-' && i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1])))) {
        size_t b = i_++;
        while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.')) ++i_;
        t.kind = Tok::kNumber;
        try {
          t.number = std::stod(std::string(s_.substr(b, i_ - b)));
        } catch (const std::exception&) { fail(b, "a number"); }
      } else if (c == '"' || c == '\'') {
        t.kind = Tok::kString;
        ++i_;
        for (;;) {
          if (i_ >= s_.size()) fail(t.pos, "the end of the string");
          char d = s_[i_++];
          if (d == c) break;
          if (d == '\\' && i_ < s_.size()) d = s_[i_++];
          t.text += d;
        }
      } else {
        static const char* const kPunct[] = {"==", "!=", "<=", ">=", "&&", "||", "<", ">", "!",
                                             "(",  ")",  "[",  "]",  ",",  ".",  "=", "&", "|"};
        for (const char* p : kPunct) {
          std::string_view pv(p);
          if (s_.substr(i_, pv.size()) == pv) {
            t.kind = Tok::kPunct;
            t.text = p;
            i_ += pv.size();
            break;
          }
        }
        if (t.kind != Tok::kPunct || t.text == "=" || t.text == "&" || t.text == "|")
          throw ExpressionError("unexpected '" + std::string(1, c) + "' at " + std::to_string(t.pos + 1) +
                                (c == '='   ? " (comparison is ==)"
                                 : c == '&' ? " (and is &&)"
                                 : c == '|' ? " (or is ||)"
                                            : ""));
      }
      out.push_back(std::move(t));
    }
  }

 private:
  [[noreturn]] void fail(size_t pos, const char* what) {
    throw ExpressionError(std::string("expected ") + what + " at " + std::to_string(pos + 1));
  }
  std::string_view s_;
  size_t i_ = 0;
};

// --- parser: or → and → not → comparison → primary --------------------------------------------

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Node parse() {
    Node n = parse_or();
    if (peek().kind != Tok::kEnd) expected("an operator or the end");
    return n;
  }

 private:
  const Token& peek() const { return t_[i_]; }
  bool punct(const char* p) const { return peek().kind == Tok::kPunct && peek().text == p; }
  bool keyword(const char* k) const { return peek().kind == Tok::kIdent && peek().text == k; }
  bool accept(const char* p) {
    if (!punct(p)) return false;
    ++i_;
    return true;
  }
  /// `and`, `or`, `not` are spelled either way.
  bool accept_word(const char* symbol, const char* word) {
    if (accept(symbol)) return true;
    if (!keyword(word)) return false;
    ++i_;
    return true;
  }
  /// Nesting is bounded so a hostile condition cannot exhaust the stack.
  void deeper() {
    if (++depth_ > kMaxDepth) throw ExpressionError("a condition nests at most 32 levels deep");
  }
  void expect(const char* p) {
    if (!accept(p)) expected((std::string("'") + p + "'").c_str());
  }
  [[noreturn]] void expected(const std::string& what) const {
    const Token& t = peek();
    std::string found =
        t.kind == Tok::kEnd ? "the end" : "'" + (t.kind == Tok::kNumber ? std::string("number") : t.text) + "'";
    throw ExpressionError("expected " + what + " at " + std::to_string(t.pos + 1) + ", found " + found);
  }

  static Node make(Op op, std::vector<Node> args) {
    auto n = std::make_shared<ExpressionNode>();
    n->op = op;
    n->args = std::move(args);
    return n;
  }

  Node parse_or() {
    Node left = parse_and();
    while (accept_word("||", "or")) left = make(Op::kOr, {left, parse_and()});
    return left;
  }
  Node parse_and() {
    Node left = parse_not();
    while (accept_word("&&", "and")) left = make(Op::kAnd, {left, parse_not()});
    return left;
  }
  Node parse_not() {
    if (accept_word("!", "not")) {
      deeper();
      Node inner = parse_not();
      --depth_;
      return make(Op::kNot, {inner});
    }
    return parse_comparison();
  }
  Node parse_comparison() {
    Node left = parse_primary();
    static const std::pair<const char*, Op> kOps[] = {{"==", Op::kEq}, {"!=", Op::kNe}, {"<=", Op::kLe},
                                                      {">=", Op::kGe}, {"<", Op::kLt},  {">", Op::kGt}};
    for (auto [p, op] : kOps)
      if (accept(p)) return make(op, {left, parse_primary()});
    if (keyword("in")) {
      ++i_;
      return make(Op::kIn, {left, parse_primary()});
    }
    return left;
  }

  Node parse_primary() {
    const Token& t = peek();
    if (accept("(")) {
      deeper();
      Node inner = parse_or();
      expect(")");
      --depth_;
      return inner;
    }
    if (punct("[")) return literal(parse_list());
    if (t.kind == Tok::kNumber) {
      ++i_;
      return literal(t.number);
    }
    if (t.kind == Tok::kString) {
      ++i_;
      return literal(t.text);
    }
    if (t.kind != Tok::kIdent) expected("a value, a fact or a function");
    if (t.text == "true" || t.text == "false") {
      ++i_;
      return literal(t.text == "true");
    }
    if (t.text == "null") {
      ++i_;
      return literal(nullptr);
    }
    for (const auto& f : kFunctions)
      if (t.text == f.name) return parse_call(f);
    return parse_path();
  }

  Node literal(json value) {
    auto n = std::make_shared<ExpressionNode>();
    n->op = Op::kLiteral;
    n->literal = std::move(value);
    return n;
  }

  json parse_list() {
    expect("[");
    json out = json::array();
    if (accept("]")) return out;
    do {
      const Token& t = peek();
      if (t.kind == Tok::kNumber)
        out.push_back(t.number);
      else if (t.kind == Tok::kString)
        out.push_back(t.text);
      else if (keyword("true") || keyword("false"))
        out.push_back(t.text == "true");
      else
        expected("a number, a string or a boolean in the list");
      ++i_;
    } while (accept(","));
    expect("]");
    return out;
  }

  Node parse_call(const FnInfo& f) {
    size_t at = peek().pos;
    ++i_;
    expect("(");
    deeper();
    std::vector<Node> args;
    if (f.fn == Fn::kAny || f.fn == Fn::kAll) {
      args.push_back(parse_or());
      expect(",");
      ++quantifiers_;
      args.push_back(parse_or());
      --quantifiers_;
    } else if (!punct(")")) {
      do args.push_back(parse_or());
      while (accept(","));
    }
    expect(")");
    --depth_;
    if (args.size() != f.arity)
      throw ExpressionError(std::string(f.name) + "() at " + std::to_string(at + 1) + " takes " +
                            std::to_string(f.arity) + " argument" + (f.arity == 1 ? "" : "s"));
    if (f.fn == Fn::kExists && args[0]->op != Op::kPath)
      throw ExpressionError("exists() at " + std::to_string(at + 1) + " takes a fact, such as posture.encrypted");
    auto n = std::make_shared<ExpressionNode>();
    n->op = Op::kCall;
    n->fn = f.fn;
    n->args = std::move(args);
    return n;
  }

  Node parse_path() {
    const Token& t = peek();
    bool known = t.text == "it" ? quantifiers_ > 0 : false;
    for (const char* r : kRoots) known = known || t.text == r;
    if (!known) {
      std::string roots = "type, provider, region, name, status, spec, tags, posture";
      throw ExpressionError("unknown fact '" + t.text + "' at " + std::to_string(t.pos + 1) + " (facts start with " +
                            roots + (t.text == "it" ? "; it is the element inside any() or all())" : ")"));
    }
    auto n = std::make_shared<ExpressionNode>();
    n->op = Op::kPath;
    n->root = t.text;
    ++i_;
    for (;;) {
      if (accept(".")) {
        if (peek().kind != Tok::kIdent) expected("a field name after '.'");
        n->segments.push_back(peek().text);
        ++i_;
      } else if (accept("[")) {
        if (peek().kind != Tok::kString) expected("a quoted field name in [ ]");
        n->segments.push_back(peek().text);
        ++i_;
        expect("]");
      } else {
        break;
      }
    }
    return n;
  }

  std::vector<Token> t_;
  size_t i_ = 0;
  int quantifiers_ = 0;
  int depth_ = 0;
  static constexpr int kMaxDepth = 32;
};

// --- evaluation -------------------------------------------------------------------------------

/// What an operand evaluates to: a fact (borrowed from the subject or a literal), a computed
/// boolean or number, or unknown.
struct Value {
  enum Kind { kUnknown, kRef, kBool, kNumber } kind = kUnknown;
  const json* ref = nullptr;
  bool b = false;
  double n = 0;

  static Value of(const json* j) {
    if (!j || j->is_null()) return {};
    if (j->is_boolean()) return {kBool, nullptr, j->get<bool>(), 0};
    if (j->is_number()) return {kNumber, nullptr, false, j->get<double>()};
    return {kRef, j, false, 0};
  }
  static Value boolean(bool v) { return {kBool, nullptr, v, 0}; }
  static Value number(double v) { return {kNumber, nullptr, false, v}; }
  static Value truth(Truth t) { return t == Truth::kUnknown ? Value{} : boolean(t == Truth::kTrue); }
};

Truth truth_of(const Value& v) {
  if (v.kind != Value::kBool) return Truth::kUnknown;
  return v.b ? Truth::kTrue : Truth::kFalse;
}

bool same(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::kBool:
      return a.b == b.b;
    case Value::kNumber:
      return a.n == b.n;
    case Value::kRef:
      return *a.ref == *b.ref;
    default:
      return false;
  }
}

class Evaluator {
 public:
  explicit Evaluator(const json& subject) : subject_(subject) {}

  Value eval(const ExpressionNode& n) {
    switch (n.op) {
      case Op::kLiteral:
        return Value::of(&n.literal);
      case Op::kPath:
        return Value::of(resolve(n));
      case Op::kNot: {
        Truth t = truth_of(eval(*n.args[0]));
        return Value::truth(t == Truth::kUnknown ? t : t == Truth::kTrue ? Truth::kFalse : Truth::kTrue);
      }
      case Op::kAnd: {
        Truth a = truth_of(eval(*n.args[0]));
        if (a == Truth::kFalse) return Value::boolean(false);
        Truth b = truth_of(eval(*n.args[1]));
        if (b == Truth::kFalse) return Value::boolean(false);
        return Value::truth(a == Truth::kTrue && b == Truth::kTrue ? Truth::kTrue : Truth::kUnknown);
      }
      case Op::kOr: {
        Truth a = truth_of(eval(*n.args[0]));
        if (a == Truth::kTrue) return Value::boolean(true);
        Truth b = truth_of(eval(*n.args[1]));
        if (b == Truth::kTrue) return Value::boolean(true);
        return Value::truth(a == Truth::kFalse && b == Truth::kFalse ? Truth::kFalse : Truth::kUnknown);
      }
      case Op::kEq:
      case Op::kNe: {
        Value a = eval(*n.args[0]), b = eval(*n.args[1]);
        if (a.kind == Value::kUnknown || b.kind == Value::kUnknown) return {};
        return Value::boolean(same(a, b) == (n.op == Op::kEq));
      }
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        return order(n);
      case Op::kIn: {
        Value a = eval(*n.args[0]), list = eval(*n.args[1]);
        if (a.kind == Value::kUnknown || list.kind != Value::kRef || !list.ref->is_array()) return {};
        for (const auto& e : *list.ref)
          if (same(a, Value::of(&e))) return Value::boolean(true);
        return Value::boolean(false);
      }
      case Op::kCall:
        return call(n);
    }
    return {};
  }

 private:
  const json* resolve(const ExpressionNode& n) {
    const json* at = nullptr;
    if (n.root == "it") {
      at = it_.empty() ? nullptr : it_.back();
    } else {
      auto f = subject_.find(n.root);
      at = f == subject_.end() ? nullptr : &*f;
    }
    for (const auto& key : n.segments) {
      if (!at || !at->is_object()) return nullptr;
      auto f = at->find(key);
      if (f == at->end()) return nullptr;
      at = &*f;
    }
    return at;
  }

  Value order(const ExpressionNode& n) {
    Value a = eval(*n.args[0]), b = eval(*n.args[1]);
    bool numbers = a.kind == Value::kNumber && b.kind == Value::kNumber;
    bool strings = a.kind == Value::kRef && b.kind == Value::kRef && a.ref->is_string() && b.ref->is_string();
    if (!numbers && !strings) return {};
    int c = numbers ? (a.n < b.n   ? -1
                       : a.n > b.n ? 1
                                   : 0)
                    : a.ref->get_ref<const std::string&>().compare(b.ref->get_ref<const std::string&>());
    switch (n.op) {
      case Op::kLt:
        return Value::boolean(c < 0);
      case Op::kLe:
        return Value::boolean(c <= 0);
      case Op::kGt:
        return Value::boolean(c > 0);
      default:
        return Value::boolean(c >= 0);
    }
  }

  Value call(const ExpressionNode& n) {
    switch (n.fn) {
      case Fn::kExists:
        return Value::boolean(resolve(*n.args[0]) && !resolve(*n.args[0])->is_null());
      case Fn::kLen: {
        Value v = eval(*n.args[0]);
        if (v.kind != Value::kRef) return {};
        return Value::number(v.ref->is_string() ? static_cast<double>(v.ref->get_ref<const std::string&>().size())
                                                : static_cast<double>(v.ref->size()));
      }
      case Fn::kAny:
      case Fn::kAll: {
        Value list = eval(*n.args[0]);
        if (list.kind != Value::kRef || !list.ref->is_array()) return {};
        const bool any = n.fn == Fn::kAny;
        bool unknown = false;
        for (const auto& e : *list.ref) {
          it_.push_back(&e);
          Truth t = truth_of(eval(*n.args[1]));
          it_.pop_back();
          if (t == Truth::kUnknown)
            unknown = true;
          else if ((t == Truth::kTrue) == any)
            return Value::boolean(any);
        }
        return unknown ? Value{} : Value::boolean(!any);
      }
      case Fn::kContains: {
        Value a = eval(*n.args[0]), b = eval(*n.args[1]);
        if (a.kind != Value::kRef || b.kind == Value::kUnknown) return {};
        if (a.ref->is_array()) {
          for (const auto& e : *a.ref)
            if (same(Value::of(&e), b)) return Value::boolean(true);
          return Value::boolean(false);
        }
        if (a.ref->is_string() && b.kind == Value::kRef && b.ref->is_string())
          return Value::boolean(a.ref->get_ref<const std::string&>().find(b.ref->get_ref<const std::string&>()) !=
                                std::string::npos);
        return {};
      }
      case Fn::kStartsWith:
      case Fn::kEndsWith: {
        Value a = eval(*n.args[0]), b = eval(*n.args[1]);
        if (a.kind != Value::kRef || b.kind != Value::kRef || !a.ref->is_string() || !b.ref->is_string()) return {};
        const auto& s = a.ref->get_ref<const std::string&>();
        const auto& p = b.ref->get_ref<const std::string&>();
        if (p.size() > s.size()) return Value::boolean(false);
        return Value::boolean(n.fn == Fn::kStartsWith ? s.compare(0, p.size(), p) == 0
                                                      : s.compare(s.size() - p.size(), p.size(), p) == 0);
      }
    }
    return {};
  }

  const json& subject_;
  std::vector<const json*> it_;
};

}  // namespace

Expression Expression::parse(std::string_view text) {
  if (text.size() > 4096) throw ExpressionError("a condition is at most 4096 characters");
  Expression e;
  e.text_ = std::string(text);
  e.root_ = Parser(Lexer(text).run()).parse();
  // The facts read, for reads_reported_fact(); `it` paths are elements of a fact listed already.
  std::vector<const ExpressionNode*> stack = {e.root_.get()};
  while (!stack.empty()) {
    const ExpressionNode* n = stack.back();
    stack.pop_back();
    for (const auto& a : n->args) stack.push_back(a.get());
    if (n->op != Op::kPath || (n->root != "spec" && n->root != "tags" && n->root != "posture")) continue;
    if (n->root == "spec" && n->segments.size() == 1 && n->segments[0] == "kind") continue;
    bool seen = false;
    for (const auto& f : e.facts_) seen = seen || (f.root == n->root && f.segments == n->segments);
    if (!seen) e.facts_.push_back({n->root, n->segments});
  }
  return e;
}

bool Expression::reads_reported_fact(const json& subject) const {
  if (facts_.empty()) return true;
  for (const auto& f : facts_) {
    auto at = subject.find(f.root);
    if (at == subject.end()) continue;
    const json* v = &*at;
    for (const auto& key : f.segments) {
      if (!v->is_object()) {
        v = nullptr;
        break;
      }
      auto next = v->find(key);
      v = next == v->end() ? nullptr : &*next;
      if (!v) break;
    }
    if (v && !v->is_null()) return true;
  }
  return false;
}

Truth Expression::evaluate(const json& subject) const {
  if (!root_) return Truth::kUnknown;
  return truth_of(Evaluator(subject).eval(*root_));
}

}  // namespace cw::security
