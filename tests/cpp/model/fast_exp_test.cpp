// fast_exp against std::exp over the range the model uses: logit weights (u - max u <= 0),
// trust decay factors (<= 0) and the active-customer sums' factors (small positive).
#include "journeysim/model/fast_exp.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "journeysim/random/draws.hpp"
#include "journeysim/random/streams.hpp"

namespace {

using journeysim::model::fast_exp;
using journeysim::model::kFastExpLowest;
namespace rnd = journeysim::random;

double relative_error(double x) {
    const double exact = std::exp(x);
    return std::abs(fast_exp(x) - exact) / exact;
}

TEST(FastExp, WithinAnUlpOrTwoOfStdExpOverItsDomain) {
    // A dense grid from the underflow bound to the overflow end, plus random points where
    // the logit's weights live ([-40, 0]), where any systematic error would shift shares.
    double worst = 0.0;
    for (double x = kFastExpLowest; x <= 709.0; x += 0.0137)
        worst = std::max(worst, relative_error(x));
    auto engine = rnd::make_engine(7);
    for (int i = 0; i < 1'000'000; ++i)
        worst = std::max(worst, relative_error(-40.0 * rnd::uniform01(engine)));
    EXPECT_LT(worst, 1e-15);  // ~4.5 ulp: the Taylor truncation is < 2e-16, rounding the rest
}

TEST(FastExp, NearTheReductionBoundaries) {
    // |r| is largest at x = (k + 1/2) ln 2, where the rounding of x / ln2 flips.
    const double ln2 = std::log(2.0);
    for (int k = -1000; k <= 1000; ++k) {
        const double x = (k + 0.5) * ln2;
        for (double nudge : {-1e-12, 0.0, 1e-12})
            EXPECT_LT(relative_error(x + nudge), 1e-15) << "x = " << x + nudge;
    }
}

TEST(FastExp, ExactWhereTheLogitNeedsItExact) {
    // The best store's weight is e^0: exactly 1. Stores not considered have utility -inf:
    // weight exactly 0, or choose_logit could pick one.
    EXPECT_EQ(fast_exp(0.0), 1.0);
    EXPECT_EQ(fast_exp(-std::numeric_limits<double>::infinity()), 0.0);
    EXPECT_EQ(fast_exp(-709.0), 0.0);
    EXPECT_EQ(fast_exp(-1e300), 0.0);
    EXPECT_GT(fast_exp(kFastExpLowest), 0.0);
    EXPECT_TRUE(std::isnan(fast_exp(std::nan(""))));
}

TEST(FastExp, MonotoneAcrossAdjacentDoubles) {
    // Logit shares are ratios of weights: a kink in the approximation would show as a jump.
    double x = -5.0, previous = fast_exp(x);
    for (int i = 0; i < 200'000; ++i) {
        x = std::nextafter(x, 1.0);
        const double value = fast_exp(x);
        ASSERT_GE(value, previous) << "x = " << x;
        previous = value;
    }
}

}  // namespace
