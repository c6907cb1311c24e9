#if canImport(Glibc)
import CMalloc
#endif

/// Allocator settings for a long-running gateway process.
enum MemoryTuning {
    /// glibc hands freed memory back to the kernel as soon as 128 KiB sit free at the top of
    /// a thread's heap; under delivery load that meant an `madvise` and a TLB shootdown on
    /// every core many times a second (seen in `perf`; `bench/dispatch.sh` measured about a
    /// fifth less CPU per delivery without it). Keep up to 256 MiB before trimming, and
    /// serve allocations up to 4 MiB from the heap rather than fresh mappings.
    static func apply() {
        #if canImport(Glibc)
        _ = tongban_trim_threshold(256 << 20)
        _ = tongban_mmap_threshold(4 << 20)
        #endif
    }
}
