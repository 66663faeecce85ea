#pragma once
// A store as the scenario describes it: place, dates, staff, policies, stock.
#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/config/hours.hpp"

namespace journeysim::config {

inline constexpr double kNever = std::numeric_limits<double>::infinity();

enum class StoreType { relationship = 0, chain = 1, department = 2, online = 3 };
inline constexpr std::array<std::string_view, 4> kStoreTypeNames = {"relationship", "chain",
                                                                    "department", "online"};

enum class ServiceDistribution { exponential, lognormal };

// What a store does when it cannot (or, for refer_better, should not) sell: MODEL.md "Stores".
enum class Referral { none = 0, refer = 1, special_order = 2, push_substitute = 3, refer_better = 4 };
inline constexpr std::array<std::string_view, 5> kReferralNames = {
    "none", "refer", "special_order", "push_substitute", "refer_better"};

// How a store sets its prices: MODEL.md "Pricing policies".
enum class Pricing { list = 0, edlp = 1, high_low = 2, price_match = 3 };
inline constexpr std::array<std::string_view, 4> kPricingNames = {"list", "edlp", "high_low",
                                                                  "price_match"};

// Periodic sales (high_low): every `every_days`, for `days`, prices fall by `discount`.
struct Sales {
    double every_days = 91.0;
    double days = 14.0;
    double first_day = 0.0;      // day of the first sale
    double discount = 0.2;
    double ad_reach = 0.3;       // chance a household has seen the ad when it chooses
    double bogo_take_up = 0.0;   // during a sale: chance of buying a second unit...
    double bogo_discount = 0.5;  // ...at this discount
};

// A store card: offered at checkout; holders get a discount and the store's mail.
struct Card {
    double offer_probability = 0.0;  // 0: no card program
    double acceptance = 0.3;
    double discount = 0.05;
};

// Paying over time: offered to card holders (or to everyone, as online stores do). A
// household that may finance weighs only (1 - price_relief) of the price when it chooses;
// a buyer finances with take_up, and the store pays cost x the price financed.
// A store on social media from a date: engagement slows trust decay (continuous listening
// keeps the relationship alive), and listening moves availability toward what customers ask.
struct SocialMedia {
    double from_day = kNever;
    double engagement = 0.5;         // trust decays at (1 - engagement) x the usual rate
    double listening_per_year = 0.0; // rate at which observed lost sales raise availability
};

struct Financing {
    double take_up = 0.0;  // 0: no financing
    bool everyone = false;  // else card holders only
    double price_relief = 0.3;
    double cost = 0.04;
};

// A campaign: direct mail to the store's card holders, or a salesperson's outreach to the
// store's customers (telephone, post, social media). Each contact may bring a visit.
struct Campaign {
    std::string name;            // "mail", or the outreach channel
    bool to_card_holders = true; // else to every household that has bought at the store
    double every_days = 0.0;
    double cost_per_contact = 0.5;
    double reach = 1.0;          // share of the audience contacted each time
    double response = 0.02;      // chance a contact comes in to buy
    double quality = 0.0;        // the contact itself: < 0 annoys (a call at dinner), > 0 keeps
                                 // in touch; 0 (mail) moves no trust
    double coupon_discount = 0.0;  // a coupon with the contact, redeemed on that visit
};

// A named member of staff (the trusted salesperson); others are anonymous hires.
struct Salesperson {
    std::string name;
    double expertise = 0.9;      // probability of a right fit
    double retires_day = kNever;
    // A move to another store (taking an anonymous position there), and the share of the
    // households who trust her that follow.
    double moves_day = kNever;
    int moves_to = -1;  // index into Scenario::stores
    double followers = 0.5;
    std::array<bool, 7> days_off{};  // per weekday (Monday = 0): not on duty that day
};

// A shift of a store's roster: `staff` of its positions on duty during `hours`.
struct Shift {
    std::string name;
    WeeklyHours hours;
    int staff = 1;
};

// How many the shifts put on duty at day t.
[[nodiscard]] inline int on_shift(const std::vector<Shift>& shifts, double t) {
    int on_duty = 0;
    for (const Shift& shift : shifts)
        if (shift.hours.open_at(t)) on_duty += shift.staff;
    return on_duty;
}

// An (s, S) policy: when stock falls to reorder_point, order up to order_up_to; the order
// arrives lead_days later.
struct Stock {
    int reorder_point = 5;
    int order_up_to = 30;
    double lead_days = 14.0;
};

struct Store {
    std::string name;
    StoreType type = StoreType::chain;
    int mall = -1;  // index into Scenario::malls, -1 when free-standing or online
    double x = 0.0, y = 0.0;
    double opens_day = 0.0, closes_day = kNever;
    // Its own weekly hours; none: its mall's, or (free-standing, online) around the clock.
    std::optional<WeeklyHours> hours;
    double price_index = 1.0;
    double assortment = 1.0;  // breadth relative to a typical store; enters as log
    double amenity = 0.0;     // utility bonus for households with young children
    // Staff and service. An online store has no counter: its positions are its chat agents
    // (`chat_staff`, with `chat_minutes` per chat), and 0 of them means no chat.
    int staff = 1;
    double service_minutes = 20.0;
    ServiceDistribution service_distribution = ServiceDistribution::lognormal;
    double service_cv = 0.5;
    double expertise = 0.8;          // an experienced hire's probability of a right fit
    double new_hire_expertise = 0.5; // a new hire's, rising toward `expertise`
    double learning_years = 2.0;     // time constant of that rise
    double turnover_per_year = 0.0;  // each anonymous member of staff leaves at this rate
    std::vector<Salesperson> salespeople;
    // The roster: the shifts' staff are on duty in their hours (their sum at most `staff`).
    // None: every position is on duty all the time.
    std::vector<Shift> shifts;
    // Goods.
    double availability = 0.9;          // probability the wanted item is in stock
    std::vector<bool> carries;          // per category
    std::vector<std::optional<Stock>> stock;  // per category; set: units, not a probability
    double trust_gain = 0.15;  // defaults to trust.gain
    // Referral policy and its parameters.
    Referral referral = Referral::none;
    double special_order_days = 14.0;
    double substitute_sale_probability = 0.5;
    // refer and refer_better: the stores it refers to first, in order (indices into
    // Scenario::stores); the likeliest store when none of them qualifies.
    std::vector<int> refer_to;
    double refer_better_threshold = 0.15;  // a competitor cheaper by more than this share
    // Prices, promotions and what they cost.
    Pricing pricing = Pricing::list;
    Sales sales;
    Card card;
    Financing financing;
    SocialMedia social_media;
    // Share of the households in reach that know the store (when it opens); the others learn
    // of it from a friend's recommendation, or by visiting it some other way.
    double awareness = 1.0;
    std::vector<Campaign> campaigns;
    double cross_sell_probability = 0.0;  // a purchase brings extra spend...
    double cross_sell_spend = 0.0;        // ...of this much (department stores)
    double cost_ratio = 0.6;              // unit cost as a share of the category's price
    double staff_cost_per_year = 0.0;     // per position, while the store is open
    double staff_cost_per_hour = 0.0;     // per hour on duty (stores with shifts)
    double marketing_cost_per_year = 0.0; // advertising, while open
    // Online fulfilment (online stores only): the order is placed at once (a sale then), the
    // goods arrive `delivery_days` later (the need ends then), a wrong fit goes back by post
    // and is refunded `return_days` after the delivery; a share of the orders talk to a chat
    // agent first, queueing for one as at a counter.
    double delivery_days = 0.0;
    double return_days = 0.0;
    double chat_share = 0.0;
};

}  // namespace journeysim::config
