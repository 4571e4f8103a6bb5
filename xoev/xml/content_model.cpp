#include "xml/content_model.hpp"

#include <algorithm>

#include "xml/facet_words.hpp"

namespace xoev::xml {

namespace {

constexpr int kEpsilon = -1;
constexpr int kAnyLabel = -2;
/// Occurrence bounds above this are followed as "this many, then any number": a model with
/// maxOccurs="99" accepts more children here than in the schema, never fewer, so the worst
/// outcome is "no explanation" and the validator's own message.
constexpr int kMaxUnrolled = 16;
constexpr std::size_t kMaxStates = 20000;

/// A Thompson automaton over the model: labelled edges consume one child.
class Automaton {
 public:
  explicit Automaton(const Particle& model) {
    start_ = add_state();
    final_ = build(model, start_);
  }

  [[nodiscard]] bool too_large() const { return too_large_; }

  using States = std::vector<char>;

  [[nodiscard]] States closure(std::vector<int> todo) const {
    States in(out_.size(), 0);
    while (!todo.empty()) {
      const int s = todo.back();
      todo.pop_back();
      if (in[s]) continue;
      in[s] = 1;
      for (const Edge& e : out_[s])
        if (e.label == kEpsilon && !in[e.to]) todo.push_back(e.to);
    }
    return in;
  }

  [[nodiscard]] States initial() const { return closure({start_}); }

  [[nodiscard]] States step(const States& from, std::string_view child) const {
    std::vector<int> next;
    for (std::size_t s = 0; s < out_.size(); ++s) {
      if (!from[s]) continue;
      for (const Edge& e : out_[s])
        if (e.label == kAnyLabel || (e.label >= 0 && names_[e.label] == child))
          next.push_back(e.to);
    }
    return closure(std::move(next));
  }

  [[nodiscard]] bool accepts(const States& s) const { return s[final_] != 0; }

  [[nodiscard]] bool empty(const States& s) const { return std::ranges::find(s, 1) == s.end(); }

  /// The names that can come next, in model order ("*" for a wildcard).
  [[nodiscard]] std::vector<int> next_labels(const States& from) const {
    std::vector<int> labels;
    for (std::size_t s = 0; s < out_.size(); ++s) {
      if (!from[s]) continue;
      for (const Edge& e : out_[s])
        if (e.label != kEpsilon && std::ranges::find(labels, e.label) == labels.end())
          labels.push_back(e.label);
    }
    std::ranges::sort(labels, [](int a, int b) { return a >= 0 && (b < 0 || a < b); });
    return labels;
  }

  /// Whether the end can be reached from `from` without consuming `label`.
  [[nodiscard]] bool completes_without(const States& from, int label) const {
    std::vector<char> seen(out_.size(), 0);
    std::vector<int> todo;
    for (std::size_t s = 0; s < out_.size(); ++s)
      if (from[s]) todo.push_back(static_cast<int>(s));
    while (!todo.empty()) {
      const int s = todo.back();
      todo.pop_back();
      if (seen[s]) continue;
      seen[s] = 1;
      if (s == final_) return true;
      for (const Edge& e : out_[s])
        if (e.label != label && !seen[e.to]) todo.push_back(e.to);
    }
    return false;
  }

  [[nodiscard]] std::string label_name(int label) const {
    return label >= 0 ? names_[label] : std::string("*");  // a wildcard
  }

  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

 private:
  struct Edge {
    int to;
    int label;
  };

  int add_state() {
    if (out_.size() >= kMaxStates) too_large_ = true;
    out_.emplace_back();
    return static_cast<int>(out_.size()) - 1;
  }
  void edge(int from, int to, int label) { out_[from].push_back({to, label}); }

  int label_of(const std::string& name) {
    const auto it = std::ranges::find(names_, name);
    if (it != names_.end()) return static_cast<int>(it - names_.begin());
    names_.push_back(name);
    return static_cast<int>(names_.size()) - 1;
  }

