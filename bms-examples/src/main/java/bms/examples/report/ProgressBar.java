package bms.examples.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A text progress bar for long runs, on stderr so that stdout stays clean for results:
 * {@code train [=========>          ]  45%  450/1000  00:12<00:15  bound=-1.2345}.
 *
 * <p>The ETA assumes the remaining steps take as long as the finished ones on average:
 * eta = elapsed * (total - done) / done. On a terminal the bar redraws in place (carriage
 * return) at most ten times a second; when stderr goes to a file it prints a full line at every
 * tenth of the work, so logs stay short. A disabled bar ({@code --quiet}) prints nothing.
 */
public final class ProgressBar implements AutoCloseable {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 24;

  private final String label;
  private final long total;
  private final PrintStream out;
  private final boolean enabled;
  private final boolean interactive;
  private final LongSupplier clock;
  private final long startNanos;
  private long lastDrawNanos;
  private long lastDecile = -1;
  private long done;
  private String status = "";
  private boolean closed;
  private int lastLength;

  /** A bar on {@code out} (usually System.err), redrawn in place when a console is attached. */
  public ProgressBar(String label, long total, PrintStream out, boolean enabled) {
    this(label, total, out, enabled, System.console() != null, System::nanoTime);
  }

  /** For tests: explicit interactivity and clock (nanoseconds). */
  public ProgressBar(String label, long total, PrintStream out, boolean enabled, boolean interactive,
      LongSupplier clock) {
    if (total < 1) {
      throw new IllegalArgumentException("total must be positive, got " + total);
    }
    this.label = label;
    this.total = total;
    this.out = out;
    this.enabled = enabled;
    this.interactive = interactive;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
    this.lastDrawNanos = startNanos - REDRAW_NANOS; // the first update draws
  }

  /** Records that {@code done} of the total steps are finished. */
  public void update(long done) {
    update(done, status);
  }

  /** Records progress and a short status such as "bound=-1.2345". */
  public void update(long done, String status) {
    if (done < 0 || done > total) {
      throw new IllegalArgumentException("done must be in 0.." + total + ", got " + done);
    }
    this.done = done;
    this.status = status == null ? "" : status;
    if (!enabled || closed) {
      return;
    }
    long now = clock.getAsLong();
    if (interactive) {
      if (now - lastDrawNanos >= REDRAW_NANOS || done == total) {
        out.print("\r" + padded(render(label, done, total, now - startNanos, this.status)));
        out.flush();
        lastDrawNanos = now;
      }
    } else {
      long decile = done * 10 / total;
      if (decile > lastDecile) {
        out.println(render(label, done, total, now - startNanos, this.status));
        lastDecile = decile;
      }
    }
  }

  /** Draws the final state and ends the line. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!enabled) {
      return;
    }
    String line = render(label, done, total, clock.getAsLong() - startNanos, status);
    if (interactive) {
      out.println("\r" + padded(line));
    } else if (done * 10 / total > lastDecile || lastDecile < 0) {
      out.println(line);
    }
    out.flush();
  }

  /** Pads with spaces over what is left of a longer previous line. */
  private String padded(String line) {
    String s = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
    lastLength = line.length();
    return s;
  }

  /** One line of the bar (no line ending). */
  static String render(String label, long done, long total, long elapsedNanos, String status) {
    int filled = (int) (BAR_WIDTH * done / total);
    StringBuilder bar = new StringBuilder(BAR_WIDTH);
    for (int i = 0; i < BAR_WIDTH; i++) {
      bar.append(i < filled ? '=' : i == filled && done < total ? '>' : ' ');
    }
    double elapsed = elapsedNanos / 1e9;
    String eta = done == 0 ? "--:--" : duration(elapsed * (total - done) / done);
    return String.format(Locale.ROOT, "%s [%s] %3d%%  %d/%d  %s<%s%s", label, bar,
        100 * done / total, done, total, duration(elapsed), eta,
        status.isEmpty() ? "" : "  " + status);
  }

  /** mm:ss below an hour, else h:mm:ss. */
  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    return s < 3600
        ? String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
