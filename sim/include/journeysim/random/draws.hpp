#pragma once
// The few draws the model makes, all through Boost.Random's distributions: their algorithms
// are fixed by Boost, unlike std's, so a seed gives the same numbers on every platform. Each
// takes any engine: a run's named streams (Engine) or a need's own draws (VisitDraws).
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstdint>

#include "journeysim/random/streams.hpp"

namespace journeysim::random {

template <class E>
[[nodiscard]] double uniform01(E& e) { return boost::random::uniform_01<double>{}(e); }

template <class E>
[[nodiscard]] double exponential(E& e, double rate) {
    return boost::random::exponential_distribution<double>{rate}(e);
}

[[nodiscard]] inline std::uint64_t uniform_index(Engine& e, std::uint64_t n) {
    return boost::random::uniform_int_distribution<std::uint64_t>{0, n - 1}(e);
}

[[nodiscard]] inline std::int64_t poisson(Engine& e, double mean) {
    return boost::random::poisson_distribution<std::int64_t, double>{mean}(e);
}

template <class E>
[[nodiscard]] bool bernoulli(E& e, double p) { return uniform01(e) < p; }

// A lognormal parameterised by its mean and standard deviation (not by mu, sigma of the
// underlying normal), which is how scenario authors think; sd = 0 gives the mean exactly. Made
// once for draws repeated with the same parameters: mu and sigma cost a log1p, a log and a sqrt.
class LognormalMeanSd {
public:
    LognormalMeanSd(double mean, double sd) : mean_(mean), fixed_(sd <= 0.0) {
        if (fixed_) return;
        const double s2 = std::log1p((sd * sd) / (mean * mean));
        mu_ = std::log(mean) - 0.5 * s2;
        sigma_ = std::sqrt(s2);
    }
    template <class E>
    [[nodiscard]] double operator()(E& e) const {
        return fixed_ ? mean_ : boost::random::lognormal_distribution<double>{mu_, sigma_}(e);
    }

private:
    double mean_, mu_ = 0.0, sigma_ = 0.0;
    bool fixed_;
};

[[nodiscard]] inline double lognormal_mean_sd(Engine& e, double mean, double sd) {
    return LognormalMeanSd(mean, sd)(e);
}

}  // namespace journeysim::random
