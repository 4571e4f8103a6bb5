#include "xoev/validate/validator.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "repo/grammar_cache.hpp"
#include "sign/x509_util.hpp"
#include "validate/scenario_run.hpp"
#include "xml/facts.hpp"
#include "xml/xerces.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/stdin_spool.hpp"

namespace xoev {

namespace fs = std::filesystem;

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::Valid:
      return "valid";
    case Verdict::Invalid:
      return "invalid";
    case Verdict::Unchecked:
      return "unchecked";
  }
  return "unchecked";
}

namespace {

/// The day eCH ids are checked against: the eventDate, else the message date (YYYY-MM-DD), else
/// none.
std::string event_day(const MessageFacts& f) {
  for (const std::string* d : {&f.event_date, &f.date}) {
    if (d->size() >= 10 && (*d)[4] == '-' && (*d)[7] == '-' &&
        std::all_of(d->begin(), d->begin() + 4, [](unsigned char c) { return std::isdigit(c); }))
      return d->substr(0, 10);
  }
  return {};
}

bool is_xml_name(const fs::path& p) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e == ".xml";
}

}  // namespace

namespace {

/// `a < b` for two paths found by walk() below the same folder, in the order of fs::path's
/// operator< (component by component), without splitting them into components: their common
/// start is the folder, and after it a separator is the smallest character.
bool walk_order(const fs::path& pa, const fs::path& pb) {
  const std::string& a = pa.native();
  const std::string& b = pb.native();
  const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  if (ib == b.end()) return false;  // b is a start of a, or the same
  if (ia == a.end()) return true;
  if (*ia == '/') return true;
  if (*ib == '/') return false;
  return static_cast<unsigned char>(*ia) < static_cast<unsigned char>(*ib);
}

/// Collects the *.xml files below `dir`; a folder that cannot be read becomes an input that
/// says so, instead of being skipped (a CI run must not pass on what it could not see).
void walk(const fs::path& dir, const std::function<bool(const fs::path&)>& wanted,
          std::vector<Input>& out) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    out.push_back({dir.string(), dir, false, "cannot read the folder: " + ec.message()});
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.push_back({dir.string(), dir, false, "cannot read the folder: " + ec.message()});
      return;
    }
    const fs::directory_entry& e = *it;
    if (e.is_directory(ec) && !e.is_symlink(ec))
      walk(e.path(), wanted, out);
    else if (e.is_regular_file(ec) && wanted(e.path()))
      out.push_back({e.path().string(), e.path(), false, {}});
  }
}

}  // namespace

std::vector<Input> collect_files(const std::vector<std::string>& operands,
                                 const std::function<bool(const fs::path&)>& wanted) {
  std::vector<Input> out;
  for (const auto& op : operands) {
    if (op == "-") {
      out.push_back({"<stdin>", {}, true, {}});
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(op, ec)) {
      std::vector<Input> found;
      walk(op, wanted, found);
      std::sort(found.begin(), found.end(),
                [](const Input& a, const Input& b) { return walk_order(a.path, b.path); });
      std::move(found.begin(), found.end(), std::back_inserter(out));
    } else {
      out.push_back({op, fs::path(op), false, {}});
    }
  }
  return out;
}

std::vector<Input> collect_inputs(const std::vector<std::string>& operands) {
  return collect_files(operands, is_xml_name);
}

namespace {

/// A Schematron rule's flag or role as a severity: fatal/error, warning, information/note.
Severity schematron_severity(const SchematronFinding& f) {
  for (std::string s : {f.flag, f.role}) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (s == "fatal" || s == "error") return Severity::Error;
    if (s == "warning" || s == "warn") return Severity::Warning;
    if (s == "information" || s == "info" || s == "note" || s == "hint") return Severity::Note;
  }
  return Severity::Error;
}

}  // namespace

Diagnostic schematron_diagnostic(SchematronFinding f, const std::string& file) {
  Diagnostic d;
  d.severity = schematron_severity(f);
  d.code = f.report ? "SCH202" : "SCH201";
  d.loc = Location{file, f.line, f.column};
  d.message = f.text.empty() ? std::string("rule violated") : f.text;
  if (!f.diagnostics.empty()) d.message += " (" + f.diagnostics + ")";
  if (!f.id.empty()) d.message += " [" + f.id + "]";
  d.path = std::move(f.path);
  d.rule = std::move(f.id);
  return d;
}

