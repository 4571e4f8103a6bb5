#include "xml/content_model.hpp"

#include <gtest/gtest.h>

#include "xml/facet_words.hpp"

namespace xoev::xml {
namespace {

Particle el(std::string name, int min = 1, int max = 1) {
  Particle p;
  p.name = std::move(name);
  p.min = min;
  p.max = max;
  return p;
}

Particle group(Particle::Kind kind, std::vector<Particle> children, int min = 1, int max = 1) {
  Particle p;
  p.kind = kind;
  p.children = std::move(children);
  p.min = min;
  p.max = max;
  return p;
}

// (a, b?, c*, (d | e), f)
Particle model() {
  using K = Particle::Kind;
  return group(K::Sequence, {el("a"), el("b", 0, 1), el("c", 0, -1),
                             group(K::Choice, {el("d"), el("e")}), el("f")});
}

TEST(ContentModel, ChildrenThatFitHaveNoProblem) {
  EXPECT_FALSE(explain_content(model(), {"a", "d", "f"}));
  EXPECT_FALSE(explain_content(model(), {"a", "b", "c", "c", "c", "e", "f"}));
}

TEST(ContentModel, NamesTheFirstChildOutOfOrderAndWhatWasExpected) {
  const auto p = explain_content(model(), {"a", "d", "b", "f"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, ContentProblem::Kind::Unexpected);
  EXPECT_EQ(p->child, 2U);
  EXPECT_EQ(p->expected, std::vector<std::string>{"f"});
  EXPECT_TRUE(p->elsewhere_in_model);
  EXPECT_FALSE(p->end_allowed);
}

TEST(ContentModel, TellsAMissingElementFromOneInTheWrongPlace) {
  // (a, b?, c*, (d | e), f): d left out before f, and d put after f.
  const auto missing = explain_content(model(), {"a", "f"});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->missing_before, "d");
  EXPECT_EQ(missing->comes_later, "");
  const auto later = explain_content(model(), {"a", "f", "d"});
  ASSERT_TRUE(later);
  EXPECT_EQ(later->child, 1U);
  EXPECT_EQ(later->comes_later, "d");
}

TEST(ContentModel, ListsEveryAlternativeAtAChoice) {
  const auto p = explain_content(model(), {"a", "f"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->child, 1U);
  EXPECT_EQ(p->expected, (std::vector<std::string>{"b", "c", "d", "e"}));
}

TEST(ContentModel, SuggestsANameThatDiffersByATypo) {
  using K = Particle::Kind;
  const Particle names = group(K::Sequence, {el("nameInfo"), el("birthInfo")});
  const auto p = explain_content(names, {"nameInfo", "brithInfo"});
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->elsewhere_in_model);
  EXPECT_EQ(p->similar, "birthInfo");
  const auto q = explain_content(model(), {"a", "zzzz"});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->similar, "");
}

TEST(ContentModel, NamesWhatIsMissingAtTheEndAndWhatIsRequired) {
  const auto p = explain_content(model(), {"a", "c"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, ContentProblem::Kind::Missing);
  EXPECT_EQ(p->child, 2U);
  EXPECT_EQ(p->expected, (std::vector<std::string>{"c", "d", "e"}));
  EXPECT_TRUE(p->required.empty());  // d or e: neither alone is needed
  const auto q = explain_content(model(), {"a", "e"});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->required, std::vector<std::string>{"f"});
}

TEST(ContentModel, UnexpectedChildAfterACompleteElementAllowsTheEnd) {
  const auto p = explain_content(model(), {"a", "d", "f", "f"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->child, 3U);
  EXPECT_TRUE(p->expected.empty());
  EXPECT_TRUE(p->end_allowed);
}

TEST(ContentModel, FollowsBoundedAndLargeOccurrences) {
  using K = Particle::Kind;
  const Particle m = group(K::Sequence, {el("x", 2, 3), el("y")});
  EXPECT_TRUE(explain_content(m, {"x", "y"}));
  EXPECT_FALSE(explain_content(m, {"x", "x", "y"}));
  EXPECT_FALSE(explain_content(m, {"x", "x", "x", "y"}));
  const auto four = explain_content(m, {"x", "x", "x", "x", "y"});
  ASSERT_TRUE(four);
  EXPECT_EQ(four->child, 3U);
  // Above the unrolled bound the model is followed loosely: never a problem the schema lacks.
  const Particle big = group(K::Sequence, {el("x", 0, 500)});
  EXPECT_FALSE(explain_content(big, std::vector<std::string_view>(600, "x")));
}

TEST(ContentModel, WildcardsAndAllGroups) {
  using K = Particle::Kind;
  Particle any;
  any.kind = K::Any;
  any.min = 0;
  any.max = -1;
  EXPECT_FALSE(explain_content(group(K::Sequence, {el("a"), any}), {"a", "q", "r"}));
  const Particle all = group(K::All, {el("p"), el("q")});
  EXPECT_FALSE(explain_content(all, {"q", "p"}));
  const auto p = explain_content(all, {"q", "z"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->child, 1U);
}

TEST(ContentModel, ListsNames) {
  EXPECT_EQ(list_names({"a"}), "'a'");
  EXPECT_EQ(list_names({"a", "*"}), "'a', *");
  std::vector<std::string> many(10, "n");
  EXPECT_EQ(list_names(many), "'n', 'n', 'n', 'n', 'n', 'n', 'n', 'n', … (10)");
}

}  // namespace
}  // namespace xoev::xml

namespace xoev::xml {
namespace {

TEST(FacetWords, EnumerationListsTheAllowedValuesAndTheNearest) {
  const auto w = facet_in_words("value 'Zurich' not in enumeration", {"Zürich", "Zurich2", "Bern"});
  ASSERT_TRUE(w);
  EXPECT_EQ(w->text(),
            "value 'Zurich' is not one of the allowed values 'Zürich', 'Zurich2', 'Bern'");
  EXPECT_STREQ(w->hint, "did you mean '{0}'?");
  EXPECT_EQ(w->hint_args, std::vector<std::string>{"Zurich2"});
  // A list that holds the value is another type's (an attribute's parent): keep Xerces' text.
  EXPECT_FALSE(facet_in_words("value '1' not in enumeration", {"1", "2"}));
  EXPECT_FALSE(facet_in_words("value '1' not in enumeration", {}));
  std::vector<std::string> many;
  for (int i = 0; i < 12; ++i) many.push_back(std::to_string(i));
  EXPECT_EQ(facet_in_words("value 'x' not in enumeration", many)->text(),
            "value 'x' is not one of the allowed values '0', '1', '2', '3', '4', '5', '6', '7', "
            "'8', '9', … (12)");
}

TEST(FacetWords, LengthsPatternsAndRangesInWords) {
  EXPECT_EQ(facet_in_words("value 'CHE' has length '3' which exceeds maxLength facet value '2'", {})
                ->text(),
            "value 'CHE' is 3 characters long; at most 2 are allowed");
  EXPECT_EQ(facet_in_words("value 'aaaa…' (350 chars) has length '350' which exceeds maxLength "
                           "facet value '60'",
                           {})
                ->text(),
            "value 'aaaa…' is 350 characters long; at most 60 are allowed");
  EXPECT_EQ(
      facet_in_words("value '' has length '0' which is less than minLength facet value '1'", {})
          ->text(),
      "value '' is 0 characters long; at least 1 are needed");
  EXPECT_EQ(
      facet_in_words("value '89a9' does not match regular expression facet '[+\\-]?[0-9]+'", {})
          ->text(),
      "value '89a9' is not a whole number");
  EXPECT_EQ(
      facet_in_words("value '123' does not match regular expression facet '\\d{4}'", {})->text(),
      "value '123' is not exactly 4 digits");
  EXPECT_EQ(
      facet_in_words("value 'x' does not match regular expression facet '[a-z]+@.*'", {})->text(),
      "value 'x' does not match the pattern '[a-z]+@.*'");
  EXPECT_EQ(facet_in_words("value '99999' must be less than or equal to maxInclusive facet value "
                           "'9999'",
                           {})
                ->text(),
            "value '99999' is greater than the largest allowed, 9999");
}

TEST(FacetWords, DatesThatDoNotExist) {
  EXPECT_EQ(facet_in_words("month value '1985-13-40' must be between 1 and 12", {})->text(),
            "1985-13-40: month 13 does not exist");
  EXPECT_EQ(facet_in_words("day value '1985-02-29' must be between 1 and 28", {})->text(),
            "1985-02-29: month 2 of 1985 has only 28 days");
  EXPECT_EQ(facet_in_words("incomplete date value '85-01-01'", {})->text(),
            "value '85-01-01' is not a date of the form YYYY-MM-DD");
  EXPECT_FALSE(facet_in_words("something Xerces says that ozg does not know", {}));
}

}  // namespace
}  // namespace xoev::xml
