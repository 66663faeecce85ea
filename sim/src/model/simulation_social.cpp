#include <algorithm>
#include <cmath>

#include "journeysim/model/simulation.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/random/draws.hpp"

// The social fabric in a run: the graph, word of mouth, platforms and their adoption, reviews,
// awareness, and stores on social media (docs/model.md, "Social fabric").

namespace journeysim::model {

void Simulation::start_social(const SocialGraph* given, std::uint64_t seed,
                              std::int32_t replication) {
    const auto& social = sc_.social;
    const bool wom =
        social.graph.kind != config::GraphKind::none && social.word_of_mouth.p_tell > 0.0;
    awareness_salt_ =
        random::stream_seed(seed, static_cast<std::uint64_t>(replication), "awareness");
    if (!wom && social.platforms.empty()) return;  // no graph needed: none is built
    if (given && sc_.population.living)
        own_graph_ = *given;  // new households link into it: this run's own copy
    else if (given)
        graph_ = given;
    else
        own_graph_ = build_social_graph(social.graph,
                                        Placement{households_.x, households_.y, households_.town},
                                        {}, social_rng_);
    const std::size_t n = households_.size();
    if (!social.platforms.empty()) media_.assign(n, 0);
    if (wom) {
        word_of_mouth_.emplace(*graph_, social.word_of_mouth,
                               static_cast<std::uint32_t>(sc_.stores.size()), social_rng_);
        word_of_mouth_->set_social_media_users(media_);
    }
    std::vector<std::uint8_t> band(n);
    for (std::uint32_t i = 0; i < social.platforms.size(); ++i) {
        const auto& p = social.platforms[i];
        platforms_.emplace_back(*graph_, p.innovation / config::kDaysPerYear,
                                p.imitation / config::kDaysPerYear, kPlatform + i, platforms_rng_);
        if (p.launch_day >= horizon_) continue;
        // Ages at the launch decide who is in the platform's audience.
        const double launch = std::max(0.0, p.launch_day);
        for (std::uint32_t h = 0; h < n; ++h) band[h] = households_.age_band(h, launch);
        // Launched before the start: as many have adopted as Bass's F gives for its age.
        const double adopted =
            p.launch_day < 0.0 && p.innovation > 0.0
                ? bass_fraction(p.innovation, p.imitation, -p.launch_day / config::kDaysPerYear)
                : 0.0;
        auto& platform = platforms_.back();
        platform.launch(clock_, launch, draw_audience(band, p.audience, platforms_rng_), adopted);
        if (adopted > 0.0)
            for (std::uint32_t h = 0; h < n; ++h)
                if (platform.adopted(h)) use_platform(h, i);
    }
}

void Simulation::use_platform(std::uint32_t h, std::uint32_t i) {
    const auto& p = sc_.social.platforms[i];
    media_[h] |= kOnPlatform;
    if (p.has(config::Carries::reviews)) media_[h] |= kReadsReviews;
    if (p.has(config::Carries::real_person)) media_[h] |= kRealPerson;
    if (p.has(config::Carries::shopping_chat)) media_[h] |= kShoppingChat;
    if (p.has(config::Carries::salesperson_profiles)) media_[h] |= kFollowsProfiles;
    if (p.has(config::Carries::product_videos)) media_[h] |= kWatchesVideos;
}

void Simulation::on_platform(const kernel::Event& e) {
    const std::uint32_t i = e.kind - kPlatform;
    const std::uint32_t h = platforms_[i].handle(e, clock_);
    if (h != BassAdoption::kNobody) use_platform(h, i);
}

bool Simulation::knows(std::uint32_t household, std::uint32_t store, const Hearsay& heard) const {
    const double share = sc_.stores[store].awareness;
    if (share >= 1.0) return true;
    // One fixed draw per (household, store) says whether it knew the store from the start:
    // no state, and the same answer every time it is asked.
    const std::uint64_t key = awareness_salt_ ^ (std::uint64_t{household} << 16 | store);
    if (static_cast<double>(random::mix(key) >> 11) * 0x1.0p-53 < share) return true;
    if (heard.aware) return true;
    return relations_.find(household, static_cast<std::uint16_t>(store)) != nullptr;
}

double Simulation::social_utility(std::uint32_t household, std::uint32_t store,
                                  const Hearsay& heard) const {
    double u = sc_.choice.wom * heard.opinion;
    const auto& st = stores_[store];
    if (!media_.empty() && (media_[household] & kReadsReviews) && st.ratings > 0)
        u += sc_.choice.review * (st.rating_stars / static_cast<double>(st.ratings) -
                                  rating_stars_ / static_cast<double>(ratings_));
    return u;
}

void Simulation::post_review(std::uint32_t household, std::uint32_t store, double quality) {
    if (media_.empty() || !(media_[household] & kReadsReviews)) return;
    if (!random::bernoulli(social_rng_, sc_.social.review_probability)) return;
    // Quality in [-1, 1] as one to five stars.
    const double stars = 3.0 + 2.0 * std::clamp(quality, -1.0, 1.0);
    auto& st = stores_[store];
    st.rating_stars += stars, ++st.ratings;
    rating_stars_ += stars, ++ratings_;
    ++st.period.counts.reviews;
}

double Simulation::right_fit(std::uint32_t household, std::uint32_t store,
                             double expertise) const {
    if (media_.empty()) return expertise;
    const bool chat = media_[household] & kShoppingChat;
    // A store on social media posts product videos: its buyers who watch them see what fits.
    const bool videos =
        (media_[household] & kWatchesVideos) && stores_[store].social.on(clock_.now());
    if (!chat && !videos) return expertise;
    double wrong = 1.0 - expertise;
    if (chat) wrong *= 1.0 - sc_.social.chat_fit;
    if (videos) wrong *= 1.0 - sc_.social.video_fit;
    return 1.0 - wrong;
}

double Simulation::trust_clock(std::uint32_t store, double t) const {
    return stores_[store].social.clock(t);
}

double Simulation::trust_now(const Relation& r, double t) const {
    return decayed_trust(r.trust, trust_clock(r.store, t) - trust_clock(r.store, r.trust_time),
                         decay_per_day_);
}

bool Simulation::has_relationship(std::uint32_t household, std::uint32_t store, double t) const {
    if (sc_.stores[store].type != config::StoreType::online) return true;
    return stores_[store].social.on(t) && !media_.empty() && (media_[household] & kRealPerson);
}

bool Simulation::posts_requests(std::uint32_t household) const {
    return sc_.social.request_probability > 0.0 && !media_.empty() &&
           (media_[household] & kOnPlatform);
}

void Simulation::post_request(std::uint32_t household, std::uint32_t store,
                              std::uint16_t category) {
    if (!posts_requests(household)) return;
    if (!random::bernoulli(social_rng_, sc_.social.request_probability)) return;
    auto& st = stores_[store];
    ++st.period.counts.requests;
    ++st.requested[category];
}

void Simulation::request_elsewhere(const Visit& v) {
    if (!posts_requests(v.household)) return;  // before the walk over its relations
    const double t = clock_.now();
    std::uint32_t best = kNone;
    double best_trust = 0.0;
    relations_.for_each(v.household, [&](const Relation& r) {
        if (stores_[r.store].range[v.category] >= 1.0 || !is_open(r.store, t)) return;
        const double trust = trust_now(r, t);
        if (best == kNone || trust > best_trust) best = r.store, best_trust = trust;
    });
    if (best != kNone) post_request(v.household, best, v.category);
}

void Simulation::learn_from_period(std::uint32_t store, double years) {
    // A listening store sees the demand it failed (lost sales, and requests posted about
    // it) and, each period it sees any, closes a share 1 - exp(-listening x years) of its
    // availability gap, and of the part of each requested category's range it lacks.
    auto& st = stores_[store];
    const double listening = st.social.listening(clock_.now());
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
    const auto& spec = sc_.stores[store];
    const auto listed = std::max<std::ptrdiff_t>(
        1, std::count(spec.carries.begin(), spec.carries.end(), true));
    double range = 0.0;
    for (const double r : st.range) range += r;
    st.assortment = spec.assortment * range / static_cast<double>(listed);
    st.log_assortment = std::log(st.assortment);
}

}  // namespace journeysim::model
