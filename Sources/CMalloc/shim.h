#ifndef TONGBAN_CMALLOC_SHIM_H
#define TONGBAN_CMALLOC_SHIM_H
#if defined(__linux__)
#include <malloc.h>
// Wrappers: Swift's Glibc module owns <malloc.h> and does not re-export mallopt.
static inline int tongban_trim_threshold(int bytes) { return mallopt(M_TRIM_THRESHOLD, bytes); }
static inline int tongban_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
#endif
#endif
