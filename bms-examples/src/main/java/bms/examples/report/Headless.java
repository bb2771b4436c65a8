package bms.examples.report;

/** Makes AWT run without a display (servers, CI), unless the user chose otherwise. */
final class Headless {
  private Headless() {}

  static void ensure() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
