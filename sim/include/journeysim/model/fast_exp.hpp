#pragma once
// e^x for the model's hot loops (logit weights, trust decay): libm's exp is a call with
// branches for special cases, and choice makes one per store. This one is straight-line
// arithmetic the compiler can inline and vectorise, as accurate as libm's to within an ulp or
// two, and the same on every run.
//
// Method (Cody and Waite 1980; Tang 1989): x = n ln2 + r with n = round(x / ln2) and
// |r| <= ln2 / 2, ln2 split in two so that n ln2 is exact; e^r by its Taylor series to r^12
// (truncation error below 2e-16 relative on that interval); 2^n written into the exponent
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
    // 1/k! for k = 12 down to 2, by Horner.
    double p = 2.08767569878680989792e-09;
    p = p * r + 2.50521083854417187751e-08;
    p = p * r + 2.75573192239858906526e-07;
    p = p * r + 2.75573192239858906526e-06;
    p = p * r + 2.48015873015873015873e-05;
    p = p * r + 1.98412698412698412698e-04;
    p = p * r + 1.38888888888888888889e-03;
    p = p * r + 8.33333333333333333333e-03;
    p = p * r + 4.16666666666666666667e-02;
    p = p * r + 1.66666666666666666667e-01;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // The mantissa of `shifted` holds 2^51 + n; moving n + 1023 into the exponent field gives
    // 2^n (n + 1023 lies in 1..2046 on the domain).
    const std::uint64_t biased =
        std::bit_cast<std::uint64_t>(shifted) + (std::uint64_t{1023} - (std::uint64_t{1} << 51));
    const double scale = std::bit_cast<double>(biased << 52);
    return x < kFastExpLowest ? 0.0 : p * scale;
}

}  // namespace journeysim::model
