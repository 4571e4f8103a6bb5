// The mapping engine on small mappings written by the tests: the language (values, each, when,
// context, copy, value maps, params, split, extends), every diagnostic with its location, the
// three source and target formats, and the canonical comparison of examples.

#include "xoev/mapping/mapping.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "xoev/mapping/batch.hpp"

namespace xoev {
namespace {

using ozg_test::TempDir;

struct Loaded {
  std::optional<Mapping> mapping;
  std::vector<Diagnostic> diagnostics;
};

Loaded load(const std::filesystem::path& file) {
  DiagnosticSink sink;
  auto m = Mapping::load(file, sink);
  Loaded l;
  if (m) l.mapping.emplace(std::move(*m));
  l.diagnostics = sink.take();
  return l;
}

/// The first diagnostic with `code`, or nullptr.
const Diagnostic* find(const std::vector<Diagnostic>& ds, std::string_view code) {
  for (const auto& d : ds)
    if (d.code == code) return &d;
  return nullptr;
}

std::string codes(const std::vector<Diagnostic>& ds) {
  std::string s;
  for (const auto& d : ds)
    s += d.code + " " + d.loc.file + ":" + std::to_string(d.loc.line) + ":" +
         std::to_string(d.loc.column) + " " + d.message + "\n";
  return s;
}

constexpr const char* kPersonJson = R"~({
  "person": {"last": "Muster", "first": " Anna ", "sex": "female", "born": "12.04.1985"},
  "members": [{"first": "Lea", "sex": "female"}, {"first": "Tim", "sex": "male"}],
  "note": null
})~";

TransformResult run(const Mapping& m, const std::filesystem::path& in, Params params = {}) {
  TransformOptions o;
  o.params = std::move(params);
  o.now = parse_clock("2026-03-01T09:30:00Z");
  o.uuid_seed = 7;
  return m.transform(in, in.filename().string(), o);
}

