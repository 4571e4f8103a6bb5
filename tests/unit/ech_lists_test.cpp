// eCH-0071/0072 registers in the code-list repository, their check, and the check-digit rules.

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "xoev/codelist/codelist.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/rules/rules.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev {
namespace {

using ozg_test::TempDir;

TEST(CheckDigits, AhvNumberEan13) {
  EXPECT_TRUE(valid_vn("7561829871378"));
  EXPECT_TRUE(valid_vn("7560343533168"));
  EXPECT_FALSE(valid_vn("7561829871370"));  // last digit changed
  EXPECT_FALSE(valid_vn("7561234567890"));
  EXPECT_FALSE(valid_vn("1561829871378"));  // not 756
  EXPECT_FALSE(valid_vn("756182987137"));   // 12 digits
  EXPECT_FALSE(valid_vn("756.1829.8713.78"));
}

TEST(CheckDigits, UidMod11) {
  EXPECT_TRUE(valid_uid("CHE-123.456.788"));
  EXPECT_TRUE(valid_uid("CHE123456788"));
  EXPECT_TRUE(valid_uid("123456788"));  // uidOrganisationId carries the digits alone
  EXPECT_FALSE(valid_uid("CHE-123.456.789"));
  EXPECT_FALSE(valid_uid("12345678"));
  // 11 - (5+4+3+2+7+6+5+4) mod 11 = 10: a number that is never assigned, whatever its 9th digit.
  EXPECT_FALSE(valid_uid("111111110"));
  EXPECT_FALSE(valid_uid("XYZ-123.456.788"));
}

TEST(CheckDigits, IbanMod97) {
  EXPECT_TRUE(valid_iban("CH9300762011623852957"));
  EXPECT_TRUE(valid_iban("DE89 3704 0044 0532 0130 00"));
  EXPECT_TRUE(valid_iban("GB82WEST12345698765432"));
  EXPECT_FALSE(valid_iban("CH9300762011623852958"));
  EXPECT_FALSE(valid_iban("DE89370400440532013001"));
  EXPECT_FALSE(valid_iban("8937040044053201300"));
  EXPECT_FALSE(valid_iban("DE89-3704-0044"));
}

TEST(CheckDigits, SteuerIdIso7064Mod11_10) {
  EXPECT_TRUE(valid_steuer_id("86095742719"));
  EXPECT_TRUE(valid_steuer_id("65929970489"));
  EXPECT_TRUE(valid_steuer_id("57549285017"));
  EXPECT_FALSE(valid_steuer_id("86095742718"));
  EXPECT_FALSE(valid_steuer_id("06095742719"));  // the first digit is never 0
  EXPECT_FALSE(valid_steuer_id("8609574271"));
}

TEST(CheckDigits, RulesReportTheirCodes) {
  DiagnosticSink sink(10);
  check_identifier({IdKind::Vn, "7561829871370", {"m.xml", 3, 7}, "/d/vn"}, sink);
  check_identifier({IdKind::Vn, "7561829871378", {"m.xml", 4, 7}, "/d/vn"}, sink);
  check_identifier({IdKind::Uid, "123456789", {"m.xml", 5, 7}, "/d/uid"}, sink);
  check_identifier({IdKind::Iban, "CH9300762011623852958", {"m.xml", 6, 7}, "/d/iban"}, sink);
  check_identifier({IdKind::SteuerId, "86095742718", {"m.xml", 7, 7}, "/d/steuerId"}, sink);
  check_identifier({IdKind::CountryId, "1234", {"m.xml", 8, 7}, "/d/countryId"}, sink);
  const auto d = sink.take();
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].code, "CHK701");
  EXPECT_EQ(d[0].message, "AHV number (VN) '7561829871370' has a wrong check digit");
  EXPECT_EQ(d[0].loc.line, 3u);
  EXPECT_EQ(d[1].code, "CHK702");
  EXPECT_EQ(d[2].code, "CHK703");
  EXPECT_EQ(d[3].code, "CHK704");
  for (const auto& x : d) EXPECT_EQ(x.severity, Severity::Error);
}

constexpr const char* kCantonNames[] = {"ZH", "BE", "LU", "UR", "SZ", "OW", "NW", "GL", "ZG",
                                        "FR", "SO", "BS", "BL", "SH", "AR", "AI", "SG", "GR",
                                        "AG", "TG", "TI", "VD", "VS", "NE", "GE", "JU"};

