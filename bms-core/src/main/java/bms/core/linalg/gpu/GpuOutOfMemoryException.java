package bms.core.linalg.gpu;

/** The GPU had no room for an operation's operands, even after the backend freed its caches. */
public final class GpuOutOfMemoryException extends CudaException {
  public GpuOutOfMemoryException(String call, int status, String message) {
    super(call, status, message);
  }
}