TEST(Mapping, JsonToXmlWithValuesEachWhenAndMaps) {
  TempDir t;
  const auto in = t.write("in.json", kPersonJson);
  const auto file = t.write("m.yaml", R"~(
source: {format: json}
target:
  root: p:person
  namespaces: {p: "urn:test:p", q: "urn:test:q"}
params:
  sender: {required: true}
valuemaps:
  sex: {values: {female: "2", male: "1"}}
rules:
  - {target: "@version", value: "1.0"}
  - {target: p:sender, from: $sender}
  - {target: name/q:last, from: person/last, required: true}
  - {target: name/q:first, from: trim(person/first)}
  - {target: upper, from: upper(person/last)}
  - {target: born, from: "date(person/born, '%d.%m.%Y')"}
  - {target: sex, from: person/sex, map: sex}
  - {target: when, value: "{now('%Y')}-{uuid()}"}
  - {target: missing, from: person/none}
  - {target: defaulted, from: person/none, default: "x"}
  - each: members
    target: member
    when: "sex = 'female'"
    rules:
      - {target: first, from: first}
  - target: empty-group
    rules:
      - {target: inner, from: person/none}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, in, {{"sender", "T1-1-1"}});
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  ASSERT_EQ(r.outputs.size(), 1u);
  const std::string& x = r.outputs[0];
  EXPECT_NE(x.find(R"~(<p:person xmlns:p="urn:test:p" xmlns:q="urn:test:q" version="1.0">)~"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<p:sender>T1-1-1</p:sender>"), std::string::npos);
  EXPECT_NE(x.find("<p:name>\n    <q:last>Muster</q:last>\n    <q:first>Anna</q:first>"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<p:upper>MUSTER</p:upper>"), std::string::npos);
  EXPECT_NE(x.find("<p:born>1985-04-12</p:born>"), std::string::npos);
  EXPECT_NE(x.find("<p:sex>2</p:sex>"), std::string::npos);
  EXPECT_NE(x.find("<p:when>2026-"), std::string::npos);
  EXPECT_EQ(x.find("missing"), std::string::npos);
  EXPECT_NE(x.find("<p:defaulted>x</p:defaulted>"), std::string::npos);
  EXPECT_NE(x.find("<p:member>\n    <p:first>Lea</p:first>\n  </p:member>"), std::string::npos)
      << x;
  EXPECT_EQ(x.find("Tim"), std::string::npos);
  EXPECT_EQ(x.find("empty-group"), std::string::npos) << "empty groups are pruned";

  // Seeded uuid() and a fixed clock make the output reproducible.
  EXPECT_EQ(run(*l.mapping, in, {{"sender", "T1-1-1"}}).outputs, r.outputs);
}

TEST(Mapping, RequiredValueMissingIsLocatedInTheInputAndNamesTheRule) {
  TempDir t;
  const auto in = t.write("in.json", kPersonJson);
  const auto file = t.write("m.yaml", R"~(source: {format: json}
target: {root: person, namespaces: {}}
rules:
  - each: members
    target: member
    rules:
      - {target: last, from: last, required: true}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, in);
  EXPECT_EQ(r.errors, 2u) << codes(r.diagnostics);
  EXPECT_TRUE(r.outputs.empty());
  const Diagnostic* d = find(r.diagnostics, "MAP310");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->loc.file, "in.json");
  EXPECT_EQ(d->loc.line, 3u);
  EXPECT_EQ(d->loc.column, 15u);
  EXPECT_EQ(d->path, "/members/0");
  EXPECT_NE(
      d->message.find("'last' is empty or selects nothing (rule at " + file.string() + ":7:9)"),
      std::string::npos)
      << d->message;
}

// Issue 11.15: errors about a member's value were located at its object ("badform.json:2:3 at
// /applicant" for lastName); they are located at the member, its key's line and column.
TEST(Mapping, DataErrorsAboutAJsonMemberAreLocatedAtTheMember) {
  TempDir t;
  const auto in = t.write("badform.json", R"~({
  "applicant": {
    "firstName": "Anna",
    "lastName": "",
    "sex": "diverse",
    "born": "31.02.1985"
  }
})~");
  const auto file = t.write("m.yaml", R"~(source: {format: json}
target: {root: person}
valuemaps:
  sex: {values: {female: "2", male: "1"}}
rules:
  - context: applicant
    target: person
    rules:
      - {target: last, from: lastName, required: true}
      - {target: sex, from: sex, map: sex}
      - {target: born, from: "date(born, '%d.%m.%Y')"}
      - {target: middle, from: middleName, required: true}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, in);
  ASSERT_EQ(r.diagnostics.size(), 4u) << codes(r.diagnostics);
  auto where = [](const Diagnostic& d) {
    return d.code + " " + d.loc.file + ":" + std::to_string(d.loc.line) + ":" +
           std::to_string(d.loc.column) + " at " + d.path;
  };
  EXPECT_EQ(where(r.diagnostics[0]), "MAP310 badform.json:4:5 at /applicant/lastName");
  EXPECT_EQ(where(r.diagnostics[1]), "MAP311 badform.json:5:5 at /applicant/sex");
  EXPECT_EQ(where(r.diagnostics[2]), "MAP312 badform.json:6:5 at /applicant/born");
  // A member that is not there has no position of its own: its object's.
  EXPECT_EQ(where(r.diagnostics[3]), "MAP310 badform.json:2:3 at /applicant");
}

TEST(Mapping, UnmappedCodeNamesTheValueMap) {
  TempDir t;
  const auto in = t.write("in.json", R"~({"sex": "diverse"})~");
  const auto file = t.write("m.yaml", R"~(source: {format: json}
target: {root: person}
valuemaps:
  sex: {values: {female: "2", male: "1"}}
rules:
  - {target: sex, from: sex, map: sex}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, in);
  const Diagnostic* d = find(r.diagnostics, "MAP311");
  ASSERT_NE(d, nullptr) << codes(r.diagnostics);
  EXPECT_EQ(d->message.substr(0, 68),
            "value 'diverse' is not in value map 'sex' (known: 'female', 'male') ");
  ASSERT_TRUE(d->hint);
  EXPECT_NE(d->hint->find(file.string() + ":4"), std::string::npos);
}

TEST(Mapping, LoadErrorsCarryTheirYamlPosition) {
  TempDir t;
  struct Case {
    const char* yaml;
    const char* code;
    uint32_t line;
    uint32_t column;
  };
  const Case cases[] = {
      {"rules:\n  - target: a\n    from: [\n", "MAP301", 4, 1},
      {"rules:\n  - target: a\n    form: x\n", "MAP302", 3, 5},
      {"rules:\n  - target: a\n    from: \"substring(x\"\n", "MAP305", 3, 11},
      {"rules:\n  - target: a\n    from: nosuch(x)\n", "MAP306", 3, 11},
      {"rules:\n  - target: a\n    from: $nope\n", "MAP307", 3, 11},
      {"rules:\n  - target: a\n    from: x\n    map: colours\n", "MAP308", 4, 10},
      {"rules:\n  - target: z:a\n    from: x\n", "MAP309", 2, 5},
      {"rules:\n  - target: a//b\n    from: x\n", "MAP303", 2, 13},
      {"include: [codes/nosuch.yaml]\nrules:\n  - {target: a, from: x}\n", "MAP301", 1, 11},
  };
  for (const auto& c : cases) {
    const auto file = t.write("m.yaml", std::string("target: {root: r}\n") + c.yaml);
    auto l = load(file);
    EXPECT_FALSE(l.mapping) << c.code;
    const Diagnostic* d = find(l.diagnostics, c.code);
    ASSERT_NE(d, nullptr) << c.code << ": " << codes(l.diagnostics);
    EXPECT_EQ(d->loc.file, file.string());
    EXPECT_EQ(d->loc.line, c.line + 1) << c.code;  // +1: the target line above
    EXPECT_EQ(d->loc.column, c.column) << c.code;
  }
}

TEST(Mapping, AliasesCountAsCopiesAndAreBounded) {
  TempDir t;
  // 9 levels of 10 aliases: under a kilobyte that reads as 10^8 rules. Refused at the alias
  // that passes the bound, before any rule is read.
  std::string bomb = "target: {root: r}\nrules:\n  - &a0 {target: x, value: v}\n";
  for (int level = 1; level <= 8; ++level) {
    bomb += "  - &a" + std::to_string(level) + " {target: x, rules: [";
    for (int k = 0; k < 10; ++k) bomb += (k > 0 ? ", *a" : "*a") + std::to_string(level - 1);
    bomb += "]}\n";
  }
  ASSERT_LT(bomb.size(), 1024u);
  const auto file = t.write("bomb.yaml", bomb);
  auto l = load(file);
  EXPECT_FALSE(l.mapping);
  ASSERT_EQ(l.diagnostics.size(), 1u) << codes(l.diagnostics);
  EXPECT_EQ(codes(l.diagnostics),
            "MAP321 " + file.string() +
                ":8:29 alias *a4 makes the mapping larger than 100000 YAML nodes: an alias counts "
                "as a copy of all the nodes of its anchor\n");

  // An alias inside the node it names would be an endless structure (it crashed the reader).
  const auto loop =
      t.write("loop.yaml", "target: {root: r}\nrules:\n  - &r {target: x, rules: [*r]}\n");
  auto ll = load(loop);
  EXPECT_FALSE(ll.mapping);
  EXPECT_EQ(codes(ll.diagnostics),
            "MAP321 " + loop.string() +
                ":3:28 alias *r stands for a node that contains it: the structure would never "
                "end\n");

  // Size: the bound holds for all the files of a mapping together.
  const auto big = t.write("big.yaml", std::string(3u << 20, '#') + "\n");
  const auto top = t.write(
      "top.yaml", "# " + std::string(2u << 20, '-') + "\nextends: big.yaml\ntarget: {root: r}\n");
  auto lb = load(top);
  EXPECT_FALSE(lb.mapping);
  EXPECT_EQ(codes(lb.diagnostics),
            "MAP321 " + top.string() + ":2:10 mapping file " + big.string() +
                " makes the mapping larger than 4 MiB (with everything it extends and "
                "includes)\n");

  // Aliases used as they are meant to, a rule placed twice, still work.
  const auto in = t.write("in.json", R"~({"a": "1"})~");
  const auto ok = t.write("ok.yaml", R"~(source: {format: json}
target: {root: r}
rules:
  - target: first
    rules: [&a {target: a, from: a}]
  - target: second
    rules: [*a]
)~");
  auto lo = load(ok);
  ASSERT_TRUE(lo.mapping) << codes(lo.diagnostics);
  auto r = run(*lo.mapping, in);
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  EXPECT_EQ(r.outputs[0],
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <first>\n    <a>1</a>\n  "
            "</first>\n  <second>\n    <a>1</a>\n  </second>\n</r>\n");
}

TEST(Mapping, RulesOfOneFileMergeLikeAnOverlay) {
  // Each rule is merged into the rules before it, as an overlay's would be: a later rule with
  // the same target path replaces an earlier one, one below a group's path goes into the group.
  // (Decided from an index now: comparing every rule with every earlier one took 40 s for
  // 50,000 rules.)
  TempDir t;
  std::string m = "source: {format: json}\ntarget: {root: r}\nrules:\n";
  for (int i = 0; i < 19000; ++i) m += "  - {target: a" + std::to_string(i) + ", from: a}\n";
  m += "  - {target: a7, value: replaced}\n  - {target: g, rules: [{target: b, from: a}]}\n"
       "  - {target: g/c, value: C}\n";
  const auto file = t.write("m.yaml", m);
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, t.write("in.json", R"~({"a": "1"})~"));
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  EXPECT_NE(r.outputs[0].find("<a6>1</a6>\n  <a7>replaced</a7>\n  <a8>1</a8>"), std::string::npos);
  EXPECT_NE(
      r.outputs[0].find("<a18999>1</a18999>\n  <g>\n    <b>1</b>\n    <c>C</c>\n  </g>\n</r>"),
      std::string::npos);
}

TEST(Mapping, ReadsOnlyFilesInsideItsFolderOrPackage) {
  TempDir t;
  namespace fs = std::filesystem;
  fs::create_directories(t.path() / "pkg" / "sub");
  t.write("outside.yaml", "SECRET-MARKER-4711: root:x:0:0\n");
  fs::create_symlink("../../outside.yaml", t.path() / "pkg" / "sub" / "link.yaml");
  t.write("pkg/base.yaml", "source: {format: json}\ntarget: {root: r}\n");
  t.write("pkg/sub/codes.yaml", "valuemaps: {c: {values: {a: b}}}\n");
  const auto in = t.write("in.json", R"~({"a": "a"})~");
  const std::string outside = (t.path() / "outside.yaml").string();
  struct Case {
    std::string yaml;
    std::string diagnostic;
  };
  const std::string sub = fs::weakly_canonical(t.path() / "pkg" / "sub").string();
  const Case cases[] = {
      {"include: [" + outside + "]",
       ":1:11 include '" + outside + "' is an absolute path; name it relative to this file"},
      {"include: [../../outside.yaml]", ":1:11 include '../../outside.yaml' leads outside " + sub +
                                            ", the folder the mapping may "
                                            "read"},
      {"include: [link.yaml]",
       ":1:11 include 'link.yaml' leads outside " + sub + ", the folder the mapping may read"},
      {"extends: ../../outside.yaml", ":1:10 extends '../../outside.yaml' leads outside " + sub +
                                          ", the folder the mapping may read"},
      {"extends: ../base.yaml",
       ":1:10 extends '../base.yaml' leads outside " + sub + ", the folder the mapping may read"},
      {"target: {root: r, schema: ../../outside.yaml}",
       ":1:27 target.schema '../../outside.yaml' leads outside " + sub +
           ", the folder the mapping may read"},
  };
  for (const auto& c : cases) {
    const auto file =
        t.write("pkg/sub/m.yaml",
                c.yaml + (c.yaml.starts_with("target") ? "" : "\ntarget: {format: json}") +
                    "\nsource: {format: json}\nrules: [{target: a, from: a}]\n");
    auto l = load(file);
    EXPECT_FALSE(l.mapping) << c.yaml;
    EXPECT_EQ(codes(l.diagnostics), "MAP322 " + file.string() + c.diagnostic + "\n");
  }

  // Inside the folder, and with an ozg-package.yaml above, '..' within the package is fine.
  t.write("pkg/ozg-package.yaml", "# a package\n");
  const auto file = t.write("pkg/sub/m.yaml",
                            "extends: ../base.yaml\ninclude: [codes.yaml]\n"
                            "rules: [{target: a, from: a, map: c}]\n");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, in);
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  EXPECT_NE(r.outputs[0].find("<a>b</a>"), std::string::npos) << r.outputs[0];
  // The package does not reach further up.
  const auto up =
      t.write("pkg/sub/up.yaml", "extends: ../../outside.yaml\ntarget: {format: json}\n");
  EXPECT_EQ(codes(load(up).diagnostics), "MAP322 " + up.string() +
                                             ":1:10 extends '../../outside.yaml' leads outside " +
                                             fs::weakly_canonical(t.path() / "pkg").string() +
                                             ", the folder the mapping may read\n");
}

