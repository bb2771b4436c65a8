package bms.spark.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** The JVM's peak heap use since the last {@link #reset}, summed over the heap pools (MiB). */
final class HeapPeak {
  private HeapPeak() {}

  static void reset() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }
  }

  static double mebibytes() {
    long bytes = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) bytes += p.getPeakUsage().getUsed();
    }
    return bytes / 1048576.0;
  }
}
