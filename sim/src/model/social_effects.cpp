#include "journeysim/model/social_effects.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/model/trust.hpp"
#include "journeysim/model/world.hpp"

namespace journeysim::model {

void use_platform(World& world, std::uint32_t h, std::uint32_t i) {
    const auto& p = world.sc.social.platforms[i];
    auto& media = world.media[h];
    media |= kOnPlatform;
    if (p.has(config::Carries::reviews)) media |= kReadsReviews;
    if (p.has(config::Carries::real_person)) media |= kRealPerson;
    if (p.has(config::Carries::shopping_chat)) media |= kShoppingChat;
    if (p.has(config::Carries::salesperson_profiles)) media |= kFollowsProfiles;
    if (p.has(config::Carries::product_videos)) media |= kWatchesVideos;
}

double social_utility(const World& world, std::uint32_t household, std::uint32_t store,
                      const Hearsay& heard) {
    double u = world.sc.choice.wom * heard.opinion;
    const auto& st = world.stores[store];
    if (world.uses(household, kReadsReviews) && st.ratings > 0)
        u += world.sc.choice.review * (st.rating_stars / static_cast<double>(st.ratings) -
                                       world.rating_stars / static_cast<double>(world.ratings));
    return u;
}

void post_review(World& world, std::uint32_t household, std::uint32_t store, double quality,
                 random::Engine& social) {
    if (!world.uses(household, kReadsReviews)) return;
    if (!random::bernoulli(social, world.sc.social.review_probability)) return;
    // Quality in [-1, 1] as one to five stars.
    const double stars = 3.0 + 2.0 * std::clamp(quality, -1.0, 1.0);
    auto& st = world.stores[store];
    st.rating_stars += stars, ++st.ratings;
    world.rating_stars += stars, ++world.ratings;
    ++st.period.counts.reviews;
}

double right_fit(const World& world, std::uint32_t household, std::uint32_t store,
                 double expertise, double t) {
    if (world.media.empty()) return expertise;
    const bool chat = world.uses(household, kShoppingChat);
    // A store on social media posts product videos: its buyers who watch them see what fits.
    const bool videos = world.uses(household, kWatchesVideos) && world.stores[store].social.on(t);
    if (!chat && !videos) return expertise;
    double wrong = 1.0 - expertise;
    if (chat) wrong *= 1.0 - world.sc.social.chat_fit;
    if (videos) wrong *= 1.0 - world.sc.social.video_fit;
    return 1.0 - wrong;
}

namespace {
bool posts_requests(const World& world, std::uint32_t household) {
    return world.sc.social.request_probability > 0.0 && world.uses(household, kOnPlatform);
}
}  // namespace

void post_request(World& world, std::uint32_t household, std::uint32_t store,
                  std::uint16_t category, random::Engine& social) {
    if (!posts_requests(world, household)) return;
    if (!random::bernoulli(social, world.sc.social.request_probability)) return;
    auto& st = world.stores[store];
    ++st.period.counts.requests;
    ++st.requested[category];
}

void request_elsewhere(World& world, const Visit& v, double t, random::Engine& social) {
    if (!posts_requests(world, v.household)) return;  // before the walk over its relations
    std::uint32_t best = kNone;
    double best_trust = 0.0;
    world.relations.for_each(v.household, [&](const Relation& r) {
        if (world.stores[r.store].range[v.category] >= 1.0 || !world.fronts[r.store].is_open(t))
            return;
        const double trust = trust_now(world, r, t);
        if (best == kNone || trust > best_trust) best = r.store, best_trust = trust;
    });
    if (best != kNone) post_request(world, v.household, best, v.category, social);
}

void learn_from_period(World& world, std::uint32_t store, double years, double t) {
    // A listening store sees the demand it failed (lost sales, and requests posted about
    // it) and, each period it sees any, closes a share 1 - exp(-listening x years) of its
    // availability gap, and of the part of each requested category's range it lacks.
    auto& st = world.stores[store];
    const double listening = st.social.listening(t);
    if (listening <= 0.0) return;
    if (st.period.counts.lost_sales == 0 && st.period.counts.requests == 0) return;
    const double share = -std::expm1(-listening * years);
    st.availability += (1.0 - st.availability) * share;
    if (st.period.counts.requests == 0) return;
    bool widened = false;
    for (std::size_t c = 0; c < st.range.size(); ++c) {
        if (st.requested[c] == 0 || st.range[c] >= 1.0) continue;
        st.range[c] += (1.0 - st.range[c]) * share;
        widened = true;
    }
    if (!widened) return;
    // Breadth in proportion to the range carried: the scenario's assortment for its categories.
    const auto& spec = world.sc.stores[store];
    const auto listed = std::max<std::ptrdiff_t>(
        1, std::count(spec.carries.begin(), spec.carries.end(), true));
    double range = 0.0;
    for (const double r : st.range) range += r;
    st.assortment = spec.assortment * range / static_cast<double>(listed);
    st.log_assortment = std::log(st.assortment);
}

}  // namespace journeysim::model
