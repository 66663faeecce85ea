#include "journeysim/model/population.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "journeysim/random/draws.hpp"

namespace journeysim::model {

namespace {
constexpr double kAdultDays = config::kAdultAge * config::kDaysPerYear;
constexpr std::uint8_t kMostChildren = 20;  // as many as a household is given at creation

// A child's birth day for household h at day t: under 18 and at least 18 years younger than
// the adult, uniformly.
double draw_child_born(const Households& hh, std::uint32_t h, double t, random::Engine& engine) {
    const double room = std::min(config::kAdultAge, hh.adult_age(h, t) - config::kAdultAge);
    const double age = std::max(0.0, room) * random::uniform01(engine);
    return t - age * config::kDaysPerYear;
}
}  // namespace

Population::Population(const config::Scenario& sc, Households& households, random::Engine& engine)
    : sc_(sc), p_(sc.population), hh_(households), engine_(&engine) {
    const auto n = static_cast<std::uint32_t>(hh_.size());
    alive_.reserve(n);
    for (std::uint32_t h = 0; h < n; ++h) track(h);
    // Children in household order: a need drawn through a child picks the same household as
    // before children had ages.
    for (std::uint32_t h = 0; h < n; ++h)
        for (int k = 0; k < hh_[h].children; ++k)
            add_child(h, draw_child_born(hh_, h, 0.0, engine));
}

void Population::track(std::uint32_t h) {
    first_child_.resize(hh_.size(), kNoChild);
    alive_.add(h);
}

std::uint32_t Population::add_child(std::uint32_t home, double born) {
    const auto child = static_cast<std::uint32_t>(child_home_.size());
    child_home_.push_back(home);
    child_born_.push_back(born);
    minors_.add(child);
    next_sibling_.push_back(first_child_[home]);
    first_child_[home] = child;
    // Only a living population ever gets to a child's 18th birthday.
    if (p_.living) coming_of_age_.emplace(born + kAdultDays, child);
    return child;
}

void Population::remove_minor(std::uint32_t child) {
    minors_.remove(child);
    // Unlinked from its household's children at home (a handful: a short walk).
    std::uint32_t* link = &first_child_[child_home_[child]];
    while (*link != child) link = &next_sibling_[*link];
    *link = next_sibling_[child];
}

void Population::start(kernel::Scheduler& clock, std::uint32_t event_kind) {
    kind_ = event_kind;
    if (!p_.living) return;
    schedule_stream(clock);
    schedule_coming_of_age(clock);
}

void Population::schedule_stream(kernel::Scheduler& clock) {
    const std::uint32_t stamp = stamps_.cancel_all(kStream);
    const double per_year = (p_.move_out_per_year + p_.births_per_year) * households() +
                            p_.move_in_per_year * static_cast<double>(sc_.households.count);
    rate_per_day_ = per_year / config::kDaysPerYear;
    if (rate_per_day_ > 0.0)
        clock.schedule(clock.now() + random::exponential(*engine_, rate_per_day_), kind_, kStream,
                       stamp);
}

void Population::schedule_coming_of_age(kernel::Scheduler& clock) {
    if (coming_of_age_.empty() || coming_of_age_.top().first >= scheduled_due_) return;
    scheduled_due_ = coming_of_age_.top().first;
    clock.schedule(std::max(scheduled_due_, clock.now()), kind_, kComingOfAge,
                   stamps_.cancel_all(kComingOfAge));
}

PopulationChange Population::handle(const kernel::Event& e, kernel::Scheduler& clock) {
    if (!stamps_.is_current(e)) return {};  // drawn for a population that has changed since
    const std::uint32_t before = households();
    PopulationChange change;
    if (e.target == kStream) {
        change = on_stream(e.time);
        schedule_stream(clock);
    } else {
        scheduled_due_ = std::numeric_limits<double>::infinity();
        change = on_coming_of_age(e.time);
        if (households() != before) schedule_stream(clock);
    }
    schedule_coming_of_age(clock);  // a birth or a family moving in may bring an earlier one
    return change;
}

PopulationChange Population::on_stream(double t) {
    const double n = households();
    const double out = p_.move_out_per_year * n;
    const double births = p_.births_per_year * n;
    const double pick =
        random::uniform01(*engine_) *
        (out + births + p_.move_in_per_year * static_cast<double>(sc_.households.count));
    if (pick < out) {
        const std::uint32_t h = alive_.at(random::uniform_index(*engine_, alive_.size()));
        move_out(h);
        return {PopulationChange::kMovedOut, h};
    }
    if (pick < out + births) {
        const std::uint32_t h = alive_.at(random::uniform_index(*engine_, alive_.size()));
        if (hh_.adult_age(h, t) >= p_.birth_age_max || hh_[h].children >= kMostChildren) return {};
        add_child(h, t);
        ++hh_[h].children;
        ++counts_.born;
        return {PopulationChange::kBorn, h};
    }
    return {PopulationChange::kMovedIn, move_in(t)};
}

void Population::move_out(std::uint32_t h) {
    alive_.remove(h);
    // The children go with it; their 18th birthdays, still in the heap, will find them gone.
    while (first_child_[h] != kNoChild) remove_minor(first_child_[h]);
    hh_[h].children = 0;
    ++counts_.moved_out;
}

std::uint32_t Population::move_in(double t) {
    const Home home = draw_home(sc_, *engine_);
    const std::uint32_t h =
        add_household(hh_, sc_, home, draw_adult_born(sc_, t, *engine_), *engine_);
    track(h);
    if (sc_.households.children_mean > 0.0) {
        const auto kids = std::min<std::int64_t>(
            random::poisson(*engine_, sc_.households.children_mean), kMostChildren);
        for (std::int64_t k = 0; k < kids; ++k) add_child(h, draw_child_born(hh_, h, t, *engine_));
        hh_[h].children = static_cast<std::uint8_t>(kids);
    }
    ++counts_.moved_in;
    return h;
}

PopulationChange Population::on_coming_of_age(double t) {
    const std::uint32_t child = coming_of_age_.top().second;
    coming_of_age_.pop();
    if (!minors_.contains(child)) return {};  // moved away with its family
    const std::uint32_t home = child_home_[child];
    remove_minor(child);
    --hh_[home].children;
    ++counts_.came_of_age;
    if (p_.leave_home_probability <= 0.0 ||
        !random::bernoulli(*engine_, p_.leave_home_probability))
        return {PopulationChange::kCameOfAge, home};
    ++counts_.founded;
    return {PopulationChange::kFounded, found(home, t), home};
}

std::uint32_t Population::found(std::uint32_t parent, double t) {
    // Uniformly on the disc of radius found_within_km around the parent, in the parent's town.
    const double r = p_.found_within_km * std::sqrt(random::uniform01(*engine_));
    const double angle = 2.0 * std::numbers::pi * random::uniform01(*engine_);
    const Home home{hh_.town[parent], static_cast<float>(hh_[parent].x + r * std::cos(angle)),
                    static_cast<float>(hh_[parent].y + r * std::sin(angle))};
    const std::uint32_t h = add_household(hh_, sc_, home, t - kAdultDays, *engine_);
    track(h);
    return h;
}

std::vector<std::uint32_t> Population::first_friends(const PopulationChange& change,
                                                     const SocialGraph& graph) {
    std::vector<std::uint32_t> friends;
    const std::uint32_t h = change.household;
    if (change.kind == PopulationChange::kFounded) {
        friends.push_back(change.parent);
        std::vector<std::uint32_t> theirs;
        graph.for_each_neighbour(change.parent, [&](std::uint32_t n) {
            if (n != h && present(n)) theirs.push_back(n);
        });
        // A partial Fisher-Yates shuffle: the first k are a uniform sample without replacement.
        const auto k =
            std::min<std::size_t>(theirs.size(), static_cast<std::size_t>(p_.founder_friends));
        for (std::size_t i = 0; i < k; ++i) {
            std::swap(theirs[i], theirs[i + random::uniform_index(*engine_, theirs.size() - i)]);
            friends.push_back(theirs[i]);
        }
    } else if (change.kind == PopulationChange::kMovedIn) {
        constexpr int kTries = 32;
        for (int k = 0; k < p_.newcomer_friends; ++k) {
            for (int attempt = 0; attempt < kTries; ++attempt) {
                const std::uint32_t n = alive_.at(random::uniform_index(*engine_, alive_.size()));
                if (n == h || hh_.town[n] != hh_.town[h]) continue;
                if (std::find(friends.begin(), friends.end(), n) == friends.end())
                    friends.push_back(n);
                break;
            }
        }
    }
    return friends;
}

}  // namespace journeysim::model