std::string_view to_string(ScenarioUse::Acceptance a) {
  return a == ScenarioUse::Acceptance::Accepted ? "accepted" : "rejected";
}

std::string_view to_string(SchematronUse::Status s) {
  switch (s) {
    case SchematronUse::Status::Checked:
      return "checked";
    case SchematronUse::Status::Skipped:
      return "skipped";
    case SchematronUse::Status::Unavailable:
      return "unavailable";
    case SchematronUse::Status::Failed:
      return "failed";
  }
  return "failed";
}

struct Validator::Impl {
  Impl(const SchemaRepository& r, ValidateOptions o, const CodeListRepository* lists,
       const SchematronRepository* rules)
      : repo(r), opts(std::move(o)), schematron(rules) {
    if (lists != nullptr && opts.check_codelists) checker.emplace(*lists, opts.strict_codelists);
    // Defaults of rules that are off unless asked for, then the user's settings.
    SeverityOverrides merged{{"HDR607", std::nullopt}};
    for (const auto& [code, level] : opts.severities) merged.insert_or_assign(code, level);
    severities = std::make_shared<const SeverityOverrides>(std::move(merged));
    if (opts.scenarios)
      runner = std::make_unique<ScenarioRunner>(opts.scenarios, opts.schematron_engine,
                                                opts.limits.allow_doctype);
  }

  /// The header rules, and the envelope rules for a sedex data file.
  void check_rules(const Input& input, const MessageFacts& facts, DiagnosticSink& sink) const {
    check_header(facts, input.name, opts.rules, sink);
    std::optional<fs::path> envelope = opts.envelope;
    if (!envelope && !input.is_stdin && input.path.filename().string().starts_with("data_"))
      envelope = sedex_partner(input.path);
    if (!envelope) return;
    auto env = read_message_facts(*envelope, opts.limits);
    if (!env) {
      sink.add(i18n::make(Severity::Error, env.error().code, Location{envelope->string(), 0, 0},
                          N_("envelope cannot be read: {0}"), {env.error().message}));
      return;
    }
    check_envelope(facts, input.name, *env, envelope->string(), sink);
  }

  /// A schema compiled (or read from the grammar cache) at most once per run, with the problems
  /// if it failed. All workers validate against the same grammar: share() builds the parts
  /// Xerces would otherwise complete lazily, and unsafely, during validation.
  struct Compiled {
    std::mutex mu;  // a mutex, not a once_flag: helgrind can follow it (tests for races)
    bool ready = false;
    std::shared_ptr<xml::CompiledSchema> schema;
    std::vector<Diagnostic> problems;
  };

  /// Everything one thread needs of its own.
  struct Worker {
    explicit Worker(xml::XmlLimits limits) : parser(limits) {}
    xml::InstanceValidator parser;
  };

  const SchemaRepository& repo;
  ValidateOptions opts;
  const SchematronRepository* schematron;
  std::unique_ptr<ScenarioRunner> runner;  // with --scenarios
  /// The compiled rules of each Schematron entry, by name, once per run (failures too).
  mutable std::mutex compiled_mu;
  mutable std::map<std::string, Result<std::shared_ptr<const CompiledSchematron>>> compiled_rules;
  std::optional<CodeChecker> checker;
  std::shared_ptr<const SeverityOverrides> severities;
  xml::XercesRuntime runtime;
  fs::path override_path;     // --schema resolved to a file
  std::string override_name;  // as shown
  std::mutex mu;
  std::map<std::pair<std::string, std::string>, SchemaChoice> choices;
  std::map<std::string, Compiled> schemas;  // by file; guarded by mu, each slot by its own

  xml::XmlLimits limits() const { return opts.limits; }

  SchemaChoice choose(const std::string& ns, const std::string& local) {
    std::lock_guard lock(mu);
    auto key = std::make_pair(ns, local);
    auto it = choices.find(key);
    if (it == choices.end()) it = choices.emplace(key, repo.choose(ns, local)).first;
    return it->second;
  }

  const Compiled& compiled(const fs::path& file) {
    Compiled* slot = nullptr;
    {
      std::lock_guard lock(mu);
      slot = &schemas[file.string()];  // std::map: the slot stays where it is
    }
    std::lock_guard lock(slot->mu);
    if (!slot->ready) {
      slot->ready = true;
      DiagnosticSink problems(opts.max_errors);
      // Repository schemas were fully checked when added; a --schema file from elsewhere is
      // checked now.
      const bool checked = repo.find(file.string()) != nullptr;
      // Only repository schemas are cached: the cache knows when they change.
      if (checked) slot->schema = grammar_cache::load(repo, file);
      if (!slot->schema) {
        slot->schema = xml::CompiledSchema::compile(file, repo, problems, !checked);
        if (checked && slot->schema) grammar_cache::store(repo, file, *slot->schema);
      }
      if (slot->schema) slot->schema->share();
      slot->problems = problems.take();
    }
    return *slot;
  }