TEST(Mapping, UnknownKeyAndFunctionSuggestTheNearest) {
  TempDir t;
  const auto file = t.write("m.yaml",
                            "target: {root: r}\nrules:\n  - {target: a, form: x}\n"
                            "  - {target: b, from: uper(x)}\n");
  auto l = load(file);
  const Diagnostic* key = find(l.diagnostics, "MAP302");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->hint.value_or(""), "did you mean 'from'?");
  const Diagnostic* fn = find(l.diagnostics, "MAP306");
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(fn->hint.value_or(""), "did you mean 'upper'?");
}

// Issue 11.15: an overlay's misspelt value map ('religon:' for 'religion:') was accepted and
// did nothing. A map the base does not have is refused unless a rule uses it.
TEST(Mapping, AnOverlaysValueMapThatNothingUsesIsRefused) {
  TempDir t;
  t.write("base.yaml", R"~(source: {format: json}
target: {format: json}
valuemaps:
  religion: {values: {rk: "121"}}
rules:
  - {target: r, from: r, map: religion}
)~");
  const auto typo = t.write("typo.yaml",
                            "extends: base.yaml\nvaluemaps:\n"
                            "  religon: {values: {free: \"812\"}}\n");
  auto l = load(typo);
  EXPECT_FALSE(l.mapping);
  EXPECT_EQ(codes(l.diagnostics), "MAP308 " + typo.string() +
                                      ":3:3 value map 'religon' is not in the mapping this file "
                                      "extends, and no rule uses it\n");
  EXPECT_EQ(l.diagnostics.at(0).hint.value_or(""),
            "did you mean 'religion'? an overlay's value map adds to the base's map of the same "
            "name");
  // Extending the base's map, or adding one that the overlay's own rule uses, is fine.
  const auto ok = t.write("ok.yaml", R"~(extends: base.yaml
valuemaps:
  religion: {values: {free: "812"}}
  sex: {values: {female: "2"}}
rules:
  - {target: s, from: s, map: sex}
)~");
  auto good = load(ok);
  EXPECT_TRUE(good.mapping) << codes(good.diagnostics);
}

