package bms.core.param;

import java.util.Locale;

/** Compact number formatting shared by prior descriptions and summaries. */
final class Numbers {
  private Numbers() {}

  /** Integers without a fraction, other values to 6 significant digits, no trailing zeros. */
  static String format(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    String s = String.format(Locale.ROOT, "%.6g", x);
    // Strip trailing zeros of the mantissa: 0.500000 -> 0.5, 1.50000e-07 -> 1.5e-07.
    int e = s.indexOf('e');
    String mantissa = e < 0 ? s : s.substring(0, e);
    String exponent = e < 0 ? "" : s.substring(e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "");
      if (mantissa.endsWith(".")) mantissa = mantissa.substring(0, mantissa.length() - 1);
    }
    return mantissa + exponent;
  }

  static void requirePositive(String prior, String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(prior + " prior needs a finite " + name + " > 0, got " + v);
    }
  }

  static void requireFinite(String prior, String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(prior + " prior needs a finite " + name + ", got " + v);
    }
  }

  /** Whether every entry is strictly positive (the support of the LogNormal and Gamma priors). */
  static boolean allPositive(double[] d) {
    for (double v : d) {
      if (!(v > 0)) return false;
    }
    return true;
  }
}