  FileReport validate(const Input& input, Worker& w);

  /// The Schematron step: after the schema step, for the rules of the root's namespace. True
  /// if rules could not be compiled, so that the message's verdict is unknown.
  bool check_schematron(const fs::path& path, FileReport& r, DiagnosticSink& sink) const;
};

namespace {

bool schema_failed(const DiagnosticSink& sink) {
  return sink.capped() ||
         std::any_of(sink.diagnostics().begin(), sink.diagnostics().end(), [](const Diagnostic& d) {
           return d.severity == Severity::Error &&
                  (d.code.starts_with("XSD") || d.code.starts_with("XML"));
         });
}

}  // namespace

bool Validator::Impl::check_schematron(const fs::path& path, FileReport& r,
                                       DiagnosticSink& sink) const {
  if (schematron == nullptr || !opts.check_schematron) return false;
  const auto entries = schematron->for_namespace(r.root_namespace);
  if (entries.empty()) return false;
  const std::string& name = r.input.name;
  std::string names;
  for (const auto* e : entries) {
    r.schematron.push_back(
        {e->name, e->file, e->version, e->sha256, SchematronUse::Status::Checked});
    names += (names.empty() ? "" : ", ") + e->name;
  }
  auto mark = [&](SchematronUse::Status s) {
    for (auto& u : r.schematron) u.status = s;
  };
  // The rules are written for schema-valid messages (KoSIT runs them only then).
  if (schema_failed(sink)) {
    mark(SchematronUse::Status::Skipped);
    Diagnostic d;
    d.severity = Severity::Note;
    d.code = "SCH211";
    d.loc = Location{name, 0, 0};
    i18n::say(d, N_("Schematron not checked ({0}): the schema step failed"), {names});
    sink.add(std::move(d));
    return false;
  }
  auto engine = SchematronEngine::instance(opts.schematron_engine);
  if (!engine) {
    mark(SchematronUse::Status::Unavailable);
    Diagnostic d;
    d.severity = opts.strict_schematron ? Severity::Error : Severity::Note;
    d.code = "SCH210";
    d.loc = Location{name, 0, 0};
    i18n::say(d, N_("Schematron not checked: install default-jre-headless libsaxonhe-java ({0})"),
              {engine.error().message});
    sink.add(std::move(d));
    return false;
  }
  bool unknown = false;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const SchematronEntry& e = *entries[i];
    auto compiled = [&] {
      std::lock_guard lock(compiled_mu);
      auto it = compiled_rules.find(e.name);
      if (it == compiled_rules.end()) {
        std::vector<fs::path> files;
        for (const auto& f : e.files) files.push_back(schematron->path(f));
        it = compiled_rules
                 .emplace(e.name, (*engine)->compile(schematron->path(e.file), files,
                                                     schematron->root() / "cache" / "schematron"))
                 .first;
      }
      return it->second;
    }();
    if (!compiled) {
      r.schematron[i].status = SchematronUse::Status::Failed;
      Diagnostic d;
      d.code = "SCH212";
      d.loc = Location{name, 0, 0};
      d.message = compiled.error().message;
      i18n::advise(d,
                   N_("fix the file and add it again with 'ozg schematron add', or remove it with "
                      "'ozg schematron remove {0}'"),
                   {e.name});
      sink.add(std::move(d));
      unknown = true;
      continue;
    }
    auto findings = (*engine)->check(**compiled, path, opts.limits.allow_doctype);
    if (!findings) {
      r.schematron[i].status = SchematronUse::Status::Failed;
      sink.error("SCH213", Location{name, 0, 0}, e.name + ": " + findings.error().message);
      continue;
    }
    for (auto& f : *findings) sink.add(schematron_diagnostic(std::move(f), name));
  }
  return unknown;
}

Validator::Validator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Validator::~Validator() = default;