TEST(Mapping, ExtendsOverlaysReplaceAddAndRemoveRulesAndRejectCycles) {
  TempDir t;
  const auto in = t.write("in.json", R"~({"a": "1", "b": "2", "c": "ch"})~");
  t.write("base.yaml", R"~(source: {format: json}
target: {root: r}
params:
  who: {default: base}
valuemaps:
  country: {values: {ch: CH}}
rules:
  - target: head
    rules:
      - {target: a, from: a}
      - {target: b, from: b}
  - {name: who, target: who, from: $who}
  - {target: country, from: c, map: country}
)~");
  t.write("middle.yaml", "extends: base.yaml\nparams: {who: {default: middle}}\n");
  const auto top = t.write("top.yaml", R"~(extends: middle.yaml
valuemaps:
  country: {values: {ch: SUI}}
rules:
  - {target: head/a, value: "A"}
  - {target: head/b, remove: true}
  - {target: head/c, value: "C"}
)~");
  auto l = load(top);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, in);
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  EXPECT_EQ(r.outputs[0],
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <head>\n    <a>A</a>\n"
            "    <c>C</c>\n  </head>\n  <who>middle</who>\n  <country>SUI</country>\n</r>\n");

  t.write("x.yaml", "extends: y.yaml\n");
  const auto y = t.write("y.yaml", "extends: x.yaml\n");
  auto cyc = load(y);
  EXPECT_FALSE(cyc.mapping);
  const Diagnostic* d = find(cyc.diagnostics, "MAP304");
  ASSERT_NE(d, nullptr) << codes(cyc.diagnostics);
  EXPECT_EQ(d->message, "'extends' cycle: y.yaml -> x.yaml -> y.yaml");
  EXPECT_EQ(d->loc.line, 1u);
}

