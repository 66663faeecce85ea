// TableReader::choice: the one way a scenario word becomes an enum value.
#include "table_reader.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "journeysim/config/store.hpp"

namespace {

namespace cfg = journeysim::config;

// Reads `key` of `text` as a Referral; `issues` collects what the reader reports.
std::optional<cfg::Referral> referral_of(std::string_view text, std::vector<cfg::Issue>& issues) {
    const toml::table table = toml::parse(text);
    cfg::TableReader reader(&table, "stores.a", issues);
    return reader.choice<cfg::Referral>("referral", cfg::kReferralNames);
}

TEST(TableReaderChoice, AWordIsTheEnumValueAtItsPlaceInTheList) {
    std::vector<cfg::Issue> issues;
    EXPECT_EQ(referral_of(R"(referral = "none")", issues), cfg::Referral::none);
    EXPECT_EQ(referral_of(R"(referral = "special_order")", issues), cfg::Referral::special_order);
    EXPECT_EQ(referral_of(R"(referral = "refer_better")", issues), cfg::Referral::refer_better);
    EXPECT_TRUE(issues.empty());
}

TEST(TableReaderChoice, AnAbsentKeyIsNulloptWithoutAnIssue) {
    std::vector<cfg::Issue> issues;
    EXPECT_EQ(referral_of("", issues), std::nullopt);
    EXPECT_TRUE(issues.empty());
}

TEST(TableReaderChoice, AnotherWordIsNulloptAndAnIssueWithAHint) {
    std::vector<cfg::Issue> issues;
    EXPECT_EQ(referral_of(R"(referral = "refr")", issues), std::nullopt);
    EXPECT_EQ(referral_of("referral = 1", issues), std::nullopt);
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(issues[0].path, "stores.a.referral");
    EXPECT_NE(issues[0].message.find("must be one of none, refer,"), std::string::npos)
        << issues[0].message;
    EXPECT_NE(issues[0].message.find("did you mean 'refer'?"), std::string::npos)
        << issues[0].message;
    EXPECT_EQ(issues[1].path, "stores.a.referral");
}

}  // namespace
