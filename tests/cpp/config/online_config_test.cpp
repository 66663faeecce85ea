// An online store's fields (delivery, returns by post, chat): their defaults, and bad values
// reported with their path, value and what was expected.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "journeysim/config/scenario.hpp"
#include "../scenario_fixtures.hpp"
#include "journeysim/config/config_error.hpp"

namespace {

namespace cfg = journeysim::config;
using journeysim::testing::describe;
using journeysim::testing::issues_at;

constexpr std::string_view kTown = "[towns.centre]\nx = 0.0\ny = 0.0\n";

std::string online_with(std::string_view fields) {
    return std::string(kTown) + "[stores.web]\ntype = \"online\"\n" + std::string(fields) + "\n";
}

// The one issue at `path` (and no other), its message.
std::string only_issue(const std::string& text, std::string_view path) {
    const auto issues = cfg::check_scenario(text);
    EXPECT_EQ(issues.size(), 1u) << describe(issues);
    const auto at = issues_at(issues, path);
    if (at.empty()) {
        ADD_FAILURE() << "no issue at " << path << "; got" << describe(issues);
        return {};
    }
    EXPECT_THROW((void)cfg::parse_scenario(text), cfg::ConfigError);
    return at.front().message;
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

TEST(OnlineConfig, DefaultsDeliverInThreeDaysWithoutChat) {
    const cfg::Scenario sc = cfg::parse_scenario(online_with(""));
    const cfg::Store& web = sc.stores[0];
    EXPECT_EQ(web.delivery_days, 3.0);
    EXPECT_EQ(web.return_days, 14.0);
    EXPECT_EQ(web.staff, 0);  // no chat agents: no positions at all
    EXPECT_EQ(web.chat_share, 0.0);
}

TEST(OnlineConfig, ChatAgentsAreTheStoresPositions) {
    const cfg::Scenario sc =
        cfg::parse_scenario(online_with("chat_staff = 3\nchat_minutes = 7.5\ndelivery_days = 0"));
    const cfg::Store& web = sc.stores[0];
    EXPECT_EQ(web.staff, 3);
    EXPECT_EQ(web.service_minutes, 7.5);
    EXPECT_EQ(web.chat_share, 0.2);  // the documented default once there is chat
    EXPECT_EQ(web.delivery_days, 0.0);
}

TEST(OnlineConfig, ShopsKeepTheirCounterAndHaveNoDelivery) {
    const cfg::Scenario sc =
        cfg::parse_scenario(std::string(kTown) + "[stores.shop]\nx = 0.0\ny = 0.0\n");
    EXPECT_EQ(sc.stores[0].staff, 1);
    EXPECT_EQ(sc.stores[0].delivery_days, 0.0);
    EXPECT_EQ(sc.stores[0].chat_share, 0.0);
}

TEST(OnlineConfigErrors, NegativeDaysNameTheValueAndBound) {
    const auto delivery = only_issue(online_with("delivery_days = -1"), "stores.web.delivery_days");
    EXPECT_EQ(delivery, "must be >= 0 (got -1)");
    const auto back = only_issue(online_with("return_days = -2.5"), "stores.web.return_days");
    EXPECT_EQ(back, "must be >= 0 (got -2.5)");
}

TEST(OnlineConfigErrors, ChatShareIsAProbabilityAndNeedsAgents) {
    const auto share =
        only_issue(online_with("chat_staff = 2\nchat_share = 1.5"), "stores.web.chat_share");
    EXPECT_TRUE(contains(share, "(got 1.5)")) << share;
    const auto nobody = only_issue(online_with("chat_share = 0.3"), "stores.web.chat_share");
    EXPECT_TRUE(contains(nobody, "chat_staff >= 1")) << nobody;
    EXPECT_TRUE(contains(nobody, "0.3")) << nobody;
    const auto agents = only_issue(online_with("chat_staff = -1"), "stores.web.chat_staff");
    EXPECT_EQ(agents, "must be >= 0 (got -1)");
    const auto minutes = only_issue(online_with("chat_staff = 1\nchat_minutes = 0"),
                                    "stores.web.chat_minutes");
    EXPECT_TRUE(contains(minutes, "(got 0)")) << minutes;
}

TEST(OnlineConfigErrors, AnOnlineStoreHasNoCounter) {
    const auto staff = only_issue(online_with("staff = 4"), "stores.web.staff");
    EXPECT_TRUE(contains(staff, "online store has no counter")) << staff;
    EXPECT_TRUE(contains(staff, "chat_staff")) << staff;
    const auto minutes =
        only_issue(online_with("service_minutes = 5.0"), "stores.web.service_minutes");
    EXPECT_TRUE(contains(minutes, "chat_minutes")) << minutes;
}

TEST(OnlineConfigErrors, ShopsHaveNoDeliveryOrChat) {
    for (const std::string field :
         {"delivery_days = 2", "return_days = 20", "chat_staff = 1", "chat_share = 0.5",
          "chat_minutes = 5"}) {
        const std::string key = field.substr(0, field.find(' '));
        const auto message = only_issue(
            std::string(kTown) + "[stores.shop]\nx = 0.0\ny = 0.0\n" + field + "\n",
            "stores.shop." + key);
        EXPECT_EQ(message, "applies to online stores only (this store is chain)") << key;
    }
}

TEST(OnlineConfigErrors, AMisspeltTypeIsTheOnlyIssue) {
    const std::string text = std::string(kTown) + "[stores.web]\ntype = \"onlien\"\n" +
                             "delivery_days = 2\nchat_staff = 1\n";
    const auto message = only_issue(text, "stores.web.type");
    EXPECT_TRUE(contains(message, "did you mean 'online'")) << message;
}

TEST(OnlineConfigErrors, NamedChatAgentsNeedPositions) {
    const auto message = only_issue(
        online_with("chat_staff = 1\n[stores.web.salespeople.ann]\n[stores.web.salespeople.bo]"),
        "stores.web.chat_staff");
    EXPECT_TRUE(contains(message, "named salespeople (2)")) << message;
}

}  // namespace