TEST(Mapping, XmlSourceCopyRenamesNamespacesAndJoinsWithAs) {
  TempDir t;
  const auto in = t.write("in.xml", R"~(<?xml version="1.0"?>
<a:root xmlns:a="urn:a:1" xmlns:b="urn:b:1">
  <a:person id="7"><b:name>Muster</b:name><!-- c --></a:person>
  <a:origin><a:name>Beispielwil</a:name></a:origin>
  <a:addon><a:for>Beispielwil</a:for><a:date>2001-01-01</a:date></a:addon>
</a:root>)~");
  const auto file = t.write("m.yaml", R"~(source:
  namespaces: {a: "urn:a:1"}
target:
  root: x:root
  namespaces: {x: "urn:a:2", y: "urn:b:2"}
rename-namespaces: {"urn:a:1": "urn:a:2", "urn:b:1": "urn:b:2"}
rules:
  - {copy: a:person}
  - each: a:origin
    as: o
    target: originInfo
    rules:
      - {target: name, from: a:name}
      - {target: date, from: "/a:root/a:addon[a:for = $o/a:name]/a:date"}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, in);
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  EXPECT_NE(r.outputs[0].find("<x:person id=\"7\">\n    <y:name>Muster</y:name>\n  </x:person>"),
            std::string::npos)
      << r.outputs[0];
  EXPECT_NE(r.outputs[0].find("<x:date>2001-01-01</x:date>"), std::string::npos) << r.outputs[0];
}

TEST(Mapping, SplitGivesOneDocumentPerNodeAndJsonAndCsvTargets) {
  TempDir t;
  const auto in = t.write("in.json", kPersonJson);
  const auto split = t.write("s.yaml", R"~(source: {format: json}
target: {format: json}
split: members
rules:
  - {target: first, from: first}
  - {target: adult, value: "false", type: boolean}
  - {target: n, from: "count(../members)", type: number}
)~");
  auto s = load(split);
  ASSERT_TRUE(s.mapping) << codes(s.diagnostics);
  EXPECT_TRUE(s.mapping->splits());
  auto r = run(*s.mapping, in);
  ASSERT_EQ(r.outputs.size(), 2u) << codes(r.diagnostics);
  EXPECT_EQ(nlohmann::json::parse(r.outputs[1]),
            nlohmann::json::parse(R"~({"first":"Tim","adult":false,"n":2})~"));

  const auto csv = t.write("c.yaml", R"~(source: {format: json}
target: {format: csv, columns: [first, sex]}
rules:
  - each: members
    target: row
    rules:
      - {target: first, from: "concat(first, ', \"x\"')"}
      - {target: sex, from: sex}
)~");
  auto c = load(csv);
  ASSERT_TRUE(c.mapping) << codes(c.diagnostics);
  auto rc = run(*c.mapping, in);
  ASSERT_EQ(rc.errors, 0u) << codes(rc.diagnostics);
  EXPECT_EQ(rc.csv_header, "first,sex\n");
  EXPECT_EQ(rc.outputs[0], "\"Lea, \"\"x\"\"\",female\n\"Tim, \"\"x\"\"\",male\n");
}

TEST(Mapping, CsvCellsThatSpreadsheetsWouldRunAreNeutralised) {
  TempDir t;
  // Values of a message, as a spreadsheet would take them: formulas, and numbers.
  const auto in = t.write("in.json", R"~({"rows": [
  {"v": "=cmd|' /C calc'!A0"}, {"v": "@SUM(A1:A9)"}, {"v": "+HYPERLINK(\"http://x\",\"y\")"},
  {"v": "-2+3"}, {"v": "\tx"}, {"v": "\r=1"}, {"v": "-"}, {"v": "-12.5"}, {"v": "+41"},
  {"v": "-0,75"}, {"v": "1-2"}, {"v": "a=b"}, {"v": "12.5.1"}]})~");
  const auto file = t.write("m.yaml", R"~(source: {format: json}
target: {format: csv, columns: [v, "=x"]}
rules:
  - each: rows
    target: row
    rules:
      - {target: v, from: v}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  TransformOptions o;
  auto r = l.mapping->transform(in, "in.json", o);
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  EXPECT_EQ(r.csv_header, "v,'=x\n");
  EXPECT_EQ(r.outputs[0],
            "'=cmd|' /C calc'!A0,\n"
            "'@SUM(A1:A9),\n"
            "\"'+HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\n"
            "'-2+3,\n"
            "'\tx,\n"
            "\"'\r=1\",\n"
            "'-,\n"
            "-12.5,\n"
            "+41,\n"
            "\"-0,75\",\n"
            "1-2,\n"
            "a=b,\n"
            "12.5.1,\n");

  o.csv_keep_formulas = true;
  auto k = l.mapping->transform(in, "in.json", o);
  ASSERT_EQ(k.errors, 0u) << codes(k.diagnostics);
  EXPECT_EQ(k.csv_header, "v,=x\n");
  EXPECT_EQ(k.outputs[0],
            "=cmd|' /C calc'!A0,\n"
            "@SUM(A1:A9),\n"
            "\"+HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\n"
            "-2+3,\n"
            "\tx,\n"
            "\"\r=1\",\n"
            "-,\n"
            "-12.5,\n"
            "+41,\n"
            "\"-0,75\",\n"
            "1-2,\n"
            "a=b,\n"
            "12.5.1,\n");
}