Result<std::unique_ptr<Validator>> Validator::create(const SchemaRepository& repo,
                                                     ValidateOptions options,
                                                     const CodeListRepository* lists,
                                                     const SchematronRepository* rules) {
  auto impl = std::make_unique<Impl>(repo, std::move(options), lists, rules);
  if (impl->opts.schema) {
    const std::string& s = *impl->opts.schema;
    std::error_code ec;
    if (fs::is_regular_file(s, ec)) {
      impl->override_path = fs::absolute(s).lexically_normal();
      impl->override_name = s;
    } else if (auto e = repo.lookup(s)) {
      impl->override_path = repo.file_path(**e);
      impl->override_name = (*e)->path;
    } else if (e.error().code == "REPO009") {
      return std::unexpected(within(e.error(), N_("--schema {0}")));
    } else {
      return fail(ErrorKind::Config, "XSD115",
                  N_("--schema {0}: neither a readable file nor a schema in the repository"), {s},
                  N_("give a path to an .xsd, or a name from 'ozg schemas list'"));
    }
  }
  impl->opts.jobs = std::max(1u, impl->opts.jobs);
  return std::unique_ptr<Validator>(new Validator(std::move(impl)));
}

FileReport Validator::Impl::validate(const Input& input, Worker& w) {
  const auto start = std::chrono::steady_clock::now();
  FileReport r;
  r.input = input;
  DiagnosticSink sink(opts.max_errors);
  sink.set_overrides(severities);
  auto finish = [&](std::optional<Verdict> forced = std::nullopt) {
    r.errors = sink.error_count();
    r.warnings = sink.warning_count();
    r.diagnostics = sink.take();
    r.verdict = forced ? *forced : (r.errors > 0 ? Verdict::Invalid : Verdict::Valid);
    // With --scenarios every file is accepted or rejected: one that is not well-formed (or has
    // a DOCTYPE, or is empty) never reaches a scenario, and KoSIT rejects it.
    if (runner && !r.scenario) r.scenario = ScenarioUse{};
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::move(r);
  };

  StdinSpool spool;
  fs::path path = input.path;
  int fd = -1;  // the message, opened once its checks passed
  if (input.is_stdin) {
    auto spooled = spool.fill_from_stdin();
    if (!spooled) {
      sink.error("XML007", Location{input.name, 0, 0}, spooled.error().message);
      return finish(Verdict::Unchecked);
    }
    path = *spooled;
  } else if (!input.unreadable.empty()) {
    sink.error("XML007", Location{input.name, 0, 0}, input.unreadable, {},
               N_("check the folder's permissions; nothing in it was checked"));
    return finish(Verdict::Unchecked);
  } else {
    // One stat for type and size (std::filesystem would make one for each).
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      sink.error("XML007", Location{input.name, 0, 0}, N_("no such file"), {},
                 N_("check the path; folders are searched recursively for *.xml"));
      return finish(Verdict::Unchecked);
    }
    if (!S_ISREG(st.st_mode)) {
      sink.error("XML007", Location{input.name, 0, 0}, N_("not a regular file"));
      return finish(Verdict::Unchecked);
    }
    // Opened here rather than asked about with access(): the open is needed anyway.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      sink.error("XML007", Location{input.name, 0, 0}, N_("cannot be read (permission denied?)"));
      return finish(Verdict::Unchecked);
    }
    r.bytes = static_cast<std::uintmax_t>(st.st_size);
  }
  if (input.is_stdin) {
    std::error_code ec;
    r.bytes = fs::file_size(path, ec);
  }

  const xml::Document doc = xml::Document::load(path, r.bytes, fd);
  auto root = w.parser.peek_root(doc, input.name, sink);
  if (!root) return finish();
  r.root_namespace = root->ns;
  r.root_element = root->local;

  fs::path schema_file;
  ScenarioRunner::Run scenario;
  if (runner) {
    if (!runner->select(path, r, sink, scenario)) {
      if (scenario.unreadable.empty()) return finish(Verdict::Unchecked);
      // Not well-formed, most likely: ozg's parser says where and why, and the file is
      // rejected; only when it finds nothing is Saxon's own reason the finding.
      const std::size_t errors = sink.error_count();
      w.parser.validate(doc, input.name, nullptr, sink);
      if (sink.error_count() > errors) return finish();
      sink.error("SCH213", Location{input.name, 0, 0}, scenario.unreadable);
      return finish(Verdict::Unchecked);
    }
    if (scenario.scenario != nullptr) {
      const ScenarioResource& xsd = scenario.scenario->schemas.front();
      schema_file = xsd.path;
      r.schema = xsd.location;
      r.schema_reason = {N_("scenario '{0}'"), {scenario.scenario->name}};
    }
  } else if (!override_path.empty()) {
    schema_file = override_path;
    r.schema = override_name;
    r.schema_reason = {N_("named with --schema")};
  } else if (root->ns.empty()) {
    Diagnostic d = i18n::make(Severity::Error, "XSD111", Location{input.name, 0, 0},
                              N_("root element '{0}' has no namespace, so no schema can be chosen"),
                              {root->local}, "/" + root->local);
    auto known = repo.namespaces_declaring(root->local);
    if (!known.empty()) {
      i18n::advise(d,
                   N_("schemas in the repository declare '{0}' in namespace {1}; is the xmlns "
                      "declaration missing or misspelt?"),
                   {root->local, known.front()});
    } else {
      i18n::advise(
          d,
          N_("declare the message's namespace on the root element, or name a schema with --schema"),
          {});
    }
    sink.add(std::move(d));
  } else {
    const SchemaChoice choice = choose(root->ns, root->local);
    if (choice.entry != nullptr) {
      schema_file = repo.file_path(*choice.entry);
      r.schema = choice.entry->path;
      r.schema_reason = choice.reason;
    } else if (!repo.by_namespace(root->ns).empty()) {
      Diagnostic d = i18n::make(Severity::Error, "XSD114", Location{input.name, 0, 0},
                                N_("no schema for namespace {0} declares a root element '{1}'"),
                                {root->ns, root->local}, "/" + root->local);
      d.remedy = Remedy{Remedy::Kind::ListRootElements, {root->ns}};
      sink.add(std::move(d));
    } else if (repo.entries().empty()) {
      // Nothing installed at all is a configuration problem, not a verdict on the message.
      Diagnostic d = i18n::make(Severity::Error, "XSD110", Location{input.name, 0, 0},
                                N_("the schema repository at {0} is empty"), {repo.root().string()},
                                "/" + root->local);
      d.remedy = Remedy{Remedy::Kind::InstallSchema, {}};
      sink.add(std::move(d));
      return finish(Verdict::Unchecked);
    } else {
      Diagnostic d =
          i18n::make(Severity::Error, "XSD110", Location{input.name, 0, 0},
                     N_("no schema installed for namespace {0}"), {root->ns}, "/" + root->local);
      d.remedy = Remedy{Remedy::Kind::InstallSchema, {root->ns}};
      sink.add(std::move(d));
    }
  }

  if (schema_file.empty()) {
    w.parser.validate(doc, input.name, nullptr, sink);  // still report well-formedness
    return finish();
  }
  const Compiled& slot = compiled(schema_file);
  if (!slot.schema) {
    std::string first =
        slot.problems.empty() ? std::string("unknown error") : slot.problems.front().message;
    Diagnostic d = i18n::make(Severity::Error, "XSD112", Location{input.name, 0, 0},
                              N_("schema {0} does not compile: {1}"), {r.schema, first});
    d.remedy = Remedy{Remedy::Kind::FixSchema, {r.schema}};
    sink.add(std::move(d));
    for (const auto& p : slot.problems) {
      Diagnostic note = p;
      note.severity = Severity::Note;
      sink.add(std::move(note));
    }
    return finish(Verdict::Unchecked);
  }
  // Code values are checked in the same pass, as the validating reader meets them; so are check
  // digits and eCH ids. Only municipality numbers checked against a complete register wait for
  // the end of the pass, which knows the event date (CL206); so that memory does not grow with
  // the message, beyond kMaxDatedIds of them the rest are checked undated as they come.
  const xml::CodeCallback on_code = [&](const CodeValue& v) { checker->check(v, sink, r.codes); };
  constexpr std::size_t kMaxDatedIds = 100'000;
  std::vector<TypedValue> ech_ids;
  const xml::TypedCallback on_typed = [&](const TypedValue& v) {
    switch (v.kind) {
      case IdKind::Vn:
      case IdKind::Uid:
      case IdKind::Iban:
      case IdKind::SteuerId:
        check_identifier(v, sink);
        break;
      default:
        if (!checker) break;
        if (ech_ids.size() < kMaxDatedIds && checker->dated(v)) {
          ech_ids.push_back(v);
        } else {
          checker->check_ech(v, {}, sink, r.codes);
        }
        break;
    }
  };
  xml::FactsCollector facts(&x509::certificate_subject);
  const std::size_t first_finding = sink.diagnostics().size();
  w.parser.validate(doc, input.name, slot.schema, sink,
                    {checker ? &on_code : nullptr, &facts, &on_typed});
  r.facts = facts.finish();
  r.facts->bytes = r.bytes;
  if (!ech_ids.empty()) {
    const std::string date = event_day(*r.facts);
    for (const auto& v : ech_ids) checker->check_ech(v, date, sink, r.codes);
  }
  check_rules(input, *r.facts, sink);
  sink.order_by_position(first_finding);
  const std::size_t errors_before = sink.error_count();
  const bool schema_ok = !schema_failed(sink);
  const bool unknown = runner ? runner->check_schematron(scenario, r, sink, !schema_ok)
                              : check_schematron(path, r, sink);
  if (runner) runner->accept(scenario, path, r, sink, !schema_ok);
  // Rules that do not compile leave the verdict open, unless the message has other errors.
  if (unknown && errors_before == 0 &&
      std::all_of(sink.diagnostics().begin(), sink.diagnostics().end(), [](const Diagnostic& d) {
        return d.severity != Severity::Error || d.code == "SCH212";
      }))
    return finish(Verdict::Unchecked);
  return finish();
}