/// An eCH-0071 register of 26 cantons and the given municipality records.
std::string nomenclature(const std::string& municipalities) {
  std::string s =
      "<?xml version='1.0' encoding='UTF-8'?>\n<n:nomenclature "
      "xmlns:n='http://www.ech.ch/xmlns/eCH-0071/1'>\n<validFrom>2012-01-01</validFrom>\n<cantons>";
  int id = 1;
  for (const char* c : kCantonNames)
    s += "<canton><cantonId>" + std::to_string(id++) + "</cantonId><cantonAbbreviation>" + c +
         "</cantonAbbreviation><cantonLongName>" + c +
         "</cantonLongName><cantonDateOfChange>1960-01-01</cantonDateOfChange></canton>\n";
  s += "</cantons><districts><district><districtHistId>10001</districtHistId></district>"
       "</districts><municipalities>\n" +
       municipalities + "</municipalities></n:nomenclature>\n";
  return s;
}

std::string municipality(const char* hist, const char* bfs, const char* name, const char* from,
                         const char* to = nullptr) {
  std::string s = std::string("<municipality><historyMunicipalityId>") + hist +
                  "</historyMunicipalityId><districtHistId>10001</districtHistId>"
                  "<cantonAbbreviation>BE</cantonAbbreviation><municipalityId>" +
                  bfs + "</municipalityId><municipalityLongName>" + name +
                  "</municipalityLongName><municipalityAdmissionDate>" + from +
                  "</municipalityAdmissionDate>";
  if (to != nullptr)
    s += std::string("<municipalityAbolitionDate>") + to + "</municipalityAbolitionDate>";
  return s + "</municipality>\n";
}

constexpr const char* kCountries = R"(<?xml version="1.0" encoding="UTF-8"?>
<eCH-0072:countries xmlns:eCH-0072="http://www.ech.ch/xmlns/eCH-0072/1">
  <validFrom>2010-01-01</validFrom>
  <country><id>8100</id><iso2Id>CH</iso2Id><iso3Id>CHE</iso3Id><shortNameDe>Schweiz</shortNameDe>
    <shortNameEn>Switzerland</shortNameEn><entryValid>true</entryValid></country>
  <country><id>8207</id><iso2Id>DE</iso2Id><iso3Id>DEU</iso3Id><shortNameDe>Deutschland</shortNameDe>
    <shortNameEn>Germany</shortNameEn><entryValid>true</entryValid></country>
</eCH-0072:countries>
)";

class EchListTest : public ::testing::Test {
 protected:
  CodeListRepository add(CodeListCoverage coverage = CodeListCoverage::Auto) {
    auto l = CodeListRepository::open(dir.path() / "repo");
    EXPECT_TRUE(l.has_value());
    auto r = l->add(dir.path() / "lists", coverage);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    if (r) report = *r;
    return std::move(*l);
  }
  std::vector<Diagnostic> check(const CodeListRepository& lists, IdKind kind, const char* value,
                                const char* date = "2012-06-01", const char* path = "/d/x") {
    CodeChecker checker(lists, false);
    DiagnosticSink sink(10);
    checker.check_ech({kind, value, {"m.xml", 2, 3}, path}, date, sink, stats);
    return sink.take();
  }
  TempDir dir;
  CodeListAddReport report;
  CodeStats stats;
};

TEST_F(EchListTest, ReadsBothFormatsIntoTablesAndJudgesCoverage) {
  dir.write("lists/eCH0071.xml", nomenclature(municipality("10001", "351", "Bern", "1960-01-01") +
                                              municipality("10002", "939", "Worb", "1960-01-01")));
  dir.write("lists/eCH0072.xml", kCountries);
  dir.write("lists/other.xml", "<x/>");
  auto lists = add();
  EXPECT_EQ(report.added, 3u);
  ASSERT_EQ(report.skipped.size(), 1u);
  EXPECT_NE(report.skipped[0].message.find("not a code list (genericode, eCH-0071 or eCH-0072)"),
            std::string::npos);
  ASSERT_EQ(report.notes.size(), 3u);
  EXPECT_EQ(report.notes[0].uri, "eCH-0071:cantons");
  EXPECT_EQ(report.notes[0].version, "2012-01-01");
  EXPECT_EQ(report.notes[0].file, "eCH0071.xml");
  EXPECT_EQ(i18n::english(report.notes[0].why), "26 of 26 cantons");
  EXPECT_FALSE(report.notes[0].partial);
  EXPECT_FALSE(report.notes[0].forced);
  EXPECT_EQ(i18n::english(report.notes[1].why),
            "2 entries, 2 municipalities in force on 2012-01-01 (a complete register has more "
            "than 1,500)");
  EXPECT_TRUE(report.notes[1].partial);
  const CodeListEntry* m = lists.find("eCH-0071:municipalities", "2012-01-01");
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->partial);
  EXPECT_EQ(m->format, "eCH-0071");
  EXPECT_EQ(m->rows, 2u);
  EXPECT_FALSE(lists.find("eCH-0071:cantons", "2012-01-01")->partial);
  auto t = lists.table(*lists.find("eCH-0072:countries", "2010-01-01"));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->columns[1], "iso2Id");
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1][3], "Deutschland");
  // The index keeps format and coverage.
  auto reopened = CodeListRepository::open(dir.path() / "repo");
  EXPECT_TRUE(reopened->find("eCH-0071:municipalities", "2012-01-01")->partial);
}