TEST(Mapping, CsvSourceRowsAndHostileInputs) {
  TempDir t;
  const auto file = t.write("m.yaml", R"~(source: {format: csv}
target: {root: list}
rules:
  - {each: row, target: name, from: "concat(Vorname, ' ', Name)"}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, t.write("in.csv", "Name;Vorname\nMuster;Anna\n\"Bei;spiel\";Eva\n"));
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  EXPECT_NE(r.outputs[0].find("<name>Eva Bei;spiel</name>"), std::string::npos) << r.outputs[0];

  auto latin1 = run(*l.mapping, t.write("latin1.csv", "Name;Vorname\nM\xfcller;Anna\n"));
  const Diagnostic* enc = find(latin1.diagnostics, "XML004");
  ASSERT_NE(enc, nullptr) << codes(latin1.diagnostics);
  EXPECT_EQ(enc->message, "CSV input is not UTF-8 (byte 0xFC)");
  EXPECT_EQ(enc->loc.line, 2u);
  EXPECT_EQ(enc->loc.column, 2u);

  auto bad_csv = run(*l.mapping, t.write("bad.csv", "Name;Vorname\nMuster\n"));
  ASSERT_NE(find(bad_csv.diagnostics, "MAP317"), nullptr);
  EXPECT_EQ(find(bad_csv.diagnostics, "MAP317")->loc.line, 2u);

  const auto j = t.write(
      "j.yaml", "source: {format: json}\ntarget: {root: r}\nrules:\n  - {target: a, from: a}\n");
  auto lj = load(j);
  ASSERT_TRUE(lj.mapping);
  auto broken = run(*lj.mapping, t.write("bad.json", "{\n  \"a\": 1,\n  \"b\": }\n"));
  const Diagnostic* d = find(broken.diagnostics, "MAP317");
  ASSERT_NE(d, nullptr) << codes(broken.diagnostics);
  EXPECT_EQ(d->loc.line, 3u);
  std::string deep(1000, '[');
  auto too_deep = run(*lj.mapping, t.write("deep.json", deep));
  EXPECT_NE(find(too_deep.diagnostics, "XML005"), nullptr) << codes(too_deep.diagnostics);
  auto empty = run(*lj.mapping, t.write("empty.json", ""));
  EXPECT_NE(find(empty.diagnostics, "XML002"), nullptr);
  auto missing = run(*lj.mapping, t.path() / "nope.json");
  EXPECT_NE(find(missing.diagnostics, "XML007"), nullptr);

  const auto x = t.write("x.yaml", "target: {root: r}\nrules:\n  - {target: a, from: a}\n");
  auto lx = load(x);
  ASSERT_TRUE(lx.mapping);
  auto doctype =
      run(*lx.mapping, t.write("d.xml", "<!DOCTYPE r [<!ENTITY e \"x\">]><r><a>&e;</a></r>"));
  EXPECT_NE(find(doctype.diagnostics, "XML003"), nullptr) << codes(doctype.diagnostics);
  auto not_wf = run(*lx.mapping, t.write("n.xml", "<r>\n<a></b></r>"));
  const Diagnostic* nw = find(not_wf.diagnostics, "XML001");
  ASSERT_NE(nw, nullptr);
  EXPECT_EQ(nw->loc.line, 2u);
}

TEST(Mapping, FunctionErrorsAndParams) {
  TempDir t;
  const auto in = t.write("in.json", R"~({"d": "31.04.2020", "e": "2020-01-01"})~");
  const auto file = t.write("m.yaml", R"~(source: {format: json}
target: {root: r}
params:
  need: {required: true, env: OZG_TEST_NEED_PARAM}
rules:
  - {target: a, from: "date(d, '%d.%m.%Y')"}
  - {target: b, from: "date(e, '%d.%m.%Y')"}
  - {target: c, from: "regex-replace(e, '(', 'x')"}
  - {target: p, from: $need}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto missing_param = run(*l.mapping, in);
  const Diagnostic* p = find(missing_param.diagnostics, "MAP307");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->hint.value_or(""), "pass --param need=VALUE or set OZG_TEST_NEED_PARAM");
  auto typo = run(*l.mapping, in, {{"need", "1"}, {"neet", "1"}});
  ASSERT_NE(find(typo.diagnostics, "MAP307"), nullptr);
  EXPECT_EQ(find(typo.diagnostics, "MAP307")->hint.value_or(""), "did you mean 'need'?");

  auto r = run(*l.mapping, in, {{"need", "1"}});
  EXPECT_EQ(r.errors, 3u) << codes(r.diagnostics);
  std::size_t dates = 0;
  for (const auto& d : r.diagnostics) dates += d.code == "MAP312";
  EXPECT_EQ(dates, 3u) << codes(r.diagnostics);
}

