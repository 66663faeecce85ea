#pragma once
// The kinds of event a run schedules, and how a campaign event names its target. The World
// needs them too: each platform's adoption process schedules events of its own kind.
#include <cstdint>

namespace journeysim::model {

enum EventKind : std::uint32_t {
    kNeed, kServiceEnd, kPeriodEnd, kRenege, kTurnover, kRetire, kRestock, kReturn,
    kDelivery, kTimeline, kCampaign, kCampaignVisit, kMove, kPopulation, kTrip, kSeekAgain, kRoster,
    kPlatform  // platform i's adoption events have kind kPlatform + i
};

// A campaign event's target: the store in the low 16 bits, the campaign above.
[[nodiscard]] inline std::uint32_t campaign_target(std::uint32_t store, std::uint32_t campaign) {
    return campaign << 16 | store;
}
[[nodiscard]] inline std::uint32_t campaign_store(std::uint32_t target) { return target & 0xFFFFu; }
[[nodiscard]] inline std::uint32_t campaign_index(std::uint32_t target) { return target >> 16; }

}  // namespace journeysim::model
