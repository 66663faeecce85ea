#pragma once
// e^x for the model's hot loops (the logit weights): libm's exp is a call with
// branches for special cases, and choice makes one per store. This one is straight-line
// arithmetic the compiler can inline and vectorise, as accurate as libm's to within an ulp or
// two, and the same on every run.
//
// Method (Cody and Waite 1980; Tang 1989): x = n ln2 + r with n = round(x / ln2) and
// |r| <= ln2 / 2, ln2 split in two so that n ln2 is exact; e^r by its Taylor series to r^12
// (truncation error below 3e-16 relative on that interval); 2^n written into the exponent
// bits.
#include <bit>
#include <cstdint>

namespace journeysim::model {

// Below this, e^x is subnormal: fast_exp returns 0 there (and for -inf). Logit weights and
// decay factors that small are 0 for every purpose of the model.
inline constexpr double kFastExpLowest = -708.3;

// e^x for x <= 709 (larger x is outside its domain), relative error below 1e-15 against
// std::exp; exactly 1 at 0, exactly 0 below kFastExpLowest; NaN stays NaN.
[[nodiscard]] inline double fast_exp(double x) {
    constexpr double kLog2e = 1.4426950408889634074;
    // ln 2 = kLn2Hi + kLn2Lo, kLn2Hi with its low 32 bits zero (fdlibm's split): n kLn2Hi is
    // exact for every n reached here.
    constexpr double kLn2Hi = 6.93147180369123816490e-01;
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    // Adding 1.5 2^52 rounds to the nearest integer, which then sits in the low mantissa bits.
    constexpr double kShift = 0x1.8p52;
    const double clamped = x < kFastExpLowest ? kFastExpLowest : x;
    const double shifted = clamped * kLog2e + kShift;
    const double n = shifted - kShift;
    const double r = (clamped - n * kLn2Hi) - n * kLn2Lo;
    // sum of r^k / k! for k = 0..12 by Estrin's scheme: pairs, then pairs of pairs, so the
    // longest chain of dependent operations is 5 multiply-adds long instead of Horner's 12
    // (what counts where values come one at a time and latency, not throughput, decides).
    const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    const double p01 = 1.0 + r;
    const double p23 = 0.5 + 1.66666666666666666667e-01 * r;
    const double p45 = 4.16666666666666666667e-02 + 8.33333333333333333333e-03 * r;
    const double p67 = 1.38888888888888888889e-03 + 1.98412698412698412698e-04 * r;
    const double p89 = 2.48015873015873015873e-05 + 2.75573192239858906526e-06 * r;
    const double p1011 = 2.75573192239858906526e-07 + 2.50521083854417187751e-08 * r;
    constexpr double p12 = 2.08767569878680989792e-09;
    const double q0 = p01 + p23 * r2, q1 = p45 + p67 * r2, q2 = p89 + p1011 * r2;
    const double p = (q0 + q1 * r4) + (q2 + p12 * r4) * r8;
    // The mantissa of `shifted` holds 2^51 + n; moving n + 1023 into the exponent field gives
    // 2^n (n + 1023 lies in 1..2046 on the domain).
    const std::uint64_t biased =
        std::bit_cast<std::uint64_t>(shifted) + (std::uint64_t{1023} - (std::uint64_t{1} << 51));
    const double scale = std::bit_cast<double>(biased << 52);
    return x < kFastExpLowest ? 0.0 : p * scale;
}

}  // namespace journeysim::model