TEST(Mapping, RegularExpressionsRunInLinearTime) {
  TempDir t;
  // ^([A-Za-z]+\s?)+$ on 33 letters and a '!' ran for minutes with std::regex (backtracking).
  const auto in = t.write("in.json", R"~({"name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
 "ok": "Anna Maria Muster", "date": "12.04.1985", "price": "5 CHF"})~");
  const auto file = t.write("m.yaml", R"~(source: {format: json}
target: {format: json}
rules:
  - {target: bad, from: "if(matches(name, '^([A-Za-z]+\\s?)+$'), 'yes', 'no')"}
  - {target: good, from: "if(matches(ok, '^([A-Za-z]+\\s?)+$'), 'yes', 'no')"}
  - {target: date, from: "regex-replace(date, '^([0-9]{2})\\.([0-9]{2})\\.([0-9]{4})$', '$3-$2-$1')"}
  - {target: all, from: "regex-replace(ok, '[aeiou]', '<$&>')"}
  - {target: literal, from: "regex-replace(price, ' CHF$', '$$ \\ Fr.')"}
  - {target: empty, from: "regex-replace('äb', 'x*', '-')"}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto r = run(*l.mapping, in);
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  EXPECT_EQ(r.outputs[0], R"~({
  "bad": "no",
  "good": "yes",
  "date": "1985-04-12",
  "all": "Ann<a> M<a>r<i><a> M<u>st<e>r",
  "literal": "5$ \\ Fr.",
  "empty": "-ä-b-"
}
)~");

  // What RE2 does not have is refused with its reason; so is a group the pattern lacks.
  const auto bad = t.write("bad.yaml", R"~(source: {format: json}
target: {format: json}
rules:
  - {target: a, from: "matches(ok, '(a)\\1')"}
  - {target: b, from: "regex-replace(ok, '(?=a)', 'x')"}
  - {target: c, from: "regex-replace(ok, '(a)', '$2')"}
)~");
  auto lb = load(bad);
  ASSERT_TRUE(lb.mapping) << codes(lb.diagnostics);
  auto rb = run(*lb.mapping, in);
  ASSERT_EQ(rb.errors, 3u) << codes(rb.diagnostics);
  EXPECT_EQ(rb.diagnostics[0].message.substr(0, rb.diagnostics[0].message.find(" (rule at")),
            "matches(): invalid regular expression '(a)\\1': invalid escape sequence: \\1");
  EXPECT_EQ(rb.diagnostics[0].hint.value_or(""),
            "patterns use RE2 syntax (like ECMAScript or Perl, without backreferences and "
            "lookaround), e.g. '^\\s+' or '([0-9]{4})-([0-9]{2})'");
  EXPECT_EQ(rb.diagnostics[1].message.substr(0, rb.diagnostics[1].message.find(" (rule at")),
            "regex-replace(): invalid regular expression '(?=a)': invalid perl operator: (?=");
  EXPECT_EQ(rb.diagnostics[2].message.substr(0, rb.diagnostics[2].message.find(" (rule at")),
            "regex-replace(): replacement '$2' refers to group 2, but '(a)' has 1");
}

TEST(Mapping, FunctionResultsCannotGrowWithoutBound) {
  // Ten nested calls that make ten letters of each: 10^10 bytes out of one letter (it ended in
  // std::bad_alloc, exit 70). Results stop at 16 MiB; seven levels (10 MB) are fine.
  TempDir t;
  auto nest = [](std::string e, const std::string& fn, const std::string& by, int levels) {
    for (int i = 0; i < levels; ++i) e = fn + "(" + e + ", 'a', '" + by + "')";
    return e;
  };
  const std::string ten = "aaaaaaaaaa";
  const auto file = t.write("m.yaml",
                            "source: {format: json}\ntarget: {format: json}\nrules:\n"
                            "  - {target: a, from: \"string-length(" +
                                nest("x", "replace", ten, 10) +
                                ")\"}\n"
                                "  - {target: b, from: \"string-length(" +
                                nest("x", "regex-replace", "$0$0$0$0$0$0$0$0$0$0", 10) +
                                ")\"}\n"
                                "  - {target: c, from: \"string-length(pad(x, 1000, " +
                                nest("x", "replace", ten, 5) + "))\"}\n");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto res = run(*l.mapping, t.write("in.json", R"~({"x": "a"})~"));
  ASSERT_EQ(res.errors, 3u) << codes(res.diagnostics);
  // Located at the member x (1:2) that the functions read (issue 11.15).
  for (std::string fn : {"replace", "regex-replace", "pad"})
    EXPECT_NE(
        codes(res.diagnostics)
            .find("in.json:1:2 " + fn + "(): the result would be longer than 16 MiB (rule at"),
        std::string::npos)
        << codes(res.diagnostics);

  const auto ok = t.write("ok.yaml",
                          "source: {format: json}\ntarget: {format: json}\nrules:\n"
                          "  - {target: d, from: \"string-length(" +
                              nest("x", "replace", ten, 7) + ")\", type: number}\n");
  auto lo = load(ok);
  ASSERT_TRUE(lo.mapping) << codes(lo.diagnostics);
  auto r = run(*lo.mapping, t.write("in.json", R"~({"x": "a"})~"));
  ASSERT_EQ(r.errors, 0u) << codes(r.diagnostics);
  EXPECT_EQ(r.outputs[0], "{\n  \"d\": 10000000\n}\n");
}