TEST_F(EchListTest, ACantonsOnlyFileLeavesTheMunicipalitiesAlone) {
  // The eCH-0071 schema needs one municipality, so a cantons-only file carries a placeholder.
  dir.write("lists/cantons.xml",
            nomenclature(municipality("10001", "3501", "Alvaschein", "1960-01-01", "2000-12-31")));
  auto lists = add();
  EXPECT_EQ(report.added, 1u);
  EXPECT_EQ(lists.find("eCH-0071:municipalities", "2012-01-01"), nullptr);
}

TEST_F(EchListTest, CompleteListsMakeUnknownIdsErrors) {
  dir.write("lists/eCH0071.xml",
            nomenclature(municipality("10001", "351", "Bern", "1960-01-01") +
                         municipality("10002", "939", "Worb alt", "1960-01-01", "2003-12-31") +
                         municipality("10500", "939", "Worb", "2004-01-01")));
  dir.write("lists/eCH0072.xml", kCountries);
  auto lists = add(CodeListCoverage::Complete);
  EXPECT_TRUE(check(lists, IdKind::CountryId, "8100").empty());
  EXPECT_TRUE(check(lists, IdKind::CountryIso2, "DE").empty());
  auto d = check(lists, IdKind::CountryId, "1234");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "CL204");
  EXPECT_EQ(d[0].severity, Severity::Error);
  EXPECT_EQ(d[0].message,
            "country number '1234' is not in eCH-0072:countries version 2010-01-01 (eCH-0072 "
            "countries, 2 entries)");
  EXPECT_EQ(check(lists, IdKind::CountryIso2, "XX")[0].code, "CL204");
  EXPECT_EQ(check(lists, IdKind::Canton, "XY")[0].code, "CL207");
  EXPECT_TRUE(check(lists, IdKind::CantonFl, "FL").empty());
  EXPECT_TRUE(check(lists, IdKind::MunicipalityId, "7001").empty());  // Liechtenstein
  d = check(lists, IdKind::MunicipalityId, "9999");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "CL205");
  // Worb (939) has an entry in force from 2004, the history id 10002 only until 2003.
  EXPECT_TRUE(check(lists, IdKind::MunicipalityId, "939").empty());
  d = check(lists, IdKind::HistoryMunicipalityId, "10002");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "CL206");
  EXPECT_EQ(d[0].severity, Severity::Warning);
  EXPECT_EQ(d[0].message,
            "historical municipality id '10002' was not in force on the event date 2012-06-01");
  EXPECT_EQ(d[0].hint,
            "in eCH-0071:municipalities version 2012-01-01 it is: Worb alt 1960-01-01 to "
            "2003-12-31");
  EXPECT_TRUE(check(lists, IdKind::HistoryMunicipalityId, "10002", "2001-05-05").empty());
  EXPECT_TRUE(check(lists, IdKind::HistoryMunicipalityId, "10002", "").empty());  // no date
  // A place of birth names the municipality of its own time.
  EXPECT_TRUE(check(lists, IdKind::HistoryMunicipalityId, "10002", "2012-06-01",
                    "/d/person/placeOfBirth/swissTown/historyMunicipalityId")
                  .empty());
  EXPECT_EQ(stats.checked, 11u);  // FL and Liechtenstein's 7001 are not looked up
  EXPECT_EQ(stats.invalid, 4u);   // CL206 is a valid number at the wrong time
}

