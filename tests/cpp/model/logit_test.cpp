// Multinomial logit sampling and log-sum-exp against direct computations.
#include "journeysim/model/logit.hpp"

#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "journeysim/random/draws.hpp"
#include "journeysim/random/streams.hpp"

namespace {

using journeysim::model::choose_logit;
using journeysim::model::kNotConsidered;
using journeysim::model::log_sum_exp;
namespace rnd = journeysim::random;

constexpr double kInf = std::numeric_limits<double>::infinity();

// P(i) = 1 / sum_k exp(u_k - u_i): the softmax computed pairwise, in long double, without
// the largest-utility shift the code under test uses.
std::vector<double> softmax(const std::vector<double>& u) {
    std::vector<double> p(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) {
        if (u[i] == -kInf) continue;
        long double denominator = 0;
        for (double uk : u)
            if (uk != -kInf) denominator += std::exp(static_cast<long double>(uk) - u[i]);
        p[i] = static_cast<double>(1.0L / denominator);
    }
    return p;
}

class ChooseLogitFrequencies : public ::testing::TestWithParam<std::vector<double>> {};

TEST_P(ChooseLogitFrequencies, MatchSoftmax) {
    const std::vector<double>& u = GetParam();
    const std::vector<double> p = softmax(u);
    constexpr std::size_t n = 200'000;
    std::vector<double> weights(u.size());
    std::vector<std::size_t> count(u.size(), 0);
    rnd::Engine e = rnd::make_engine(rnd::stream_seed(1, 0, "choice"));
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = choose_logit(u, weights, rnd::uniform01(e));
        ASSERT_LT(i, u.size());
        ++count[i];
    }
    double chi2 = 0.0;
    int df = -1;
    for (std::size_t i = 0; i < u.size(); ++i) {
        if (u[i] == -kInf) {
            EXPECT_EQ(count[i], 0u) << "option " << i << " is not considered but was chosen";
            continue;
        }
        const double expected = p[i] * n;
        const double sigma = std::sqrt(n * p[i] * (1 - p[i]));
        EXPECT_NEAR(static_cast<double>(count[i]), expected, 4 * sigma + 1e-9)
            << "option " << i << " (utility " << u[i] << ")";
        if (expected > 5) {
            chi2 += (count[i] - expected) * (count[i] - expected) / expected;
            ++df;
        }
    }
    if (df > 0) {
        const double critical =
            boost::math::quantile(boost::math::complement(boost::math::chi_squared(df), 1e-4));
        EXPECT_LT(chi2, critical);
    }
}

INSTANTIATE_TEST_SUITE_P(
    UtilityVectors, ChooseLogitFrequencies,
    ::testing::Values(std::vector<double>{0.0, 0.0, 0.0}, std::vector<double>{1.0, -0.5, 2.0, 0.3},
                      std::vector<double>{1000.0, 1001.0},            // exp() would overflow
                      std::vector<double>{-1000.0, -1001.0, -999.5},  // exp() would underflow
                      std::vector<double>{-kInf, 0.5, -kInf, 0.0},    // not considered
                      std::vector<double>{0.2, -kInf, -kInf},
                      std::vector<double>{3.0, 0.0, -2.0, -kInf, 1.0, 1.0}));

TEST(ChooseLogit, NothingConsideredReturnsSize) {
    std::vector<double> weights(3);
    const std::vector<double> none = {kNotConsidered, kNotConsidered, kNotConsidered};
    for (double u01 : {0.0, 0.5, 0.999999})
        EXPECT_EQ(choose_logit(none, weights, u01), none.size());
    const std::vector<double> empty;
    std::vector<double> no_weights;
    EXPECT_EQ(choose_logit(empty, no_weights, 0.3), 0u);
}

TEST(ChooseLogit, ExtremeUniformsPickConsideredOptionsOnly) {
    const std::vector<double> u = {-kInf, 0.0, 1.0, -kInf};
    std::vector<double> weights(u.size());
    EXPECT_EQ(choose_logit(u, weights, 0.0), 1u);  // the first considered option
    const double just_below_one = std::nextafter(1.0, 0.0);
    EXPECT_EQ(choose_logit(u, weights, just_below_one), 2u);  // the last considered option
    const std::vector<double> huge = {1000.0, 1001.0, -kInf};
    std::vector<double> w2(huge.size());
    EXPECT_EQ(choose_logit(huge, w2, just_below_one), 1u);
}

TEST(ChooseLogit, IsMonotoneInTheUniform) {
    // Inverse-CDF sampling: a larger uniform never picks an earlier option.
    const std::vector<double> u = {0.4, -1.0, 2.0, 0.0, 0.7};
    std::vector<double> weights(u.size());
    std::size_t previous = 0;
    for (int k = 0; k < 1000; ++k) {
        const std::size_t i = choose_logit(u, weights, k / 1000.0);
        EXPECT_GE(i, previous);
        previous = i;
    }
}

TEST(LogSumExp, MatchesDirectComputation) {
    for (const std::vector<double>& u :
         {std::vector<double>{0.0}, std::vector<double>{0.0, 0.0},
          std::vector<double>{1.0, -0.5, 2.0, 0.3}, std::vector<double>{-3.0, 5.5, 5.5, 0.1},
          std::vector<double>{10.0, -20.0}}) {
        long double sum = 0;
        for (double x : u) sum += std::exp(static_cast<long double>(x));
        EXPECT_NEAR(log_sum_exp(u), static_cast<double>(std::log(sum)), 1e-12);
    }
}

TEST(LogSumExp, HugeAndInfiniteUtilities) {
    // Direct computation would overflow; the closed form is max + log(1 + exp(-gap)).
    EXPECT_NEAR(log_sum_exp(std::vector<double>{1000.0, 1001.0}),
                1001.0 + std::log1p(std::exp(-1.0)), 1e-12);
    EXPECT_NEAR(log_sum_exp(std::vector<double>{-1000.0, -1000.0}), -1000.0 + std::log(2.0), 1e-12);
    // Options not considered contribute nothing.
    EXPECT_NEAR(log_sum_exp(std::vector<double>{-kInf, 1.0, 2.0}),
                log_sum_exp(std::vector<double>{1.0, 2.0}), 1e-15);
    EXPECT_EQ(log_sum_exp(std::vector<double>{-kInf, -kInf}), -kInf);
    EXPECT_TRUE(std::isfinite(log_sum_exp(std::vector<double>{700.0, 710.0, 720.0})));
}

}  // namespace