TEST(Mapping, AnExpressionQuadraticInItsInputIsStopped) {
  TempDir t;
  const auto file = t.write("m.yaml", R"~(source: {format: json}
target: {format: json}
rules:
  - {target: n, from: "count(//a[count(//a) > 0])", type: number}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  auto array = [&](int n) {
    std::string s = R"~({"a": [)~";
    for (int i = 0; i < n; ++i) s += i > 0 ? ",1" : "1";
    return t.write("in" + std::to_string(n) + ".json", s + "]}");
  };
  // 3,000 items are 18 million steps: fine. 20,000 would be 800 million (a dozen seconds, and
  // hours for a real message): stopped at 100 million.
  auto ok = run(*l.mapping, array(3000));
  ASSERT_EQ(ok.errors, 0u) << codes(ok.diagnostics);
  EXPECT_EQ(ok.outputs[0], "{\n  \"n\": 3000\n}\n");
  auto r = run(*l.mapping, array(20000));
  ASSERT_EQ(r.errors, 1u) << codes(r.diagnostics);
  EXPECT_TRUE(r.outputs.empty());
  EXPECT_EQ(codes(r.diagnostics),
            "MAP323 in20000.json:1:1 'count(//a[count(//a) > 0])' takes more than 100000000 XPath "
            "steps on this input (rule at " +
                file.string() + ":4:5)\n");
}

TEST(Mapping, CodelistLooksUpTheNewestInstalledVersion) {
  TempDir t;
  auto lists = CodeListRepository::open(t.path() / "repo");
  ASSERT_TRUE(lists);
  ASSERT_TRUE(lists->add(ozg_test::data_dir() / "codelists"));
  const auto in = t.write("in.json", R"~({"channel": "02", "other": "09"})~");
  const auto file = t.write("m.yaml", R"~(source: {format: json}
target: {root: r}
rules:
  - {target: code, from: "codelist('urn:ozg:test:codeliste:channel', channel)"}
  - {target: label, from: "codelist('urn:ozg:test:codeliste:channel', channel, 'label')"}
  - {target: bad, from: "codelist('urn:ozg:test:codeliste:channel', other)"}
  - {target: none, from: "codelist('urn:ozg:test:nosuchlist', channel)"}
)~");
  auto l = load(file);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  TransformOptions o;
  o.codelists = &*lists;
  auto r = l.mapping->transform(in, "in.json", o);
  ASSERT_EQ(r.errors, 2u) << codes(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].message.substr(0, 72),
            "code '09' is not in code list 'urn:ozg:test:codeliste:channel' version 2");
  EXPECT_EQ(r.diagnostics[1].hint.value_or(""), "install it with 'ozg codelists add FOLDER'");

  const auto good = t.write("good.yaml", R"~(source: {format: json}
target: {root: r}
rules:
  - {target: label, from: "codelist('urn:ozg:test:codeliste:channel', channel, 'label')"}
)~");
  auto lg = load(good);
  ASSERT_TRUE(lg.mapping);
  auto rg = lg.mapping->transform(in, "in.json", o);
  ASSERT_EQ(rg.errors, 0u) << codes(rg.diagnostics);
  EXPECT_NE(rg.outputs[0].find("<label>Telefon</label>"), std::string::npos) << rg.outputs[0];
}

// The batch of ozg transform: inputs found in folders (by the source format, sorted), output
// names (NAME-1 ... for a split), and plans refused before anything is read.
TEST(TransformBatch, PlansInputsAndOutputNames) {
  TempDir t;
  t.write("in/b.json", "{}");
  t.write("in/sub/a.json", "{}");
  t.write("in/skip.xml", "<x/>");
  const auto split = t.write("split.yaml", R"~(source: {format: json}
target: {format: json}
split: /json
rules: [{target: a, value: x}]
)~");
  auto l = load(split);
  ASSERT_TRUE(l.mapping) << codes(l.diagnostics);
  const std::string in = (t.path() / "in").string();
  auto b = TransformBatch::plan(*l.mapping, {in}, (t.path() / "out").string(), {});
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(b->inputs().size(), 2u);
  EXPECT_EQ(b->inputs()[0].relative, "b.json");
  EXPECT_EQ(b->inputs()[1].relative, "sub/a.json");
  EXPECT_TRUE(b->inputs()[1].found);
  EXPECT_EQ(b->destination(b->inputs()[1], 1), t.path() / "out/sub/a-2.json");
  EXPECT_FALSE(b->collects_csv());

  auto to_stdout = TransformBatch::plan(*l.mapping, {in}, "", {});
  ASSERT_FALSE(to_stdout);
  EXPECT_EQ(to_stdout.error().message, "2 inputs need an output folder: -o DIR");
  t.write("other/b.json", "{}");
  auto clash = TransformBatch::plan(
      *l.mapping, {(t.path() / "in/b.json").string(), (t.path() / "other/b.json").string()},
      (t.path() / "out").string(), {});
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, ErrorKind::Usage);
  auto none = TransformBatch::plan(*l.mapping, {(t.path() / "other/sub").string()}, "", {});
  ASSERT_TRUE(none) << "a missing operand is an input that reports XML007 when read";
  t.write("empty/x.txt", "");
  auto empty = TransformBatch::plan(*l.mapping, {(t.path() / "empty").string()}, "", {});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "no *.json files found in the given folders");

  TransformResult skipped;
  skipped.skipped = true;
  b->count(TransformBatch::outcome(skipped));
  b->count(BatchOutcome::Transformed);
  EXPECT_EQ(b->summary(), "2 inputs: 1 transformed, 0 failed, 1 skipped (not read by the mapping)");
}

TEST(CompareOutputs, XmlIgnoresPrefixesWhitespaceAndAttributeOrder) {
  auto same =
      compare_outputs(DataFormat::Xml, R"~(<a:r xmlns:a="urn:x" k="1" l="2"><a:b> t </a:b></a:r>)~",
                      "<r xmlns=\"urn:x\" l=\"2\" k=\"1\">\n  <b>t</b>\n</r>");
  ASSERT_TRUE(same);
  EXPECT_FALSE(*same);
  auto diff =
      compare_outputs(DataFormat::Xml, "<r><b>1</b><c>2</c></r>", "<r><b>1</b><c>3</c></r>");
  ASSERT_TRUE(diff && *diff);
  EXPECT_EQ(**diff, "--- expected\n+++ actual\n  <r>\n    <b>1\n-   <c>2\n+   <c>3\n");
  auto json =
      compare_outputs(DataFormat::Json, R"~({"a":1,"b":[1,2]})~", "{\"b\": [1, 2],\n \"a\": 1}");
  ASSERT_TRUE(json);
  EXPECT_FALSE(*json);
  EXPECT_FALSE(compare_outputs(DataFormat::Xml, "<r>", "<r/>"));
}

}  // namespace
}  // namespace xoev
