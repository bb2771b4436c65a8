package bms.core.linalg.gpu;

/** A block of device memory holding {@link #capacity()} doubles, owned by a {@link GpuDevice}. */
interface DeviceBuffer {
  long capacity();
}