TEST_F(EchListTest, PartialListsMakeUnknownIdsWarnings) {
  dir.write("lists/eCH0071.xml",
            nomenclature(municipality("10002", "939", "Worb alt", "1960-01-01", "2003-12-31") +
                         municipality("10003", "942", "Bolligen", "1960-01-01")));
  dir.write("lists/eCH0072.xml", kCountries);
  auto lists = add();  // 2 municipalities and 2 countries: partial
  auto d = check(lists, IdKind::MunicipalityId, "351");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "CL208");
  EXPECT_EQ(d[0].severity, Severity::Warning);
  EXPECT_EQ(d[0].message,
            "BFS municipality number '351' is not in eCH-0071:municipalities version "
            "2012-01-01, which is partial (2 entries), so it may still be right");
  EXPECT_EQ(check(lists, IdKind::CountryId, "1234")[0].code, "CL208");
  // Earlier entries may be missing from a partial register: no date check.
  EXPECT_TRUE(check(lists, IdKind::MunicipalityId, "939").empty());
}

TEST_F(EchListTest, NothingIsCheckedWithoutTheLists) {
  dir.write("lists/eCH0072.xml", kCountries);
  auto lists = add();
  EXPECT_TRUE(check(lists, IdKind::MunicipalityId, "1").empty());
  EXPECT_EQ(stats.checked, 0u);
}

// The validating reader finds ids by the XSD type of the element, also through an anonymous
// restriction, whatever the element's name; IBAN and Steuer-IdNr by name.
TEST_F(EchListTest, ValidationFindsIdsByTheirSchemaType) {
  dir.write("xsd/e21.xsd", R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="http://www.ech.ch/xmlns/eCH-0021/7">
  <xs:simpleType name="uidOrganisationIdType">
    <xs:restriction base="xs:nonNegativeInteger"><xs:totalDigits value="9"/></xs:restriction>
  </xs:simpleType>
</xs:schema>)");
  dir.write("xsd/e8.xsd", R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="http://www.ech.ch/xmlns/eCH-0008/3">
  <xs:simpleType name="countryIdType">
    <xs:restriction base="xs:integer"><xs:minInclusive value="1000"/></xs:restriction>
  </xs:simpleType>
</xs:schema>)");
  const auto xsd =
      dir.write("xsd/ids.xsd", R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e21="http://www.ech.ch/xmlns/eCH-0021/7" xmlns:e8="http://www.ech.ch/xmlns/eCH-0008/3"
    targetNamespace="urn:ozg:test:ids" elementFormDefault="qualified">
  <xs:import namespace="http://www.ech.ch/xmlns/eCH-0021/7" schemaLocation="e21.xsd"/>
  <xs:import namespace="http://www.ech.ch/xmlns/eCH-0008/3" schemaLocation="e8.xsd"/>
  <xs:element name="m"><xs:complexType><xs:sequence>
    <xs:element name="company" type="e21:uidOrganisationIdType" maxOccurs="2"/>
    <xs:element name="restricted"><xs:simpleType>
      <xs:restriction base="e21:uidOrganisationIdType"><xs:maxInclusive value="999999999"/></xs:restriction>
    </xs:simpleType></xs:element>
    <xs:element name="land" type="e8:countryIdType"/>
    <xs:element name="other"><xs:complexType><xs:sequence>
      <xs:element name="countryId" type="xs:int"/>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="IBAN" type="xs:string"/>
    <xs:element name="steuerIdentifikationsnummer" type="xs:string"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>)");
  const auto msg = dir.write("m.xml", R"(<m xmlns="urn:ozg:test:ids">
  <company>123456788</company>
  <company>123456789</company>
  <restricted>123456789</restricted>
  <land>1234</land>
  <other><countryId>1234</countryId></other>
  <IBAN>CH93 0076 2011 6238 5295 8</IBAN>
  <steuerIdentifikationsnummer>86095742718</steuerIdentifikationsnummer>
</m>
)");
  dir.write("lists/eCH0072.xml", kCountries);
  auto lists = add(CodeListCoverage::Complete);
  SchemaRepository repo = ozg_test::testbundle_repo(dir);
  ValidateOptions o;
  o.schema = xsd.string();
  auto v = Validator::create(repo, o, &lists);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  const FileReport r = (*v)->validate(Input{"m.xml", msg, false});
  std::vector<std::string> got;
  for (const auto& d : r.diagnostics)
    got.push_back(d.code + " " + std::to_string(d.loc.line) + " " + d.path);
  // In document order: a country is checked as it is read (only municipality numbers against
  // a complete register wait for the event date), so nothing accumulates over a large message.
  EXPECT_EQ(got, (std::vector<std::string>{"CHK702 3 /m/company[2]", "CHK702 4 /m/restricted",
                                           "CL204 5 /m/land", "CHK703 7 /m/IBAN",
                                           "CHK704 8 /m/steuerIdentifikationsnummer"}));
  EXPECT_EQ(r.codes.checked, 1u);
  EXPECT_EQ(r.verdict, Verdict::Invalid);
}

}  // namespace
}  // namespace xoev
