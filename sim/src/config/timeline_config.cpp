#include <algorithm>
#include <array>
#include <string_view>

#include "readers.hpp"

namespace journeysim::config {

namespace {

// `social_media = "joins"` or `"leaves"`.
constexpr std::array<std::string_view, 2> kSocialMediaMoves = {"joins", "leaves"};

void read_store_change(TableReader& t, const Scenario& sc, TimelineEvent& e) {
    e.store = t.name("store", names_of(sc.stores), "store").value_or(-1);
    if (t.has("mall")) e.mall = t.name("mall", names_of(sc.malls), "mall");
    if (t.has("x") || t.has("y")) {
        e.x = t.optional_number("x", Range::any());
        e.y = t.optional_number("y", Range::any());
        if (!t.has("x") || !t.has("y")) t.error("x", "a relocation needs both x and y");
        if (e.mall) t.error("mall", "give either mall or x and y, not both");
    }
    e.price_index = t.optional_number("price_index", Range::above(0.0, 100.0));
    e.availability = t.optional_number("availability", Range::unit());
    e.referral = t.choice<Referral>("referral", kReferralNames);
    e.pricing = t.choice<Pricing>("pricing", kPricingNames);
    if (t.has("social_media")) {
        const std::string w = t.word("social_media", "", kSocialMediaMoves);
        if (w == kSocialMediaMoves[0]) e.social_media = true;
        if (w == kSocialMediaMoves[1]) e.social_media = false;
    }
    e.engagement = t.optional_number("engagement", Range::unit());
    e.listening_per_year = t.optional_number("listening_per_year", Range::at_least(0.0, 100.0));
    if (e.social_media == false && (e.engagement || e.listening_per_year))
        t.error(e.engagement ? "engagement" : "listening_per_year",
                "a store that leaves social media neither engages nor listens (drop it)");
    if (e.store < 0) return;
    const Store& store = sc.stores[static_cast<std::size_t>(e.store)];
    if ((e.mall || e.x) && store.type == StoreType::online)
        t.error("store", "an online store cannot relocate ('" + store.name + "' is online)");
    if (e.x && store.type == StoreType::department)
        t.error("x", "a department store must stay in a mall");
    if (!e.mall && !e.x && !e.price_index && !e.availability && !e.referral && !e.pricing &&
        !e.social_media && !e.engagement && !e.listening_per_year)
        t.error("store", "says what changes: mall, x and y, price_index, availability, referral, "
                         "pricing, social_media, engagement or listening_per_year");
}

}  // namespace

std::vector<TimelineEvent> read_timeline(TableReader& root, const Scenario& sc) {
    std::vector<TimelineEvent> timeline;
    for (auto& t : root.array_of_tables("timeline")) {
        TimelineEvent e;
        const bool dated = t.has("date");
        const auto day = t.day("date", sc.simulation.start_year);
        if (!dated) t.error("date", "is required (a date like 1970-03-01)");
        e.day = day.value_or(0.0);
        if (t.has("price_sensitivity")) {
            e.price_sensitivity = t.optional_number("price_sensitivity", Range::at_least(0.0, 100.0));
            e.until_day = t.day("until", sc.simulation.start_year).value_or(kNever);
            if (e.until_day <= e.day) t.error("until", "must be after date");
            if (t.has("store")) t.error("store", "a shock applies to all households (drop store)");
        } else if (t.has("store")) {
            read_store_change(t, sc, e);
        } else {
            t.error("store", "is required (or price_sensitivity, for an economic shock)");
        }
        if (day) timeline.push_back(e);
    }
    std::stable_sort(timeline.begin(), timeline.end(),
                     [](const auto& a, const auto& b) { return a.day < b.day; });
    return timeline;
}

}  // namespace journeysim::config