  /// One occurrence of `p`, ignoring its bounds; returns the state after it.
  int build_once(const Particle& p, int in) {
    switch (p.kind) {
      case Particle::Kind::Element: {
        const int out = add_state();
        edge(in, out, label_of(p.name));
        return out;
      }
      case Particle::Kind::Any: {
        const int out = add_state();
        edge(in, out, kAnyLabel);
        return out;
      }
      case Particle::Kind::Sequence: {
        int at = in;
        for (const Particle& c : p.children) {
          if (too_large_) break;
          at = build(c, at);
        }
        return at;
      }
      case Particle::Kind::Choice: {
        const int out = add_state();
        if (p.children.empty()) edge(in, out, kEpsilon);
        for (const Particle& c : p.children) {
          if (too_large_) break;
          edge(build(c, in), out, kEpsilon);
        }
        return out;
      }
      case Particle::Kind::All: {
        // Followed as any number of its members in any order: looser than xs:all (each at most
        // once), so it never reports a problem the schema does not have.
        const int loop = add_state();
        edge(in, loop, kEpsilon);
        for (const Particle& c : p.children) {
          if (too_large_) break;
          Particle once = c;
          once.min = 1;
          once.max = 1;
          edge(build(once, loop), loop, kEpsilon);
        }
        return loop;
      }
    }
    return in;
  }

  /// `p` with its bounds: min copies, then (max - min) optional ones or a loop.
  int build(const Particle& p, int in) {
    const int min = std::min(std::max(p.min, 0), kMaxUnrolled);
    const bool unbounded = p.max < 0 || p.max > kMaxUnrolled;
    int at = in;
    for (int i = 0; i < min && !too_large_; ++i) at = build_once(p, at);
    if (too_large_) return at;
    if (unbounded) {
      const int loop = add_state();
      edge(at, loop, kEpsilon);
      edge(build_once(p, loop), loop, kEpsilon);
      return loop;
    }
    const int out = add_state();
    edge(at, out, kEpsilon);
    for (int i = min; i < p.max && !too_large_; ++i) {
      at = build_once(p, at);
      edge(at, out, kEpsilon);
    }
    return out;
  }

  std::vector<std::vector<Edge>> out_;
  std::vector<std::string> names_;
  int start_ = 0;
  int final_ = 0;
  bool too_large_ = false;
};

}  // namespace

std::optional<ContentProblem> explain_content(const Particle& model,
                                              const std::vector<std::string_view>& children) {
  const Automaton a(model);
  if (a.too_large()) return std::nullopt;
  auto names = [&](const std::vector<int>& labels) {
    std::vector<std::string> out;
    out.reserve(labels.size());
    for (int l : labels) out.push_back(a.label_name(l));
    return out;
  };
  Automaton::States at = a.initial();
  for (std::size_t i = 0; i < children.size(); ++i) {
    Automaton::States next = a.step(at, children[i]);
    if (!a.empty(next)) {
      at = std::move(next);
      continue;
    }
    ContentProblem p;
    p.kind = ContentProblem::Kind::Unexpected;
    p.child = i;
    p.expected = names(a.next_labels(at));
    p.end_allowed = a.accepts(at);
    const auto& all = a.names();
    p.elsewhere_in_model = std::ranges::find(all, children[i]) != all.end();
    if (!p.elsewhere_in_model) p.similar = nearest(children[i], all);
    for (int label : a.next_labels(at)) {
      if (label < 0) continue;
      const std::string& name = all[static_cast<std::size_t>(label)];
      if (std::find(children.begin() + static_cast<std::ptrdiff_t>(i) + 1, children.end(), name) !=
          children.end()) {
        if (p.comes_later.empty()) p.comes_later = name;
      } else if (p.missing_before.empty() && !a.empty(a.step(a.step(at, name), children[i]))) {
        p.missing_before = name;
      }
    }
    return p;
  }
  if (a.accepts(at)) return std::nullopt;
  ContentProblem p;
  p.kind = ContentProblem::Kind::Missing;
  p.child = children.size();
  const std::vector<int> labels = a.next_labels(at);
  p.expected = names(labels);
  for (int l : labels)
    if (!a.completes_without(at, l)) p.required.push_back(a.label_name(l));
  return p;
}

std::string list_names(const std::vector<std::string>& names) {
  constexpr std::size_t kShown = 8;
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i)
    out += (i ? ", " : "") + (names[i] == "*" ? names[i] : "'" + names[i] + "'");
  if (names.size() > kShown) out += ", … (" + std::to_string(names.size()) + ")";
  return out;
}

}  // namespace xoev::xml