FileReport Validator::validate(const Input& input) {
  Impl::Worker worker(impl_->limits());
  return impl_->validate(input, worker);
}

struct Validator::Session::State {
  State(Impl* i, xml::XmlLimits limits) : impl(i), worker(limits) {}
  Impl* impl;
  Impl::Worker worker;
};

Validator::Session::Session(std::unique_ptr<State> state) : state_(std::move(state)) {}
Validator::Session::~Session() = default;

FileReport Validator::Session::validate(const Input& input) {
  return state_->impl->validate(input, state_->worker);
}

std::unique_ptr<Validator::Session> Validator::session() {
  xml::prepare_for_threads();  // sessions may validate at the same time, as run()'s workers do
  auto state = std::make_unique<Session::State>(impl_.get(), impl_->limits());
  return std::unique_ptr<Session>(new Session(std::move(state)));
}

void Validator::run(const std::vector<Input>& inputs,
                    const std::function<void(std::size_t, FileReport&&)>& on_report) {
  // A thread costs little now that all share one grammar, but a few files are done before a
  // second thread has started.
  constexpr std::size_t kFilesPerWorker = 8;
  const unsigned jobs = static_cast<unsigned>(
      std::clamp<std::size_t>(inputs.size() / kFilesPerWorker, 1, impl_->opts.jobs));
  if (jobs <= 1) {
    Impl::Worker worker(impl_->limits());
    for (std::size_t i = 0; i < inputs.size(); ++i)
      on_report(i, impl_->validate(inputs[i], worker));
    return;
  }
  xml::prepare_for_threads();
  // Reports are handed over in input order. The main thread sleeps until a run of them is
  // ready (kBatch, or all that remain), not once per file: a wake-up per file cost a futex
  // call each way.
  constexpr std::size_t kBatch = 16;
  std::vector<std::optional<FileReport>> done(inputs.size());
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<std::size_t> next{0};
  std::size_t ready = 0;     // done[0, ready) are all there; guarded by mu
  std::size_t consumed = 0;  // the main thread has taken done[0, consumed); guarded by mu
  bool waiting = false;      // the main thread sleeps on cv; guarded by mu
  std::vector<std::jthread> threads;
  for (unsigned t = 0; t < jobs; ++t) {
    threads.emplace_back([&] {
      Impl::Worker worker(impl_->limits());
      for (std::size_t i = next++; i < inputs.size(); i = next++) {
        FileReport rep = impl_->validate(inputs[i], worker);
        bool wake = false;
        {
          std::lock_guard lock(mu);
          done[i] = std::move(rep);
          while (ready < done.size() && done[ready].has_value()) ++ready;
          wake = waiting && (ready - consumed >= kBatch || ready == done.size());
        }
        if (wake) cv.notify_one();
      }
    });
  }
  std::vector<FileReport> batch;
  while (consumed < inputs.size()) {
    {
      std::unique_lock lock(mu);
      waiting = true;
      cv.wait(lock, [&] { return ready - consumed >= kBatch || ready == done.size(); });
      waiting = false;
      for (; consumed < ready; ++consumed) {
        batch.push_back(std::move(*done[consumed]));
        done[consumed].reset();
      }
    }
    const std::size_t first = consumed - batch.size();
    for (std::size_t k = 0; k < batch.size(); ++k) on_report(first + k, std::move(batch[k]));
    batch.clear();
  }
}

}  // namespace xoev
